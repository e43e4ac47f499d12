//! The index reader on arbitrary input, for the fuzz target and the
//! property tests: whatever the index file holds, reading it never panics,
//! never takes long, and what it accepts is consistent. Checksums stop
//! random bytes at the first line, so input lines are also given correct
//! checksums, which lets the JSON of every line be exercised.

use super::journal::{self, Header, INDEX_FORMAT};

/// What reading one input gave, for tests to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reading {
    /// The input as a whole file: whether it was accepted.
    pub raw_accepted: bool,
    /// Entries kept when each input line was given a correct checksum;
    /// `None` when the index was refused.
    pub checksummed_entries: Option<usize>,
}

/// Reads `input` as an index file, and again with each of its lines behind
/// a valid header and checksum. Panics if an accepted index breaks the
/// reader's promises (every kept entry has a row and is keyed by its file).
pub fn read_index_input(input: &[u8]) -> Reading {
    let header = Header {
        format: INDEX_FORMAT,
        migdesk: "fuzz".to_string(),
        catalog: "0000000000000000".to_string(),
    };
    let raw_accepted = journal::read_bytes(input.to_vec(), &header).is_some();
    let mut file = Vec::new();
    if journal::push_line(&mut file, &header).is_err() {
        return Reading::default();
    }
    for line in input.split(|byte| *byte == b'\n') {
        file.extend_from_slice(format!("{:016x} ", journal::checksum(line)).as_bytes());
        file.extend_from_slice(line);
        file.push(b'\n');
    }
    let checksummed = journal::read_bytes(file, &header);
    if let Some(contents) = &checksummed {
        for (name, entry) in &contents.entries {
            assert_eq!(name, &entry.file, "an entry is keyed by its file");
            assert!(entry.row.is_some(), "entries without a row are dropped");
        }
    }
    Reading {
        raw_accepted,
        checksummed_entries: checksummed.map(|contents| contents.entries.len()),
    }
}

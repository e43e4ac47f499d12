//! What a loaded case remembers about the bytes it came from, so a save can
//! tell whether someone else changed the file in the meantime.

use std::path::PathBuf;

use crate::model::case::Case;

/// Identifies the exact bytes of a case file. Not cryptographic: it guards
/// against lost updates between cooperating writers, not against forgery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    /// The case's `revision`, kept for messages.
    pub revision: u64,
    pub len: u64,
    /// 64-bit FNV-1a of the bytes; stable across processes and builds.
    pub hash: u64,
}

impl Fingerprint {
    pub fn of(revision: u64, bytes: &[u8]) -> Fingerprint {
        Fingerprint {
            revision,
            len: bytes.len() as u64,
            hash: fnv1a(bytes),
        }
    }

    /// Whether `bytes` are the bytes this fingerprint was taken of.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        self.len == bytes.len() as u64 && self.hash == fnv1a(bytes)
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(PRIME)
    })
}

/// A case as read from disk.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedCase {
    pub case: Case,
    pub path: PathBuf,
    /// Pass this to [`super::Store::save`] to save a change to this case.
    pub fingerprint: Fingerprint,
    /// Why the case may only be shown, when it may not be changed (written by a newer migdesk).
    pub read_only: Option<String>,
}

//! The queue index on disk, `<data dir>/cache/queue-index.jsonl`: a header
//! line, then one line per case file, each line prefixed by a checksum of
//! itself. Later lines for a file replace earlier ones, so one changed case
//! is recorded by appending one line, whatever the size of the queue; the
//! file is rewritten whole only when it is missing, unusable, or mostly
//! made of replaced lines. Any line that fails its checksum or does not
//! parse makes the whole file untrusted.

use std::collections::HashMap;
use std::fs::{self, File};
use std::hash::{BuildHasher as _, Hasher as _, RandomState};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use rustix::fs::{Mode, OFlags};

use serde::{Deserialize, Serialize};

use super::{FileKey, QueueRow};
use crate::parallel::parallel_map;
use crate::store::open_lock_file;
use crate::store::safe_open::{
    Links, check_regular, create_new_file, create_private_dir, read_regular_file,
};

/// Bumped whenever the line format or the meaning of a stored field changes.
pub const INDEX_FORMAT: u32 = 4;

/// The index file holds titles and facts: readable by its owner only.
const INDEX_FILE_MODE: u32 = 0o600;
const CACHE_DIRECTORY_MODE: u32 = 0o700;

/// Far above any real index (about 55 MB at 100,000 cases); a larger file
/// is not read.
const MAX_INDEX_BYTES: u64 = 1024 * 1024 * 1024;

/// The index lock is held for one read or one write; past this, whoever
/// holds it is stuck and the index is skipped for this load.
const INDEX_LOCK_WAIT: Duration = Duration::from_secs(5);

/// A rewrite takes seconds at most; a temporary file this old belongs to none.
const STALE_AFTER: Duration = Duration::from_secs(5 * 60);

/// The first line: what the rows were computed with. Any difference
/// (another format, another migdesk, other playbooks) voids every row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: u32,
    pub migdesk: String,
    /// A hash of every installed playbook's definition, in hex.
    pub catalog: String,
}

/// One line after the header: the row of a case file as of `key`, or
/// (`row` absent) a note that the file is gone or no longer indexable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<FileKey>,
    /// The day the row was evaluated, kept only for playbooks whose
    /// blockers, `when` conditions or timing read `today`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluated_on: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<QueueRow>,
}

/// What a readable index file holds.
#[derive(Debug, Default)]
pub struct Contents {
    /// By file name; entries without a row are dropped.
    pub entries: HashMap<String, Entry>,
    /// Lines that a later line replaced: what a rewrite would save.
    pub replaced_lines: usize,
}

pub fn index_path(data_root: &Path) -> PathBuf {
    data_root.join("cache").join("queue-index.jsonl")
}

/// The index's contents, or `None` when it is missing, written for other
/// playbooks or another format, or damaged in any way.
pub fn read(path: &Path, expected: &Header) -> Option<Contents> {
    // Never through a link, never blocking on a FIFO, never past the cap.
    let bytes = read_regular_file(path, Links::Refuse, MAX_INDEX_BYTES).ok()?;
    read_bytes(bytes, expected)
}

/// [`read`] of the index's bytes.
pub fn read_bytes(bytes: Vec<u8>, expected: &Header) -> Option<Contents> {
    if bytes.is_empty() || bytes.last() != Some(&b'\n') {
        // Truncated in the middle of a line.
        return None;
    }
    let body = &bytes[..bytes.len() - 1];
    let header_end = body
        .iter()
        .position(|byte| *byte == b'\n')
        .unwrap_or(body.len());
    let header: Header = serde_json::from_slice(checked(&body[..header_end])?).ok()?;
    if header != *expected {
        return None;
    }
    // Lines are checked and decoded on every core, in pieces cut at line
    // ends, then applied in file order.
    let pieces = split_at_lines(body.get(header_end + 1..).unwrap_or_default(), PIECE_BYTES);
    let decoded = parallel_map(&pieces, |piece| {
        piece
            .split(|byte| *byte == b'\n')
            .map(|line| serde_json::from_slice::<Entry>(checked(line)?).ok())
            .collect::<Option<Vec<Entry>>>()
    });
    // The text is no longer needed: at 100,000 cases it is tens of megabytes.
    drop(pieces);
    drop(bytes);
    let mut contents = Contents::default();
    let lines = decoded.iter().flatten().map(Vec::len).sum();
    contents.entries.reserve(lines);
    let mut count = 0;
    for piece in decoded {
        for entry in piece? {
            count += 1;
            if entry.row.is_some() {
                contents.entries.insert(entry.file.clone(), entry);
            } else {
                contents.entries.remove(&entry.file);
            }
        }
    }
    // Removal lines and replaced rows alike.
    contents.replaced_lines = count - contents.entries.len();
    Some(contents)
}

/// About a hundred lines: small enough to share out, large enough to be worth a hand-off.
const PIECE_BYTES: usize = 64 * 1024;

/// `bytes` cut into pieces of about `size` bytes, each ending at a line end
/// (the newline itself dropped), so that no line is split.
fn split_at_lines(mut bytes: &[u8], size: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    while !bytes.is_empty() {
        let cut = match bytes.iter().skip(size).position(|byte| *byte == b'\n') {
            Some(offset) => size + offset,
            None => bytes.len(),
        };
        pieces.push(&bytes[..cut]);
        bytes = bytes.get(cut + 1..).unwrap_or_default();
    }
    pieces
}

/// The JSON of a line whose checksum matches, else `None`.
fn checked(line: &[u8]) -> Option<&[u8]> {
    let (sum, json) = (line.get(..16)?, line.get(17..)?);
    if line.get(16) != Some(&b' ') {
        return None;
    }
    let sum = u64::from_str_radix(std::str::from_utf8(sum).ok()?, 16).ok()?;
    (sum == checksum(json)).then_some(json)
}

pub fn push_line(out: &mut Vec<u8>, value: &impl Serialize) -> io::Result<()> {
    let json = serde_json::to_vec(value).map_err(io::Error::other)?;
    out.extend_from_slice(format!("{:016x} ", checksum(&json)).as_bytes());
    out.extend_from_slice(&json);
    out.push(b'\n');
    Ok(())
}

/// Writes a fresh index holding exactly `entries`, replacing any old one
/// atomically (a reader sees the old file or the new one).
pub fn rewrite<'a>(
    path: &Path,
    header: &Header,
    entries: impl Iterator<Item = &'a Entry>,
) -> io::Result<()> {
    let mut out = Vec::new();
    push_line(&mut out, header)?;
    for entry in entries {
        push_line(&mut out, entry)?;
    }
    let directory = path.parent().unwrap_or(Path::new("."));
    create_cache_dir(directory)?;
    remove_stale_temporaries(directory);
    let random = RandomState::new().build_hasher().finish();
    let temporary = directory.join(format!(
        ".queue-index.{}.{random:016x}.tmp",
        std::process::id()
    ));
    let written = (|| {
        let mut file = create_new_file(&temporary, INDEX_FILE_MODE)?;
        file.write_all(&out)?;
        // No fsync: the index is a cache, and a torn one is detected and rebuilt.
        fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// Appends `entries` in one write. A crash mid-write leaves a line without
/// its newline or checksum, which voids the index; it is then rebuilt.
pub fn append<'a>(path: &Path, entries: impl Iterator<Item = &'a Entry>) -> io::Result<()> {
    let mut out = Vec::new();
    for entry in entries {
        push_line(&mut out, entry)?;
    }
    let flags =
        OFlags::WRONLY | OFlags::APPEND | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let mut file = File::from(rustix::fs::open(path, flags, Mode::empty())?);
    check_regular(&file.metadata()?, Links::Refuse, MAX_INDEX_BYTES)
        .map_err(|refusal| io::Error::other(refusal.to_string()))?;
    file.write_all(&out)
}

/// Removes index temporary files whose rewrite can no longer finish: their
/// process is gone, or they are older than any rewrite takes. A killed
/// rewrite at 100,000 cases leaves tens of megabytes.
pub fn remove_stale_temporaries(directory: &Path) {
    let Ok(entries) = fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_owner) else {
            continue;
        };
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        let old = metadata
            .modified()
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok())
            .is_some_and(|age| age > STALE_AFTER);
        let orphaned = pid != std::process::id()
            && Path::new("/proc/self").exists()
            && !Path::new("/proc").join(pid.to_string()).exists();
        if metadata.is_file() && (old || orphaned) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The pid in `.queue-index.<pid>.<random>.tmp` (or, as older versions
/// named it, `.queue-index.<pid>.tmp`).
fn temporary_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".queue-index.")?.strip_suffix(".tmp")?;
    let (pid, random) = rest.split_once('.').unwrap_or((rest, ""));
    let random_ok =
        random.is_empty() || (random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit()));
    random_ok.then(|| pid.parse().ok()).flatten()
}

/// A lock on the index: shared while reading it, exclusive while writing
/// it, so that a reader never sees half of an append from another process.
/// Waits for the lock; it is only ever held for one read or one write.
/// `None` when the cache folder cannot be used (nothing is written then,
/// and reading goes ahead: a torn read is detected and rebuilt from).
pub fn lock(index: &Path, exclusive: bool) -> Option<File> {
    let directory = index.parent()?;
    create_cache_dir(directory).ok()?;
    let file = open_lock_file(&directory.join(".queue-index.lock")).ok()?;
    // Bounded: a process that holds the lock and hangs must not hang this one.
    let deadline = Instant::now() + INDEX_LOCK_WAIT;
    loop {
        let locked = if exclusive {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match locked {
            Ok(()) => return Some(file),
            Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(_) => return None,
        }
    }
}

fn create_cache_dir(directory: &Path) -> io::Result<()> {
    // 0700 whatever the umask (umask 277 would make it 0500, unwritable).
    create_private_dir(directory, CACHE_DIRECTORY_MODE).map(|_| ())
}

/// A 64-bit checksum of a line, eight bytes at a time. It detects torn and
/// damaged lines, not forgery: the case files are the source of truth.
pub fn checksum(bytes: &[u8]) -> u64 {
    const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut hash = 0x243F_6A88_85A3_08D3 ^ (bytes.len() as u64).wrapping_mul(MULTIPLIER);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        hash = (hash ^ u64::from_le_bytes(word))
            .wrapping_mul(MULTIPLIER)
            .rotate_left(29);
    }
    let mut last = [0; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = (hash ^ u64::from_le_bytes(last)).wrapping_mul(MULTIPLIER);
    hash ^= hash >> 32;
    hash = hash.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    hash ^ (hash >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_sees_every_byte_and_the_length() {
        let line = b"{\"file\":\"MIG-0001.yaml\"}";
        let base = checksum(line);
        for index in 0..line.len() {
            let mut damaged = line.to_vec();
            damaged[index] ^= 0x20;
            assert_ne!(checksum(&damaged), base, "byte {index}");
        }
        assert_ne!(checksum(&line[..line.len() - 1]), base);
        assert_ne!(checksum(b""), checksum(b"\0"));
    }
}

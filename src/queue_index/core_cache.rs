//! The case cores on disk, `<data dir>/cache/case-cores.bin`: per case file
//! and file key, what evaluating the case needs ([`CaseCore`]), so that a
//! new playbook version re-evaluates every case without reading its YAML.
//! Binary frames, each `[body length u32][checksum u64][body]` (little
//! endian): a header frame (magic, format, migdesk version), then one frame
//! per core, `[name length u16][file name][key, 6 × 8 bytes][postcard
//! core]`. Later frames for a file replace earlier ones, so a parsed file
//! costs one appended frame. A short, damaged or foreign frame anywhere
//! voids the whole file: the cores are then taken from the case files
//! again. It is written under the index's lock, like the index.

use std::collections::HashMap;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::FileKey;
use super::case_core::CaseCore;
use super::journal::{self, MAX_INDEX_BYTES, checksum};
use crate::store::safe_open::{Links, read_regular_file};

/// Bumped whenever the frame layout or [`CaseCore`] changes.
pub const CORES_FORMAT: u32 = 2;

const MAGIC: &[u8] = b"migdesk case cores\n";

const FRAME_HEAD: usize = 4 + 8;
const KEY_BYTES: usize = 6 * 8;

pub fn cores_path(data_root: &Path) -> PathBuf {
    data_root.join("cache").join("case-cores.bin")
}

/// One file's latest frame in [`Cores::bytes`].
#[derive(Debug, Clone)]
struct Located {
    key: FileKey,
    frame: Range<usize>,
    core: Range<usize>,
}

/// A readable cores file: its bytes and where each file's latest core is.
/// Cores are decoded only when asked for.
#[derive(Debug, Default)]
pub struct Cores {
    bytes: Vec<u8>,
    by_file: HashMap<String, Located>,
    /// Frames after the header, replaced ones included.
    pub frames: usize,
}

impl Cores {
    /// The core of `file` as of `key`, if one was stored and decodes.
    pub fn get(&self, file: &str, key: FileKey) -> Option<CaseCore> {
        let located = self
            .by_file
            .get(file)
            .filter(|located| located.key == key)?;
        postcard::from_bytes(&self.bytes[located.core.clone()]).ok()
    }

    /// The stored frame of `file` as of `key`, to carry into a rewrite.
    pub fn frame(&self, file: &str, key: FileKey) -> Option<&[u8]> {
        let located = self
            .by_file
            .get(file)
            .filter(|located| located.key == key)?;
        Some(&self.bytes[located.frame.clone()])
    }

    pub fn live(&self) -> usize {
        self.by_file.len()
    }
}

/// The cores file, or `None` when it is missing, for another format or
/// migdesk, or damaged anywhere.
pub fn read(path: &Path) -> Option<Cores> {
    let bytes = read_regular_file(path, Links::Refuse, MAX_INDEX_BYTES).ok()?;
    decode(bytes)
}

/// [`read`] of the file's bytes.
pub fn decode(bytes: Vec<u8>) -> Option<Cores> {
    let (header, mut at) = next_frame(&bytes, 0)?;
    if bytes[header] != *header_body() {
        return None;
    }
    let mut by_file = HashMap::new();
    let mut frames = 0;
    while at < bytes.len() {
        let (body, next) = next_frame(&bytes, at)?;
        let name_length = usize::from(u16::from_le_bytes(
            bytes.get(body.start..body.start + 2)?.try_into().ok()?,
        ));
        let name_end = body.start + 2 + name_length;
        let key_end = name_end + KEY_BYTES;
        if key_end > body.end {
            return None;
        }
        let name = std::str::from_utf8(&bytes[body.start + 2..name_end]).ok()?;
        let key = key_from_bytes(&bytes[name_end..key_end]);
        let located = Located {
            key,
            frame: at..next,
            core: key_end..body.end,
        };
        by_file.insert(name.to_string(), located);
        frames += 1;
        at = next;
    }
    Some(Cores {
        bytes,
        by_file,
        frames,
    })
}

/// The body of the frame at `at` (checked) and where the next one starts.
fn next_frame(bytes: &[u8], at: usize) -> Option<(Range<usize>, usize)> {
    let length = u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
    let sum = u64::from_le_bytes(bytes.get(at + 4..at + FRAME_HEAD)?.try_into().ok()?);
    let body = at + FRAME_HEAD..at + FRAME_HEAD + length;
    let contents = bytes.get(body.clone())?;
    (checksum(contents) == sum).then_some((body.clone(), body.end))
}

fn header_body() -> Vec<u8> {
    let mut body = MAGIC.to_vec();
    body.extend_from_slice(&CORES_FORMAT.to_le_bytes());
    body.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    body
}

fn push_frame(out: &mut Vec<u8>, body: &[u8]) {
    // A core is a few KiB at most: case files are capped far below 4 GiB.
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&checksum(body).to_le_bytes());
    out.extend_from_slice(body);
}

/// The frame of `core`, the core of `file` as of `key`.
pub fn encode(file: &str, key: FileKey, core: &CaseCore) -> Option<Vec<u8>> {
    let name_length = u16::try_from(file.len()).ok()?;
    let mut body = Vec::with_capacity(512);
    body.extend_from_slice(&name_length.to_le_bytes());
    body.extend_from_slice(file.as_bytes());
    body.extend_from_slice(&key_to_bytes(key));
    let body = postcard::to_extend(core, body).ok()?;
    let mut frame = Vec::with_capacity(FRAME_HEAD + body.len());
    push_frame(&mut frame, &body);
    Some(frame)
}

/// Writes a new cores file holding exactly `frames`.
pub fn rewrite<'a>(path: &Path, frames: impl Iterator<Item = &'a [u8]>) -> io::Result<()> {
    let mut out = Vec::new();
    push_frame(&mut out, &header_body());
    for frame in frames {
        out.extend_from_slice(frame);
    }
    journal::replace_whole(path, &out)
}

/// Appends `frames` in one write; a missing file is created.
pub fn append<'a>(path: &Path, frames: impl Iterator<Item = &'a [u8]> + Clone) -> io::Result<()> {
    let mut out = Vec::new();
    for frame in frames.clone() {
        out.extend_from_slice(frame);
    }
    match journal::append_bytes(path, &out) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => rewrite(path, frames),
        written => written,
    }
}

fn key_to_bytes(key: FileKey) -> [u8; KEY_BYTES] {
    let mut out = [0; KEY_BYTES];
    let fields = [
        key.size.to_le_bytes(),
        key.modified_seconds.to_le_bytes(),
        key.modified_nanoseconds.to_le_bytes(),
        key.changed_seconds.to_le_bytes(),
        key.changed_nanoseconds.to_le_bytes(),
        key.inode.to_le_bytes(),
    ];
    for (index, field) in fields.iter().enumerate() {
        out[index * 8..index * 8 + 8].copy_from_slice(field);
    }
    out
}

fn key_from_bytes(bytes: &[u8]) -> FileKey {
    let word = |index: usize| {
        let mut field = [0; 8];
        field.copy_from_slice(&bytes[index * 8..index * 8 + 8]);
        field
    };
    FileKey {
        size: u64::from_le_bytes(word(0)),
        modified_seconds: i64::from_le_bytes(word(1)),
        modified_nanoseconds: i64::from_le_bytes(word(2)),
        changed_seconds: i64::from_le_bytes(word(3)),
        changed_nanoseconds: i64::from_le_bytes(word(4)),
        inode: u64::from_le_bytes(word(5)),
    }
}

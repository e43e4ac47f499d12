//! A case file's identity without reading it: size, times and inode.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// What identifies one version of a case file without reading it. The
/// change time and inode catch what size and modification time alone
/// miss: a same-size edit that restores the old modification time, or a
/// file replaced by another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    into = "(u64, i64, i64, i64, i64, u64)",
    from = "(u64, i64, i64, i64, i64, u64)"
)]
pub struct FileKey {
    pub size: u64,
    pub modified_seconds: i64,
    pub modified_nanoseconds: i64,
    pub changed_seconds: i64,
    pub changed_nanoseconds: i64,
    pub inode: u64,
}

impl FileKey {
    pub fn of(metadata: &std::fs::Metadata) -> FileKey {
        use std::os::unix::fs::MetadataExt as _;
        FileKey {
            size: metadata.len(),
            modified_seconds: metadata.mtime(),
            modified_nanoseconds: metadata.mtime_nsec(),
            changed_seconds: metadata.ctime(),
            changed_nanoseconds: metadata.ctime_nsec(),
            inode: metadata.ino(),
        }
    }

    /// The key of whatever is at `path` now, without following a symbolic link.
    pub fn read(path: &Path) -> Option<FileKey> {
        std::fs::symlink_metadata(path)
            .ok()
            .map(|metadata| FileKey::of(&metadata))
    }
}

/// Stored as a JSON array, in field order: it is on every line of the index.
impl From<FileKey> for (u64, i64, i64, i64, i64, u64) {
    fn from(key: FileKey) -> Self {
        (
            key.size,
            key.modified_seconds,
            key.modified_nanoseconds,
            key.changed_seconds,
            key.changed_nanoseconds,
            key.inode,
        )
    }
}

impl From<(u64, i64, i64, i64, i64, u64)> for FileKey {
    fn from(
        (size, modified_seconds, modified_nanoseconds, changed_seconds, changed_nanoseconds, inode): (
            u64,
            i64,
            i64,
            i64,
            i64,
            u64,
        ),
    ) -> Self {
        FileKey {
            size,
            modified_seconds,
            modified_nanoseconds,
            changed_seconds,
            changed_nanoseconds,
            inode,
        }
    }
}

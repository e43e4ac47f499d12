//! The errors the store reports. Every message names the file or case it is
//! about and says what the person at the keyboard can do next.

use std::fmt;
use std::io;
use std::path::PathBuf;

use super::MAX_CASE_FILE_BYTES;
use super::lock::LockHolder;

/// What is wrong with one case file, as far as reading it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseFileErrorKind {
    /// The file could not be opened or read.
    Unreadable,
    /// Larger than [`super::MAX_CASE_FILE_BYTES`]; refused before reading.
    TooLarge,
    InvalidUtf8,
    /// Not valid YAML, or not the shape of a case (unknown key, wrong type, duplicate key…).
    Invalid,
    MultipleDocuments,
    /// Written by a newer migdesk, in a shape this build cannot read.
    NewerSchema,
    /// The `id` inside the file is not the file's name.
    IdMismatch,
    /// The file name is not `<case id>.yaml`.
    NotACaseFileName,
    SymbolicLink,
    HardLinked,
    /// A directory, FIFO or device where a case file should be.
    NotAFile,
    /// Owned by another Unix user.
    ForeignOwner,
    /// Nested deeper than [`super::MAX_NESTING`], or a tag outside YAML's core schema.
    Structure,
}

/// A case file that cannot be read. Its Display is one line, shaped like a
/// compiler diagnostic: `path:line:column: message — hint`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFileError {
    pub path: PathBuf,
    /// 1-based, when the problem has a position.
    pub line: Option<usize>,
    /// 1-based, counted in characters.
    pub column: Option<usize>,
    pub kind: CaseFileErrorKind,
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

pub(crate) const HINT_FIX_BY_HAND: &str = "fix the file by hand or restore it from a backup; migdesk will not write to it until it parses";

impl CaseFileError {
    pub(crate) fn new(
        path: impl Into<PathBuf>,
        kind: CaseFileErrorKind,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        CaseFileError {
            path: path.into(),
            line: None,
            column: None,
            kind,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

impl fmt::Display for CaseFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {} — {}", self.message, self.hint)
    }
}

impl std::error::Error for CaseFileError {}

/// What the store found on disk when a save was refused as a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDisk {
    Missing,
    Revision(u64),
    /// Present, but it does not parse as a case.
    Unreadable,
}

#[derive(Debug)]
pub enum StoreError {
    /// No `--data-dir`, no `MIGDESK_DATA_DIR` and no home directory.
    NoDataDirectory,
    DataDirectory {
        path: PathBuf,
        source: io::Error,
    },
    InvalidId {
        id: String,
    },
    NotFound {
        id: String,
        path: PathBuf,
    },
    CaseFile(CaseFileError),
    /// The file on disk is not the one the caller read (or a new case's file already exists).
    Conflict {
        id: String,
        path: PathBuf,
        /// The revision the caller read; `None` when it was creating the case.
        expected: Option<u64>,
        found: OnDisk,
    },
    /// The case was written by a newer migdesk and is only shown.
    ReadOnly {
        id: String,
        path: PathBuf,
        reason: String,
    },
    /// A save failed part-way; the case file is as it was before.
    NotSaved {
        id: String,
        path: PathBuf,
        step: &'static str,
        source: io::Error,
    },
    /// The new file is in place but the folder could not be synced, so a
    /// crash could still lose it.
    NotDurable {
        id: String,
        path: PathBuf,
        source: io::Error,
    },
    /// The case cannot be turned into a file migdesk would read back.
    Unwritable {
        id: String,
        reason: String,
    },
    Lock {
        path: PathBuf,
        source: io::Error,
    },
    /// Someone else held the lock for longer than the store waits.
    LockHeld {
        path: PathBuf,
        /// As the holder wrote it into the lock file; `None` if it did not.
        holder: Option<LockHolder>,
    },
    /// The case is so near the size cap that only status changes still fit.
    NearSizeCap {
        id: String,
        path: PathBuf,
        /// What the file would have become.
        len: u64,
    },
    /// The revision counter is at its maximum.
    RevisionExhausted {
        id: String,
        path: PathBuf,
    },
    /// The data folder belongs to another Unix user.
    ForeignDataDirectory {
        path: PathBuf,
        owner: u32,
        user: u32,
    },
    NoFreeId {
        cases_dir: PathBuf,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NoDataDirectory => write!(
                f,
                "could not find a home directory to keep cases in; pass --data-dir, set MIGDESK_DATA_DIR or write data_dir in the config file"
            ),
            StoreError::DataDirectory { path, source } => write!(
                f,
                "could not create or open the data folder {}: {source}; check that it is writable, or pass --data-dir",
                path.display()
            ),
            StoreError::InvalidId { id } => write!(
                f,
                "`{id}` is not a case id (expected MIG- followed by 4 to 9 digits, like MIG-0001); check the id"
            ),
            StoreError::NotFound { id, path } => write!(
                f,
                "{id} does not exist ({} is missing); check the id against the case list",
                path.display()
            ),
            StoreError::CaseFile(error) => error.fmt(f),
            StoreError::Conflict {
                id,
                path,
                expected,
                found,
            } => {
                let path = path.display();
                match (expected, found) {
                    (None, OnDisk::Missing) => write!(
                        f,
                        "{id}: {path} appeared and vanished while saving; the change was NOT saved — try again"
                    ),
                    (None, _) => write!(
                        f,
                        "{id} already exists ({path}), so the new case was NOT written over it; reload the case list and create it again"
                    ),
                    (Some(expected), OnDisk::Revision(found)) => write!(
                        f,
                        "{id} changed on disk since you read it (revision {expected} → {found}); reload it and redo your change"
                    ),
                    (Some(expected), OnDisk::Missing) => write!(
                        f,
                        "{id} was deleted from disk since you read it (revision {expected}); the change was NOT saved — check {path} and restore it if that was a mistake"
                    ),
                    (Some(expected), OnDisk::Unreadable) => write!(
                        f,
                        "{id} changed on disk since you read it (revision {expected} → a file that does not parse); the change was NOT saved — fix {path} by hand, reload it and redo your change"
                    ),
                }
            }
            StoreError::ReadOnly { id, path, reason } => write!(
                f,
                "{id} is read-only ({reason}); the change was NOT saved and {} was left alone — upgrade migdesk to change it",
                path.display()
            ),
            StoreError::NotSaved {
                id,
                path,
                step,
                source,
            } => write!(
                f,
                "{id}: the change was NOT saved ({step}: {source}); nothing was written to {} — fix the cause (disk space, permissions) and try again",
                path.display()
            ),
            StoreError::NotDurable { id, path, source } => write!(
                f,
                "{id}: the change was written to {} but its folder could not be synced to disk ({source}); it may be lost if the machine crashes — check the disk, then reload the case",
                path.display()
            ),
            StoreError::Unwritable { id, reason } => {
                write!(f, "{id}: the change was NOT saved because {reason}")
            }
            StoreError::Lock { path, source } => write!(
                f,
                "could not lock {}: {source}; check that the cases folder is writable",
                path.display()
            ),
            StoreError::LockHeld { path, holder } => {
                let holder = match holder {
                    Some(holder) => format!("held by {holder}"),
                    None => "held by another process".to_string(),
                };
                write!(
                    f,
                    "gave up waiting for {} ({holder}); the change was NOT saved — try again when that process has finished, or end it if it is stuck",
                    path.display()
                )
            }
            StoreError::NearSizeCap { id, path, len } => write!(
                f,
                "{id}: the change was NOT saved: {} would grow to {len} bytes, too near the {MAX_CASE_FILE_BYTES}-byte limit of a case file; only its status can still change — close it with `migdesk status {id} cancelled` (or put it on hold) and carry on in a new case",
                path.display()
            ),
            StoreError::RevisionExhausted { id, path } => write!(
                f,
                "{id}: the change was NOT saved: the revision in {} is at its maximum and cannot be counted further; restore the file from a backup or correct its `revision` by hand",
                path.display()
            ),
            StoreError::ForeignDataDirectory { path, owner, user } => write!(
                f,
                "{} belongs to another user (uid {owner}; you are uid {user}); migdesk does not share one data folder between Unix users — use a data folder of your own (--data-dir) and share cases through team mode over git",
                path.display()
            ),
            StoreError::NoFreeId { cases_dir } => write!(
                f,
                "no case id is left in {} (MIG-999999999 is taken); archive old cases elsewhere",
                cases_dir.display()
            ),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::DataDirectory { source, .. }
            | StoreError::NotSaved { source, .. }
            | StoreError::NotDurable { source, .. }
            | StoreError::Lock { source, .. } => Some(source),
            StoreError::CaseFile(error) => Some(error),
            _ => None,
        }
    }
}

impl From<CaseFileError> for StoreError {
    fn from(error: CaseFileError) -> Self {
        StoreError::CaseFile(error)
    }
}

/// The outcome of [`super::Store::update`] when it does not succeed: either
/// the store refused, or the change itself did; in both cases nothing was written.
#[derive(Debug)]
pub enum UpdateError<E> {
    Store(StoreError),
    Change(E),
}

impl<E: fmt::Display> fmt::Display for UpdateError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpdateError::Store(error) => error.fmt(f),
            UpdateError::Change(error) => write!(f, "{error}; nothing was saved"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for UpdateError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            UpdateError::Store(error) => Some(error),
            UpdateError::Change(error) => Some(error),
        }
    }
}

impl<E> From<StoreError> for UpdateError<E> {
    fn from(error: StoreError) -> Self {
        UpdateError::Store(error)
    }
}

//! Advisory locks on small companion files, so that read-modify-write and id
//! allocation are serialised between processes (and between `Store` values
//! in one process: the lock belongs to the open file, not the process).

use std::fs::{File, OpenOptions, Permissions};
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;

use super::atomic_write::CASE_FILE_MODE;
use super::error::StoreError;

/// Held until dropped; closing the file releases the lock.
#[derive(Debug)]
pub(crate) struct LockGuard {
    _file: File,
}

/// Waits for an exclusive lock on `path`, creating it (0600) if needed. Lock
/// files are never deleted: deleting one while another process waits on it
/// would let two processes hold "the" lock at once.
pub(crate) fn lock_exclusive(path: &Path) -> Result<LockGuard, StoreError> {
    let lock_error = |source| StoreError::Lock {
        path: path.to_path_buf(),
        source,
    };
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(CASE_FILE_MODE)
        .open(path)
        .map_err(lock_error)?;
    let mode = file.metadata().map_err(lock_error)?.permissions().mode() & 0o777;
    if mode != CASE_FILE_MODE {
        file.set_permissions(Permissions::from_mode(CASE_FILE_MODE))
            .map_err(lock_error)?;
    }
    file.lock().map_err(lock_error)?;
    Ok(LockGuard { _file: file })
}

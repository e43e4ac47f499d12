//! The data directory's lock, taken by a sync for its whole run so two
//! syncs never interleave their git commands. One function, so the lock can
//! be swapped for the store's own data-directory lock in one place.

use crate::store::{DataDir, StoreError};

/// Lives at the root of the data directory and is ignored by git.
pub const LOCK_FILE: &str = ".migdesk-sync.lock";

/// Held until the guard is dropped.
pub struct DataDirectoryLock {
    _guard: crate::store::LockGuard,
}

/// Waits for the data directory's lock.
pub fn lock_data_directory(data_dir: &DataDir) -> Result<DataDirectoryLock, StoreError> {
    let guard = crate::store::lock_exclusive(
        &data_dir.root().join(LOCK_FILE),
        crate::store::DEFAULT_LOCK_WAIT,
    )?;
    Ok(DataDirectoryLock { _guard: guard })
}

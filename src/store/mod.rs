//! The data directory and the case store: one YAML file per case, read
//! defensively, written crash-safely, guarded against lost updates.

mod atomic_write;
mod case_file;
mod case_store;
mod codec;
mod data_dir;
mod error;
pub mod file_system;
mod fingerprint;
mod lock;
pub mod safe_open;
mod structure;
mod yaml_writer;

// The queue index reads case files the way the store does.
pub(crate) use atomic_write::remove_if_stale_temporary;
pub(crate) use case_file::{loaded_case, read_case_bytes};
pub use case_store::{LoadReport, STATUS_RESERVE_BYTES, SizeAllowance, Store};
pub use codec::{MAX_CASE_FILE_BYTES, case_from_yaml, case_to_yaml};
pub(crate) use codec::{case_from_bytes, not_a_case_file_name};
pub use data_dir::DataDir;
pub use error::{CaseFileError, CaseFileErrorKind, OnDisk, StoreError, UpdateError};
pub use file_system::{Fault, FaultyFileSystem, FileSystem, RealFileSystem};
pub use fingerprint::{Fingerprint, LoadedCase};
pub use lock::{
    DEFAULT_LOCK_WAIT, LOCK_WAIT_VARIABLE, LockGuard, LockHolder, lock_wait_from_environment,
};
pub(crate) use lock::{lock_exclusive, open_lock_file};
pub use structure::MAX_NESTING;

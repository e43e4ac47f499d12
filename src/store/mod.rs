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
mod yaml_writer;

// The queue index reads case files the way the store does.
pub(crate) use atomic_write::remove_if_stale_temporary;
pub(crate) use case_file::{loaded_case, read_case_bytes};
pub use case_store::{LoadReport, Store};
pub(crate) use codec::not_a_case_file_name;
pub use codec::{MAX_CASE_FILE_BYTES, case_from_yaml, case_to_yaml};
pub use data_dir::DataDir;
pub use error::{CaseFileError, CaseFileErrorKind, OnDisk, StoreError, UpdateError};
pub use file_system::{Fault, FaultyFileSystem, FileSystem, RealFileSystem};
pub use fingerprint::{Fingerprint, LoadedCase};
// Team mode takes the data directory's lock with the store's own locking.
pub(crate) use lock::{LockGuard, lock_exclusive};

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

pub use case_store::{LoadReport, Store};
pub use codec::{MAX_CASE_FILE_BYTES, case_from_yaml, case_to_yaml};
pub use data_dir::{DATA_DIR_ENV, DataDir};
pub use error::{CaseFileError, CaseFileErrorKind, OnDisk, StoreError, UpdateError};
pub use file_system::{Fault, FaultyFileSystem, FileSystem, RealFileSystem};
pub use fingerprint::{Fingerprint, LoadedCase};

//! The case store: loading, saving with lost-update protection, locked
//! read-modify-write and id allocation, over the cases folder.

use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::atomic_write::{WriteFailure, remove_stale_temporaries, replace_file};
use super::case_file::{loaded_case, read_case_bytes};
use super::codec::{MAX_CASE_FILE_BYTES, case_from_yaml, case_to_yaml, not_a_case_file_name};
use super::data_dir::DataDir;
use super::error::{CaseFileError, CaseFileErrorKind, OnDisk, StoreError, UpdateError};
use super::file_system::{FileSystem, RealFileSystem};
use super::fingerprint::{Fingerprint, LoadedCase};
use super::lock::{LockGuard, LockHolder, holder_of, lock_exclusive, lock_wait_from_environment};
use super::safe_open::current_user;
use crate::model::case::{CASE_SCHEMA, Case, is_valid_case_id};

/// The largest number a case id can hold (nine digits).
const MAX_CASE_NUMBER: u64 = 999_999_999;

/// The room kept below [`MAX_CASE_FILE_BYTES`] for status changes: a case
/// that has grown to the cap less this can take no more notes or ticks,
/// but can still be put on hold, cancelled or reopened, many times over.
pub const STATUS_RESERVE_BYTES: u64 = 64 * 1024;

/// How large a change may make a case file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeAllowance {
    /// Up to [`MAX_CASE_FILE_BYTES`] less [`STATUS_RESERVE_BYTES`].
    Normal,
    /// A change of the case's status only: up to [`MAX_CASE_FILE_BYTES`].
    StatusChange,
}

#[derive(Debug, Clone)]
pub struct Store {
    data_dir: DataDir,
    file_system: Arc<dyn FileSystem>,
    /// How long a lock someone else holds is waited for.
    lock_wait: Duration,
    /// In team mode, the acting person's code: new ids are `MIG-CODE-0001`,
    /// so two machines creating cases offline never pick the same id.
    case_id_code: Option<String>,
}

/// Everything [`Store::load_all`] found: one broken file does not hide the others.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Sorted by id.
    pub cases: Vec<LoadedCase>,
    /// Sorted by path.
    pub errors: Vec<CaseFileError>,
}

impl Store {
    /// Creates the data folders if missing. It does not list the cases
    /// folder, so a command on one case costs the same in a folder of
    /// 100,000: temporary files of saves that crashed are swept up by
    /// whatever lists the folder anyway (`load_all`, the queue's index).
    pub fn open(data_dir: DataDir) -> Result<Store, StoreError> {
        Store::open_with_file_system(data_dir, Arc::new(RealFileSystem))
    }

    /// Like [`Store::open`], with saves going through `file_system` (tests inject faults this way).
    pub fn open_with_file_system(
        data_dir: DataDir,
        file_system: Arc<dyn FileSystem>,
    ) -> Result<Store, StoreError> {
        data_dir.create_dirs()?;
        refuse_foreign_folder(&data_dir.cases_dir())?;
        Ok(Store {
            data_dir,
            file_system,
            // A bad value is refused when the program starts (`main`).
            lock_wait: lock_wait_from_environment().unwrap_or(super::lock::DEFAULT_LOCK_WAIT),
            case_id_code: None,
        })
    }

    /// This store, waiting at most `wait` for a lock someone else holds
    /// before failing with [`StoreError::LockHeld`]; `Duration::ZERO` never
    /// waits, for callers that must not block (the app's key thread).
    pub fn with_lock_wait(mut self, wait: Duration) -> Store {
        self.lock_wait = wait;
        self
    }

    pub fn lock_wait(&self) -> Duration {
        self.lock_wait
    }

    /// Who holds the lock of case `id` now (pid and name), if anyone does.
    pub fn lock_holder(&self, id: &str) -> Option<LockHolder> {
        is_valid_case_id(id)
            .then(|| holder_of(&self.data_dir.cases_dir().join(format!(".{id}.lock"))))
            .flatten()
    }

    /// [`Store::update`] that never waits: a lock held elsewhere is
    /// [`StoreError::LockHeld`] at once, naming its holder.
    pub fn try_update<T, E>(
        &self,
        id: &str,
        change: impl FnOnce(&mut Case) -> Result<T, E>,
    ) -> Result<T, UpdateError<E>> {
        self.clone()
            .with_lock_wait(Duration::ZERO)
            .update(id, change)
    }

    /// New cases get ids `MIG-CODE-0001`, `MIG-CODE-0002`… (`code` is two to
    /// four capital letters; anything else is ignored and ids stay `MIG-0001`).
    pub fn with_case_id_code(mut self, code: Option<String>) -> Store {
        self.case_id_code = code.filter(|code| is_valid_case_id(&format!("MIG-{code}-0001")));
        self
    }

    pub fn data_dir(&self) -> &DataDir {
        &self.data_dir
    }

    /// The file case `id` lives in; refuses anything that is not a case id,
    /// so an id can never name a path outside the cases folder.
    pub fn case_path(&self, id: &str) -> Result<PathBuf, StoreError> {
        if !is_valid_case_id(id) {
            return Err(StoreError::InvalidId { id: id.to_string() });
        }
        Ok(self.data_dir.cases_dir().join(format!("{id}.yaml")))
    }

    pub fn load(&self, id: &str) -> Result<LoadedCase, StoreError> {
        let path = self.case_path(id)?;
        match read_case_bytes(&path)? {
            Some(bytes) => Ok(loaded_case(&path, &bytes)?),
            None => Err(StoreError::NotFound {
                id: id.to_string(),
                path,
            }),
        }
    }

    /// Every `*.yaml` file in the cases folder; dotfiles and other files are ignored.
    pub fn load_all(&self) -> LoadReport {
        let mut report = LoadReport::default();
        let paths = match self.case_file_paths() {
            Ok(paths) => paths,
            Err(error) => {
                report.errors.push(error);
                return report;
            }
        };
        // Parsing dominates a load: the files are read on every core.
        let outcomes = crate::parallel::parallel_map(&paths, |path| Store::read_case_file(path));
        for loaded in outcomes {
            match loaded {
                Ok(Some(case)) => report.cases.push(case),
                Ok(None) => {}
                Err(error) => report.errors.push(error),
            }
        }
        report.cases.sort_by(|a, b| a.case.id.cmp(&b.case.id));
        report.errors.sort_by(|a, b| a.path.cmp(&b.path));
        report
    }

    /// The files of the cases folder that [`Store::load_all`] reads, sorted
    /// by name (dotfiles and names not ending in `.yaml` left out); the
    /// temporary files of crashed saves are removed on the way.
    pub fn case_file_paths(&self) -> Result<Vec<PathBuf>, CaseFileError> {
        let cases_dir = self.data_dir.cases_dir();
        remove_stale_temporaries(&cases_dir);
        let entries = std::fs::read_dir(&cases_dir).map_err(|error| {
            CaseFileError::new(
                &cases_dir,
                CaseFileErrorKind::Unreadable,
                format!("could not list the cases folder: {error}"),
                "check that the folder exists and is readable",
            )
        })?;
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .filter(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                !name.starts_with('.') && name.ends_with(".yaml")
            })
            .map(|entry| entry.path())
            .collect();
        paths.sort();
        Ok(paths)
    }

    /// One file of [`Store::case_file_paths`], read and parsed as
    /// [`Store::load_all`] does; `None` when it was deleted since it was listed.
    pub fn read_case_file(path: &Path) -> Result<Option<LoadedCase>, CaseFileError> {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !is_valid_case_id(name.trim_end_matches(".yaml")) {
            return Err(not_a_case_file_name(path));
        }
        read_case_bytes(path).and_then(|bytes| match bytes {
            Some(bytes) => loaded_case(path, &bytes).map(Some),
            None => Ok(None),
        })
    }

    /// Writes `case` to its file, crash-safely. `expected` is the fingerprint
    /// of the file as the caller read it, or `None` for a case that must not
    /// exist yet; anything else on disk is a [`StoreError::Conflict`].
    pub fn save(
        &self,
        case: &Case,
        expected: Option<&Fingerprint>,
    ) -> Result<Fingerprint, StoreError> {
        let _lock = self.lock_case(&case.id)?;
        self.save_locked(case, expected, SizeAllowance::Normal)
    }

    /// Loads case `id`, applies `change`, increments the revision and saves,
    /// all under the case's lock, so concurrent updates from any process are
    /// applied one after the other and none is lost. If `change` fails,
    /// nothing is written. `change` must not call back into the store for the
    /// same case: the lock is not re-entrant.
    pub fn update<T, E>(
        &self,
        id: &str,
        change: impl FnOnce(&mut Case) -> Result<T, E>,
    ) -> Result<T, UpdateError<E>> {
        self.update_within(id, SizeAllowance::Normal, change)
    }

    /// [`Store::update`] with the size the change may grow the file to.
    pub fn update_within<T, E>(
        &self,
        id: &str,
        allowance: SizeAllowance,
        change: impl FnOnce(&mut Case) -> Result<T, E>,
    ) -> Result<T, UpdateError<E>> {
        let path = self.case_path(id)?;
        // No lock file is made for a case that does not exist.
        if path.symlink_metadata().is_err() {
            return Err(StoreError::NotFound {
                id: id.to_string(),
                path,
            }
            .into());
        }
        let _lock = self.lock_case(id)?;
        let loaded = self.load(id)?;
        if let Some(reason) = loaded.read_only {
            return Err(StoreError::ReadOnly {
                id: id.to_string(),
                path: loaded.path,
                reason,
            }
            .into());
        }
        let mut case = loaded.case;
        let outcome = change(&mut case).map_err(UpdateError::Change)?;
        if case.id != id {
            return Err(StoreError::Unwritable {
                id: id.to_string(),
                reason: format!(
                    "the change renamed the case to `{}`; a case keeps its id",
                    case.id
                ),
            }
            .into());
        }
        case.revision = loaded.fingerprint.revision.checked_add(1).ok_or_else(|| {
            StoreError::RevisionExhausted {
                id: id.to_string(),
                path: loaded.path.clone(),
            }
        })?;
        self.save_locked(&case, Some(&loaded.fingerprint), allowance)?;
        Ok(outcome)
    }

    /// Creates a case with the next free id (one more than the highest id of
    /// the same form in the cases folder, readable or not). `make` receives
    /// the id and must use it.
    pub fn create(&self, make: impl FnOnce(String) -> Case) -> Result<LoadedCase, StoreError> {
        let _create_lock = self.lock_create()?;
        let id = self.next_free_id()?;
        let case = make(id.clone());
        if case.id != id {
            return Err(StoreError::Unwritable {
                id,
                reason: format!(
                    "the new case was given the id `{}` instead of the one allocated",
                    case.id
                ),
            });
        }
        let fingerprint = self.save(&case, None)?;
        Ok(LoadedCase {
            path: self.case_path(&id)?,
            case,
            fingerprint,
            read_only: None,
        })
    }

    /// The lock that serialises id allocation, and anything else that
    /// creates case files (`gen-cases`).
    pub fn lock_create(&self) -> Result<LockGuard, StoreError> {
        lock_exclusive(
            &self.data_dir.cases_dir().join(".create.lock"),
            self.lock_wait,
        )
    }

    /// One more than the highest id in the cases folder, readable or not
    /// (a broken case keeps its number). When that is past the last id (a
    /// stray `MIG-999999999.yaml`), one more than the highest id that is a
    /// real case, skipping every name taken: a stray file neither blocks
    /// `new` nor is overwritten.
    /// One more than the highest id of this store's form (`MIG-0001`, or
    /// `MIG-CODE-0001` in team mode) in the cases folder; past the last
    /// number, the first gap above the highest readable case.
    fn next_free_id(&self) -> Result<String, StoreError> {
        let cases_dir = self.data_dir.cases_dir();
        let prefix = match &self.case_id_code {
            Some(code) => format!("MIG-{code}-"),
            None => "MIG-".to_string(),
        };
        let mut taken: Vec<u64> = std::fs::read_dir(&cases_dir)
            .map_err(|source| StoreError::DataDirectory {
                path: cases_dir.clone(),
                source,
            })?
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name();
                let stem = name.to_str()?.strip_suffix(".yaml")?;
                let digits = stem.strip_prefix(prefix.as_str())?;
                let plain = digits.bytes().all(|b| b.is_ascii_digit());
                (is_valid_case_id(stem) && plain).then(|| digits.parse::<u64>().ok())?
            })
            .collect();
        taken.sort_unstable();
        taken.dedup();
        let highest = taken.last().copied().unwrap_or(0);
        if highest < MAX_CASE_NUMBER {
            return Ok(format!("{prefix}{:04}", highest + 1));
        }
        // Only the few highest names are read: strays are rare.
        let highest_real = taken
            .iter()
            .rev()
            .find(|number| self.load(&format!("{prefix}{number:04}")).is_ok())
            .copied()
            .unwrap_or(0);
        let mut candidate = highest_real + 1;
        while taken.binary_search(&candidate).is_ok() {
            candidate += 1;
        }
        if candidate > MAX_CASE_NUMBER {
            return Err(StoreError::NoFreeId { cases_dir });
        }
        Ok(format!("{prefix}{candidate:04}"))
    }

    fn lock_case(&self, id: &str) -> Result<LockGuard, StoreError> {
        if !is_valid_case_id(id) {
            return Err(StoreError::InvalidId { id: id.to_string() });
        }
        lock_exclusive(
            &self.data_dir.cases_dir().join(format!(".{id}.lock")),
            self.lock_wait,
        )
    }

    fn save_locked(
        &self,
        case: &Case,
        expected: Option<&Fingerprint>,
        allowance: SizeAllowance,
    ) -> Result<Fingerprint, StoreError> {
        let id = &case.id;
        let path = self.case_path(id)?;
        if case.schema > CASE_SCHEMA {
            return Err(StoreError::ReadOnly {
                id: id.clone(),
                path,
                reason: format!(
                    "it is in case schema {}, newer than this version's {CASE_SCHEMA}",
                    case.schema
                ),
            });
        }
        let text = case_to_yaml(case)?;
        if text.len() as u64 > MAX_CASE_FILE_BYTES {
            return Err(StoreError::Unwritable {
                id: id.clone(),
                reason: format!(
                    "the file would be {} bytes, more than a case file may be ({MAX_CASE_FILE_BYTES})",
                    text.len()
                ),
            });
        }
        let limit = match allowance {
            SizeAllowance::Normal => MAX_CASE_FILE_BYTES - STATUS_RESERVE_BYTES,
            SizeAllowance::StatusChange => MAX_CASE_FILE_BYTES,
        };
        if text.len() as u64 > limit {
            return Err(StoreError::NearSizeCap {
                id: id.clone(),
                path,
                len: text.len() as u64,
            });
        }
        // Never write a file that this version would refuse to read back.
        case_from_yaml(&path, &text).map_err(|error| StoreError::Unwritable {
            id: id.clone(),
            reason: format!("the written file would not read back: {}", error.message),
        })?;

        let current = read_case_bytes(&path)?;
        let on_disk = current
            .as_deref()
            .map(|bytes| (bytes, loaded_case(&path, bytes)));
        match (expected, on_disk) {
            (None, None) => {}
            (Some(expected), Some((bytes, parsed))) if expected.matches(bytes) => {
                // A file that does not parse can never be loaded, so a
                // fingerprint matching one was made by hand: refuse it too.
                if let Some(reason) = parsed?.read_only {
                    return Err(StoreError::ReadOnly {
                        id: id.clone(),
                        path,
                        reason,
                    });
                }
            }
            (expected, on_disk) => {
                let found = match on_disk {
                    None => OnDisk::Missing,
                    Some((_, Ok(loaded))) => OnDisk::Revision(loaded.case.revision),
                    Some((_, Err(_))) => OnDisk::Unreadable,
                };
                return Err(StoreError::Conflict {
                    id: id.clone(),
                    path,
                    expected: expected.map(|fingerprint| fingerprint.revision),
                    found,
                });
            }
        }

        match replace_file(self.file_system.as_ref(), &path, text.as_bytes(), expected) {
            Ok(()) => Ok(Fingerprint::of(case.revision, text.as_bytes())),
            Err(WriteFailure::NotWritten { step, source }) => Err(StoreError::NotSaved {
                id: id.clone(),
                path,
                step,
                source,
            }),
            Err(WriteFailure::NotDurable(source)) => Err(StoreError::NotDurable {
                id: id.clone(),
                path,
                source,
            }),
            Err(WriteFailure::Conflict(found)) => {
                let found = match found {
                    None => OnDisk::Missing,
                    Some(bytes) => match loaded_case(&path, &bytes) {
                        Ok(loaded) => OnDisk::Revision(loaded.case.revision),
                        Err(_) => OnDisk::Unreadable,
                    },
                };
                Err(StoreError::Conflict {
                    id: id.clone(),
                    expected: expected.map(|fingerprint| fingerprint.revision),
                    path,
                    found,
                })
            }
        }
    }
}

/// One data folder is not shared between Unix users (see "Shared folders"
/// in `docs/reliability.md`): a save by another user would make the file
/// theirs and private, locking the first user out.
fn refuse_foreign_folder(cases_dir: &std::path::Path) -> Result<(), StoreError> {
    let metadata = cases_dir
        .metadata()
        .map_err(|source| StoreError::DataDirectory {
            path: cases_dir.to_path_buf(),
            source,
        })?;
    let user = current_user();
    if metadata.uid() != user {
        return Err(StoreError::ForeignDataDirectory {
            path: cases_dir.to_path_buf(),
            owner: metadata.uid(),
            user,
        });
    }
    Ok(())
}

//! The one place the app reads and writes cases. Everything else in the app
//! works on cases held in memory and asks this module to load, save and
//! create them, and to say which case files changed on disk.
//!
//! Until the case store lands this keeps cases in memory, with the same
//! contract the store will have: a save names the version it was read at and
//! is refused as a conflict when the case changed since.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::model::Case;

/// Identifies one saved version of a case file; a save names the version it
/// started from so a concurrent edit is refused instead of overwritten.
pub type Fingerprint = u64;

/// A case as read from the store.
#[derive(Debug, Clone)]
pub struct StoredCase {
    pub case: Case,
    pub path: Option<PathBuf>,
    pub fingerprint: Fingerprint,
    /// Why the case must not be changed (a file written by a newer migdesk).
    pub read_only: Option<String>,
}

/// Everything in the data directory: the cases, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Loaded {
    pub cases: Vec<StoredCase>,
    pub errors: Vec<String>,
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The case changed on disk since it was read; nothing was written.
    Conflict,
    /// Anything else (disk full, permissions); nothing was written.
    Failed(String),
}

/// A case file that changed on disk since the app last read or wrote it.
#[derive(Debug, Clone)]
pub enum DiskChange {
    Changed(Box<StoredCase>),
    Removed(String),
}

/// The app's handle on stored cases.
#[derive(Debug, Default)]
pub struct Persistence {
    cases: BTreeMap<String, (Case, Fingerprint)>,
    next_number: u32,
    versions: Fingerprint,
    /// Edits made behind the app's back (by another process), reported by `poll`.
    outside: Vec<String>,
}

impl Persistence {
    /// A store that keeps cases in memory only.
    pub fn in_memory() -> Persistence {
        Persistence::default()
    }

    /// Where cases live, as shown to people (`None` when nothing is written to disk).
    pub fn cases_dir(&self) -> Option<PathBuf> {
        None
    }

    pub fn load_all(&self) -> Loaded {
        Loaded {
            cases: self
                .cases
                .values()
                .map(|(case, fingerprint)| stored(case, *fingerprint))
                .collect(),
            errors: Vec::new(),
        }
    }

    pub fn load(&self, id: &str) -> Result<StoredCase, String> {
        self.cases
            .get(id)
            .map(|(case, fingerprint)| stored(case, *fingerprint))
            .ok_or_else(|| format!("case {id} does not exist"))
    }

    /// Writes `case` if the stored version is still `expected`.
    pub fn save(&mut self, case: &Case, expected: Fingerprint) -> Result<StoredCase, SaveError> {
        let Some((current, fingerprint)) = self.cases.get(&case.id) else {
            return Err(SaveError::Failed(format!(
                "case {} does not exist",
                case.id
            )));
        };
        if *fingerprint != expected {
            return Err(SaveError::Conflict);
        }
        let mut saved = case.clone();
        saved.revision = current.revision + 1;
        let fingerprint = self.next_version();
        self.cases.insert(case.id.clone(), (saved, fingerprint));
        self.load(&case.id).map_err(SaveError::Failed)
    }

    /// Stores a new case under the next free id, which `build` receives.
    pub fn create(&mut self, build: impl FnOnce(String) -> Case) -> Result<StoredCase, String> {
        self.next_number += 1;
        let id = format!("MIG-{:04}", self.next_number);
        let case = build(id.clone());
        let fingerprint = self.next_version();
        self.cases.insert(id.clone(), (case, fingerprint));
        self.load(&id)
    }

    /// Case files that changed on disk since the last call.
    pub fn poll(&mut self) -> Vec<DiskChange> {
        std::mem::take(&mut self.outside)
            .into_iter()
            .map(|id| match self.load(&id) {
                Ok(stored) => DiskChange::Changed(Box::new(stored)),
                Err(_) => DiskChange::Removed(id),
            })
            .collect()
    }

    /// Changes a stored case as another process would, for tests.
    #[cfg(test)]
    pub fn edit_behind_the_apps_back(&mut self, id: &str, edit: impl FnOnce(&mut Case)) {
        let fingerprint = self.next_version();
        if let Some((case, version)) = self.cases.get_mut(id) {
            edit(case);
            case.revision += 1;
            *version = fingerprint;
            self.outside.push(id.to_string());
        }
    }

    fn next_version(&mut self) -> Fingerprint {
        self.versions += 1;
        self.versions
    }
}

fn stored(case: &Case, fingerprint: Fingerprint) -> StoredCase {
    StoredCase {
        case: case.clone(),
        path: None,
        fingerprint,
        read_only: None,
    }
}

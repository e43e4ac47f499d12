//! The one place the app reads and writes cases, through the case store.
//! Everything else in the app works on cases held in memory and asks this
//! module to load, save and create them, and to say which case files
//! changed on disk since it last looked.
//!
//! A save names the fingerprint of the file as the app read it, so an edit
//! that raced another writer is refused as a conflict rather than
//! overwriting it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::SystemTime;

use crate::model::Case;
use crate::store::{Store, StoreError};

pub use crate::store::{Fingerprint, LoadedCase};

/// Everything in the data directory: the cases, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Loaded {
    pub cases: Vec<LoadedCase>,
    /// One line per file that could not be read, saying why.
    pub errors: Vec<String>,
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The case changed on disk since it was read; nothing was written.
    Conflict,
    /// Anything else (read-only case, disk full, permissions); nothing was written.
    Failed(String),
    /// The new version was written, but may not survive a crash, or could
    /// not be read back; saving it again would apply the change twice.
    Written(String),
}

/// A case file that changed on disk since the app last read or wrote it.
#[derive(Debug, Clone)]
pub enum DiskChange {
    Changed(Box<LoadedCase>),
    Removed(String),
}

/// What a file looked like the last time it was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

fn stamp(path: &std::path::Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some(Stamp {
        modified: metadata.modified().ok(),
        len: metadata.len(),
    })
}

/// The app's handle on stored cases.
#[derive(Debug)]
pub struct Persistence {
    store: Store,
    /// Case id to the stamp of its file when last read or written.
    seen: HashMap<String, Stamp>,
    /// The cases folder's stamp: saves replace files by renaming, which changes it.
    folder: Option<Stamp>,
}

impl Persistence {
    pub fn new(store: Store) -> Persistence {
        Persistence {
            store,
            seen: HashMap::new(),
            folder: None,
        }
    }

    /// Where cases live, as shown to people.
    pub fn cases_dir(&self) -> PathBuf {
        self.store.data_dir().cases_dir()
    }

    pub fn load_all(&mut self) -> Loaded {
        self.folder = stamp(&self.cases_dir());
        let report = self.store.load_all();
        self.seen = report
            .cases
            .iter()
            .filter_map(|loaded| Some((loaded.case.id.clone(), stamp(&loaded.path)?)))
            .collect();
        Loaded {
            cases: report.cases,
            errors: report.errors.iter().map(ToString::to_string).collect(),
        }
    }

    pub fn load(&mut self, id: &str) -> Result<LoadedCase, String> {
        let loaded = self.store.load(id).map_err(|error| error.to_string())?;
        self.remember(&loaded);
        Ok(loaded)
    }

    /// Writes `case`, one revision on from the file it was read from, if that
    /// file is still the one with `expected` fingerprint.
    pub fn save(&mut self, case: &Case, expected: &Fingerprint) -> Result<LoadedCase, SaveError> {
        let mut case = case.clone();
        case.revision = expected.revision + 1;
        match self.store.save(&case, Some(expected)) {
            Ok(_) => self.load(&case.id).map_err(SaveError::Written),
            Err(StoreError::Conflict { .. }) => Err(SaveError::Conflict),
            Err(error @ StoreError::NotDurable { .. }) => {
                Err(SaveError::Written(error.to_string()))
            }
            Err(error) => Err(SaveError::Failed(error.to_string())),
        }
    }

    /// Stores a new case under the next free id, which `build` receives.
    pub fn create(&mut self, build: impl FnOnce(String) -> Case) -> Result<LoadedCase, String> {
        let loaded = self
            .store
            .create(build)
            .map_err(|error| error.to_string())?;
        self.remember(&loaded);
        Ok(loaded)
    }

    fn remember(&mut self, loaded: &LoadedCase) {
        if let Some(stamp) = stamp(&loaded.path) {
            self.seen.insert(loaded.case.id.clone(), stamp);
        }
    }

    /// Case files changed on disk since they were last read or written.
    /// The whole folder is looked at only when it changed (a file was
    /// replaced, added or removed); the files in `watched` (the open cases)
    /// are looked at every time, since an editor may rewrite one in place.
    pub fn poll(&mut self, watched: &[String]) -> Vec<DiskChange> {
        let cases_dir = self.cases_dir();
        let folder = stamp(&cases_dir);
        let mut suspects: Vec<String> = Vec::new();
        if folder != self.folder {
            self.folder = folder;
            let mut present = Vec::new();
            if let Ok(entries) = std::fs::read_dir(&cases_dir) {
                for entry in entries.flatten() {
                    let name = entry.file_name();
                    let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".yaml")) else {
                        continue;
                    };
                    if !crate::model::case::is_valid_case_id(id) {
                        continue;
                    }
                    present.push(id.to_string());
                    if stamp(&entry.path()) != self.seen.get(id).copied() {
                        suspects.push(id.to_string());
                    }
                }
            }
            let removed: Vec<String> = self
                .seen
                .keys()
                .filter(|id| !present.contains(id))
                .cloned()
                .collect();
            for id in &removed {
                self.seen.remove(id);
            }
            let mut changes: Vec<DiskChange> =
                removed.into_iter().map(DiskChange::Removed).collect();
            changes.extend(self.reread(suspects));
            return changes;
        }
        for id in watched {
            let path = cases_dir.join(format!("{id}.yaml"));
            if stamp(&path) != self.seen.get(id).copied() {
                suspects.push(id.clone());
            }
        }
        self.reread(suspects)
    }

    fn reread(&mut self, ids: Vec<String>) -> Vec<DiskChange> {
        ids.into_iter()
            .filter_map(|id| match self.store.load(&id) {
                Ok(loaded) => {
                    self.remember(&loaded);
                    Some(DiskChange::Changed(Box::new(loaded)))
                }
                Err(StoreError::NotFound { .. }) => {
                    self.seen.remove(&id);
                    Some(DiskChange::Removed(id))
                }
                // Half-written or broken: look again next time.
                Err(_) => {
                    self.seen.remove(&id);
                    None
                }
            })
            .collect()
    }
}

//! The one place the app reads and writes cases, through the case store
//! and the queue's summary index. Everything else in the app works on what
//! is held in memory and asks this module for the queue (index rows, not
//! parsed cases), to load a case when it is opened, to save and create
//! cases, and to say which case files changed on disk since it last looked.
//!
//! A save names the fingerprint of the file as the app read it, so an edit
//! that raced another writer is refused as a conflict rather than
//! overwriting it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::model::Case;
use crate::queue_index::{FileKey, IndexStats, LoadProgress, QueueIndex, QueueRow};
use crate::store::{Store, StoreError};

pub use crate::store::{Fingerprint, LoadedCase};

/// The queue of the data directory, and the files that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// One row per readable case, sorted by id.
    pub rows: Vec<QueueRow>,
    /// One line per file that could not be read, saying why.
    pub errors: Vec<String>,
    /// How much the summary index answered, for the startup trace.
    pub stats: IndexStats,
    /// Each case file's key as listed, and the cases folder's before the
    /// listing: what later polls compare against.
    keys: HashMap<String, FileKey>,
    folder: Option<FileKey>,
}

/// Reads the queue away from the app's thread: it owns what a load needs.
#[derive(Debug)]
pub struct QueueLoader {
    store: Store,
    catalog: Catalog,
    today: NaiveDate,
}

impl QueueLoader {
    /// The queue as of the loader's day, counting in `progress` as it goes.
    pub fn run(self, progress: &LoadProgress) -> Loaded {
        let folder = stamp(&self.store.data_dir().cases_dir());
        let load = QueueIndex::load_with_progress(&self.store, &self.catalog, self.today, progress);
        Loaded {
            rows: load.rows,
            errors: load.errors.iter().map(ToString::to_string).collect(),
            stats: load.stats,
            keys: load.keys,
            folder,
        }
    }
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

/// What a file looked like the last time it was checked: size, times and
/// inode, so a same-size rewrite or a replaced file is noticed.
type Stamp = FileKey;

fn stamp(path: &std::path::Path) -> Option<Stamp> {
    FileKey::read(path)
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

    /// What reads the queue as of `today`, from the summary index where it
    /// is current and from the case files where it is not; no case is kept
    /// parsed. Give its result to [`Persistence::adopt`].
    pub fn loader(&self, catalog: &Catalog, today: NaiveDate) -> QueueLoader {
        QueueLoader {
            store: self.store.clone(),
            catalog: catalog.clone(),
            today,
        }
    }

    /// Takes in a finished load: later polls report what changed since.
    pub fn adopt(&mut self, loaded: &mut Loaded) {
        self.seen = std::mem::take(&mut loaded.keys);
        self.folder = loaded.folder;
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
            let mut present = HashSet::new();
            if let Ok(entries) = std::fs::read_dir(&cases_dir) {
                for entry in entries.flatten() {
                    let name = entry.file_name();
                    let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".yaml")) else {
                        continue;
                    };
                    if !crate::model::case::is_valid_case_id(id) {
                        continue;
                    }
                    present.insert(id.to_string());
                    if stamp(&entry.path()) != self.seen.get(id).copied() {
                        suspects.push(id.to_string());
                    }
                }
            }
            let removed: Vec<String> = self
                .seen
                .keys()
                .filter(|id| !present.contains(id.as_str()))
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

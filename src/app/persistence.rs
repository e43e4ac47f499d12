//! The one place the app reads and writes cases, through the case store
//! and the queue's summary index. Everything else in the app works on what
//! is held in memory and asks this module for the queue (index rows, not
//! parsed cases), to load a case when it is opened, to save and create
//! cases, and to say which case files changed on disk since it last looked.
//!
//! A save names the fingerprint of the file as the app read it, so an edit
//! that raced another writer is refused as a conflict rather than
//! overwriting it.

use std::collections::HashMap;
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
    /// A watch of the cases folder that reports what changes after `loaded`.
    pub fn watch_after(&self, loaded: &Loaded) -> FolderWatch {
        FolderWatch::new(self.store.clone(), loaded.keys.clone(), loaded.folder)
    }

    /// The queue as of the loader's day, counting in `progress` as it goes.
    pub fn run(&self, progress: &LoadProgress) -> Loaded {
        let folder = FileKey::read(&self.store.data_dir().cases_dir());
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

pub use super::folder_watch::{DiskChange, FolderWatch};

/// The app's handle on stored cases.
#[derive(Debug)]
pub struct Persistence {
    store: Store,
    /// What each case file looked like when last read or written.
    watch: FolderWatch,
    folder_watched_elsewhere: bool,
}

impl Persistence {
    pub fn new(store: Store) -> Persistence {
        Persistence {
            watch: FolderWatch::new(store.clone(), HashMap::new(), None),
            store,
            folder_watched_elsewhere: false,
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
        self.watch = FolderWatch::new(
            self.store.clone(),
            std::mem::take(&mut loaded.keys),
            loaded.folder,
        );
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
        self.watch.remember(loaded);
    }

    /// Case files changed on disk since they were last read or written.
    /// The whole folder is looked at only when it changed (a file was
    /// replaced, added or removed), and not at all here once
    /// [`Persistence::watch_folder_elsewhere`] was called; the files in
    /// `watched` (the open cases) are looked at every time, since an editor
    /// may rewrite one in place.
    pub fn poll(&mut self, watched: &[String]) -> Vec<DiskChange> {
        if !self.folder_watched_elsewhere
            && let Some(changes) = self.watch.folder_changes()
        {
            return changes;
        }
        self.watch.file_changes(watched)
    }

    /// Whether the folder is watched by another [`FolderWatch`] (on
    /// another thread, say), whose changes come to the app as
    /// `Action::DiskChanged`; `poll` then looks at the open cases only.
    pub fn set_folder_watched_elsewhere(&mut self, elsewhere: bool) {
        self.folder_watched_elsewhere = elsewhere;
    }

    /// Notes a case read elsewhere (by another watch), so `poll` does not
    /// read it again.
    pub fn note_read(&mut self, loaded: &LoadedCase) {
        self.watch.remember(loaded);
    }
}

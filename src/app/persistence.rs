//! The one place the app reads and writes cases, through the case store
//! and the queue's summary index. Everything else in the app works on what
//! is held in memory and asks this module for the queue (index rows, not
//! parsed cases), to load a case when it is opened, to save and create
//! cases, and to say which case files changed on disk since it last looked.
//!
//! A save names the fingerprint of the file as the app read it, so an edit
//! that raced another writer is refused as a conflict rather than
//! overwriting it. Saves and the watch of the folder run on the app's disk
//! thread (`disk_worker`); their answers come back through
//! [`Persistence::next_reply`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use chrono::NaiveDate;

use crate::catalog::Catalog;
use crate::model::Case;
use crate::queue_index::{FileKey, IndexStats, LoadProgress, QueueIndex, QueueRow};
use crate::store::Store;

use super::disk_worker::{self, Request};

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
    /// A watch of the cases folder like the disk thread's, reporting what
    /// changes after `loaded` (for measuring one).
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

pub use super::disk_worker::{Reply, SaveError};
pub use super::folder_watch::{DiskChange, FolderWatch};

/// The app's handle on stored cases.
#[derive(Debug)]
pub struct Persistence {
    store: Store,
    /// The disk thread: saves and the one watch of the cases folder.
    requests: Sender<Request>,
    replies: Receiver<Reply>,
    /// Saves sent and not answered yet.
    saves_outstanding: usize,
    /// Looks at the folder sent and not answered yet.
    polls_outstanding: usize,
    /// Every version of a case this session wrote itself: a watch that
    /// reports one of them late is not reporting someone else's change.
    own_writes: HashMap<String, Vec<Fingerprint>>,
}

impl Persistence {
    /// Starts the app's disk thread over `store`.
    pub fn new(store: Store) -> Persistence {
        let (requests, replies) = disk_worker::start(store.clone());
        Persistence {
            store,
            requests,
            replies,
            saves_outstanding: 0,
            polls_outstanding: 0,
            own_writes: HashMap::new(),
        }
    }

    /// The team's roster (`team.yaml`), for people's display names;
    /// `None` outside team mode or when it cannot be read.
    pub fn roster(&self) -> Option<crate::team::roster::Roster> {
        crate::team::roster::load(self.store.data_dir().root())
            .ok()
            .flatten()
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
        self.send(Request::Adopt {
            keys: std::mem::take(&mut loaded.keys),
            folder: loaded.folder,
        });
    }

    pub fn load(&mut self, id: &str) -> Result<LoadedCase, String> {
        let loaded = self.store.load(id).map_err(|error| error.to_string())?;
        self.remember(&loaded);
        Ok(loaded)
    }

    /// Hands `case` to the disk thread, to be written one revision on from
    /// the file it was read from if that file is still the one with
    /// `expected` fingerprint; the outcome comes back as a [`Reply::Saved`].
    pub fn save(&mut self, case: &Case, expected: &Fingerprint) {
        self.saves_outstanding += 1;
        self.send(Request::Save {
            case: Box::new(case.clone()),
            expected: *expected,
        });
    }

    /// Stores a new case under the next free id, which `build` receives.
    pub fn create(&mut self, build: impl FnOnce(String) -> Case) -> Result<LoadedCase, String> {
        let loaded = self
            .store
            .create(build)
            .map_err(|error| error.to_string())?;
        self.remember(&loaded);
        self.own_writes
            .entry(loaded.case.id.clone())
            .or_default()
            .push(loaded.fingerprint);
        Ok(loaded)
    }

    fn remember(&mut self, loaded: &LoadedCase) {
        if let Some(key) = FileKey::read(&loaded.path) {
            self.send(Request::Remember {
                id: loaded.case.id.clone(),
                key,
            });
        }
    }

    fn send(&mut self, request: Request) {
        // The thread ends only with the app; a failed send means it
        // panicked, and the reply that never comes says so (see `replies`).
        let _ = self.requests.send(request);
    }

    /// Asks the disk thread for the case files changed on disk since they
    /// were last read or written; the answer comes back as a
    /// [`Reply::Changes`]. The whole folder is looked at only when it
    /// changed (a file was replaced, added or removed); the files in
    /// `watched` (the open cases) are looked at every time, since an editor
    /// may rewrite one in place. Nothing is asked while a look is under way.
    pub fn poll(&mut self, watched: &[String]) {
        if self.polls_outstanding > 0 {
            return;
        }
        self.polls_outstanding += 1;
        self.send(Request::Poll {
            open: watched.to_vec(),
        });
    }

    /// Whether work handed to the disk thread is still to be answered.
    pub fn is_busy(&self) -> bool {
        self.saves_outstanding + self.polls_outstanding > 0
    }

    /// The next answer of the disk thread, waiting up to `wait` for it.
    pub fn next_reply(&mut self, wait: Duration) -> Option<Reply> {
        let reply = if wait.is_zero() {
            self.replies.try_recv().ok()
        } else {
            self.replies.recv_timeout(wait).ok()
        }?;
        match &reply {
            Reply::Saved { id, outcome } => {
                self.saves_outstanding = self.saves_outstanding.saturating_sub(1);
                if let Ok(stored) = outcome {
                    self.own_writes
                        .entry(id.clone())
                        .or_default()
                        .push(stored.fingerprint);
                }
            }
            Reply::Changes(_) => {
                self.polls_outstanding = self.polls_outstanding.saturating_sub(1);
            }
        }
        Some(reply)
    }

    /// Whether this session wrote the version of case `id` with `fingerprint`.
    pub fn wrote(&self, id: &str, fingerprint: &Fingerprint) -> bool {
        self.own_writes
            .get(id)
            .is_some_and(|written| written.contains(fingerprint))
    }

    /// Who holds case `id`'s lock, in words ("pid 4242, bob"), for the line
    /// that says a save is waiting for it: what the holder wrote into the
    /// lock file, cleaned for the screen.
    pub fn lock_holder(&self, id: &str) -> Option<String> {
        self.store
            .lock_holder(id)
            .map(|holder| crate::sanitize::for_terminal_line(&holder.to_string()).into_owned())
    }
}

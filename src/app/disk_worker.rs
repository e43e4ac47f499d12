//! The app's one thread for the disk work that can wait: saving a case
//! (which waits for the case's lock, held perhaps by another process) and
//! watching the cases folder (listing 100,000 files takes a fifth of a
//! second). The key thread sends it requests and takes its replies as
//! actions, so it never waits on a lock or a listing itself.
//!
//! Doing both on one thread, with the one [`FolderWatch`] of the app, also
//! orders them: a save is remembered by the watch before the watch looks
//! again, so the app's own save is never reported as someone else's.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};

use crate::model::Case;
use crate::queue_index::FileKey;
use crate::store::{Fingerprint, LoadedCase, Store, StoreError};

use super::folder_watch::{DiskChange, FolderWatch};

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

/// What the key thread asks of the disk thread.
#[derive(Debug)]
pub(super) enum Request {
    /// Write `case` if its file still has fingerprint `expected`.
    Save {
        case: Box<Case>,
        expected: Fingerprint,
    },
    /// Report the case files changed since last looked at: the folder's,
    /// and `open`'s (an editor may rewrite one in place).
    Poll { open: Vec<String> },
    /// A file the key thread read itself, with its key as then.
    Remember { id: String, key: FileKey },
    /// A fresh listing of the folder to compare later looks with.
    Adopt {
        keys: HashMap<String, FileKey>,
        folder: Option<FileKey>,
    },
}

/// What the disk thread answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Saved {
        id: String,
        outcome: Result<Box<LoadedCase>, SaveError>,
    },
    Changes(Vec<DiskChange>),
}

/// Starts the disk thread over `store`; it ends when the sender is dropped.
pub(super) fn start(store: Store) -> (Sender<Request>, Receiver<Reply>) {
    let (requests, from_app) = mpsc::channel::<Request>();
    let (to_app, replies) = mpsc::channel();
    std::thread::Builder::new()
        .name("migdesk-disk".to_string())
        .spawn(move || {
            let mut watch = FolderWatch::new(store.clone(), HashMap::new(), None);
            for request in from_app {
                let reply = serve(&store, &mut watch, request);
                if let Some(reply) = reply
                    && to_app.send(reply).is_err()
                {
                    return;
                }
            }
        })
        // Without a thread the app could not save at all; it is started
        // once, before the terminal is taken, so this says why plainly.
        .unwrap_or_else(|error| panic!("cannot start the thread that saves cases: {error}"));
    (requests, replies)
}

fn serve(store: &Store, watch: &mut FolderWatch, request: Request) -> Option<Reply> {
    match request {
        Request::Save { case, expected } => {
            let id = case.id.clone();
            let outcome = save(store, &case, &expected).inspect(|stored| watch.remember(stored));
            Some(Reply::Saved {
                id,
                outcome: outcome.map(Box::new),
            })
        }
        Request::Poll { open } => {
            let changes = match watch.folder_changes() {
                Some(changes) => changes,
                None => watch.file_changes(&open),
            };
            Some(Reply::Changes(changes))
        }
        Request::Remember { id, key } => {
            watch.remember_key(&id, key);
            None
        }
        Request::Adopt { keys, folder } => {
            *watch = FolderWatch::new(store.clone(), keys, folder);
            None
        }
    }
}

/// Writes `case`, one revision on from the file it was read from, if that
/// file is still the one with `expected` fingerprint; reads it back.
fn save(store: &Store, case: &Case, expected: &Fingerprint) -> Result<LoadedCase, SaveError> {
    let mut case = case.clone();
    case.revision = expected.revision + 1;
    match store.save(&case, Some(expected)) {
        Ok(_) => store
            .load(&case.id)
            .map_err(|error| SaveError::Written(error.to_string())),
        Err(StoreError::Conflict { .. }) => Err(SaveError::Conflict),
        Err(error @ StoreError::NotDurable { .. }) => Err(SaveError::Written(error.to_string())),
        Err(error) => Err(SaveError::Failed(error.to_string())),
    }
}

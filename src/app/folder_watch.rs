//! Noticing case files changed on disk by someone else (the command line,
//! a colleague, an editor). A [`FolderWatch`] remembers each file's key as
//! last read or written; it lists the cases folder only when the folder
//! itself changed (a save replaces a file by renaming, which changes the
//! folder), so an idle check costs one `stat`. It owns what it needs: the
//! app runs its one watch on its disk thread (`disk_worker`), off the
//! thread that answers keys.

use std::collections::{HashMap, HashSet};

use crate::queue_index::FileKey;
use crate::store::{LoadedCase, Store, StoreError};

/// A case file that changed on disk since the app last read or wrote it.
#[derive(Debug, Clone, PartialEq)]
pub enum DiskChange {
    Changed(Box<LoadedCase>),
    Removed(String),
}

#[derive(Debug)]
pub struct FolderWatch {
    store: Store,
    /// Case id to its file's key when last read, written or listed.
    seen: HashMap<String, FileKey>,
    /// The cases folder's key when last listed.
    folder: Option<FileKey>,
}

impl FolderWatch {
    pub fn new(store: Store, seen: HashMap<String, FileKey>, folder: Option<FileKey>) -> Self {
        FolderWatch {
            store,
            seen,
            folder,
        }
    }

    /// Notes the key of a file just read or written.
    pub fn remember(&mut self, loaded: &LoadedCase) {
        if let Some(key) = FileKey::read(&loaded.path) {
            self.seen.insert(loaded.case.id.clone(), key);
        }
    }

    /// Notes the key of case `id`'s file as read by someone else (the key thread).
    pub fn remember_key(&mut self, id: &str, key: FileKey) {
        self.seen.insert(id.to_string(), key);
    }

    /// `None` when the folder did not change since it was last listed;
    /// otherwise every case file added, replaced or removed since, read.
    pub fn folder_changes(&mut self) -> Option<Vec<DiskChange>> {
        let cases_dir = self.store.data_dir().cases_dir();
        let folder = FileKey::read(&cases_dir);
        if folder == self.folder {
            return None;
        }
        self.folder = folder;
        let mut present = HashSet::new();
        let mut suspects = Vec::new();
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
                let key = entry.metadata().ok().map(|metadata| FileKey::of(&metadata));
                if key != self.seen.get(id).copied() {
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
        let mut changes: Vec<DiskChange> = removed.into_iter().map(DiskChange::Removed).collect();
        changes.extend(self.reread(suspects));
        Some(changes)
    }

    /// The files of cases `ids` that changed since last read, read.
    pub fn file_changes(&mut self, ids: &[String]) -> Vec<DiskChange> {
        let cases_dir = self.store.data_dir().cases_dir();
        let suspects = ids
            .iter()
            .filter(|id| {
                let key = FileKey::read(&cases_dir.join(format!("{id}.yaml")));
                key != self.seen.get(id.as_str()).copied()
            })
            .cloned()
            .collect();
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

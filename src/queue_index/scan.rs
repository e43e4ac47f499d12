//! Listing the cases folder with each file's identity, and parsing the
//! files the index cannot answer for, spread over every core.

use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{FileKey, QueueRow};
use crate::model::case::is_valid_case_id;
use crate::store::{
    CaseFileError, CaseFileErrorKind, LoadedCase, MAX_CASE_FILE_BYTES, loaded_case,
    not_a_case_file_name, read_case_bytes,
};

/// A `*.yaml` file of the cases folder named like a case id.
#[derive(Debug)]
pub struct Listed {
    pub name: String,
    pub path: PathBuf,
    /// `None` unless it is a plain, singly-linked file of an acceptable
    /// size: anything else is read, so that the reader can say what is wrong.
    pub key: Option<FileKey>,
}

pub struct Listing {
    pub files: Vec<Listed>,
    pub errors: Vec<CaseFileError>,
}

/// Below this many items the work is done on the calling thread: starting
/// threads would cost more than it saves.
const PARALLEL_FROM: usize = 64;

/// Items handed to a worker at a time: enough to make claiming cheap,
/// few enough to keep both cores busy to the end.
const BATCH: usize = 32;

/// Every case file of `cases_dir`, the way `Store::load_all` picks them:
/// dotfiles and files not ending in `.yaml` are ignored, other `.yaml`
/// names that are not case ids are errors.
pub fn list(cases_dir: &Path) -> Listing {
    let mut errors = Vec::new();
    let entries = match std::fs::read_dir(cases_dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(CaseFileError::new(
                cases_dir,
                CaseFileErrorKind::Unreadable,
                format!("could not list the cases folder: {error}"),
                "check that the folder exists and is readable",
            ));
            return Listing {
                files: Vec::new(),
                errors,
            };
        }
    };
    let mut candidates = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            let lossy = name.to_string_lossy();
            if !lossy.starts_with('.') && lossy.ends_with(".yaml") {
                errors.push(not_a_case_file_name(&entry.path()));
            }
            continue;
        };
        if name.starts_with('.') || !name.ends_with(".yaml") {
            continue;
        }
        if !is_valid_case_id(name.trim_end_matches(".yaml")) {
            errors.push(not_a_case_file_name(&entry.path()));
            continue;
        }
        candidates.push(entry);
    }
    // One stat per file: on a warm cache the dominant cost of a load.
    let files = parallel_map(&candidates, |entry| {
        // `DirEntry::metadata` does not follow a symbolic link.
        let key = entry.metadata().ok().and_then(|metadata| {
            let plain = metadata.file_type().is_file()
                && metadata.nlink() == 1
                && metadata.len() <= MAX_CASE_FILE_BYTES;
            plain.then(|| FileKey {
                size: metadata.len(),
                modified_seconds: metadata.mtime(),
                modified_nanoseconds: metadata.mtime_nsec(),
                changed_seconds: metadata.ctime(),
                changed_nanoseconds: metadata.ctime_nsec(),
                inode: metadata.ino(),
            })
        });
        Listed {
            name: entry.file_name().to_string_lossy().into_owned(),
            path: entry.path(),
            key,
        }
    });
    Listing { files, errors }
}

pub enum Parsed {
    /// Deleted since it was listed.
    Gone,
    Broken(Box<CaseFileError>),
    Row(Box<QueueRow>),
}

/// Reads and parses each listed file, and makes its row with `row_of`.
pub fn parse_all<T: Sync>(
    files: &[(Listed, T)],
    row_of: impl Fn(&LoadedCase) -> QueueRow + Sync,
) -> Vec<Parsed> {
    parallel_map(files, |(listed, _)| {
        let path = &listed.path;
        match read_case_bytes(path).and_then(|bytes| match bytes {
            Some(bytes) => loaded_case(path, &bytes).map(Some),
            None => Ok(None),
        }) {
            Ok(Some(loaded)) => Parsed::Row(Box::new(row_of(&loaded))),
            Ok(None) => Parsed::Gone,
            Err(error) => Parsed::Broken(Box::new(error)),
        }
    })
}

/// `items.iter().map(work)`, in order, on every core.
pub(super) fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    if workers < 2 || items.len() < PARALLEL_FROM {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut pieces: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let start = next.fetch_add(BATCH, Ordering::Relaxed);
                        if start >= items.len() {
                            return done;
                        }
                        let end = (start + BATCH).min(items.len());
                        done.push((start, items[start..end].iter().map(&work).collect()));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    pieces.sort_by_key(|(start, _)| *start);
    pieces
        .into_iter()
        .flat_map(|(_, results)| results)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_the_order() {
        let items: Vec<usize> = (0..1000).collect();
        let doubled = parallel_map(&items, |n| n * 2);
        assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }
}

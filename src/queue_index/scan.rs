//! Listing the cases folder with each file's identity, and parsing the
//! files the index cannot answer for, spread over every core.

use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

use super::{FileKey, QueueRow};
use crate::model::case::is_valid_case_id;
use crate::parallel::parallel_map;
use crate::store::{
    CaseFileError, CaseFileErrorKind, LoadedCase, MAX_CASE_FILE_BYTES, loaded_case,
    not_a_case_file_name, read_case_bytes, remove_if_stale_temporary,
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

/// Every case file of `cases_dir`, the way `Store::load_all` picks them:
/// dotfiles and files not ending in `.yaml` are ignored, other `.yaml`
/// names that are not case ids are errors. Like `load_all`, it removes the
/// temporary files of saves that crashed.
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
        if name.starts_with('.') {
            // The listing is there anyway: what crashed saves left goes now.
            remove_if_stale_temporary(&entry.path(), name);
            continue;
        }
        if !name.ends_with(".yaml") {
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
            plain.then(|| FileKey::of(&metadata))
        });
        Listed {
            name: entry.file_name().to_string_lossy().into_owned(),
            path: entry.path(),
            key,
        }
    });
    Listing { files, errors }
}

/// Calls its function when dropped, so a file counts however it ends.
struct Counted<'a, F: Fn()>(&'a F);

impl<F: Fn()> Drop for Counted<'_, F> {
    fn drop(&mut self) {
        (self.0)();
    }
}

pub enum Parsed {
    /// Deleted since it was listed.
    Gone,
    Broken(Box<CaseFileError>),
    Row {
        row: Box<QueueRow>,
        /// The file's core for the cores file, when it was parsed and may be kept.
        frame: Option<Vec<u8>>,
        /// Evaluated from its stored core, not parsed.
        from_core: bool,
    },
}

/// Reads and parses one listed file with the store's own reader (`None`: it is gone).
pub fn read(listed: &Listed) -> Result<Option<LoadedCase>, CaseFileError> {
    let path = &listed.path;
    read_case_bytes(path).and_then(|bytes| match bytes {
        Some(bytes) => loaded_case(path, &bytes).map(Some),
        None => Ok(None),
    })
}

/// `work` for each listed file, on every core; `done` is called after each file.
pub fn parse_all<T: Sync>(
    files: &[(Listed, T)],
    done: impl Fn() + Sync,
    work: impl Fn(&Listed) -> Parsed + Sync,
) -> Vec<Parsed> {
    parallel_map(files, |(listed, _)| {
        let _counted = Counted(&done);
        work(listed)
    })
}

//! Reading one case file from disk: only a plain, singly-linked, not too
//! large file is read, and what it holds becomes a [`LoadedCase`].

use std::fs::{File, Metadata};
use std::io::{self, Read as _};
use std::os::unix::fs::MetadataExt as _;
use std::path::Path;

use super::codec::{MAX_CASE_FILE_BYTES, case_from_bytes, too_large};
use super::error::{CaseFileError, CaseFileErrorKind};
use super::fingerprint::{Fingerprint, LoadedCase};
use crate::model::case::CASE_SCHEMA;

/// How often a read starts again when the file was replaced between the
/// check of its path and its opening: a concurrent save renames a new file
/// into place, a normal event that lasts microseconds; a path that keeps
/// changing is refused.
const REPLACED_RETRIES: usize = 8;

/// The bytes of the case file at `path`, or `None` if there is none.
pub(crate) fn read_case_bytes(path: &Path) -> Result<Option<Vec<u8>>, CaseFileError> {
    let unreadable = |source: io::Error| {
        CaseFileError::new(
            path,
            CaseFileErrorKind::Unreadable,
            format!("could not read the file: {source}"),
            "check the file's permissions and the disk",
        )
    };
    let mut attempts = 0;
    let (mut file, metadata) = loop {
        let link_metadata = match path.symlink_metadata() {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(unreadable(error)),
        };
        check_plain_file(path, &link_metadata)?;
        let file = match File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(unreadable(error)),
        };
        let metadata = file.metadata().map_err(unreadable)?;
        // The path may have been swapped for a link between the check and
        // the open, or (far more often) for the next version by a save.
        if (metadata.dev(), metadata.ino()) == (link_metadata.dev(), link_metadata.ino()) {
            break (file, metadata);
        }
        attempts += 1;
        if attempts > REPLACED_RETRIES {
            return Err(unreadable(io::Error::other(
                "the file kept being replaced while being opened; try again",
            )));
        }
    };
    check_plain_file(path, &metadata)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.by_ref()
        .take(MAX_CASE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_CASE_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    Ok(Some(bytes))
}

/// Refuses links, other kinds of file and oversized files. A symbolic link
/// or second hard link could make a save land outside the cases folder or
/// change a file under another name.
pub(crate) fn check_plain_file(path: &Path, metadata: &Metadata) -> Result<(), CaseFileError> {
    if metadata.file_type().is_symlink() {
        return Err(CaseFileError::new(
            path,
            CaseFileErrorKind::SymbolicLink,
            "refusing to read a case file that is a symbolic link",
            "replace the link with the file itself; migdesk never reads or writes cases through links",
        ));
    }
    if !metadata.is_file() {
        return Err(CaseFileError::new(
            path,
            CaseFileErrorKind::NotAFile,
            "this is not a regular file",
            "move it out of the cases folder",
        ));
    }
    if metadata.nlink() > 1 {
        return Err(CaseFileError::new(
            path,
            CaseFileErrorKind::HardLinked,
            format!(
                "refusing to read a case file that has {} hard links",
                metadata.nlink()
            ),
            "keep a single name for it (copy it, then delete the other names); migdesk will not read or write it until then",
        ));
    }
    if metadata.len() > MAX_CASE_FILE_BYTES {
        return Err(too_large(path, metadata.len()));
    }
    Ok(())
}

/// Parses `bytes` read from `path`.
pub(crate) fn loaded_case(path: &Path, bytes: &[u8]) -> Result<LoadedCase, CaseFileError> {
    let case = case_from_bytes(path, bytes)?;
    let read_only = (case.schema > CASE_SCHEMA).then(|| {
        format!(
            "written by a newer migdesk (case schema {}; this version writes schema {CASE_SCHEMA})",
            case.schema
        )
    });
    Ok(LoadedCase {
        fingerprint: Fingerprint::of(case.revision, bytes),
        path: path.to_path_buf(),
        case,
        read_only,
    })
}

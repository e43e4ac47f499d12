//! Reading one case file from disk: only a plain, singly-linked, not too
//! large file is read, and what it holds becomes a [`LoadedCase`].

use std::fs::Metadata;
use std::io;
use std::os::unix::fs::MetadataExt as _;
use std::path::Path;

use super::codec::{MAX_CASE_FILE_BYTES, case_from_bytes, too_large};
use super::error::{CaseFileError, CaseFileErrorKind};
use super::fingerprint::{Fingerprint, LoadedCase};
use super::safe_open::{Links, OpenError, Refusal, check_regular, open_for_reading, read_capped};
use crate::model::case::CASE_SCHEMA;

/// The bytes of the case file at `path`, or `None` if there is none. The
/// file is opened without following a link and without blocking, and the
/// open handle is checked before a byte is read, so a path swapped for a
/// link, a FIFO or a device between any check and the read is refused.
pub(crate) fn read_case_bytes(path: &Path) -> Result<Option<Vec<u8>>, CaseFileError> {
    let unreadable = |source: io::Error| {
        CaseFileError::new(
            path,
            CaseFileErrorKind::Unreadable,
            format!("could not read the file: {source}"),
            "check the file's permissions and the disk",
        )
    };
    let (mut file, metadata) = match open_for_reading(path, Links::Refuse) {
        Ok(Some(opened)) => opened,
        Ok(None) => return Ok(None),
        Err(OpenError::Refused(refusal)) => return Err(refused(path, refusal)),
        Err(OpenError::Io(error)) => return Err(unreadable(error)),
    };
    check_plain_file(path, &metadata)?;
    let bytes = read_capped(&mut file, &metadata, MAX_CASE_FILE_BYTES).map_err(unreadable)?;
    if bytes.len() as u64 > MAX_CASE_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    Ok(Some(bytes))
}

/// Refuses links, other kinds of file, another user's files and oversized
/// files. A symbolic link or second hard link could make a save land
/// outside the cases folder or change a file under another name.
pub(crate) fn check_plain_file(path: &Path, metadata: &Metadata) -> Result<(), CaseFileError> {
    check_regular(metadata, Links::Refuse, MAX_CASE_FILE_BYTES)
        .map_err(|refusal| refused(path, refusal))?;
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
    Ok(())
}

fn refused(path: &Path, refusal: Refusal) -> CaseFileError {
    match refusal {
        Refusal::SymbolicLink => CaseFileError::new(
            path,
            CaseFileErrorKind::SymbolicLink,
            "refusing to read a case file that is a symbolic link",
            "replace the link with the file itself; migdesk never reads or writes cases through links",
        ),
        Refusal::NotAFile(kind) => CaseFileError::new(
            path,
            CaseFileErrorKind::NotAFile,
            format!("this is {kind}, not a regular file"),
            "move it out of the cases folder",
        ),
        Refusal::ForeignOwner { owner, user } => CaseFileError::new(
            path,
            CaseFileErrorKind::ForeignOwner,
            format!("the file belongs to another user (uid {owner}; you are uid {user})"),
            "one data folder is not shared between Unix users; give each agent their own and share cases through team mode over git",
        ),
        Refusal::TooLarge { len, .. } => too_large(path, len),
    }
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

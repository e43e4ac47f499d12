//! Replacing a case file so that a crash, a full disk or an I/O error at any
//! point leaves either the old file or the new one, never a mix; and sweeping
//! up the temporary files a crashed save leaves behind.

use std::fs::File;
use std::hash::{BuildHasher as _, Hasher as _, RandomState};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::file_system::FileSystem;
use crate::model::case::is_valid_case_id;

/// Case files hold customer details: readable by their owner only.
pub(crate) const CASE_FILE_MODE: u32 = 0o600;

/// A save takes milliseconds; a temporary file this old belongs to no save in progress.
const STALE_AFTER: Duration = Duration::from_secs(5 * 60);

pub(crate) enum WriteFailure {
    /// The target is untouched.
    NotWritten {
        step: &'static str,
        source: io::Error,
    },
    /// The target holds the new bytes, but the directory entry may not be on disk yet.
    NotDurable(io::Error),
}

/// Writes `bytes` to a new temporary file beside `target`, syncs it, renames
/// it over `target` and syncs the directory.
pub(crate) fn replace_file(
    file_system: &dyn FileSystem,
    target: &Path,
    bytes: &[u8],
) -> Result<(), WriteFailure> {
    let not_written = |step| move |source| WriteFailure::NotWritten { step, source };
    let directory = target.parent().unwrap_or(Path::new("."));
    let (temporary, mut file) =
        create_temporary(file_system, target).map_err(not_written("creating a temporary file"))?;
    let written = write_all(file_system, &mut file, bytes)
        .map_err(not_written("writing the temporary file"))
        .and_then(|()| {
            file_system
                .sync(&file)
                .map_err(not_written("syncing the temporary file to disk"))
        })
        .and_then(|()| {
            drop(file);
            file_system
                .rename(&temporary, target)
                .map_err(not_written("replacing the case file"))
        });
    if let Err(failure) = written {
        // Best effort: a leftover is swept up when the store is next opened.
        let _ = file_system.remove(&temporary);
        return Err(failure);
    }
    file_system
        .sync_dir(directory)
        .map_err(WriteFailure::NotDurable)
}

fn create_temporary(file_system: &dyn FileSystem, target: &Path) -> io::Result<(PathBuf, File)> {
    let name = target
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("case");
    let directory = target.parent().unwrap_or(Path::new("."));
    let mut attempts = 0;
    loop {
        let random = RandomState::new().build_hasher().finish();
        let temporary = directory.join(format!(".{name}.{}.{random:016x}.tmp", std::process::id()));
        match file_system.create_new(&temporary, CASE_FILE_MODE) {
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempts < 8 => {
                attempts += 1
            }
            Err(error) => return Err(error),
            Ok(file) => return Ok((temporary, file)),
        }
    }
}

fn write_all(file_system: &dyn FileSystem, file: &mut File, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        match file_system.write(file, bytes) {
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::WriteZero,
                    "the disk accepted no more bytes",
                ));
            }
            Ok(written) => bytes = &bytes[written..],
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// Removes temporary files of saves that can no longer finish: their
/// process is gone, or they are older than any save takes. Only names of the
/// exact shape [`replace_file`] makes are touched.
pub(crate) fn remove_stale_temporaries(directory: &Path) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        if let Some(name) = entry.file_name().to_str() {
            remove_if_stale_temporary(&entry.path(), name);
        }
    }
}

/// Removes the file at `path`, named `name`, if it is a temporary file of
/// a save that can no longer finish; for whoever lists the folder anyway.
pub(crate) fn remove_if_stale_temporary(path: &Path, name: &str) {
    let Some(pid) = temporary_owner(name) else {
        return;
    };
    let Ok(metadata) = path.symlink_metadata() else {
        return;
    };
    let old = metadata
        .modified()
        .ok()
        .and_then(|modified| SystemTime::now().duration_since(modified).ok())
        .is_some_and(|age| age > STALE_AFTER);
    let orphaned = pid != std::process::id() && process_is_gone(pid);
    if metadata.is_file() && (old || orphaned) {
        let _ = std::fs::remove_file(path);
    }
}

/// The pid in `.MIG-0001.yaml.<pid>.<random>.tmp`.
fn temporary_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let mut parts = rest.rsplitn(3, '.');
    let random = parts.next()?;
    let pid = parts.next()?.parse().ok()?;
    let stem = parts.next()?.strip_suffix(".yaml")?;
    let random_is_hex = random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit());
    (random_is_hex && is_valid_case_id(stem)).then_some(pid)
}

/// Without `/proc` (not Linux) nothing is known, and only age counts.
fn process_is_gone(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_of_the_temporary_shape_have_an_owner() {
        assert_eq!(
            temporary_owner(".MIG-0001.yaml.4242.00ff00ff00ff00ff.tmp"),
            Some(4242)
        );
        assert_eq!(temporary_owner(".MIG-0001.yaml.4242.xyz.tmp"), None);
        assert_eq!(
            temporary_owner(".notes.yaml.4242.00ff00ff00ff00ff.tmp"),
            None
        );
        assert_eq!(
            temporary_owner("MIG-0001.yaml.4242.00ff00ff00ff00ff.tmp"),
            None
        );
        assert_eq!(temporary_owner(".MIG-0001.lock"), None);
    }
}

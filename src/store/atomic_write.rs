//! Replacing a case file so that a crash, a full disk or an I/O error at any
//! point leaves either the old file or the new one, never a mix; and sweeping
//! up the temporary files a crashed save leaves behind.

use std::fs::File;
use std::hash::{BuildHasher as _, Hasher as _, RandomState};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use std::os::unix::fs::MetadataExt as _;

use super::codec::MAX_CASE_FILE_BYTES;
use super::file_system::FileSystem;
use super::fingerprint::Fingerprint;
use super::safe_open::{Links, read_regular_file};
use crate::model::case::is_valid_case_id;

/// Case files hold customer details: readable by their owner only.
pub(crate) const CASE_FILE_MODE: u32 = 0o600;

/// A save takes milliseconds; a temporary file this old belongs to no save in progress.
const STALE_AFTER: Duration = Duration::from_secs(5 * 60);

/// The folder lock is held for one swap, milliseconds.
const FOLDER_LOCK_WAIT: Duration = Duration::from_secs(10);

pub(crate) enum WriteFailure {
    /// The target is untouched.
    NotWritten {
        step: &'static str,
        source: io::Error,
    },
    /// The target holds the new bytes, but the directory entry may not be on disk yet.
    NotDurable(io::Error),
    /// The file at the target was not the expected one (another writer
    /// ignored the lock); it is in place again and nothing was written.
    /// Holds what was found there (`None`: nothing was).
    Conflict(Option<Vec<u8>>),
}

/// Writes `bytes` to a new temporary file beside `target`, syncs it, puts
/// it in place and syncs the directory. `expected` is the fingerprint of
/// the file the new one replaces (`None`: there must be none).
///
/// On Linux the new file is swapped in with `RENAME_EXCHANGE`, which hands
/// back the displaced file: if it is not the expected one (an outside
/// writer renamed its own version in since it was read, lock or no lock),
/// the two are swapped back and the save is a conflict, so the outside
/// version is never lost. A new case goes in with `RENAME_NOREPLACE`.
/// Elsewhere the file is compared right before a plain rename, which
/// leaves the window between that comparison and the rename.
pub(crate) fn replace_file(
    file_system: &dyn FileSystem,
    target: &Path,
    bytes: &[u8],
    expected: Option<&Fingerprint>,
) -> Result<(), WriteFailure> {
    let not_written = |step| move |source| WriteFailure::NotWritten { step, source };
    let directory = target.parent().unwrap_or(Path::new("."));
    let (temporary, mut file) =
        create_temporary(file_system, target).map_err(not_written("creating a temporary file"))?;
    let ours = file.metadata().map(|metadata| metadata.ino()).ok();
    let written = write_all(file_system, &mut file, bytes)
        .map_err(not_written("writing the temporary file"))
        .and_then(|()| {
            file_system
                .sync(&file)
                .map_err(not_written("syncing the temporary file to disk"))
        })
        .and_then(|()| {
            drop(file);
            put_in_place(file_system, &temporary, target, expected, ours)
        });
    if let Err(failure) = written {
        // A failed swap back leaves the other program's file at the
        // temporary path: it must stay there to be found.
        let holds_theirs = matches!(
            failure,
            WriteFailure::NotWritten {
                step: SWAPPING_BACK,
                ..
            }
        );
        if !holds_theirs {
            // Best effort: a leftover is swept up when the store is next opened.
            let _ = file_system.remove(&temporary);
        }
        return Err(failure);
    }
    file_system
        .sync_dir(directory)
        .map_err(WriteFailure::NotDurable)
}

/// Moves the synced `temporary` over `target` if `target` is still what
/// `expected` says; on success the temporary path is gone.
fn put_in_place(
    file_system: &dyn FileSystem,
    temporary: &Path,
    target: &Path,
    expected: Option<&Fingerprint>,
    ours: Option<u64>,
) -> Result<(), WriteFailure> {
    if expected.is_some() {
        // Held from the swap to the check of what it displaced (and the
        // swap back): while a refused version is briefly in place, no other
        // save — even one whose lock file was deleted under it — can check
        // against it and succeed.
        let _folder = lock_folder(target.parent().unwrap_or(Path::new("."))).map_err(|source| {
            WriteFailure::NotWritten {
                step: "locking the cases folder for the swap",
                source,
            }
        })?;
        return exchange_and_check(file_system, temporary, target, expected, ours);
    }
    match file_system.rename_no_replace(temporary, target) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            Err(WriteFailure::Conflict(read_displaced(target)))
        }
        Err(error) if error.kind() == io::ErrorKind::Unsupported => {
            fallback_rename(file_system, temporary, target, expected)
        }
        Err(source) => Err(WriteFailure::NotWritten {
            step: "replacing the case file",
            source,
        }),
    }
}

/// Swaps the new file in and checks the one it displaced, under the folder lock.
fn exchange_and_check(
    file_system: &dyn FileSystem,
    temporary: &Path,
    target: &Path,
    expected: Option<&Fingerprint>,
    ours: Option<u64>,
) -> Result<(), WriteFailure> {
    match file_system.exchange(temporary, target) {
        Ok(()) => {}
        // RENAME_EXCHANGE needs both: the case file was deleted.
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(WriteFailure::Conflict(None));
        }
        Err(error) if error.kind() == io::ErrorKind::Unsupported => {
            return fallback_rename(file_system, temporary, target, expected);
        }
        Err(source) => {
            return Err(WriteFailure::NotWritten {
                step: "replacing the case file",
                source,
            });
        }
    }
    // `temporary` now names the displaced file.
    let displaced = read_displaced(temporary);
    let unchanged = match (expected, displaced.as_deref()) {
        (Some(expected), Some(bytes)) => expected.matches(bytes),
        _ => false,
    };
    if unchanged {
        let _ = std::fs::remove_file(temporary);
        return Ok(());
    }
    swap_back(file_system, temporary, target, ours)?;
    Err(WriteFailure::Conflict(displaced))
}

/// An exclusive lock on the cases folder itself, which no one can delete
/// while it holds cases. Waited for, boundedly: it is held for one swap.
fn lock_folder(directory: &Path) -> io::Result<File> {
    let folder = File::open(directory)?;
    let deadline = Instant::now() + FOLDER_LOCK_WAIT;
    loop {
        match folder.try_lock() {
            Ok(()) => return Ok(folder),
            Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(io::Error::other(
                    "another program has held the cases folder's lock for more than 10 seconds",
                ));
            }
            Err(std::fs::TryLockError::Error(error)) => return Err(error),
        }
    }
}

/// No atomic swap here (another platform, or a file system without it):
/// compare right before a plain rename, which leaves the window between
/// the comparison and the rename (see `docs/reliability.md`).
fn fallback_rename(
    file_system: &dyn FileSystem,
    temporary: &Path,
    target: &Path,
    expected: Option<&Fingerprint>,
) -> Result<(), WriteFailure> {
    let current = read_displaced(target);
    let unchanged = match (expected, current.as_deref()) {
        (None, None) => true,
        (Some(expected), Some(bytes)) => expected.matches(bytes),
        _ => false,
    };
    if !unchanged {
        return Err(WriteFailure::Conflict(current));
    }
    file_system
        .rename(temporary, target)
        .map_err(|source| WriteFailure::NotWritten {
            step: "replacing the case file",
            source,
        })
}

const SWAPPING_BACK: &str = "putting back the version another program wrote (it is at the temporary file beside the case; rename it over the case file)";

/// Puts the displaced file back at `target` and removes this save's file.
/// If a third version was renamed over this save's file meanwhile (another
/// writer ignoring the lock), that newest version goes back in place, and
/// the displaced one is kept beside the case as `<case>.displaced-<pid>-<n>`
/// for the person to look at: nothing is deleted that was not this save's.
fn swap_back(
    file_system: &dyn FileSystem,
    temporary: &Path,
    target: &Path,
    ours: Option<u64>,
) -> Result<(), WriteFailure> {
    let swap = |step| {
        file_system
            .exchange(temporary, target)
            .map_err(|source| WriteFailure::NotWritten { step, source })
    };
    swap(SWAPPING_BACK)?;
    let at_temporary = || std::fs::symlink_metadata(temporary).map(|metadata| metadata.ino());
    if at_temporary().ok() == ours {
        let _ = std::fs::remove_file(temporary);
        return Ok(());
    }
    swap(SWAPPING_BACK)?;
    let random = RandomState::new().build_hasher().finish() & 0xffff;
    let kept = target.with_extension(format!(
        "yaml.displaced-{}-{random:04x}",
        std::process::id()
    ));
    let _ = std::fs::rename(temporary, kept);
    Ok(())
}

/// The bytes of the regular file at `path`, if it is one that can be read.
fn read_displaced(path: &Path) -> Option<Vec<u8>> {
    read_regular_file(path, Links::Refuse, MAX_CASE_FILE_BYTES).ok()
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

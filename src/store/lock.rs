//! Advisory locks on small companion files, so that read-modify-write and id
//! allocation are serialised between processes (and between `Store` values
//! in one process: the lock belongs to the open file, not the process).
//!
//! A lock holds only while its file is the one at its path: a lock file
//! deleted or replaced by someone else would let a second process lock a
//! new file of the same name. So after locking, the open file is compared
//! with what the path names now, and the lock is taken again if they
//! differ. (A lock file deleted *while* held still lets a second process in;
//! the save's exchange-and-compare then refuses the later save as a conflict,
//! so nothing is lost — see `atomic_write`.) The holder writes its pid and
//! name into the file, so whoever waits can say who it waits for; waiting
//! is bounded.

use std::fmt;
use std::fs::File;
use std::io::{self, Read as _, Seek as _, Write as _};
use std::os::unix::fs::MetadataExt as _;
use std::path::Path;
use std::time::{Duration, Instant};

use rustix::fs::{Mode, OFlags};

use super::atomic_write::CASE_FILE_MODE;
use super::error::StoreError;
use super::safe_open::{Links, check_regular};

/// How long a command waits for a lock someone else holds before giving up
/// (`MIGDESK_LOCK_WAIT_SECONDS` changes it). A save holds a lock for
/// milliseconds; ten seconds means the holder is stuck or waiting for a person.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(10);

/// Overrides [`DEFAULT_LOCK_WAIT`], in seconds (0 never waits).
pub const LOCK_WAIT_VARIABLE: &str = crate::config::variables::LOCK_WAIT;

/// Who holds a lock, as its holder wrote it into the lock file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder {
    pub pid: u32,
    /// The holder's login name, or `uid N` without one.
    pub name: String,
}

impl fmt::Display for LockHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pid {}, {}", self.pid, self.name)
    }
}

/// Held until dropped; closing the file releases the lock.
#[derive(Debug)]
pub struct LockGuard {
    _file: File,
}

/// The wait of `MIGDESK_LOCK_WAIT_SECONDS`, or an explanation of its bad value.
pub fn lock_wait_from_environment() -> Result<Duration, String> {
    match std::env::var(LOCK_WAIT_VARIABLE) {
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_LOCK_WAIT),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!(
            "{LOCK_WAIT_VARIABLE} is not text; set it to a number of seconds, like 10, or unset it"
        )),
        Ok(text) => text
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|seconds| seconds.is_finite() && (0.0..=86_400.0).contains(seconds))
            .map(Duration::from_secs_f64)
            .ok_or_else(|| {
                format!(
                    "{LOCK_WAIT_VARIABLE}=`{text}` is not a number of seconds between 0 and 86400; set it like 10, or unset it"
                )
            }),
    }
}

/// Takes an exclusive lock on `path`, creating it (0600) if needed, waiting
/// at most `wait` for whoever holds it. Lock files are never deleted.
pub(crate) fn lock_exclusive(path: &Path, wait: Duration) -> Result<LockGuard, StoreError> {
    let lock_error = |source| StoreError::Lock {
        path: path.to_path_buf(),
        source,
    };
    let deadline = Instant::now() + wait;
    loop {
        let mut file = open_lock_file(path).map_err(lock_error)?;
        acquire(&file, path, deadline)?;
        // The file may have been deleted or replaced while this process
        // waited: then the lock guards nothing, and it is taken again.
        let locked = file.metadata().map_err(lock_error)?;
        let current = std::fs::symlink_metadata(path);
        if current.is_ok_and(|now| (now.dev(), now.ino()) == (locked.dev(), locked.ino())) {
            // Best effort: on a full disk the lock still holds, unnamed.
            let _ = write_holder(&mut file);
            return Ok(LockGuard { _file: file });
        }
        if Instant::now() >= deadline {
            return Err(lock_error(io::Error::other(
                "the lock file kept being deleted or replaced by another program",
            )));
        }
    }
}

/// Who holds the lock at `path` now, if anyone does.
pub(crate) fn holder_of(path: &Path) -> Option<LockHolder> {
    let file = open_existing(path).ok()?;
    match file.try_lock() {
        Ok(()) => None,
        Err(_) => read_holder(&file),
    }
}

/// Waits for the lock until `deadline`, polling: a blocking `flock` could
/// not be given up on.
fn acquire(file: &File, path: &Path, deadline: Instant) -> Result<(), StoreError> {
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(source)) => {
                return Err(StoreError::Lock {
                    path: path.to_path_buf(),
                    source,
                });
            }
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(StoreError::LockHeld {
                path: path.to_path_buf(),
                holder: read_holder(file),
            });
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

/// Opens the lock file, creating it if missing. Never through a link, never
/// blocking, only this user's regular file; the mode is set only on a file
/// this call created, so a planted link or file is never chmod'ed.
pub(crate) fn open_lock_file(path: &Path) -> io::Result<File> {
    let flags = OFlags::RDWR | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    for _ in 0..8 {
        match rustix::fs::open(
            path,
            flags | OFlags::CREATE | OFlags::EXCL,
            Mode::from_raw_mode(CASE_FILE_MODE),
        ) {
            Ok(fd) => {
                rustix::fs::fchmod(&fd, Mode::from_raw_mode(CASE_FILE_MODE))?;
                return Ok(File::from(fd));
            }
            Err(rustix::io::Errno::EXIST) => {}
            Err(error) => return Err(error.into()),
        }
        match open_existing(path) {
            // Deleted between the two opens: create it again.
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            other => return other,
        }
    }
    Err(io::Error::other(
        "the lock file kept appearing and vanishing",
    ))
}

fn open_existing(path: &Path) -> io::Result<File> {
    let flags = OFlags::RDWR | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let fd = rustix::fs::open(path, flags, Mode::empty()).map_err(|error| match error {
        rustix::io::Errno::LOOP => io::Error::other(
            "it is a symbolic link; delete the link (migdesk makes its lock files itself)",
        ),
        error => error.into(),
    })?;
    let file = File::from(fd);
    let metadata = file.metadata()?;
    check_regular(&metadata, Links::Refuse, 4096).map_err(|refusal| {
        io::Error::other(format!(
            "{refusal}; delete it (migdesk makes its lock files itself)"
        ))
    })?;
    if metadata.nlink() > 1 {
        return Err(io::Error::other(
            "it has another name (a hard link); delete it (migdesk makes its lock files itself)",
        ));
    }
    Ok(file)
}

fn write_holder(file: &mut File) -> io::Result<()> {
    let text = format!("{} {}\n", std::process::id(), holder_name());
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(text.as_bytes())
}

fn read_holder(file: &File) -> Option<LockHolder> {
    let mut text = String::new();
    let mut reader = file;
    reader.rewind().ok()?;
    reader.take(512).read_to_string(&mut text).ok()?;
    let (pid, name) = text.trim_end().split_once(' ')?;
    Some(LockHolder {
        pid: pid.parse().ok()?,
        name: name.chars().take(64).collect(),
    })
}

/// The login name (from the environment), else the uid.
fn holder_name() -> String {
    ["USER", "LOGNAME"]
        .iter()
        .filter_map(|variable| std::env::var(variable).ok())
        .map(|name| name.trim().replace(['\n', '\r'], " "))
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| format!("uid {}", super::safe_open::current_user()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_names_its_holder_and_is_given_up_on_in_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".MIG-0001.lock");
        let _held = lock_exclusive(&path, Duration::ZERO).unwrap();
        let started = Instant::now();
        let error = lock_exclusive(&path, Duration::from_millis(200)).unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert!(started.elapsed() < Duration::from_secs(5));
        let StoreError::LockHeld { holder, .. } = &error else {
            panic!("{error:?}");
        };
        let holder = holder.clone().unwrap();
        assert_eq!(holder.pid, std::process::id());
        assert_eq!(holder_of(&path), Some(holder));
        assert!(
            error
                .to_string()
                .contains(&format!("pid {}", std::process::id()))
        );
    }

    #[test]
    fn a_lock_file_deleted_while_waiting_is_locked_again_at_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".MIG-0001.lock");
        let held = lock_exclusive(&path, Duration::ZERO).unwrap();
        let waiter = {
            let path = path.clone();
            std::thread::spawn(move || lock_exclusive(&path, Duration::from_secs(5)))
        };
        std::thread::sleep(Duration::from_millis(50));
        std::fs::remove_file(&path).unwrap();
        // Someone else locks the new file at the path first…
        let newcomer = lock_exclusive(&path, Duration::ZERO).unwrap();
        drop(held);
        std::thread::sleep(Duration::from_millis(100));
        // …so the waiter, now holding the deleted file, must not think it has the lock.
        assert!(!waiter.is_finished());
        drop(newcomer);
        let guard = waiter.join().unwrap().unwrap();
        let locked = guard._file.metadata().unwrap();
        let at_path = std::fs::symlink_metadata(&path).unwrap();
        assert_eq!(locked.ino(), at_path.ino());
    }

    #[test]
    fn a_planted_link_is_refused_and_its_target_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = dir.path().join(".MIG-0001.lock");
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        let error = lock_exclusive(&path, Duration::ZERO).unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        let mode = std::fs::metadata(&victim).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o755);
        assert_eq!(std::fs::read(&victim).unwrap(), b"#!/bin/sh\n");
    }
}

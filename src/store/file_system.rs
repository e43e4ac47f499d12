//! The few file operations a save performs, behind a trait so tests can make
//! any one of them fail and check that nothing is lost.

use std::fmt;
use std::fs::File;
use std::io::{self, Write as _};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

pub trait FileSystem: Send + Sync + fmt::Debug {
    /// Creates `path`, failing if anything exists there, with exactly `mode`
    /// permissions whatever the umask.
    fn create_new(&self, path: &Path, mode: u32) -> io::Result<File>;
    /// Writes some of `bytes`, returning how many, like [`io::Write::write`].
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<usize>;
    fn sync(&self, file: &File) -> io::Result<()>;
    /// Atomically replaces `to` with `from`.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Atomically swaps `from` and `to`, both of which must exist, so the
    /// file that was at `to` can be checked after the swap
    /// (`renameat2(RENAME_EXCHANGE)`). [`io::ErrorKind::Unsupported`] where
    /// the platform or file system cannot.
    fn exchange(&self, from: &Path, to: &Path) -> io::Result<()> {
        rename_with(from, to, RenameMode::Exchange)
    }
    /// Moves `from` to `to`, failing with [`io::ErrorKind::AlreadyExists`]
    /// if something is there (`RENAME_NOREPLACE`). Unsupported as above.
    fn rename_no_replace(&self, from: &Path, to: &Path) -> io::Result<()> {
        rename_with(from, to, RenameMode::NoReplace)
    }
    /// Makes a rename inside `dir` durable.
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
    fn remove(&self, path: &Path) -> io::Result<()>;
}

#[derive(Debug, Default, Clone, Copy)]
pub struct RealFileSystem;

impl FileSystem for RealFileSystem {
    fn create_new(&self, path: &Path, mode: u32) -> io::Result<File> {
        // O_EXCL, and the mode set on the new file's handle: the umask may
        // have removed bits from `mode`, or (umask 000) left nothing out.
        super::safe_open::create_new_file(path, mode)
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<usize> {
        file.write(bytes)
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        File::open(dir)?.sync_all()
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)
    }
}

#[derive(Debug, Clone, Copy)]
enum RenameMode {
    Exchange,
    NoReplace,
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn rename_with(from: &Path, to: &Path, mode: RenameMode) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags};
    let flags = match mode {
        RenameMode::Exchange => RenameFlags::EXCHANGE,
        RenameMode::NoReplace => RenameFlags::NOREPLACE,
    };
    match rustix::fs::renameat_with(CWD, from, CWD, to, flags) {
        Ok(()) => Ok(()),
        // An old kernel, or a file system (some network ones) without it.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "this file system cannot swap files atomically",
        )),
        Err(error) => Err(error.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn rename_with(_from: &Path, _to: &Path, _mode: RenameMode) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "this platform cannot swap files atomically",
    ))
}

/// How [`FaultyFileSystem`] breaks the call it is told to break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The call fails with EIO.
    Io,
    /// The call fails with ENOSPC; a write first writes half its bytes, as
    /// when a disk fills part-way.
    NoSpace,
    /// A write writes only half its bytes and reports that honestly; other calls are unaffected.
    ShortWrite,
}

const EIO: i32 = 5;
const ENOSPC: i32 = 28;

/// Passes every call to [`RealFileSystem`] except call number `fail_at`
/// (counting from 1), which it breaks as `fault` says.
#[derive(Debug)]
pub struct FaultyFileSystem {
    fail_at: usize,
    fault: Fault,
    calls: AtomicUsize,
}

impl FaultyFileSystem {
    pub fn new(fail_at: usize, fault: Fault) -> FaultyFileSystem {
        FaultyFileSystem {
            fail_at,
            fault,
            calls: AtomicUsize::new(0),
        }
    }

    /// How many calls have been made so far.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// Counts a call; returns the error to fail it with, if it is the one to break.
    fn next_call(&self, is_write: bool) -> Option<io::Error> {
        let number = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if number != self.fail_at {
            return None;
        }
        match self.fault {
            Fault::Io => Some(io::Error::from_raw_os_error(EIO)),
            Fault::NoSpace => Some(io::Error::from_raw_os_error(ENOSPC)),
            Fault::ShortWrite if is_write => Some(io::Error::other("short write")),
            Fault::ShortWrite => None,
        }
    }
}

impl FileSystem for FaultyFileSystem {
    fn create_new(&self, path: &Path, mode: u32) -> io::Result<File> {
        match self.next_call(false) {
            Some(error) => Err(error),
            None => RealFileSystem.create_new(path, mode),
        }
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<usize> {
        let Some(error) = self.next_call(true) else {
            return RealFileSystem.write(file, bytes);
        };
        let half = &bytes[..bytes.len() / 2];
        match self.fault {
            Fault::Io => Err(error),
            Fault::NoSpace => {
                file.write_all(half)?;
                Err(error)
            }
            Fault::ShortWrite => file.write(half),
        }
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        match self.next_call(false) {
            Some(error) => Err(error),
            None => RealFileSystem.sync(file),
        }
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        match self.next_call(false) {
            Some(error) => Err(error),
            None => RealFileSystem.rename(from, to),
        }
    }

    fn exchange(&self, from: &Path, to: &Path) -> io::Result<()> {
        match self.next_call(false) {
            Some(error) => Err(error),
            None => RealFileSystem.exchange(from, to),
        }
    }

    fn rename_no_replace(&self, from: &Path, to: &Path) -> io::Result<()> {
        match self.next_call(false) {
            Some(error) => Err(error),
            None => RealFileSystem.rename_no_replace(from, to),
        }
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        match self.next_call(false) {
            Some(error) => Err(error),
            None => RealFileSystem.sync_dir(dir),
        }
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        match self.next_call(false) {
            Some(error) => Err(error),
            None => RealFileSystem.remove(path),
        }
    }
}

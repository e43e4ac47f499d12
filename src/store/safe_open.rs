//! Opening the files migdesk reads or locks without trusting what sits at
//! the path: no symbolic link is followed where none is expected, no open
//! can block (a FIFO or a device opens at once and is then refused), and
//! the open handle is checked — a regular file, owned by this user, under
//! its size cap — before a byte is read. Checking the handle rather than
//! the path leaves no moment in which the path can be swapped.

use std::fs::{File, Metadata};
use std::io::{self, Read as _};
use std::os::unix::fs::MetadataExt as _;
use std::path::Path;

use rustix::fs::{Mode, OFlags};

/// How far the path is trusted: whether a symbolic link at the path itself
/// may be followed, and whether the file may belong to someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Files of the data folder (cases, playbooks, the index, lock files):
    /// a link there is refused (ELOOP) and the file must be this user's.
    Refuse,
    /// A path the person typed (`validate PATH`): the link and the file are
    /// theirs to choose, so only the kind and the size are checked.
    Follow,
}

/// What is wrong with the file behind an opened handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    SymbolicLink,
    /// A FIFO, socket, device or folder.
    NotAFile(&'static str),
    /// Owned by another user: see "Shared folders" in `docs/reliability.md`.
    ForeignOwner {
        owner: u32,
        user: u32,
    },
    TooLarge {
        len: u64,
        cap: u64,
    },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::SymbolicLink => f.write_str("it is a symbolic link"),
            Refusal::NotAFile(kind) => write!(f, "it is {kind}, not a regular file"),
            Refusal::ForeignOwner { owner, user } => write!(
                f,
                "it belongs to another user (uid {owner}; you are uid {user})"
            ),
            Refusal::TooLarge { len, cap } => {
                write!(f, "it is {len} bytes, more than the {cap} allowed")
            }
        }
    }
}

/// The effective uid, which decides what files migdesk accepts as its own.
pub fn current_user() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// Why a file could not be opened.
#[derive(Debug)]
pub enum OpenError {
    Refused(Refusal),
    Io(io::Error),
}

impl From<OpenError> for io::Error {
    fn from(error: OpenError) -> Self {
        match error {
            OpenError::Refused(refusal) => io::Error::other(refusal.to_string()),
            OpenError::Io(error) => error,
        }
    }
}

/// Opens `path` for reading without blocking (and without following a link
/// when `links` says so). `Ok(None)` when nothing is there.
pub fn open_for_reading(path: &Path, links: Links) -> Result<Option<(File, Metadata)>, OpenError> {
    let mut flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY;
    if links == Links::Refuse {
        flags |= OFlags::NOFOLLOW;
    }
    let fd = match rustix::fs::open(path, flags, Mode::empty()) {
        Ok(fd) => fd,
        Err(rustix::io::Errno::NOENT) => return Ok(None),
        Err(rustix::io::Errno::LOOP) if links == Links::Refuse => {
            return Err(OpenError::Refused(Refusal::SymbolicLink));
        }
        Err(error) => return Err(OpenError::Io(error.into())),
    };
    let file = File::from(fd);
    let metadata = file.metadata().map_err(OpenError::Io)?;
    Ok(Some((file, metadata)))
}

/// Refuses a handle that is not a regular file of this user under `cap` bytes.
pub fn check_regular(metadata: &Metadata, links: Links, cap: u64) -> Result<(), Refusal> {
    let file_type = metadata.file_type();
    if file_type.is_symlink() {
        return Err(Refusal::SymbolicLink);
    }
    if !file_type.is_file() {
        return Err(Refusal::NotAFile(kind_of(metadata)));
    }
    let user = current_user();
    if links == Links::Refuse && metadata.uid() != user {
        return Err(Refusal::ForeignOwner {
            owner: metadata.uid(),
            user,
        });
    }
    if metadata.len() > cap {
        return Err(Refusal::TooLarge {
            len: metadata.len(),
            cap,
        });
    }
    Ok(())
}

fn kind_of(metadata: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_fifo() {
        "a named pipe (FIFO)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

/// At most `cap + 1` bytes of `file`: one more than allowed shows that it
/// grew past its cap after it was checked.
pub fn read_capped(file: &mut File, metadata: &Metadata, cap: u64) -> io::Result<Vec<u8>> {
    let expected = usize::try_from(metadata.len().min(cap)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(expected);
    file.take(cap + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The bytes of the regular file at `path`, opened and checked as above;
/// every refusal is an [`io::Error`] whose message says what is wrong. For
/// files other than case files (playbooks, `validate PATH`, the index).
pub fn read_regular_file(path: &Path, links: Links, cap: u64) -> io::Result<Vec<u8>> {
    let Some((mut file, metadata)) = open_for_reading(path, links)? else {
        return Err(io::Error::new(io::ErrorKind::NotFound, "no such file"));
    };
    check_regular(&metadata, links, cap)
        .map_err(|refusal| io::Error::other(refusal.to_string()))?;
    let bytes = read_capped(&mut file, &metadata, cap)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::other(
            Refusal::TooLarge {
                len: bytes.len() as u64,
                cap,
            }
            .to_string(),
        ));
    }
    Ok(bytes)
}

/// Creates the folder `path` with exactly `mode` whatever the umask; the
/// mode is set on the handle of the folder just made, never through a
/// link. `Ok(false)` when it was there already (its mode is then left
/// alone: the user may have chosen it).
pub fn create_private_dir(path: &Path, mode: u32) -> io::Result<bool> {
    match rustix::fs::mkdir(path, Mode::from_raw_mode(mode)) {
        Ok(()) => {}
        Err(rustix::io::Errno::EXIST) => return Ok(false),
        Err(error) => return Err(error.into()),
    }
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = rustix::fs::open(path, flags, Mode::empty())?;
    rustix::fs::fchmod(&fd, Mode::from_raw_mode(mode))?;
    Ok(true)
}

/// Creates `path` exclusively (`O_EXCL`: never through a link, never over
/// a file) for writing, with exactly `mode` whatever the umask.
pub fn create_new_file(path: &Path, mode: u32) -> io::Result<File> {
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = rustix::fs::open(path, flags, Mode::from_raw_mode(mode))?;
    rustix::fs::fchmod(&fd, Mode::from_raw_mode(mode))?;
    Ok(File::from(fd))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_a_link_and_a_device_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let error = read_regular_file(&fifo, Links::Refuse, 1024).unwrap_err();
        assert!(error.to_string().contains("FIFO"), "{error}");
        let link = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let error = read_regular_file(&link, Links::Refuse, 1024).unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        let error = read_regular_file(&link, Links::Follow, 1024).unwrap_err();
        assert!(error.to_string().contains("device"), "{error}");
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"12345").unwrap();
        assert_eq!(
            read_regular_file(&plain, Links::Refuse, 5).unwrap(),
            b"12345"
        );
        let error = read_regular_file(&plain, Links::Refuse, 4).unwrap_err();
        assert!(error.to_string().contains("more than the 4"), "{error}");
    }
}

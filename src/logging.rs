//! The log file: `tracing` events written to `migdesk.log` in the state
//! folder (`$XDG_STATE_HOME/migdesk`, else `~/.local/state/migdesk`), at the
//! level `--log-level`, `$MIGDESK_LOG` or the config file set (warnings and
//! errors by default, which include every refused change and every sync).
//! The file is created on the first line written, private to the user, and
//! kept under `MAX_LOG_BYTES`: past that it becomes `migdesk.log.1` (the
//! one before is dropped) and a new file starts. Case text goes through
//! `sanitize` before it is logged, and fact values only at `trace`.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing::level_filters::LevelFilter;

use crate::config::{Config, LogLevel};
use crate::engine::Refusal;
use crate::sanitize::for_terminal_line;

/// The log file's name in the state folder.
pub const LOG_FILE_NAME: &str = "migdesk.log";

/// The size past which the log starts again (the previous one kept as `.1`).
pub const MAX_LOG_BYTES: u64 = 1024 * 1024;

/// The log file in the state folder, if there is a home folder.
pub fn log_path() -> Option<PathBuf> {
    crate::config::paths::state_dir().map(|dir| dir.join(LOG_FILE_NAME))
}

/// Sends this run's `tracing` events to the log file at the configured level.
pub fn init(config: &Config) {
    let level = filter(config.log_level.value);
    let Some(path) = log_path() else {
        return;
    };
    if level == LevelFilter::OFF {
        return;
    }
    let writer = Mutex::new(CappedFile::new(path, MAX_LOG_BYTES));
    // A second install (tests run several commands in one process) keeps the first.
    let _first_holds = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_max_level(level)
        .with_ansi(false)
        .with_target(true)
        .try_init();
}

pub fn filter(level: LogLevel) -> LevelFilter {
    match level {
        LogLevel::Off => LevelFilter::OFF,
        LogLevel::Error => LevelFilter::ERROR,
        LogLevel::Warn => LevelFilter::WARN,
        LogLevel::Info => LevelFilter::INFO,
        LogLevel::Debug => LevelFilter::DEBUG,
        LogLevel::Trace => LevelFilter::TRACE,
    }
}

/// Case text as it may go into the log: one line, no control characters.
pub fn clean(text: &str) -> String {
    for_terminal_line(text).into_owned()
}

/// Logs a change a rule refused. The message and remedy can quote fact
/// values, so they are logged only at `trace`.
pub fn refused(case: &str, refusal: &Refusal) {
    tracing::warn!(
        target: "migdesk::refusal",
        case = %clean(case),
        rule = %clean(&refusal.rule()),
        "change refused"
    );
    tracing::trace!(
        target: "migdesk::refusal",
        case = %clean(case),
        refusal = %clean(&refusal.message),
        remedy = %clean(&refusal.remedy),
        "refusal details"
    );
}

/// Logs a command on a case that failed; the reason can quote what was
/// typed (fact values), so it is logged only at `trace`.
pub fn failed(case: &str, reason: &str) {
    tracing::warn!(target: "migdesk::command", case = %clean(case), "command failed");
    tracing::trace!(target: "migdesk::command", case = %clean(case), reason = %clean(reason), "failure details");
}

/// Logs a change that could not be saved.
pub fn not_saved(case: &str, reason: &str) {
    tracing::warn!(target: "migdesk::save", case = %clean(case), reason = %clean(reason), "change not saved");
}

/// A file that opens itself on the first write, and starts again (keeping
/// the previous one as `.1`) once it holds more than `limit` bytes.
pub struct CappedFile {
    path: PathBuf,
    limit: u64,
    file: Option<(File, u64)>,
}

impl CappedFile {
    pub fn new(path: PathBuf, limit: u64) -> CappedFile {
        CappedFile {
            path,
            limit,
            file: None,
        }
    }

    fn open(path: &Path) -> io::Result<(File, u64)> {
        if let Some(folder) = path.parent() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(folder)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)?;
        let size = file.metadata()?.len();
        Ok((file, size))
    }

    fn rotated_path(&self) -> PathBuf {
        let mut name = self.path.clone().into_os_string();
        name.push(".1");
        PathBuf::from(name)
    }
}

impl CappedFile {
    fn append(&mut self, buffer: &[u8]) -> io::Result<()> {
        let (mut file, mut size) = match self.file.take() {
            Some(open) => open,
            None => CappedFile::open(&self.path)?,
        };
        if size > 0 && size + buffer.len() as u64 > self.limit {
            drop(file);
            std::fs::rename(&self.path, self.rotated_path())?;
            (file, size) = CappedFile::open(&self.path)?;
        }
        file.write_all(buffer)?;
        self.file = Some((file, size + buffer.len() as u64));
        Ok(())
    }
}

/// A log that cannot be written (a full disk, a read-only home) must not
/// get in the way: the line is dropped, and nothing is said on the terminal.
impl Write for CappedFile {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        let _dropped_if_unwritable = self.append(buffer);
        Ok(buffer.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some((file, _)) = &mut self.file {
            let _dropped_if_unwritable = file.flush();
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_created_until_a_line_is_written() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("state/migdesk/migdesk.log");
        let mut file = CappedFile::new(path.clone(), 100);
        file.flush().unwrap();
        assert!(!path.exists());
        file.write_all(b"one line\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one line\n");
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn past_the_limit_the_log_starts_again_and_keeps_one_previous_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("migdesk.log");
        let mut file = CappedFile::new(path.clone(), 25);
        for line in [
            "first line of ten\n",
            "second line\n",
            "third line\n",
            "fourth line\n",
        ] {
            file.write_all(line.as_bytes()).unwrap();
        }
        let current = std::fs::read_to_string(&path).unwrap();
        let previous = std::fs::read_to_string(folder.path().join("migdesk.log.1")).unwrap();
        assert_eq!(current, "fourth line\n");
        assert_eq!(previous, "second line\nthird line\n");
        assert!(current.len() as u64 <= 25 && previous.len() as u64 <= 25);
    }

    #[test]
    fn a_log_that_cannot_be_written_is_no_error() {
        let folder = tempfile::tempdir().unwrap();
        let not_a_folder = folder.path().join("file");
        std::fs::write(&not_a_folder, "").unwrap();
        let mut file = CappedFile::new(not_a_folder.join("migdesk.log"), 100);
        assert_eq!(file.write(b"a line\n").unwrap(), 7);
        file.flush().unwrap();
        assert_eq!(std::fs::read_to_string(&not_a_folder).unwrap(), "");
    }

    #[test]
    fn case_text_is_one_clean_line() {
        let cleaned = clean("Salon\u{1b}[2J\nLéa");
        assert!(
            !cleaned.contains('\u{1b}') && !cleaned.contains('\n'),
            "{cleaned:?}"
        );
        assert!(cleaned.contains("Léa"));
    }
}

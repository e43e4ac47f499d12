//! Running the git CLI: one place that spawns `git`, bounds every call by a
//! timeout, never lets git prompt on a terminal, and checks once per process
//! that git is installed and recent enough.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use wait_timeout::ChildExt as _;

/// The oldest git migdesk supports: `git init --initial-branch`, `switch`
/// and the `merge.<driver>` options it relies on are all older than this.
pub const MINIMUM_GIT: (u32, u32) = (2, 28);

/// Seconds one git call may take (`$MIGDESK_GIT_TIMEOUT` overrides); a
/// fetch over a dead link must not hang a sync.
pub const TIMEOUT_VARIABLE: &str = crate::config::variables::GIT_TIMEOUT;
const DEFAULT_TIMEOUT_SECONDS: u64 = 60;

/// Why a git call did not give an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// No `git` on the `PATH`.
    Missing,
    /// `git --version` is older than [`MINIMUM_GIT`].
    TooOld { found: String },
    /// The call ran longer than the timeout and was killed.
    TimedOut { command: String, seconds: u64 },
    /// git ran and failed.
    Failed {
        command: String,
        code: Option<i32>,
        stderr: String,
    },
    /// git could not be started or read.
    Io { command: String, message: String },
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Missing => write!(
                f,
                "git is not installed (or not on PATH); team mode needs git {}.{} or newer",
                MINIMUM_GIT.0, MINIMUM_GIT.1
            ),
            GitError::TooOld { found } => write!(
                f,
                "{found} is too old; team mode needs git {}.{} or newer",
                MINIMUM_GIT.0, MINIMUM_GIT.1
            ),
            GitError::TimedOut { command, seconds } => write!(
                f,
                "`{command}` took more than {seconds} s and was stopped (set {TIMEOUT_VARIABLE} to wait longer)"
            ),
            GitError::Failed {
                command, stderr, ..
            } => write!(f, "`{command}` failed: {}", last_line(stderr)),
            GitError::Io { command, message } => write!(f, "cannot run `{command}`: {message}"),
        }
    }
}

impl std::error::Error for GitError {}

/// The meaningful last line git wrote on stderr (its `fatal:` line).
pub fn last_line(stderr: &str) -> &str {
    stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("no message")
}

/// What a git call printed, whatever its exit status.
#[derive(Debug, Clone)]
pub struct GitOutput {
    pub success: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// A repository's working tree, and the environment every call gets.
#[derive(Debug, Clone)]
pub struct Git {
    work_tree: PathBuf,
    timeout: Duration,
    environment: Vec<(String, String)>,
}

impl Git {
    /// git in `work_tree` (which need not exist yet for `clone`), after the
    /// one-time version check.
    pub fn new(work_tree: &Path) -> Result<Git, GitError> {
        check_version()?;
        let seconds = std::env::var(TIMEOUT_VARIABLE)
            .ok()
            .and_then(|text| text.trim().parse::<u64>().ok())
            .filter(|seconds| *seconds > 0)
            .unwrap_or(DEFAULT_TIMEOUT_SECONDS);
        Ok(Git {
            work_tree: work_tree.to_path_buf(),
            timeout: Duration::from_secs(seconds),
            environment: Vec::new(),
        })
    }

    pub fn work_tree(&self) -> &Path {
        &self.work_tree
    }

    /// The same repository with extra environment variables on every call
    /// (the author and committer of a sync's commits).
    pub fn with_environment(&self, variables: &[(&str, &str)]) -> Git {
        let mut git = self.clone();
        git.environment.extend(
            variables
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string())),
        );
        git
    }

    /// Runs `git ARGS` in the work tree; a non-zero exit is an answer, not an error.
    pub fn output(&self, args: &[&str]) -> Result<GitOutput, GitError> {
        self.output_in(&self.work_tree, args)
    }

    /// Runs `git ARGS` and fails unless it exits 0; returns its stdout.
    pub fn run(&self, args: &[&str]) -> Result<String, GitError> {
        let output = self.output(args)?;
        if output.success {
            Ok(output.stdout)
        } else {
            Err(GitError::Failed {
                command: describe(args),
                code: output.code,
                stderr: output.stderr,
            })
        }
    }

    /// Runs `git ARGS` in `directory` (for `clone`, whose target does not exist yet).
    pub fn output_in(&self, directory: &Path, args: &[&str]) -> Result<GitOutput, GitError> {
        let mut command = base_command();
        command.current_dir(directory).args(args);
        for (name, value) in &self.environment {
            command.env(name, value);
        }
        run_bounded(command, &describe(args), self.timeout, None)
    }

    /// Runs `git ARGS` with `input` on its standard input (`fast-import`,
    /// `cat-file --batch`) and fails unless it exits 0; returns its stdout.
    pub fn run_with_input(&self, args: &[&str], input: Vec<u8>) -> Result<String, GitError> {
        let mut command = base_command();
        command.current_dir(&self.work_tree).args(args);
        for (name, value) in &self.environment {
            command.env(name, value);
        }
        command.stdin(Stdio::piped());
        let output = run_bounded(command, &describe(args), self.timeout, Some(input))?;
        if output.success {
            Ok(output.stdout)
        } else {
            Err(GitError::Failed {
                command: describe(args),
                code: output.code,
                stderr: output.stderr,
            })
        }
    }

    /// An environment variable every call of this `Git` gets, as set by
    /// [`Git::with_environment`].
    pub fn variable(&self, name: &str) -> Option<&str> {
        self.environment
            .iter()
            .rev()
            .find(|(variable, _)| variable == name)
            .map(|(_, value)| value.as_str())
    }
}

fn describe(args: &[&str]) -> String {
    format!("git {}", args.join(" "))
}

/// git that never asks anything on a terminal and speaks plain English, so
/// its messages can be recognised.
fn base_command() -> Command {
    let mut command = Command::new("git");
    command
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run_bounded(
    mut command: Command,
    description: &str,
    timeout: Duration,
    input: Option<Vec<u8>>,
) -> Result<GitOutput, GitError> {
    let io_error = |error: std::io::Error| GitError::Io {
        command: description.to_string(),
        message: error.to_string(),
    };
    let mut child = command.spawn().map_err(|error| {
        if error.kind() == std::io::ErrorKind::NotFound {
            GitError::Missing
        } else {
            io_error(error)
        }
    })?;
    // Fed on its own thread: git may answer (and fill its output pipe)
    // before it has read all of its input.
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        std::thread::spawn(move || {
            use std::io::Write as _;
            let _ = stdin.write_all(&input);
        });
    }
    // Both pipes are drained while git runs, or a chatty git would block on a full pipe.
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);
    let status = match child.wait_timeout(timeout).map_err(io_error)? {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(GitError::TimedOut {
                command: description.to_string(),
                seconds: timeout.as_secs(),
            });
        }
    };
    let collect = |reader: Option<std::thread::JoinHandle<Vec<u8>>>| {
        reader
            .and_then(|handle| handle.join().ok())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    };
    Ok(GitOutput {
        success: status.success(),
        code: status.code(),
        stdout: collect(stdout),
        stderr: collect(stderr),
    })
}

fn drain(mut pipe: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// Checked once per process: every later call trusts the answer.
fn check_version() -> Result<(), GitError> {
    static VERSION: OnceLock<Result<(), GitError>> = OnceLock::new();
    VERSION
        .get_or_init(|| {
            let mut command = base_command();
            command.arg("--version");
            let output = run_bounded(command, "git --version", Duration::from_secs(10), None)?;
            let text = output.stdout.trim().to_string();
            match parse_version(&text) {
                Some(version) if version >= MINIMUM_GIT => Ok(()),
                _ => Err(GitError::TooOld { found: text }),
            }
        })
        .clone()
}

/// `git version 2.39.2` (or `git version 2.39.2.windows.1`) → (2, 39).
pub fn parse_version(text: &str) -> Option<(u32, u32)> {
    let number = text.strip_prefix("git version ")?;
    let mut parts = number.split('.');
    let major = parts.next()?.trim().parse().ok()?;
    let minor = parts
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    Some((major, minor))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_what_git_prints() {
        assert_eq!(parse_version("git version 2.39.2"), Some((2, 39)));
        assert_eq!(parse_version("git version 2.45.1.windows.1"), Some((2, 45)));
        assert_eq!(parse_version("git version 1.8.3"), Some((1, 8)));
        assert_eq!(parse_version("hub version 2.14"), None);
        assert!((1, 8) < MINIMUM_GIT && (2, 39) >= MINIMUM_GIT);
    }

    #[test]
    fn a_call_that_runs_too_long_is_stopped() {
        let mut command = Command::new("sleep");
        command
            .arg("5")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let started = std::time::Instant::now();
        let error = run_bounded(command, "sleep 5", Duration::from_millis(200), None).unwrap_err();
        assert!(matches!(error, GitError::TimedOut { .. }), "{error:?}");
        assert!(started.elapsed() < Duration::from_secs(4));
        assert!(error.to_string().contains(TIMEOUT_VARIABLE));
    }

    #[test]
    fn the_last_line_of_stderr_is_the_reason() {
        assert_eq!(
            last_line("hint: something\nfatal: repository not found\n\n"),
            "fatal: repository not found"
        );
        assert_eq!(last_line(""), "no message");
    }
}

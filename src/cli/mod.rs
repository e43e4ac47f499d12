//! The scriptable command line: argument parsing (clap) and dispatch. Each
//! command is thin: it loads through `store`, changes through
//! `engine::apply`, and prints through `output`.

mod args;
mod commands;
mod notices;
pub mod output;
mod team;
mod validate;

use std::fmt;
use std::io::Write as _;
use std::process::ExitCode;

pub use args::{Cli, Command, ListArgs};

use crate::engine::Refusal;

/// How a command failed, which decides the exit code.
#[derive(Debug)]
pub enum CliError {
    /// Bad arguments: exit 2.
    Usage(String),
    /// A rule forbids the change: exit 3, one line naming the rule and its remedy.
    Refused(Refusal),
    /// A bad file, I/O or anything else: exit 1.
    Failure(String),
    /// Problems were found and already reported (validate): exit 1, nothing more to print.
    Reported,
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) => ExitCode::from(2),
            CliError::Refused(_) => ExitCode::from(3),
            CliError::Failure(_) | CliError::Reported => ExitCode::from(1),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) | CliError::Failure(message) => f.write_str(message),
            CliError::Refused(refusal) => write!(f, "{refusal}"),
            CliError::Reported => Ok(()),
        }
    }
}

impl From<Refusal> for CliError {
    fn from(refusal: Refusal) -> Self {
        CliError::Refused(refusal)
    }
}

/// Runs one command and turns its outcome into an exit code, printing any
/// error on stderr as one sanitised line.
pub fn run(cli: Cli, command: Command) -> ExitCode {
    match commands::run(&cli, command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let text = error.to_string();
            if !text.is_empty() {
                // A closed or full stderr must not turn a clean refusal into a panic.
                let _ = writeln!(
                    std::io::stderr(),
                    "migdesk: {}",
                    crate::sanitize::for_terminal_line(&text)
                );
            }
            error.exit_code()
        }
    }
}

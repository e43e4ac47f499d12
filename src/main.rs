//! The `migdesk` binary: the command line, or the full-screen app when no
//! command is given.

use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _};
use migdesk::cli::{self, Cli};

fn main() -> ExitCode {
    // The matches say, for each setting, whether a flag or a variable gave it.
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    cli::start(cli, &matches)
}

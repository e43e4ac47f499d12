//! The `migdesk` binary: the command line, or the full-screen app when no
//! command is given.

use std::process::ExitCode;

use clap::Parser;
use migdesk::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.clone() {
        Some(command) => cli::run(cli, command),
        // The app checks for a terminal itself and prints a hint without one.
        None => migdesk::tui::run(cli.data_dir, cli.acting_as),
    }
}

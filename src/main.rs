//! The `migdesk` binary: the command line, or the full-screen app when no
//! command is given.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use migdesk::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.clone() {
        Some(command) => cli::run(cli, command),
        None if !std::io::stdout().is_terminal() => {
            eprintln!(
                "migdesk: the full-screen app needs a terminal; use the commands instead (`migdesk list`, `migdesk --help`)"
            );
            ExitCode::from(2)
        }
        None => migdesk::tui::run(cli.data_dir, cli.acting_as),
    }
}

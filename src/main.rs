//! The `migdesk` binary: the command line, or the full-screen app when no
//! command is given.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;
use migdesk::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    // Settings from the environment are checked once, before anything runs:
    // a typo there must not be silently ignored.
    if let Err(message) = migdesk::session::check_environment() {
        let _ = writeln!(
            std::io::stderr(),
            "migdesk: {}",
            migdesk::sanitize::for_terminal_line(&message)
        );
        return ExitCode::from(2);
    }
    match cli.command.clone() {
        Some(command) => cli::run(cli, command),
        // The app checks for a terminal itself and prints a hint without one.
        None => migdesk::tui::run(cli.data_dir, cli.acting_as),
    }
}

/// Prints clap's message with whatever the arguments held escaped: an
/// argument can carry escape sequences (OSC 52, ESC c, BEL) that clap
/// would echo to the terminal as they are.
fn usage_error(error: &clap::Error) -> ExitCode {
    if error.use_stderr() {
        let text = error.render().to_string();
        let _ = write!(
            std::io::stderr(),
            "{}",
            migdesk::sanitize::for_clipboard(&text)
        );
    } else {
        // `--help` and `--version`: migdesk's own text, to standard output.
        let _ = error.print();
    }
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

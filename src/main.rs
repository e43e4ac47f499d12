//! The `migdesk` binary: the command line, or the full-screen app when no
//! command is given.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _};
use migdesk::cli::{self, Cli};

fn main() -> ExitCode {
    // Settings from the environment that clap does not read are checked
    // once, before anything runs: a typo there must not be silently ignored.
    if let Err(message) = migdesk::session::check_environment() {
        let _ = writeln!(
            std::io::stderr(),
            "migdesk: {}",
            migdesk::sanitize::for_terminal_line(&message)
        );
        return ExitCode::from(2);
    }
    // The matches say, for each setting, whether a flag or a variable gave it.
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => return usage_error(&error),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    cli::start(cli, &matches)
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

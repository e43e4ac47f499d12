//! The scriptable command line: argument parsing (clap) and dispatch. Each
//! command is thin: it loads through `store`, changes through
//! `engine::apply`, and prints through `output`.

mod args;
mod commands;
mod history;
mod lead;
mod notices;
pub mod output;
mod settings;
mod shorten;
mod team;
mod validate;

use std::fmt;
use std::io::Write as _;
use std::process::ExitCode;

pub use args::{Cli, Command, CompletionShell, ConfigAction, ListArgs};
pub use settings::{default_file, overrides};

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

/// Resolves the settings (flags, else variables, else the config file,
/// else defaults), starts the log, then runs the command, or the app when
/// there is none.
pub fn start(mut cli: Cli, matches: &clap::ArgMatches) -> ExitCode {
    let overrides = settings::overrides(&cli, matches);
    if let Some(code) = settings::run_without_settings(&cli, &overrides) {
        return code;
    }
    // A config file that does not read is reported in the language the
    // flag, the variable or the locale chose.
    crate::i18n::set_language(overrides.language.as_ref().map_or_else(
        || crate::config::language_from_locale(|name| std::env::var(name).ok()).value,
        |given| given.value,
    ));
    let config = match crate::config::load(overrides) {
        Ok(config) => config,
        Err(error) => return settings::config_failed(&error),
    };
    crate::i18n::set_language(config.language.value);
    if let Some(code) = settings::run_with_settings(&cli, &config) {
        return code;
    }
    crate::logging::init(&config);
    if let Some(moment) = cli.now {
        crate::session::pin_clock(moment);
    }
    // From here on the commands read the settings' choice.
    cli.data_dir = config.data_dir.value.clone();
    cli.acting_as = Some(config.user.value.clone());
    match cli.command.clone() {
        Some(command) => run(cli, command),
        // The app checks for a terminal itself and prints a hint without one.
        None => crate::tui::run(&config),
    }
}

/// Runs one command and turns its outcome into an exit code, printing any
/// error on stderr as one sanitised line.
pub fn run(cli: Cli, command: Command) -> ExitCode {
    let case = command_case(&command);
    // JSON is for programs: its values (refusal messages included) are the
    // same whatever language the person running it reads.
    let outcome = if speaks_json(&command) {
        crate::i18n::with_language(crate::config::Language::En, || commands::run(&cli, command))
    } else {
        commands::run(&cli, command)
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            match (&error, &case) {
                (CliError::Refused(refusal), Some(case)) => crate::logging::refused(case, refusal),
                (CliError::Failure(message) | CliError::Usage(message), Some(case)) => {
                    crate::logging::failed(case, message);
                }
                _ => {}
            }
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

/// Whether a command prints JSON or CSV (whose text stays English, so a
/// script or a spreadsheet reads the same columns and values in any language).
fn speaks_json(command: &Command) -> bool {
    match command {
        Command::Playbooks { json } | Command::Show { json, .. } | Command::Sync { json } => *json,
        Command::New(args) => args.json,
        Command::List(args) => {
            args.json
                || matches!(
                    args.format,
                    Some(args::ListFormat::Json | args::ListFormat::Csv)
                )
        }
        Command::Stats(args) => args.json,
        Command::Export { format, .. } => *format == args::ExportFormat::Json,
        Command::Team(args::TeamCommand::Status { json }) => *json,
        Command::Team(_)
        | Command::Set { .. }
        | Command::Check { .. }
        | Command::Uncheck { .. }
        | Command::Skip { .. }
        | Command::Note { .. }
        | Command::Status { .. }
        | Command::Resolve { .. }
        | Command::Assign { .. }
        | Command::Take { .. }
        | Command::Rename { .. }
        | Command::Due { .. }
        | Command::Review(_)
        | Command::Validate { .. }
        | Command::Config { .. }
        | Command::Completions { .. }
        | Command::Man
        | Command::GenerateCases { .. } => false,
    }
}

/// The case a command changes, for the log.
fn command_case(command: &Command) -> Option<String> {
    match command {
        Command::Set { case, .. }
        | Command::Check { case, .. }
        | Command::Uncheck { case, .. }
        | Command::Skip { case, .. }
        | Command::Note { case, .. }
        | Command::Status { case, .. }
        | Command::Rename { case, .. }
        | Command::Due { case, .. }
        | Command::Resolve { case, .. }
        | Command::Assign { case, .. }
        | Command::Take { case } => Some(case.clone()),
        Command::Review(args) => Some(args.case.clone()),
        Command::New(args) => Some(format!("new case on {}", args.playbook)),
        Command::Playbooks { .. }
        | Command::List(_)
        | Command::Stats(_)
        | Command::Show { .. }
        | Command::Validate { .. }
        | Command::Export { .. }
        | Command::Config { .. }
        | Command::Completions { .. }
        | Command::Man
        | Command::Team(_)
        | Command::Sync { .. }
        | Command::GenerateCases { .. } => None,
    }
}

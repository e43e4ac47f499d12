//! From the command line to the run's settings (what each flag and
//! variable said, and which of the two said it), and the commands about
//! migdesk itself: `config`, `completions` and `man`.

use std::io::Write as _;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory as _};

use crate::config::{self, Config, Given, Overrides, Source, name_of};
use crate::sanitize::for_terminal_line;
use crate::tui::keymap::{Keymap, default_tables};

use super::args::{Cli, CompletionShell, ConfigAction};

/// What the flags and the environment said, each with which of them said it.
pub fn overrides(cli: &Cli, matches: &ArgMatches) -> Overrides {
    let text = |value: &Option<String>| value.clone().filter(|text| !text.trim().is_empty());
    Overrides {
        config_file: given(cli.config.clone(), matches, "config"),
        user: given(text(&cli.acting_as), matches, "acting_as"),
        email: given(text(&cli.email), matches, "email"),
        data_dir: given(
            cli.data_dir
                .clone()
                .filter(|path| !path.as_os_str().is_empty()),
            matches,
            "data_dir",
        ),
        language: given(cli.language, matches, "language"),
        theme: given(cli.theme, matches, "theme"),
        calendar: given(cli.calendar, matches, "calendar"),
        log_level: given(cli.log_level, matches, "log_level"),
        sync: given(cli.sync, matches, "sync"),
        sync_interval_seconds: given(cli.sync_interval, matches, "sync_interval"),
    }
}

fn given<T>(value: Option<T>, matches: &ArgMatches, id: &str) -> Option<Given<T>> {
    let source = match source_of(matches, id) {
        Some(ValueSource::EnvVariable) => Source::Environment,
        _ => Source::Flag,
    };
    value.map(|value| Given { value, source })
}

/// Where an argument's value came from; global arguments given after a
/// command are recorded in that command's matches.
fn source_of(matches: &ArgMatches, id: &str) -> Option<ValueSource> {
    let own = matches.value_source(id);
    if own == Some(ValueSource::CommandLine) {
        return own;
    }
    match matches.subcommand() {
        Some((_, sub)) => source_of(sub, id).or(own),
        None => own,
    }
}

/// `config default`, `config path`, `completions` and `man`, which need no
/// settings; `None` for every other command.
pub fn run_without_settings(cli: &Cli, overrides: &Overrides) -> Option<ExitCode> {
    use super::args::Command;
    let text = match cli.command.as_ref()? {
        Command::Config {
            action: ConfigAction::Default,
        } => default_file(),
        Command::Config {
            action: ConfigAction::Path,
        } => path_line(overrides),
        Command::Completions { shell } => completions(*shell),
        Command::Man => man_page(),
        _ => return None,
    };
    Some(print(text.as_bytes()))
}

/// `config check` and `config show`, on the settings loaded; `None` for
/// every other command.
pub fn run_with_settings(cli: &Cli, config: &Config) -> Option<ExitCode> {
    use super::args::Command;
    match cli.command.as_ref()? {
        Command::Config {
            action: ConfigAction::Check,
        } => Some(check(config)),
        Command::Config {
            action: ConfigAction::Show,
        } => Some(print(show(config).as_bytes())),
        _ => None,
    }
}

/// Says that a config file cannot be used, and how to find out more.
pub fn config_failed(error: &config::ConfigError) -> ExitCode {
    eprintln!(
        "migdesk: {}\nmigdesk: fix the config file, or see `migdesk config default` for every setting",
        for_terminal_line(&error.to_string())
    );
    ExitCode::FAILURE
}

fn print(bytes: &[u8]) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not a failure worth a message.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("migdesk: cannot write: {error}");
            ExitCode::FAILURE
        }
    }
}

/// A complete config file: every setting at its default, the key tables
/// with every view's shipped keys.
pub fn default_file() -> String {
    format!(
        "{}{}",
        include_str!("../config/default.toml"),
        default_tables()
    )
}

fn path_line(overrides: &Overrides) -> String {
    let path = config::config_path(overrides.config_file.clone());
    match path.value {
        Some(file) => {
            let state = match (file.is_file(), path.source) {
                (true, _) => "",
                (false, Source::Default) => " (not there: the defaults apply)",
                (false, Source::Flag | Source::Environment | Source::File | Source::Locale) => {
                    " (not there: commands stop until it is, or until it is no longer named)"
                }
            };
            format!("{}{state}\n", file.display())
        }
        None => "no home folder: pass --config FILE\n".to_string(),
    }
}

fn check(config: &Config) -> ExitCode {
    let (_, warnings) = Keymap::with_user(&config.keys);
    let name = config.path.value.as_ref().map_or_else(
        || "the config file".to_string(),
        |path| path.display().to_string(),
    );
    if !config.file_read {
        println!("{name}: no such file; the defaults apply");
        return ExitCode::SUCCESS;
    }
    for warning in &warnings {
        eprintln!("{}", for_terminal_line(&warning.to_string()));
    }
    if warnings.is_empty() {
        println!("{name}: ok");
        ExitCode::SUCCESS
    } else {
        eprintln!("{name}: {} problem(s) in key bindings", warnings.len());
        ExitCode::FAILURE
    }
}

/// Every setting in effect, and where it came from.
pub fn show(config: &Config) -> String {
    let line = |key: &str, value: String, source: Source| format!("{key} = {value}  # {source}\n");
    let quoted = |text: &str| format!("{text:?}");
    let path = |path: &Option<std::path::PathBuf>| {
        path.as_ref().map_or_else(
            || "none".to_string(),
            |path| quoted(&path.display().to_string()),
        )
    };
    let mut text = String::new();
    text.push_str(&line(
        "config",
        path(&config.path.value),
        config.path.source,
    ));
    text.push_str(&line(
        "user.name",
        quoted(&config.user.value),
        config.user.source,
    ));
    text.push_str(&line(
        "user.email",
        config
            .email
            .value
            .as_deref()
            .map_or_else(|| "none".to_string(), quoted),
        config.email.source,
    ));
    text.push_str(&line(
        "data_dir",
        path(&config.data_dir.value),
        config.data_dir.source,
    ));
    text.push_str(&line(
        "language",
        quoted(&name_of(config.language.value)),
        config.language.source,
    ));
    text.push_str(&line(
        "calendar",
        quoted(&name_of(config.calendar.value)),
        config.calendar.source,
    ));
    text.push_str(&line(
        "theme",
        quoted(&name_of(config.theme.value)),
        config.theme.source,
    ));
    text.push_str(&line(
        "log.level",
        quoted(&name_of(config.log_level.value)),
        config.log_level.source,
    ));
    text.push_str(&line(
        "team.sync",
        config.team.sync.value.to_string(),
        config.team.sync.source,
    ));
    text.push_str(&line(
        "team.interval_seconds",
        config.team.interval_seconds.value.to_string(),
        config.team.interval_seconds.source,
    ));
    for_terminal_line_keep_lines(&text)
}

/// Settings may carry text from the environment: clean each line.
fn for_terminal_line_keep_lines(text: &str) -> String {
    text.lines()
        .map(|line| format!("{}\n", for_terminal_line(line)))
        .collect()
}

fn completions(shell: CompletionShell) -> String {
    let shell = match shell {
        CompletionShell::Bash => clap_complete::Shell::Bash,
        CompletionShell::Zsh => clap_complete::Shell::Zsh,
        CompletionShell::Fish => clap_complete::Shell::Fish,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "migdesk", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn man_page() -> String {
    let mut out = Vec::new();
    let manual = clap_mangen::Man::new(Cli::command());
    // Writing to memory does not fail.
    let _in_memory = manual.render(&mut out);
    let mut page = String::from_utf8_lossy(&out).into_owned();
    page.push_str(MAN_EXTRA);
    page
}

/// The man page's sections clap does not write.
const MAN_EXTRA: &str = r#".SH FILES
.TP
\fI$XDG_CONFIG_HOME/migdesk/config.toml\fR (else \fI~/.config/migdesk/config.toml\fR)
The config file; \fBmigdesk config default\fR prints one with every setting.
.TP
\fI$XDG_DATA_HOME/migdesk\fR (else \fI~/.local/share/migdesk\fR)
The data directory: \fIcases/\fR and \fIplaybooks/\fR.
.TP
\fI$XDG_STATE_HOME/migdesk/migdesk.log\fR (else \fI~/.local/state/migdesk/migdesk.log\fR)
The log, kept under 1 MiB (the previous one as \fImigdesk.log.1\fR).
.SH ENVIRONMENT
Each setting is taken from its flag, else its variable, else the config file, else its default.
\fBNO_COLOR\fR turns colours off; \fBVISUAL\fR or \fBEDITOR\fR names the editor.
.SH EXIT STATUS
0 done; 1 a bad file, I/O or anything else; 2 a usage error; 3 refused by a rule.
"#;

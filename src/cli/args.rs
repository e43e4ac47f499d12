//! The command-line grammar. Every command has `--help`.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{Calendar, Language, LogLevel, SYNC_INTERVAL_SECONDS, ThemeName, variables};

/// migdesk — migration cases as keyboard-driven checklists that enforce their procedure.
///
/// With no command, opens the full-screen app on the queue of pending cases.
#[derive(Debug, Clone, Parser)]
#[command(name = "migdesk", version, about, long_about = None)]
pub struct Cli {
    /// The config file (default: $XDG_CONFIG_HOME/migdesk/config.toml, else ~/.config/migdesk/config.toml).
    #[arg(long, global = true, value_name = "FILE", env = variables::CONFIG, help_heading = SETTINGS)]
    pub config: Option<PathBuf>,

    /// Data directory (default: the config file's data_dir, else $XDG_DATA_HOME/migdesk, else ~/.local/share/migdesk).
    #[arg(long, global = true, value_name = "DIR", env = variables::DATA_DIR, help_heading = SETTINGS)]
    pub data_dir: Option<PathBuf>,

    /// Act as NAME (default: the config file's user.name, else the login name).
    #[arg(long = "as", global = true, value_name = "NAME", env = variables::USER, help_heading = SETTINGS)]
    pub acting_as: Option<String>,

    /// Your email address, for team mode (default: the config file's user.email).
    #[arg(long, global = true, value_name = "ADDRESS", env = variables::EMAIL, help_heading = SETTINGS)]
    pub email: Option<String>,

    /// The interface language (default: the locale, LC_ALL, LC_MESSAGES or LANG, else en).
    #[arg(long, visible_alias = "lang", global = true, value_enum, env = variables::LANGUAGE, help_heading = SETTINGS)]
    pub language: Option<Language>,

    /// The colours of the app (NO_COLOR turns them off).
    #[arg(long, global = true, value_enum, env = variables::THEME, help_heading = SETTINGS)]
    pub theme: Option<ThemeName>,

    /// The business calendar due dates are counted on.
    #[arg(long, global = true, value_enum, env = variables::CALENDAR, help_heading = SETTINGS)]
    pub calendar: Option<Calendar>,

    /// What goes into the log file (default: warn).
    #[arg(long, global = true, value_enum, value_name = "LEVEL", env = variables::LOG, help_heading = SETTINGS)]
    pub log_level: Option<LogLevel>,

    /// Team mode: sync with the team repository by itself (true or false).
    #[arg(long, global = true, value_name = "BOOL", value_parser = BoolishValueParser::new(), env = variables::SYNC, help_heading = SETTINGS)]
    pub sync: Option<bool>,

    /// Team mode: seconds between syncs (10 to 86400).
    #[arg(long = "sync-interval", global = true, value_name = "SECONDS", value_parser = sync_interval, env = variables::SYNC_INTERVAL, help_heading = SETTINGS)]
    pub sync_interval: Option<u64>,

    /// Pins the clock (RFC 3339), for tests, demos and screenshots.
    #[arg(long, global = true, hide = true, value_name = "TIME", value_parser = moment, env = variables::NOW)]
    pub now: Option<DateTime<FixedOffset>>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The help heading of the flags every command takes.
const SETTINGS: &str = "Settings (flag, else environment variable, else config file)";

fn sync_interval(text: &str) -> Result<u64, String> {
    let seconds: u64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if SYNC_INTERVAL_SECONDS.contains(&seconds) {
        Ok(seconds)
    } else {
        Err(format!(
            "{seconds} is out of range: from {} to {} seconds",
            SYNC_INTERVAL_SECONDS.start(),
            SYNC_INTERVAL_SECONDS.end()
        ))
    }
}

fn moment(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text.trim()).map_err(|error| {
        format!("`{text}` is not an RFC 3339 time such as 2026-11-02T10:00:00Z: {error}")
    })
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// List the playbooks migdesk knows, with their language and origin.
    Playbooks {
        #[arg(long)]
        json: bool,
    },
    /// Open a new case on a playbook; prints its id.
    New(NewArgs),
    /// List pending cases (not done, not cancelled).
    List(ListArgs),
    /// The team lead's figures: cases by status, playbook and due date,
    /// overdue cases per assignee, reviews waiting, cases done per week,
    /// the rules holding the most cases.
    Stats(StatsArgs),
    /// Show a case: blockers, steps and why each is locked.
    Show {
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Set facts: FACT=VALUE; the value `unknown` clears a fact.
    Set {
        case: String,
        #[arg(required = true, value_name = "FACT=VALUE")]
        assignments: Vec<String>,
    },
    /// Tick a step.
    Check {
        case: String,
        step: String,
        /// A note kept with the step.
        #[arg(long)]
        note: Option<String>,
        /// Confirm the step's warning.
        #[arg(long)]
        ack: bool,
    },
    /// Untick a step.
    Uncheck { case: String, step: String },
    /// Skip a step, saying why.
    Skip {
        case: String,
        step: String,
        #[arg(long, required = true)]
        reason: String,
        /// Confirm the step's warning (skipping asks for it as ticking does).
        #[arg(long)]
        ack: bool,
    },
    /// Add a note to a case.
    Note { case: String, text: String },
    /// Approve or reject an approval step (not by the case's assignee).
    Review(ReviewArgs),
    /// Put a case on hold (`hold` or `on_hold`), cancel it, or reopen it (`open`).
    Status {
        case: String,
        status: StatusArg,
        /// Why, kept in the case's history.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Give a case a new title (recorded in its history).
    Rename { case: String, title: String },
    /// Set a case's due date by hand (YYYY-MM-DD), overriding its
    /// playbook's timing, or give it back to the timing (`playbook`).
    Due {
        case: String,
        date: String,
        /// Why, kept in the case's history.
        #[arg(long)]
        reason: String,
    },
    /// Mark a merge notice of a case resolved (after putting the case right).
    Resolve {
        case: String,
        /// The notice's id, or its first characters (`show` lists them).
        notice: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Give a case to someone (recorded in its history).
    Assign { case: String, person: String },
    /// Take a case: assign it to yourself (`--as`, `$MIGDESK_USER` or the login name).
    Take { case: String },
    /// Check playbooks and case files (all of them without PATH); exit 1 on any problem.
    Validate { paths: Vec<PathBuf> },
    /// A report of a case to paste into a ticket.
    Export {
        case: String,
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
    },
    /// The config file: check it, print a default one, or say where it is.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print a completion script for SHELL (see the README to install it).
    Completions { shell: CompletionShell },
    /// Print the manual page (roff), e.g. `migdesk man | man -l -`.
    Man,
    /// Share the data directory with a team through git: init, join, status, add, remove.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Send this machine's changes to the team repository and bring in the others'.
    Sync {
        #[arg(long)]
        json: bool,
    },
    /// Write COUNT generated cases into the data directory DIR (benchmarks, load tests).
    #[command(hide = true, name = "gen-cases")]
    GenerateCases {
        count: u64,
        #[arg(value_name = "DIR")]
        data_dir: PathBuf,
        /// The same seed (and `$MIGDESK_NOW`) gives the same cases.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    pub playbook: String,
    #[arg(long)]
    pub title: String,
    /// FACT=VALUE; several may follow one `--set`, as with `migdesk set`, and `--set` may be repeated.
    #[arg(long = "set", value_name = "FACT=VALUE", num_args = 1..)]
    pub assignments: Vec<String>,
    /// Who works the case (default: the acting person).
    #[arg(long)]
    pub assignee: Option<String>,
    /// Print the new case as JSON instead of its id.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Include done and cancelled cases.
    #[arg(long)]
    pub all: bool,
    /// Only cases with this derived status.
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    /// Only cases of this playbook.
    #[arg(long)]
    pub playbook: Option<String>,
    /// Only cases assigned to the acting person (`--as`, $MIGDESK_USER).
    #[arg(long, conflicts_with = "assignee")]
    pub mine: bool,
    /// Only cases assigned to NAME.
    #[arg(long, value_name = "NAME")]
    pub assignee: Option<String>,
    /// Only cases matching QUERY, in the app's filter grammar (see the
    /// README): words, `@NAME`, `status:`, `pb:`, `is:overdue`, `is:mine`,
    /// an exact id, `-WORD` to leave out.
    // A query may start with `-` (`--filter -status:done`).
    #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
    pub filter: Option<String>,
    /// The same as `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// text (default), json, or csv: a header row and one RFC 4180 row per
    /// case, for a spreadsheet.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ListFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Clone, Args)]
pub struct StatsArgs {
    /// Print the figures as JSON (keys in the README).
    #[arg(long)]
    pub json: bool,
    /// Only cases of this playbook (its id).
    #[arg(long, value_name = "ID")]
    pub playbook: Option<String>,
    /// Only cases assigned to NAME.
    #[arg(long, value_name = "NAME")]
    pub assignee: Option<String>,
    /// Only cases created on or after DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::lead::day)]
    pub since: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("verdict").required(true).args(["approve", "reject"])))]
pub struct ReviewArgs {
    pub case: String,
    pub step: String,
    #[arg(long)]
    pub approve: bool,
    #[arg(long)]
    pub reject: bool,
    #[arg(long, required = true)]
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    #[value(name = "on_hold", alias = "hold", alias = "on-hold")]
    OnHold,
    Cancelled,
    Open,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    Blocked,
    #[value(name = "in_review")]
    InReview,
    #[value(name = "in_progress")]
    InProgress,
    #[value(name = "on_hold")]
    OnHold,
    Done,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum ConfigAction {
    /// Check the config file; exit 1 on any problem, bad key bindings included.
    Check,
    /// Print a complete, commented config file with every default.
    Default,
    /// Print where the config file is read from.
    Path,
    /// Print every setting in effect and where it came from.
    Show,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Clone, Subcommand)]
pub enum TeamCommand {
    /// Make this data directory a team repository and push it to REMOTE (an empty repository).
    Init { remote: String },
    /// Clone the team repository REMOTE into an empty or absent data directory.
    Join { remote: String },
    /// The remote, the branch, what waits to go out and to come in, the last sync.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Add a person to team.yaml, or change their roles (team leads only).
    Add {
        person: String,
        #[arg(long = "role", required = true, value_enum)]
        roles: Vec<RoleArg>,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Remove a person from team.yaml (team leads only).
    Remove { person: String },
    /// Merge two versions of a case file (git calls this as the merge driver).
    #[command(hide = true, name = "merge-driver")]
    MergeDriver {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        path: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Agent,
    #[value(name = "team_lead")]
    TeamLead,
}

impl Command {
    /// Whether the command changes case files (in team mode only members may).
    pub fn changes_cases(&self) -> bool {
        match self {
            Command::New(_)
            | Command::Set { .. }
            | Command::Check { .. }
            | Command::Uncheck { .. }
            | Command::Skip { .. }
            | Command::Note { .. }
            | Command::Review(_)
            | Command::Status { .. }
            | Command::Rename { .. }
            | Command::Due { .. }
            | Command::Resolve { .. }
            | Command::Assign { .. }
            | Command::Take { .. } => true,
            Command::Playbooks { .. }
            | Command::List(_)
            | Command::Stats(_)
            | Command::Show { .. }
            | Command::Validate { .. }
            | Command::Export { .. }
            | Command::Team(_)
            | Command::Sync { .. }
            | Command::Config { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::GenerateCases { .. } => false,
        }
    }
}

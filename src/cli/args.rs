//! The command-line grammar. Every command has `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// migdesk — migration cases as keyboard-driven checklists that enforce their procedure.
///
/// With no command, opens the full-screen app on the queue of pending cases.
#[derive(Debug, Clone, Parser)]
#[command(name = "migdesk", version, about, long_about = None)]
pub struct Cli {
    /// Data directory (default: $MIGDESK_DATA_DIR, else the platform data dir, e.g. ~/.local/share/migdesk).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Act as NAME (default: $MIGDESK_USER, else the login name).
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub acting_as: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
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
    /// Put a case on hold, cancel it, or reopen it.
    Status { case: String, status: StatusArg },
    /// Mark a merge notice of a case resolved (after putting the case right).
    Resolve {
        case: String,
        /// The notice's id, or its first characters (`show` lists them).
        notice: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Check playbooks and case files (all of them without PATH); exit 1 on any problem.
    Validate { paths: Vec<PathBuf> },
    /// A report of a case to paste into a ticket.
    Export {
        case: String,
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
    },
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
    /// FACT=VALUE, repeatable.
    #[arg(long = "set", value_name = "FACT=VALUE")]
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
    #[arg(long)]
    pub json: bool,
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
    #[value(name = "on_hold")]
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
            | Command::Resolve { .. } => true,
            Command::Playbooks { .. }
            | Command::List(_)
            | Command::Show { .. }
            | Command::Validate { .. }
            | Command::Export { .. }
            | Command::Team(_)
            | Command::Sync { .. }
            | Command::GenerateCases { .. } => false,
        }
    }
}

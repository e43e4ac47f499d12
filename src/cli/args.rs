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

//! `migdesk team …`: thin over `crate::team`, printing what it found.

use crate::session::acting_person;
use crate::store::DataDir;
use crate::team::{self, SyncOutcome, SyncReport, TeamError, TeamStatus};

use super::CliError;
use super::args::{Cli, RoleArg, TeamCommand};
use super::commands::{print, print_json};
use crate::model::Role;

pub fn run(cli: &Cli, command: &TeamCommand) -> Result<(), CliError> {
    let data_dir = DataDir::resolve(cli.data_dir.clone()).map_err(failure)?;
    let person = acting_person(cli.acting_as.clone());
    match command {
        TeamCommand::Init { remote } => {
            let status = team::init(&data_dir, remote, &person).map_err(team_failure)?;
            print(&format!(
                "{} is now a team repository on {} (branch {}); {person} is its first member (agent, team lead)\n",
                data_dir.root().display(),
                status.remote,
                status.branch
            ))
        }
        TeamCommand::Join { remote } => {
            let status = team::join(&data_dir, remote, &person).map_err(team_failure)?;
            let mut text = format!(
                "joined {} in {} (branch {}, {} member(s))\n",
                status.remote,
                data_dir.root().display(),
                status.branch,
                status.members
            );
            if status.acting_person_on_team == Some(false) {
                text.push_str(&format!(
                    "{person} is not in team.yaml yet: until a team lead runs `migdesk team add {person} --role agent` and syncs, changes made here are refused\n"
                ));
            }
            print(&text)
        }
        TeamCommand::Add {
            person: member,
            roles,
            display_name,
            email,
        } => {
            let roles = roles
                .iter()
                .map(|role| match role {
                    RoleArg::Agent => Role::Agent,
                    RoleArg::TeamLead => Role::TeamLead,
                })
                .collect();
            team::edit_roster(&data_dir, &person, |roster| {
                roster.upsert(member, roles, display_name.clone(), email.clone());
                Ok(())
            })
            .map_err(team_failure)?;
            print(&format!(
                "{member} is on the team; `migdesk sync` shares the change\n"
            ))
        }
        TeamCommand::Remove { person: member } => {
            team::edit_roster(&data_dir, &person, |roster| {
                roster.remove(member).map(|_| ())
            })
            .map_err(team_failure)?;
            print(&format!(
                "{member} is no longer on the team; `migdesk sync` shares the change\n"
            ))
        }
        TeamCommand::MergeDriver {
            ours,
            theirs,
            path,
            base: _,
        } => team::driver::merge_files(&data_dir, ours, theirs, path).map_err(CliError::Failure),
        TeamCommand::Status { json } => {
            let status =
                team::repository::status_as(&data_dir, Some(&person)).map_err(team_failure)?;
            if *json {
                print_json(&status)
            } else {
                print(&status_text(&status, &person))
            }
        }
    }
}

fn status_text(status: &TeamStatus, person: &str) -> String {
    let last_sync = status.last_sync.map_or_else(
        || "never".to_string(),
        |at| at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    );
    let mut text = format!(
        "remote:     {}\nbranch:     {}\nto send:    {} commit(s), {} change(s) not committed yet\nto receive: {} commit(s) (as of the last sync)\nlast sync:  {last_sync}\n",
        status.remote,
        status.branch,
        status.commits_to_send,
        status.changes_to_commit,
        status.commits_to_receive,
    );
    if status.interrupted {
        text.push_str(
            "attention:  a sync was interrupted half-way; the next `migdesk sync` repairs it\n",
        );
    }
    if status.acting_person_on_team == Some(false) {
        text.push_str(&format!(
            "attention:  {person} is not in team.yaml; a team lead adds them with `migdesk team add {person} --role agent`\n"
        ));
    }
    text
}

fn failure(error: impl std::fmt::Display) -> CliError {
    CliError::Failure(error.to_string())
}

fn team_failure(error: TeamError) -> CliError {
    CliError::Failure(error.to_string())
}

/// `migdesk sync`: exit 0 in sync, 1 offline (changes kept) or when something needs a person.
pub fn sync(cli: &Cli, json: bool) -> Result<(), CliError> {
    let data_dir = DataDir::resolve(cli.data_dir.clone()).map_err(failure)?;
    let person = acting_person(cli.acting_as.clone());
    let report = team::sync(&data_dir, &person).map_err(team_failure)?;
    if json {
        print_json(&report)?;
    } else {
        print(&sync_text(&report))?;
    }
    if report.is_clean() {
        return Ok(());
    }
    Err(CliError::Failure(match &report.outcome {
        SyncOutcome::Offline { waiting, reason } => {
            format!(
                "offline, {waiting} changes waiting ({reason}); nothing is lost, sync again later"
            )
        }
        SyncOutcome::NeedsAttention { paths, reason } => format!(
            "needs attention: {}{reason}; nothing was changed by this attempt",
            if paths.is_empty() {
                String::new()
            } else {
                format!("{}: ", paths.join(", "))
            }
        ),
        SyncOutcome::InSync => format!(
            "in sync, but {} file(s) were not shared: {}",
            report.refused.len(),
            report.refused.join("; ")
        ),
    }))
}

fn sync_text(report: &SyncReport) -> String {
    let mut text = String::new();
    for repaired in &report.repaired {
        text.push_str(&format!("repaired: {repaired}\n"));
    }
    for subject in &report.committed {
        text.push_str(&format!("committed: {subject}\n"));
    }
    for refused in &report.refused {
        text.push_str(&format!("not shared: {refused}\n"));
    }
    if !report.received.is_empty() {
        text.push_str(&format!("received: {}\n", report.received.join(", ")));
    }
    if report.outcome == SyncOutcome::InSync {
        text.push_str("in sync\n");
    }
    text
}

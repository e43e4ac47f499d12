//! `migdesk team …`: thin over `crate::team`, printing what it found.

use crate::session::acting_person;
use crate::store::DataDir;
use crate::team::{self, TeamError, TeamStatus};

use super::CliError;
use super::args::{Cli, TeamCommand};
use super::commands::{print, print_json};

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

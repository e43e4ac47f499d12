//! Team mode: the data directory as a git working tree shared with the
//! team through one remote. `init` and `join` make it one, `status` says
//! where it stands, `sync` commits, fetches, merges case files through the
//! engine and pushes. Everything goes through the git CLI (which honours
//! the user's SSH config, agents and credential helpers); nothing here
//! knows the terminal.

pub mod driver;
pub mod git;
mod lock;
mod message;
pub mod repository;
pub mod roster;
pub mod sync;

pub use git::{Git, GitError};
pub use lock::lock_data_directory;
pub use repository::{TeamError, TeamStatus, edit_roster, init, is_team_repository, join, status};
pub use roster::{Member, Roster};
pub use sync::{SyncOutcome, SyncReport, sync};

/// The code the acting person's new case ids carry in team mode (`MIG-AL-0001`);
/// `None` outside team mode or when they are not on the team.
pub fn case_id_code(root: &std::path::Path, person: &str) -> Option<String> {
    if !is_team_repository(root) {
        return None;
    }
    let roster = roster::load(root).ok().flatten()?;
    roster.member(person).map(|member| member.code.clone())
}

/// In team mode only people on `team.yaml` change cases: why not, if not.
pub fn refuse_unless_on_team(root: &std::path::Path, person: &str) -> Result<(), String> {
    if !is_team_repository(root) {
        return Ok(());
    }
    match roster::load(root) {
        Ok(Some(roster)) if roster.member(person).is_none() => Err(format!(
            "{person} is not on the team (team.yaml); a team lead adds them with `migdesk team add {person} --role agent`"
        )),
        Ok(_) => Ok(()),
        Err(error) => Err(format!("{error}; changes wait until it reads again")),
    }
}

/// The acting person's roles in team mode (empty when they are not on the
/// team); `None` outside team mode.
pub fn roles_of(root: &std::path::Path, person: &str) -> Option<Vec<crate::model::Role>> {
    if !is_team_repository(root) {
        return None;
    }
    let roster = roster::load(root).ok().flatten();
    Some(
        roster
            .and_then(|roster| roster.member(person).map(|member| member.roles.clone()))
            .unwrap_or_default(),
    )
}

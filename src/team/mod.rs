//! Team mode: the data directory as a git working tree shared with the
//! team through one remote. `init` and `join` make it one, `status` says
//! where it stands, `sync` commits, fetches, merges case files through the
//! engine and pushes. Everything goes through the git CLI (which honours
//! the user's SSH config, agents and credential helpers); nothing here
//! knows the terminal.

mod commit;
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
pub use sync::{Arrival, SyncOutcome, SyncReport, sync};

/// What team mode says of the acting person, read from `team.yaml` once
/// per run: the code their new case ids carry, their roles, whether they
/// may change cases.
#[derive(Debug, Clone, PartialEq)]
pub enum Membership {
    /// Not a team repository: no roster, and four eyes is the only check.
    Solo,
    /// On the roster.
    Member {
        code: String,
        roles: Vec<crate::model::Role>,
    },
    /// In a team repository that has no `team.yaml` yet.
    NoRoster,
    /// In a team repository but not on its roster.
    Outsider,
    /// `team.yaml` could not be read: why.
    Unreadable(String),
}

impl Membership {
    pub fn read(root: &std::path::Path, person: &str) -> Membership {
        if !is_team_repository(root) {
            return Membership::Solo;
        }
        match roster::load(root) {
            Ok(Some(roster)) => match roster.member(person) {
                Some(member) => Membership::Member {
                    code: member.code.clone(),
                    roles: member.roles.clone(),
                },
                None => Membership::Outsider,
            },
            Ok(None) => Membership::NoRoster,
            Err(error) => Membership::Unreadable(error.to_string()),
        }
    }

    /// The code new case ids carry in team mode (`MIG-AL-0001`).
    pub fn case_id_code(&self) -> Option<String> {
        match self {
            Membership::Member { code, .. } => Some(code.clone()),
            Membership::Solo
            | Membership::NoRoster
            | Membership::Outsider
            | Membership::Unreadable(_) => None,
        }
    }

    /// The roles the engine checks approvals against; `None` outside team
    /// mode, where there is no roster.
    pub fn roles(&self) -> Option<Vec<crate::model::Role>> {
        match self {
            Membership::Solo => None,
            Membership::Member { roles, .. } => Some(roles.clone()),
            Membership::NoRoster | Membership::Outsider | Membership::Unreadable(_) => {
                Some(Vec::new())
            }
        }
    }

    /// In team mode only people on `team.yaml` change cases: why not, if not.
    pub fn may_change_cases(&self, person: &str) -> Result<(), String> {
        match self {
            Membership::Solo | Membership::NoRoster | Membership::Member { .. } => Ok(()),
            Membership::Outsider => Err(format!(
                "{person} is not on the team (team.yaml); a team lead adds them with `migdesk team add {person} --role agent`"
            )),
            Membership::Unreadable(error) => {
                Err(format!("{error}; changes wait until it reads again"))
            }
        }
    }
}

//! Team mode: the data directory as a git working tree shared with the
//! team through one remote. `init` and `join` make it one, `status` says
//! where it stands, `sync` commits, fetches, merges case files through the
//! engine and pushes. Everything goes through the git CLI (which honours
//! the user's SSH config, agents and credential helpers); nothing here
//! knows the terminal.

pub mod git;
mod lock;
pub mod repository;
pub mod roster;

pub use git::{Git, GitError};
pub use lock::lock_data_directory;
pub use repository::{TeamError, TeamStatus, init, is_team_repository, join, status};
pub use roster::{Member, Roster, is_same_person};

//! Making a data directory a team repository (`init`, `join`), installing
//! what a merge needs in the clone's own config, and reading where it
//! stands (`status`).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::git::{Git, GitError, last_line};
use super::roster::{self, Roster, RosterError};
use crate::store::{DataDir, Store, StoreError};

/// The remote every clone syncs with.
pub const REMOTE_NAME: &str = "origin";
/// The branch `team init` creates.
pub const DEFAULT_BRANCH: &str = "main";
/// The merge driver's name in `.gitattributes` and the local config.
pub const MERGE_DRIVER: &str = "migdesk";
/// Where the last sync is remembered: inside `.git`, so it is never shared.
const LAST_SYNC_FILE: &str = "migdesk-last-sync.json";

/// What must never be shared: the queue index, lock and temporary files.
pub const GITIGNORE: &str = "\
# Written by migdesk: files that belong to one machine, never shared.
/cache/
/cases/.*
/playbooks/.*
/.migdesk-*
/.team.yaml.*
";

/// Case files are merged by migdesk itself (`migdesk team merge-driver`).
pub const GITATTRIBUTES: &str = "\
# Written by migdesk: case files are merged event by event, never line by line.
/cases/*.yaml merge=migdesk
";

/// Why a team command could not do what was asked.
#[derive(Debug)]
pub enum TeamError {
    Git(GitError),
    Store(StoreError),
    Roster(RosterError),
    /// The data directory is not a team repository (yet).
    NotATeam {
        root: PathBuf,
    },
    /// A refusal with what to do instead.
    Refused(String),
}

impl std::fmt::Display for TeamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TeamError::Git(error) => error.fmt(f),
            TeamError::Store(error) => error.fmt(f),
            TeamError::Roster(error) => error.fmt(f),
            TeamError::NotATeam { root } => write!(
                f,
                "{} is not a team repository; run `migdesk team init REMOTE` or `migdesk team join REMOTE` first",
                root.display()
            ),
            TeamError::Refused(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for TeamError {}

impl From<GitError> for TeamError {
    fn from(error: GitError) -> Self {
        TeamError::Git(error)
    }
}

impl From<StoreError> for TeamError {
    fn from(error: StoreError) -> Self {
        TeamError::Store(error)
    }
}

impl From<RosterError> for TeamError {
    fn from(error: RosterError) -> Self {
        TeamError::Roster(error)
    }
}

/// Whether the data directory is a team repository: a git work tree at its root.
pub fn is_team_repository(root: &Path) -> bool {
    root.join(".git").exists()
}

/// Turns `data_dir` into a team repository pushed to `remote`, with
/// `person` as the first member (agent and team lead).
pub fn init(data_dir: &DataDir, remote: &str, person: &str) -> Result<TeamStatus, TeamError> {
    let root = data_dir.root();
    if is_team_repository(root) {
        return Err(TeamError::Refused(format!(
            "{} is already a git repository; `migdesk team status` says where it stands",
            root.display()
        )));
    }
    let store = Store::open(data_dir.clone())?;
    let report = store.load_all();
    if let Some(error) = report.errors.first() {
        return Err(TeamError::Refused(format!(
            "{} case file(s) cannot be read, so they cannot be shared; first: {error}. Fix or move them away, then run `migdesk team init` again",
            report.errors.len()
        )));
    }
    let git = Git::new(root)?;
    refuse_unless_empty_remote(&git, remote)?;

    git.run(&["init", "--quiet", "--initial-branch", DEFAULT_BRANCH])?;
    std::fs::write(root.join(".gitignore"), GITIGNORE)
        .map_err(|error| write_error(root, ".gitignore", error))?;
    std::fs::write(root.join(".gitattributes"), GITATTRIBUTES)
        .map_err(|error| write_error(root, ".gitattributes", error))?;
    let roster = match roster::load(root)? {
        Some(mut roster) => {
            if roster.member(person).is_none() {
                roster.upsert(
                    person,
                    vec![crate::model::Role::Agent, crate::model::Role::TeamLead],
                    None,
                    None,
                );
            }
            roster
        }
        None => Roster::founded_by(person),
    };
    roster::save(root, &roster)?;
    install_config(&git, data_dir)?;
    let member = roster.member(person).cloned();
    let git = as_person(&git, member.as_ref(), person);
    git.run(&["add", "--all", "--", "."])?;
    let message = format!(
        "team: start the team repository with {} case(s)",
        report.cases.len()
    );
    git.run(&["commit", "--quiet", "--no-verify", "-m", &message])?;
    git.run(&["remote", "add", REMOTE_NAME, remote])?;
    let push = git.output(&[
        "push",
        "--quiet",
        "--set-upstream",
        REMOTE_NAME,
        DEFAULT_BRANCH,
    ])?;
    if !push.success {
        return Err(TeamError::Refused(format!(
            "the team repository is ready here, but pushing it to {remote} failed ({}); `migdesk sync` sends it once the remote is reachable",
            last_line(&push.stderr)
        )));
    }
    record_last_sync(root, Utc::now());
    status(data_dir)
}

fn write_error(root: &Path, name: &str, error: std::io::Error) -> TeamError {
    TeamError::Refused(format!(
        "cannot write {}: {error}",
        root.join(name).display()
    ))
}

/// `team init` never pushes over someone's history: the remote must be empty.
fn refuse_unless_empty_remote(git: &Git, remote: &str) -> Result<(), TeamError> {
    let listing = git.output_in(&std::env::temp_dir(), &["ls-remote", "--heads", remote])?;
    if !listing.success {
        return Err(TeamError::Refused(format!(
            "cannot reach {remote}: {}; create an empty repository there (or check the URL) first",
            last_line(&listing.stderr)
        )));
    }
    if !listing.stdout.trim().is_empty() {
        return Err(TeamError::Refused(format!(
            "{remote} already holds a repository; to work with it, run `migdesk team join {remote}` on an empty data directory"
        )));
    }
    Ok(())
}

/// Clones `remote` into `data_dir`, which must be absent or empty.
pub fn join(data_dir: &DataDir, remote: &str, person: &str) -> Result<TeamStatus, TeamError> {
    let root = data_dir.root();
    clear_empty_folders(root)?;
    let parent = root
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|error| {
        TeamError::Refused(format!("cannot create {}: {error}", parent.display()))
    })?;
    let git = Git::new(root)?;
    let root_text = root.to_string_lossy();
    let clone = git.output_in(
        parent,
        &[
            "clone",
            "--quiet",
            "--origin",
            REMOTE_NAME,
            remote,
            &root_text,
        ],
    )?;
    if !clone.success {
        return Err(TeamError::Refused(format!(
            "cannot clone {remote}: {}",
            last_line(&clone.stderr)
        )));
    }
    if git
        .output(&["rev-parse", "--verify", "--quiet", "HEAD"])?
        .stdout
        .trim()
        .is_empty()
    {
        let _ = std::fs::remove_dir_all(root);
        return Err(TeamError::Refused(format!(
            "{remote} is empty: nobody has created the team yet; run `migdesk team init {remote}` on the first machine"
        )));
    }
    make_private(root);
    Store::open(data_dir.clone())?;
    install_config(&git, data_dir)?;
    record_last_sync(root, Utc::now());
    status_as(data_dir, Some(person))
}

/// A fresh data directory may hold the empty folders migdesk makes; anything else is kept.
fn clear_empty_folders(root: &Path) -> Result<(), TeamError> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let removable = path.is_dir() && std::fs::remove_dir(&path).is_ok();
        if !removable {
            return Err(TeamError::Refused(format!(
                "{} is not empty ({} is in it); join into an empty or new data directory (--data-dir DIR)",
                root.display(),
                path.display()
            )));
        }
    }
    Ok(())
}

/// The data directory is private to the user, as migdesk creates it.
fn make_private(root: &Path) {
    use std::os::unix::fs::PermissionsExt as _;
    let _ = std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o700));
}

/// Installs the merge driver in the clone's local config and writes the
/// attribute and ignore files if they are missing, so a plain `git clone`
/// followed by `migdesk sync` merges cases like a `team join`.
pub fn install_config(git: &Git, data_dir: &DataDir) -> Result<(), TeamError> {
    let executable = std::env::current_exe().map_err(|error| {
        TeamError::Refused(format!("cannot find the migdesk executable: {error}"))
    })?;
    let root =
        std::fs::canonicalize(data_dir.root()).unwrap_or_else(|_| data_dir.root().to_path_buf());
    let driver = format!(
        "{} --data-dir {} team merge-driver %O %A %B %P",
        shell_quote(&executable.to_string_lossy()),
        shell_quote(&root.to_string_lossy())
    );
    let key = format!("merge.{MERGE_DRIVER}.driver");
    let current = git.output(&["config", "--local", "--get", &key])?;
    if current.stdout.trim_end() != driver {
        git.run(&[
            "config",
            "--local",
            &format!("merge.{MERGE_DRIVER}.name"),
            "migdesk case merge",
        ])?;
        git.run(&["config", "--local", &key, &driver])?;
    }
    for (name, text) in [(".gitattributes", GITATTRIBUTES), (".gitignore", GITIGNORE)] {
        let path = data_dir.root().join(name);
        if !path.exists() {
            std::fs::write(&path, text)
                .map_err(|error| write_error(data_dir.root(), name, error))?;
        }
    }
    Ok(())
}

/// `text` as one word for `sh`.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// When the last sync ended and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastSync {
    pub at: DateTime<Utc>,
}

pub(crate) fn record_last_sync(root: &Path, at: DateTime<Utc>) {
    let record = LastSync { at };
    if let Ok(text) = serde_json::to_string(&record) {
        // Losing this only makes `status` say "never"; it is not worth failing a sync.
        let _ = std::fs::write(root.join(".git").join(LAST_SYNC_FILE), text);
    }
}

fn last_sync(root: &Path) -> Option<DateTime<Utc>> {
    let text = std::fs::read_to_string(root.join(".git").join(LAST_SYNC_FILE)).ok()?;
    serde_json::from_str::<LastSync>(&text)
        .ok()
        .map(|record| record.at)
}

/// Where a team repository stands, from what is on this machine (no network).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamStatus {
    pub remote: String,
    pub branch: String,
    /// Commits made here that the remote does not have yet.
    pub commits_to_send: u64,
    /// Changed files not committed yet (each becomes a commit at the next sync).
    pub changes_to_commit: u64,
    /// Commits the last fetch brought that are not merged here yet.
    pub commits_to_receive: u64,
    pub last_sync: Option<DateTime<Utc>>,
    /// A merge that stopped half-way (a sync was interrupted); the next sync repairs it.
    pub interrupted: bool,
    /// `None` when `team.yaml` is missing or unreadable.
    pub acting_person_on_team: Option<bool>,
    pub members: usize,
}

impl TeamStatus {
    /// Changes waiting to go out: commits and files not committed yet.
    pub fn waiting(&self) -> u64 {
        self.commits_to_send + self.changes_to_commit
    }
}

/// Where the team repository at `data_dir` stands.
pub fn status(data_dir: &DataDir) -> Result<TeamStatus, TeamError> {
    status_as(data_dir, None)
}

/// Like [`status`], also saying whether `person` is on the team.
pub fn status_as(data_dir: &DataDir, person: Option<&str>) -> Result<TeamStatus, TeamError> {
    let root = data_dir.root();
    if !is_team_repository(root) {
        return Err(TeamError::NotATeam {
            root: root.to_path_buf(),
        });
    }
    let git = Git::new(root)?;
    let branch = current_branch(&git)?;
    let remote = git
        .output(&["remote", "get-url", REMOTE_NAME])?
        .stdout
        .trim()
        .to_string();
    let tracking = format!("refs/remotes/{REMOTE_NAME}/{branch}");
    let has_tracking = git
        .output(&["rev-parse", "--verify", "--quiet", &tracking])?
        .success;
    let count = |range: &str| -> Result<u64, GitError> {
        Ok(git
            .run(&["rev-list", "--count", range])?
            .trim()
            .parse()
            .unwrap_or(0))
    };
    let (commits_to_send, commits_to_receive) = if has_tracking {
        (
            count(&format!("{tracking}..HEAD"))?,
            count(&format!("HEAD..{tracking}"))?,
        )
    } else {
        (count("HEAD")?, 0)
    };
    let changes_to_commit = changed_paths(&git)?.len() as u64;
    let roster = roster::load(root).ok().flatten();
    Ok(TeamStatus {
        remote,
        branch,
        commits_to_send,
        changes_to_commit,
        commits_to_receive,
        last_sync: last_sync(root),
        interrupted: root.join(".git").join("MERGE_HEAD").exists(),
        acting_person_on_team: match (person, &roster) {
            (Some(person), Some(roster)) => Some(roster.member(person).is_some()),
            _ => None,
        },
        members: roster.map_or(0, |roster| roster.members.len()),
    })
}

pub(crate) fn current_branch(git: &Git) -> Result<String, TeamError> {
    let output = git.output(&["symbolic-ref", "--quiet", "--short", "HEAD"])?;
    let branch = output.stdout.trim();
    if !output.success || branch.is_empty() {
        return Err(TeamError::Refused(format!(
            "{} is not on a branch (detached HEAD); run `git -C {} switch {DEFAULT_BRANCH}` first",
            git.work_tree().display(),
            git.work_tree().display()
        )));
    }
    Ok(branch.to_string())
}

/// One changed path in the work tree: its status letters and its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChangedPath {
    pub status: String,
    pub path: String,
}

/// Every path whose content differs from the last commit, untracked files
/// included (ignored ones are not: they never leave this machine).
pub(crate) fn changed_paths(git: &Git) -> Result<Vec<ChangedPath>, GitError> {
    let output = git.run(&["status", "--porcelain=v1", "-z", "--untracked-files=all"])?;
    let mut paths = Vec::new();
    let mut fields = output.split('\0').filter(|field| !field.is_empty());
    while let Some(entry) = fields.next() {
        if entry.len() < 4 {
            continue;
        }
        let status = entry[..2].to_string();
        // A rename lists its source next; both sides are the rename's to commit.
        if status.starts_with('R') || status.starts_with('C') {
            fields.next();
        }
        paths.push(ChangedPath {
            status,
            path: entry[3..].to_string(),
        });
    }
    Ok(paths)
}

/// git whose commits are authored (and committed) by the acting person, as
/// the roster knows them; no git identity needs to be configured.
pub(crate) fn as_person(git: &Git, member: Option<&roster::Member>, person: &str) -> Git {
    let name = member
        .and_then(|member| member.display_name.clone())
        .unwrap_or_else(|| person.trim().to_string());
    let email = member.map_or_else(
        || format!("{}@migdesk.invalid", person.trim()),
        roster::Member::commit_email,
    );
    git.with_environment(&[
        ("GIT_AUTHOR_NAME", &name),
        ("GIT_AUTHOR_EMAIL", &email),
        ("GIT_COMMITTER_NAME", &name),
        ("GIT_COMMITTER_EMAIL", &email),
    ])
}

/// Changes `team.yaml` as `person`, who must be a team lead on it.
pub fn edit_roster(
    data_dir: &DataDir,
    person: &str,
    change: impl FnOnce(&mut Roster) -> Result<(), String>,
) -> Result<(), TeamError> {
    let root = data_dir.root();
    if !is_team_repository(root) {
        return Err(TeamError::NotATeam {
            root: root.to_path_buf(),
        });
    }
    let _lock = super::lock_data_directory(data_dir)?;
    let mut roster = roster::load(root)?.ok_or_else(|| {
        TeamError::Refused(format!(
            "{} has no team.yaml; it is written by `migdesk team init`",
            root.display()
        ))
    })?;
    let is_lead = roster
        .member(person)
        .is_some_and(|member| member.has_role(crate::model::Role::TeamLead));
    if !is_lead {
        return Err(TeamError::Refused(format!(
            "only a team lead changes team.yaml, and {person} is not one"
        )));
    }
    change(&mut roster).map_err(TeamError::Refused)?;
    roster::save(root, &roster)?;
    Ok(())
}

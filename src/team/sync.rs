//! `migdesk sync`: under the data directory's lock, repair what an
//! interrupted sync left, commit each changed case on its own (named after
//! the case and what changed, authored by the acting person), fetch the one
//! branch, merge (case files through migdesk's merge driver), push, and
//! start again from the fetch when the push is rejected. Nothing here
//! picks "ours" or "theirs": what cannot be merged stops the sync and is
//! named.

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use serde::Serialize;

use super::git::{Git, last_line};
use super::lock::lock_data_directory;
use super::repository::{
    REMOTE_NAME, TeamError, as_person, current_branch, install_config, is_team_repository,
    record_last_sync, status_as,
};
use super::roster;
use crate::model::case::is_valid_case_id;
use crate::store::DataDir;

/// A push rejected this many times in a row (others pushing meanwhile) gives up for now.
const MAX_ATTEMPTS: u32 = 5;

/// How a sync ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SyncOutcome {
    /// Everything made here is on the remote and everything there is here.
    InSync,
    /// The remote could not be reached; the changes wait, committed.
    Offline { waiting: u64, reason: String },
    /// Something needs a person: a merge migdesk cannot make. Nothing was
    /// changed by the attempt (the merge was undone).
    NeedsAttention { paths: Vec<String>, reason: String },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncReport {
    pub outcome: SyncOutcome,
    /// The commits made from local changes (their subjects).
    pub committed: Vec<String>,
    /// Files that could not be shared (a case file that does not parse), with why.
    pub refused: Vec<String>,
    /// Case ids that changed by coming in from the remote.
    pub received: Vec<String>,
    /// For each case in `received`: who changed it and what, as the
    /// commits that brought it in say.
    pub arrivals: Vec<Arrival>,
    /// What was repaired from an interrupted sync.
    pub repaired: Vec<String>,
    /// Push attempts (more than one when others pushed meanwhile).
    pub attempts: u32,
}

/// A case that came in from the remote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Arrival {
    pub case: String,
    /// The author of the newest commit that changed it.
    pub by: String,
    /// What changed, as the commits name it, oldest first ("check draft; set seats = 2").
    pub what: String,
}

impl SyncReport {
    /// In sync and nothing was refused.
    pub fn is_clean(&self) -> bool {
        self.outcome == SyncOutcome::InSync && self.refused.is_empty()
    }
}

/// Syncs the team repository at `data_dir` as `person`.
pub fn sync(data_dir: &DataDir, person: &str) -> Result<SyncReport, TeamError> {
    let root = data_dir.root();
    if !is_team_repository(root) {
        return Err(TeamError::NotATeam {
            root: root.to_path_buf(),
        });
    }
    let _lock = lock_data_directory(data_dir)?;
    let roster = roster::load(root)?;
    let member = roster
        .as_ref()
        .and_then(|roster| roster.member(person))
        .cloned();
    if roster.is_some() && member.is_none() {
        return Err(TeamError::Refused(format!(
            "{person} is not in team.yaml, so nothing is shared as them; a team lead adds them with `migdesk team add {person} --role agent`"
        )));
    }
    let git = as_person(&Git::new(root)?, member.as_ref(), person);
    let mut report = SyncReport {
        outcome: SyncOutcome::InSync,
        committed: Vec::new(),
        refused: Vec::new(),
        received: Vec::new(),
        arrivals: Vec::new(),
        repaired: repair(&git)?,
        attempts: 0,
    };
    install_config(&git, data_dir)?;
    let branch = current_branch(&git)?;
    report.outcome = exchange(&git, data_dir, &branch, &mut report)?;
    if report.outcome == SyncOutcome::InSync {
        record_last_sync(root, Utc::now());
    }
    Ok(report)
}

/// Commit, fetch, merge, push; again from the fetch while the push is rejected.
fn exchange(
    git: &Git,
    data_dir: &DataDir,
    branch: &str,
    report: &mut SyncReport,
) -> Result<SyncOutcome, TeamError> {
    let tracking = format!("refs/remotes/{REMOTE_NAME}/{branch}");
    loop {
        report.attempts += 1;
        super::commit::commit_changes(git, branch, report)?;
        let fetch = git.output(&["fetch", "--quiet", REMOTE_NAME, branch])?;
        if !fetch.success {
            return offline(data_dir, last_line(&fetch.stderr));
        }
        match merge_remote(git, &tracking)? {
            Merged::Done(received, arrivals) => {
                report.received.extend(received);
                report.arrivals.extend(arrivals);
            }
            Merged::LocalChangesArrived if report.attempts < MAX_ATTEMPTS => continue,
            Merged::LocalChangesArrived => {
                return Ok(SyncOutcome::NeedsAttention {
                    paths: Vec::new(),
                    reason: "case files kept changing while syncing; sync again".to_string(),
                });
            }
            Merged::Conflict(paths, reason) => {
                return Ok(SyncOutcome::NeedsAttention { paths, reason });
            }
        }
        let ahead = count(git, &format!("{tracking}..HEAD"))?;
        if ahead == 0 {
            return Ok(SyncOutcome::InSync);
        }
        let push = git.output(&[
            "push",
            "--quiet",
            REMOTE_NAME,
            &format!("HEAD:refs/heads/{branch}"),
        ])?;
        if push.success {
            // The remote now has HEAD; say so locally without another fetch.
            git.run(&["update-ref", &tracking, "HEAD"])?;
            return Ok(SyncOutcome::InSync);
        }
        let rejected = [
            "[rejected]",
            "non-fast-forward",
            "fetch first",
            "[remote rejected]",
        ]
        .iter()
        .any(|sign| push.stderr.contains(sign));
        if !rejected {
            return offline(data_dir, last_line(&push.stderr));
        }
        if report.attempts >= MAX_ATTEMPTS {
            return Ok(SyncOutcome::NeedsAttention {
                paths: Vec::new(),
                reason: format!(
                    "the push was rejected {MAX_ATTEMPTS} times (others keep pushing); sync again"
                ),
            });
        }
    }
}

fn offline(data_dir: &DataDir, reason: &str) -> Result<SyncOutcome, TeamError> {
    let status = status_as(data_dir, None)?;
    Ok(SyncOutcome::Offline {
        waiting: status.waiting(),
        reason: reason.to_string(),
    })
}

fn count(git: &Git, range: &str) -> Result<u64, TeamError> {
    let output = git.output(&["rev-list", "--count", range])?;
    Ok(output.stdout.trim().parse().unwrap_or(0))
}

enum Merged {
    /// Merged (or nothing to merge); the case ids that came in, and who changed them and how.
    Done(Vec<String>, Vec<Arrival>),
    /// A case was saved here after the commits were made: commit it and try again.
    LocalChangesArrived,
    Conflict(Vec<String>, String),
}

fn merge_remote(git: &Git, tracking: &str) -> Result<Merged, TeamError> {
    let has_remote = git
        .output(&["rev-parse", "--verify", "--quiet", tracking])?
        .success;
    if !has_remote
        || git
            .output(&["merge-base", "--is-ancestor", tracking, "HEAD"])?
            .success
    {
        return Ok(Merged::Done(Vec::new(), Vec::new()));
    }
    let before = git.run(&["rev-parse", "HEAD"])?.trim().to_string();
    let merge = git.output(&[
        "merge",
        "--no-edit",
        "--quiet",
        "-m",
        "sync: merge the team's changes",
        tracking,
    ])?;
    if !merge.success {
        let text = format!("{}{}", merge.stdout, merge.stderr);
        if text.contains("would be overwritten") {
            return Ok(Merged::LocalChangesArrived);
        }
        let conflicted = git.output(&["diff", "--name-only", "--diff-filter=U"])?;
        let paths: Vec<String> = conflicted.stdout.lines().map(str::to_string).collect();
        let _ = git.output(&["merge", "--abort"]);
        let reason = text
            .lines()
            .filter(|line| line.starts_with("migdesk:") || line.starts_with("CONFLICT"))
            .collect::<Vec<_>>()
            .join("; ");
        return Ok(Merged::Conflict(
            paths,
            if reason.is_empty() {
                last_line(&text).to_string()
            } else {
                reason
            },
        ));
    }
    let changed = git.run(&["diff", "--name-only", &before, "HEAD", "--", "cases"])?;
    let received: Vec<String> = changed
        .lines()
        .filter_map(case_id_of)
        .map(str::to_string)
        .collect();
    let arrivals = if received.is_empty() {
        Vec::new()
    } else {
        arrivals(git, &format!("{before}..{tracking}"), &received)?
    };
    Ok(Merged::Done(received, arrivals))
}

/// Who changed each of `received` and what, from the commits of `range`
/// (those that came in: reachable from the remote, not from here before
/// the merge), in one `git log`.
fn arrivals(git: &Git, range: &str, received: &[String]) -> Result<Vec<Arrival>, TeamError> {
    let log = git.run(&[
        "log",
        "--no-merges",
        "--name-only",
        "--format=%x1e%an%x1f%s",
        range,
        "--",
        "cases",
    ])?;
    let mut found: std::collections::HashMap<&str, (String, Vec<String>)> =
        std::collections::HashMap::new();
    for record in log.split('\x1e').filter(|record| !record.trim().is_empty()) {
        let mut lines = record.lines();
        let Some((author, subject)) = lines.next().and_then(|line| line.split_once('\x1f')) else {
            continue;
        };
        for id in lines.filter_map(case_id_of) {
            let what = subject
                .strip_prefix(id)
                .and_then(|rest| rest.strip_prefix(": "))
                .unwrap_or(subject)
                .to_string();
            // Newest first: the first commit seen names the author.
            let entry = found
                .entry(id)
                .or_insert_with(|| (author.to_string(), Vec::new()));
            entry.1.push(what);
        }
    }
    Ok(received
        .iter()
        .filter_map(|id| {
            let (by, mut changes) = found.remove(id.as_str())?;
            changes.reverse();
            changes.dedup();
            Some(Arrival {
                case: id.clone(),
                by,
                what: changes.join("; "),
            })
        })
        .collect())
}

/// `cases/MIG-0001.yaml` → `MIG-0001`.
pub(super) fn case_id_of(path: &str) -> Option<&str> {
    path.strip_prefix("cases/")?
        .strip_suffix(".yaml")
        .filter(|id| is_valid_case_id(id))
}

/// Repairs what a sync killed half-way left: stale git lock files and a
/// merge in progress (undone; the local commits it was merging stay).
fn repair(git: &Git) -> Result<Vec<String>, TeamError> {
    let dot_git = git.work_tree().join(".git");
    let mut repaired = Vec::new();
    let mut locks: Vec<std::path::PathBuf> = [
        "index.lock",
        "HEAD.lock",
        "ORIG_HEAD.lock",
        "config.lock",
        "packed-refs.lock",
    ]
    .iter()
    .map(|name| dot_git.join(name))
    .collect();
    collect_ref_locks(&dot_git.join("refs"), &mut locks);
    for lock in locks.into_iter().filter(|lock| lock.exists()) {
        // A git left running by a killed sync may still be finishing: give it a moment.
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        while lock.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        if lock.exists() && std::fs::remove_file(&lock).is_ok() {
            repaired.push(format!("removed the stale {}", lock.display()));
        }
    }
    if dot_git.join("MERGE_HEAD").exists() {
        let aborted = git.output(&["merge", "--abort"])?;
        if !aborted.success {
            git.run(&["reset", "--merge"])?;
        }
        repaired.push("undid a merge left half-way (it is made again now)".to_string());
    }
    if dot_git.join("rebase-merge").exists() || dot_git.join("rebase-apply").exists() {
        git.run(&["rebase", "--abort"])?;
        repaired.push("undid a rebase left half-way".to_string());
    }
    Ok(repaired)
}

fn collect_ref_locks(directory: &Path, locks: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_ref_locks(&path, locks);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "lock")
        {
            locks.push(path);
        }
    }
}

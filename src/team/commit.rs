//! Committing what changed here before a sync: one commit per changed case
//! (named after the case and what changed, authored by the acting person),
//! then one commit for everything else (the roster, `.gitignore`…).
//!
//! The case commits are written by one `git fast-import` from the very
//! bytes that were read and checked, and the index is then brought to the
//! new HEAD for those paths in one `git reset`: a handful of git calls
//! whatever the number of cases, where a `git add` and a `git commit` per
//! case each read the whole index (35 s for 100 cases among 10,000). The
//! previous versions the messages compare against come from one
//! `git cat-file --batch`. When the repository signs its commits
//! (`commit.gpgsign`), which `fast-import` cannot do, each case is
//! committed by `git commit` as before.

use std::collections::HashMap;
use std::io::Write as _;

use chrono::Utc;

use super::git::Git;
use super::repository::{TeamError, changed_paths};
use super::roster;
use super::sync::{SyncReport, case_id_of};
use crate::store::case_from_yaml;

/// One case's commit: its message, and its file's new bytes (`None`: deleted).
struct CaseCommit {
    path: String,
    message: String,
    content: Option<Vec<u8>>,
}

/// One commit per changed case, then one for everything else that changed.
pub(super) fn commit_changes(
    git: &Git,
    branch: &str,
    report: &mut SyncReport,
) -> Result<(), TeamError> {
    let mut others = Vec::new();
    let mut cases = Vec::new();
    for changed in changed_paths(git)? {
        let path = changed.path;
        let deleted = changed.status.contains('D');
        if let Some(id) = case_id_of(&path) {
            cases.push((id.to_string(), path, deleted));
        } else if path == roster::ROSTER_FILE && !deleted {
            let text = std::fs::read_to_string(git.work_tree().join(&path)).unwrap_or_default();
            match roster::parse(&git.work_tree().join(&path), &text) {
                Ok(_) => others.push(path),
                Err(error) => report
                    .refused
                    .push(format!("{error}; not shared until fixed")),
            }
        } else {
            others.push(path);
        }
    }
    let kept: Vec<&str> = cases
        .iter()
        .filter(|(_, _, deleted)| !deleted)
        .map(|(_, path, _)| path.as_str())
        .collect();
    let previous = head_versions(git, &kept);
    let mut commits = Vec::new();
    for (id, path, deleted) in cases {
        if deleted {
            commits.push(CaseCommit {
                message: format!("{id}: case file deleted"),
                path,
                content: None,
            });
            continue;
        }
        match read_and_describe(git, &path, previous.get(&path).map(String::as_str)) {
            Ok((message, content)) => commits.push(CaseCommit {
                path,
                message,
                content: Some(content),
            }),
            Err(reason) => report.refused.push(reason),
        }
    }
    if !commits.is_empty() {
        if signs_commits(git)? {
            commit_one_by_one(git, &commits)?;
        } else {
            fast_import(git, branch, &commits)?;
        }
        report
            .committed
            .extend(commits.iter().map(|commit| first_line(&commit.message)));
    }
    if !others.is_empty() {
        let subject = format!("team: update {}", others.join(", "));
        let mut add = vec!["add", "--all", "--"];
        add.extend(others.iter().map(String::as_str));
        git.run(&add)?;
        let mut commit = vec!["commit", "--quiet", "--no-verify", "-m", &subject, "--"];
        commit.extend(others.iter().map(String::as_str));
        git.run(&commit)?;
        report.committed.push(first_line(&subject));
    }
    Ok(())
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

/// "MIG-0001: check draft, set seats = 2" and the file's bytes — or why
/// the file cannot be shared.
fn read_and_describe(
    git: &Git,
    path: &str,
    previous: Option<&str>,
) -> Result<(String, Vec<u8>), String> {
    let full = git.work_tree().join(path);
    let bytes = std::fs::read(&full)
        .map_err(|error| format!("{}: cannot be read ({error}); not shared", full.display()))?;
    let unreadable = |error: String| {
        format!(
            "{error}; this case file is not shared until it reads again (nothing is lost: it stays as it is)"
        )
    };
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| unreadable(format!("{}: not UTF-8 text", full.display())))?;
    let case = case_from_yaml(&full, text).map_err(|error| unreadable(error.to_string()))?;
    let previous = previous.and_then(|text| case_from_yaml(&full, text).ok());
    Ok((super::message::describe(previous.as_ref(), &case), bytes))
}

/// The HEAD version of each of `paths` that has one, read by one `git cat-file --batch`.
fn head_versions(git: &Git, paths: &[&str]) -> HashMap<String, String> {
    let mut versions = HashMap::new();
    if paths.is_empty() {
        return versions;
    }
    let input: String = paths.iter().map(|path| format!("HEAD:{path}\n")).collect();
    let Ok(output) = git.run_with_input(&["cat-file", "--batch"], input.into_bytes()) else {
        return versions;
    };
    let mut rest = output.as_str();
    for path in paths {
        let Some((header, after)) = rest.split_once('\n') else {
            break;
        };
        if header.ends_with(" missing") {
            rest = after;
            continue;
        }
        // `<oid> blob <size>`, the content, a newline. A size that does not
        // fall on the text (a version that was not UTF-8) ends the reading:
        // the messages of the cases left then name no previous version.
        let size = header.rsplit(' ').next().and_then(|size| size.parse().ok());
        let Some((content, after)) = size.and_then(|size: usize| {
            Some((after.get(..size)?, after.get(size..)?.strip_prefix('\n')?))
        }) else {
            break;
        };
        versions.insert(path.to_string(), content.to_string());
        rest = after;
    }
    versions
}

fn signs_commits(git: &Git) -> Result<bool, TeamError> {
    let output = git.output(&["config", "--bool", "--get", "commit.gpgsign"])?;
    Ok(output.success && output.stdout.trim() == "true")
}

fn commit_one_by_one(git: &Git, commits: &[CaseCommit]) -> Result<(), TeamError> {
    for commit in commits {
        let path = commit.path.as_str();
        git.run(&["add", "--all", "--", path])?;
        git.run(&[
            "commit",
            "--quiet",
            "--no-verify",
            "-m",
            &commit.message,
            "--",
            path,
        ])?;
    }
    Ok(())
}

/// The commits, one per case on top of HEAD, in one `git fast-import`;
/// then the index follows HEAD for their paths.
fn fast_import(git: &Git, branch: &str, commits: &[CaseCommit]) -> Result<(), TeamError> {
    // A clone of a remote with no commit yet has no HEAD: the first commit is then a root.
    let head = git.output(&["rev-parse", "--verify", "--quiet", "HEAD"])?;
    let parent = head.success.then(|| head.stdout.trim().to_string());
    let identity = |variable: &str, fallback: &str| -> String {
        git.variable(variable)
            .unwrap_or(fallback)
            .chars()
            .filter(|character| !matches!(character, '<' | '>' | '\n'))
            .collect()
    };
    let name = identity("GIT_AUTHOR_NAME", "migdesk");
    let email = identity("GIT_AUTHOR_EMAIL", "migdesk@migdesk.invalid");
    let signature = format!("{name} <{email}> {} +0000", Utc::now().timestamp());
    let mut stream = Vec::new();
    for (index, commit) in commits.iter().enumerate() {
        // Writing into a Vec cannot fail.
        let _ = write!(
            stream,
            "commit refs/heads/{branch}\nauthor {signature}\ncommitter {signature}\ndata {}\n{}\n",
            commit.message.len(),
            commit.message
        );
        if index == 0
            && let Some(parent) = &parent
        {
            let _ = writeln!(stream, "from {parent}");
        }
        match &commit.content {
            Some(bytes) => {
                let _ = write!(
                    stream,
                    "M 100644 inline {}\ndata {}\n",
                    commit.path,
                    bytes.len()
                );
                stream.extend_from_slice(bytes);
                stream.push(b'\n');
            }
            None => {
                let _ = writeln!(stream, "D {}", commit.path);
            }
        }
        stream.push(b'\n');
    }
    stream.extend_from_slice(b"done\n");
    git.run_with_input(&["fast-import", "--quiet", "--done"], stream)?;
    let mut paths = Vec::new();
    for commit in commits {
        paths.extend_from_slice(commit.path.as_bytes());
        paths.push(0);
    }
    git.run_with_input(
        &[
            "reset",
            "--quiet",
            "--pathspec-from-file=-",
            "--pathspec-file-nul",
        ],
        paths,
    )?;
    Ok(())
}

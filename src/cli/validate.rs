//! `migdesk validate`: lint playbooks and check case files, reporting every
//! problem with its file; exit 1 when anything is wrong.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::catalog::{Catalog, read_playbook_file};
use crate::engine;
use crate::model::{Case, EventKind, StepState};
use crate::parallel::parallel_map;
use crate::sanitize::for_terminal_line;
use crate::session::Session;
use crate::store::safe_open::{Links, read_regular_file};
use crate::store::{DataDir, LoadedCase, MAX_CASE_FILE_BYTES, Store, case_from_bytes};

use super::CliError;
use super::args::Cli;

struct Report {
    problems: usize,
    playbooks: usize,
    cases: usize,
}

impl Report {
    fn problem(&mut self, text: &str) {
        self.problems += 1;
        eprintln!("{}", for_terminal_line(text));
    }
}

pub fn run(cli: &Cli, paths: &[PathBuf]) -> Result<(), CliError> {
    let mut report = Report {
        problems: 0,
        playbooks: 0,
        cases: 0,
    };
    if paths.is_empty() {
        validate_data_dir(cli, &mut report)?;
    } else {
        let user_playbooks = DataDir::resolve(cli.data_dir.clone())
            .ok()
            .map(|dir| dir.playbooks_dir());
        let mut catalog = Catalog::load(user_playbooks.as_deref());
        let files = expand(paths, &mut report);
        // Playbooks named on the command line count as installed for the cases named with them.
        let mut extra = Vec::new();
        for file in files.iter().filter(|f| !looks_like_case(f)) {
            report.playbooks += 1;
            match read_playbook_file(file) {
                Ok(playbook) => extra.push(playbook),
                Err(errors) => errors.iter().for_each(|e| report.problem(&e.to_string())),
            }
        }
        if !extra.is_empty() {
            let mut all: Vec<_> = catalog
                .entries()
                .iter()
                .map(|e| e.playbook.clone())
                .collect();
            all.retain(|p| !extra.iter().any(|x| x.id() == p.id()));
            all.extend(extra);
            catalog = Catalog::from_playbooks(all);
            for problem in catalog.problems() {
                report.problem(&problem.to_string());
            }
        }
        for file in files.iter().filter(|f| looks_like_case(f)) {
            report.cases += 1;
            validate_case_file(file, &catalog, &mut report);
        }
    }
    if report.problems > 0 {
        eprintln!(
            "{} problem(s) in {} playbook(s) and {} case file(s)",
            report.problems, report.playbooks, report.cases
        );
        return Err(CliError::Reported);
    }
    println!(
        "ok: {} playbook(s) and {} case file(s), no problems",
        report.playbooks, report.cases
    );
    Ok(())
}

/// Case files read at a time: each slice is parsed on every core and its
/// cases dropped before the next is read, so memory does not grow with the
/// number of cases (only with the number of problems found).
const VALIDATE_SLICE: usize = 512;

fn validate_data_dir(cli: &Cli, report: &mut Report) -> Result<(), CliError> {
    let session = Session::open(cli.data_dir.clone(), cli.acting_as.clone())
        .map_err(|error| CliError::Failure(error.to_string()))?;
    report.playbooks = session.catalog.entries().len() + session.catalog.problems().len();
    for problem in session.catalog.problems() {
        report.problem(&problem.to_string());
    }
    let playbooks_dir = session.store.data_dir().playbooks_dir();
    let paths = session.store.case_file_paths().unwrap_or_else(|error| {
        report.problem(&error.to_string());
        Vec::new()
    });
    // Reported as `Store::load_all` orders them: unreadable files, then cases.
    let mut unreadable = Vec::new();
    let mut problems = Vec::new();
    for slice in paths.chunks(VALIDATE_SLICE) {
        let outcomes = parallel_map(slice, |path| {
            Store::read_case_file(path).map(|loaded| {
                loaded.map(|loaded| loaded_case_problems(&loaded, &session.catalog, &playbooks_dir))
            })
        });
        for outcome in outcomes {
            match outcome {
                Ok(None) => {}
                Ok(Some(found)) => {
                    report.cases += 1;
                    problems.extend(found);
                }
                Err(error) => {
                    report.cases += 1;
                    unreadable.push(error.to_string());
                }
            }
        }
    }
    for problem in unreadable.iter().chain(&problems) {
        report.problem(problem);
    }
    Ok(())
}

/// Every problem of one case file of the data directory.
fn loaded_case_problems(
    loaded: &LoadedCase,
    catalog: &Catalog,
    playbooks_dir: &Path,
) -> Vec<String> {
    let path = loaded.path.display().to_string();
    match catalog.get(&loaded.case.playbook) {
        None => vec![format!(
            "{path}: playbook `{}` is not installed; install it in {} (the case is left untouched)",
            loaded.case.playbook,
            playbooks_dir.display()
        )],
        Some(playbook) => case_problems(&path, playbook, &loaded.case),
    }
}

fn check_case(
    path: &str,
    playbook: &crate::catalog::ValidPlaybook,
    case: &Case,
    report: &mut Report,
) {
    for problem in case_problems(path, playbook, case) {
        report.problem(&problem);
    }
}

fn case_problems(path: &str, playbook: &crate::catalog::ValidPlaybook, case: &Case) -> Vec<String> {
    let mut problems: Vec<String> = engine::audit(playbook, case)
        .into_iter()
        .chain(history_problems(case))
        .map(|problem| {
            format!(
                "{path}: {problem}; restore the file from a backup or correct it through migdesk"
            )
        })
        .collect();
    let evaluation = engine::evaluate(playbook, case, case.created.date_naive());
    for problem in &evaluation.fact_problems {
        problems.push(format!(
            "{path}: fact `{}`: {}",
            problem.fact, problem.message
        ));
    }
    problems
}

fn validate_case_file(path: &Path, catalog: &Catalog, report: &mut Report) {
    let label = path.display().to_string();
    // Opened without blocking and checked on the handle, like the store
    // does: a FIFO, a device or a multi-gigabyte file is refused unread.
    let bytes = match read_regular_file(path, Links::Follow, MAX_CASE_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(error) => {
            return report.problem(&format!(
                "{label}: cannot read: {error} — no more than a case file may be ({MAX_CASE_FILE_BYTES} bytes, a regular file) is read; check what wrote it"
            ));
        }
    };
    match case_from_bytes(path, &bytes) {
        Err(error) => report.problem(&error.to_string()),
        Ok(case) => match catalog.get(&case.playbook) {
            None => report.problem(&format!(
                "{label}: playbook `{}` is not installed",
                case.playbook
            )),
            Some(playbook) => check_case(&label, playbook, &case, report),
        },
    }
}

/// What `engine::audit` leaves to the history: every note is the text of a
/// note event (same time, author and text) and every note event still has
/// its note; a step record's author and time are those of the last event
/// that set it.
fn history_problems(case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    let mut recorded: Vec<(&DateTime<Utc>, &str, &str)> = case
        .history
        .iter()
        .filter(|event| event.action == EventKind::Note)
        .map(|event| {
            (
                &event.at,
                event.by.as_str(),
                event.text.as_deref().unwrap_or(""),
            )
        })
        .collect();
    for note in &case.notes {
        let key = (&note.at, note.by.as_str(), note.text.as_str());
        match recorded.iter().position(|event| *event == key) {
            Some(index) => {
                recorded.swap_remove(index);
            }
            None => problems.push(format!(
                "the note by {} at {} is not in the history (it was added or edited by hand)",
                note.by, note.at
            )),
        }
    }
    for (at, by, _) in recorded {
        problems.push(format!(
            "the history has a note by {by} at {at} that the case no longer holds (it was deleted or edited by hand)"
        ));
    }
    for (step_id, record) in &case.steps {
        if record.state == StepState::Todo {
            continue;
        }
        let last = case.history.iter().rev().find(|event| {
            event.step.as_deref() == Some(step_id.as_str())
                && matches!(
                    event.action,
                    EventKind::Check | EventKind::Skip | EventKind::Review
                )
        });
        let Some(last) = last else {
            continue; // `engine::audit` reports a state with no event.
        };
        if record.by.as_deref() != Some(last.by.as_str()) || record.at != Some(last.at) {
            problems.push(format!(
                "step `{step_id}` says it was set by {} at {}, but the history says {} at {}",
                record.by.as_deref().unwrap_or("nobody"),
                record
                    .at
                    .map_or_else(|| "no time".to_string(), |at| at.to_string()),
                last.by,
                last.at
            ));
        }
    }
    problems
}

/// Case files are named like case ids; everything else is taken for a playbook.
fn looks_like_case(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| name.to_ascii_uppercase().starts_with("MIG-"))
}

fn expand(paths: &[PathBuf], report: &mut Report) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            match fs::read_dir(path) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(error) => report.problem(&format!(
                    "{}: cannot read directory: {error}",
                    path.display()
                )),
            }
        } else if path.exists() {
            files.push(path.clone());
        } else {
            report.problem(&format!("{}: no such file", path.display()));
        }
    }
    files
}

//! `migdesk validate`: lint playbooks and check case files, reporting every
//! problem with its file; exit 1 when anything is wrong.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::catalog::{Catalog, read_playbook_file};
use crate::engine;
use crate::sanitize::for_terminal_line;
use crate::session::Session;
use crate::store::{DataDir, MAX_CASE_FILE_BYTES, case_from_yaml};

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

fn validate_data_dir(cli: &Cli, report: &mut Report) -> Result<(), CliError> {
    let session = Session::open(cli.data_dir.clone(), cli.acting_as.clone())
        .map_err(|error| CliError::Failure(error.to_string()))?;
    report.playbooks = session.catalog.entries().len() + session.catalog.problems().len();
    for problem in session.catalog.problems() {
        report.problem(&problem.to_string());
    }
    let loaded = session.store.load_all();
    report.cases = loaded.cases.len() + loaded.errors.len();
    for error in &loaded.errors {
        report.problem(&error.to_string());
    }
    for case in &loaded.cases {
        let path = case.path.display().to_string();
        match session.catalog.get(&case.case.playbook) {
            None => report.problem(&format!(
                "{path}: playbook `{}` is not installed; install it in {} (the case is left untouched)",
                case.case.playbook,
                session.store.data_dir().playbooks_dir().display()
            )),
            Some(playbook) => check_case(&path, playbook, &case.case, report),
        }
    }
    Ok(())
}

fn check_case(
    path: &str,
    playbook: &crate::catalog::ValidPlaybook,
    case: &crate::model::Case,
    report: &mut Report,
) {
    for problem in engine::audit(playbook, case) {
        report.problem(&format!(
            "{path}: {problem}; restore the file from a backup or correct it through migdesk"
        ));
    }
    let evaluation = engine::evaluate(playbook, case, case.created.date_naive());
    for problem in &evaluation.fact_problems {
        report.problem(&format!(
            "{path}: fact `{}`: {}",
            problem.fact, problem.message
        ));
    }
}

fn validate_case_file(path: &Path, catalog: &Catalog, report: &mut Report) {
    let label = path.display().to_string();
    // Refused by its size, like the store does: a stray multi-gigabyte file
    // must not be read into memory.
    let size = match fs::metadata(path) {
        Ok(metadata) => metadata.len(),
        Err(error) => return report.problem(&format!("{label}: cannot read: {error}")),
    };
    if size > MAX_CASE_FILE_BYTES {
        return report.problem(&format!(
            "{label}: the file is {size} bytes, more than a case file may be ({MAX_CASE_FILE_BYTES} bytes) — no case grows this large; check what wrote it and move it out of the cases folder"
        ));
    }
    let mut text = Vec::new();
    if let Err(error) = fs::File::open(path)
        .and_then(|file| file.take(MAX_CASE_FILE_BYTES + 1).read_to_end(&mut text))
    {
        return report.problem(&format!("{label}: cannot read: {error}"));
    }
    let text = match String::from_utf8(text) {
        Ok(text) => text,
        Err(error) => {
            return report.problem(&format!(
                "{label}: not valid UTF-8 at byte {}; restore the file from a backup",
                error.utf8_error().valid_up_to()
            ));
        }
    };
    match case_from_yaml(path, &text) {
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

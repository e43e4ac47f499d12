//! One function per command, each a thin layer over the session's store,
//! the catalog and `engine::apply`.

use std::io::{IsTerminal as _, Write as _};

use crate::catalog::ValidPlaybook;
use crate::engine::{self, Change};
use crate::model::{Case, CaseStatus, FactValue, Verdict, case::is_valid_case_id};
use crate::query::{Query, SearchText, Subject};
use crate::queue_index::{QueueIndex, QueueRow};
use crate::session::{Session, SessionError};
use crate::store::{LoadedCase, SizeAllowance, UpdateError};

use super::args::{
    Cli, Command, ExportFormat, ListArgs, ListFormat, NewArgs, ReviewArgs, StatusArg, StatusFilter,
};
use super::{CliError, output, validate};

pub fn run(cli: &Cli, command: Command) -> Result<(), CliError> {
    if let Command::Validate { paths } = &command {
        return validate::run(cli, paths);
    }
    if let Command::GenerateCases {
        count,
        data_dir,
        seed,
    } = &command
    {
        return generate_cases(*count, data_dir, *seed);
    }
    if let Command::Team(team_command) = &command {
        return super::team::run(cli, team_command);
    }
    if let Command::Sync { json } = &command {
        return super::team::sync(cli, *json);
    }
    let session =
        Session::open(cli.data_dir.clone(), cli.acting_as.clone()).map_err(
            |error| match error {
                SessionError::Identity { .. } => CliError::Usage(error.to_string()),
                SessionError::Store(_) => CliError::Failure(error.to_string()),
            },
        )?;
    if command.changes_cases() {
        session
            .membership
            .may_change_cases(&session.user)
            .map_err(|message| {
                CliError::Refused(engine::Refusal::new(
                    engine::RefusalReason::Team,
                    message,
                    crate::t!("remedy-join-team"),
                ))
            })?;
    }
    match command {
        Command::Playbooks { json } => playbooks(&session, json),
        Command::New(args) => new(&session, args),
        Command::List(args) => list(&session, &args),
        Command::Stats(args) => super::lead::run_stats(&session, &args),
        Command::Show { case, json } => show(&session, &case, json),
        Command::Set { case, assignments } => set(&session, &case, &assignments),
        Command::Check {
            case,
            step,
            note,
            ack,
        } => change(
            &session,
            &case,
            vec![Change::Check {
                step,
                note,
                acknowledged: ack,
            }],
        ),
        Command::Uncheck { case, step } => change(&session, &case, vec![Change::Uncheck { step }]),
        Command::Skip {
            case,
            step,
            reason,
            ack,
        } => change(
            &session,
            &case,
            vec![Change::Skip {
                step,
                reason,
                acknowledged: ack,
            }],
        ),
        Command::Note { case, text } => change(&session, &case, vec![Change::Note { text }]),
        Command::Review(args) => review(&session, args),
        Command::Status {
            case,
            status,
            reason,
        } => {
            let status = match status {
                StatusArg::OnHold => CaseStatus::OnHold,
                StatusArg::Cancelled => CaseStatus::Cancelled,
                StatusArg::Open => CaseStatus::Open,
            };
            change(&session, &case, vec![Change::SetStatus { status, reason }])
        }
        Command::Rename { case, title } => change(&session, &case, vec![Change::Rename { title }]),
        Command::Due { case, date, reason } => {
            let due = match date.as_str() {
                "playbook" => None,
                text => Some(
                    chrono::NaiveDate::parse_from_str(text, crate::model::fact::DATE_FORMAT)
                        .map_err(|_| CliError::Usage(due_usage_text(text)))?,
                ),
            };
            change(&session, &case, vec![Change::SetDue { due, reason }])
        }
        Command::Assign { case, person } => {
            change(&session, &case, vec![Change::Assign { assignee: person }])
        }
        Command::Take { case } => {
            let assignee = session.user.clone();
            change(&session, &case, vec![Change::Assign { assignee }])
        }
        Command::Export { case, format } => export(&session, &case, format),
        Command::Resolve { case, notice, note } => {
            change(&session, &case, vec![Change::Resolve { notice, note }])
        }
        Command::Validate { .. }
        | Command::GenerateCases { .. }
        | Command::Config { .. }
        | Command::Completions { .. }
        | Command::Man
        | Command::Team(_)
        | Command::Sync { .. } => Ok(()),
    }
}

pub(super) fn print(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`migdesk list | head`) is not an error worth reporting.
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Failure(
            format!("cannot write to standard output: {error}"),
        )),
        _ => Ok(()),
    }
}

/// Streams the JSON to standard output: `list --json` of 100,000 cases is
/// tens of megabytes, not worth holding in memory first.
pub(super) fn print_json(value: &impl serde::Serialize) -> Result<(), CliError> {
    let mut stdout = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut stdout, value)
        .map_err(std::io::Error::from)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush());
    // A closed pipe (`migdesk list --json | head`) is not an error worth reporting.
    match written {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Failure(
            format!("cannot write to standard output: {error}"),
        )),
        _ => Ok(()),
    }
}

fn playbook<'a>(session: &'a Session, id: &str) -> Result<&'a ValidPlaybook, CliError> {
    session.catalog.get(id).ok_or_else(|| {
        let known: Vec<&str> = session
            .catalog
            .entries()
            .iter()
            .map(|e| e.playbook.id())
            .collect();
        CliError::Failure(format!(
            "no playbook `{id}` (known: {}); `migdesk playbooks` lists them",
            known.join(", ")
        ))
    })
}

/// A case whose playbook is not installed is reported by its file and kept as it is.
fn missing_playbook(session: &Session, path: &std::path::Path, playbook: &str) -> String {
    format!(
        "{}: playbook `{playbook}` is not installed; the case is kept untouched (install the playbook in {} to work on it)",
        path.display(),
        session.store.data_dir().playbooks_dir().display()
    )
}

/// The playbook a loaded case runs on.
fn case_playbook<'a>(
    session: &'a Session,
    loaded: &LoadedCase,
) -> Result<&'a ValidPlaybook, CliError> {
    session.catalog.get(&loaded.case.playbook).ok_or_else(|| {
        CliError::Failure(missing_playbook(
            session,
            &loaded.path,
            &loaded.case.playbook,
        ))
    })
}

fn checked_case_id(id: &str) -> Result<(), CliError> {
    if is_valid_case_id(id) {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "`{id}` is not a case id: case ids look like MIG-0001 (`migdesk list` shows them)"
        )))
    }
}

fn load(session: &Session, id: &str) -> Result<LoadedCase, CliError> {
    checked_case_id(id)?;
    session
        .store
        .load(id)
        .map_err(|error| CliError::Failure(error.to_string()))
}

/// Splits `FACT=VALUE`.
fn assignment(text: &str) -> Result<(&str, &str), CliError> {
    text.split_once('=')
        .map(|(fact, value)| (fact.trim(), value))
        .filter(|(fact, _)| !fact.is_empty())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "`{text}` is not FACT=VALUE (use `unknown` to clear a fact)"
            ))
        })
}

fn parse_assignments(
    playbook: &ValidPlaybook,
    assignments: &[String],
) -> Result<Vec<(String, Option<FactValue>)>, CliError> {
    assignments
        .iter()
        .map(|text| {
            let (fact, value) = assignment(text)?;
            let value = engine::parse_fact_value(playbook, fact, value)?;
            Ok((fact.to_string(), value))
        })
        .collect()
}

fn playbooks(session: &Session, json: bool) -> Result<(), CliError> {
    for problem in session.catalog.problems() {
        eprintln!(
            "migdesk: {}",
            crate::sanitize::for_terminal_line(&problem.to_string())
        );
    }
    if json {
        return print_json(&output::playbooks_json(&session.catalog));
    }
    print(&output::playbooks_text(&session.catalog))
}

fn new(session: &Session, args: NewArgs) -> Result<(), CliError> {
    let playbook = playbook(session, &args.playbook)?;
    let facts = parse_assignments(playbook, &args.assignments)?;
    let assignee = args.assignee.unwrap_or_else(|| session.user.clone());
    let actor = session.actor();
    // Build and check the whole case before an id is taken, so a refused
    // fact leaves no file behind.
    let draft = engine::new_case(playbook, "MIG-0000", &args.title, &assignee, facts, &actor)?;
    let created = session
        .store
        .create(move |id| Case { id, ..draft })
        .map_err(|error| CliError::Failure(error.to_string()))?;
    if args.json {
        let evaluation = engine::evaluate(playbook, &created.case, actor.today);
        return print_json(&output::case_json(&created.case, playbook, &evaluation));
    }
    print(&format!("{}\n", created.case.id))
}

fn list(session: &Session, args: &ListArgs) -> Result<(), CliError> {
    let today = session.today();
    let started = std::time::Instant::now();
    // The summary index answers for every case file that has not changed
    // since it was indexed; the rest are parsed and the index updated.
    let queue = QueueIndex::load_or_rebuild(&session.store, &session.catalog, today);
    tracing::debug!(
        target: "migdesk::startup",
        cases = queue.rows.len(),
        milliseconds = started.elapsed().as_secs_f64() * 1000.0,
        from_index = queue.stats.reused,
        parsed = queue.stats.parsed,
        index = ?queue.stats.update,
        "queue loaded"
    );
    for error in &queue.errors {
        eprintln!(
            "migdesk: {}",
            crate::sanitize::for_terminal_line(&error.to_string())
        );
    }
    let query = list_query(args)?;
    let mut rows = Vec::new();
    for row in &queue.rows {
        if args.playbook.as_deref().is_some_and(|p| p != row.playbook) {
            continue;
        }
        if !assigned_as_asked(session, args, &row.assignee) {
            continue;
        }
        let Some(standing) = &row.standing else {
            let path = session.store.case_path(&row.id).unwrap_or_default();
            eprintln!(
                "migdesk: {}",
                crate::sanitize::for_terminal_line(&missing_playbook(
                    session,
                    &path,
                    &row.playbook
                ))
            );
            continue;
        };
        let wanted = match args.status {
            Some(filter) => status_matches(filter, standing.status),
            // A filter that names a status looks among every case.
            None if query.as_ref().is_some_and(Query::names_status) => true,
            None => args.all || standing.status.is_pending(),
        };
        let wanted = wanted
            && query
                .as_ref()
                .is_none_or(|query| matches_query(query, row, today, &session.user));
        if wanted {
            rows.push(row);
        }
    }
    match (args.json, args.format) {
        (_, Some(ListFormat::Csv)) => {
            let bytes = super::lead::csv_report(&rows, today)?;
            return print(&String::from_utf8_lossy(&bytes));
        }
        (true, _) | (false, Some(ListFormat::Json)) => {}
        (false, None | Some(ListFormat::Text)) => return print(&output::list_text(&rows, today)),
    }
    {
        let items: Vec<_> = rows
            .iter()
            .map(|row| output::list_item_json(row, today))
            .collect();
        print_json(&items)
    }
}

/// `--filter`'s query; a word that names nothing is a usage error.
fn list_query(args: &ListArgs) -> Result<Option<Query>, CliError> {
    let Some(text) = &args.filter else {
        return Ok(None);
    };
    let query = Query::parse(text);
    match query.problems().first() {
        Some(problem) => Err(CliError::Usage(format!(
            "--filter {text:?}: {problem}; the README's \"Finding cases\" lists the filter's words"
        ))),
        None => Ok(Some(query)),
    }
}

/// `--mine` and `--assignee`, through the one comparison of people.
fn assigned_as_asked(session: &Session, args: &ListArgs, assignee: &str) -> bool {
    if args.mine {
        return crate::identity::names_same_person(assignee, &session.user);
    }
    args.assignee
        .as_deref()
        .is_none_or(|person| crate::identity::names_same_person(assignee, person))
}

fn matches_query(query: &Query, row: &QueueRow, today: chrono::NaiveDate, me: &str) -> bool {
    let text = SearchText::of_row(row);
    let subject = Subject {
        id: &row.id,
        assignee: &row.assignee,
        status: row.standing.as_ref().map(|standing| standing.status),
        overdue: row.overdue(today),
        demo: row.demo,
        text: &text,
    };
    query.score(&subject, me).is_some()
}

fn generate_cases(count: u64, data_dir: &std::path::Path, seed: u64) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let summary = crate::generate::write_cases(
        &crate::store::DataDir::new(data_dir),
        &crate::catalog::Catalog::shipped(),
        count,
        seed,
        crate::session::local_clock().now,
    )
    .map_err(|error| CliError::Failure(error.to_string()))?;
    print(&format!(
        "{} cases, {} bytes, in {} ms\n",
        summary.cases,
        summary.bytes,
        started.elapsed().as_millis()
    ))
}

fn status_matches(filter: StatusFilter, status: crate::engine::DerivedStatus) -> bool {
    use crate::engine::DerivedStatus as S;
    let wanted = match filter {
        StatusFilter::Blocked => S::Blocked,
        StatusFilter::InReview => S::InReview,
        StatusFilter::InProgress => S::InProgress,
        StatusFilter::OnHold => S::OnHold,
        StatusFilter::Done => S::Done,
        StatusFilter::Cancelled => S::Cancelled,
    };
    status == wanted
}

fn show(session: &Session, id: &str, json: bool) -> Result<(), CliError> {
    let loaded = load(session, id)?;
    let playbook = case_playbook(session, &loaded)?;
    let evaluation = engine::evaluate(playbook, &loaded.case, session.today());
    if json {
        return print_json(&output::case_json(&loaded.case, playbook, &evaluation));
    }
    print(&output::case_text(&loaded, playbook, &evaluation))
}

/// Applies `changes` in one locked read-modify-write: all land or none.
fn change(session: &Session, id: &str, changes: Vec<Change>) -> Result<(), CliError> {
    match change_unless_unchanged(session, id, changes)? {
        Some(summary) => print(&summary),
        None => print(&format!(
            "{id}: no change (every fact already has that value)\n"
        )),
    }
}

/// Why a read-modify-write stopped without saving.
enum Stopped {
    Error(CliError),
    /// Every change was a fact set to the value it already has.
    Unchanged,
}

impl From<engine::Refusal> for Stopped {
    fn from(refusal: engine::Refusal) -> Self {
        Stopped::Error(CliError::Refused(refusal))
    }
}

/// [`change`], leaving out facts set to the value they already have (as
/// the file is under the lock, not as an earlier read saw it); `None`, and
/// nothing written, when that leaves nothing.
fn change_unless_unchanged(
    session: &Session,
    id: &str,
    changes: Vec<Change>,
) -> Result<Option<String>, CliError> {
    checked_case_id(id)?;
    let actor = session.actor();
    let catalog = &session.catalog;
    let path = session
        .store
        .case_path(id)
        .map_err(|error| CliError::Failure(error.to_string()))?;
    // Closing or holding a case must work even when it is too big to grow.
    let allowance = if changes
        .iter()
        .all(|change| matches!(change, Change::SetStatus { .. }))
    {
        SizeAllowance::StatusChange
    } else {
        SizeAllowance::Normal
    };
    // A conflict under the lock means a writer that ignored it replaced the
    // file meanwhile (its version was kept): the change is applied again,
    // on that version, under the same rules.
    let mut attempts = 0;
    let outcome = loop {
        attempts += 1;
        let changes = changes.clone();
        let outcome = session.store.update_within(id, allowance, |case| {
            apply_changes(session, catalog, &path, &actor, case, changes)
        });
        match outcome {
            Err(UpdateError::Store(crate::store::StoreError::Conflict { .. }))
                if attempts < CONFLICT_ATTEMPTS => {}
            outcome => break outcome,
        }
    };
    match outcome {
        Ok(summary) => Ok(Some(summary)),
        Err(UpdateError::Change(Stopped::Unchanged)) => Ok(None),
        Err(UpdateError::Change(Stopped::Error(error))) => Err(error),
        Err(UpdateError::Store(error)) => Err(CliError::Failure(error.to_string())),
    }
}

/// How often a change is tried when the file keeps being replaced by
/// writers that ignore the lock.
const CONFLICT_ATTEMPTS: usize = 5;

/// The closure of [`change_unless_unchanged`]: applies `changes` to `case`
/// through `engine::apply`, leaving out facts already at their value.
fn apply_changes(
    session: &Session,
    catalog: &crate::catalog::Catalog,
    path: &std::path::Path,
    actor: &engine::Actor,
    case: &mut Case,
    changes: Vec<Change>,
) -> Result<String, Stopped> {
    let playbook = catalog.get(&case.playbook).ok_or_else(|| {
        Stopped::Error(CliError::Failure(missing_playbook(
            session,
            path,
            &case.playbook,
        )))
    })?;
    let mut events = Vec::new();
    for change in changes {
        if let Change::SetFact { fact, value } = &change
            && case.facts.get(fact) == value.as_ref()
        {
            continue;
        }
        events.push(engine::apply(playbook, case, change, actor)?);
    }
    if events.is_empty() {
        return Err(Stopped::Unchanged);
    }
    let evaluation = engine::evaluate(playbook, case, actor.today);
    Ok(output::change_summary(case, &events, &evaluation))
}

fn set(session: &Session, id: &str, assignments: &[String]) -> Result<(), CliError> {
    let loaded = load(session, id)?;
    let playbook = case_playbook(session, &loaded)?;
    let parsed = parse_assignments(playbook, assignments)?;
    // Facts that already have the value are left out under the lock, so
    // `set` can be repeated by scripts.
    let changes: Vec<Change> = parsed
        .into_iter()
        .map(|(fact, value)| Change::SetFact { fact, value })
        .collect();
    change(session, id, changes)
}

fn review(session: &Session, args: ReviewArgs) -> Result<(), CliError> {
    let verdict = if args.approve {
        Verdict::Approved
    } else {
        Verdict::Rejected
    };
    change(
        session,
        &args.case,
        vec![Change::Review {
            step: args.step,
            verdict,
            reason: args.reason,
        }],
    )
}

fn export(session: &Session, id: &str, format: ExportFormat) -> Result<(), CliError> {
    let loaded = load(session, id)?;
    let playbook = case_playbook(session, &loaded)?;
    let evaluation = engine::evaluate(playbook, &loaded.case, session.today());
    match format {
        ExportFormat::Json => print_json(&output::case_json(&loaded.case, playbook, &evaluation)),
        ExportFormat::Md => {
            let markdown = output::case_markdown(&loaded.case, playbook, &evaluation);
            // Piped or redirected, the report keeps the case's text exactly;
            // shown on a terminal, it is made safe like every other output.
            if std::io::stdout().is_terminal() {
                print(&crate::sanitize::for_terminal(&markdown))
            } else {
                print(&markdown)
            }
        }
    }
}

fn due_usage_text(text: &str) -> String {
    format!(
        "`{}` is not a due date: write it as YYYY-MM-DD (2026-11-20), or `playbook` to follow the playbook's timing again",
        text.escape_default()
    )
}

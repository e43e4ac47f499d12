//! The team lead's commands: `migdesk stats` (the dashboard's figures, as
//! text or JSON) and `migdesk list --format csv` (one row per case for a
//! spreadsheet). Both read the summary index only, never a case file.

use chrono::{NaiveDate, Utc};

use crate::queue_index::{QueueIndex, QueueRow};
use crate::session::Session;
use crate::stats::{self, CaseFigures, Scope, Setting, Stats};

use super::CliError;
use super::args::StatsArgs;
use super::commands::{print, print_json};

/// `--since`'s value: a calendar day.
pub(super) fn day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date such as 2026-03-02 (YYYY-MM-DD)"))
}

pub(super) fn run_stats(session: &Session, args: &StatsArgs) -> Result<(), CliError> {
    let today = session.today();
    let queue = QueueIndex::load_or_rebuild(&session.store, &session.catalog, today);
    for error in &queue.errors {
        eprintln!(
            "migdesk: {}",
            crate::sanitize::for_terminal_line(&error.to_string())
        );
    }
    if let Some(playbook) = &args.playbook
        && session.catalog.get(playbook).is_none()
    {
        return Err(CliError::Usage(unknown_playbook(playbook)));
    }
    let figures = CaseFigures::of_rows(&queue.rows);
    let roster = crate::team::roster::load(session.store.data_dir().root())
        .ok()
        .flatten();
    let setting = Setting::new(today, &session.catalog).with_roster(roster.as_ref());
    let scope = Scope {
        playbook: args.playbook.clone(),
        assignee: args.assignee.clone(),
        since: args.since,
    };
    let stats = stats::compute(&figures, &scope, &setting);
    if args.json {
        return print_json(&stats);
    }
    print(&stats_text(&stats))
}

fn unknown_playbook(playbook: &str) -> String {
    format!(
        "--playbook {playbook:?}: no installed playbook has this id; `migdesk playbooks` lists them"
    )
}

/// The figures as a report a person reads in a terminal.
pub fn stats_text(stats: &Stats) -> String {
    let mut lines: Vec<String> = Vec::new();
    lines.push(format!(
        "{cases} cases, {pending} pending, on {today}",
        cases = stats.cases,
        pending = stats.pending,
        today = stats.today
    ));
    lines.push(String::new());
    lines.push("By status".to_string());
    for status in crate::query::STATUSES {
        let count = stats.by_status.get(status.as_str()).copied().unwrap_or(0);
        lines.push(count_line(&status.label(), count));
    }
    if stats.unknown_playbook > 0 {
        lines.push(count_line("playbook not installed", stats.unknown_playbook));
    }
    lines.push(String::new());
    lines.push("By playbook".to_string());
    for (playbook, count) in &stats.by_playbook {
        lines.push(count_line(playbook, *count));
    }
    lines.push(String::new());
    lines.push("Pending cases by due date".to_string());
    for bucket in stats::DueBucket::ALL {
        lines.push(count_line(bucket.label(), stats.due.get(bucket)));
    }
    lines.push(String::new());
    lines.push("Overdue by assignee".to_string());
    if stats.overdue_by_assignee.is_empty() {
        lines.push("  nobody has an overdue case".to_string());
    }
    for person in &stats.overdue_by_assignee {
        lines.push(count_line(&person.name, person.cases));
    }
    lines.push(String::new());
    lines.push(reviews_line(&stats.reviews));
    lines.push(String::new());
    lines.push("Done per week (ISO week, its Monday)".to_string());
    for week in &stats.done_per_week {
        lines.push(format!(
            "  {week} {start}  {cases:>5}",
            week = week.week,
            start = week.start,
            cases = week.cases
        ));
    }
    lines.push(String::new());
    lines.push("Median business days from creation to done".to_string());
    for time in &stats.median_to_done {
        lines.push(format!(
            "  {playbook:<32} {median:>6.1}  ({cases} done)",
            playbook = time.playbook,
            median = time.median_business_days,
            cases = time.cases
        ));
    }
    lines.push(String::new());
    lines.push("Rules holding the most pending cases".to_string());
    if stats.top_blockers.is_empty() {
        lines.push("  no rule holds a pending case".to_string());
    }
    for held in &stats.top_blockers {
        lines.push(format!(
            "  {cases:>5}  {rule} ({playbook})",
            cases = held.cases,
            rule = held.rule,
            playbook = held.playbook
        ));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    crate::sanitize::for_terminal(&text).into_owned()
}

fn count_line(label: &str, count: usize) -> String {
    format!("  {label:<32} {count:>5}")
}

fn reviews_line(reviews: &stats::Reviews) -> String {
    match (reviews.oldest_business_days, reviews.median_business_days) {
        (Some(oldest), Some(median)) => format!(
            "Reviews waiting: {waiting} on {cases} cases; the oldest for {oldest} business days, the median {median:.1}",
            waiting = reviews.waiting,
            cases = reviews.cases
        ),
        _ => "Reviews waiting: none".to_string(),
    }
}

/// The columns of `list --format csv`, in order.
pub const CSV_HEADER: [&str; 11] = [
    "id",
    "title",
    "playbook",
    "status",
    "assignee",
    "created",
    "due",
    "overdue",
    "progress",
    "last_change",
    "first_blocker",
];

/// The rows as RFC 4180 CSV with a header row.
pub fn csv_report(rows: &[&QueueRow], today: NaiveDate) -> Result<Vec<u8>, CliError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let failed = |error: csv::Error| CliError::Failure(format!("cannot write the CSV: {error}"));
    writer.write_record(CSV_HEADER).map_err(failed)?;
    for row in rows {
        let standing = row.standing.as_ref();
        let progress = standing.map_or(String::new(), |s| format!("{}/{}", s.done, s.total));
        let last_change = row
            .updated
            .unwrap_or_else(|| row.created.with_timezone(&Utc));
        let record = [
            cell(&row.id),
            cell(&row.title),
            cell(&row.playbook),
            standing.map_or(String::new(), |s| s.status.as_str().to_string()),
            cell(&row.assignee),
            row.created.to_rfc3339(),
            standing
                .and_then(|s| s.due)
                .map_or(String::new(), |due| due.to_string()),
            if row.overdue(today) { "yes" } else { "no" }.to_string(),
            progress,
            last_change.to_rfc3339(),
            cell(standing.and_then(|s| s.blocker.as_deref()).unwrap_or("")),
        ];
        writer.write_record(&record).map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|error| CliError::Failure(format!("cannot write the CSV: {error}")))
}

/// A free-text cell: control characters other than line breaks and tabs
/// go, and a leading `=`, `+`, `-` or `@` is quoted with `'` so a
/// spreadsheet shows the text instead of running it as a formula.
fn cell(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    match clean.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{clean}"),
        _ => clean,
    }
}

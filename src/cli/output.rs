//! What the commands print: JSON for scripts and plain text for people.
//! Every piece of case or playbook text in human output goes through
//! `sanitize`, so case data can never drive the terminal.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use crate::catalog::{Catalog, Origin, ValidPlaybook};
use crate::engine::{Evaluation, LockReason, StepStatus, StepView};
use crate::model::{Case, Event, FactValue};
use crate::queue_index::{QueueRow, Standing};
use crate::sanitize::{for_terminal, for_terminal_line};
use crate::store::LoadedCase;

use super::history::{self, markdown_cell, markdown_row};
use super::shorten::shortened;

fn line(text: &str) -> String {
    for_terminal_line(text).into_owned()
}

fn fact_json(value: Option<&FactValue>) -> Value {
    match value {
        None => Value::Null,
        Some(FactValue::Bool(b)) => json!(b),
        Some(FactValue::Integer(i)) => json!(i),
        Some(FactValue::Float(x)) => json!(x),
        Some(FactValue::Text(t)) => json!(t),
    }
}

pub fn playbooks_json(catalog: &Catalog) -> Value {
    Value::Array(
        catalog
            .entries()
            .iter()
            .map(|entry| {
                let definition = entry.playbook.definition();
                json!({
                    "id": definition.id,
                    "version": definition.version,
                    "title": definition.title,
                    "language": definition.language,
                    "description": definition.description,
                    "origin": match &entry.origin {
                        Origin::Shipped => "shipped".to_string(),
                        Origin::User(path) => path.display().to_string(),
                    },
                    "overrides_shipped": entry.overrides_shipped,
                    "steps": definition.steps().count(),
                    "rules": definition.rules.len(),
                })
            })
            .collect(),
    )
}

pub fn playbooks_text(catalog: &Catalog) -> String {
    let rows: Vec<Vec<String>> = catalog
        .entries()
        .iter()
        .map(|entry| {
            let definition = entry.playbook.definition();
            let origin = match &entry.origin {
                Origin::Shipped => "shipped".to_string(),
                Origin::User(path) if entry.overrides_shipped => {
                    format!(
                        "{} (overrides the shipped one)",
                        line(&path.display().to_string())
                    )
                }
                Origin::User(path) => line(&path.display().to_string()),
            };
            vec![
                line(&definition.id),
                format!("v{}", definition.version),
                line(&definition.language),
                format!("{} steps", definition.steps().count()),
                line(&definition.title),
                origin,
            ]
        })
        .collect();
    table(
        &["PLAYBOOK", "VERSION", "LANG", "STEPS", "TITLE", "ORIGIN"],
        &rows,
    )
}

/// Left-aligned columns padded by display width (accents, CJK and emoji included).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in rows {
        for (index, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(index) {
                *width = (*width).max(cell.width());
            }
        }
    }
    let mut out = String::new();
    let mut write_row = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        for (index, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if index < last {
                let pad = widths[index].saturating_sub(cell.width()) + 2;
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    };
    write_row(headers.to_vec());
    for row in rows {
        write_row(row.iter().map(String::as_str).collect());
    }
    out
}

fn status_with_reason(evaluation: &Evaluation) -> String {
    match evaluation.blockers.first() {
        Some(blocker) if evaluation.status == crate::engine::DerivedStatus::Blocked => {
            crate::t!(
                "status-with-reason",
                status = evaluation.status.label(),
                reason = blocker.short_reason_shown()
            )
        }
        _ => match &evaluation.changes_requested {
            Some(rejection)
                if evaluation.status == crate::engine::DerivedStatus::ChangesRequested =>
            {
                crate::t!(
                    "status-rejected-on",
                    status = evaluation.status.label(),
                    by = rejection.by.as_str(),
                    step = rejection.step.as_str(),
                    reason = rejection.reason.as_str()
                )
            }
            _ => evaluation.status.label(),
        },
    }
}

fn due_text(evaluation: &Evaluation) -> String {
    match evaluation.due {
        Some(due) if evaluation.overdue => crate::t!("due-overdue", date = due.to_string()),
        Some(due) => due.to_string(),
        None => "-".to_string(),
    }
}

/// One case of `list --json`. Serialised directly rather than through a
/// JSON value, which matters at 100,000 cases; the fields are in
/// alphabetical order, the order the JSON has always had.
#[derive(serde::Serialize)]
pub struct ListItem<'a> {
    assignee: &'a str,
    blocker: Option<&'a str>,
    due: Option<NaiveDate>,
    id: &'a str,
    overdue: bool,
    playbook: &'a str,
    progress: Option<crate::engine::Progress>,
    status: Option<crate::engine::DerivedStatus>,
    title: &'a str,
    updated: Option<chrono::DateTime<chrono::Utc>>,
}

pub fn list_item_json(row: &QueueRow, today: NaiveDate) -> ListItem<'_> {
    let standing = row.standing.as_ref();
    ListItem {
        assignee: &row.assignee,
        blocker: standing.and_then(|s| s.blocker.as_deref()),
        due: standing.and_then(|s| s.due),
        id: &row.id,
        overdue: row.overdue(today),
        playbook: &row.playbook,
        progress: standing.map(Standing::progress),
        status: standing.map(|s| s.status),
        title: &row.title,
        updated: row.updated,
    }
}

/// Like [`status_with_reason`], for a queue row.
fn row_status_with_reason(standing: &Standing) -> String {
    match &standing.blocker {
        Some(blocker) if standing.status == crate::engine::DerivedStatus::Blocked => {
            crate::t!(
                "status-with-reason",
                status = standing.status.label(),
                reason = blocker.as_str()
            )
        }
        _ => match &standing.changes_requested {
            Some(rejection)
                if standing.status == crate::engine::DerivedStatus::ChangesRequested =>
            {
                crate::t!(
                    "status-rejected",
                    status = standing.status.label(),
                    by = rejection.by.as_str(),
                    reason = rejection.reason.as_str()
                )
            }
            _ => standing.status.label(),
        },
    }
}

fn row_due_text(standing: &Standing, today: NaiveDate) -> String {
    match standing.due {
        Some(due) if standing.overdue(today) => crate::t!("due-overdue", date = due.to_string()),
        Some(due) => due.to_string(),
        None => "-".to_string(),
    }
}

/// How wide `list`'s status column (with the first blocker's reason) may grow.
const LIST_STATUS_WIDTH: usize = 60;

pub fn list_text(rows: &[&QueueRow], today: NaiveDate) -> String {
    if rows.is_empty() {
        return format!("{}\n", crate::t!("list-empty"));
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .filter_map(|row| Some((row, row.standing.as_ref()?)))
        .map(|(row, standing)| {
            vec![
                line(&row.id),
                shortened(&row_status_with_reason(standing), LIST_STATUS_WIDTH),
                format!("{}/{}", standing.done, standing.total),
                row_due_text(standing, today),
                line(&row.playbook),
                line(&row.assignee),
                line(&row.title),
            ]
        })
        .map(|row| row.into_iter().map(|cell| line(&cell)).collect())
        .collect();
    let headers = [
        crate::t!("list-case"),
        crate::t!("list-status"),
        crate::t!("list-done"),
        crate::t!("list-due"),
        crate::t!("list-playbook"),
        crate::t!("list-assignee"),
        crate::t!("list-title"),
    ];
    table(&headers.each_ref().map(String::as_str), &cells)
}

fn step_json(step: &StepView) -> Value {
    json!({
        "id": step.id,
        "phase": step.phase,
        "title": step.title,
        "state": step.state,
        "locked": step.locked,
        "reasons": step.reasons.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "approval": step.approval,
        "awaiting_review": step.awaiting_review,
        "template": step.rendered_template,
        "record": step.record,
    })
}

pub fn case_json(case: &Case, playbook: &ValidPlaybook, evaluation: &Evaluation) -> Value {
    let definition = playbook.definition();
    let mut facts = serde_json::Map::new();
    for fact in &definition.facts {
        facts.insert(fact.id.clone(), fact_json(case.facts.get(&fact.id)));
    }
    for (id, value) in &case.facts {
        facts
            .entry(id.clone())
            .or_insert_with(|| fact_json(Some(value)));
    }
    json!({
        "id": case.id,
        "title": case.title,
        "playbook": case.playbook,
        "playbook_version": case.playbook_version,
        "assignee": case.assignee,
        "created": case.created,
        "due": evaluation.due,
        "overdue": evaluation.overdue,
        "status": evaluation.status,
        "changes_requested": evaluation.changes_requested,
        "agent_status": case.status,
        "revision": case.revision,
        "demo": case.demo,
        "facts": facts,
        "blockers": evaluation.blockers.iter().map(|b| json!({
            "id": b.id,
            "message": b.message,
            "remedy": b.remedy,
            "alternative": b.alternative,
            "unanswered": b.unanswered,
            "steps": b.steps,
        })).collect::<Vec<_>>(),
        "warnings": evaluation.warnings,
        "comparisons": evaluation.comparisons,
        "progress": evaluation.progress,
        "phases": evaluation.phases,
        "steps": evaluation.steps.iter().map(step_json).collect::<Vec<_>>(),
        "orphan_steps": evaluation.orphan_steps,
        "fact_problems": evaluation.fact_problems,
        "notes": case.notes,
        "history": history::history_json(case),
        "merge_notices": super::notices::notices_json(case),
    })
}

/// `show`'s BLOCKERS and WARNINGS.
fn blockers_and_warnings_text(out: &mut String, evaluation: &Evaluation) {
    if !evaluation.blockers.is_empty() {
        let _ = writeln!(out, "\n{}", crate::t!("show-blockers"));
        for blocker in &evaluation.blockers {
            let _ = writeln!(out, "  ✗ {}: {}", line(&blocker.id), line(&blocker.message));
            if !blocker.unanswered.is_empty() {
                let facts = line(&blocker.unanswered.join(", "));
                let _ = writeln!(out, "    {}", crate::t!("show-answer-first", facts = facts));
            }
            if let Some(remedy) = &blocker.remedy {
                let _ = writeln!(
                    out,
                    "    {}",
                    crate::t!("show-remedy", remedy = line(remedy))
                );
            }
            if let Some(alternative) = &blocker.alternative {
                let playbook = line(alternative);
                let _ = writeln!(
                    out,
                    "    {}",
                    crate::t!("show-alternative", playbook = playbook)
                );
            }
        }
    }
    if !evaluation.warnings.is_empty() {
        let _ = writeln!(out, "\n{}", crate::t!("show-warnings"));
        for warning in &evaluation.warnings {
            let _ = writeln!(out, "  ! {}: {}", line(&warning.id), line(&warning.message));
        }
    }
}

/// The marker a person sees for a step on a text checklist.
pub fn step_marker(step: &StepView) -> &'static str {
    match step.state {
        StepStatus::Done => "[x]",
        StepStatus::Skipped => "[-]",
        StepStatus::NotApplicable => "n/a",
        StepStatus::Todo if step.awaiting_review => "[?]",
        StepStatus::Todo if step.locked => "[#]",
        StepStatus::Todo => "[ ]",
    }
}

pub fn case_text(loaded: &LoadedCase, playbook: &ValidPlaybook, evaluation: &Evaluation) -> String {
    let case = &loaded.case;
    let definition = playbook.definition();
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", line(&case.id), line(&case.title));
    let _ = writeln!(
        out,
        "{}",
        crate::t!(
            "show-playbook",
            id = line(&case.playbook),
            version = definition.version.to_string(),
            title = line(&definition.title)
        )
    );
    let _ = writeln!(
        out,
        "{}",
        crate::t!(
            "show-status",
            status = line(&status_with_reason(evaluation)),
            done = evaluation.progress.done.to_string(),
            total = evaluation.progress.total.to_string(),
            due = due_text(evaluation)
        )
    );
    let _ = writeln!(
        out,
        "{}",
        crate::t!(
            "show-assignee",
            person = line(&case.assignee),
            revision = case.revision.to_string()
        )
    );
    if let Some(reason) = &loaded.read_only {
        let _ = writeln!(
            out,
            "{}",
            crate::t!("show-read-only", reason = line(reason))
        );
    }
    blockers_and_warnings_text(&mut out, evaluation);
    let compared: Vec<String> = evaluation
        .comparisons
        .iter()
        .filter_map(|comparison| comparison.explanation())
        .collect();
    if !compared.is_empty() {
        let _ = writeln!(out, "\n{}", crate::t!("show-compared"));
        for text in &compared {
            let _ = writeln!(out, "  = {}", line(text));
        }
    }
    for info in &definition.info {
        let _ = writeln!(out, "\n{}", crate::t!("show-info", text = line(&info.text)));
    }
    if !definition.facts.is_empty() {
        let _ = writeln!(out, "\n{}", crate::t!("show-facts"));
        let rows: Vec<Vec<String>> = definition
            .facts
            .iter()
            .map(|fact| {
                vec![
                    format!("  {}", line(&fact.id)),
                    case.facts
                        .get(&fact.id)
                        .map_or_else(FactValue::unknown_shown, |v| line(&v.shown())),
                    line(&fact.label),
                ]
            })
            .collect();
        let rendered = table(&["", "", ""], &rows);
        out.push_str(rendered.split_once('\n').map_or("", |(_, rest)| rest));
    }
    for phase in &evaluation.phases {
        let _ = writeln!(
            out,
            "\n{} ({}/{})",
            line(&phase.title),
            phase.progress.done,
            phase.progress.total
        );
        for step in evaluation.steps.iter().filter(|s| s.phase == phase.id) {
            let _ = writeln!(
                out,
                "  {} {:<28} {}",
                step_marker(step),
                line(&step.id),
                line(&step.title)
            );
            // A case-wide blocker locks every step; it is listed once above, not under each step.
            let mut case_blocked = false;
            for reason in &step.reasons {
                if let LockReason::Blocked { rule, .. } = reason
                    && evaluation
                        .blockers
                        .iter()
                        .any(|b| &b.id == rule && b.steps.is_none())
                {
                    case_blocked = true;
                    continue;
                }
                let _ = writeln!(
                    out,
                    "        {}",
                    crate::t!("show-locked", reason = line(&reason.to_string()))
                );
            }
            if case_blocked {
                let _ = writeln!(out, "        {}", crate::t!("show-locked-case-blocked"));
            }
            if let Some(record) = &step.record {
                if let Some(reason) = &record.skip_reason {
                    let _ = writeln!(
                        out,
                        "        {}",
                        crate::t!("show-skipped", reason = line(reason))
                    );
                }
                if let Some(review) = &record.review {
                    let verdict = match review.verdict {
                        crate::model::Verdict::Approved => crate::t!(
                            "show-approved-by",
                            by = line(&review.by),
                            reason = line(&review.reason)
                        ),
                        crate::model::Verdict::Rejected => crate::t!(
                            "show-rejected-by",
                            by = line(&review.by),
                            reason = line(&review.reason)
                        ),
                    };
                    let _ = writeln!(out, "        {verdict}");
                }
            }
        }
    }
    out.push_str(&super::notices::notices_text(case));
    for orphan in &evaluation.orphan_steps {
        let _ = writeln!(
            out,
            "\n  [x] {}",
            crate::t!("show-orphan-step", step = line(orphan))
        );
    }
    for problem in &evaluation.fact_problems {
        let _ = writeln!(
            out,
            "\n  {}",
            crate::t!(
                "show-fact-problem",
                fact = line(&problem.fact),
                message = line(&problem.message)
            )
        );
    }
    if !case.notes.is_empty() {
        let _ = writeln!(out, "\n{}", crate::t!("show-notes"));
        for note in &case.notes {
            let _ = writeln!(
                out,
                "  {} {}:",
                note.at.format("%Y-%m-%d %H:%M"),
                line(&note.by)
            );
            for text_line in for_terminal(&note.text).lines() {
                let _ = writeln!(out, "    {text_line}");
            }
        }
    }
    out.push_str(&history::history_text(case, definition));
    out
}

/// One line a change prints: what happened and where the case stands now.
pub fn change_summary(case: &Case, events: &[Event], evaluation: &Evaluation) -> String {
    let mut out = String::new();
    for event in events {
        let what = crate::i18n::events::event_in_words(
            event,
            event.step.as_deref().unwrap_or_default(),
            event.fact.as_deref().unwrap_or_default(),
        );
        let _ = writeln!(
            out,
            "{}: {} — {} {}/{}",
            line(&case.id),
            line(&what),
            line(&status_with_reason(evaluation)),
            evaluation.progress.done,
            evaluation.progress.total
        );
    }
    out
}

/// A Markdown report to paste into a ticket. Raw text: no terminal is involved.
pub fn case_markdown(case: &Case, playbook: &ValidPlaybook, evaluation: &Evaluation) -> String {
    let definition = playbook.definition();
    let mut out = String::new();
    let heading = case.title.replace(['\r', '\n'], " ");
    let _ = writeln!(out, "# {} — {}\n", case.id, markdown_cell(&heading));
    let lines = [
        crate::t!(
            "md-playbook",
            id = markdown_cell(&case.playbook),
            version = definition.version.to_string(),
            title = markdown_cell(&definition.title)
        ),
        crate::t!("md-status", status = status_with_reason(evaluation)),
        crate::t!(
            "md-progress",
            done = evaluation.progress.done.to_string(),
            total = evaluation.progress.total.to_string()
        ),
        crate::t!("md-due", due = due_text(evaluation)),
        crate::t!("md-assignee", person = markdown_cell(&case.assignee)),
        crate::t!(
            "md-created",
            date = case.created.format("%Y-%m-%d").to_string()
        ),
    ];
    for text in lines {
        let _ = writeln!(out, "- {text}");
    }
    if !evaluation.blockers.is_empty() {
        let _ = writeln!(out, "\n## {}\n", crate::t!("md-blockers"));
        for blocker in &evaluation.blockers {
            let _ = write!(
                out,
                "- **{}**: {}",
                blocker.id,
                blocker.short_reason_shown()
            );
            if let Some(remedy) = &blocker.remedy {
                let _ = write!(out, " — {remedy}");
            }
            out.push('\n');
        }
    }
    if !evaluation.warnings.is_empty() {
        let _ = writeln!(out, "\n## {}\n", crate::t!("md-warnings"));
        for warning in &evaluation.warnings {
            let _ = writeln!(out, "- {}", warning.message);
        }
    }
    let _ = writeln!(
        out,
        "\n## {}\n\n{}\n| --- | --- |",
        crate::t!("md-facts"),
        crate::t!("md-facts-columns")
    );
    for fact in &definition.facts {
        let value = crate::i18n::events::value_shown(case.facts.get(&fact.id));
        out.push_str(&markdown_row(&[&fact.label, &value]));
    }
    for phase in &evaluation.phases {
        let _ = writeln!(
            out,
            "\n## {} ({}/{})\n",
            phase.title, phase.progress.done, phase.progress.total
        );
        for step in evaluation.steps.iter().filter(|s| s.phase == phase.id) {
            let mark = match step.state {
                StepStatus::Done => "x",
                _ => " ",
            };
            let suffix = match step.state {
                StepStatus::Skipped => format!(
                    " _({})_",
                    crate::t!(
                        "md-skipped",
                        reason = markdown_cell(
                            step.record
                                .as_ref()
                                .and_then(|r| r.skip_reason.as_deref())
                                .unwrap_or_default()
                        )
                    )
                ),
                StepStatus::NotApplicable => format!(" _({})_", crate::t!("md-not-applicable")),
                _ => String::new(),
            };
            let _ = writeln!(out, "- [{mark}] {}{suffix}", step.title);
        }
    }
    out.push_str(&history::history_markdown(case, definition));
    out
}

//! What the commands print: JSON for scripts and plain text for people.
//! Every piece of case or playbook text in human output goes through
//! `sanitize`, so case data can never drive the terminal.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use crate::catalog::{Catalog, Origin, ValidPlaybook};
use crate::engine::{Evaluation, LockReason, StepStatus, StepView};
use crate::model::{Case, Event, EventKind, FactValue};
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
            format!("{} ({})", evaluation.status, blocker.short_reason())
        }
        _ => match &evaluation.changes_requested {
            Some(rejection)
                if evaluation.status == crate::engine::DerivedStatus::ChangesRequested =>
            {
                format!(
                    "{} (by {} on {}: {})",
                    evaluation.status, rejection.by, rejection.step, rejection.reason
                )
            }
            _ => evaluation.status.to_string(),
        },
    }
}

fn due_text(evaluation: &Evaluation) -> String {
    match evaluation.due {
        Some(due) if evaluation.overdue => format!("{due} overdue"),
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
            format!("{} ({blocker})", standing.status)
        }
        _ => match &standing.changes_requested {
            Some(rejection)
                if standing.status == crate::engine::DerivedStatus::ChangesRequested =>
            {
                format!(
                    "{} ({}: {})",
                    standing.status, rejection.by, rejection.reason
                )
            }
            _ => standing.status.to_string(),
        },
    }
}

fn row_due_text(standing: &Standing, today: NaiveDate) -> String {
    match standing.due {
        Some(due) if standing.overdue(today) => format!("{due} overdue"),
        Some(due) => due.to_string(),
        None => "-".to_string(),
    }
}

/// How wide `list`'s status column (with the first blocker's reason) may grow.
const LIST_STATUS_WIDTH: usize = 60;

pub fn list_text(rows: &[&QueueRow], today: NaiveDate) -> String {
    if rows.is_empty() {
        return "No pending cases. `migdesk new PLAYBOOK --title TEXT` opens one; `--all` shows done and cancelled ones.\n"
            .to_string();
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
    table(
        &[
            "CASE", "STATUS", "DONE", "DUE", "PLAYBOOK", "ASSIGNEE", "TITLE",
        ],
        &cells,
    )
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
        "playbook  {} v{} — {}",
        line(&case.playbook),
        definition.version,
        line(&definition.title)
    );
    let _ = writeln!(
        out,
        "status    {}   progress {}/{}   due {}",
        line(&status_with_reason(evaluation)),
        evaluation.progress.done,
        evaluation.progress.total,
        due_text(evaluation)
    );
    let _ = writeln!(
        out,
        "assignee  {}   revision {}",
        line(&case.assignee),
        case.revision
    );
    if let Some(reason) = &loaded.read_only {
        let _ = writeln!(out, "read-only {}", line(reason));
    }
    if !evaluation.blockers.is_empty() {
        let _ = writeln!(out, "\nBLOCKERS");
        for blocker in &evaluation.blockers {
            let _ = writeln!(out, "  ✗ {}: {}", line(&blocker.id), line(&blocker.message));
            if !blocker.unanswered.is_empty() {
                let _ = writeln!(
                    out,
                    "    answer first: {}",
                    line(&blocker.unanswered.join(", "))
                );
            }
            if let Some(remedy) = &blocker.remedy {
                let _ = writeln!(out, "    remedy: {}", line(remedy));
            }
            if let Some(alternative) = &blocker.alternative {
                let _ = writeln!(out, "    alternative playbook: {}", line(alternative));
            }
        }
    }
    if !evaluation.warnings.is_empty() {
        let _ = writeln!(out, "\nWARNINGS");
        for warning in &evaluation.warnings {
            let _ = writeln!(out, "  ! {}: {}", line(&warning.id), line(&warning.message));
        }
    }
    let compared: Vec<String> = evaluation
        .comparisons
        .iter()
        .filter_map(|comparison| comparison.explanation())
        .collect();
    if !compared.is_empty() {
        let _ = writeln!(out, "\nCOMPARED");
        for text in &compared {
            let _ = writeln!(out, "  = {}", line(text));
        }
    }
    for info in &definition.info {
        let _ = writeln!(out, "\nINFO  {}", line(&info.text));
    }
    if !definition.facts.is_empty() {
        let _ = writeln!(out, "\nFACTS");
        let rows: Vec<Vec<String>> = definition
            .facts
            .iter()
            .map(|fact| {
                vec![
                    format!("  {}", line(&fact.id)),
                    case.facts
                        .get(&fact.id)
                        .map_or_else(|| "unknown".to_string(), |v| line(&v.to_string())),
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
                let _ = writeln!(out, "        locked: {}", line(&reason.to_string()));
            }
            if case_blocked {
                let _ = writeln!(out, "        locked: the case is blocked (see BLOCKERS)");
            }
            if let Some(record) = &step.record {
                if let Some(reason) = &record.skip_reason {
                    let _ = writeln!(out, "        skipped: {}", line(reason));
                }
                if let Some(review) = &record.review {
                    let _ = writeln!(
                        out,
                        "        {} by {}: {}",
                        review.verdict,
                        line(&review.by),
                        line(&review.reason)
                    );
                }
            }
        }
    }
    out.push_str(&super::notices::notices_text(case));
    for orphan in &evaluation.orphan_steps {
        let _ = writeln!(
            out,
            "\n  [x] {} — no longer in the playbook (kept)",
            line(orphan)
        );
    }
    for problem in &evaluation.fact_problems {
        let _ = writeln!(
            out,
            "\n  fact {}: {}",
            line(&problem.fact),
            line(&problem.message)
        );
    }
    if !case.notes.is_empty() {
        let _ = writeln!(out, "\nNOTES");
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
        let what = match event.action {
            EventKind::SetFact => format!(
                "fact `{}` = {}",
                event.fact.as_deref().unwrap_or_default(),
                event
                    .to
                    .as_ref()
                    .map_or_else(|| "unknown".to_string(), ToString::to_string)
            ),
            EventKind::Check => {
                format!("step `{}` done", event.step.as_deref().unwrap_or_default())
            }
            EventKind::Uncheck => format!(
                "step `{}` unticked",
                event.step.as_deref().unwrap_or_default()
            ),
            EventKind::Skip => format!(
                "step `{}` skipped",
                event.step.as_deref().unwrap_or_default()
            ),
            EventKind::Note => "note added".to_string(),
            EventKind::Review => format!(
                "step `{}` {}",
                event.step.as_deref().unwrap_or_default(),
                event.verdict.map(|v| v.to_string()).unwrap_or_default()
            ),
            EventKind::Status => format!(
                "status {}",
                event
                    .to
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ),
            EventKind::Assign => format!(
                "assigned to {}",
                event
                    .to
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ),
            EventKind::Due => format!(
                "due {}",
                event
                    .to
                    .as_ref()
                    .map_or("by the playbook's timing".to_string(), ToString::to_string)
            ),
            EventKind::Rename => format!(
                "renamed to {}",
                event
                    .to
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ),
            EventKind::Created => "created".to_string(),
            EventKind::Resolve => format!(
                "merge notice {} resolved",
                event.resolves.as_deref().unwrap_or_default()
            ),
        };
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
    let _ = writeln!(
        out,
        "- Playbook: {} (v{}) — {}",
        markdown_cell(&case.playbook),
        definition.version,
        markdown_cell(&definition.title)
    );
    let _ = writeln!(out, "- Status: {}", status_with_reason(evaluation));
    let _ = writeln!(
        out,
        "- Progress: {}/{}",
        evaluation.progress.done, evaluation.progress.total
    );
    let _ = writeln!(out, "- Due: {}", due_text(evaluation));
    let _ = writeln!(out, "- Assignee: {}", markdown_cell(&case.assignee));
    let _ = writeln!(out, "- Created: {}", case.created.format("%Y-%m-%d"));
    if !evaluation.blockers.is_empty() {
        let _ = writeln!(out, "\n## Blockers\n");
        for blocker in &evaluation.blockers {
            let _ = write!(out, "- **{}**: {}", blocker.id, blocker.short_reason());
            if let Some(remedy) = &blocker.remedy {
                let _ = write!(out, " — {remedy}");
            }
            out.push('\n');
        }
    }
    if !evaluation.warnings.is_empty() {
        let _ = writeln!(out, "\n## Warnings\n");
        for warning in &evaluation.warnings {
            let _ = writeln!(out, "- {}", warning.message);
        }
    }
    let _ = writeln!(out, "\n## Facts\n\n| fact | value |\n| --- | --- |");
    for fact in &definition.facts {
        let value = case
            .facts
            .get(&fact.id)
            .map_or_else(|| "unknown".to_string(), ToString::to_string);
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
                    " _(skipped: {})_",
                    markdown_cell(
                        step.record
                            .as_ref()
                            .and_then(|r| r.skip_reason.as_deref())
                            .unwrap_or_default()
                    )
                ),
                StepStatus::NotApplicable => " _(n/a)_".to_string(),
                _ => String::new(),
            };
            let _ = writeln!(out, "- [{mark}] {}{suffix}", step.title);
        }
    }
    out.push_str(&history::history_markdown(case, definition));
    out
}

//! A case's notes and whole history as `show` and `export --format md`
//! print them: each event in words (who did what, when), an undone event
//! marked with the number of the event that undid it, and Markdown cells
//! that stay one cell whatever the text holds (line breaks, `|`, markup).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::model::{Case, Event, EventKind, FactValue, Playbook};
use crate::sanitize::{for_terminal, for_terminal_line};

/// What one event did, in words, and the text that came with it (a note,
/// a reason), which may span lines.
struct Description {
    what: String,
    text: Option<String>,
}

/// How a step or a fact is named: by id on the command line (what its
/// commands take), by title or label, quoted, in a report for people.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Naming {
    Ids,
    Titles,
}

fn value_text(value: Option<&FactValue>) -> String {
    value.map_or_else(|| "unknown".to_string(), ToString::to_string)
}

fn step_name(event: &Event, playbook: &Playbook, naming: Naming) -> String {
    let id = event.step.as_deref().unwrap_or_default();
    match (naming, playbook.step(id)) {
        (Naming::Titles, Some(step)) => format!("“{}”", step.title),
        (Naming::Titles, None) | (Naming::Ids, _) => id.to_string(),
    }
}

fn fact_name(event: &Event, playbook: &Playbook, naming: Naming) -> String {
    let id = event.fact.as_deref().unwrap_or_default();
    match (naming, playbook.fact(id)) {
        (Naming::Titles, Some(fact)) => format!("“{}”", fact.label),
        (Naming::Titles, None) | (Naming::Ids, _) => id.to_string(),
    }
}

fn describe(event: &Event, playbook: &Playbook, naming: Naming) -> Description {
    let step = || step_name(event, playbook, naming);
    let what = match event.action {
        EventKind::Created => "opened the case".to_string(),
        EventKind::SetFact => format!(
            "set {} to {} (was {})",
            fact_name(event, playbook, naming),
            value_text(event.to.as_ref()),
            value_text(event.from.as_ref())
        ),
        EventKind::Check => match &event.acknowledged {
            Some(warning) => format!("ticked {}, confirming “{warning}”", step()),
            None => format!("ticked {}", step()),
        },
        EventKind::Uncheck => format!("unticked {}", step()),
        EventKind::Skip => format!("skipped {}", step()),
        EventKind::Note => "added a note".to_string(),
        EventKind::Review => format!(
            "{} {}",
            event.verdict.map(|v| v.to_string()).unwrap_or_default(),
            step()
        ),
        EventKind::Status => format!(
            "changed the status from {} to {}",
            value_text(event.from.as_ref()),
            value_text(event.to.as_ref())
        ),
        EventKind::Assign => format!(
            "gave the case to {} (was {})",
            value_text(event.to.as_ref()),
            value_text(event.from.as_ref())
        ),
        EventKind::Due => match &event.to {
            Some(date) => format!("set the due date to {date} by hand"),
            None => "gave the due date back to the playbook's timing".to_string(),
        },
        EventKind::Rename => format!(
            "renamed the case to {} (was {})",
            value_text(event.to.as_ref()),
            value_text(event.from.as_ref())
        ),
        EventKind::Resolve => format!(
            "resolved merge notice {}",
            event.resolves.as_deref().unwrap_or("?")
        ),
    };
    let what = match event.undoes {
        Some(undone) => format!("undid #{undone}: {what}"),
        None => what,
    };
    Description {
        what,
        text: event.text.clone(),
    }
}

/// For each undone event, the number of the event that undid it.
fn undone_by(case: &Case) -> HashMap<u64, u64> {
    case.history
        .iter()
        .filter_map(|event| Some((event.undoes?, event.seq)))
        .collect()
}

/// `show --json`'s history: every event as stored, and `undone_by` on an
/// event a later one undid.
pub fn history_json(case: &Case) -> Value {
    let undone = undone_by(case);
    Value::Array(
        case.history
            .iter()
            .map(|event| {
                let mut value = serde_json::to_value(event).unwrap_or(Value::Null);
                if let (Some(by), Value::Object(fields)) = (undone.get(&event.seq), &mut value) {
                    fields.insert("undone_by".to_string(), json!(by));
                }
                value
            })
            .collect(),
    )
}

/// `show`'s HISTORY: one line per event, its text indented under it.
pub fn history_text(case: &Case, playbook: &Playbook) -> String {
    let undone = undone_by(case);
    let mut out = String::new();
    if case.history.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\nHISTORY");
    for event in &case.history {
        let description = describe(event, playbook, Naming::Ids);
        let mark = undone
            .get(&event.seq)
            .map(|by| format!("  (undone by #{by})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  #{:<3} {}  {}  {}{mark}",
            event.seq,
            event.at.format("%Y-%m-%d %H:%M"),
            for_terminal_line(&event.by),
            for_terminal_line(&description.what),
        );
        if let Some(text) = &description.text {
            for text_line in for_terminal(text).lines() {
                let _ = writeln!(out, "        {text_line}");
            }
        }
    }
    out
}

/// `text` as the content of one Markdown table cell that reads back as
/// `text` (trimmed): markup characters escaped, line breaks as `<br>`.
pub fn markdown_cell(text: &str) -> String {
    let mut cell = String::with_capacity(text.len());
    let mut characters = text.trim().chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\r' => {
                if characters.peek() == Some(&'\n') {
                    characters.next();
                }
                cell.push_str("<br>");
            }
            '\n' => cell.push_str("<br>"),
            // Inline markup, entities and the cell separator; a cell holds
            // no block markup, so `#`, `-` or `>` at a line's start are text.
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '!' | '$' => {
                cell.push('\\');
                cell.push(character);
            }
            // Other characters, control ones too, are kept as typed: only
            // a line break ends a row (the report is made safe for a
            // terminal when it is shown on one).
            other => cell.push(other),
        }
    }
    cell
}

/// One row of a Markdown table.
pub fn markdown_row(cells: &[&str]) -> String {
    let cells: Vec<String> = cells.iter().map(|cell| markdown_cell(cell)).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// The report's Notes and History sections, as tables.
pub fn history_markdown(case: &Case, playbook: &Playbook) -> String {
    let mut out = String::new();
    if !case.notes.is_empty() {
        out.push_str("\n## Notes\n\n| when | who | note |\n| --- | --- | --- |\n");
        for note in &case.notes {
            let when = note.at.format("%Y-%m-%d %H:%M").to_string();
            out.push_str(&markdown_row(&[&when, &note.by, &note.text]));
        }
    }
    if case.history.is_empty() {
        return out;
    }
    let undone = undone_by(case);
    out.push_str("\n## History\n\n| # | when | who | what |\n| --- | --- | --- | --- |\n");
    for event in &case.history {
        let description = describe(event, playbook, Naming::Titles);
        let mut what = description.what;
        if let Some(by) = undone.get(&event.seq) {
            let _ = write!(what, " (undone by #{by})");
        }
        if let Some(text) = &description.text {
            let _ = write!(what, ": {text}");
        }
        let number = event.seq.to_string();
        let when = event.at.format("%Y-%m-%d %H:%M").to_string();
        out.push_str(&markdown_row(&[&number, &when, &event.by, &what]));
    }
    out
}

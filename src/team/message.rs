//! Commit messages for case changes: the case and what changed, read from
//! the events the new version has and the committed one has not.

use std::collections::HashSet;

use crate::model::event_id::event_id;
use crate::model::{Case, Event, EventKind};

/// Longest subject line before the list is cut short ("…and 3 more").
const SUBJECT_WIDTH: usize = 72;

/// `MIG-0001: check draft, set seats = 2`, then one line per change.
pub fn describe(previous: Option<&Case>, case: &Case) -> String {
    let Some(previous) = previous else {
        return format!(
            "{}: new case on {} ({})",
            case.id,
            case.playbook,
            one_line(&case.title)
        );
    };
    let known: HashSet<String> = previous
        .history
        .iter()
        .map(|event| event_id(&previous.id, event))
        .chain(
            previous
                .merge_notices
                .iter()
                .map(|notice| notice.id.clone()),
        )
        .collect();
    let new: Vec<String> = case
        .history
        .iter()
        .filter(|event| !known.contains(&event_id(&case.id, event)))
        .map(change_text)
        .collect();
    if new.is_empty() {
        return format!("{}: edited by hand", case.id);
    }
    let mut subject = format!("{}:", case.id);
    for (index, change) in new.iter().enumerate() {
        let next = format!(
            "{subject} {change}{}",
            if index + 1 < new.len() { "," } else { "" }
        );
        if next.chars().count() > SUBJECT_WIDTH && index > 0 {
            subject = format!(
                "{} …and {} more",
                subject.trim_end_matches(','),
                new.len() - index
            );
            break;
        }
        subject = next;
    }
    format!("{subject}\n\n{}\n", new.join("\n"))
}

fn change_text(event: &Event) -> String {
    let step = event.step.as_deref().unwrap_or_default();
    match event.action {
        EventKind::SetFact => format!(
            "set {} = {}",
            event.fact.as_deref().unwrap_or_default(),
            event.to.as_ref().map_or_else(
                || "unknown".to_string(),
                |value| one_line(&value.to_string())
            )
        ),
        EventKind::Check => format!("check {step}"),
        EventKind::Uncheck => format!("uncheck {step}"),
        EventKind::Skip => format!("skip {step}"),
        EventKind::Note => "note".to_string(),
        EventKind::Review => format!(
            "review {step} ({})",
            event
                .verdict
                .map(|verdict| verdict.to_string())
                .unwrap_or_default()
        ),
        EventKind::Assign => format!(
            "assign to {}",
            event
                .to
                .as_ref()
                .map(|value| one_line(&value.to_string()))
                .unwrap_or_default()
        ),
        EventKind::Status => format!(
            "status {}",
            event
                .to
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        ),
        EventKind::Due => format!(
            "set the due date to {}",
            event
                .to
                .as_ref()
                .map_or("the playbook's timing".to_string(), ToString::to_string)
        ),
        EventKind::Rename => format!(
            "rename to {}",
            event
                .to
                .as_ref()
                .map(|value| one_line(&value.to_string()))
                .unwrap_or_default()
        ),
        EventKind::Resolve => "resolve a merge notice".to_string(),
        EventKind::Created => "created".to_string(),
    }
}

fn one_line(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 40 {
        format!("{}…", line.chars().take(39).collect::<String>())
    } else {
        line
    }
}

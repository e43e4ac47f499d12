//! When an approval step was submitted for review: the moment the last of
//! its needs was completed, or its last review, whichever is later. Review
//! mode shows what changed since then; the summary index keeps the moment,
//! so a lead's view can say how long each review has waited.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::model::{Case, Event, EventKind, Playbook};

/// The events since `step` was submitted for review: since the last of its
/// needs was completed, or since its last review, whichever is later.
pub fn since_submission<'a>(case: &'a Case, playbook: &Playbook, step: &str) -> &'a [Event] {
    let mut needed: HashSet<&str> = HashSet::new();
    if let Some(definition) = playbook.step(step) {
        for need in definition.prerequisites() {
            match need.strip_prefix("phase:") {
                Some(phase) => {
                    for (p, s) in playbook.steps() {
                        if p.id == phase {
                            needed.insert(s.id.as_str());
                        }
                    }
                }
                None => {
                    needed.insert(need.as_str());
                }
            }
        }
    }
    let start = case.history.iter().rposition(|event| {
        let about = event.step.as_deref();
        match event.action {
            EventKind::Check | EventKind::Skip => about.is_some_and(|s| needed.contains(s)),
            EventKind::Review => about == Some(step),
            _ => false,
        }
    });
    match start {
        Some(index) => &case.history[index..],
        None => &case.history,
    }
}

/// Since when `step` has waited for a reviewer: the first event of
/// [`since_submission`], or the case's creation when it has no history.
pub fn submitted_at(case: &Case, playbook: &Playbook, step: &str) -> DateTime<Utc> {
    since_submission(case, playbook, step)
        .first()
        .map_or_else(|| case.created.with_timezone(&Utc), |event| event.at)
}

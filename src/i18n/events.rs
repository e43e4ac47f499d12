//! One history event in words, for every place that tells one: `show`'s
//! HISTORY, the Markdown report, the line a CLI change prints, the
//! review screen and team commit messages. Callers name the step and the
//! fact (by id on the command line, by title in a report); the sentence
//! comes whole from the catalog.

use crate::model::{Event, EventKind, FactValue, Verdict};

/// A fact value as a person reads it, `unknown` (`inconnu`) when empty.
pub fn value_shown(value: Option<&FactValue>) -> String {
    value.map_or_else(FactValue::unknown_shown, FactValue::shown)
}

/// What `event` did, in the interface language; `step` and `fact` are
/// the names the caller gives the event's step and fact.
pub fn event_in_words(event: &Event, step: &str, fact: &str) -> String {
    let to = || value_shown(event.to.as_ref());
    let from = || value_shown(event.from.as_ref());
    let what = match event.action {
        EventKind::Created => crate::t!("event-created"),
        EventKind::SetFact => {
            crate::t!("event-set-fact", fact = fact, value = to(), before = from())
        }
        EventKind::Check => match &event.acknowledged {
            Some(warning) => {
                crate::t!(
                    "event-check-confirming",
                    step = step,
                    warning = warning.as_str()
                )
            }
            None => crate::t!("event-check", step = step),
        },
        EventKind::Uncheck => crate::t!("event-uncheck", step = step),
        EventKind::Skip => crate::t!("event-skip", step = step),
        EventKind::Note => crate::t!("event-note"),
        EventKind::Review => match event.verdict {
            Some(Verdict::Approved) => crate::t!("event-approved", step = step),
            Some(Verdict::Rejected) => crate::t!("event-rejected", step = step),
            None => crate::t!("event-reviewed", step = step),
        },
        EventKind::Status => crate::t!("event-status", from = from(), to = to()),
        EventKind::Assign => crate::t!("event-assign", person = to(), before = from()),
        EventKind::Due => match &event.to {
            Some(date) => crate::t!("event-due", date = date.to_string()),
            None => crate::t!("event-due-playbook"),
        },
        EventKind::Rename => crate::t!("event-rename", title = to(), before = from()),
        EventKind::Resolve => crate::t!(
            "event-resolve",
            notice = event.resolves.as_deref().unwrap_or("?")
        ),
    };
    match event.undoes {
        Some(undone) => crate::t!("event-undid", number = undone.to_string(), what = what),
        None => what,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::i18n::{Language, with_language};

    fn event(action: EventKind) -> Event {
        let mut event: Event = serde_json::from_value(serde_json::json!({
            "seq": 3, "at": "2026-11-02T10:00:00Z", "by": "alice", "action": "check"
        }))
        .unwrap();
        event.action = action;
        event
    }

    #[test]
    fn an_event_reads_in_the_interface_language() {
        let mut set = event(EventKind::SetFact);
        set.to = Some(FactValue::Bool(true));
        let english = with_language(Language::En, || event_in_words(&set, "", "has_debts"));
        let french = with_language(Language::Fr, || event_in_words(&set, "", "has_debts"));
        assert_eq!(english, "set has_debts to yes (was unknown)");
        assert_eq!(
            french,
            "a mis has_debts à oui (avant : inconnu)".replace(" :", "\u{A0}:")
        );
    }

    #[test]
    fn an_undo_names_the_event_it_undid() {
        let mut undo = event(EventKind::Uncheck);
        undo.undoes = Some(2);
        let text = with_language(Language::En, || event_in_words(&undo, "sign", ""));
        assert_eq!(text, "undid #2: unticked sign");
    }
}

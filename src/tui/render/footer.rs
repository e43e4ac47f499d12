//! Which keys the footer shows: the context's footer keys, less those the
//! selected fact's type has no use for, and, when they do not all fit,
//! the less important ones dropped from the end first. Help, quit and back
//! are kept whatever the width; an entry is shown whole or not at all.

use unicode_width::UnicodeWidthStr;

use crate::app::{Action, App, Context};
use crate::model::FactType;

/// Columns between two entries.
const GAP: usize = 2;

/// The footer's entries (key, what it does) for the app's context, fitted to `width`.
pub(super) fn entries(app: &App, width: usize) -> Vec<(String, String)> {
    let context = app.context();
    let selected_type = selected_fact_type(app, context);
    let mut entries: Vec<(String, String, Action)> = app
        .keymap()
        .footer_entries(context)
        .into_iter()
        .filter(|(_, _, action)| applies_to_fact(action, selected_type))
        .collect();
    while used(&entries) > width {
        let Some(position) = entries
            .iter()
            .rposition(|(_, _, action)| !essential(action))
        else {
            break;
        };
        entries.remove(position);
    }
    // Even the essential entries may not fit a very narrow terminal: whole ones only.
    while used(&entries) > width && !entries.is_empty() {
        entries.pop();
    }
    entries
        .into_iter()
        .map(|(key, what, _)| (key, what))
        .collect()
}

fn used(entries: &[(String, String, Action)]) -> usize {
    let text: usize = entries
        .iter()
        .map(|(key, what, _)| key.width() + 1 + what.width())
        .sum();
    text + GAP * entries.len().saturating_sub(1)
}

/// The keys that get a person out of anywhere or tell them what to press.
fn essential(action: &Action) -> bool {
    matches!(action, Action::ShowHelp | Action::Quit | Action::Back)
}

/// The type of the fact selected in the facts pane, when that pane has the keyboard.
fn selected_fact_type(app: &App, context: Context) -> Option<FactType> {
    if context != Context::CaseFacts {
        return None;
    }
    let screen = app.case_screen()?;
    let entry = app.cases().get(&screen.id)?;
    let playbook = app.catalog().get(&entry.case.playbook)?;
    Some(playbook.definition().facts.get(screen.fact)?.fact_type)
}

/// Space swaps yes and no: shown only on a yes/no fact.
fn applies_to_fact(action: &Action, fact_type: Option<FactType>) -> bool {
    match (action, fact_type) {
        (Action::Toggle, Some(fact_type)) => fact_type == FactType::Bool,
        _ => true,
    }
}

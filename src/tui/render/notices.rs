//! The merge-notice banner of the case screen: each change the merge of
//! two machines' versions could not apply, with what competed, who made
//! each side and when, and what the case kept — shown until an agent
//! resolves it.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::{Action, App, Context};
use crate::catalog::ValidPlaybook;
use crate::model::{Case, MergeNotice, NoticeSide};
use crate::sanitize::for_terminal_line;

use super::{Theme, timestamp, wrap};

/// The banner's lines for `case`'s open notices, wrapped to `width`.
pub(super) fn lines(
    app: &App,
    case: &Case,
    playbook: &ValidPlaybook,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let open: Vec<&MergeNotice> = case
        .merge_notices
        .iter()
        .filter(|notice| notice.needs_attention())
        .collect();
    let Some(first) = open.first() else {
        return Vec::new();
    };
    let key = app
        .keymap()
        .key_for(Context::Case, &Action::ResolveNotice)
        .unwrap_or_else(|| "`migdesk resolve`".to_string());
    let texts = [
        (headline(first, playbook, open.len()), theme.warning()),
        (sides_text(first), Style::new()),
        (resolve_hint(&key), theme.dim()),
    ];
    let width = width.max(8);
    let mut lines = Vec::new();
    for (index, (text, style)) in texts.into_iter().enumerate() {
        let indent = if index == 0 { "" } else { "  " };
        for part in wrap(&for_terminal_line(&text), width - indent.len() as u16) {
            lines.push(Line::from(Span::styled(format!("{indent}{part}"), style)));
        }
    }
    lines
}

fn headline(notice: &MergeNotice, playbook: &ValidPlaybook, count: usize) -> String {
    let definition = playbook.definition();
    let subject = match (&notice.step, &notice.fact) {
        (Some(step), _) => definition
            .step(step)
            .map_or_else(|| step.clone(), |step| step.title.clone()),
        (None, Some(fact)) => definition
            .facts
            .iter()
            .find(|candidate| &candidate.id == fact)
            .map_or_else(|| fact.clone(), |fact| fact.label.clone()),
        (None, None) => "the case".to_string(),
    };
    if count > 1 {
        format!(
            "⚠ Merge notice (1 of {count}): “{subject}” was changed on two machines — {message}",
            message = notice.message
        )
    } else {
        format!(
            "⚠ Merge notice: “{subject}” was changed on two machines — {message}",
            message = notice.message
        )
    }
}

fn sides_text(notice: &MergeNotice) -> String {
    format!(
        "kept: {kept}; not applied: {refused}",
        kept = side(&notice.kept),
        refused = side(&notice.refused)
    )
}

fn side(side: &NoticeSide) -> String {
    format!(
        "{value} (by {by}, {at})",
        value = side.value.as_deref().unwrap_or("—"),
        by = side.by.as_deref().unwrap_or("?"),
        at = side.at.map_or_else(|| "?".to_string(), timestamp)
    )
}

fn resolve_hint(key: &str) -> String {
    format!("Put the case right, then {key} resolves the notice, with a note on what you did.")
}

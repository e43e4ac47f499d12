//! Resolving a merge notice from the case screen: a prompt for a note on
//! what was done, then `Change::Resolve` through `engine::apply`, as
//! `migdesk resolve` does.

use super::{App, Dialog, PromptPurpose, Tone};

/// Asks for a note resolving case `id`'s first open merge notice.
pub(super) fn ask_to_resolve(app: &mut App, id: &str) {
    if !app.load_case(id) {
        return;
    }
    let Some(entry) = app.cases.get(id) else {
        return;
    };
    let Some(notice) = entry
        .case
        .merge_notices
        .iter()
        .find(|notice| notice.needs_attention())
    else {
        app.say(Tone::Info, nothing_to_resolve_text(id));
        return;
    };
    let subject = notice
        .step
        .clone()
        .or_else(|| notice.fact.clone())
        .unwrap_or_else(|| id.to_string());
    app.dialog = Some(Dialog::prompt(
        PromptPurpose::Resolve {
            case: id.to_string(),
            notice: notice.id.clone(),
        },
        "Resolve the merge notice",
        prompt_text(&subject),
    ));
}

fn nothing_to_resolve_text(id: &str) -> String {
    format!("{id} has no merge notice to resolve")
}

fn prompt_text(subject: &str) -> String {
    format!(
        "Once the case is right about `{subject}`, say what you did (optional); the notice is then resolved for everyone."
    )
}

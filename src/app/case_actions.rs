//! What an agent does to a whole case from its screen, besides the
//! checklist and the facts: put it on hold, cancel it, reopen it (each
//! with a reason, kept in the history) and rename it. This module owns the
//! prompts that ask for the reason or the title; submitting one goes
//! through `engine::apply` like every change.

use tui_input::Input;

use crate::engine::Change;
use crate::model::CaseStatus;
use crate::sanitize::for_terminal_line;

use super::{Action, App, Context, Dialog, PromptPurpose};

/// Opens the prompt `action` asks for on case `id`; false when `action`
/// is not one of this module's.
pub(super) fn update(app: &mut App, id: &str, action: &Action) -> bool {
    let status = match action {
        Action::Hold => CaseStatus::OnHold,
        Action::Cancel => CaseStatus::Cancelled,
        Action::Reopen => CaseStatus::Open,
        Action::Rename => {
            app.dialog = Some(rename_prompt(app, id));
            return true;
        }
        Action::EditDue => {
            app.dialog = Some(due_prompt(app, id));
            return true;
        }
        _ => return false,
    };
    let reopen = (app.keymap)
        .key_for(Context::Case, &Action::Reopen)
        .unwrap_or_else(|| "the reopen key".to_string());
    app.dialog = Some(status_prompt(id, status, &reopen));
    true
}

fn status_prompt(id: &str, status: CaseStatus, reopen: &str) -> Dialog {
    let (title, question) = match status {
        CaseStatus::OnHold => (
            "Put on hold",
            format!(
                "Why is {id} on hold? Nothing can be ticked until it is reopened ({reopen}). Kept in its history."
            ),
        ),
        CaseStatus::Cancelled => (
            "Cancel the case",
            format!(
                "Why is {id} cancelled? It leaves the open queues until it is reopened ({reopen}). Kept in its history."
            ),
        ),
        CaseStatus::Open => (
            "Reopen the case",
            format!("Why is {id} reopened? Kept in its history."),
        ),
    };
    Dialog::prompt(
        PromptPurpose::Status {
            case: id.to_string(),
            status,
        },
        title,
        question,
    )
}

/// The due-date prompt, holding the current due date to edit, then the reason.
fn due_prompt(app: &App, id: &str) -> Dialog {
    let due = (app.cases.get(id)).and_then(|entry| entry.case.due);
    let mut dialog = Dialog::prompt(
        PromptPurpose::Due {
            case: id.to_string(),
        },
        "Due date",
        format!(
            "The due date of {id} by hand, then why: `2026-11-20 the customer moved the migration`. `playbook` and a reason give it back to the playbook's timing. Kept in its history."
        ),
    );
    if let (Dialog::Prompt(prompt), Some(due)) = (&mut dialog, due) {
        prompt.input = Input::new(format!("{due} "));
    }
    dialog
}

/// Reads the due-date prompt: a date (or `playbook`), then the reason.
pub(super) fn due_change(text: &str) -> Result<Change, String> {
    let text = text.trim();
    let (first, reason) = text.split_once(' ').unwrap_or((text, ""));
    let due = match first {
        "playbook" => None,
        date => Some(
            chrono::NaiveDate::parse_from_str(date, crate::model::fact::DATE_FORMAT)
                .map_err(|_| due_format_text(date))?,
        ),
    };
    Ok(Change::SetDue {
        due,
        reason: reason.trim().to_string(),
    })
}

fn due_format_text(date: &str) -> String {
    format!(
        "`{}` is not a date: write it as YYYY-MM-DD (2026-11-20), or `playbook`, then why",
        for_terminal_line(date)
    )
}

/// The rename prompt, holding the current title to edit.
fn rename_prompt(app: &App, id: &str) -> Dialog {
    let title = app
        .cases
        .get(id)
        .map(|entry| entry.case.title.clone())
        .unwrap_or_default();
    let mut dialog = Dialog::prompt(
        PromptPurpose::Rename {
            case: id.to_string(),
        },
        "Rename",
        format!(
            "The new title of {id} (now “{}”): the customer or account name. Kept in its history.",
            for_terminal_line(&title)
        ),
    );
    if let Dialog::Prompt(prompt) = &mut dialog {
        prompt.input = Input::new(title);
    }
    dialog
}

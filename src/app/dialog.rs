//! Dialogs over a screen: a question to confirm, a line of text to type, a
//! value to pick, or something to read (why a step is locked, a refusal).

use tui_input::Input;

use crate::engine::{Change, LockReason, Refusal, RefusalReason};
use crate::model::{FactValue, Verdict};

use super::change::{self, Failure};
use super::{Action, App, Context, Tone, case_actions, case_view, new_case, review};

#[derive(Debug, Clone)]
pub enum Dialog {
    /// A yes/no question; confirming does `pending`.
    Confirm {
        title: String,
        text: String,
        pending: Pending,
    },
    /// Why a step cannot be ticked, skipped or unticked now.
    Locked {
        step: String,
        reasons: Vec<LockReason>,
    },
    /// A change the rules refused: the rule, the message and the remedy.
    Refused(Refusal),
    Message {
        title: String,
        text: String,
    },
    Prompt(Prompt),
    /// Pick a value of a choice fact (or unknown).
    Picker {
        case: String,
        fact: String,
        label: String,
        /// `None` is unknown.
        options: Vec<Option<String>>,
        selected: usize,
    },
    /// Pick a fact to add to the new-case form.
    FactChooser(super::FactChooser),
}

/// What confirming a `Dialog::Confirm` does.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Tick a step whose warning the agent has just read.
    Acknowledge { case: String, step: String },
    /// Ask why a step is skipped, its warning read.
    AcknowledgeSkip { case: String, step: String },
    /// Apply a change again after it raced another edit.
    Retry { case: String, change: Change },
    /// Create the new case although a blocker holds.
    CreateBlocked,
    /// Quit although a change is still waiting to be saved.
    QuitUnsaved,
    /// Leave the new-case form, losing what was typed in it.
    DiscardNewCase,
}

/// A dialog asking for a line of text.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub purpose: PromptPurpose,
    pub title: String,
    /// What the text is for, shown above the field.
    pub text: String,
    pub input: Input,
    /// Why the last submission was refused.
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptPurpose {
    Skip {
        case: String,
        step: String,
        acknowledged: bool,
    },
    Note {
        case: String,
    },
    /// Whom to give the case to.
    Assign {
        case: String,
    },
    /// Why the case goes on hold, is cancelled or reopened.
    Status {
        case: String,
        status: crate::model::CaseStatus,
    },
    /// The case's new title.
    Rename {
        case: String,
    },
    /// A due date set by hand (or `playbook`), then why.
    Due {
        case: String,
    },
    Approve {
        case: String,
        step: String,
    },
    Reject {
        case: String,
        step: String,
    },
    /// A note resolving merge notice `notice` of `case`.
    Resolve {
        case: String,
        notice: String,
    },
}

impl Dialog {
    pub fn message(title: &str, text: String) -> Dialog {
        Dialog::Message {
            title: title.to_string(),
            text,
        }
    }

    pub fn prompt(purpose: PromptPurpose, title: &str, text: String) -> Dialog {
        Dialog::Prompt(Prompt {
            purpose,
            title: title.to_string(),
            text,
            input: Input::default(),
            error: None,
        })
    }

    pub(super) fn context(&self) -> Context {
        match self {
            Dialog::Confirm { .. } => Context::Confirm,
            Dialog::Locked { .. } | Dialog::Refused(_) | Dialog::Message { .. } => Context::Message,
            Dialog::Prompt(_) => Context::Prompt,
            Dialog::Picker { .. } | Dialog::FactChooser(_) => Context::Picker,
        }
    }
}

/// The refusal as one line: rule, message and remedy, the remedy naming
/// the app's keys as `keymap` binds them.
pub fn refusal_line(refusal: &Refusal, keymap: &crate::tui::keymap::Keymap) -> String {
    format!(
        "{}: {} — {}",
        refusal.rule(),
        refusal.message,
        super::remedy::in_app(refusal, keymap)
    )
}

/// What the app does with a refusal beyond showing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalResponse {
    /// Ask the agent to confirm the step's warning, then try again.
    ConfirmWarning,
    /// Put the new-case form's focus on the title.
    FixTitle,
    /// Show the rule, the message and the remedy.
    Explain,
}

/// Every reason is listed, so a new one makes the compiler ask what the app does with it.
pub fn refusal_response(reason: &RefusalReason) -> RefusalResponse {
    match reason {
        RefusalReason::Acknowledge => RefusalResponse::ConfirmWarning,
        RefusalReason::Title => RefusalResponse::FixTitle,
        RefusalReason::Blocker(_)
        | RefusalReason::Needs
        | RefusalReason::Requires
        | RefusalReason::When
        | RefusalReason::Approval
        | RefusalReason::FourEyes
        | RefusalReason::FourEyesPastWork
        | RefusalReason::Review
        | RefusalReason::SkipReason
        | RefusalReason::NotSkippable
        | RefusalReason::Note
        | RefusalReason::StatusReason
        | RefusalReason::DueReason
        | RefusalReason::State
        | RefusalReason::Unchanged
        | RefusalReason::OnHold
        | RefusalReason::Cancelled
        | RefusalReason::UnknownStep
        | RefusalReason::UnknownFact
        | RefusalReason::UnknownPlaybook
        | RefusalReason::Format
        | RefusalReason::Range
        | RefusalReason::Identity
        | RefusalReason::ApprovalRole
        | RefusalReason::Team
        | RefusalReason::Incomplete
        | RefusalReason::Created
        | RefusalReason::Concurrent
        | RefusalReason::Notice => RefusalResponse::Explain,
    }
}

pub(super) fn update(app: &mut App, action: Action) {
    let Some(mut dialog) = app.dialog.take() else {
        return;
    };
    match (&mut dialog, action) {
        (Dialog::Confirm { pending, .. }, Action::Back) => {
            if let Pending::Retry { .. } = pending {
                app.say(Tone::Info, crate::t!("app-change-dropped"));
            }
        }
        (_, Action::Back) => {}
        (Dialog::Confirm { pending, .. }, Action::Confirm) => confirm(app, pending.clone()),
        (Dialog::Prompt(prompt), Action::Edit(request)) => {
            prompt.input.handle(request);
            app.dialog = Some(dialog);
        }
        (Dialog::Prompt(_), Action::Confirm) => submit(app, dialog),
        (Dialog::FactChooser(chooser), Action::Up) => {
            chooser.selected = chooser.selected.saturating_sub(1);
            app.dialog = Some(dialog);
        }
        (Dialog::FactChooser(chooser), Action::Down) => {
            chooser.selected = (chooser.selected + 1).min(chooser.options.len().saturating_sub(1));
            app.dialog = Some(dialog);
        }
        (Dialog::FactChooser(chooser), Action::Confirm) => {
            if let Some(option) = chooser.options.get(chooser.selected) {
                let fact = option.fact.clone();
                new_case::add_field(app, &fact);
            }
        }
        (Dialog::Picker { selected, .. }, Action::Up) => {
            *selected = selected.saturating_sub(1);
            app.dialog = Some(dialog);
        }
        (
            Dialog::Picker {
                options, selected, ..
            },
            Action::Down,
        ) => {
            *selected = (*selected + 1).min(options.len().saturating_sub(1));
            app.dialog = Some(dialog);
        }
        (
            Dialog::Picker {
                case,
                fact,
                options,
                selected,
                ..
            },
            Action::Confirm,
        ) => {
            let value = options
                .get(*selected)
                .cloned()
                .flatten()
                .map(FactValue::Text);
            let unchanged = app
                .cases
                .get(case)
                .is_some_and(|entry| entry.case.facts.get(fact.as_str()) == value.as_ref());
            if unchanged {
                return;
            }
            let change = Change::SetFact {
                fact: fact.clone(),
                value,
            };
            let case = case.clone();
            let description = change::describe(&change, app, &case);
            if change::change_or_explain(app, &case, change) {
                app.say(Tone::Success, description);
            }
        }
        (Dialog::Locked { .. } | Dialog::Refused(_) | Dialog::Message { .. }, Action::Confirm) => {}
        _ => app.dialog = Some(dialog),
    }
}

fn confirm(app: &mut App, pending: Pending) {
    match pending {
        Pending::Acknowledge { case, step } => {
            let change = Change::Check {
                step,
                note: None,
                acknowledged: true,
            };
            let description = change::describe(&change, app, &case);
            if change::change_or_explain(app, &case, change) {
                app.say(
                    Tone::Success,
                    crate::t!("app-saved-confirmed", what = description),
                );
            }
        }
        Pending::Retry { case, change } => {
            let description = change::describe(&change, app, &case);
            if change::change_or_explain(app, &case, change) {
                app.say(Tone::Success, crate::t!("app-saved", what = description));
            }
        }
        Pending::AcknowledgeSkip { case, step } => {
            let title = app
                .cases
                .get(&case)
                .and_then(|entry| app.catalog.get(&entry.case.playbook))
                .and_then(|playbook| playbook.definition().step(&step))
                .map_or(step.clone(), |s| s.title.clone());
            app.dialog = Some(case_view::skip_prompt(&case, &step, &title, true));
        }
        Pending::CreateBlocked => new_case::create(app, true),
        Pending::QuitUnsaved => app.should_quit = true,
        Pending::DiscardNewCase => {
            let ids: Vec<String> = (app.catalog.entries().iter())
                .map(|entry| entry.playbook.id().to_string())
                .collect();
            new_case::discard(app, &ids);
        }
    }
}

/// Submits a prompt's text through `apply`; a refusal stays in the prompt so
/// the text can be corrected.
fn submit(app: &mut App, dialog: Dialog) {
    let Dialog::Prompt(mut prompt) = dialog else {
        return;
    };
    let text = prompt.input.value().to_string();
    let (case, change, done) = match &prompt.purpose {
        PromptPurpose::Skip {
            case,
            step,
            acknowledged,
        } => (
            case.clone(),
            Change::Skip {
                step: step.clone(),
                reason: text,
                acknowledged: *acknowledged,
            },
            None,
        ),
        PromptPurpose::Note { case } => (
            case.clone(),
            Change::Note { text },
            Some(crate::t!("app-note-added")),
        ),
        PromptPurpose::Assign { case } => (case.clone(), Change::Assign { assignee: text }, None),
        PromptPurpose::Status { case, status } => (
            case.clone(),
            Change::SetStatus {
                status: *status,
                reason: Some(text),
            },
            None,
        ),
        PromptPurpose::Rename { case } => (case.clone(), Change::Rename { title: text }, None),
        PromptPurpose::Due { case } => match case_actions::due_change(&text) {
            Ok(change) => (case.clone(), change, None),
            Err(error) => {
                prompt.error = Some(error);
                app.dialog = Some(Dialog::Prompt(prompt));
                return;
            }
        },
        PromptPurpose::Approve { case, step } => (
            case.clone(),
            Change::Review {
                step: step.clone(),
                verdict: Verdict::Approved,
                reason: text,
            },
            None,
        ),
        PromptPurpose::Reject { case, step } => (
            case.clone(),
            Change::Review {
                step: step.clone(),
                verdict: Verdict::Rejected,
                reason: text,
            },
            None,
        ),
        PromptPurpose::Resolve { case, notice } => (
            case.clone(),
            Change::Resolve {
                notice: notice.clone(),
                note: Some(text),
            },
            Some(crate::t!("app-notice-resolved")),
        ),
    };
    let description = change::describe(&change, app, &case);
    let is_review = matches!(
        prompt.purpose,
        PromptPurpose::Approve { .. } | PromptPurpose::Reject { .. }
    );
    match change::change_case(app, &case, change, None) {
        Ok(_) => {
            let what = done.unwrap_or(description);
            app.say(
                Tone::Success,
                crate::t!("app-case-change", case = case.as_str(), what = what),
            );
            if is_review {
                review::after_review(app);
            }
        }
        Err(Failure::Refused(refusal)) => {
            prompt.error = Some(refusal_line(&refusal, &app.keymap));
            app.dialog = Some(Dialog::Prompt(prompt));
        }
        Err(Failure::Shown) => {}
    }
}

//! What the app tells its user to do about a refusal. The engine's remedy
//! says what to do in words any interface can show; the command line adds
//! the command that does it, and the app names its own keys instead, so it
//! never tells its user to go and type a command.

use crate::engine::{Refusal, RefusalReason};
use crate::tui::keymap::Keymap;

use super::{Action, Context};

/// The remedy as the app shows it: the engine's words, with the key that
/// does it (as `keymap` binds it) where there is one.
pub fn in_app(refusal: &Refusal, keymap: &Keymap) -> String {
    let key = |context, action| keymap.key_for(context, &action);
    match &refusal.reason {
        RefusalReason::OnHold | RefusalReason::Cancelled => {
            match key(Context::Case, Action::Reopen) {
                Some(key) => reopen_text(&refusal.remedy, &key),
                None => refusal.remedy.clone(),
            }
        }
        RefusalReason::Approval => match key(Context::Queue, Action::StartReview) {
            Some(key) => review_mode_text(&refusal.remedy, &key),
            None => refusal.remedy.clone(),
        },
        RefusalReason::Blocker(_)
        | RefusalReason::Needs
        | RefusalReason::Requires
        | RefusalReason::When
        | RefusalReason::Acknowledge
        | RefusalReason::FourEyes
        | RefusalReason::FourEyesPastWork
        | RefusalReason::Review
        | RefusalReason::SkipReason
        | RefusalReason::NotSkippable
        | RefusalReason::Note
        | RefusalReason::Title
        | RefusalReason::StatusReason
        | RefusalReason::DueReason
        | RefusalReason::State
        | RefusalReason::Unchanged
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
        | RefusalReason::Notice => refusal.remedy.clone(),
    }
}

fn reopen_text(remedy: &str, key: &str) -> String {
    format!("{remedy} ({key})")
}

fn review_mode_text(remedy: &str, key: &str) -> String {
    format!("{remedy}, in review mode ({key} in the queue)")
}

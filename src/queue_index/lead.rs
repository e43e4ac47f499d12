//! The parts of a row that a team lead's figures need and that only the
//! case file knows: when a done case was finished, since when each review
//! has waited, and which rules hold a pending case up now. Computed once,
//! where the row is built, so the dashboard and `migdesk stats` never read
//! a case file.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::ValidPlaybook;
use crate::engine::{DerivedStatus, Evaluation, LockReason, StepStatus};
use crate::model::{Case, EventKind};

/// A rule that holds a pending case up now: it locks a step whose `needs`
/// are met, so nothing but this rule stands between the agent and the step.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Hold {
    /// A blocker rule of the playbook, by its id.
    Blocker { rule: String },
    /// A step requires this fact, which has no value.
    RequiresFact { fact: String },
    /// Whether a step applies depends on this fact, still unknown.
    UndecidedWhen { fact: String },
}

impl Hold {
    /// The rule as refusals name it: `blocker:debts`, `requires:vat`, `when:vat`.
    pub fn name(&self) -> String {
        match self {
            Hold::Blocker { rule } => format!("blocker:{rule}"),
            Hold::RequiresFact { fact } => format!("requires:{fact}"),
            Hold::UndecidedWhen { fact } => format!("when:{fact}"),
        }
    }
}

/// When a done case was finished: its last change to a step, a fact or its
/// status (a note or an assignment after that does not move it).
pub(super) fn done_at(case: &Case) -> DateTime<Utc> {
    last_finishing_event(case).map_or_else(
        || case.created.with_timezone(&Utc),
        |index| case.history[index].at,
    )
}

/// The position of the last event that changed a step, a fact or the status.
pub(super) fn last_finishing_event(case: &Case) -> Option<usize> {
    let finishing = |kind: EventKind| match kind {
        EventKind::Check
        | EventKind::Uncheck
        | EventKind::Skip
        | EventKind::Review
        | EventKind::Status
        | EventKind::SetFact => true,
        EventKind::Created
        | EventKind::Note
        | EventKind::Resolve
        | EventKind::Assign
        | EventKind::Rename
        | EventKind::Due => false,
    };
    case.history
        .iter()
        .rposition(|event| finishing(event.action))
}

/// Each approval step ready for a reviewer, with since when it has waited;
/// none while the case is on hold, cancelled or done, which refuse reviews.
pub(super) fn review_waits(
    case: &Case,
    playbook: Option<&ValidPlaybook>,
    evaluation: &Evaluation,
) -> Vec<(String, DateTime<Utc>)> {
    let reviewable = match evaluation.status {
        DerivedStatus::Blocked
        | DerivedStatus::ChangesRequested
        | DerivedStatus::InReview
        | DerivedStatus::InProgress => true,
        DerivedStatus::OnHold | DerivedStatus::Done | DerivedStatus::Cancelled => false,
    };
    if !reviewable {
        return Vec::new();
    }
    evaluation
        .steps
        .iter()
        .filter(|step| step.awaiting_review)
        .map(|step| {
            let since = playbook.map_or_else(
                || case.created.with_timezone(&Utc),
                |playbook| crate::engine::submitted_at(case, playbook.definition(), &step.id),
            );
            (step.id.clone(), since)
        })
        .collect()
}

/// The rules that hold the case up now, each once, in a stable order.
pub(super) fn holds(evaluation: &Evaluation) -> Vec<Hold> {
    if !evaluation.status.is_pending() {
        return Vec::new();
    }
    let mut holds: Vec<Hold> = Vec::new();
    for step in &evaluation.steps {
        if step.state != StepStatus::Todo || !step.locked || waits_for_earlier_steps(step) {
            continue;
        }
        for reason in &step.reasons {
            holds.extend(hold_of(reason));
        }
    }
    holds.sort();
    holds.dedup();
    holds
}

fn waits_for_earlier_steps(step: &crate::engine::StepView) -> bool {
    step.reasons.iter().any(|reason| match reason {
        LockReason::NeedsStep { .. } | LockReason::NeedsPhase { .. } => true,
        LockReason::Blocked { .. }
        | LockReason::RequiresFact { .. }
        | LockReason::UndecidedWhen { .. } => false,
    })
}

fn hold_of(reason: &LockReason) -> Vec<Hold> {
    match reason {
        LockReason::Blocked { rule, .. } => vec![Hold::Blocker { rule: rule.clone() }],
        LockReason::RequiresFact { fact, .. } => vec![Hold::RequiresFact { fact: fact.clone() }],
        LockReason::UndecidedWhen { unanswered } => unanswered
            .iter()
            .map(|fact| Hold::UndecidedWhen { fact: fact.clone() })
            .collect(),
        LockReason::NeedsStep { .. } | LockReason::NeedsPhase { .. } => Vec::new(),
    }
}

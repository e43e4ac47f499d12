//! The rules engine, pure and without I/O. `evaluate` says where a case
//! stands (blockers, each step's state and every reason it is locked,
//! progress, derived status, due date); `apply` is the one place a change is
//! checked against the rules and recorded. The CLI and the app both go
//! through it, so they can never disagree.

mod apply;
mod audit;
mod evaluate;
mod facts;
mod locks;
mod merge;
mod refusal;
mod submission;

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use apply::{Actor, Change, apply, new_case, readable_skip_reason};
pub use apply::{MIN_SKIP_REASON_ALPHANUMERICS, MIN_SKIP_REASON_WORDS};
pub use audit::audit;
pub use evaluate::evaluate;
pub use facts::parse_fact_value;
pub use merge::{MergeError, merge};
pub use refusal::{Refusal, RefusalReason};
pub use submission::{since_submission, submitted_at};

use crate::model::{RuleScope, StepRecord};

/// A blocker whose condition holds, or cannot be decided yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocker {
    /// The rule's id in the playbook.
    pub id: String,
    pub message: String,
    pub remedy: Option<String>,
    /// A playbook to open instead, carrying over the facts both share.
    pub alternative: Option<String>,
    pub source: Option<String>,
    /// Facts the condition reads that are still unknown; non-empty means the
    /// blocker holds only because they are unanswered.
    pub unanswered: Vec<String>,
    /// `None` when it blocks the whole case, else the step ids it blocks.
    pub steps: Option<Vec<String>>,
    /// It blocks a step whose other prerequisites are met, so it holds the
    /// case up now; a blocker on a later step is shown but does not make the
    /// case `blocked` until the checklist reaches that step.
    pub blocking_now: bool,
}

impl Blocker {
    /// The short reason the summary index keeps: the message, or what to
    /// answer first, in English whatever the interface language, since a
    /// file must not change with the language of the run that wrote it.
    pub fn short_reason(&self) -> String {
        if self.unanswered.is_empty() {
            self.message.clone()
        } else {
            format!("answer {} first", self.unanswered.join(", "))
        }
    }

    /// The short reason in the interface language, each unanswered fact
    /// written by `name` (the app gives labels, the command line the ids its
    /// commands take).
    pub fn short_reason_naming(&self, name: &dyn Fn(&str) -> String) -> String {
        if self.unanswered.is_empty() {
            self.message.clone()
        } else {
            crate::t!("remedy-answer", facts = names(&self.unanswered, name))
        }
    }

    /// [`Blocker::short_reason_naming`] with the facts' ids.
    pub fn short_reason_shown(&self) -> String {
        self.short_reason_naming(&|fact| fact.to_string())
    }

    fn covers(&self, step_id: &str) -> bool {
        self.steps
            .as_ref()
            .is_none_or(|steps| steps.iter().any(|s| s == step_id))
    }

    fn from_scope(scope: &RuleScope) -> Option<Vec<String>> {
        match scope {
            RuleScope::Case(_) => None,
            RuleScope::Steps(steps) => Some(steps.clone()),
        }
    }
}

/// A warning whose condition holds; it never blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub id: String,
    pub message: String,
    pub source: Option<String>,
}

/// Why a step cannot be ticked now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LockReason {
    /// A blocker covers the step.
    Blocked {
        rule: String,
        message: String,
        remedy: Option<String>,
        unanswered: Vec<String>,
    },
    /// A step it needs is not done or skipped yet; with `done_only` (from
    /// `needs_done`) a skip does not count, and `skipped` says it was skipped.
    NeedsStep {
        step: String,
        title: String,
        done_only: bool,
        skipped: bool,
    },
    /// A phase it needs still has open steps (with `done_only`, skipped ones count as open).
    NeedsPhase {
        phase: String,
        title: String,
        done_only: bool,
    },
    /// A fact it requires has no value.
    RequiresFact { fact: String, label: String },
    /// Whether the step applies depends on facts nobody has answered.
    UndecidedWhen { unanswered: Vec<String> },
}

impl LockReason {
    /// The rule that forbids the change.
    pub fn refusal_reason(&self) -> RefusalReason {
        match self {
            LockReason::Blocked { rule, .. } => RefusalReason::Blocker(rule.clone()),
            LockReason::NeedsStep { .. } | LockReason::NeedsPhase { .. } => RefusalReason::Needs,
            LockReason::RequiresFact { .. } => RefusalReason::Requires,
            LockReason::UndecidedWhen { .. } => RefusalReason::When,
        }
    }

    /// The rule's name as refusals show it (`blocker:debts`, `needs`, …).
    pub fn rule_name(&self) -> String {
        self.refusal_reason().name()
    }

    /// What to do about it, facts by id (a required fact in backquotes).
    pub fn remedy(&self) -> String {
        match self {
            LockReason::RequiresFact { fact, .. } => {
                crate::t!("remedy-fill-fact", fact = fact.as_str())
            }
            LockReason::Blocked { .. }
            | LockReason::NeedsStep { .. }
            | LockReason::NeedsPhase { .. }
            | LockReason::UndecidedWhen { .. } => self.remedy_naming(&|fact| fact.to_string()),
        }
    }

    /// Why the step is locked, each fact written by `name`.
    pub fn describe_naming(&self, name: &dyn Fn(&str) -> String) -> String {
        match self {
            LockReason::Blocked {
                rule,
                message,
                unanswered,
                ..
            } if !unanswered.is_empty() => {
                crate::t!(
                    "lock-blocked-until",
                    rule = rule.as_str(),
                    facts = names(unanswered, name),
                    count = unanswered.len(),
                    message = message.as_str()
                )
            }
            LockReason::RequiresFact { fact, .. } => {
                crate::t!("lock-requires-fact-named", fact = name(fact))
            }
            LockReason::UndecidedWhen { unanswered } => {
                crate::t!("lock-undecided-when", facts = names(unanswered, name))
            }
            LockReason::Blocked { .. }
            | LockReason::NeedsStep { .. }
            | LockReason::NeedsPhase { .. } => self.to_string(),
        }
    }

    /// What to do about it, each fact written by `name`.
    pub fn remedy_naming(&self, name: &dyn Fn(&str) -> String) -> String {
        match self {
            LockReason::Blocked {
                remedy: Some(remedy),
                unanswered,
                ..
            } if unanswered.is_empty() => remedy.clone(),
            LockReason::Blocked {
                unanswered,
                remedy: Some(remedy),
                ..
            } => crate::t!(
                "remedy-answer-then",
                facts = names(unanswered, name),
                remedy = remedy.as_str()
            ),
            LockReason::Blocked {
                unanswered,
                remedy: None,
                ..
            } if !unanswered.is_empty() => {
                crate::t!("remedy-answer", facts = names(unanswered, name))
            }
            LockReason::Blocked { .. } => crate::t!("remedy-resolve-blocker"),
            LockReason::NeedsStep {
                step,
                done_only: false,
                ..
            } => crate::t!("remedy-finish-or-skip-step", step = step.as_str()),
            LockReason::NeedsStep {
                step,
                done_only: true,
                skipped: true,
                ..
            } => crate::t!("remedy-untick-and-do-step", step = step.as_str()),
            LockReason::NeedsStep {
                step,
                done_only: true,
                skipped: false,
                ..
            } => crate::t!("remedy-finish-step", step = step.as_str()),
            LockReason::NeedsPhase {
                phase,
                done_only: false,
                ..
            } => crate::t!("remedy-finish-or-skip-phase", phase = phase.as_str()),
            LockReason::NeedsPhase {
                phase,
                done_only: true,
                ..
            } => crate::t!("remedy-finish-phase", phase = phase.as_str()),
            LockReason::RequiresFact { fact, .. } => {
                crate::t!("remedy-fill-fact-named", fact = name(fact))
            }
            LockReason::UndecidedWhen { unanswered } => {
                crate::t!("remedy-answer", facts = names(unanswered, name))
            }
        }
    }
}

fn names(facts: &[String], name: &dyn Fn(&str) -> String) -> String {
    facts
        .iter()
        .map(|fact| name(fact))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for LockReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            LockReason::Blocked {
                rule,
                message,
                unanswered,
                ..
            } if !unanswered.is_empty() => crate::t!(
                "lock-blocked-until",
                rule = rule.as_str(),
                facts = unanswered.join(", "),
                count = unanswered.len(),
                message = message.as_str()
            ),
            LockReason::Blocked { rule, message, .. } => crate::t!(
                "lock-blocked",
                rule = rule.as_str(),
                message = message.as_str()
            ),
            LockReason::NeedsStep {
                step,
                title,
                done_only: false,
                ..
            } => crate::t!(
                "lock-needs-step",
                step = step.as_str(),
                title = title.as_str()
            ),
            LockReason::NeedsStep {
                step,
                title,
                done_only: true,
                skipped: true,
            } => crate::t!(
                "lock-needs-step-done-was-skipped",
                step = step.as_str(),
                title = title.as_str()
            ),
            LockReason::NeedsStep {
                step,
                title,
                done_only: true,
                skipped: false,
            } => crate::t!(
                "lock-needs-step-done",
                step = step.as_str(),
                title = title.as_str()
            ),
            LockReason::NeedsPhase {
                phase,
                title,
                done_only: false,
            } => crate::t!(
                "lock-needs-phase",
                phase = phase.as_str(),
                title = title.as_str()
            ),
            LockReason::NeedsPhase {
                phase,
                title,
                done_only: true,
            } => crate::t!(
                "lock-needs-phase-done",
                phase = phase.as_str(),
                title = title.as_str()
            ),
            LockReason::RequiresFact { fact, label } => crate::t!(
                "lock-requires-fact",
                fact = fact.as_str(),
                label = label.as_str()
            ),
            LockReason::UndecidedWhen { unanswered } => {
                crate::t!("lock-undecided-when", facts = unanswered.join(", "))
            }
        };
        f.write_str(&text)
    }
}

/// A step's state as shown on the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Todo,
    Done,
    Skipped,
    /// Its `when` condition is false: the step does not apply to this case.
    #[serde(rename = "n/a")]
    NotApplicable,
}

impl fmt::Display for StepStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StepStatus::Todo => "todo",
            StepStatus::Done => "done",
            StepStatus::Skipped => "skipped",
            StepStatus::NotApplicable => "n/a",
        })
    }
}

/// One step of the evaluated checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepView {
    pub id: String,
    pub phase: String,
    pub title: String,
    pub state: StepStatus,
    /// A todo step that cannot be ticked now; `reasons` says why.
    pub locked: bool,
    pub reasons: Vec<LockReason>,
    pub approval: bool,
    /// Whether the step may be skipped (not an approval, not `skippable: false`).
    pub skippable: bool,
    /// An approval step ready for a reviewer.
    pub awaiting_review: bool,
    /// The template rendered from the case's facts.
    pub rendered_template: Option<String>,
    pub record: Option<StepRecord>,
}

impl StepView {
    /// Finished for the purpose of `needs` and progress.
    pub fn is_settled(&self) -> bool {
        matches!(
            self.state,
            StepStatus::Done | StepStatus::Skipped | StepStatus::NotApplicable
        )
    }
}

/// Progress of a phase or a case: done and skipped over applicable steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseView {
    pub id: String,
    pub title: String,
    pub progress: Progress,
}

/// The status of a case, derived from its steps and rules plus the agent-set part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DerivedStatus {
    Blocked,
    /// A reviewer rejected an approval step and the assignee has not acted since.
    ChangesRequested,
    InReview,
    InProgress,
    OnHold,
    Done,
    Cancelled,
}

impl DerivedStatus {
    /// Pending means not done and not cancelled.
    pub fn is_pending(self) -> bool {
        !matches!(self, DerivedStatus::Done | DerivedStatus::Cancelled)
    }

    /// As a person reads it, in the interface language: "changes requested".
    pub fn label(self) -> String {
        match self {
            DerivedStatus::Blocked => crate::t!("status-blocked"),
            DerivedStatus::ChangesRequested => crate::t!("status-changes-requested"),
            DerivedStatus::InReview => crate::t!("status-in-review"),
            DerivedStatus::InProgress => crate::t!("status-in-progress"),
            DerivedStatus::OnHold => crate::t!("status-on-hold"),
            DerivedStatus::Done => crate::t!("status-done"),
            DerivedStatus::Cancelled => crate::t!("status-cancelled"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DerivedStatus::Blocked => "blocked",
            DerivedStatus::ChangesRequested => "changes_requested",
            DerivedStatus::InReview => "in_review",
            DerivedStatus::InProgress => "in_progress",
            DerivedStatus::OnHold => "on_hold",
            DerivedStatus::Done => "done",
            DerivedStatus::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for DerivedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A comparison of fiscal identity (`same_vat`, `same_name`) between two
/// known facts, with the forms compared, so the screen can say when two
/// values were taken as the same and where two others differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiscalComparison {
    pub kind: crate::expr::fiscal::FiscalKind,
    pub left: String,
    pub right: String,
    /// The values as typed.
    pub left_value: String,
    pub right_value: String,
    /// The forms compared.
    pub left_key: String,
    pub right_key: String,
    pub same: bool,
}

impl FiscalComparison {
    /// What to tell the agent: `None` when the values are equal as typed.
    pub fn explanation(&self) -> Option<String> {
        let noun = self.kind.noun();
        if self.same {
            (self.left_value.trim() != self.right_value.trim()).then(|| {
                format!(
                    "considered the same {noun}: {} = {}",
                    self.left_value.trim(),
                    self.right_value.trim()
                )
            })
        } else {
            Some(format!(
                "different {noun}s: {} ≠ {} (compared as {} and {})",
                self.left_value.trim(),
                self.right_value.trim(),
                self.left_key,
                self.right_key
            ))
        }
    }
}

/// A reviewer's rejection of an approval step that the assignee has not
/// acted on yet: who, why, on which step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangesRequested {
    pub step: String,
    pub by: String,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// A stored fact the playbook does not know, or whose value does not fit its type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactProblem {
    pub fact: String,
    pub message: String,
}

/// Everything the screens and commands show about a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub blockers: Vec<Blocker>,
    pub warnings: Vec<Warning>,
    pub steps: Vec<StepView>,
    pub phases: Vec<PhaseView>,
    pub progress: Progress,
    pub status: DerivedStatus,
    /// The rejection the assignee has still to act on, if any.
    pub changes_requested: Option<ChangesRequested>,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    /// Steps the case has a record for that the playbook no longer has.
    pub orphan_steps: Vec<String>,
    pub fact_problems: Vec<FactProblem>,
    /// Every fiscal comparison of the rules between two known facts.
    pub comparisons: Vec<FiscalComparison>,
}

impl Evaluation {
    pub fn step(&self, id: &str) -> Option<&StepView> {
        self.steps.iter().find(|s| s.id == id)
    }
}

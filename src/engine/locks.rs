//! Why a step is locked: one function per rule kind that can lock a step
//! (blockers, an undecided `when`, `needs` and `needs_done`, `requires`).

use std::collections::HashMap;

use crate::expr::Scope;
use crate::model::{Playbook, Step};

use super::facts::FactScope;
use super::{Blocker, LockReason, StepStatus};

/// What the lock reasons of every step are read from.
pub(super) struct LockContext<'a> {
    pub definition: &'a Playbook,
    pub scope: &'a FactScope<'a>,
    pub blockers: &'a [Blocker],
    /// Each step's own state, before locks.
    pub states: &'a HashMap<&'a str, StepStatus>,
    /// Steps whose `when` cannot be decided yet, with the facts to answer.
    pub undecided: &'a HashMap<&'a str, Vec<String>>,
}

/// Every reason `step` (a todo step) cannot be ticked now, blockers first.
pub(super) fn lock_reasons(context: &LockContext, step: &Step) -> Vec<LockReason> {
    let mut reasons = blocked(context, step);
    reasons.extend(undecided_when(context, step));
    reasons.extend(needs(context, &step.needs, false));
    reasons.extend(needs(context, &step.needs_done, true));
    reasons.extend(requires(context, step));
    reasons
}

fn blocked(context: &LockContext, step: &Step) -> Vec<LockReason> {
    context
        .blockers
        .iter()
        .filter(|blocker| blocker.covers(&step.id))
        .map(|blocker| LockReason::Blocked {
            rule: blocker.id.clone(),
            message: blocker.message.clone(),
            remedy: blocker.remedy.clone(),
            unanswered: blocker.unanswered.clone(),
        })
        .collect()
}

fn undecided_when(context: &LockContext, step: &Step) -> Option<LockReason> {
    context
        .undecided
        .get(step.id.as_str())
        .map(|names| LockReason::UndecidedWhen {
            unanswered: names.clone(),
        })
}

/// Whether a needed step is finished: done, or n/a (it does not apply), or
/// skipped unless only a done step satisfies the need.
fn satisfies(state: Option<&StepStatus>, done_only: bool) -> bool {
    match state {
        Some(StepStatus::Done | StepStatus::NotApplicable) => true,
        Some(StepStatus::Skipped) => !done_only,
        Some(StepStatus::Todo) | None => false,
    }
}

fn needs(context: &LockContext, needed: &[String], done_only: bool) -> Vec<LockReason> {
    let mut reasons = Vec::new();
    for need in needed {
        match need.strip_prefix("phase:") {
            Some(phase_id) => {
                if let Some(phase) = context.definition.phases.iter().find(|p| p.id == phase_id)
                    && !phase
                        .steps
                        .iter()
                        .all(|s| satisfies(context.states.get(s.id.as_str()), done_only))
                {
                    reasons.push(LockReason::NeedsPhase {
                        phase: phase.id.clone(),
                        title: phase.title.clone(),
                        done_only,
                    });
                }
            }
            None => {
                let state = context.states.get(need.as_str());
                if !satisfies(state, done_only) {
                    reasons.push(LockReason::NeedsStep {
                        step: need.clone(),
                        title: context
                            .definition
                            .step(need)
                            .map(|s| s.title.clone())
                            .unwrap_or_default(),
                        done_only,
                        skipped: state == Some(&StepStatus::Skipped),
                    });
                }
            }
        }
    }
    reasons
}

fn requires(context: &LockContext, step: &Step) -> Vec<LockReason> {
    step.requires
        .iter()
        .filter(|fact| context.scope.value(fact).is_none())
        .map(|fact| LockReason::RequiresFact {
            fact: fact.clone(),
            label: context
                .definition
                .fact(fact)
                .map(|f| f.label.clone())
                .unwrap_or_default(),
        })
        .collect()
}

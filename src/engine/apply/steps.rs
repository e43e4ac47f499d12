//! Ticking, unticking and skipping a step: each checks the step's own rules
//! (lock reasons, approval, acknowledgement, skippable, the skip reason).

use crate::catalog::ValidPlaybook;
use crate::model::{Case, Event, EventKind, StepRecord, StepState};

use super::super::evaluate::evaluate;
use super::super::refusal::{Refusal, RefusalReason};
use super::super::{StepStatus, StepView};
use super::Actor;

/// A skip reason needs at least this many words…
pub const MIN_SKIP_REASON_WORDS: usize = 2;
/// …and at least this many letters or digits, so a reviewer can read why.
pub const MIN_SKIP_REASON_ALPHANUMERICS: usize = 6;

pub(super) fn check(
    playbook: &ValidPlaybook,
    case: &mut Case,
    step: String,
    note: Option<String>,
    acknowledged: bool,
    actor: &Actor,
    event: &mut Event,
) -> Result<(), Refusal> {
    let view = actionable_step(playbook, case, &step, actor, Verb::Tick)?;
    if view.approval {
        return Err(Refusal::new(
            RefusalReason::Approval,
            crate::t!("refusal-approval-ticked-by-review", step = step.as_str()),
            crate::t!("remedy-ask-reviewer-approve"),
        )
        .on_command_line(format!(
            "`migdesk review {} {step} --approve --reason …`",
            case.id
        )));
    }
    let warning = playbook
        .definition()
        .step(&step)
        .and_then(|s| s.acknowledge.clone());
    if let Some(warning) = &warning
        && !acknowledged
    {
        return Err(Refusal::new(
            RefusalReason::Acknowledge,
            crate::t!(
                "refusal-acknowledge-tick",
                step = step.as_str(),
                warning = warning.as_str()
            ),
            crate::t!("remedy-acknowledge-tick"),
        ));
    }
    let note = note.filter(|n| !n.trim().is_empty());
    case.steps.insert(
        step.clone(),
        StepRecord {
            state: StepState::Done,
            by: Some(actor.name.clone()),
            at: Some(actor.now),
            note: note.clone(),
            skip_reason: None,
            acknowledged: warning.clone(),
            review: None,
        },
    );
    event.action = EventKind::Check;
    event.step = Some(step);
    event.text = note;
    event.acknowledged = warning;
    Ok(())
}

pub(super) fn uncheck(
    playbook: &ValidPlaybook,
    case: &mut Case,
    step: String,
    actor: &Actor,
    event: &mut Event,
) -> Result<(), Refusal> {
    let view = existing_step(playbook, case, &step, actor)?;
    let approved = match view.state {
        StepStatus::Done => view.approval,
        StepStatus::Skipped => false,
        StepStatus::Todo | StepStatus::NotApplicable => {
            return Err(Refusal::new(
                RefusalReason::State,
                crate::t!("refusal-nothing-to-untick", step = step.as_str()),
                crate::t!("remedy-nothing-to-untick"),
            ));
        }
    };
    if approved {
        return Err(Refusal::new(
            RefusalReason::Approval,
            crate::t!("refusal-approved-untick", step = step.as_str()),
            crate::t!("remedy-ask-reviewer-reject"),
        )
        .on_command_line(format!(
            "`migdesk review {} {step} --reject --reason …`",
            case.id
        )));
    }
    refuse_if_needed_by_done_step(playbook, case, &step)?;
    case.steps.remove(&step);
    event.action = EventKind::Uncheck;
    event.step = Some(step);
    Ok(())
}

pub(super) fn skip(
    playbook: &ValidPlaybook,
    case: &mut Case,
    step: String,
    reason: String,
    acknowledged: bool,
    actor: &Actor,
    event: &mut Event,
) -> Result<(), Refusal> {
    check_skip_reason(&step, &reason)?;
    let view = actionable_step(playbook, case, &step, actor, Verb::Skip)?;
    if view.approval {
        return Err(Refusal::new(
            RefusalReason::Approval,
            crate::t!("refusal-approval-skip", step = step.as_str()),
            crate::t!("remedy-ask-reviewer"),
        ));
    }
    let definition = playbook.definition().step(&step);
    if definition.is_some_and(|s| !s.skippable) {
        return Err(Refusal::new(
            RefusalReason::NotSkippable,
            crate::t!("refusal-not-skippable", step = step.as_str()),
            crate::t!("remedy-do-and-tick"),
        )
        .on_command_line(format!("`migdesk check {} {step}`", case.id)));
    }
    let warning = definition.and_then(|s| s.acknowledge.clone());
    if let Some(warning) = &warning
        && !acknowledged
    {
        return Err(Refusal::new(
            RefusalReason::Acknowledge,
            crate::t!(
                "refusal-acknowledge-skip",
                step = step.as_str(),
                warning = warning.as_str()
            ),
            crate::t!("remedy-acknowledge-skip"),
        ));
    }
    let reason = reason.trim().to_string();
    case.steps.insert(
        step.clone(),
        StepRecord {
            state: StepState::Skipped,
            by: Some(actor.name.clone()),
            at: Some(actor.now),
            note: None,
            skip_reason: Some(reason.clone()),
            acknowledged: warning.clone(),
            review: None,
        },
    );
    event.action = EventKind::Skip;
    event.step = Some(step);
    event.text = Some(reason);
    event.acknowledged = warning;
    Ok(())
}

/// Whether `reason` says something a reviewer can read: at least
/// `MIN_SKIP_REASON_WORDS` words and `MIN_SKIP_REASON_ALPHANUMERICS` letters
/// or digits (`x`, `.`, `n/a` and `ok` do not).
pub fn readable_skip_reason(reason: &str) -> bool {
    let words = reason
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count();
    let alphanumerics = reason.chars().filter(|c| c.is_alphanumeric()).count();
    words >= MIN_SKIP_REASON_WORDS && alphanumerics >= MIN_SKIP_REASON_ALPHANUMERICS
}

fn check_skip_reason(step: &str, reason: &str) -> Result<(), Refusal> {
    if reason.trim().is_empty() {
        return Err(Refusal::new(
            RefusalReason::SkipReason,
            crate::t!("refusal-skip-needs-reason", step = step),
            crate::t!("remedy-skip-reason"),
        )
        .on_command_line("--reason TEXT".to_string()));
    }
    if !readable_skip_reason(reason) {
        return Err(Refusal::new(
            RefusalReason::SkipReason,
            crate::t!(
                "refusal-skip-reason-too-short",
                reason = reason.trim(),
                step = step
            ),
            crate::t!(
                "remedy-skip-reason-longer",
                words = MIN_SKIP_REASON_WORDS,
                characters = MIN_SKIP_REASON_ALPHANUMERICS
            ),
        ));
    }
    Ok(())
}

pub(super) fn existing_step(
    playbook: &ValidPlaybook,
    case: &Case,
    step: &str,
    actor: &Actor,
) -> Result<StepView, Refusal> {
    let evaluation = evaluate(playbook, case, actor.today);
    evaluation.step(step).cloned().ok_or_else(|| {
        let known: Vec<&str> = evaluation.steps.iter().map(|s| s.id.as_str()).collect();
        Refusal::new(
            RefusalReason::UnknownStep,
            crate::t!(
                "refusal-unknown-step",
                playbook = playbook.id(),
                step = step
            ),
            crate::t!("remedy-use-one-of", known = known.join(", ")),
        )
    })
}

/// The refusal for a step that its lock reasons hold, naming the first one's rule.
pub(super) fn locked(view: &StepView, what: String) -> Option<Refusal> {
    let first = view.reasons.first()?;
    let separator = crate::t!("reasons-separator");
    let join = |parts: Vec<String>| parts.join(&separator);
    Some(Refusal::new(
        first.refusal_reason(),
        crate::t!(
            "refusal-locked",
            what = what,
            reasons = join(view.reasons.iter().map(ToString::to_string).collect())
        ),
        join(view.reasons.iter().map(|r| r.remedy()).collect()),
    ))
}

/// What a locked step refuses.
#[derive(Clone, Copy)]
enum Verb {
    Tick,
    Skip,
}

/// The step, if it is todo and nothing locks it.
fn actionable_step(
    playbook: &ValidPlaybook,
    case: &Case,
    step: &str,
    actor: &Actor,
    verb: Verb,
) -> Result<StepView, Refusal> {
    let view = existing_step(playbook, case, step, actor)?;
    match view.state {
        StepStatus::Todo => {}
        StepStatus::NotApplicable => {
            return Err(Refusal::new(
                RefusalReason::When,
                crate::t!("refusal-not-applicable", step = step),
                crate::t!("remedy-nothing-to-do"),
            ));
        }
        StepStatus::Done | StepStatus::Skipped => {
            return Err(Refusal::new(
                RefusalReason::State,
                match view.state {
                    StepStatus::Done => crate::t!("refusal-already-done", step = step),
                    _ => crate::t!("refusal-already-skipped", step = step),
                },
                crate::t!("remedy-untick-first"),
            ));
        }
    }
    let what = match verb {
        Verb::Tick => crate::t!("refusal-cannot-tick", step = step),
        Verb::Skip => crate::t!("refusal-cannot-skip", step = step),
    };
    match locked(&view, what) {
        Some(refusal) => Err(refusal),
        None => Ok(view),
    }
}

/// Unticking a step that a done step needs would leave that step done out of order.
pub(super) fn refuse_if_needed_by_done_step(
    playbook: &ValidPlaybook,
    case: &Case,
    step: &str,
) -> Result<(), Refusal> {
    let definition = playbook.definition();
    let phase = definition.phase_of(step).map(|p| format!("phase:{}", p.id));
    let dependants: Vec<&str> = definition
        .steps()
        .map(|(_, s)| s)
        .filter(|s| {
            s.prerequisites()
                .any(|n| n == step || Some(n) == phase.as_ref())
        })
        .filter(|s| case.step_state(&s.id) != StepState::Todo)
        .map(|s| s.id.as_str())
        .collect();
    if dependants.is_empty() {
        return Ok(());
    }
    Err(Refusal::new(
        RefusalReason::Needs,
        crate::t!(
            "refusal-needed-by-done",
            step = step,
            dependants = dependants.join(", ")
        ),
        crate::t!(
            "remedy-untick-dependants",
            dependants = dependants.join(", ")
        ),
    ))
}

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
    let view = actionable_step(playbook, case, &step, actor, "tick")?;
    if view.approval {
        return Err(Refusal::new(
            RefusalReason::Approval,
            format!(
                "step `{step}` is ticked only by a review from someone other than the assignee"
            ),
            "ask a reviewer to approve it".to_string(),
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
            format!("step `{step}` asks you to confirm: {warning}"),
            "confirm the warning (--ack on the command line) to tick it".to_string(),
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
                format!("step `{step}` is {}, not done or skipped", view.state),
                "nothing to untick".to_string(),
            ));
        }
    };
    if approved {
        return Err(Refusal::new(
            RefusalReason::Approval,
            format!("step `{step}` was approved in a review; unticking it would erase that review"),
            "ask a reviewer to reject it".to_string(),
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
    let view = actionable_step(playbook, case, &step, actor, "skip")?;
    if view.approval {
        return Err(Refusal::new(
            RefusalReason::Approval,
            format!("step `{step}` is an approval and cannot be skipped"),
            "ask a reviewer to approve or reject it".to_string(),
        ));
    }
    let definition = playbook.definition().step(&step);
    if definition.is_some_and(|s| !s.skippable) {
        return Err(Refusal::new(
            RefusalReason::NotSkippable,
            format!("step `{step}` cannot be skipped: the procedure needs it done"),
            "do it and tick it".to_string(),
        )
        .on_command_line(format!("`migdesk check {} {step}`", case.id)));
    }
    let warning = definition.and_then(|s| s.acknowledge.clone());
    if let Some(warning) = &warning
        && !acknowledged
    {
        return Err(Refusal::new(
            RefusalReason::Acknowledge,
            format!("step `{step}` asks you to confirm before skipping it: {warning}"),
            "confirm the warning (--ack on the command line) to skip it".to_string(),
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
            format!("skipping step `{step}` needs a reason"),
            "say why the step does not apply".to_string(),
        )
        .on_command_line("--reason TEXT".to_string()));
    }
    if !readable_skip_reason(reason) {
        return Err(Refusal::new(
            RefusalReason::SkipReason,
            format!(
                "`{}` is too short to tell a reviewer why step `{step}` was skipped",
                reason.trim()
            ),
            format!(
                "say why the step does not apply in a few words (at least {MIN_SKIP_REASON_WORDS} words, {MIN_SKIP_REASON_ALPHANUMERICS} letters or digits)"
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
            format!("playbook `{}` has no step `{step}`", playbook.id()),
            format!("use one of: {}", known.join(", ")),
        )
    })
}

/// The refusal for a step that its lock reasons hold, naming the first one's rule.
pub(super) fn locked(view: &StepView, what: String) -> Option<Refusal> {
    let first = view.reasons.first()?;
    let join = |parts: Vec<String>| parts.join("; ");
    Some(Refusal::new(
        first.refusal_reason(),
        format!(
            "{what}: {}",
            join(view.reasons.iter().map(ToString::to_string).collect())
        ),
        join(view.reasons.iter().map(|r| r.remedy()).collect()),
    ))
}

/// The step, if it is todo and nothing locks it.
fn actionable_step(
    playbook: &ValidPlaybook,
    case: &Case,
    step: &str,
    actor: &Actor,
    verb: &str,
) -> Result<StepView, Refusal> {
    let view = existing_step(playbook, case, step, actor)?;
    match view.state {
        StepStatus::Todo => {}
        StepStatus::NotApplicable => {
            return Err(Refusal::new(
                RefusalReason::When,
                format!("step `{step}` does not apply to this case (its condition is false)"),
                "nothing to do for this step".to_string(),
            ));
        }
        StepStatus::Done | StepStatus::Skipped => {
            return Err(Refusal::new(
                RefusalReason::State,
                format!("step `{step}` is already {}", view.state),
                "untick it first if you want to change it".to_string(),
            ));
        }
    }
    match locked(&view, format!("cannot {verb} step `{step}`")) {
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
        format!(
            "step `{step}` is needed by {}, already done",
            dependants.join(", ")
        ),
        format!("untick {} first", dependants.join(", ")),
    ))
}

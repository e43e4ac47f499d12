//! Approving or rejecting an approval step: four eyes on canonical
//! identities, a reason for a rejection, and the step's state afterwards.

use crate::catalog::ValidPlaybook;
use crate::identity;
use crate::model::{Case, Event, EventKind, Review, StepRecord, StepState, Verdict};

use super::super::refusal::{Refusal, RefusalReason};
use super::super::{StepStatus, StepView};
use super::Actor;
use super::steps::{existing_step, locked, refuse_if_needed_by_done_step};

pub(super) fn review(
    playbook: &ValidPlaybook,
    case: &mut Case,
    step: String,
    verdict: Verdict,
    reason: String,
    actor: &Actor,
    event: &mut Event,
) -> Result<(), Refusal> {
    let view = existing_step(playbook, case, &step, actor)?;
    if !view.approval {
        return Err(Refusal::new(
            RefusalReason::Approval,
            format!("step `{step}` is not an approval step"),
            "tick it instead".to_string(),
        )
        .on_command_line(format!("`migdesk check {} {step}`", case.id)));
    }
    four_eyes(case, &actor.name)?;
    refuse_unless_reviewer_role(playbook, case, &step, actor)?;
    if verdict == Verdict::Rejected && reason.trim().is_empty() {
        return Err(Refusal::new(
            RefusalReason::Review,
            "a rejection needs a reason".to_string(),
            "say what must be fixed".to_string(),
        )
        .on_command_line("--reason TEXT".to_string()));
    }
    check_reviewable(playbook, case, &step, verdict, &view)?;
    let state = match verdict {
        Verdict::Approved => StepState::Done,
        Verdict::Rejected => StepState::Todo,
    };
    let reason = reason.trim().to_string();
    case.steps.insert(
        step.clone(),
        StepRecord {
            state,
            by: Some(actor.name.clone()),
            at: Some(actor.now),
            note: None,
            skip_reason: None,
            acknowledged: None,
            review: Some(Review {
                verdict,
                by: actor.name.clone(),
                at: actor.now,
                reason: reason.clone(),
            }),
        },
    );
    event.action = EventKind::Review;
    event.step = Some(step);
    event.verdict = Some(verdict);
    event.text = Some(reason).filter(|r| !r.is_empty());
    Ok(())
}

/// The reviewer must be a real identity that is neither the assignee (after
/// case folding and normalisation) nor confusable with them.
fn four_eyes(case: &Case, reviewer: &str) -> Result<(), Refusal> {
    let reviewer_identity = identity::canonical_identity(reviewer).map_err(|error| {
        Refusal::new(
            RefusalReason::Identity,
            format!("`{reviewer}` cannot review: {error}"),
            "review under your own plain name".to_string(),
        )
        .on_command_line("--as NAME or MIGDESK_USER".to_string())
    })?;
    let assignee = identity::stored_identity(&case.assignee);
    let refuse = |why: String| {
        Err(Refusal::new(
            RefusalReason::FourEyes,
            why,
            "ask someone else (a team lead) to review it".to_string(),
        ))
    };
    if identity::same_person(&reviewer_identity, &assignee) {
        let written = if reviewer_identity.given() == assignee.given() {
            String::new()
        } else {
            format!(" (written {})", assignee.given())
        };
        return refuse(format!(
            "{reviewer} is the assignee of {}{written} and cannot review it",
            case.id
        ));
    }
    if identity::confusable(&reviewer_identity, &assignee) {
        return refuse(format!(
            "{reviewer} looks like {}, the assignee of {}: names that can be mistaken for the assignee cannot review",
            case.assignee, case.id
        ));
    }
    refuse_past_work(case, reviewer, &reviewer_identity)
}

/// What a person did on a case that keeps them from approving it.
enum PastWork<'a> {
    Assignee,
    Ticked(&'a str),
    Skipped(&'a str),
}

/// The earliest thing in the history that makes `reviewer` one of the
/// people who did the work: a former assignee (either side of a
/// reassignment, the opening assignee being the first `from`), or whoever
/// ticked or skipped a step, undone or not — checking one's own work is
/// what four eyes forbids, whoever the assignee is today.
fn past_work<'a>(case: &'a Case, reviewer: &identity::Identity) -> Option<PastWork<'a>> {
    let is_reviewer = |name: &str| {
        let person = identity::stored_identity(name);
        identity::same_person(reviewer, &person) || identity::confusable(reviewer, &person)
    };
    let text = |value: &'a Option<crate::model::FactValue>| match value {
        Some(crate::model::FactValue::Text(name)) => Some(name.as_str()),
        _ => None,
    };
    case.history.iter().find_map(|event| match event.action {
        EventKind::Assign => [text(&event.from), text(&event.to)]
            .into_iter()
            .flatten()
            .any(is_reviewer)
            .then_some(PastWork::Assignee),
        EventKind::Check => (event.step.as_deref())
            .filter(|_| is_reviewer(&event.by))
            .map(PastWork::Ticked),
        EventKind::Skip => (event.step.as_deref())
            .filter(|_| is_reviewer(&event.by))
            .map(PastWork::Skipped),
        EventKind::Created
        | EventKind::SetFact
        | EventKind::Uncheck
        | EventKind::Note
        | EventKind::Review
        | EventKind::Status
        | EventKind::Rename
        | EventKind::Due
        | EventKind::Resolve => None,
    })
}

fn refuse_past_work(
    case: &Case,
    reviewer: &str,
    reviewer_identity: &identity::Identity,
) -> Result<(), Refusal> {
    let Some(work) = past_work(case, reviewer_identity) else {
        return Ok(());
    };
    let message = match work {
        PastWork::Assignee => format!(
            "{reviewer} was the assignee of {} before it went to {}, and cannot approve work they held",
            case.id, case.assignee
        ),
        PastWork::Skipped(step) => format!(
            "{reviewer} skipped step `{step}` of {} and cannot review their own work",
            case.id
        ),
        PastWork::Ticked(step) => format!(
            "{reviewer} ticked step `{step}` of {} and cannot review their own work",
            case.id
        ),
    };
    Err(Refusal::new(
        RefusalReason::FourEyesPastWork,
        message,
        "ask someone who has not worked on the case (a team lead) to review it".to_string(),
    ))
}

/// `approval: { role: team_lead }`: in team mode the reviewer must hold the role.
fn refuse_unless_reviewer_role(
    playbook: &ValidPlaybook,
    case: &Case,
    step: &str,
    actor: &Actor,
) -> Result<(), Refusal> {
    let required = playbook
        .definition()
        .step(step)
        .and_then(|definition| definition.approval.role());
    match (required, &actor.roles) {
        (Some(role), Some(roles)) if !roles.contains(&role) => Err(Refusal::new(
            RefusalReason::ApprovalRole,
            format!(
                "step `{step}` of {} is reviewed by a {role}, and team.yaml does not make {} one",
                case.id, actor.name
            ),
            format!("ask a {role} to review it"),
        )),
        _ => Ok(()),
    }
}

/// Whether the step is in a state this verdict applies to.
fn check_reviewable(
    playbook: &ValidPlaybook,
    case: &Case,
    step: &str,
    verdict: Verdict,
    view: &StepView,
) -> Result<(), Refusal> {
    match (verdict, view.state) {
        (Verdict::Approved, StepStatus::Done) => Err(Refusal::new(
            RefusalReason::State,
            format!("step `{step}` is already approved"),
            "nothing to do".to_string(),
        )),
        (Verdict::Rejected, StepStatus::Done) => {
            refuse_if_needed_by_done_step(playbook, case, step)
        }
        (Verdict::Approved | Verdict::Rejected, StepStatus::Todo) => {
            match locked(view, format!("step `{step}` is not ready for review")) {
                Some(refusal) => Err(refusal),
                None => Ok(()),
            }
        }
        (
            Verdict::Approved | Verdict::Rejected,
            StepStatus::Skipped | StepStatus::NotApplicable,
        ) => Err(Refusal::new(
            RefusalReason::State,
            format!("step `{step}` is {}", view.state),
            "nothing to review".to_string(),
        )),
    }
}

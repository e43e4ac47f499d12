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
            crate::t!("refusal-not-approval", step = step.as_str()),
            crate::t!("remedy-tick-with-check"),
        )
        .on_command_line(format!("`migdesk check {} {step}`", case.id)));
    }
    four_eyes(case, &actor.name)?;
    refuse_unless_reviewer_role(playbook, case, &step, actor)?;
    if verdict == Verdict::Rejected && reason.trim().is_empty() {
        return Err(Refusal::new(
            RefusalReason::Review,
            crate::t!("refusal-rejection-reason"),
            crate::t!("remedy-rejection-reason"),
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
            crate::t!(
                "refusal-reviewer-identity",
                name = reviewer,
                error = error.to_string()
            ),
            crate::t!("remedy-reviewer-identity"),
        )
        .on_command_line("--as NAME or MIGDESK_USER".to_string())
    })?;
    let assignee = identity::stored_identity(&case.assignee);
    let refuse = |why: String| {
        Err(Refusal::new(
            RefusalReason::FourEyes,
            why,
            crate::t!("remedy-four-eyes"),
        ))
    };
    if identity::same_person(&reviewer_identity, &assignee) {
        return refuse(if reviewer_identity.given() == assignee.given() {
            crate::t!(
                "refusal-four-eyes",
                reviewer = reviewer,
                case = case.id.as_str()
            )
        } else {
            crate::t!(
                "refusal-four-eyes-written",
                reviewer = reviewer,
                case = case.id.as_str(),
                written = assignee.given()
            )
        });
    }
    if identity::confusable(&reviewer_identity, &assignee) {
        return refuse(crate::t!(
            "refusal-four-eyes-confusable",
            reviewer = reviewer,
            assignee = case.assignee.as_str(),
            case = case.id.as_str()
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
            crate::t!(
                "refusal-approval-role",
                step = step,
                case = case.id.as_str(),
                role = role.to_string(),
                person = actor.name.as_str()
            ),
            crate::t!("remedy-approval-role", role = role.to_string()),
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
            crate::t!("refusal-already-approved", step = step),
            crate::t!("remedy-nothing"),
        )),
        (Verdict::Rejected, StepStatus::Done) => {
            refuse_if_needed_by_done_step(playbook, case, step)
        }
        (Verdict::Approved | Verdict::Rejected, StepStatus::Todo) => {
            match locked(view, crate::t!("refusal-not-ready-for-review", step = step)) {
                Some(refusal) => Err(refusal),
                None => Ok(()),
            }
        }
        (
            Verdict::Approved | Verdict::Rejected,
            StepStatus::Skipped | StepStatus::NotApplicable,
        ) => Err(Refusal::new(
            RefusalReason::State,
            match view.state {
                StepStatus::NotApplicable => crate::t!("refusal-not-applicable", step = step),
                _ => crate::t!("refusal-already-skipped", step = step),
            },
            crate::t!("remedy-nothing-to-review"),
        )),
    }
}

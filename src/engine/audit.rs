//! Audit integrity: does a case's recorded state agree with its history?
//! A hand edit that fakes an approval or a tick shows up here.

use crate::catalog::ValidPlaybook;
use crate::identity;
use crate::model::{Case, EventKind, StepState, Verdict};

/// Every disagreement between the case's step states and its history.
pub fn audit(playbook: &ValidPlaybook, case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    for (index, event) in case.history.iter().enumerate() {
        let expected = index as u64 + 1;
        if event.seq != expected {
            problems.push(format!(
                "history event {} has seq {} (expected {expected}): the history was edited",
                index + 1,
                event.seq
            ));
            break;
        }
    }
    if case.history.first().map(|e| e.action) != Some(EventKind::Created) {
        problems.push("the history does not start with the case's creation".to_string());
    }
    for (step_id, record) in &case.steps {
        let last = case.history.iter().rev().find(|e| {
            e.step.as_deref() == Some(step_id.as_str())
                && matches!(
                    e.action,
                    EventKind::Check | EventKind::Skip | EventKind::Uncheck | EventKind::Review
                )
        });
        let is_approval = playbook
            .definition()
            .step(step_id)
            .is_some_and(|s| s.approval.is_required());
        match record.state {
            StepState::Done if is_approval => {
                let Some(review) = &record.review else {
                    problems.push(format!(
                        "step `{step_id}` is done but has no review, and it is an approval step"
                    ));
                    continue;
                };
                if review.verdict != Verdict::Approved {
                    problems.push(format!(
                        "step `{step_id}` is done but its review is {}",
                        review.verdict
                    ));
                }
                if identity::names_same_person(&review.by, &case.assignee) {
                    problems.push(format!(
                        "step `{step_id}` was approved by {}, the case's own assignee (four eyes)",
                        review.by
                    ));
                }
                let recorded = last.is_some_and(|e| {
                    e.action == EventKind::Review
                        && e.verdict == Some(Verdict::Approved)
                        && e.by == review.by
                });
                if !recorded {
                    problems.push(format!(
                        "step `{step_id}` is marked approved by {} but the history has no such review",
                        review.by
                    ));
                }
            }
            StepState::Done => {
                if !last.is_some_and(|e| e.action == EventKind::Check) {
                    problems.push(format!(
                        "step `{step_id}` is done but the history has no tick for it"
                    ));
                }
                let asks = playbook
                    .definition()
                    .step(step_id)
                    .and_then(|s| s.acknowledge.as_ref());
                if asks.is_some() && record.acknowledged.is_none() {
                    problems.push(format!(
                        "step `{step_id}` is done without the acknowledgement it asks for"
                    ));
                }
            }
            StepState::Skipped => {
                if !last.is_some_and(|e| e.action == EventKind::Skip) {
                    problems.push(format!(
                        "step `{step_id}` is skipped but the history has no skip for it"
                    ));
                }
            }
            StepState::Todo => {}
        }
    }
    problems
}

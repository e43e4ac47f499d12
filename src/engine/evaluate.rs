//! `evaluate`: where a case stands against its playbook on a given day.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::calendar;
use crate::catalog::ValidPlaybook;
use crate::expr::{Scope, Truth};
use crate::model::{Case, CaseStatus, EventKind, RuleKind, StepState, Verdict};
use crate::template;

use super::facts::FactScope;
use super::{
    Blocker, ChangesRequested, DerivedStatus, Evaluation, FactProblem, LockReason, PhaseView,
    Progress, StepStatus, StepView, Warning,
};

/// The due date the playbook's timing gives this case: creation date plus
/// the business days, plus any extra days whose condition holds.
pub(super) fn due_date(
    playbook: &ValidPlaybook,
    case: &Case,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let Some(timing) = &playbook.definition().timing else {
        return case.due;
    };
    let scope = FactScope {
        playbook,
        case,
        today,
        due: None,
    };
    let start = match &timing.from {
        None => case.created.date_naive(),
        Some(fact) => match scope.fact_value(fact) {
            Some(crate::expr::Value::Date(date)) => date,
            Some(crate::expr::Value::DateTime(moment)) => moment.date(),
            _ => return None,
        },
    };
    let mut days = timing.due_business_days;
    for (index, extra) in timing.extra.iter().enumerate() {
        if playbook
            .extra_day_condition(index)
            .is_some_and(|condition| condition.evaluate(&scope) == Truth::True)
        {
            days += extra.business_days;
        }
    }
    Some(calendar::add_business_days(start, days))
}

/// The facts among `names` that the case has no usable value for.
fn unanswered(scope: &FactScope, names: Vec<&str>) -> Vec<String> {
    names
        .into_iter()
        .filter(|name| {
            scope.playbook.definition().fact(name).is_some() && scope.value(name).is_none()
        })
        .map(str::to_string)
        .collect()
}

/// Where `case` stands against `playbook` on `today`. Pure: same inputs, same answer.
pub fn evaluate(playbook: &ValidPlaybook, case: &Case, today: NaiveDate) -> Evaluation {
    let definition = playbook.definition();
    let due = due_date(playbook, case, today);
    let scope = FactScope {
        playbook,
        case,
        today,
        due,
    };

    let mut blockers = Vec::new();
    let mut warnings = Vec::new();
    for (index, rule) in definition.rules.iter().enumerate() {
        let Some(condition) = playbook.rule_condition(index) else {
            continue;
        };
        let truth = condition.evaluate(&scope);
        match (rule.kind, truth) {
            (RuleKind::Blocker, Truth::True | Truth::Unknown) => blockers.push(Blocker {
                id: rule.id.clone(),
                message: rule.message.clone(),
                remedy: rule.remedy.clone(),
                alternative: rule.alternative.clone(),
                source: rule.source.clone(),
                unanswered: if truth == Truth::Unknown {
                    unanswered(&scope, condition.names())
                } else {
                    Vec::new()
                },
                steps: Blocker::from_scope(&rule.blocks),
                blocking_now: false,
            }),
            (RuleKind::Warning, Truth::True) => warnings.push(Warning {
                id: rule.id.clone(),
                message: rule.message.clone(),
                source: rule.source.clone(),
            }),
            _ => {}
        }
    }

    // First pass: what each step's own state is, before locks (needs reads them).
    let mut states: HashMap<&str, StepStatus> = HashMap::new();
    let mut undecided: HashMap<&str, Vec<String>> = HashMap::new();
    for (_, step) in definition.steps() {
        let applies = step
            .when
            .as_ref()
            .and_then(|_| playbook.step_condition(&step.id))
            .map_or(Truth::True, |condition| condition.evaluate(&scope));
        let state = match (case.step_state(&step.id), applies) {
            (StepState::Done, _) => StepStatus::Done,
            (StepState::Skipped, _) => StepStatus::Skipped,
            (StepState::Todo, Truth::False) => StepStatus::NotApplicable,
            (StepState::Todo, Truth::Unknown) => {
                let names = playbook
                    .step_condition(&step.id)
                    .map(|c| unanswered(&scope, c.names()))
                    .unwrap_or_default();
                undecided.insert(&step.id, names);
                StepStatus::Todo
            }
            (StepState::Todo, Truth::True) => StepStatus::Todo,
        };
        states.insert(&step.id, state);
    }
    let settled = |id: &str| {
        matches!(
            states.get(id),
            Some(StepStatus::Done | StepStatus::Skipped | StepStatus::NotApplicable)
        )
    };

    let mut steps = Vec::new();
    for (phase, step) in definition.steps() {
        let state = states
            .get(step.id.as_str())
            .copied()
            .unwrap_or(StepStatus::Todo);
        let mut reasons = Vec::new();
        if state == StepStatus::Todo {
            for blocker in blockers.iter().filter(|b| b.covers(&step.id)) {
                reasons.push(LockReason::Blocked {
                    rule: blocker.id.clone(),
                    message: blocker.message.clone(),
                    remedy: blocker.remedy.clone(),
                    unanswered: blocker.unanswered.clone(),
                });
            }
            if let Some(names) = undecided.get(step.id.as_str()) {
                reasons.push(LockReason::UndecidedWhen {
                    unanswered: names.clone(),
                });
            }
            for need in &step.needs {
                match need.strip_prefix("phase:") {
                    Some(phase_id) => {
                        if let Some(needed) = definition.phases.iter().find(|p| p.id == phase_id)
                            && !needed.steps.iter().all(|s| settled(&s.id))
                        {
                            reasons.push(LockReason::NeedsPhase {
                                phase: needed.id.clone(),
                                title: needed.title.clone(),
                            });
                        }
                    }
                    None => {
                        if !settled(need) {
                            reasons.push(LockReason::NeedsStep {
                                step: need.clone(),
                                title: definition
                                    .step(need)
                                    .map(|s| s.title.clone())
                                    .unwrap_or_default(),
                            });
                        }
                    }
                }
            }
            for fact in &step.requires {
                if scope.value(fact).is_none() {
                    reasons.push(LockReason::RequiresFact {
                        fact: fact.clone(),
                        label: definition
                            .fact(fact)
                            .map(|f| f.label.clone())
                            .unwrap_or_default(),
                    });
                }
            }
        }
        let locked = !reasons.is_empty();
        let record = case.steps.get(&step.id).cloned();
        let returned_after_rejection = record
            .as_ref()
            .and_then(|r| r.review.as_ref())
            .is_some_and(|review| review.verdict == Verdict::Rejected)
            && !assignee_acted_since_last_review(case, &step.id);
        steps.push(StepView {
            id: step.id.clone(),
            phase: phase.id.clone(),
            title: step.title.clone(),
            state,
            locked,
            reasons,
            approval: step.approval,
            awaiting_review: step.approval
                && state == StepStatus::Todo
                && !locked
                && !returned_after_rejection,
            rendered_template: step
                .template
                .as_ref()
                .map(|t| template::render(t, &case.facts)),
            record,
        });
    }

    let phases = definition
        .phases
        .iter()
        .map(|phase| PhaseView {
            id: phase.id.clone(),
            title: phase.title.clone(),
            progress: progress(steps.iter().filter(|s| s.phase == phase.id)),
        })
        .collect();
    let total_progress = progress(steps.iter());

    let orphan_steps = case
        .steps
        .iter()
        .filter(|(id, record)| definition.step(id).is_none() && record.state != StepState::Todo)
        .map(|(id, _)| id.clone())
        .collect();
    let fact_problems = case
        .facts
        .iter()
        .filter_map(|(id, value)| match definition.fact(id) {
            None => Some(FactProblem {
                fact: id.clone(),
                message: format!("the playbook has no fact `{id}`; the value is kept but not used"),
            }),
            Some(def) if !value.fits(def.fact_type) => Some(FactProblem {
                fact: id.clone(),
                message: format!(
                    "`{value}` is not a valid {}; treated as unknown until corrected",
                    def.fact_type
                ),
            }),
            Some(_) => None,
        })
        .collect();

    // A step is ready when nothing but blockers locks it.
    let ready = |step: &&StepView| {
        step.state == StepStatus::Todo
            && step
                .reasons
                .iter()
                .all(|reason| matches!(reason, LockReason::Blocked { .. }))
    };
    for blocker in &mut blockers {
        blocker.blocking_now = steps
            .iter()
            .filter(ready)
            .any(|step| blocker.covers(&step.id));
    }
    // Blockers that hold the case up now come first: the queue shows the first one.
    blockers.sort_by_key(|blocker| !blocker.blocking_now);
    let changes_requested = changes_requested(case, &steps);
    let status = derive_status(
        case.status,
        &blockers,
        &steps,
        total_progress,
        changes_requested.is_some(),
    );
    let overdue = status.is_pending() && due.is_some_and(|due| today > due);
    Evaluation {
        blockers,
        warnings,
        steps,
        phases,
        progress: total_progress,
        status,
        changes_requested,
        due,
        overdue,
        orphan_steps,
        fact_problems,
    }
}

/// A rejection hands an approval step back to the assignee; it is ready for
/// review again once the assignee has changed something after it.
fn assignee_acted_since_last_review(case: &Case, step_id: &str) -> bool {
    let last_review = case
        .history
        .iter()
        .rposition(|e| e.action == EventKind::Review && e.step.as_deref() == Some(step_id));
    match last_review {
        Some(index) => case.history[index + 1..]
            .iter()
            .any(|e| e.by == case.assignee),
        None => true,
    }
}

/// The first approval step a reviewer sent back that the assignee has not
/// acted on since.
fn changes_requested(case: &Case, steps: &[StepView]) -> Option<ChangesRequested> {
    steps
        .iter()
        .filter(|step| step.approval && step.state == StepStatus::Todo)
        .find_map(|step| {
            let review = step.record.as_ref()?.review.as_ref()?;
            let returned = review.verdict == Verdict::Rejected
                && !assignee_acted_since_last_review(case, &step.id);
            returned.then(|| ChangesRequested {
                step: step.id.clone(),
                by: review.by.clone(),
                reason: review.reason.clone(),
                at: review.at,
            })
        })
}

fn progress<'a>(steps: impl Iterator<Item = &'a StepView>) -> Progress {
    let mut done = 0;
    let mut total = 0;
    for step in steps {
        match step.state {
            StepStatus::NotApplicable => {}
            StepStatus::Done | StepStatus::Skipped => {
                done += 1;
                total += 1;
            }
            StepStatus::Todo => total += 1,
        }
    }
    Progress { done, total }
}

fn derive_status(
    agent_set: CaseStatus,
    blockers: &[Blocker],
    steps: &[StepView],
    progress: Progress,
    changes_requested: bool,
) -> DerivedStatus {
    if agent_set == CaseStatus::Cancelled {
        return DerivedStatus::Cancelled;
    }
    if progress.done == progress.total {
        return DerivedStatus::Done;
    }
    if agent_set == CaseStatus::OnHold {
        return DerivedStatus::OnHold;
    }
    if blockers.iter().any(|b| b.blocking_now) {
        return DerivedStatus::Blocked;
    }
    if changes_requested {
        return DerivedStatus::ChangesRequested;
    }
    let actionable: Vec<&StepView> = steps
        .iter()
        .filter(|s| s.state == StepStatus::Todo && !s.locked)
        .collect();
    let awaiting = actionable.iter().any(|s| s.awaiting_review);
    if awaiting && actionable.iter().all(|s| s.approval) {
        return DerivedStatus::InReview;
    }
    DerivedStatus::InProgress
}

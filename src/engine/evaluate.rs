//! `evaluate`: where a case stands against its playbook on a given day.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::calendar;
use crate::catalog::ValidPlaybook;
use crate::expr::{Condition, Scope, Truth, Value};
use crate::identity;
use crate::model::{Case, CaseStatus, EventKind, Phase, Rule, RuleKind, Step, StepState, Verdict};
use crate::template;

use super::facts::FactScope;
use super::locks::{LockContext, lock_reasons};
use super::{
    Blocker, ChangesRequested, DerivedStatus, Evaluation, FactProblem, FiscalComparison,
    LockReason, PhaseView, Progress, StepStatus, StepView, Warning,
};

/// The due date the playbook's timing gives this case: creation date plus
/// the business days, plus any extra days whose condition holds.
pub(super) fn due_date(
    playbook: &ValidPlaybook,
    case: &Case,
    today: NaiveDate,
) -> Option<NaiveDate> {
    if let Some(set_by_hand) = &case.due_override {
        return Some(set_by_hand.date);
    }
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
    Some(calendar::add_business_days(
        playbook.calendar(),
        start,
        days,
    ))
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
    let (mut blockers, warnings) = rule_results(playbook, &scope);
    let (states, undecided) = own_states(playbook, &scope);
    let context = LockContext {
        definition,
        scope: &scope,
        blockers: &blockers,
        states: &states,
        undecided: &undecided,
    };
    let steps: Vec<StepView> = definition
        .steps()
        .map(|(phase, step)| step_view(&context, phase, step))
        .collect();
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
    mark_blocking_now(&mut blockers, &steps);
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
        orphan_steps: orphan_steps(playbook, case),
        fact_problems: fact_problems(playbook, case),
        comparisons: fiscal_comparisons(playbook, &scope),
    }
}

/// The `same_vat` / `same_name` comparisons of the rules whose two facts are known.
fn fiscal_comparisons(playbook: &ValidPlaybook, scope: &FactScope) -> Vec<FiscalComparison> {
    let mut comparisons: Vec<FiscalComparison> = Vec::new();
    let conditions =
        (0..playbook.definition().rules.len()).filter_map(|i| playbook.rule_condition(i));
    for condition in conditions {
        for (kind, left, right) in condition.fiscal_comparisons() {
            let (Some(Value::Text(left_value)), Some(Value::Text(right_value))) =
                (scope.value(left), scope.value(right))
            else {
                continue;
            };
            if comparisons
                .iter()
                .any(|c| c.kind == kind && c.left == left && c.right == right)
            {
                continue;
            }
            let (left_key, right_key) = (kind.key(&left_value), kind.key(&right_value));
            comparisons.push(FiscalComparison {
                kind,
                left: left.to_string(),
                right: right.to_string(),
                same: left_key == right_key,
                left_value,
                right_value,
                left_key,
                right_key,
            });
        }
    }
    comparisons
}

/// The blockers that hold and the warnings that show, one function per rule kind.
fn rule_results(playbook: &ValidPlaybook, scope: &FactScope) -> (Vec<Blocker>, Vec<Warning>) {
    let mut blockers = Vec::new();
    let mut warnings = Vec::new();
    for (index, rule) in playbook.definition().rules.iter().enumerate() {
        let Some(condition) = playbook.rule_condition(index) else {
            continue;
        };
        let truth = condition.evaluate(scope);
        match rule.kind {
            RuleKind::Blocker => blockers.extend(blocker(rule, condition, truth, scope)),
            RuleKind::Warning => warnings.extend(warning(rule, truth)),
        }
    }
    (blockers, warnings)
}

/// A blocker holds while its condition is true or cannot be decided.
fn blocker(rule: &Rule, condition: &Condition, truth: Truth, scope: &FactScope) -> Option<Blocker> {
    let unanswered = match truth {
        Truth::False => return None,
        Truth::True => Vec::new(),
        Truth::Unknown => unanswered(scope, condition.names()),
    };
    Some(Blocker {
        id: rule.id.clone(),
        message: rule.message.clone(),
        remedy: rule.remedy.clone(),
        alternative: rule.alternative.clone(),
        source: rule.source.clone(),
        unanswered,
        steps: Blocker::from_scope(&rule.blocks),
        blocking_now: false,
    })
}

/// A warning shows only while its condition is true.
fn warning(rule: &Rule, truth: Truth) -> Option<Warning> {
    match truth {
        Truth::True => Some(Warning {
            id: rule.id.clone(),
            message: rule.message.clone(),
            source: rule.source.clone(),
        }),
        Truth::False | Truth::Unknown => None,
    }
}

type OwnStates<'a> = (HashMap<&'a str, StepStatus>, HashMap<&'a str, Vec<String>>);

/// Each step's own state before locks (`needs` reads them), and the steps
/// whose `when` cannot be decided yet with the facts it waits for.
fn own_states<'a>(playbook: &'a ValidPlaybook, scope: &FactScope) -> OwnStates<'a> {
    let mut states = HashMap::new();
    let mut undecided = HashMap::new();
    for (_, step) in playbook.definition().steps() {
        let condition = step
            .when
            .as_ref()
            .and_then(|_| playbook.step_condition(&step.id));
        let applies = condition.map_or(Truth::True, |condition| condition.evaluate(scope));
        let state = match (scope.case.step_state(&step.id), applies) {
            (StepState::Done, _) => StepStatus::Done,
            (StepState::Skipped, _) => StepStatus::Skipped,
            (StepState::Todo, Truth::False) => StepStatus::NotApplicable,
            (StepState::Todo, Truth::Unknown) => {
                let names = condition
                    .map(|c| unanswered(scope, c.names()))
                    .unwrap_or_default();
                undecided.insert(step.id.as_str(), names);
                StepStatus::Todo
            }
            (StepState::Todo, Truth::True) => StepStatus::Todo,
        };
        states.insert(step.id.as_str(), state);
    }
    (states, undecided)
}

fn step_view(context: &LockContext, phase: &Phase, step: &Step) -> StepView {
    let case = context.scope.case;
    let state = context
        .states
        .get(step.id.as_str())
        .copied()
        .unwrap_or(StepStatus::Todo);
    let reasons = match state {
        StepStatus::Todo => lock_reasons(context, step),
        StepStatus::Done | StepStatus::Skipped | StepStatus::NotApplicable => Vec::new(),
    };
    let locked = !reasons.is_empty();
    let record = case.steps.get(&step.id).cloned();
    let returned_after_rejection = record
        .as_ref()
        .and_then(|r| r.review.as_ref())
        .is_some_and(|review| review.verdict == Verdict::Rejected)
        && !assignee_acted_since_last_review(case, &step.id);
    StepView {
        id: step.id.clone(),
        phase: phase.id.clone(),
        title: step.title.clone(),
        state,
        locked,
        reasons,
        approval: step.approval.is_required(),
        skippable: step.skippable && !step.approval.is_required(),
        awaiting_review: step.approval.is_required()
            && state == StepStatus::Todo
            && !locked
            && !returned_after_rejection,
        rendered_template: step
            .template
            .as_ref()
            .map(|t| template::render(t, &case.facts)),
        record,
    }
}

/// A blocker holds the case up now when it covers a step that nothing but
/// blockers locks; those come first, as the queue shows the first one.
fn mark_blocking_now(blockers: &mut [Blocker], steps: &[StepView]) {
    let ready = |step: &&StepView| {
        step.state == StepStatus::Todo
            && step
                .reasons
                .iter()
                .all(|reason| matches!(reason, LockReason::Blocked { .. }))
    };
    for blocker in blockers.iter_mut() {
        blocker.blocking_now = steps
            .iter()
            .filter(ready)
            .any(|step| blocker.covers(&step.id));
    }
    blockers.sort_by_key(|blocker| !blocker.blocking_now);
}

fn orphan_steps(playbook: &ValidPlaybook, case: &Case) -> Vec<String> {
    case.steps
        .iter()
        .filter(|(id, record)| {
            playbook.definition().step(id).is_none() && record.state != StepState::Todo
        })
        .map(|(id, _)| id.clone())
        .collect()
}

fn fact_problems(playbook: &ValidPlaybook, case: &Case) -> Vec<FactProblem> {
    case.facts
        .iter()
        .filter_map(|(id, value)| match playbook.definition().fact(id) {
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
        .collect()
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
            .any(|e| identity::names_same_person(&e.by, &case.assignee)),
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

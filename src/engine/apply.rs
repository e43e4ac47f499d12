//! `apply`: the one function that checks a change against every rule and
//! either refuses it, naming the rule and the remedy, or records it.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};
use serde::Serialize;

use crate::catalog::ValidPlaybook;
use crate::model::case::CASE_SCHEMA;
use crate::model::{
    Case, CaseStatus, Event, EventKind, FactValue, Review, StepRecord, StepState, Verdict,
};

use super::evaluate::{due_date, evaluate};
use super::facts::validate_fact_value;
use super::{StepStatus, StepView};

/// One change an agent asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Set a fact, or clear it with `None` (unknown).
    SetFact {
        fact: String,
        value: Option<FactValue>,
    },
    /// Tick a step; `acknowledged` confirms the step's warning.
    Check {
        step: String,
        note: Option<String>,
        acknowledged: bool,
    },
    Uncheck {
        step: String,
    },
    /// Skip a step with a reason; `acknowledged` confirms the step's warning,
    /// which skipping needs as much as ticking (the consequence may still follow).
    Skip {
        step: String,
        reason: String,
        acknowledged: bool,
    },
    Note {
        text: String,
    },
    /// Approve or reject an approval step.
    Review {
        step: String,
        verdict: Verdict,
        reason: String,
    },
    SetStatus {
        status: CaseStatus,
    },
    /// Give the case to `assignee` (take it, when that is the actor).
    Assign {
        assignee: String,
    },
}

/// Who makes a change, when, and (for an undo) which event it reverses.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub name: String,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    /// The agent's UTC offset: a new case records its creation time in it.
    pub utc_offset: FixedOffset,
    pub undoes: Option<u64>,
}

impl Actor {
    /// An actor in UTC (tests, tools); the app and CLI use the agent's local offset.
    pub fn new(name: &str, now: DateTime<Utc>) -> Actor {
        Actor {
            name: name.to_string(),
            now,
            today: now.date_naive(),
            utc_offset: Utc.fix(),
            undoes: None,
        }
    }

    /// An actor on the agent's own clock: now, the local date and the UTC offset.
    pub fn local(name: &str, time: crate::clock::LocalTime) -> Actor {
        Actor {
            name: name.to_string(),
            now: time.now,
            today: time.today,
            utc_offset: time.utc_offset,
            undoes: None,
        }
    }
}

/// A change the rules forbid: which rule, why, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// `blocker:debts`, `needs`, `requires`, `acknowledge`, `approval`, `four-eyes`, `format`…
    pub rule: String,
    pub message: String,
    pub remedy: String,
}

impl Refusal {
    pub fn new(rule: &str, message: String, remedy: String) -> Refusal {
        Refusal {
            rule: rule.to_string(),
            message,
            remedy,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "refused by {}: {} — {}",
            self.rule, self.message, self.remedy
        )
    }
}

impl std::error::Error for Refusal {}

/// A new case on `playbook` with the given facts, every one checked and
/// recorded through `apply`.
pub fn new_case(
    playbook: &ValidPlaybook,
    id: &str,
    title: &str,
    assignee: &str,
    facts: Vec<(String, Option<FactValue>)>,
    actor: &Actor,
) -> Result<Case, Refusal> {
    if title.trim().is_empty() {
        return Err(Refusal::new(
            "title",
            "a case needs a title".to_string(),
            "give the customer or account name as the title".to_string(),
        ));
    }
    let created = actor.now.with_timezone(&actor.utc_offset);
    let mut case = Case {
        schema: CASE_SCHEMA,
        id: id.to_string(),
        playbook: playbook.id().to_string(),
        playbook_version: playbook.definition().version,
        title: title.trim().to_string(),
        assignee: assignee.to_string(),
        created,
        due: None,
        status: CaseStatus::Open,
        demo: false,
        // The first saved version; every saved change adds one.
        revision: 1,
        facts: Default::default(),
        steps: Default::default(),
        notes: Vec::new(),
        history: vec![Event::new(1, actor.now, &actor.name, EventKind::Created)],
    };
    case.due = due_date(playbook, &case, actor.today);
    for (fact, value) in facts {
        if value.is_none() {
            continue;
        }
        apply(playbook, &mut case, Change::SetFact { fact, value }, actor)?;
    }
    Ok(case)
}

/// Checks `change` against every rule of `playbook` and, if allowed, makes
/// it on `case` and appends the history event it returns. A refused change
/// leaves `case` untouched.
pub fn apply(
    playbook: &ValidPlaybook,
    case: &mut Case,
    change: Change,
    actor: &Actor,
) -> Result<Event, Refusal> {
    check_case_open(case, &change)?;
    let mut event = Event::new(case.next_seq(), actor.now, &actor.name, EventKind::Note);
    event.undoes = actor.undoes;
    match change {
        Change::SetFact { fact, value } => {
            if let Some(value) = &value {
                validate_fact_value(playbook, &fact, value)?;
            } else {
                // Clearing still has to name a fact the playbook knows.
                if playbook.definition().fact(&fact).is_none() && !case.facts.contains_key(&fact) {
                    validate_fact_value(playbook, &fact, &FactValue::Bool(false))?;
                }
            }
            let previous = case.facts.get(&fact).cloned();
            if previous == value {
                return Err(Refusal::new(
                    "unchanged",
                    format!("fact `{fact}` already has that value"),
                    "nothing to do".to_string(),
                ));
            }
            match &value {
                Some(value) => case.facts.insert(fact.clone(), value.clone()),
                None => case.facts.remove(&fact),
            };
            event.action = EventKind::SetFact;
            event.fact = Some(fact);
            event.from = previous;
            event.to = value;
            case.due = due_date(playbook, case, actor.today);
        }
        Change::Check {
            step,
            note,
            acknowledged,
        } => {
            let view = actionable_step(playbook, case, &step, actor.today, "tick")?;
            let definition = playbook.definition().step(&step);
            if view.approval {
                return Err(Refusal::new(
                    "approval",
                    format!(
                        "step `{step}` is ticked only by a review from someone other than the assignee"
                    ),
                    format!(
                        "ask a reviewer to run `migdesk review {} {step} --approve --reason …`",
                        case.id
                    ),
                ));
            }
            let warning = definition.and_then(|s| s.acknowledge.clone());
            if let Some(warning) = &warning
                && !acknowledged
            {
                return Err(Refusal::new(
                    "acknowledge",
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
        }
        Change::Uncheck { step } => {
            let view = existing_step(playbook, case, &step, actor.today)?;
            if !matches!(view.state, StepStatus::Done | StepStatus::Skipped) {
                return Err(Refusal::new(
                    "state",
                    format!("step `{step}` is {}, not done or skipped", view.state),
                    "nothing to untick".to_string(),
                ));
            }
            if view.approval && view.state == StepStatus::Done {
                return Err(Refusal::new(
                    "approval",
                    format!(
                        "step `{step}` was approved in a review; unticking it would erase that review"
                    ),
                    format!(
                        "ask a reviewer to reject it: `migdesk review {} {step} --reject --reason …`",
                        case.id
                    ),
                ));
            }
            refuse_if_needed_by_done_step(playbook, case, &step, actor.today)?;
            case.steps.remove(&step);
            event.action = EventKind::Uncheck;
            event.step = Some(step);
        }
        Change::Skip {
            step,
            reason,
            acknowledged,
        } => {
            if reason.trim().is_empty() {
                return Err(Refusal::new(
                    "skip",
                    format!("skipping step `{step}` needs a reason"),
                    "say why the step does not apply (--reason TEXT)".to_string(),
                ));
            }
            let view = actionable_step(playbook, case, &step, actor.today, "skip")?;
            if view.approval {
                return Err(Refusal::new(
                    "approval",
                    format!("step `{step}` is an approval and cannot be skipped"),
                    "ask a reviewer to approve or reject it".to_string(),
                ));
            }
            let warning = playbook
                .definition()
                .step(&step)
                .and_then(|s| s.acknowledge.clone());
            if let Some(warning) = &warning
                && !acknowledged
            {
                return Err(Refusal::new(
                    "acknowledge",
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
        }
        Change::Note { text } => {
            if text.trim().is_empty() {
                return Err(Refusal::new(
                    "note",
                    "a note cannot be empty".to_string(),
                    "write the note's text".to_string(),
                ));
            }
            case.notes.push(crate::model::Note {
                at: actor.now,
                by: actor.name.clone(),
                text: text.clone(),
            });
            event.action = EventKind::Note;
            event.text = Some(text);
        }
        Change::Review {
            step,
            verdict,
            reason,
        } => {
            review(playbook, case, &step, verdict, &reason, actor)?;
            event.action = EventKind::Review;
            event.step = Some(step);
            event.verdict = Some(verdict);
            event.text = Some(reason.trim().to_string()).filter(|r| !r.is_empty());
        }
        Change::SetStatus { status } => {
            if case.status == status {
                return Err(Refusal::new(
                    "unchanged",
                    format!("case {} is already {status}", case.id),
                    "nothing to do".to_string(),
                ));
            }
            event.action = EventKind::Status;
            event.from = Some(FactValue::Text(case.status.to_string()));
            event.to = Some(FactValue::Text(status.to_string()));
            case.status = status;
        }
        Change::Assign { assignee } => {
            let assignee = valid_person(&assignee)?;
            if super::same_person(&assignee, &case.assignee) {
                return Err(Refusal::new(
                    "unchanged",
                    format!("case {} is already assigned to {}", case.id, case.assignee),
                    "nothing to do".to_string(),
                ));
            }
            event.action = EventKind::Assign;
            event.from = Some(FactValue::Text(case.assignee.clone()));
            event.to = Some(FactValue::Text(assignee.clone()));
            case.assignee = assignee;
        }
    }
    case.history.push(event.clone());
    Ok(event)
}

/// A person's name as given, trimmed; refused when empty or when it holds
/// a control character (it is shown on screens and written to files).
fn valid_person(name: &str) -> Result<String, Refusal> {
    let name = name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(Refusal::new(
            "person",
            format!("`{}` is not a person's name", name.escape_default()),
            "give a name such as `alice` or `zoé.bonnet`".to_string(),
        ));
    }
    Ok(name.to_string())
}

fn check_case_open(case: &Case, change: &Change) -> Result<(), Refusal> {
    let allowed_anyway = matches!(
        change,
        Change::SetStatus { .. } | Change::Note { .. } | Change::Assign { .. }
    );
    if allowed_anyway {
        return Ok(());
    }
    match case.status {
        CaseStatus::Open => Ok(()),
        CaseStatus::OnHold => Err(Refusal::new(
            "on_hold",
            format!("case {} is on hold", case.id),
            format!("reopen it first: `migdesk status {} open`", case.id),
        )),
        CaseStatus::Cancelled => Err(Refusal::new(
            "cancelled",
            format!("case {} is cancelled", case.id),
            format!("reopen it first: `migdesk status {} open`", case.id),
        )),
    }
}

fn existing_step(
    playbook: &ValidPlaybook,
    case: &Case,
    step: &str,
    today: NaiveDate,
) -> Result<StepView, Refusal> {
    let evaluation = evaluate(playbook, case, today);
    evaluation.step(step).cloned().ok_or_else(|| {
        let known: Vec<&str> = evaluation.steps.iter().map(|s| s.id.as_str()).collect();
        Refusal::new(
            "unknown-step",
            format!("playbook `{}` has no step `{step}`", playbook.id()),
            format!("use one of: {}", known.join(", ")),
        )
    })
}

/// The step, if it is todo and nothing locks it.
fn actionable_step(
    playbook: &ValidPlaybook,
    case: &Case,
    step: &str,
    today: NaiveDate,
    verb: &str,
) -> Result<StepView, Refusal> {
    let view = existing_step(playbook, case, step, today)?;
    match view.state {
        StepStatus::Todo => {}
        StepStatus::NotApplicable => {
            return Err(Refusal::new(
                "when",
                format!("step `{step}` does not apply to this case (its condition is false)"),
                "nothing to do for this step".to_string(),
            ));
        }
        state => {
            return Err(Refusal::new(
                "state",
                format!("step `{step}` is already {state}"),
                "untick it first if you want to change it".to_string(),
            ));
        }
    }
    if let Some(first) = view.reasons.first() {
        let message = view
            .reasons
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        return Err(Refusal::new(
            &first.rule_name(),
            format!("cannot {verb} step `{step}`: {message}"),
            view.reasons
                .iter()
                .map(|r| r.remedy())
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
    Ok(view)
}

/// Unticking a step that a done step needs would leave that step done out of order.
fn refuse_if_needed_by_done_step(
    playbook: &ValidPlaybook,
    case: &Case,
    step: &str,
    _today: NaiveDate,
) -> Result<(), Refusal> {
    let definition = playbook.definition();
    let phase = definition.phase_of(step).map(|p| format!("phase:{}", p.id));
    let dependants: Vec<&str> = definition
        .steps()
        .map(|(_, s)| s)
        .filter(|s| {
            s.needs
                .iter()
                .any(|n| n == step || Some(n) == phase.as_ref())
        })
        .filter(|s| case.step_state(&s.id) != StepState::Todo)
        .map(|s| s.id.as_str())
        .collect();
    if dependants.is_empty() {
        return Ok(());
    }
    Err(Refusal::new(
        "needs",
        format!(
            "step `{step}` is needed by {}, already done",
            dependants.join(", ")
        ),
        format!("untick {} first", dependants.join(", ")),
    ))
}

fn review(
    playbook: &ValidPlaybook,
    case: &mut Case,
    step: &str,
    verdict: Verdict,
    reason: &str,
    actor: &Actor,
) -> Result<(), Refusal> {
    let view = existing_step(playbook, case, step, actor.today)?;
    if !view.approval {
        return Err(Refusal::new(
            "approval",
            format!("step `{step}` is not an approval step"),
            format!("tick it with `migdesk check {} {step}`", case.id),
        ));
    }
    if super::same_person(&actor.name, &case.assignee) {
        return Err(Refusal::new(
            "four-eyes",
            format!(
                "{} is the assignee of {} and cannot review it",
                actor.name, case.id
            ),
            "ask someone else (a team lead) to review it".to_string(),
        ));
    }
    if verdict == Verdict::Rejected && reason.trim().is_empty() {
        return Err(Refusal::new(
            "review",
            "a rejection needs a reason".to_string(),
            "say what must be fixed (--reason TEXT)".to_string(),
        ));
    }
    match (verdict, view.state) {
        (Verdict::Approved, StepStatus::Done) => {
            return Err(Refusal::new(
                "state",
                format!("step `{step}` is already approved"),
                "nothing to do".to_string(),
            ));
        }
        (Verdict::Rejected, StepStatus::Done) => {
            refuse_if_needed_by_done_step(playbook, case, step, actor.today)?;
        }
        (_, StepStatus::Todo) => {
            if let Some(first) = view.reasons.first() {
                return Err(Refusal::new(
                    &first.rule_name(),
                    format!(
                        "step `{step}` is not ready for review: {}",
                        view.reasons
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    view.reasons
                        .iter()
                        .map(|r| r.remedy())
                        .collect::<Vec<_>>()
                        .join("; "),
                ));
            }
        }
        (_, state) => {
            return Err(Refusal::new(
                "state",
                format!("step `{step}` is {state}"),
                "nothing to review".to_string(),
            ));
        }
    }
    let review = Review {
        verdict,
        by: actor.name.clone(),
        at: actor.now,
        reason: reason.trim().to_string(),
    };
    let state = match verdict {
        Verdict::Approved => StepState::Done,
        Verdict::Rejected => StepState::Todo,
    };
    case.steps.insert(
        step.to_string(),
        StepRecord {
            state,
            by: Some(actor.name.clone()),
            at: Some(actor.now),
            note: None,
            skip_reason: None,
            acknowledged: None,
            review: Some(review),
        },
    );
    Ok(())
}

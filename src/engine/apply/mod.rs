//! `apply`: the one function that checks a change against every rule and
//! either refuses it, naming the rule and the remedy, or records it. Each
//! kind of change has its own function (`steps`, `review`); this module
//! dispatches to them and owns the actor and new cases.

mod review;
mod steps;

pub use steps::{MIN_SKIP_REASON_ALPHANUMERICS, MIN_SKIP_REASON_WORDS, readable_skip_reason};

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};

use crate::catalog::ValidPlaybook;
use crate::identity;
use crate::model::case::CASE_SCHEMA;
use crate::model::{Case, CaseStatus, Event, EventKind, FactValue, Role, Verdict};

use super::evaluate::due_date;
use super::facts::validate_fact_value;
use super::refusal::{Refusal, RefusalReason};

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
    /// Hold, cancel or reopen the case; a reason given is kept in the
    /// history and must say something.
    SetStatus {
        status: CaseStatus,
        reason: Option<String>,
    },
    /// Give the case a new title.
    Rename {
        title: String,
    },
    /// Set the due date by hand, overriding the playbook's timing, or with
    /// `None` give it back to the timing; either needs a reason.
    SetDue {
        due: Option<NaiveDate>,
        reason: String,
    },
    /// Give the case to `assignee` (take it, when that is the actor).
    Assign {
        assignee: String,
    },
    /// Mark a merge notice resolved (by its id, or the first characters of it).
    Resolve {
        notice: String,
        note: Option<String>,
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
    /// The roles `team.yaml` gives the actor in team mode; `None` outside it,
    /// where there is no roster and an approval's role cannot be checked.
    pub roles: Option<Vec<Role>>,
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
            roles: None,
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
            roles: None,
        }
    }

    /// The same actor holding `roles` on the team (team mode).
    pub fn with_roles(mut self, roles: Option<Vec<Role>>) -> Actor {
        self.roles = roles;
        self
    }
}

/// The facts to start a case with, the last value of a fact given twice
/// winning (as `--set f=a --set f=b` reads on a shell), in first-given order.
fn last_value_wins(facts: Vec<(String, Option<FactValue>)>) -> Vec<(String, Option<FactValue>)> {
    let mut kept: Vec<(String, Option<FactValue>)> = Vec::with_capacity(facts.len());
    for (fact, value) in facts {
        match kept.iter_mut().find(|(id, _)| *id == fact) {
            Some(existing) => existing.1 = value,
            None => kept.push((fact, value)),
        }
    }
    kept
}

/// A new case on `playbook` with the given facts, every one checked and
/// recorded through `apply`. A fact given more than once takes its last
/// value, `unknown` included.
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
            RefusalReason::Title,
            crate::t!("refusal-title"),
            crate::t!("remedy-title"),
        ));
    }
    let assignee = identity::canonical_identity(assignee).map_err(|error| {
        Refusal::new(
            RefusalReason::Identity,
            crate::t!(
                "refusal-assignee-identity",
                name = assignee,
                error = error.to_string()
            ),
            crate::t!("remedy-assignee-flag"),
        )
        .on_command_line("--assignee NAME".to_string())
    })?;
    let created = actor.now.with_timezone(&actor.utc_offset);
    let mut case = Case {
        schema: CASE_SCHEMA,
        id: id.to_string(),
        playbook: playbook.id().to_string(),
        playbook_version: playbook.definition().version,
        title: title.trim().to_string(),
        assignee: assignee.given().to_string(),
        created,
        due: None,
        due_override: None,
        status: CaseStatus::Open,
        demo: false,
        // The first saved version; every saved change adds one.
        revision: 1,
        facts: Default::default(),
        steps: Default::default(),
        notes: Vec::new(),
        history: Vec::new(),
        merge_notices: Vec::new(),
    };
    case.record(Event::new(1, actor.now, &actor.name, EventKind::Created));
    case.due = due_date(playbook, &case, actor.today);
    for (fact, value) in last_value_wins(facts) {
        if value.is_none() {
            // Unknown is where a new case starts; the name must still be a fact.
            if playbook.definition().fact(&fact).is_none() {
                validate_fact_value(playbook, &fact, &FactValue::Bool(false))?;
            }
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
            set_fact(playbook, case, fact, value, actor, &mut event)?
        }
        Change::Check {
            step,
            note,
            acknowledged,
        } => steps::check(playbook, case, step, note, acknowledged, actor, &mut event)?,
        Change::Uncheck { step } => steps::uncheck(playbook, case, step, actor, &mut event)?,
        Change::Skip {
            step,
            reason,
            acknowledged,
        } => steps::skip(
            playbook,
            case,
            step,
            reason,
            acknowledged,
            actor,
            &mut event,
        )?,
        Change::Note { text } => note(case, text, actor, &mut event)?,
        Change::Review {
            step,
            verdict,
            reason,
        } => review::review(playbook, case, step, verdict, reason, actor, &mut event)?,
        Change::SetStatus { status, reason } => set_status(case, status, reason, &mut event)?,
        Change::Rename { title } => rename(case, &title, &mut event)?,
        Change::SetDue { due, reason } => set_due(playbook, case, due, &reason, actor, &mut event)?,
        Change::Assign { assignee } => assign(case, &assignee, &mut event)?,
        Change::Resolve { notice, note } => {
            let notice =
                super::merge::resolve(case, &notice, note.as_deref(), &actor.name, actor.now)?;
            event.action = EventKind::Resolve;
            event.resolves = Some(notice);
            event.text = note.filter(|note| !note.trim().is_empty());
        }
    }
    Ok(case.record(event))
}

fn set_fact(
    playbook: &ValidPlaybook,
    case: &mut Case,
    fact: String,
    value: Option<FactValue>,
    actor: &Actor,
    event: &mut Event,
) -> Result<(), Refusal> {
    if let Some(value) = &value {
        validate_fact_value(playbook, &fact, value)?;
    } else if playbook.definition().fact(&fact).is_none() && !case.facts.contains_key(&fact) {
        // Clearing still has to name a fact the playbook knows.
        validate_fact_value(playbook, &fact, &FactValue::Bool(false))?;
    }
    let previous = case.facts.get(&fact).cloned();
    if previous == value {
        return Err(Refusal::new(
            RefusalReason::Unchanged,
            crate::t!("refusal-fact-unchanged", fact = fact.as_str()),
            crate::t!("remedy-nothing"),
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
    Ok(())
}

fn note(case: &mut Case, text: String, actor: &Actor, event: &mut Event) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        return Err(Refusal::new(
            RefusalReason::Note,
            crate::t!("refusal-empty-note"),
            crate::t!("remedy-empty-note"),
        ));
    }
    case.notes.push(crate::model::Note {
        at: actor.now,
        by: actor.name.clone(),
        text: text.clone(),
    });
    event.action = EventKind::Note;
    event.text = Some(text);
    Ok(())
}

fn set_status(
    case: &mut Case,
    status: CaseStatus,
    reason: Option<String>,
    event: &mut Event,
) -> Result<(), Refusal> {
    if reason
        .as_ref()
        .is_some_and(|reason| reason.trim().is_empty())
    {
        return Err(Refusal::new(
            RefusalReason::StatusReason,
            status_reason_text(&case.id, status),
            "say why, so whoever picks the case up knows".to_string(),
        ));
    }
    if case.status == status {
        return Err(Refusal::new(
            RefusalReason::Unchanged,
            crate::t!(
                "refusal-status-unchanged",
                case = case.id.as_str(),
                status = status.to_string()
            ),
            crate::t!("remedy-nothing"),
        ));
    }
    event.action = EventKind::Status;
    event.from = Some(FactValue::Text(case.status.to_string()));
    event.to = Some(FactValue::Text(status.to_string()));
    event.text = reason.map(|reason| reason.trim().to_string());
    case.status = status;
    Ok(())
}

/// Sets or clears the hand-set due date; the due date follows.
fn set_due(
    playbook: &ValidPlaybook,
    case: &mut Case,
    due: Option<NaiveDate>,
    reason: &str,
    actor: &Actor,
    event: &mut Event,
) -> Result<(), Refusal> {
    if reason.trim().is_empty() {
        return Err(Refusal::new(
            RefusalReason::DueReason,
            format!("changing the due date of {} needs a reason", case.id),
            "say why the playbook's timing does not apply".to_string(),
        )
        .on_command_line("--reason TEXT".to_string()));
    }
    let current = case.due_override.as_ref().map(|set| set.date);
    if current == due {
        return Err(Refusal::new(
            RefusalReason::Unchanged,
            match due {
                Some(date) => format!("{} is already due {date}", case.id),
                None => format!("{} already follows the playbook's timing", case.id),
            },
            "nothing to do".to_string(),
        ));
    }
    let text = |date: NaiveDate| FactValue::Text(date.to_string());
    event.action = EventKind::Due;
    event.from = current.map(text);
    event.to = due.map(text);
    event.text = Some(reason.trim().to_string());
    case.due_override = due.map(|date| crate::model::DueOverride {
        date,
        reason: reason.trim().to_string(),
        by: actor.name.clone(),
        at: actor.now,
    });
    if due.is_none() && playbook.definition().timing.is_none() {
        // Without timing the due date was the hand-set one alone.
        case.due = None;
    }
    case.due = due_date(playbook, case, actor.today);
    Ok(())
}

fn status_reason_text(id: &str, status: CaseStatus) -> String {
    match status {
        CaseStatus::OnHold => format!("putting {id} on hold needs a reason"),
        CaseStatus::Cancelled => format!("cancelling {id} needs a reason"),
        CaseStatus::Open => format!("reopening {id} needs a reason"),
    }
}

/// Gives the case a new title, which must say something.
fn rename(case: &mut Case, title: &str, event: &mut Event) -> Result<(), Refusal> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Refusal::new(
            RefusalReason::Title,
            "a case needs a title".to_string(),
            "give the customer or account name as the title".to_string(),
        ));
    }
    if title == case.title {
        return Err(Refusal::new(
            RefusalReason::Unchanged,
            format!("case {} already has that title", case.id),
            "nothing to do".to_string(),
        ));
    }
    event.action = EventKind::Rename;
    event.from = Some(FactValue::Text(case.title.clone()));
    event.to = Some(FactValue::Text(title.to_string()));
    case.title = title.to_string();
    Ok(())
}

/// Gives the case to `assignee`, a name that must be an identity.
fn assign(case: &mut Case, assignee: &str, event: &mut Event) -> Result<(), Refusal> {
    let person = identity::canonical_identity(assignee).map_err(|error| {
        Refusal::new(
            RefusalReason::Identity,
            crate::t!(
                "refusal-assignee-identity",
                name = assignee.escape_default().to_string(),
                error = error.to_string()
            ),
            crate::t!("remedy-plain-name"),
        )
    })?;
    let assignee = person.given().to_string();
    if identity::names_same_person(&assignee, &case.assignee) {
        return Err(Refusal::new(
            RefusalReason::Unchanged,
            crate::t!(
                "refusal-already-assigned",
                case = case.id.as_str(),
                person = case.assignee.as_str()
            ),
            crate::t!("remedy-nothing"),
        ));
    }
    event.action = EventKind::Assign;
    event.from = Some(FactValue::Text(case.assignee.clone()));
    event.to = Some(FactValue::Text(assignee.clone()));
    case.assignee = assignee;
    Ok(())
}

fn check_case_open(case: &Case, change: &Change) -> Result<(), Refusal> {
    let allowed_anyway = match change {
        Change::SetStatus { .. }
        | Change::Note { .. }
        | Change::Resolve { .. }
        | Change::Assign { .. }
        | Change::Rename { .. } => true,
        Change::SetFact { .. }
        | Change::Check { .. }
        | Change::Uncheck { .. }
        | Change::Skip { .. }
        | Change::Review { .. }
        | Change::SetDue { .. } => false,
    };
    if allowed_anyway {
        return Ok(());
    }
    match case.status {
        CaseStatus::Open => Ok(()),
        CaseStatus::OnHold => Err(Refusal::new(
            RefusalReason::OnHold,
            crate::t!("refusal-on-hold", case = case.id.as_str()),
            crate::t!("remedy-reopen"),
        )
        .on_command_line(format!("`migdesk status {} open`", case.id))),
        CaseStatus::Cancelled => Err(Refusal::new(
            RefusalReason::Cancelled,
            crate::t!("refusal-cancelled", case = case.id.as_str()),
            crate::t!("remedy-reopen"),
        )
        .on_command_line(format!("`migdesk status {} open`", case.id))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_value_of_a_fact_given_twice_wins_in_first_given_order() {
        let facts = vec![
            ("f".to_string(), Some(FactValue::Bool(true))),
            ("g".to_string(), Some(FactValue::Integer(1))),
            ("f".to_string(), None),
        ];
        assert_eq!(
            last_value_wins(facts),
            vec![
                ("f".to_string(), None),
                ("g".to_string(), Some(FactValue::Integer(1)))
            ]
        );
    }
}

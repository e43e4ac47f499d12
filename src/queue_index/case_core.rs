//! What the queue needs of a case to evaluate it again without its file:
//! the fields a queue row shows and `engine::evaluate` reads (facts, step
//! states and reviews, the agent-set status, the due date), and of the
//! history only the events evaluation looks at. Notes, step notes and the
//! rest of the history, most of a file's bytes, are left out. Playbook
//! independent, so a new playbook version re-evaluates from it.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::identity;
use crate::model::{
    Case, CaseStatus, DueOverride, Event, EventKind, FactValue, Review, StepRecord, StepState,
    case::CASE_SCHEMA,
};

/// The cached part of one case. Stored with postcard, which has no field
/// names and no untagged enums: hence the mirror types below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseCore {
    pub id: String,
    pub playbook: String,
    pub playbook_version: u32,
    pub title: String,
    pub assignee: String,
    pub created: DateTime<FixedOffset>,
    pub due: Option<NaiveDate>,
    /// A due date set by hand wins over the playbook's timing.
    pub due_override: Option<DueOverride>,
    pub status: CaseStatus,
    pub demo: bool,
    pub read_only: Option<String>,
    pub facts: Vec<(String, CoreFact)>,
    pub steps: Vec<(String, CoreStep)>,
    pub history: Vec<CoreEvent>,
}

/// A fact value, tagged (the case file's `FactValue` is untagged).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CoreFact {
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoreStep {
    pub state: StepState,
    pub review: Option<CoreReview>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoreReview {
    pub verdict: crate::model::Verdict,
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoreEvent {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub by: String,
    pub action: EventKind,
    pub step: Option<String>,
}

impl CaseCore {
    /// The core of `case` (`read_only` as the store's reader said).
    pub fn of(case: &Case, read_only: Option<&str>) -> CaseCore {
        CaseCore {
            id: case.id.clone(),
            playbook: case.playbook.clone(),
            playbook_version: case.playbook_version,
            title: case.title.clone(),
            assignee: case.assignee.clone(),
            created: case.created,
            due: case.due,
            due_override: case.due_override.clone(),
            status: case.status,
            demo: case.demo,
            read_only: read_only.map(str::to_string),
            facts: case
                .facts
                .iter()
                .map(|(id, value)| (id.clone(), CoreFact::of(value)))
                .collect(),
            steps: case
                .steps
                .iter()
                .map(|(id, record)| {
                    let step = CoreStep {
                        state: record.state,
                        review: record.review.as_ref().map(CoreReview::of),
                    };
                    (id.clone(), step)
                })
                .collect(),
            history: kept_events(case)
                .map(|event| CoreEvent {
                    seq: event.seq,
                    at: event.at,
                    by: event.by.clone(),
                    action: event.action,
                    step: event.step.clone(),
                })
                .collect(),
        }
    }

    /// A case that evaluates, and makes a queue row, as the full case does.
    pub fn to_case(&self) -> Case {
        Case {
            schema: CASE_SCHEMA,
            id: self.id.clone(),
            playbook: self.playbook.clone(),
            playbook_version: self.playbook_version,
            title: self.title.clone(),
            assignee: self.assignee.clone(),
            created: self.created,
            due: self.due,
            due_override: self.due_override.clone(),
            status: self.status,
            demo: self.demo,
            revision: 0,
            facts: self
                .facts
                .iter()
                .map(|(id, value)| (id.clone(), value.to_fact()))
                .collect(),
            steps: self
                .steps
                .iter()
                .map(|(id, step)| (id.clone(), step.to_record()))
                .collect::<BTreeMap<_, _>>(),
            notes: Vec::new(),
            history: self
                .history
                .iter()
                .map(|event| {
                    let mut full = Event::new(event.seq, event.at, &event.by, event.action);
                    full.step = event.step.clone();
                    full
                })
                .collect(),
            merge_notices: Vec::new(),
        }
    }
}

/// The events evaluation and the row read, in order: the first event (a
/// review's wait when nothing was submitted), the last review of each step
/// (a rejection is answered by what the assignee did after it), the last
/// tick or skip of each step (since when a review has waited), the last
/// change to a step, a fact or the status (when a done case was finished),
/// the assignee's last event (whether they acted after a review is whether
/// it comes later) and the last event (the row's "updated").
fn kept_events(case: &Case) -> impl Iterator<Item = &Event> {
    let mut last_review: HashMap<Option<&str>, usize> = HashMap::new();
    let mut last_tick_or_skip: HashMap<Option<&str>, usize> = HashMap::new();
    let mut last_by_assignee = None;
    for (index, event) in case.history.iter().enumerate() {
        match event.action {
            EventKind::Review => {
                last_review.insert(event.step.as_deref(), index);
            }
            EventKind::Check | EventKind::Skip => {
                last_tick_or_skip.insert(event.step.as_deref(), index);
            }
            EventKind::Created
            | EventKind::Uncheck
            | EventKind::Status
            | EventKind::SetFact
            | EventKind::Note
            | EventKind::Resolve
            | EventKind::Assign
            | EventKind::Rename
            | EventKind::Due => {}
        }
        if identity::names_same_person(&event.by, &case.assignee) {
            last_by_assignee = Some(index);
        }
    }
    let last_finishing = super::lead::last_finishing_event(case);
    let last = case.history.len().checked_sub(1);
    case.history
        .iter()
        .enumerate()
        .filter(move |(index, _)| {
            *index == 0
                || Some(*index) == last
                || Some(*index) == last_by_assignee
                || Some(*index) == last_finishing
                || last_review.values().any(|kept| kept == index)
                || last_tick_or_skip.values().any(|kept| kept == index)
        })
        .map(|(_, event)| event)
}

impl CoreFact {
    fn of(value: &FactValue) -> CoreFact {
        match value {
            FactValue::Bool(value) => CoreFact::Bool(*value),
            FactValue::Integer(value) => CoreFact::Integer(*value),
            FactValue::Float(value) => CoreFact::Float(*value),
            FactValue::Text(value) => CoreFact::Text(value.clone()),
        }
    }

    fn to_fact(&self) -> FactValue {
        match self {
            CoreFact::Bool(value) => FactValue::Bool(*value),
            CoreFact::Integer(value) => FactValue::Integer(*value),
            CoreFact::Float(value) => FactValue::Float(*value),
            CoreFact::Text(value) => FactValue::Text(value.clone()),
        }
    }
}

impl CoreReview {
    fn of(review: &Review) -> CoreReview {
        CoreReview {
            verdict: review.verdict,
            by: review.by.clone(),
            at: review.at,
            reason: review.reason.clone(),
        }
    }
}

impl CoreStep {
    fn to_record(&self) -> StepRecord {
        StepRecord {
            state: self.state,
            by: None,
            at: None,
            note: None,
            skip_reason: None,
            acknowledged: None,
            review: self.review.as_ref().map(|review| Review {
                verdict: review.verdict,
                by: review.by.clone(),
                at: review.at,
                reason: review.reason.clone(),
            }),
        }
    }
}

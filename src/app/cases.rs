//! The cases the app holds, each with a summary row computed once per load
//! or change (never per frame), so the queue filters, sorts and draws ten
//! thousand cases without evaluating any of them again.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use nucleo_matcher::Utf32String;

use crate::calendar;
use crate::catalog::{Catalog, ValidPlaybook};
use crate::engine::{self, DerivedStatus, Evaluation, Progress};
use crate::model::Case;
use crate::sanitize::for_terminal_line;

use super::persistence::{Fingerprint, LoadedCase};

/// How close a due date is, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    None,
    /// Due within one business day.
    Soon,
    Overdue,
}

/// What the queue shows of a case: text already made safe for the terminal.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub playbook: String,
    pub progress: Progress,
    pub due: Option<NaiveDate>,
    pub urgency: Urgency,
    /// `None` when the case's playbook is not installed.
    pub status: Option<DerivedStatus>,
    /// The first blocker's short reason.
    pub blocker: Option<String>,
    pub assignee: String,
    pub last_change: DateTime<Utc>,
    /// Approval steps ready for a reviewer.
    pub awaiting_review: Vec<String>,
    pub demo: bool,
    /// What the filter matches against: id, title, playbook and fact values.
    pub haystack: Utf32String,
}

impl Summary {
    pub fn build(case: &Case, evaluation: Option<&Evaluation>, today: NaiveDate) -> Summary {
        let (urgency, due) = match evaluation {
            Some(evaluation) => (urgency(evaluation, today), evaluation.due),
            None => (Urgency::None, case.due),
        };
        let mut haystack = format!("{} {} {}", case.id, case.title, case.playbook);
        for value in case.facts.values() {
            haystack.push(' ');
            haystack.push_str(&value.to_string());
        }
        Summary {
            id: for_terminal_line(&case.id).into_owned(),
            title: for_terminal_line(&case.title).into_owned(),
            playbook: for_terminal_line(&case.playbook).into_owned(),
            progress: evaluation.map_or(Progress { done: 0, total: 0 }, |e| e.progress),
            due,
            urgency,
            status: evaluation.map(|e| e.status),
            blocker: evaluation
                .and_then(|e| e.blockers.first())
                .map(|b| for_terminal_line(&b.short_reason()).into_owned()),
            assignee: for_terminal_line(&case.assignee).into_owned(),
            last_change: case
                .history
                .last()
                .map_or(case.created.with_timezone(&Utc), |event| event.at),
            awaiting_review: evaluation
                .map(|e| {
                    e.steps
                        .iter()
                        .filter(|s| s.awaiting_review)
                        .map(|s| s.id.clone())
                        .collect()
                })
                .unwrap_or_default(),
            demo: case.demo,
            haystack: Utf32String::from(haystack.as_str()),
        }
    }

    pub fn is_pending(&self) -> bool {
        self.status.is_none_or(DerivedStatus::is_pending)
    }
}

fn urgency(evaluation: &Evaluation, today: NaiveDate) -> Urgency {
    match evaluation.due {
        _ if !evaluation.status.is_pending() => Urgency::None,
        _ if evaluation.overdue => Urgency::Overdue,
        Some(due) if calendar::business_days_between(today, due) <= 1 => Urgency::Soon,
        _ => Urgency::None,
    }
}

/// One case as loaded, with its summary.
#[derive(Debug, Clone)]
pub struct CaseEntry {
    pub case: Case,
    pub path: PathBuf,
    pub fingerprint: Fingerprint,
    pub read_only: Option<String>,
    pub summary: Summary,
}

/// Every case the app holds, in load order, findable by id.
#[derive(Debug, Default)]
pub struct Cases {
    entries: Vec<CaseEntry>,
    by_id: HashMap<String, usize>,
}

impl Cases {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entries(&self) -> &[CaseEntry] {
        &self.entries
    }

    pub fn entry(&self, index: usize) -> Option<&CaseEntry> {
        self.entries.get(index)
    }

    pub fn get(&self, id: &str) -> Option<&CaseEntry> {
        self.by_id
            .get(id)
            .and_then(|index| self.entries.get(*index))
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Adds or replaces a case read from the store; returns its evaluation.
    pub fn put(
        &mut self,
        stored: LoadedCase,
        catalog: &Catalog,
        today: NaiveDate,
    ) -> Option<Evaluation> {
        let evaluation = evaluate(catalog, &stored.case, today);
        let entry = CaseEntry {
            summary: Summary::build(&stored.case, evaluation.as_ref(), today),
            case: stored.case,
            path: stored.path,
            fingerprint: stored.fingerprint,
            read_only: stored.read_only,
        };
        match self.by_id.get(&entry.case.id) {
            Some(index) => self.entries[*index] = entry,
            None => {
                self.by_id.insert(entry.case.id.clone(), self.entries.len());
                self.entries.push(entry);
            }
        }
        evaluation
    }

    pub fn remove(&mut self, id: &str) {
        if let Some(index) = self.by_id.remove(id) {
            self.entries.remove(index);
            for position in self.by_id.values_mut() {
                if *position > index {
                    *position -= 1;
                }
            }
        }
    }

    /// Summaries again, for a new day (due dates turn overdue at midnight).
    pub fn reevaluate_all(&mut self, catalog: &Catalog, today: NaiveDate) {
        for entry in &mut self.entries {
            let evaluation = evaluate(catalog, &entry.case, today);
            entry.summary = Summary::build(&entry.case, evaluation.as_ref(), today);
        }
    }
}

/// The case's evaluation, or `None` when its playbook is not installed.
pub fn evaluate(catalog: &Catalog, case: &Case, today: NaiveDate) -> Option<Evaluation> {
    catalog
        .get(&case.playbook)
        .map(|playbook: &ValidPlaybook| engine::evaluate(playbook, case, today))
}

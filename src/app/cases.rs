//! The cases the app holds. The queue holds one summary per case, made
//! from the summary index's row (never per frame), so it filters, sorts and
//! draws a hundred thousand cases without parsing or evaluating any of them.
//! A case's file is read and kept only when the case is opened, reviewed or
//! changed in this session.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::{self, Calendar};
use crate::catalog::{Catalog, ValidPlaybook};
use crate::engine::{self, DerivedStatus, Evaluation, Progress};
use crate::model::Case;
use crate::query::SearchText;
use crate::queue_index::QueueRow;
use crate::sanitize::for_terminal_line;

use super::filter::new_generation;
use super::persistence::LoadedCase;

/// How close a due date is, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    None,
    /// Due within one business day.
    Soon,
    Overdue,
}

/// What the queue shows of a case: text already made safe for the terminal.
#[derive(Debug, Clone, PartialEq)]
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
    /// Who sent an approval back, and why: "lead: the VAT number is wrong".
    pub changes_requested: Option<String>,
    pub assignee: String,
    pub last_change: DateTime<Utc>,
    /// Approval steps ready for a reviewer.
    pub awaiting_review: Vec<String>,
    pub demo: bool,
    /// What the team lead's figures read of the case (the dashboard, review mode's waits).
    pub figures: crate::stats::CaseFigures,
    /// What the filter matches against: id, title, playbook, assignee,
    /// status and fact values (see `crate::query`).
    pub haystack: SearchText,
}

impl Summary {
    /// The queue's view of an index row, on `today` (which decides urgency,
    /// counted in business days of the case's playbook).
    pub fn of_row(row: &QueueRow, catalog: &Catalog, today: NaiveDate) -> Summary {
        let standing = row.standing.as_ref();
        let calendar = catalog
            .get(&row.playbook)
            .map(ValidPlaybook::calendar)
            .unwrap_or_default();
        Summary {
            id: for_terminal_line(&row.id).into_owned(),
            title: for_terminal_line(&row.title).into_owned(),
            playbook: for_terminal_line(&row.playbook).into_owned(),
            progress: standing.map_or(Progress { done: 0, total: 0 }, |s| s.progress()),
            due: standing.and_then(|s| s.due),
            urgency: standing.map_or(Urgency::None, |s| {
                urgency(s.status, s.due, s.overdue(today), calendar, today)
            }),
            status: standing.map(|s| s.status),
            blocker: standing
                .and_then(|s| s.blocker.as_deref())
                .map(|blocker| for_terminal_line(blocker).into_owned()),
            changes_requested: standing.and_then(|s| s.changes_requested.as_ref()).map(
                |rejection| {
                    for_terminal_line(&format!("{}: {}", rejection.by, rejection.reason))
                        .into_owned()
                },
            ),
            assignee: for_terminal_line(&row.assignee).into_owned(),
            last_change: row
                .updated
                .unwrap_or_else(|| row.created.with_timezone(&Utc)),
            awaiting_review: standing.map_or_else(Vec::new, |s| s.awaiting_review.clone()),
            demo: row.demo,
            figures: crate::stats::CaseFigures::of_row(row),
            haystack: SearchText::of_row(row),
        }
    }

    /// The summary of a case just read or written: through the same row
    /// the index would hold, so the two can never disagree.
    pub fn of_case(stored: &LoadedCase, catalog: &Catalog, today: NaiveDate) -> Summary {
        let row = QueueRow::of(stored, catalog.get(&stored.case.playbook), today);
        Summary::of_row(&row, catalog, today)
    }

    pub fn is_pending(&self) -> bool {
        self.status.is_none_or(DerivedStatus::is_pending)
    }
}

fn urgency(
    status: DerivedStatus,
    due: Option<NaiveDate>,
    overdue: bool,
    calendar: Calendar,
    today: NaiveDate,
) -> Urgency {
    match due {
        _ if !status.is_pending() => Urgency::None,
        _ if overdue => Urgency::Overdue,
        // Fourteen days hold at least ten weekdays, and no calendar has
        // more than four holidays that close together: not due soon. Spares
        // the holiday count at a new day, for every case of the queue.
        Some(due) if due > today + chrono::Days::new(14) => Urgency::None,
        Some(due) if calendar::business_days_between(calendar, today, due) <= 1 => Urgency::Soon,
        _ => Urgency::None,
    }
}

/// Every case of the queue as a summary, in id order, findable by id; and
/// the cases read in full so far.
#[derive(Debug, Default)]
pub struct Cases {
    summaries: Vec<Summary>,
    /// Changes with every change to `summaries` (see `filter::new_generation`).
    generation: u64,
    by_id: HashMap<String, usize>,
    /// The cases read from their files, kept while the session works on them.
    loaded: HashMap<String, LoadedCase>,
}

impl Cases {
    /// The queue of `rows`, none of them read in full yet.
    pub fn from_rows(rows: &[QueueRow], catalog: &Catalog, today: NaiveDate) -> Cases {
        let summaries: Vec<Summary> =
            crate::parallel::parallel_map(rows, |row| Summary::of_row(row, catalog, today));
        let by_id = rows
            .iter()
            .enumerate()
            .map(|(index, row)| (row.id.clone(), index))
            .collect();
        Cases {
            summaries,
            generation: new_generation(),
            by_id,
            loaded: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.summaries.len()
    }

    /// A new day where no installed playbook reads `today`: the rows stand
    /// as they were, only how close each due date is changes.
    pub fn new_day(&mut self, catalog: &Catalog, today: NaiveDate) {
        for summary in &mut self.summaries {
            let calendar = catalog
                .get(&summary.playbook)
                .map(ValidPlaybook::calendar)
                .unwrap_or_default();
            summary.urgency = summary.status.map_or(Urgency::None, |status| {
                let overdue = status.is_pending() && summary.due.is_some_and(|due| today > due);
                urgency(status, summary.due, overdue, calendar, today)
            });
        }
        self.generation = new_generation();
    }

    pub fn is_empty(&self) -> bool {
        self.summaries.is_empty()
    }

    /// Which version of the summaries these are.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn summaries(&self) -> &[Summary] {
        &self.summaries
    }

    pub fn summary(&self, index: usize) -> Option<&Summary> {
        self.summaries.get(index)
    }

    pub fn summary_of(&self, id: &str) -> Option<&Summary> {
        self.index_of(id)
            .and_then(|index| self.summaries.get(index))
    }

    /// Case `id` as read in full, if it has been this session.
    pub fn get(&self, id: &str) -> Option<&LoadedCase> {
        self.loaded.get(id)
    }

    /// The ids of the cases read in full.
    pub fn loaded_ids(&self) -> Vec<String> {
        self.loaded.keys().cloned().collect()
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Adds or replaces a case read from the store and keeps it in full;
    /// returns its evaluation. The generation changes if its summary did.
    pub fn put(
        &mut self,
        stored: LoadedCase,
        catalog: &Catalog,
        today: NaiveDate,
    ) -> Option<Evaluation> {
        let evaluation = evaluate(catalog, &stored.case, today);
        let row = QueueRow::evaluated(
            &stored,
            catalog.get(&stored.case.playbook),
            evaluation.as_ref(),
        );
        self.set_summary(&stored.case.id, Summary::of_row(&row, catalog, today));
        self.loaded.insert(stored.case.id.clone(), stored);
        evaluation
    }

    /// Adds or replaces the queue's summary of a case read from the store,
    /// without keeping the case.
    pub fn summarise(&mut self, stored: &LoadedCase, catalog: &Catalog, today: NaiveDate) {
        self.set_summary(&stored.case.id, Summary::of_case(stored, catalog, today));
    }

    fn set_summary(&mut self, id: &str, summary: Summary) {
        match self.by_id.get(id) {
            Some(index) if self.summaries[*index] == summary => {}
            Some(index) => {
                self.summaries[*index] = summary;
                self.generation = new_generation();
            }
            None => {
                self.generation = new_generation();
                self.by_id.insert(id.to_string(), self.summaries.len());
                self.summaries.push(summary);
            }
        }
    }

    pub fn remove(&mut self, id: &str) {
        self.loaded.remove(id);
        if let Some(index) = self.by_id.remove(id) {
            self.generation = new_generation();
            self.summaries.remove(index);
            for position in self.by_id.values_mut() {
                if *position > index {
                    *position -= 1;
                }
            }
        }
    }
}

/// The case's evaluation, or `None` when its playbook is not installed.
pub fn evaluate(catalog: &Catalog, case: &Case, today: NaiveDate) -> Option<Evaluation> {
    catalog
        .get(&case.playbook)
        .map(|playbook: &ValidPlaybook| engine::evaluate(playbook, case, today))
}

//! The cases behind one figure: what a bar of the dashboard stands for, so
//! that Enter on it shows exactly the cases it counts.

use chrono::{Duration, NaiveDate};

use crate::engine::DerivedStatus;
use crate::queue_index::Hold;

use super::{CaseFigures, week_start};

/// How a pending case's due date stands on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DueBucket {
    Overdue,
    Today,
    /// After today, up to and including this week's Sunday.
    ThisWeek,
    Later,
    None,
}

impl DueBucket {
    pub const ALL: [DueBucket; 5] = [
        DueBucket::Overdue,
        DueBucket::Today,
        DueBucket::ThisWeek,
        DueBucket::Later,
        DueBucket::None,
    ];

    pub fn of(due: Option<NaiveDate>, today: NaiveDate) -> DueBucket {
        let sunday = week_start(today) + Duration::days(6);
        match due {
            None => DueBucket::None,
            Some(due) if due < today => DueBucket::Overdue,
            Some(due) if due == today => DueBucket::Today,
            Some(due) if due <= sunday => DueBucket::ThisWeek,
            Some(_) => DueBucket::Later,
        }
    }

    /// As the dashboard labels it.
    pub fn label(self) -> &'static str {
        match self {
            DueBucket::Overdue => "overdue",
            DueBucket::Today => "due today",
            DueBucket::ThisWeek => "this week",
            DueBucket::Later => "later",
            DueBucket::None => "no due date",
        }
    }
}

/// The cases one figure counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Status(DerivedStatus),
    Playbook(String),
    /// Pending cases whose due date stands so.
    Due(DueBucket),
    /// A person's overdue pending cases, by canonical identity, with the name shown.
    OverdueOf {
        person: String,
        name: String,
    },
    /// Pending cases with an approval step waiting for a reviewer.
    ReviewsWaiting,
    /// Cases done in the week starting on this Monday.
    DoneInWeek(NaiveDate),
    /// A playbook's done cases.
    DoneOf(String),
    /// Pending cases of a playbook that a rule holds up now.
    Held {
        playbook: String,
        hold: Hold,
    },
}

impl Selection {
    pub fn selects(&self, case: &CaseFigures, today: NaiveDate) -> bool {
        let done = case.status == Some(DerivedStatus::Done);
        match self {
            Selection::Status(status) => case.status == Some(*status),
            Selection::Playbook(playbook) => case.playbook == *playbook,
            Selection::Due(bucket) => {
                case.is_pending() && DueBucket::of(case.due, today) == *bucket
            }
            Selection::OverdueOf { person, .. } => {
                case.is_pending()
                    && case.person == *person
                    && DueBucket::of(case.due, today) == DueBucket::Overdue
            }
            Selection::ReviewsWaiting => case.is_pending() && !case.review_waits.is_empty(),
            Selection::DoneInWeek(monday) => {
                done && case
                    .done_on
                    .is_some_and(|day| week_start(day) == *monday && day <= today)
            }
            Selection::DoneOf(playbook) => done && case.playbook == *playbook,
            Selection::Held { playbook, hold } => {
                case.is_pending() && case.playbook == *playbook && case.holds.contains(hold)
            }
        }
    }

    /// What the queue says it shows, as one phrase.
    pub fn describe(&self) -> String {
        match self {
            Selection::Status(status) => format!("cases {}", status.label()),
            Selection::Playbook(playbook) => format!("cases of playbook {playbook}"),
            Selection::Due(DueBucket::Overdue) => "pending cases overdue".to_string(),
            Selection::Due(DueBucket::Today) => "pending cases due today".to_string(),
            Selection::Due(DueBucket::ThisWeek) => "pending cases due this week".to_string(),
            Selection::Due(DueBucket::Later) => "pending cases due after this week".to_string(),
            Selection::Due(DueBucket::None) => "pending cases with no due date".to_string(),
            Selection::OverdueOf { name, .. } => format!("overdue cases of {name}"),
            Selection::ReviewsWaiting => "cases waiting for a review".to_string(),
            Selection::DoneInWeek(monday) => format!("cases done in the week of {monday}"),
            Selection::DoneOf(playbook) => format!("done cases of playbook {playbook}"),
            Selection::Held { playbook, hold } => {
                format!("pending cases of {playbook} held by {}", hold.name())
            }
        }
    }
}

//! A team lead's figures over the whole queue: cases by status and by
//! playbook, due dates, overdue cases per assignee, reviews waiting and for
//! how long, cases done per week, the median time to done, and the rules
//! that hold the most pending cases. Pure: computed from each case's
//! summary-index row (never a case file), the day and the playbooks'
//! calendars; the dashboard and `migdesk stats` both call [`compute`].

mod selection;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike as _, Duration, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use crate::calendar::{self, Calendar};
use crate::catalog::Catalog;
use crate::engine::DerivedStatus;
use crate::identity::stored_identity;
use crate::queue_index::{Hold, QueueRow};

pub use selection::{DueBucket, Selection};

/// How many weeks `done_per_week` covers, the current one last.
pub const WEEKS: usize = 12;

/// How many rules `top_blockers` lists.
pub const TOP_BLOCKERS: usize = 10;

/// What the figures need of one case, taken from its index row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFigures {
    pub playbook: String,
    pub assignee: String,
    /// The assignee's canonical identity, what people are grouped by.
    pub person: String,
    /// The creation day, in the opener's time zone.
    pub created: NaiveDate,
    /// `None` when the case's playbook is not installed.
    pub status: Option<DerivedStatus>,
    pub due: Option<NaiveDate>,
    /// The day a done case was finished, in the opener's time zone.
    pub done_on: Option<NaiveDate>,
    /// Each approval step waiting for a reviewer, oldest first.
    pub review_waits: Vec<ReviewWait>,
    pub holds: Vec<Hold>,
}

impl CaseFigures {
    pub fn of_row(row: &QueueRow) -> CaseFigures {
        let person = stored_identity(&row.assignee).canonical().to_string();
        CaseFigures::of_row_with_person(row, person)
    }

    fn of_row_with_person(row: &QueueRow, person: String) -> CaseFigures {
        let standing = row.standing.as_ref();
        let offset = *row.created.offset();
        CaseFigures {
            playbook: row.playbook.clone(),
            assignee: row.assignee.clone(),
            person,
            created: row.created.date_naive(),
            status: standing.map(|s| s.status),
            due: standing.and_then(|s| s.due),
            done_on: standing
                .and_then(|s| s.done_at)
                .map(|at| local_day(at, offset)),
            review_waits: standing.map_or_else(Vec::new, |s| {
                let mut waits: Vec<ReviewWait> = s
                    .review_waits
                    .iter()
                    .map(|(step, since)| ReviewWait {
                        step: step.clone(),
                        since: *since,
                        day: local_day(*since, offset),
                    })
                    .collect();
                waits.sort_by_key(|wait| wait.since);
                waits
            }),
            holds: standing.map_or_else(Vec::new, |s| s.holds.clone()),
        }
    }

    /// The figures of every row; each distinct assignee's canonical form
    /// is computed once (Unicode normalisation costs more than the rest of
    /// a row's figures).
    pub fn of_rows(rows: &[QueueRow]) -> Vec<CaseFigures> {
        let mut people: HashMap<&str, String> = HashMap::new();
        rows.iter()
            .map(|row| {
                let person = people
                    .entry(row.assignee.as_str())
                    .or_insert_with(|| stored_identity(&row.assignee).canonical().to_string())
                    .clone();
                CaseFigures {
                    person,
                    ..CaseFigures::of_row_with_person(row, String::new())
                }
            })
            .collect()
    }

    /// Neither done nor cancelled, with its playbook installed.
    pub fn is_pending(&self) -> bool {
        self.status.is_some_and(DerivedStatus::is_pending)
    }
}

/// An approval step waiting for a reviewer, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewWait {
    pub step: String,
    pub since: DateTime<Utc>,
    /// `since` as a day, in the opener's time zone.
    pub day: NaiveDate,
}

impl ReviewWait {
    /// Business days waited by `today`, on the case's playbook calendar.
    pub fn business_days(&self, calendar: Calendar, today: NaiveDate) -> i64 {
        calendar::business_days_between(calendar, self.day, today).max(0)
    }
}

fn local_day(at: DateTime<Utc>, offset: FixedOffset) -> NaiveDate {
    at.with_timezone(&offset).date_naive()
}

/// Which cases the figures are about; empty means all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// A playbook id, exactly.
    pub playbook: Option<String>,
    /// A person, compared as people are (`identity::names_same_person`).
    pub assignee: Option<String>,
    /// Only cases created on or after this day.
    pub since: Option<NaiveDate>,
}

impl Scope {
    pub fn admits(&self, case: &CaseFigures) -> bool {
        let person = self.person();
        self.admits_person(case, person.as_deref())
    }

    /// The assignee's canonical form, what `CaseFigures::person` is compared with.
    fn person(&self) -> Option<String> {
        self.assignee
            .as_deref()
            .map(|assignee| stored_identity(assignee).canonical().to_string())
    }

    /// [`Scope::admits`], the assignee already in canonical form: two names
    /// are one person when their canonical forms are equal
    /// (`identity::names_same_person`).
    fn admits_person(&self, case: &CaseFigures, person: Option<&str>) -> bool {
        self.playbook.as_deref().is_none_or(|p| p == case.playbook)
            && person.is_none_or(|person| person == case.person)
            && self.since.is_none_or(|since| case.created >= since)
    }
}

/// What the figures are computed with besides the cases.
#[derive(Debug, Clone, Default)]
pub struct Setting {
    pub today: NaiveDate,
    /// Each installed playbook's business calendar.
    pub calendars: HashMap<String, Calendar>,
    /// A person's canonical identity to the name the roster gives them.
    pub display_names: HashMap<String, String>,
}

impl Setting {
    pub fn new(today: NaiveDate, catalog: &Catalog) -> Setting {
        Setting {
            today,
            calendars: catalog
                .entries()
                .iter()
                .map(|entry| (entry.playbook.id().to_string(), entry.playbook.calendar()))
                .collect(),
            display_names: HashMap::new(),
        }
    }

    /// Names people as `team.yaml` does (its `display_name`).
    pub fn with_roster(mut self, roster: Option<&crate::team::roster::Roster>) -> Setting {
        for member in roster.iter().flat_map(|roster| &roster.members) {
            if let Some(display) = &member.display_name {
                let person = stored_identity(&member.name).canonical().to_string();
                self.display_names.insert(person, display.clone());
            }
        }
        self
    }

    pub fn calendar(&self, playbook: &str) -> Calendar {
        self.calendars.get(playbook).copied().unwrap_or_default()
    }
}

/// Pending cases by how their due date stands on the day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DueCounts {
    pub overdue: usize,
    pub today: usize,
    /// After today, up to and including this week's Sunday.
    pub this_week: usize,
    pub later: usize,
    pub none: usize,
}

impl DueCounts {
    pub fn get(&self, bucket: DueBucket) -> usize {
        match bucket {
            DueBucket::Overdue => self.overdue,
            DueBucket::Today => self.today,
            DueBucket::ThisWeek => self.this_week,
            DueBucket::Later => self.later,
            DueBucket::None => self.none,
        }
    }
}

/// A person and how many of their pending cases are overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonCount {
    /// The assignee as written on (the first of) their cases.
    pub assignee: String,
    /// The roster's display name, else the assignee.
    pub name: String,
    pub cases: usize,
}

/// Approval steps waiting for a reviewer, and how long they have waited.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reviews {
    /// Approval steps waiting (what review mode goes through).
    pub waiting: usize,
    /// Cases with at least one.
    pub cases: usize,
    /// Business days the oldest has waited.
    pub oldest_business_days: Option<i64>,
    pub median_business_days: Option<f64>,
}

/// One week of `done_per_week`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week {
    /// Its Monday.
    pub start: NaiveDate,
    /// ISO week, `2026-W10`.
    pub week: String,
    pub cases: usize,
}

/// The median business days from creation to done of one playbook's done cases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToDone {
    pub playbook: String,
    pub cases: usize,
    pub median_business_days: f64,
}

/// A rule and how many pending cases of a playbook it holds up now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HoldCount {
    /// `blocker:debts`, `requires:vat`, `when:vat`.
    pub rule: String,
    pub playbook: String,
    pub cases: usize,
    #[serde(skip)]
    pub hold: Hold,
}

/// Every figure, for the cases a scope admits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub today: NaiveDate,
    pub cases: usize,
    pub pending: usize,
    /// Every derived status, with 0 for those no case has.
    pub by_status: BTreeMap<&'static str, usize>,
    /// Cases whose playbook is not installed (no status).
    pub unknown_playbook: usize,
    pub by_playbook: BTreeMap<String, usize>,
    pub due: DueCounts,
    /// Most overdue first; only people with an overdue case.
    pub overdue_by_assignee: Vec<PersonCount>,
    pub reviews: Reviews,
    /// The last [`WEEKS`] weeks, oldest first, this week last.
    pub done_per_week: Vec<Week>,
    pub median_to_done: Vec<TimeToDone>,
    /// The [`TOP_BLOCKERS`] rules holding the most pending cases.
    pub top_blockers: Vec<HoldCount>,
}

/// The Monday of `day`'s week.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The figures of the cases `scope` admits.
pub fn compute<'a>(
    cases: impl IntoIterator<Item = &'a CaseFigures>,
    scope: &Scope,
    setting: &Setting,
) -> Stats {
    let today = setting.today;
    let mut stats = Stats {
        today,
        cases: 0,
        pending: 0,
        by_status: crate::query::STATUSES
            .iter()
            .map(|status| (status.as_str(), 0))
            .collect(),
        unknown_playbook: 0,
        by_playbook: BTreeMap::new(),
        due: DueCounts::default(),
        overdue_by_assignee: Vec::new(),
        reviews: Reviews::default(),
        done_per_week: weeks(today),
        median_to_done: Vec::new(),
        top_blockers: Vec::new(),
    };
    let first_week = week_start(today) - Duration::weeks(WEEKS as i64 - 1);
    let mut overdue: HashMap<&str, PersonCount> = HashMap::new();
    let mut waits: Vec<i64> = Vec::new();
    let mut to_done: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    let mut holds: HashMap<(&str, &Hold), usize> = HashMap::new();
    let person = scope.person();
    for case in cases
        .into_iter()
        .filter(|case| scope.admits_person(case, person.as_deref()))
    {
        stats.cases += 1;
        // Looked up before inserting: a new String per case would cost more than the count.
        match stats.by_playbook.get_mut(&case.playbook) {
            Some(count) => *count += 1,
            None => {
                stats.by_playbook.insert(case.playbook.clone(), 1);
            }
        }
        let Some(status) = case.status else {
            stats.unknown_playbook += 1;
            continue;
        };
        *stats.by_status.entry(status.as_str()).or_default() += 1;
        let calendar = setting.calendar(&case.playbook);
        if let Some(done_on) = case.done_on.filter(|_| status == DerivedStatus::Done) {
            let days = calendar::business_days_between(calendar, case.created, done_on);
            to_done.entry(&case.playbook).or_default().push(days.max(0));
            if done_on >= first_week && done_on <= today {
                let index = (done_on - first_week).num_days() / 7;
                if let Some(week) = stats.done_per_week.get_mut(index as usize) {
                    week.cases += 1;
                }
            }
        }
        if !status.is_pending() {
            continue;
        }
        stats.pending += 1;
        let bucket = DueBucket::of(case.due, today);
        match bucket {
            DueBucket::Overdue => stats.due.overdue += 1,
            DueBucket::Today => stats.due.today += 1,
            DueBucket::ThisWeek => stats.due.this_week += 1,
            DueBucket::Later => stats.due.later += 1,
            DueBucket::None => stats.due.none += 1,
        }
        if bucket == DueBucket::Overdue {
            overdue
                .entry(&case.person)
                .or_insert_with(|| PersonCount {
                    assignee: case.assignee.clone(),
                    name: setting
                        .display_names
                        .get(&case.person)
                        .cloned()
                        .unwrap_or_else(|| case.assignee.clone()),
                    cases: 0,
                })
                .cases += 1;
        }
        if !case.review_waits.is_empty() {
            stats.reviews.cases += 1;
        }
        for wait in &case.review_waits {
            waits.push(wait.business_days(calendar, today));
        }
        for hold in &case.holds {
            *holds.entry((&case.playbook, hold)).or_default() += 1;
        }
    }
    stats.overdue_by_assignee = overdue.into_values().collect();
    stats
        .overdue_by_assignee
        .sort_by(|a, b| b.cases.cmp(&a.cases).then_with(|| a.name.cmp(&b.name)));
    waits.sort_unstable();
    stats.reviews.waiting = waits.len();
    stats.reviews.oldest_business_days = waits.last().copied();
    stats.reviews.median_business_days = median(&waits);
    stats.median_to_done = to_done
        .into_iter()
        .filter_map(|(playbook, mut days)| {
            days.sort_unstable();
            Some(TimeToDone {
                playbook: playbook.to_string(),
                cases: days.len(),
                median_business_days: median(&days)?,
            })
        })
        .collect();
    stats.top_blockers = top_holds(holds);
    stats
}

fn weeks(today: NaiveDate) -> Vec<Week> {
    let this_week = week_start(today);
    (0..WEEKS)
        .rev()
        .map(|back| {
            let start = this_week - Duration::weeks(back as i64);
            let iso = start.iso_week();
            Week {
                start,
                week: format!("{}-W{:02}", iso.year(), iso.week()),
                cases: 0,
            }
        })
        .collect()
}

fn top_holds(holds: HashMap<(&str, &Hold), usize>) -> Vec<HoldCount> {
    let mut counts: Vec<HoldCount> = holds
        .into_iter()
        .map(|((playbook, hold), cases)| HoldCount {
            rule: hold.name(),
            playbook: playbook.to_string(),
            cases,
            hold: hold.clone(),
        })
        .collect();
    counts.sort_by(|a, b| {
        b.cases
            .cmp(&a.cases)
            .then_with(|| a.playbook.cmp(&b.playbook))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    counts.truncate(TOP_BLOCKERS);
    counts
}

/// The median of sorted values; the mean of the two middle ones when even.
fn median(sorted: &[i64]) -> Option<f64> {
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        length if length % 2 == 1 => sorted.get(middle).map(|value| *value as f64),
        _ => Some((sorted[middle - 1] + sorted[middle]) as f64 / 2.0),
    }
}

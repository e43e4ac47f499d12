//! The team lead's figures (`stats::compute`, what the dashboard and
//! `migdesk stats` show) over a generated queue with a pinned clock, each
//! checked against a count made here from the case files themselves:
//! parsed by the store and evaluated by the engine, not read from the index.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike as _, Duration, NaiveDate, Utc};
use migdesk::calendar::business_days_between;
use migdesk::catalog::Catalog;
use migdesk::engine::{DerivedStatus, LockReason, StepStatus, evaluate, submitted_at};
use migdesk::identity::stored_identity;
use migdesk::model::{Case, EventKind};
use migdesk::queue_index::QueueIndex;
use migdesk::stats::{CaseFigures, Scope, Selection, Setting, Stats, compute};
use migdesk::store::{DataDir, LoadedCase, Store};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-11T15:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn today() -> NaiveDate {
    now().date_naive()
}

struct Queue {
    _directory: tempfile::TempDir,
    catalog: Catalog,
    figures: Vec<CaseFigures>,
    cases: Vec<LoadedCase>,
}

fn queue(count: u64) -> Queue {
    let directory = tempfile::tempdir().unwrap();
    let data_dir = DataDir::new(directory.path());
    let catalog = Catalog::shipped();
    migdesk::generate::write_cases(&data_dir, &catalog, count, 11, now()).unwrap();
    let store = Store::open(data_dir).unwrap();
    let load = QueueIndex::load_or_rebuild(&store, &catalog, today());
    assert!(load.errors.is_empty());
    let figures: Vec<CaseFigures> = load.rows.iter().map(CaseFigures::of_row).collect();
    assert_eq!(CaseFigures::of_rows(&load.rows), figures);
    let report = store.load_all();
    assert!(report.errors.is_empty());
    Queue {
        _directory: directory,
        catalog,
        figures,
        cases: report.cases,
    }
}

/// The day a done case was finished, as a lead would read it off the
/// history: its last change to a step, a fact or the status.
fn finished_on(case: &Case) -> NaiveDate {
    let last = case
        .history
        .iter()
        .filter(|event| {
            !matches!(
                event.action,
                EventKind::Note | EventKind::Assign | EventKind::Resolve | EventKind::Created
            )
        })
        .map(|event| event.at)
        .max()
        .unwrap();
    last.with_timezone(case.created.offset()).date_naive()
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

fn median(mut values: Vec<i64>) -> Option<f64> {
    values.sort();
    let n = values.len();
    (n > 0).then(|| {
        if n % 2 == 1 {
            values[n / 2] as f64
        } else {
            (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
        }
    })
}

/// Every figure, counted from the case files.
fn count_from_files(queue: &Queue, keep: impl Fn(&Case) -> bool) -> Stats {
    let day = today();
    let setting = Setting::new(day, &queue.catalog);
    let mut stats = compute([], &Scope::default(), &setting);
    let mut overdue: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut waits = Vec::new();
    let mut to_done: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut holds: HashMap<(String, String), usize> = HashMap::new();
    let sunday = monday(day) + Duration::days(6);
    let first_monday = monday(day) - Duration::weeks(11);
    for loaded in &queue.cases {
        let case = &loaded.case;
        if !keep(case) {
            continue;
        }
        stats.cases += 1;
        *stats.by_playbook.entry(case.playbook.clone()).or_default() += 1;
        let playbook = queue.catalog.get(&case.playbook).unwrap();
        let calendar = playbook.calendar();
        let evaluation = evaluate(playbook, case, day);
        *stats.by_status.get_mut(evaluation.status.as_str()).unwrap() += 1;
        if evaluation.status == DerivedStatus::Done {
            let done = finished_on(case);
            let days = business_days_between(calendar, case.created.date_naive(), done);
            to_done
                .entry(case.playbook.clone())
                .or_default()
                .push(days.max(0));
            if done >= first_monday && done <= day {
                let week = (done - first_monday).num_days() as usize / 7;
                stats.done_per_week[week].cases += 1;
            }
        }
        if matches!(
            evaluation.status,
            DerivedStatus::Done | DerivedStatus::Cancelled
        ) {
            continue;
        }
        stats.pending += 1;
        match evaluation.due {
            None => stats.due.none += 1,
            Some(due) if due < day => {
                stats.due.overdue += 1;
                let person = stored_identity(&case.assignee).canonical().to_string();
                overdue
                    .entry(person)
                    .or_insert((case.assignee.clone(), 0))
                    .1 += 1;
            }
            Some(due) if due == day => stats.due.today += 1,
            Some(due) if due <= sunday => stats.due.this_week += 1,
            Some(_) => stats.due.later += 1,
        }
        // A case on hold refuses reviews: its approvals do not wait.
        let waiting: Vec<_> = evaluation
            .steps
            .iter()
            .filter(|s| s.awaiting_review && evaluation.status != DerivedStatus::OnHold)
            .collect();
        if !waiting.is_empty() {
            stats.reviews.cases += 1;
        }
        for step in waiting {
            let since = submitted_at(case, playbook.definition(), &step.id);
            let since = since.with_timezone(case.created.offset()).date_naive();
            waits.push(business_days_between(calendar, since, day).max(0));
        }
        let mut rules: Vec<String> = Vec::new();
        for step in &evaluation.steps {
            let ready = step.state == StepStatus::Todo
                && !step.reasons.iter().any(|r| {
                    matches!(
                        r,
                        LockReason::NeedsStep { .. } | LockReason::NeedsPhase { .. }
                    )
                });
            if !ready {
                continue;
            }
            for reason in &step.reasons {
                match reason {
                    LockReason::Blocked { rule, .. } => rules.push(format!("blocker:{rule}")),
                    LockReason::RequiresFact { fact, .. } => rules.push(format!("requires:{fact}")),
                    LockReason::UndecidedWhen { unanswered } => {
                        rules.extend(unanswered.iter().map(|fact| format!("when:{fact}")));
                    }
                    LockReason::NeedsStep { .. } | LockReason::NeedsPhase { .. } => {}
                }
            }
        }
        rules.sort();
        rules.dedup();
        for rule in rules {
            *holds.entry((case.playbook.clone(), rule)).or_default() += 1;
        }
    }
    stats.reviews.waiting = waits.len();
    stats.reviews.oldest_business_days = waits.iter().max().copied();
    stats.reviews.median_business_days = median(waits);
    let mut people: Vec<_> = overdue.into_values().collect();
    people.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    stats.overdue_by_assignee = people
        .into_iter()
        .map(|(assignee, cases)| migdesk::stats::PersonCount {
            name: assignee.clone(),
            assignee,
            cases,
        })
        .collect();
    stats.median_to_done = to_done
        .into_iter()
        .map(|(playbook, days)| migdesk::stats::TimeToDone {
            playbook,
            cases: days.len(),
            median_business_days: median(days).unwrap(),
        })
        .collect();
    let mut holds: Vec<_> = holds.into_iter().collect();
    holds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    stats.top_blockers = holds
        .into_iter()
        .take(migdesk::stats::TOP_BLOCKERS)
        .map(|((playbook, rule), cases)| migdesk::stats::HoldCount {
            hold: migdesk::queue_index::Hold::Blocker {
                rule: String::new(),
            },
            rule,
            playbook,
            cases,
        })
        .collect();
    stats
}

/// `HoldCount::hold` is the typed form of `rule`, not compared here.
fn comparable(mut stats: Stats) -> Stats {
    for hold in &mut stats.top_blockers {
        hold.hold = migdesk::queue_index::Hold::Blocker {
            rule: String::new(),
        };
    }
    stats
}

#[test]
fn every_figure_is_the_count_made_from_the_case_files() {
    let queue = queue(300);
    let setting = Setting::new(today(), &queue.catalog);
    let stats = compute(&queue.figures, &Scope::default(), &setting);
    let expected = count_from_files(&queue, |_| true);
    assert_eq!(comparable(stats.clone()), expected);
    // The generated queue exercises every figure.
    assert!(
        stats.due.overdue > 0 && stats.due.later > 0,
        "{:?}",
        stats.due
    );
    assert!(stats.reviews.waiting > 0);
    assert!(stats.done_per_week.iter().filter(|w| w.cases > 0).count() > 3);
    assert!(!stats.top_blockers.is_empty());
    assert!(!stats.overdue_by_assignee.is_empty());
}

#[test]
fn the_scope_narrows_every_figure_alike() {
    let queue = queue(200);
    let setting = Setting::new(today(), &queue.catalog);
    let playbook = queue.figures[0].playbook.clone();
    let assignee = queue.figures[0].assignee.clone();
    let since = today() - Duration::days(40);
    let scope = Scope {
        playbook: Some(playbook.clone()),
        assignee: Some(assignee.to_uppercase()),
        since: None,
    };
    let stats = compute(&queue.figures, &scope, &setting);
    let expected = count_from_files(&queue, |case| {
        case.playbook == playbook && case.assignee == assignee
    });
    assert!(stats.cases > 0);
    assert_eq!(comparable(stats), expected);
    let scope = Scope {
        since: Some(since),
        ..Scope::default()
    };
    let stats = compute(&queue.figures, &scope, &setting);
    let expected = count_from_files(&queue, |case| case.created.date_naive() >= since);
    assert!(stats.cases > 0 && stats.cases < 200);
    assert_eq!(comparable(stats), expected);
}

#[test]
fn each_figure_selects_the_cases_it_counts() {
    let queue = queue(300);
    let day = today();
    let setting = Setting::new(day, &queue.catalog);
    let stats = compute(&queue.figures, &Scope::default(), &setting);
    let count = |selection: &Selection| {
        queue
            .figures
            .iter()
            .filter(|case| selection.selects(case, day))
            .count()
    };
    for (status, cases) in &stats.by_status {
        let status = migdesk::query::STATUSES
            .iter()
            .find(|s| s.as_str() == *status)
            .unwrap();
        assert_eq!(count(&Selection::Status(*status)), *cases);
    }
    assert_eq!(
        count(&Selection::Due(migdesk::stats::DueBucket::Overdue)),
        stats.due.overdue
    );
    assert_eq!(count(&Selection::ReviewsWaiting), stats.reviews.cases);
    for week in &stats.done_per_week {
        assert_eq!(count(&Selection::DoneInWeek(week.start)), week.cases);
    }
    for person in &stats.overdue_by_assignee {
        let selection = Selection::OverdueOf {
            person: stored_identity(&person.assignee).canonical().to_string(),
            name: person.name.clone(),
        };
        assert_eq!(count(&selection), person.cases);
    }
    for held in &stats.top_blockers {
        let selection = Selection::Held {
            playbook: held.playbook.clone(),
            hold: held.hold.clone(),
        };
        assert_eq!(count(&selection), held.cases);
    }
}

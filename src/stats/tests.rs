#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;

use super::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn due_buckets_split_at_today_and_sunday() {
    // 2026-03-11 is a Wednesday.
    let today = day("2026-03-11");
    let bucket = |due: &str| DueBucket::of(Some(day(due)), today);
    assert_eq!(bucket("2026-03-10"), DueBucket::Overdue);
    assert_eq!(bucket("2026-03-11"), DueBucket::Today);
    assert_eq!(bucket("2026-03-12"), DueBucket::ThisWeek);
    assert_eq!(bucket("2026-03-15"), DueBucket::ThisWeek);
    assert_eq!(bucket("2026-03-16"), DueBucket::Later);
    assert_eq!(DueBucket::of(None, today), DueBucket::None);
}

#[test]
fn medians_take_the_middle_or_the_mean_of_the_two_middles() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[4]), Some(4.0));
    assert_eq!(median(&[1, 2, 9]), Some(2.0));
    assert_eq!(median(&[1, 2, 3, 9]), Some(2.5));
}

#[test]
fn twelve_weeks_end_with_this_one_each_starting_on_a_monday() {
    let weeks = weeks(day("2026-01-07"));
    assert_eq!(weeks.len(), WEEKS);
    assert_eq!(weeks[WEEKS - 1].start, day("2026-01-05"));
    assert_eq!(weeks[WEEKS - 1].week, "2026-W02");
    assert_eq!(weeks[0].start, day("2025-10-20"));
    assert!(
        weeks
            .windows(2)
            .all(|pair| pair[1].start - pair[0].start == Duration::weeks(1))
    );
}

#[test]
fn an_empty_queue_has_zero_everywhere_and_no_medians() {
    let stats = compute([], &Scope::default(), &Setting::default());
    assert_eq!(stats.cases, 0);
    assert!(stats.by_status.values().all(|count| *count == 0));
    assert_eq!(stats.by_status.len(), crate::query::STATUSES.len());
    assert_eq!(stats.reviews.median_business_days, None);
    assert!(stats.top_blockers.is_empty());
}

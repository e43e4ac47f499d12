//! Business-day arithmetic across public holidays: `migdesk::calendar`
//! checked against day-by-day counting and the dates of the published
//! calendars.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, NaiveDate, NaiveDateTime};
use migdesk::calendar::{
    Calendar, add_business_days, business_days_between, business_window,
    in_last_business_days_of_month, is_business_day,
};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn datetime(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

const HOLIDAY_CALENDARS: [Calendar; 3] = [
    Calendar::France,
    Calendar::Switzerland,
    Calendar::UnitedStates,
];

#[test]
fn three_business_days_from_23_december_2026_skip_christmas_in_france() {
    let opened = date("2026-12-23"); // a Wednesday
    assert_eq!(
        add_business_days(Calendar::France, opened, 3),
        date("2026-12-29")
    );
    assert_eq!(
        add_business_days(Calendar::WeekendsOnly, opened, 3),
        date("2026-12-28")
    );
    // Switzerland also keeps 26 December, a Saturday in 2026.
    assert_eq!(
        add_business_days(Calendar::Switzerland, opened, 3),
        date("2026-12-29")
    );
}

#[test]
fn holidays_are_not_business_days() {
    assert!(!is_business_day(Calendar::France, date("2026-07-14")));
    assert!(is_business_day(Calendar::WeekendsOnly, date("2026-07-14")));
    assert!(!is_business_day(Calendar::Switzerland, date("2027-01-02")));
    assert!(!is_business_day(Calendar::UnitedStates, date("2026-07-03"))); // 4 July observed
    assert!(is_business_day(Calendar::France, date("2026-07-03")));
}

#[test]
fn a_start_on_a_holiday_counts_from_the_next_business_day() {
    // Ascension 2026 is Thursday 14 May; Friday 15 May is the first day counted.
    assert_eq!(
        add_business_days(Calendar::France, date("2026-05-14"), 0),
        date("2026-05-15")
    );
    assert_eq!(
        add_business_days(Calendar::France, date("2026-05-14"), 1),
        date("2026-05-18")
    );
    // Good Friday and Easter Monday 2027 in Switzerland: Thursday + 1 is Tuesday.
    assert_eq!(
        add_business_days(Calendar::Switzerland, date("2027-03-25"), 1),
        date("2027-03-30")
    );
}

#[test]
fn holiday_counts_agree_with_counting_day_by_day() {
    for calendar in HOLIDAY_CALENDARS {
        let start = date("2025-12-15");
        for offset in (0..1200).step_by(3) {
            let from = start + Duration::days(offset);
            for length in [0, 1, 2, 5, 9, 17, 40] {
                let to = from + Duration::days(length);
                let counted = from
                    .iter_days()
                    .skip(1)
                    .take_while(|day| *day <= to)
                    .filter(|day| is_business_day(calendar, *day))
                    .count() as i64;
                assert_eq!(
                    business_days_between(calendar, from, to),
                    counted,
                    "{calendar:?} {from} {to}"
                );
                assert_eq!(business_days_between(calendar, to, from), -counted);
            }
        }
    }
}

#[test]
fn adding_then_counting_gives_back_the_count_across_holidays() {
    for calendar in HOLIDAY_CALENDARS {
        for offset in (0..1100).step_by(5) {
            let start = date("2026-01-01") + Duration::days(offset);
            for n in [0, 1, 2, 3, 7, 20, 60] {
                let end = add_business_days(calendar, start, n);
                assert!(is_business_day(calendar, end), "{calendar:?} {start} + {n}");
                let counted_from = add_business_days(calendar, start, 0);
                assert_eq!(
                    business_days_between(calendar, counted_from, end),
                    i64::from(n)
                );
            }
        }
    }
}

#[test]
fn adding_a_huge_count_saturates_with_holidays_too() {
    for calendar in HOLIDAY_CALENDARS {
        assert_eq!(
            add_business_days(calendar, date("2026-06-03"), u32::MAX),
            NaiveDate::MAX
        );
    }
}

#[test]
fn month_end_and_windows_skip_holidays() {
    // December 2026 ends on Thursday the 31st; in the US nothing moves,
    // in France the 25th is not among the last five business days.
    assert!(in_last_business_days_of_month(
        Calendar::France,
        date("2026-12-24"),
        5
    ));
    assert!(!in_last_business_days_of_month(
        Calendar::WeekendsOnly,
        date("2026-12-24"),
        5
    ));
    // May 2028 ends on Wednesday the 31st; Memorial Day is Monday the 29th.
    assert!(in_last_business_days_of_month(
        Calendar::UnitedStates,
        date("2028-05-26"),
        3
    ));
    assert!(!in_last_business_days_of_month(
        Calendar::WeekendsOnly,
        date("2028-05-26"),
        3
    ));
    assert!(!business_window(
        Calendar::France,
        datetime("2026-11-11 10:00"),
        2
    ));
    assert!(business_window(
        Calendar::UnitedStates,
        datetime("2026-11-12 10:00"),
        2
    ));
}

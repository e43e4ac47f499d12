//! Business-day arithmetic (Monday-Friday, less the public holidays of the
//! playbook's calendar) and business hours (09:00-17:00). Pure functions over
//! chrono's naive types: the procedures this app follows talk about local
//! office days, not instants.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

pub use crate::holidays::Calendar;

/// When business hours start.
pub const BUSINESS_OPEN: NaiveTime = match NaiveTime::from_hms_opt(9, 0, 0) {
    Some(time) => time,
    None => panic!("09:00 is a valid time"),
};

/// When business hours end.
pub const BUSINESS_CLOSE: NaiveTime = match NaiveTime::from_hms_opt(17, 0, 0) {
    Some(time) => time,
    None => panic!("17:00 is a valid time"),
};

pub fn is_business_day(calendar: Calendar, date: NaiveDate) -> bool {
    is_weekday(date) && !calendar.is_holiday(date)
}

fn is_weekday(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The business day `n` business days after `start`.
///
/// A `start` that is not a business day first moves to the next one, as work
/// received on a weekend or a holiday starts on the next business day:
/// Saturday + 0 is Monday and Saturday + 1 is Tuesday, the same as Monday + 1.
/// Saturates at the last representable date.
pub fn add_business_days(calendar: Calendar, start: NaiveDate, n: u32) -> NaiveDate {
    let mut date = next_business_day_from(calendar, start);
    let mut remaining = i64::from(n);
    // Jump as if there were no holidays, then make up for the holidays
    // crossed: a handful of rounds even for a huge `n`.
    while remaining > 0 {
        if date == NaiveDate::MAX {
            return NaiveDate::MAX;
        }
        let jump = u32::try_from(remaining).unwrap_or(u32::MAX);
        let candidate = add_weekdays(date, jump);
        let counted = business_days_between(calendar, date, candidate);
        if counted == 0 {
            // Only holidays in the jump: one business day at a time.
            let Some(next) = date.succ_opt() else {
                return NaiveDate::MAX;
            };
            date = next_business_day_from(calendar, next);
            remaining -= 1;
            continue;
        }
        date = last_business_day_until(calendar, candidate, date);
        remaining -= counted;
    }
    date
}

/// `n` weekdays after the weekday `start`, holidays not considered.
fn add_weekdays(start: NaiveDate, n: u32) -> NaiveDate {
    let mut date = next_weekday_from(start);
    // Whole weeks in one step so a large `n` costs no more than a small one.
    let whole_weeks = i64::from(n / 5);
    date = date
        .checked_add_signed(Duration::weeks(whole_weeks))
        .unwrap_or(NaiveDate::MAX);
    for _ in 0..n % 5 {
        let Some(next) = date.succ_opt() else {
            return NaiveDate::MAX;
        };
        date = next_weekday_from(next);
    }
    date
}

/// The last business day at or before `date`, never before `floor` (a business day).
fn last_business_day_until(calendar: Calendar, date: NaiveDate, floor: NaiveDate) -> NaiveDate {
    let mut day = date;
    while day > floor && !is_business_day(calendar, day) {
        day = day.pred_opt().unwrap_or(floor);
    }
    day
}

/// The number of business days strictly after `from` up to and including
/// `to`; negative when `to` is before `from`, so that
/// `business_days_between(a, b) == -business_days_between(b, a)`.
pub fn business_days_between(calendar: Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
    let weekdays = weekdays_through(to) - weekdays_through(from);
    if from <= to {
        weekdays - weekday_holidays_after(calendar, from, to)
    } else {
        weekdays + weekday_holidays_after(calendar, to, from)
    }
}

/// Holidays on a weekday strictly after `from` up to and including `to`.
fn weekday_holidays_after(calendar: Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
    if calendar == Calendar::WeekendsOnly {
        return 0;
    }
    let count = (from.year()..=to.year())
        .flat_map(|year| calendar.holidays_in(year))
        .filter(|day| *day > from && *day <= to && is_weekday(*day))
        .count();
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// Whether `date` is a business day among the last `n` business days of its month.
pub fn in_last_business_days_of_month(calendar: Calendar, date: NaiveDate, n: u32) -> bool {
    if !is_business_day(calendar, date) {
        return false;
    }
    let Some(last_day) = last_day_of_month(date) else {
        return false;
    };
    // Business days after `date` in the same month; `date` itself is the next one counted.
    business_days_between(calendar, date, last_day) < i64::from(n)
}

/// Whether `[start, start + hours]` lies within business hours of one business day.
pub fn business_window(calendar: Calendar, start: NaiveDateTime, hours: u32) -> bool {
    if !is_business_day(calendar, start.date()) || start.time() < BUSINESS_OPEN {
        return false;
    }
    let Some(end) = start.checked_add_signed(Duration::hours(i64::from(hours))) else {
        return false;
    };
    end.date() == start.date() && end.time() <= BUSINESS_CLOSE
}

fn next_weekday_from(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date.checked_add_signed(Duration::days(2)),
        Weekday::Sun => date.succ_opt(),
        Weekday::Mon | Weekday::Tue | Weekday::Wed | Weekday::Thu | Weekday::Fri => Some(date),
    }
    .unwrap_or(NaiveDate::MAX)
}

fn next_business_day_from(calendar: Calendar, date: NaiveDate) -> NaiveDate {
    let mut day = next_weekday_from(date);
    while !is_business_day(calendar, day) {
        let Some(next) = day.succ_opt() else {
            return NaiveDate::MAX;
        };
        day = next_weekday_from(next);
    }
    day
}

fn last_day_of_month(date: NaiveDate) -> Option<NaiveDate> {
    let first_of_next_month = if date.month() == 12 {
        NaiveDate::from_ymd_opt(date.year().checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(date.year(), date.month() + 1, 1)?
    };
    first_of_next_month.pred_opt()
}

/// Weekdays from a fixed Monday up to and including `date`, in constant time.
fn weekdays_through(date: NaiveDate) -> i64 {
    // Day 1 of the common era, 0001-01-01, was a Monday.
    let days_since_a_monday = i64::from(date.num_days_from_ce()) - 1;
    let weeks = days_since_a_monday.div_euclid(7);
    let day_of_week = days_since_a_monday.rem_euclid(7);
    weeks * 5 + (day_of_week + 1).min(5)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn datetime(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn weekdays_are_business_days_and_weekends_are_not() {
        // 2024-06-03 is a Monday.
        let business: Vec<bool> = (3..=9)
            .map(|day| {
                is_business_day(
                    Calendar::WeekendsOnly,
                    NaiveDate::from_ymd_opt(2024, 6, day).unwrap(),
                )
            })
            .collect();
        assert_eq!(business, [true, true, true, true, true, false, false]);
    }

    #[test]
    fn adding_business_days_skips_weekends() {
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-06-07"), 1),
            date("2024-06-10")
        ); // Fri + 1
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-06-03"), 0),
            date("2024-06-03")
        );
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-06-03"), 4),
            date("2024-06-07")
        );
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-06-03"), 5),
            date("2024-06-10")
        );
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-06-05"), 3),
            date("2024-06-10")
        ); // Wed + 3
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-06-06"), 12),
            date("2024-06-24")
        );
    }

    #[test]
    fn adding_from_a_weekend_counts_from_monday() {
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-06-08"), 0),
            date("2024-06-10")
        ); // Sat
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-06-09"), 0),
            date("2024-06-10")
        ); // Sun
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-06-08"), 1),
            date("2024-06-11")
        );
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-06-09"), 3),
            date("2024-06-13")
        );
    }

    #[test]
    fn adding_crosses_the_year_boundary() {
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-12-31"), 1),
            date("2025-01-01")
        );
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2021-12-31"), 1),
            date("2022-01-03")
        ); // Fri
    }

    #[test]
    fn adding_a_huge_count_saturates_instead_of_panicking() {
        assert_eq!(
            add_business_days(Calendar::WeekendsOnly, date("2024-06-03"), u32::MAX),
            NaiveDate::MAX
        );
    }

    #[test]
    fn business_days_between_is_signed_and_excludes_the_start() {
        assert_eq!(
            business_days_between(
                Calendar::WeekendsOnly,
                date("2024-06-03"),
                date("2024-06-03")
            ),
            0
        );
        assert_eq!(
            business_days_between(
                Calendar::WeekendsOnly,
                date("2024-06-07"),
                date("2024-06-10")
            ),
            1
        );
        assert_eq!(
            business_days_between(
                Calendar::WeekendsOnly,
                date("2024-06-07"),
                date("2024-06-09")
            ),
            0
        );
        assert_eq!(
            business_days_between(
                Calendar::WeekendsOnly,
                date("2024-06-03"),
                date("2024-06-17")
            ),
            10
        );
        assert_eq!(
            business_days_between(
                Calendar::WeekendsOnly,
                date("2024-06-10"),
                date("2024-06-07")
            ),
            -1
        );
        assert_eq!(
            business_days_between(
                Calendar::WeekendsOnly,
                date("2024-06-08"),
                date("2024-06-10")
            ),
            1
        );
        assert_eq!(
            business_days_between(
                Calendar::WeekendsOnly,
                date("2024-12-31"),
                date("2025-01-06")
            ),
            4
        );
    }

    #[test]
    fn business_days_between_agrees_with_counting_day_by_day() {
        let start = date("2023-12-20");
        for offset in 0..40 {
            let from = start + Duration::days(offset);
            for length in 0..20 {
                let to = from + Duration::days(length);
                let counted = from
                    .iter_days()
                    .skip(1)
                    .take_while(|day| *day <= to)
                    .filter(|day| is_business_day(Calendar::WeekendsOnly, *day))
                    .count() as i64;
                assert_eq!(
                    business_days_between(Calendar::WeekendsOnly, from, to),
                    counted,
                    "{from} to {to}"
                );
                assert_eq!(
                    business_days_between(Calendar::WeekendsOnly, to, from),
                    -counted
                );
            }
        }
    }

    #[test]
    fn adding_then_counting_gives_back_the_count() {
        for offset in 0..14 {
            let start = date("2024-02-19") + Duration::days(offset);
            for n in 0..30 {
                let end = add_business_days(Calendar::WeekendsOnly, start, n);
                assert!(is_business_day(Calendar::WeekendsOnly, end));
                // A weekend start counts from the following Monday.
                let counted_from = add_business_days(Calendar::WeekendsOnly, start, 0);
                assert_eq!(
                    business_days_between(Calendar::WeekendsOnly, counted_from, end),
                    i64::from(n)
                );
            }
        }
    }

    #[test]
    fn last_business_days_of_a_month_ending_on_a_weekend() {
        // June 2024 ends on Sunday the 30th: its last business days are 26, 27, 28.
        assert!(in_last_business_days_of_month(
            Calendar::WeekendsOnly,
            date("2024-06-28"),
            1
        ));
        assert!(!in_last_business_days_of_month(
            Calendar::WeekendsOnly,
            date("2024-06-27"),
            1
        ));
        assert!(in_last_business_days_of_month(
            Calendar::WeekendsOnly,
            date("2024-06-26"),
            3
        ));
        assert!(!in_last_business_days_of_month(
            Calendar::WeekendsOnly,
            date("2024-06-25"),
            3
        ));
        assert!(!in_last_business_days_of_month(
            Calendar::WeekendsOnly,
            date("2024-06-29"),
            3
        )); // Saturday
        assert!(!in_last_business_days_of_month(
            Calendar::WeekendsOnly,
            date("2024-06-30"),
            3
        )); // Sunday
    }

    #[test]
    fn last_business_days_of_december_and_of_a_weekday_month_end() {
        // December 2024 ends on Tuesday the 31st.
        assert!(in_last_business_days_of_month(
            Calendar::WeekendsOnly,
            date("2024-12-31"),
            1
        ));
        assert!(in_last_business_days_of_month(
            Calendar::WeekendsOnly,
            date("2024-12-27"),
            3
        )); // Fri
        assert!(!in_last_business_days_of_month(
            Calendar::WeekendsOnly,
            date("2024-12-26"),
            3
        ));
        assert!(!in_last_business_days_of_month(
            Calendar::WeekendsOnly,
            date("2024-12-31"),
            0
        ));
        assert!(in_last_business_days_of_month(
            Calendar::WeekendsOnly,
            date("2024-12-02"),
            100
        ));
    }

    #[test]
    fn business_window_fits_inside_one_business_day() {
        assert!(business_window(
            Calendar::WeekendsOnly,
            datetime("2024-06-03 13:00"),
            4
        ));
        assert!(!business_window(
            Calendar::WeekendsOnly,
            datetime("2024-06-03 13:01"),
            4
        ));
        assert!(business_window(
            Calendar::WeekendsOnly,
            datetime("2024-06-03 09:00"),
            8
        ));
        assert!(!business_window(
            Calendar::WeekendsOnly,
            datetime("2024-06-03 08:59"),
            1
        ));
        assert!(business_window(
            Calendar::WeekendsOnly,
            datetime("2024-06-03 17:00"),
            0
        ));
        assert!(!business_window(
            Calendar::WeekendsOnly,
            datetime("2024-06-03 17:01"),
            0
        ));
        assert!(!business_window(
            Calendar::WeekendsOnly,
            datetime("2024-06-03 22:00"),
            12
        )); // ends on the next day
        assert!(!business_window(
            Calendar::WeekendsOnly,
            datetime("2024-06-03 09:00"),
            u32::MAX
        ));
    }

    #[test]
    fn business_window_refuses_weekends() {
        assert!(!business_window(
            Calendar::WeekendsOnly,
            datetime("2024-06-08 10:00"),
            1
        )); // Saturday
        assert!(!business_window(
            Calendar::WeekendsOnly,
            datetime("2024-06-09 10:00"),
            1
        )); // Sunday
        assert!(business_window(
            Calendar::WeekendsOnly,
            datetime("2024-06-07 10:00"),
            1
        )); // Friday
    }

    #[test]
    fn business_hours_constants() {
        assert_eq!(BUSINESS_OPEN.to_string(), "09:00:00");
        assert_eq!(BUSINESS_CLOSE.to_string(), "17:00:00");
    }
}

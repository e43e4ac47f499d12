//! Public holiday calendars a playbook can name (`calendar: FR`, `CH`, `US`):
//! which dates are holidays in a year. Computed from the fixed dates and
//! Easter (anonymous Gregorian algorithm) rather than read from a data set,
//! so every year works offline. The current rules are applied to every year;
//! a holiday introduced recently (US Juneteenth, 2021) is counted in earlier
//! years too.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The public holidays business days skip, as named in a playbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Calendar {
    /// No `calendar:` field: Monday to Friday, no holidays.
    #[default]
    WeekendsOnly,
    /// `FR`: the eleven national public holidays of metropolitan France.
    France,
    /// `CH`: the federal 1 August plus the holidays most cantons keep.
    Switzerland,
    /// `US`: the eleven federal holidays with the federal observed-date rule.
    UnitedStates,
}

impl Calendar {
    /// The values a playbook's `calendar:` field accepts.
    pub const CODES: [&'static str; 3] = ["FR", "CH", "US"];

    /// The calendar a playbook names, or `None` for a value it does not know.
    pub fn from_code(code: &str) -> Option<Calendar> {
        match code {
            "FR" => Some(Calendar::France),
            "CH" => Some(Calendar::Switzerland),
            "US" => Some(Calendar::UnitedStates),
            _ => None,
        }
    }

    /// Whether `date` is a public holiday of this calendar (weekend or not).
    pub fn is_holiday(self, date: NaiveDate) -> bool {
        match self {
            Calendar::WeekendsOnly => false,
            // A US holiday of next year can be observed on 31 December.
            Calendar::France | Calendar::Switzerland | Calendar::UnitedStates => {
                self.holidays_of(date.year()).contains(&date)
                    || date
                        .year()
                        .checked_add(1)
                        .is_some_and(|next| self.holidays_of(next).contains(&date))
            }
        }
    }

    /// The holidays that fall in `year`, sorted, each once.
    pub fn holidays_in(self, year: i32) -> Vec<NaiveDate> {
        let mut dates = self.holidays_of(year);
        if let Some(next) = year.checked_add(1) {
            dates.extend(self.holidays_of(next));
        }
        dates.retain(|date| date.year() == year);
        dates.sort_unstable();
        dates.dedup();
        dates
    }

    /// The holidays of `year`'s calendar, as observed (possibly on the last
    /// day of the year before).
    fn holidays_of(self, year: i32) -> Vec<NaiveDate> {
        let fixed = |month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day);
        let easter = easter_sunday(year);
        let after_easter =
            |days: i64| easter.and_then(|date| date.checked_add_signed(Duration::days(days)));
        let dates = match self {
            Calendar::WeekendsOnly => Vec::new(),
            Calendar::France => vec![
                fixed(1, 1),
                after_easter(1), // Lundi de Pâques
                fixed(5, 1),
                fixed(5, 8),
                after_easter(39), // Ascension
                after_easter(50), // Lundi de Pentecôte
                fixed(7, 14),
                fixed(8, 15),
                fixed(11, 1),
                fixed(11, 11),
                fixed(12, 25),
            ],
            Calendar::Switzerland => vec![
                fixed(1, 1),
                fixed(1, 2),      // Berchtoldstag
                after_easter(-2), // Good Friday
                after_easter(1),
                after_easter(39),
                after_easter(50),
                fixed(8, 1),
                fixed(12, 25),
                fixed(12, 26),
            ],
            Calendar::UnitedStates => vec![
                fixed(1, 1).map(observed),
                nth_weekday(year, 1, Weekday::Mon, 3), // Martin Luther King Jr. Day
                nth_weekday(year, 2, Weekday::Mon, 3), // Washington's Birthday
                last_weekday(year, 5, Weekday::Mon),   // Memorial Day
                fixed(6, 19).map(observed),            // Juneteenth
                fixed(7, 4).map(observed),
                nth_weekday(year, 9, Weekday::Mon, 1), // Labor Day
                nth_weekday(year, 10, Weekday::Mon, 2), // Columbus Day
                fixed(11, 11).map(observed),           // Veterans Day
                nth_weekday(year, 11, Weekday::Thu, 4), // Thanksgiving
                fixed(12, 25).map(observed),
            ],
        };
        dates.into_iter().flatten().collect()
    }
}

/// The federal rule: a holiday on Saturday is observed on Friday, on Sunday on Monday.
fn observed(date: NaiveDate) -> NaiveDate {
    let moved = match date.weekday() {
        Weekday::Sat => date.pred_opt(),
        Weekday::Sun => date.succ_opt(),
        Weekday::Mon | Weekday::Tue | Weekday::Wed | Weekday::Thu | Weekday::Fri => Some(date),
    };
    moved.unwrap_or(date)
}

/// The `n`th (1-based) `weekday` of a month.
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(n).ok()?)
}

/// The last `weekday` of a month.
fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let mut date = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    }
    .pred_opt()?;
    while date.weekday() != weekday {
        date = date.pred_opt()?;
    }
    Some(date)
}

/// Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm,
/// also known as Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let century = year.div_euclid(100);
    let year_of_century = year.rem_euclid(100);
    let d = century.div_euclid(4);
    let e = century.rem_euclid(4);
    let f = (century + 8).div_euclid(25);
    let g = (century - f + 1).div_euclid(3);
    let h = (19 * a + century - d - g + 15).rem_euclid(30);
    let i = year_of_century.div_euclid(4);
    let k = year_of_century.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn dates(texts: &[&str]) -> Vec<NaiveDate> {
        texts
            .iter()
            .map(|text| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
            .collect()
    }

    #[test]
    fn easter_sundays_match_the_published_dates() {
        let expected = dates(&[
            "2000-04-23",
            "2019-04-21",
            "2024-03-31",
            "2025-04-20",
            "2026-04-05",
            "2027-03-28",
            "2028-04-16",
            "2038-04-25",
        ]);
        let computed: Vec<NaiveDate> = [2000, 2019, 2024, 2025, 2026, 2027, 2028, 2038]
            .into_iter()
            .map(|year| easter_sunday(year).unwrap())
            .collect();
        assert_eq!(computed, expected);
    }

    // The "jours fériés" published by service-public.fr for 2026-2028.
    #[test]
    fn france_matches_the_published_calendars_2026_to_2028() {
        #[rustfmt::skip]
        let published = [
            (2026, ["2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
                    "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25"]),
            (2027, ["2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08", "2027-05-17",
                    "2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25"]),
            (2028, ["2028-01-01", "2028-04-17", "2028-05-01", "2028-05-08", "2028-05-25", "2028-06-05",
                    "2028-07-14", "2028-08-15", "2028-11-01", "2028-11-11", "2028-12-25"]),
        ];
        for (year, expected) in published {
            assert_eq!(
                Calendar::France.holidays_in(year),
                dates(&expected),
                "{year}"
            );
        }
    }

    // The federal 1 August and the holidays of the canton of Bern / Vaud set
    // (Berchtoldstag, Good Friday, Easter and Whit Monday, Ascension, 26 December).
    #[test]
    fn switzerland_matches_the_published_calendars_2026_to_2028() {
        #[rustfmt::skip]
        let published = [
            (2026, ["2026-01-01", "2026-01-02", "2026-04-03", "2026-04-06", "2026-05-14", "2026-05-25",
                    "2026-08-01", "2026-12-25", "2026-12-26"]),
            (2027, ["2027-01-01", "2027-01-02", "2027-03-26", "2027-03-29", "2027-05-06", "2027-05-17",
                    "2027-08-01", "2027-12-25", "2027-12-26"]),
            (2028, ["2028-01-01", "2028-01-02", "2028-04-14", "2028-04-17", "2028-05-25", "2028-06-05",
                    "2028-08-01", "2028-12-25", "2028-12-26"]),
        ];
        for (year, expected) in published {
            assert_eq!(
                Calendar::Switzerland.holidays_in(year),
                dates(&expected),
                "{year}"
            );
        }
    }

    // The federal holidays published by the US Office of Personnel Management,
    // observed dates: 4 July 2026 is a Saturday (Friday 3 July off), 1 January
    // 2028 a Saturday (Friday 31 December 2027 off).
    #[test]
    fn united_states_matches_the_published_calendars_2026_to_2028() {
        #[rustfmt::skip]
        let published: [(i32, &[&str]); 3] = [
            (2026, &["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
                     "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"]),
            (2027, &["2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-06-18", "2027-07-05",
                     "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25", "2027-12-24", "2027-12-31"]),
            (2028, &["2028-01-17", "2028-02-21", "2028-05-29", "2028-06-19", "2028-07-04",
                     "2028-09-04", "2028-10-09", "2028-11-10", "2028-11-23", "2028-12-25"]),
        ];
        for (year, expected) in published {
            assert_eq!(
                Calendar::UnitedStates.holidays_in(year),
                dates(expected),
                "{year}"
            );
        }
    }

    #[test]
    fn weekends_only_has_no_holidays_and_codes_round_trip() {
        assert!(Calendar::WeekendsOnly.holidays_in(2026).is_empty());
        assert!(!Calendar::WeekendsOnly.is_holiday(dates(&["2026-12-25"])[0]));
        assert_eq!(Calendar::from_code("FR"), Some(Calendar::France));
        assert_eq!(Calendar::from_code("CH"), Some(Calendar::Switzerland));
        assert_eq!(Calendar::from_code("US"), Some(Calendar::UnitedStates));
        assert_eq!(Calendar::from_code("fr"), None);
        assert_eq!(Calendar::from_code("DE"), None);
    }

    #[test]
    fn a_us_new_year_on_saturday_is_a_holiday_on_the_friday_before() {
        assert!(Calendar::UnitedStates.is_holiday(dates(&["2027-12-31"])[0]));
        assert!(!Calendar::UnitedStates.is_holiday(dates(&["2028-01-03"])[0]));
        assert!(!Calendar::France.is_holiday(dates(&["2027-12-31"])[0]));
    }
}

//! Business-day arithmetic (Monday-Friday) and business hours. Interface only for now.

use chrono::{Datelike, NaiveDate, Weekday};

pub fn is_business_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

//! What time it is for the acting person: one reading of the clock (now,
//! their date, their UTC offset) and where readings come from. The app and
//! the command line both read time through this, so the three never come
//! apart; `engine::Actor` is built from one reading.

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};

/// One reading of the clock, as the acting person sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// The instant, to the second.
    pub now: DateTime<Utc>,
    /// The person's date at that instant.
    pub today: NaiveDate,
    /// The person's offset from UTC at that instant.
    pub utc_offset: FixedOffset,
}

impl LocalTime {
    /// `now` read in UTC (pinned clocks, tests).
    pub fn utc(now: DateTime<Utc>) -> LocalTime {
        LocalTime {
            now,
            today: now.date_naive(),
            utc_offset: Utc.fix(),
        }
    }
}

/// Where the time comes from; tests and snapshots pin it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system clock, or `$MIGDESK_NOW` when set.
    System,
    /// Always this instant, in UTC.
    Fixed(DateTime<Utc>),
}

impl Clock {
    pub fn read(self) -> LocalTime {
        match self {
            Clock::System => crate::session::local_clock(),
            Clock::Fixed(now) => LocalTime::utc(now),
        }
    }
}

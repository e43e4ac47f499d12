//! What one run of migdesk works with: the data directory's store, the
//! playbook catalog, who is acting and what time it is. Shared by the
//! command line and the app so both resolve them the same way.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, Utc};

use crate::catalog::Catalog;
use crate::engine::Actor;
use crate::store::{DataDir, Store, StoreError};

/// Environment variable naming the acting person when `--as` is not given.
pub const USER_VARIABLE: &str = "MIGDESK_USER";
/// Environment variable that pins the clock (RFC 3339), for tests, demos and screenshots.
pub const NOW_VARIABLE: &str = "MIGDESK_NOW";
/// Environment variable that, set to anything, has `list` and the app say
/// on standard error how long loading the queue and the first frame took.
pub const TRACE_STARTUP_VARIABLE: &str = "MIGDESK_TRACE_STARTUP";

pub struct Session {
    pub store: Store,
    pub catalog: Catalog,
    /// The acting person.
    pub user: String,
}

impl Session {
    /// Opens the data directory (creating it if needed) and loads the catalog.
    pub fn open(
        data_dir: Option<PathBuf>,
        acting_as: Option<String>,
    ) -> Result<Session, StoreError> {
        let dir = DataDir::resolve(data_dir)?;
        let catalog = Catalog::load(Some(&dir.playbooks_dir()));
        let store = Store::open(dir)?;
        Ok(Session {
            store,
            catalog,
            user: acting_person(acting_as),
        })
    }

    /// An actor for a change made now by the acting person.
    pub fn actor(&self) -> Actor {
        Actor::local(&self.user, local_clock())
    }

    pub fn today(&self) -> NaiveDate {
        clock().1
    }
}

/// `--as`, else `$MIGDESK_USER`, else the login name.
pub fn acting_person(acting_as: Option<String>) -> String {
    acting_as
        .filter(|name| !name.trim().is_empty())
        .or_else(|| {
            std::env::var(USER_VARIABLE)
                .ok()
                .filter(|n| !n.trim().is_empty())
        })
        .or_else(|| std::env::var("USER").ok().filter(|n| !n.trim().is_empty()))
        .or_else(|| {
            std::env::var("LOGNAME")
                .ok()
                .filter(|n| !n.trim().is_empty())
        })
        .or_else(|| {
            std::env::var("USERNAME")
                .ok()
                .filter(|n| !n.trim().is_empty())
        })
        .map(|name| name.trim().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

/// Refuses settings from the environment that would otherwise be ignored:
/// a `$MIGDESK_NOW` that is not an RFC 3339 time, a lock wait that is not
/// a number of seconds. The message names the variable and what to set.
pub fn check_environment() -> Result<(), String> {
    if let Some(value) = std::env::var_os(NOW_VARIABLE) {
        let parsed = value
            .to_str()
            .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok());
        if parsed.is_none() {
            return Err(format!(
                "{NOW_VARIABLE}=`{}` is not a date and time like 2026-03-10T09:30:00+01:00 (RFC 3339); correct it or unset it",
                value.to_string_lossy()
            ));
        }
    }
    crate::store::lock_wait_from_environment().map(|_| ())
}

/// Now (to the second) and today's local date, or the pinned `$MIGDESK_NOW`.
pub fn clock() -> (DateTime<Utc>, NaiveDate) {
    let (now, today, _) = local_clock();
    (now, today)
}

/// Now, today's local date and the local UTC offset; `$MIGDESK_NOW` pins all
/// three (its offset is the agent's).
pub fn local_clock() -> (DateTime<Utc>, NaiveDate, FixedOffset) {
    if let Some(pinned) = std::env::var(NOW_VARIABLE)
        .ok()
        .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok())
    {
        return (
            pinned.with_timezone(&Utc),
            pinned.date_naive(),
            *pinned.offset(),
        );
    }
    let local = Local::now();
    let now = local.with_timezone(&Utc);
    let now = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
    (now, local.date_naive(), local.offset().fix())
}

//! What one run of migdesk works with: the data directory's store, the
//! playbook catalog, who is acting and what time it is. Shared by the
//! command line and the app so both resolve them the same way.

use std::path::PathBuf;

use chrono::{DateTime, Local, NaiveDate, Offset, Utc};

use crate::catalog::Catalog;
use crate::clock::LocalTime;
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
        local_clock().today
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

/// Now (to the second), today's local date and the local UTC offset;
/// `$MIGDESK_NOW` pins all three (its offset is the agent's).
pub fn local_clock() -> LocalTime {
    if let Some(pinned) = std::env::var(NOW_VARIABLE)
        .ok()
        .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok())
    {
        return LocalTime {
            now: pinned.with_timezone(&Utc),
            today: pinned.date_naive(),
            utc_offset: *pinned.offset(),
        };
    }
    let local = Local::now();
    let now = local.with_timezone(&Utc);
    LocalTime {
        now: DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now),
        today: local.date_naive(),
        utc_offset: local.offset().fix(),
    }
}

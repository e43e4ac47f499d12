//! What one run of migdesk works with: the data directory's store, the
//! playbook catalog, who is acting and what time it is. Shared by the
//! command line and the app so both resolve them the same way.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, Utc};

use crate::catalog::Catalog;
use crate::engine::Actor;
use crate::store::{DataDir, Store, StoreError};

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

/// The person the settings chose (`--as`, `$MIGDESK_USER`, the config
/// file's `user.name`, resolved by `config`), else the login name.
pub fn acting_person(chosen: Option<String>) -> String {
    chosen
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(crate::config::login_name)
}

/// The moment `--now` or `$MIGDESK_NOW` pinned the clock to, if they did.
static PINNED_CLOCK: std::sync::OnceLock<DateTime<FixedOffset>> = std::sync::OnceLock::new();

/// Pins the clock for the rest of the run (tests, demos, screenshots); the
/// first pin holds.
pub fn pin_clock(moment: DateTime<FixedOffset>) {
    let _first_holds = PINNED_CLOCK.set(moment);
}

/// Now (to the second) and today's local date, or the pinned clock.
pub fn clock() -> (DateTime<Utc>, NaiveDate) {
    let (now, today, _) = local_clock();
    (now, today)
}

/// Now, today's local date and the local UTC offset; a pinned clock
/// (`pin_clock`) fixes all three (its offset is the agent's).
pub fn local_clock() -> (DateTime<Utc>, NaiveDate, FixedOffset) {
    if let Some(pinned) = PINNED_CLOCK.get().copied() {
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

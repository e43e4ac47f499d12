//! What one run of migdesk works with: the data directory's store, the
//! playbook catalog, who is acting and what time it is. Shared by the
//! command line and the app so both resolve them the same way.

use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, Utc};

use crate::catalog::Catalog;
use crate::clock::LocalTime;
use crate::engine::Actor;
use crate::identity::{self, Identity, IdentityError};
use crate::store::{DataDir, Store, StoreError};

pub struct Session {
    pub store: Store,
    pub catalog: Catalog,
    /// The acting person, as given.
    pub user: String,
    /// The acting person as compared (four eyes, "your cases").
    pub identity: Identity,
    /// What `team.yaml` says of them (read once); `Solo` outside team mode.
    pub membership: crate::team::Membership,
}

/// Why a session could not start.
#[derive(Debug)]
pub enum SessionError {
    Store(StoreError),
    /// The acting person's name cannot be an identity; `from` says where it came from.
    Identity {
        from: &'static str,
        name: String,
        error: IdentityError,
    },
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionError::Store(error) => write!(f, "{error}"),
            SessionError::Identity { from, name, error } => write!(
                f,
                "{from} gives {name:?}, which cannot be a person's name: {error}; give a plain name (--as NAME)"
            ),
        }
    }
}

impl std::error::Error for SessionError {}

impl From<StoreError> for SessionError {
    fn from(error: StoreError) -> Self {
        SessionError::Store(error)
    }
}

impl Session {
    /// Opens the data directory (creating it if needed) and loads the
    /// catalog, as the acting person, whose name must be an identity.
    pub fn open(
        data_dir: Option<PathBuf>,
        acting_as: Option<String>,
    ) -> Result<Session, SessionError> {
        let identity = acting_identity(acting_as)?;
        let dir = DataDir::resolve(data_dir)?;
        let catalog = Catalog::load(Some(&dir.playbooks_dir()));
        let user = identity.given().to_string();
        // In team mode new cases carry the person's code, so ids never collide.
        let membership = crate::team::Membership::read(dir.root(), &user);
        let store = Store::open(dir)?.with_case_id_code(membership.case_id_code());
        Ok(Session {
            store,
            catalog,
            user,
            identity,
            membership,
        })
    }

    /// An actor for a change made now by the acting person.
    pub fn actor(&self) -> Actor {
        Actor::local(&self.user, local_clock()).with_roles(self.membership.roles())
    }

    pub fn today(&self) -> NaiveDate {
        local_clock().today
    }
}

/// The person the settings chose (`--as`, `$MIGDESK_USER`, the config
/// file's `user.name`, resolved by `config`), else the login name, with
/// where it came from.
fn acting_name(chosen: Option<String>) -> (&'static str, String) {
    match chosen.filter(|name| !name.trim().is_empty()) {
        Some(name) => ("the acting person (--as, $MIGDESK_USER or user.name)", name),
        None => ("the login name", crate::config::login_name()),
    }
}

/// The acting person as a canonical identity; a name with control, format
/// or bidi characters is refused rather than passed over, so nobody acts
/// under a name that looks like someone else's.
pub fn acting_identity(chosen: Option<String>) -> Result<Identity, SessionError> {
    let (from, name) = acting_name(chosen);
    identity::canonical_identity(&name).map_err(|error| SessionError::Identity {
        from,
        name,
        error,
    })
}

/// The acting person as given (trimmed).
pub fn acting_person(chosen: Option<String>) -> String {
    acting_name(chosen).1.trim().to_string()
}

/// The moment `--now` or `$MIGDESK_NOW` pinned the clock to, if they did.
static PINNED_CLOCK: std::sync::OnceLock<DateTime<FixedOffset>> = std::sync::OnceLock::new();

/// Pins the clock for the rest of the run (tests, demos, screenshots); the
/// first pin holds.
pub fn pin_clock(moment: DateTime<FixedOffset>) {
    let _first_holds = PINNED_CLOCK.set(moment);
}

/// Refuses settings from the environment that would otherwise be ignored:
/// a `$MIGDESK_NOW` that is not an RFC 3339 time, a lock wait that is not
/// a number of seconds. The message names the variable and what to set.
pub fn check_environment() -> Result<(), String> {
    if let Some(value) = std::env::var_os(crate::config::variables::NOW) {
        let parsed = value
            .to_str()
            .and_then(|text| DateTime::parse_from_rfc3339(text.trim()).ok());
        if parsed.is_none() {
            return Err(format!(
                "{}=`{}` is not a date and time like 2026-03-10T09:30:00+01:00 (RFC 3339); correct it or unset it",
                crate::config::variables::NOW,
                value.to_string_lossy()
            ));
        }
    }
    crate::store::lock_wait_from_environment().map(|_| ())
}

/// Now (to the second) and today's local date, or the pinned clock.
pub fn clock() -> (DateTime<Utc>, NaiveDate) {
    let time = local_clock();
    (time.now, time.today)
}

/// Now (to the second), today's local date and the local UTC offset; a
/// pinned clock (`pin_clock`) fixes all three (its offset is the agent's).
pub fn local_clock() -> LocalTime {
    if let Some(pinned) = PINNED_CLOCK.get().copied() {
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

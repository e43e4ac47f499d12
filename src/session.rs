//! What one run of migdesk works with: the data directory's store, the
//! playbook catalog, who is acting and what time it is. Shared by the
//! command line and the app so both resolve them the same way.

use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, Utc};

use crate::catalog::Catalog;
use crate::engine::Actor;
use crate::identity::{self, Identity, IdentityError};
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
    /// The acting person, as given.
    pub user: String,
    /// The acting person as compared (four eyes, "your cases").
    pub identity: Identity,
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
        let store = Store::open(dir)?;
        Ok(Session {
            store,
            catalog,
            user: identity.given().to_string(),
            identity,
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

/// The first non-blank of `--as`, `$MIGDESK_USER` and the login name
/// (`$USER`, `$LOGNAME`, `$USERNAME`), with where it came from.
fn acting_name(acting_as: Option<String>) -> Option<(&'static str, String)> {
    let variable = |name: &'static str| std::env::var(name).ok().map(|value| (name, value));
    acting_as
        .map(|name| ("--as", name))
        .into_iter()
        .chain(variable(USER_VARIABLE))
        .chain(variable("USER"))
        .chain(variable("LOGNAME"))
        .chain(variable("USERNAME"))
        .find(|(_, name)| !name.trim().is_empty())
}

/// The acting person as a canonical identity; a name with control, format
/// or bidi characters is refused rather than passed over, so nobody acts
/// under a name that looks like someone else's.
pub fn acting_identity(acting_as: Option<String>) -> Result<Identity, SessionError> {
    let Some((from, name)) = acting_name(acting_as) else {
        return identity::canonical_identity("unknown").map_err(|error| SessionError::Identity {
            from: "the default name",
            name: "unknown".to_string(),
            error,
        });
    };
    identity::canonical_identity(&name).map_err(|error| SessionError::Identity {
        from,
        name,
        error,
    })
}

/// `--as`, else `$MIGDESK_USER`, else the login name, as given (trimmed).
pub fn acting_person(acting_as: Option<String>) -> String {
    acting_name(acting_as)
        .map(|(_, name)| name.trim().to_string())
        .unwrap_or_else(|| "unknown".to_string())
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

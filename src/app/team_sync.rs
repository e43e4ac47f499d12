//! The app's side of team mode: its own thread that runs `team::sync`
//! (which takes the data directory's lock, so it never interleaves with a
//! `migdesk sync` from a shell) and reads `team::status`, when the
//! [`SyncSchedule`] says so; the state the header shows; and the cases that
//! came in, which the queue marks until they are opened.
//!
//! The sync has a thread of its own rather than the disk thread's: a sync
//! may wait on the network for a minute, and saves queued behind it would
//! hold the keys. Saves and syncs still never lose a change: the sync's
//! merge refuses to overwrite a case saved after it committed (it commits
//! it and merges again), and a save names the version it was made on, so
//! a file the merge rewrote is a conflict offered again, not overwritten.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use crate::store::DataDir;
use crate::team::{Arrival, SyncOutcome, SyncReport, TeamStatus};

use super::sync_schedule::SyncSchedule;
use super::{App, Tone};

/// Where team mode stands, as the header says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamState {
    /// Nothing read yet.
    Unknown,
    InSync,
    /// Changes made here not on the remote yet, and commits fetched not merged yet.
    Waiting {
        send: u64,
        receive: u64,
    },
    /// The remote could not be reached; `waiting` changes wait here.
    Offline {
        waiting: u64,
    },
    /// A sync stopped on something a person must look at; `reason` says what.
    NeedsAttention {
        reason: String,
    },
}

impl TeamState {
    /// The header's words: short, for an 80-column line.
    pub fn header_text(&self, syncing: bool) -> String {
        if syncing {
            return "syncing…".to_string();
        }
        match self {
            TeamState::Unknown => "sync not checked yet".to_string(),
            TeamState::InSync => "in sync".to_string(),
            TeamState::Waiting { send, receive: 0 } => format!("{send} to send"),
            TeamState::Waiting { send: 0, receive } => format!("{receive} to receive"),
            TeamState::Waiting { send, receive } => {
                format!("{send} to send, {receive} to receive")
            }
            TeamState::Offline { waiting: 0 } => "offline".to_string(),
            TeamState::Offline { waiting } => format!("offline, {waiting} to send"),
            TeamState::NeedsAttention { .. } => "sync needs attention".to_string(),
        }
    }

    /// Whether the header shows it as a problem.
    pub fn is_trouble(&self) -> bool {
        matches!(
            self,
            TeamState::Offline { .. } | TeamState::NeedsAttention { .. }
        )
    }

    /// From a status read between syncs: the counts change, a trouble stays
    /// until the next sync says otherwise.
    fn with_status(&self, status: &TeamStatus) -> TeamState {
        match self {
            TeamState::Offline { .. } => TeamState::Offline {
                waiting: status.waiting(),
            },
            TeamState::NeedsAttention { reason } => TeamState::NeedsAttention {
                reason: reason.clone(),
            },
            TeamState::Unknown | TeamState::InSync | TeamState::Waiting { .. } => counted(status),
        }
    }
}

fn counted(status: &TeamStatus) -> TeamState {
    match (status.waiting(), status.commits_to_receive) {
        (0, 0) => TeamState::InSync,
        (send, receive) => TeamState::Waiting { send, receive },
    }
}

/// The state a finished sync leaves, with the status read after it.
fn after_sync(report: &SyncReport, status: Option<&TeamStatus>) -> TeamState {
    match &report.outcome {
        SyncOutcome::Offline { waiting, .. } => TeamState::Offline { waiting: *waiting },
        SyncOutcome::NeedsAttention { paths, reason } => TeamState::NeedsAttention {
            reason: attention_text(paths, reason),
        },
        SyncOutcome::InSync if !report.refused.is_empty() => TeamState::NeedsAttention {
            reason: report.refused.join("; "),
        },
        SyncOutcome::InSync => status.map_or(TeamState::InSync, counted),
    }
}

/// What the sync thread is asked.
enum Request {
    /// Count what waits, without the network.
    Status,
    Sync,
}

/// What the sync thread answers.
pub(super) enum Reply {
    Status(Result<TeamStatus, String>),
    Synced {
        outcome: Result<SyncReport, String>,
        /// What waits once it is done (changes saved while it ran).
        status: Option<TeamStatus>,
    },
}

/// Team mode in the app: the schedule, the thread, what the header shows.
pub struct TeamSync {
    schedule: SyncSchedule,
    requests: Sender<Request>,
    replies: Receiver<Reply>,
    state: TeamState,
    /// A status asked for and not answered yet.
    status_outstanding: bool,
    /// Cases that came in by a sync and were not opened since.
    arrivals: HashMap<String, Arrival>,
}

impl TeamSync {
    /// Starts the sync thread for the team repository at `data_dir`, as `person`.
    pub fn start(data_dir: DataDir, person: &str, schedule: SyncSchedule) -> TeamSync {
        let (requests, replies) = start_thread(data_dir, person.to_string());
        let mut team = TeamSync {
            schedule,
            requests,
            replies,
            state: TeamState::Unknown,
            status_outstanding: false,
            arrivals: HashMap::new(),
        };
        // The header has counts at once, before the first sync (or with
        // automatic sync off, without one).
        team.ask_status();
        team
    }

    pub fn state(&self) -> &TeamState {
        &self.state
    }

    pub fn is_syncing(&self) -> bool {
        self.schedule.is_running()
    }

    /// The header's words.
    pub fn header_text(&self) -> String {
        self.state.header_text(self.is_syncing())
    }

    /// What came in for case `id` by a sync, until it is opened.
    pub fn arrival(&self, id: &str) -> Option<&Arrival> {
        self.arrivals.get(id)
    }

    fn ask_status(&mut self) {
        if !self.status_outstanding && !self.schedule.is_running() {
            self.status_outstanding = true;
            let _ = self.requests.send(Request::Status);
        }
    }

    fn start_sync_if_due(&mut self, now: Instant) {
        if self.schedule.due(now) {
            self.schedule.started();
            // The thread ends only with the app; a failed send means it
            // panicked, and the sync that never ends says so in the header.
            let _ = self.requests.send(Request::Sync);
        }
    }
}

fn start_thread(data_dir: DataDir, person: String) -> (Sender<Request>, Receiver<Reply>) {
    let (requests, inbox) = mpsc::channel::<Request>();
    let (outbox, replies) = mpsc::channel();
    std::thread::Builder::new()
        .name("migdesk-sync".to_string())
        .spawn(move || {
            for request in inbox {
                let reply = match request {
                    Request::Status => {
                        Reply::Status(crate::team::status(&data_dir).map_err(|e| e.to_string()))
                    }
                    Request::Sync => {
                        let outcome =
                            crate::team::sync(&data_dir, &person).map_err(|e| e.to_string());
                        let status = crate::team::status(&data_dir).ok();
                        Reply::Synced { outcome, status }
                    }
                };
                if outbox.send(reply).is_err() {
                    return;
                }
            }
        })
        .unwrap_or_else(|error| panic!("cannot start the thread that syncs: {error}"));
    (requests, replies)
}

/// A case was saved here: count it in the header, sync once the agent pauses.
pub(super) fn case_saved(app: &mut App) {
    if let Some(team) = app.team.as_mut() {
        team.schedule.changed(Instant::now());
        team.ask_status();
    }
}

/// The agent asked for a sync now.
pub(super) fn sync_now(app: &mut App) {
    let Some(team) = app.team.as_mut() else {
        app.say(Tone::Info, not_a_team_text());
        return;
    };
    if team.schedule.is_running() {
        app.say(Tone::Info, "a sync is under way");
        return;
    }
    team.schedule.ask();
    team.start_sync_if_due(Instant::now());
}

/// About a second went by: start a sync if one is due.
pub(super) fn tick(app: &mut App, now: Instant) {
    if let Some(team) = app.team.as_mut() {
        team.start_sync_if_due(now);
    }
}

/// Takes what the sync thread answered, waiting up to `wait` for the first answer.
pub(super) fn take_replies(app: &mut App, wait: Duration) {
    let mut wait = wait;
    loop {
        let Some(team) = app.team.as_mut() else {
            return;
        };
        let reply = if wait.is_zero() {
            team.replies.try_recv().ok()
        } else {
            team.replies.recv_timeout(wait).ok()
        };
        let Some(reply) = reply else {
            return;
        };
        wait = Duration::ZERO;
        match reply {
            Reply::Status(status) => {
                team.status_outstanding = false;
                if let Ok(status) = status {
                    team.state = team.state.with_status(&status);
                }
            }
            Reply::Synced { outcome, status } => {
                team.schedule.finished(Instant::now());
                synced(app, outcome, status);
            }
        }
    }
}

fn synced(app: &mut App, outcome: Result<SyncReport, String>, status: Option<TeamStatus>) {
    let Some(team) = app.team.as_mut() else {
        return;
    };
    let report = match outcome {
        Ok(report) => report,
        Err(reason) => {
            let changed = !matches!(team.state, TeamState::NeedsAttention { .. });
            team.state = TeamState::NeedsAttention {
                reason: reason.clone(),
            };
            if changed {
                app.say(Tone::Error, failed_text(&reason));
            }
            return;
        }
    };
    let was_trouble = team.state.clone();
    team.state = after_sync(&report, status.as_ref());
    let arrivals = report.arrivals.clone();
    for arrival in &arrivals {
        team.arrivals.insert(arrival.case.clone(), arrival.clone());
    }
    if let TeamState::NeedsAttention { reason } = &team.state
        && was_trouble != team.state
    {
        let text = failed_text(reason);
        app.say(Tone::Error, text);
    } else if !arrivals.is_empty() {
        app.say(Tone::Info, arrivals_text(&arrivals));
    }
    if !report.received.is_empty() {
        // Look at the files now rather than at the next tick.
        let open = app.open_case_ids();
        app.persistence.poll(&open);
    }
}

/// A case screen is open on case `id`: it is no longer news.
pub(super) fn seen(app: &mut App) {
    let open = app.case_screen().map(|screen| screen.id.clone());
    if let (Some(team), Some(id)) = (app.team.as_mut(), open)
        && !team.arrivals.is_empty()
    {
        team.arrivals.remove(&id);
    }
}

/// What the status line says when cases came in.
pub fn arrivals_text(arrivals: &[Arrival]) -> String {
    match arrivals {
        [] => String::new(),
        [one] => format!("{} came in, changed by {}: {}", one.case, one.by, one.what),
        [first, rest @ ..] => format!(
            "{count} cases came in: {case} changed by {by} ({what}) and {others} more, marked ↓ in the queue",
            count = arrivals.len(),
            case = first.case,
            by = first.by,
            what = first.what,
            others = rest.len()
        ),
    }
}

/// What the status line says when a case open on screen came in and was reloaded.
pub fn reloaded_arrival_text(arrival: &Arrival) -> String {
    format!(
        "{case} came in from {by} and was reloaded: {what}",
        case = arrival.case,
        by = arrival.by,
        what = arrival.what
    )
}

fn failed_text(reason: &str) -> String {
    format!("sync needs attention: {reason}; nothing was lost (`migdesk sync` says more)")
}

fn not_a_team_text() -> &'static str {
    "this data directory is not shared with a team; `migdesk team init REMOTE` shares it"
}

fn attention_text(paths: &[String], reason: &str) -> String {
    if paths.is_empty() {
        reason.to_string()
    } else {
        format!("{reason} ({files})", files = paths.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(commits: u64, files: u64, receive: u64) -> TeamStatus {
        TeamStatus {
            remote: "file:///remote.git".to_string(),
            branch: "main".to_string(),
            commits_to_send: commits,
            changes_to_commit: files,
            commits_to_receive: receive,
            last_sync: None,
            interrupted: false,
            acting_person_on_team: Some(true),
            members: 2,
        }
    }

    #[test]
    fn the_header_says_each_state_in_few_words() {
        let cases = [
            (TeamState::InSync, "in sync"),
            (
                TeamState::Waiting {
                    send: 2,
                    receive: 0,
                },
                "2 to send",
            ),
            (
                TeamState::Waiting {
                    send: 0,
                    receive: 3,
                },
                "3 to receive",
            ),
            (
                TeamState::Waiting {
                    send: 1,
                    receive: 3,
                },
                "1 to send, 3 to receive",
            ),
            (TeamState::Offline { waiting: 0 }, "offline"),
            (TeamState::Offline { waiting: 4 }, "offline, 4 to send"),
            (
                TeamState::NeedsAttention {
                    reason: "x".to_string(),
                },
                "sync needs attention",
            ),
        ];
        for (state, text) in cases {
            assert_eq!(state.header_text(false), text);
            assert!(text.chars().count() <= 24, "{text}");
            assert_eq!(state.header_text(true), "syncing…");
        }
    }

    #[test]
    fn a_status_between_syncs_counts_but_keeps_a_trouble() {
        let counted = TeamState::InSync.with_status(&status(1, 2, 0));
        assert_eq!(
            counted,
            TeamState::Waiting {
                send: 3,
                receive: 0
            }
        );
        assert_eq!(
            TeamState::Offline { waiting: 1 }.with_status(&status(0, 2, 0)),
            TeamState::Offline { waiting: 2 }
        );
        let attention = TeamState::NeedsAttention {
            reason: "merge".to_string(),
        };
        assert_eq!(attention.with_status(&status(0, 0, 0)), attention);
        assert_eq!(
            TeamState::Waiting {
                send: 1,
                receive: 0
            }
            .with_status(&status(0, 0, 0)),
            TeamState::InSync
        );
    }

    fn report(outcome: SyncOutcome, refused: &[&str]) -> SyncReport {
        SyncReport {
            outcome,
            committed: Vec::new(),
            refused: refused.iter().map(ToString::to_string).collect(),
            received: Vec::new(),
            arrivals: Vec::new(),
            repaired: Vec::new(),
            attempts: 1,
        }
    }

    #[test]
    fn a_finished_sync_says_in_sync_offline_or_needs_attention() {
        assert_eq!(
            after_sync(&report(SyncOutcome::InSync, &[]), Some(&status(0, 0, 0))),
            TeamState::InSync
        );
        // A case saved while the sync ran is still to send.
        assert_eq!(
            after_sync(&report(SyncOutcome::InSync, &[]), Some(&status(0, 1, 0))),
            TeamState::Waiting {
                send: 1,
                receive: 0
            }
        );
        let offline = SyncOutcome::Offline {
            waiting: 2,
            reason: "unreachable".to_string(),
        };
        assert_eq!(
            after_sync(&report(offline, &[]), None),
            TeamState::Offline { waiting: 2 }
        );
        let refused = after_sync(
            &report(SyncOutcome::InSync, &["cases/MIG-0001.yaml: bad"]),
            None,
        );
        assert!(refused.is_trouble(), "{refused:?}");
        let stopped = SyncOutcome::NeedsAttention {
            paths: vec!["team.yaml".to_string()],
            reason: "conflict".to_string(),
        };
        assert_eq!(
            after_sync(&report(stopped, &[]), None),
            TeamState::NeedsAttention {
                reason: "conflict (team.yaml)".to_string()
            }
        );
    }

    #[test]
    fn arrivals_are_named_one_or_many() {
        let arrival = |case: &str| Arrival {
            case: case.to_string(),
            by: "bob".to_string(),
            what: "check draft".to_string(),
        };
        assert_eq!(
            arrivals_text(&[arrival("MIG-BO-0003")]),
            "MIG-BO-0003 came in, changed by bob: check draft"
        );
        let many = arrivals_text(&[arrival("MIG-BO-0003"), arrival("MIG-BO-0004")]);
        assert!(
            many.starts_with(
                "2 cases came in: MIG-BO-0003 changed by bob (check draft) and 1 more"
            ),
            "{many}"
        );
    }
}

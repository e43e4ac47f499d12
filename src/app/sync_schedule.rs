//! When the app syncs with the team by itself: a while after the last
//! change (debounced, so a burst of ticks makes one sync and not one per
//! key), every interval, once at start, and at once when the agent asks.
//! Pure: every call is handed the time, so tests drive it with a made-up
//! clock instead of sleeping.

use std::time::{Duration, Instant};

/// How long after the last change a sync starts: long enough for a run
/// of ticks and notes to go out as one sync, short enough that a colleague
/// sees the change within seconds.
pub const DEBOUNCE: Duration = Duration::from_secs(3);

/// A steady stream of changes (an agent ticking for a minute) still
/// syncs this long after the first of them.
pub const LONGEST_WAIT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct SyncSchedule {
    /// Whether changes and the interval start syncs (`[team] sync`); a
    /// sync asked for by the agent always starts.
    automatic: bool,
    interval: Duration,
    debounce: Duration,
    longest_wait: Duration,
    /// The first and the last change made since the last sync started.
    first_change: Option<Instant>,
    last_change: Option<Instant>,
    next_periodic: Instant,
    asked: bool,
    running: bool,
}

impl SyncSchedule {
    /// A schedule whose first sync is due at `now` (what came in while the
    /// app was closed), then every `interval`.
    pub fn new(automatic: bool, interval: Duration, now: Instant) -> SyncSchedule {
        SyncSchedule {
            automatic,
            interval,
            debounce: DEBOUNCE,
            longest_wait: LONGEST_WAIT,
            first_change: None,
            last_change: None,
            next_periodic: now,
            asked: false,
            running: false,
        }
    }

    /// A case was saved here at `now`.
    pub fn changed(&mut self, now: Instant) {
        self.first_change.get_or_insert(now);
        self.last_change = Some(now);
    }

    /// The agent asked for a sync now.
    pub fn ask(&mut self) {
        self.asked = true;
    }

    /// Whether a sync should start at `now`; never while one runs.
    pub fn due(&self, now: Instant) -> bool {
        if self.running {
            return false;
        }
        if self.asked {
            return true;
        }
        if !self.automatic {
            return false;
        }
        let quiet = self
            .last_change
            .is_some_and(|last| now >= last + self.debounce);
        let waited = self
            .first_change
            .is_some_and(|first| now >= first + self.longest_wait);
        quiet || waited || now >= self.next_periodic
    }

    /// A sync started: the changes made so far go with it.
    pub fn started(&mut self) {
        self.running = true;
        self.asked = false;
        self.first_change = None;
        self.last_change = None;
    }

    /// The sync ended at `now`; the next periodic one is an interval away.
    /// Changes made while it ran are still to send, debounced from when
    /// they were made.
    pub fn finished(&mut self, now: Instant) {
        self.running = false;
        self.next_periodic = now + self.interval;
    }

    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Whether changes were made that no sync has taken yet.
    pub fn has_changes(&self) -> bool {
        self.last_change.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INTERVAL: Duration = Duration::from_secs(300);

    /// A schedule whose start-up sync has run at `start`.
    fn settled(automatic: bool, start: Instant) -> SyncSchedule {
        let mut schedule = SyncSchedule::new(automatic, INTERVAL, start);
        assert!(schedule.due(start), "a sync is due at start");
        schedule.started();
        schedule.finished(start);
        schedule
    }

    fn seconds(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn a_change_syncs_once_the_agent_has_paused_for_the_debounce() {
        let start = Instant::now();
        let mut schedule = settled(true, start);
        assert!(!schedule.due(start + seconds(1)));
        schedule.changed(start + seconds(10));
        assert!(
            !schedule.due(start + seconds(12)),
            "still within the debounce"
        );
        // Another change pushes the sync back: one sync for the burst.
        schedule.changed(start + seconds(12));
        assert!(!schedule.due(start + seconds(14)));
        assert!(schedule.due(start + seconds(15)));
        schedule.started();
        assert!(!schedule.due(start + seconds(16)), "never two at once");
        schedule.finished(start + seconds(16));
        assert!(!schedule.due(start + seconds(17)), "nothing left to send");
    }

    #[test]
    fn a_steady_stream_of_changes_still_syncs_after_the_longest_wait() {
        let start = Instant::now();
        let mut schedule = settled(true, start);
        let mut now = start + seconds(1);
        let mut synced_at = None;
        // A change every two seconds: never a pause as long as the debounce.
        for _ in 0..40 {
            schedule.changed(now);
            if schedule.due(now) {
                synced_at = Some(now);
                break;
            }
            now += seconds(2);
        }
        let synced_at = synced_at.expect("a sync started");
        assert!(
            synced_at <= start + seconds(1) + LONGEST_WAIT,
            "{synced_at:?}"
        );
        assert!(synced_at >= start + LONGEST_WAIT);
    }

    #[test]
    fn with_nothing_changed_it_syncs_every_interval_from_the_end_of_the_last() {
        let start = Instant::now();
        let mut schedule = settled(true, start);
        assert!(!schedule.due(start + INTERVAL - seconds(1)));
        assert!(schedule.due(start + INTERVAL));
        schedule.started();
        // A slow sync: the interval counts from its end.
        schedule.finished(start + INTERVAL + seconds(20));
        assert!(!schedule.due(start + INTERVAL * 2));
        assert!(schedule.due(start + INTERVAL * 2 + seconds(20)));
    }

    #[test]
    fn a_change_made_while_a_sync_runs_goes_out_with_the_next_one() {
        let start = Instant::now();
        let mut schedule = settled(true, start);
        schedule.changed(start + seconds(10));
        schedule.started();
        schedule.changed(start + seconds(14));
        assert!(!schedule.due(start + seconds(20)), "one runs");
        schedule.finished(start + seconds(20));
        assert!(schedule.has_changes());
        assert!(schedule.due(start + seconds(20)), "its debounce is over");
    }

    #[test]
    fn asked_for_it_syncs_at_once_and_only_once() {
        let start = Instant::now();
        let mut schedule = settled(true, start);
        schedule.ask();
        assert!(schedule.due(start + seconds(1)));
        schedule.started();
        schedule.finished(start + seconds(2));
        assert!(!schedule.due(start + seconds(3)));
    }

    #[test]
    fn with_automatic_sync_off_only_the_agent_starts_one() {
        let start = Instant::now();
        let mut schedule = SyncSchedule::new(false, INTERVAL, start);
        assert!(!schedule.due(start), "no start-up sync");
        schedule.changed(start);
        assert!(!schedule.due(start + LONGEST_WAIT + INTERVAL));
        schedule.ask();
        assert!(schedule.due(start + seconds(1)));
    }
}

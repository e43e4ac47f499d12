//! Event ids and Lamport clocks. An id is derived from what the event
//! records (the case, its clock, when, who, what) — not from the machine
//! — so the same file gives the same ids everywhere, files written before
//! ids existed get theirs on every machine alike, and one event that
//! reaches a merge from two sides is one event.

use serde::Serialize;

use super::case::{Case, Event};

/// The event's own id, or the one derived for it.
pub fn event_id(case_id: &str, event: &Event) -> String {
    event
        .id
        .clone()
        .unwrap_or_else(|| derive_id(case_id, event))
}

/// The event's clock; older files have none, where it is the sequence number.
pub fn event_clock(event: &Event) -> u64 {
    event.clock.unwrap_or(event.seq)
}

/// What identifies an event: everything it records except its place in
/// one machine's history (`seq`, `undoes`), which merges renumber.
#[derive(Serialize)]
struct Identity<'a> {
    case: &'a str,
    clock: u64,
    at: String,
    by: &'a str,
    action: super::case::EventKind,
    step: &'a Option<String>,
    fact: &'a Option<String>,
    from: &'a Option<super::FactValue>,
    to: &'a Option<super::FactValue>,
    verdict: &'a Option<super::Verdict>,
    text: &'a Option<String>,
    acknowledged: &'a Option<String>,
    resolves: &'a Option<String>,
}

fn derive_id(case_id: &str, event: &Event) -> String {
    let identity = Identity {
        case: case_id,
        clock: event_clock(event),
        at: event
            .at
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        by: &event.by,
        action: event.action,
        step: &event.step,
        fact: &event.fact,
        from: &event.from,
        to: &event.to,
        verdict: &event.verdict,
        text: &event.text,
        acknowledged: &event.acknowledged,
        resolves: &event.resolves,
    };
    // Serialising plain fields into a string cannot fail; an empty text would still hash.
    let text = serde_json::to_string(&identity).unwrap_or_default();
    // Two independent 64-bit FNV-1a hashes: 128 bits, so ids of distinct
    // events do not collide in practice (this is no defence against forgery:
    // anyone who can push can write any file, see docs/team.md).
    format!(
        "{:016x}{:016x}",
        fnv1a(text.as_bytes(), 0xcbf2_9ce4_8422_2325),
        fnv1a(text.as_bytes(), 0x6c62_272e_07bb_0142)
    )
}

fn fnv1a(bytes: &[u8], basis: u64) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(basis, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(PRIME)
    })
}

impl Case {
    /// The highest clock among the case's events, refused ones included.
    pub fn clock(&self) -> u64 {
        self.history
            .iter()
            .chain(self.merge_notices.iter().map(|notice| &notice.event))
            .map(event_clock)
            .max()
            .unwrap_or(0)
    }

    /// Gives `event` the next clock and its id, appends it to the history
    /// and returns it as recorded.
    pub fn record(&mut self, mut event: Event) -> Event {
        event.clock = Some(self.clock() + 1);
        event.id = None;
        event.id = Some(derive_id(&self.id, &event));
        self.history.push(event.clone());
        event
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{TimeZone as _, Utc};

    use super::*;
    use crate::model::case::EventKind;

    fn note(seq: u64, by: &str, text: &str) -> Event {
        let mut event = Event::new(
            seq,
            Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap(),
            by,
            EventKind::Note,
        );
        event.text = Some(text.to_string());
        event
    }

    #[test]
    fn ids_depend_on_what_happened_not_on_the_place_in_a_history() {
        let first = note(3, "alice", "called");
        let mut renumbered = first.clone();
        renumbered.seq = 7;
        renumbered.clock = Some(3);
        assert_eq!(
            event_id("MIG-0001", &first),
            event_id("MIG-0001", &renumbered)
        );
        assert_ne!(event_id("MIG-0001", &first), event_id("MIG-0002", &first));
        assert_ne!(
            event_id("MIG-0001", &first),
            event_id("MIG-0001", &note(3, "bob", "called"))
        );
        assert_ne!(
            event_id("MIG-0001", &first),
            event_id("MIG-0001", &note(4, "alice", "called"))
        );
        assert_eq!(event_id("MIG-0001", &first).len(), 32);
    }

    #[test]
    fn a_stored_id_is_kept_as_it_is() {
        let mut event = note(1, "alice", "x");
        event.id = Some("given".to_string());
        assert_eq!(event_id("MIG-0001", &event), "given");
    }
}

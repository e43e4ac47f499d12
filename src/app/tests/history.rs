//! The history screen: `L` on a case shows its whole audit trail, newest
//! first, with who, when, notes and reasons, undone events marked with the
//! event that undid them; it scrolls and Esc goes back to the case.

use super::snapshots::snapshot;
use super::{Harness, eligible_tiny};
use crate::app::{Context, Screen};

fn scroll(harness: &Harness) -> usize {
    match harness.app.screens.last() {
        Some(Screen::History(screen)) => screen.scroll,
        other => panic!("the history screen, got {other:?}"),
    }
}

/// A case with a tick undone, a note with two lines, a hold and a rename.
fn worked_case() -> Harness {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("open_ticket");
    harness.press("<space>u");
    harness.press("aCalled the customer<enter>");
    harness.press("Hwaiting for the contract<enter>");
    harness.press("T<c-u>Acme Industries<enter>");
    harness
}

#[test]
fn l_opens_the_whole_history_newest_first_with_who_when_and_why() {
    let mut harness = worked_case();
    harness.press("L");
    assert_eq!(harness.app.context(), Context::History);
    let screen = harness.render(120, 40);
    for expected in [
        "History of MIG-0001 — Acme Industries · 10 events, newest first",
        "renamed the case to “Acme Industries” (was “Acme”)",
        "changed the status from open to on_hold",
        "waiting for the contract",
        "added a note",
        "Called the customer",
        "ticked “Open the ticket” — undone by #7",
        "unticked “Open the ticket” (undoes #6)",
        "opened the case",
        "alice",
        "2026-11-02 10:00",
    ] {
        assert!(screen.contains(expected), "{expected:?} in\n{screen}");
    }
    let newest = screen.find("renamed the case").unwrap();
    let oldest = screen.find("opened the case").unwrap();
    assert!(newest < oldest, "newest first:\n{screen}");
    snapshot("case_history", &harness);
}

#[test]
fn the_history_scrolls_within_its_length_and_esc_goes_back_to_the_case() {
    let mut harness = worked_case();
    harness.press("L");
    harness.press("j");
    assert_eq!(scroll(&harness), 1);
    let screen = harness.render(120, 40);
    assert!(!screen.contains("renamed the case"), "{screen}");
    harness.press("kk");
    assert_eq!(scroll(&harness), 0);
    harness.press("G");
    let bottom = scroll(&harness);
    harness.press("jjjj");
    assert_eq!(scroll(&harness), bottom, "never past the oldest event");
    assert!(harness.render(120, 40).contains("opened the case"));
    harness.press("<esc>");
    assert_eq!(harness.app.context(), Context::Case);
}

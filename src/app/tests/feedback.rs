//! Honest feedback: finishing a case says so with its count of steps, and
//! an undo names what was undone rather than the change that undid it.

use super::{Harness, eligible_tiny};

fn status_text(harness: &Harness) -> String {
    harness
        .app
        .status
        .as_ref()
        .map(|status| status.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_last_tick_says_the_case_is_done_with_its_count_of_steps() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("open_ticket");
    harness.press("<space>");
    assert_eq!(status_text(&harness), "tick “Open the ticket”");
    harness.select_step("cut_billing");
    // Its warning is confirmed with Enter.
    harness.press("<space><enter>");
    harness.select_step("tell_partner");
    harness.press("<space>");
    assert_eq!(status_text(&harness), "MIG-0001 done — 3 of 3 steps");
}

#[test]
fn undoing_a_skip_names_the_skip() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("tell_partner");
    harness.press("-the partner was told by phone already<enter>");
    harness.press("u");
    assert_eq!(status_text(&harness), "undone: skip “Tell the partner”");
}

#[test]
fn undoing_a_fact_names_the_fact_by_its_label() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.press("<tab>");
    harness.select_fact("express");
    harness.press("<space>");
    assert_eq!(status_text(&harness), "set “Express handling?” to yes");
    harness.press("u");
    assert_eq!(
        status_text(&harness),
        "undone: set “Express handling?” to yes"
    );
}

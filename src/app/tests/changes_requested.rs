//! A rejected approval gives the case the status "changes requested", with
//! the reviewer and the reason in the queue and the case header, until the
//! assignee changes something.

use super::Harness;
use super::snapshots::snapshot;
use crate::engine::DerivedStatus;

/// The demo, with MIG-0003's team-lead validation rejected by alice.
fn rejected() -> Harness {
    let mut harness = Harness::demo();
    harness.press("rR");
    harness.press("contrat non signé<enter>");
    harness.press("<esc>");
    harness.app.status = None;
    harness
}

#[test]
fn a_rejection_shows_as_changes_requested_in_the_queue_with_who_and_why() {
    let harness = rejected();
    let summary = harness.app.cases.summary_of("MIG-0003").unwrap();
    assert_eq!(summary.status, Some(DerivedStatus::ChangesRequested));
    assert_eq!(
        summary.changes_requested.as_deref(),
        Some("alice: contrat non signé")
    );
    let screen = harness.render(120, 40);
    let row = screen
        .lines()
        .find(|line| line.contains("MIG-0003"))
        .unwrap();
    assert!(row.contains("changes requested"), "{row}");
    assert!(row.contains("alice: contrat"), "{row}");
}

#[test]
fn the_case_header_names_the_reviewer_and_the_reason() {
    let mut harness = rejected();
    harness.open("MIG-0003");
    let screen = harness.render(120, 40);
    assert!(screen.contains("changes requested ·"), "{screen}");
    assert!(
        screen.contains("changes requested by alice on “"),
        "{screen}"
    );
    assert!(screen.contains("contrat non signé"), "{screen}");
}

#[test]
fn the_status_goes_once_the_assignee_changes_something() {
    let harness = rejected();
    let assignee = harness.case("MIG-0003").assignee.clone();
    assert_ne!(assignee, "alice");
    let mut harness = harness.reopen_as(&assignee);
    harness.open("MIG-0003");
    harness.press("aSigned contract attached<enter>");
    let summary = harness.app.cases.summary_of("MIG-0003").unwrap();
    assert_eq!(summary.status, Some(DerivedStatus::InReview), "{summary:?}");
    assert_eq!(summary.changes_requested, None);
    assert!(!harness.render(120, 40).contains("changes requested"));
}

#[test]
fn snapshots_of_a_case_with_changes_requested() {
    let harness = rejected();
    snapshot("queue_changes_requested", &harness);
    let mut harness = rejected();
    harness.open("MIG-0003");
    snapshot("case_changes_requested", &harness);
}

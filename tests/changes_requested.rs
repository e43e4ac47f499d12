//! "Changes requested" is a derived status: a rejected approval sends the
//! case back to its assignee, with the reviewer and the reason, until the
//! assignee changes something. Through the real binary, as `show` and
//! `list` tell it.
#![allow(clippy::unwrap_used)]

mod harness;

use harness::Desk;

/// A tiny-approval case of alice's whose validation lead rejected.
fn rejected(desk: &Desk) -> String {
    let id = desk.new_case("tiny-approval", "Acme", &["seats=3"]);
    desk.ok(&["check", &id, "draft"]);
    let output = desk.run_as(
        "lead",
        &[
            "review",
            &id,
            "validate",
            "--reject",
            "--reason",
            "contract not signed",
        ],
    );
    assert!(output.status.success(), "{}", harness::stderr(&output));
    id
}

#[test]
fn a_rejected_approval_makes_the_case_changes_requested_with_who_and_why() {
    let desk = Desk::new();
    let id = rejected(&desk);
    let shown = desk.json(&["show", &id, "--json"]);
    assert_eq!(shown["status"], "changes_requested", "{shown}");
    assert_eq!(shown["changes_requested"]["by"], "lead");
    assert_eq!(shown["changes_requested"]["step"], "validate");
    assert_eq!(shown["changes_requested"]["reason"], "contract not signed");
    let text = desk.ok(&["show", &id]);
    assert!(
        text.contains("changes_requested (by lead on validate: contract not signed)"),
        "{text}"
    );
    let list = desk.ok(&["list"]);
    assert!(list.contains("changes_requested"), "{list}");
}

#[test]
fn the_status_holds_until_the_assignee_changes_something() {
    let desk = Desk::new();
    let id = rejected(&desk);
    // Someone else's note does not answer the reviewer.
    let output = desk.run_as("lead", &["note", &id, "see the ticket"]);
    assert!(output.status.success(), "{}", harness::stderr(&output));
    assert_eq!(
        desk.json(&["show", &id, "--json"])["status"],
        "changes_requested"
    );
    desk.ok(&["note", &id, "signed contract attached"]);
    let shown = desk.json(&["show", &id, "--json"]);
    assert_eq!(shown["status"], "in_review", "{shown}");
    assert!(shown["changes_requested"].is_null());
}

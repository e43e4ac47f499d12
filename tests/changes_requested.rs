//! "Changes requested" is a derived status: a rejected approval sends the
//! case back to its assignee, with the reviewer and the reason, until the
//! assignee changes something; and assignment (`assign`, `take`), which
//! decides who that assignee is. Through the real binary, as `show` and
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
        text.contains("changes requested (by lead on validate: contract not signed)"),
        "{text}"
    );
    let list = desk.ok(&["list"]);
    assert!(list.contains("changes requested"), "{list}");
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

#[test]
fn assign_gives_a_case_to_someone_and_take_to_yourself_recorded_in_the_history() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Acme", &["seats=3"]);
    let said = desk.ok(&["assign", &id, "bob"]);
    assert!(said.contains("gave the case to bob"), "{said}");
    let shown = desk.json(&["show", &id, "--json"]);
    assert_eq!(shown["assignee"], "bob", "{shown}");
    // The same person, whatever the case of the letters: nothing to do.
    let output = desk.run(&["assign", &id, " BOB "]);
    assert!(!output.status.success());
    assert!(harness::stderr(&output).contains("already assigned to bob"));
    let output = desk.run_as("carol", &["take", &id]);
    assert!(output.status.success(), "{}", harness::stderr(&output));
    let file: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(desk.case_path(&id)).unwrap()).unwrap();
    assert_eq!(file["assignee"], "carol");
    let assigns: Vec<(&str, &str, &str)> = file["history"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter(|event| event["action"] == "assign")
        .map(|event| {
            (
                event["by"].as_str().unwrap(),
                event["from"].as_str().unwrap(),
                event["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        assigns,
        [("alice", "alice", "bob"), ("carol", "bob", "carol")]
    );
    // Carol, the assignee, may not review; neither may bob, who held it before.
    desk.ok(&["check", &id, "draft"]);
    let output = desk.run_as(
        "carol",
        &["review", &id, "validate", "--approve", "--reason", "ok"],
    );
    assert!(!output.status.success());
    assert!(harness::stderr(&output).contains("four-eyes"));
    let output = desk.run_as(
        "bob",
        &["review", &id, "validate", "--approve", "--reason", "ok"],
    );
    assert!(!output.status.success());
    assert!(harness::stderr(&output).contains("four-eyes:past-work"));
}

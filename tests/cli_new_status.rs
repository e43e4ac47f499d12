//! `new --set` with several facts, as `set` takes them; `status CASE hold`.
#![allow(clippy::unwrap_used)]

mod common;

use common::desk::{Desk, stderr};

#[test]
fn new_set_takes_several_facts_after_one_flag_and_repeated_flags() {
    let desk = Desk::new();
    let id = desk
        .ok(&[
            "new",
            "undo-migration",
            "--title",
            "Institut Rose",
            "--set",
            "has_debts=no",
            "pro_company_name=Institut Rose",
            "new_company_name=Institut Rose",
            "--set",
            "pro_vat_number=FR1",
            "new_vat_number=FR1",
        ])
        .trim()
        .to_string();
    let facts = &desk.show(&id)["facts"];
    assert_eq!(facts["has_debts"], false);
    assert_eq!(facts["pro_company_name"], "Institut Rose");
    assert_eq!(facts["new_company_name"], "Institut Rose");
    assert_eq!(facts["pro_vat_number"], "FR1");
    assert_eq!(facts["new_vat_number"], "FR1");
    // Eligible, so the first step can be ticked.
    desk.check(&id, "create_opportunity");
}

#[test]
fn new_set_with_a_value_that_is_not_an_assignment_names_it() {
    let desk = Desk::new();
    let output = desk.run(&[
        "new",
        "undo-migration",
        "--title",
        "X",
        "--set",
        "has_debts=no",
        "oops",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`oops` is not FACT=VALUE"),
        "{}",
        stderr(&output)
    );
    assert!(!desk.path().join("cases").join("MIG-0001.yaml").exists());
}

#[test]
fn status_accepts_hold_as_well_as_on_hold() {
    let desk = Desk::new();
    let id = desk.open("undo-migration", &["has_debts=no"]);
    for (word, status) in [
        ("hold", "on_hold"),
        ("open", "open"),
        ("on_hold", "on_hold"),
        ("open", "open"),
        ("on-hold", "on_hold"),
    ] {
        desk.ok(&["status", &id, word]);
        assert_eq!(desk.show(&id)["agent_status"], status, "{word}");
    }
    let output = desk.run(&["status", &id, "paused"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("on_hold"), "{}", stderr(&output));
}

#[test]
fn status_keeps_its_reason_and_rename_gives_a_new_title_both_in_the_history() {
    let desk = Desk::new();
    let id = desk.open("undo-migration", &["has_debts=no"]);
    desk.ok(&[
        "status",
        &id,
        "hold",
        "--reason",
        "waiting for the contract",
    ]);
    let output = desk.run(&["status", &id, "open", "--reason", "  "]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("status-reason"),
        "{}",
        stderr(&output)
    );
    desk.ok(&["rename", &id, "Institut Rose (Lyon)"]);
    let shown = desk.show(&id);
    assert_eq!(shown["title"], "Institut Rose (Lyon)", "{shown}");
    let history = shown["history"].as_array().unwrap();
    let status = history.iter().find(|e| e["action"] == "status").unwrap();
    assert_eq!(status["text"], "waiting for the contract", "{status}");
    let rename = history.iter().find(|e| e["action"] == "rename").unwrap();
    assert_eq!(rename["to"], "Institut Rose (Lyon)", "{rename}");
    let text = desk.ok(&["show", &id]);
    assert!(
        text.contains("renamed the case to Institut Rose (Lyon)"),
        "{text}"
    );
    // A held case names the command that reopens it.
    desk.refused(
        &["check", &id, "create_opportunity"],
        "on_hold",
        "reopen it first: `migdesk status",
    );
}

#[test]
fn due_sets_the_date_by_hand_over_the_timing_and_playbook_gives_it_back() {
    let desk = Desk::new();
    let id = desk.open("undo-migration", &["has_debts=no"]);
    let timed = desk.show(&id)["due"].clone();
    desk.ok(&["due", &id, "2026-12-24", "--reason", "the customer asked"]);
    let shown = desk.show(&id);
    assert_eq!(shown["due"], "2026-12-24", "{shown}");
    let output = desk.run(&["due", &id, "24/12", "--reason", "x"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("YYYY-MM-DD"),
        "{}",
        stderr(&output)
    );
    let output = desk.run(&["due", &id, "2026-12-31", "--reason", " "]);
    assert_eq!(output.status.code(), Some(3));
    assert!(
        stderr(&output).contains("due-reason"),
        "{}",
        stderr(&output)
    );
    desk.ok(&["due", &id, "playbook", "--reason", "back on schedule"]);
    assert_eq!(desk.show(&id)["due"], timed);
    let text = desk.ok(&["show", &id]);
    assert!(
        text.contains("set the due date to 2026-12-24 by hand"),
        "{text}"
    );
}

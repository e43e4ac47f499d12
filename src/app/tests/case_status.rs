//! Hold, cancel, reopen and rename from the case screen, each through
//! `engine::apply` with its reason or new title recorded in the history;
//! and no message of the app names a command-line command.

use super::{Harness, eligible_tiny};
use crate::app::{Context, Dialog};
use crate::model::{CaseStatus, EventKind};

fn last_event(harness: &Harness, id: &str) -> crate::model::Event {
    let stored = harness.other_writer().load(id).unwrap().case;
    stored.history.last().cloned().unwrap()
}

#[test]
fn h_puts_the_case_on_hold_with_a_reason_kept_in_the_history() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.press("H");
    assert_eq!(harness.app.context(), Context::Prompt);
    // A hold without a reason is refused and the prompt stays open.
    harness.press("<enter>");
    let error = harness.prompt_error();
    assert!(error.contains("needs a reason"), "{error}");
    harness.press("waiting for the customer's contract<enter>");
    assert_eq!(harness.app.context(), Context::Case);
    assert_eq!(harness.case("MIG-0001").status, CaseStatus::OnHold);
    let event = last_event(&harness, "MIG-0001");
    assert_eq!(event.action, EventKind::Status);
    assert_eq!(
        event.text.as_deref(),
        Some("waiting for the customer's contract")
    );
    let screen = harness.render(120, 40);
    assert!(screen.contains("on hold"), "{screen}");
}

#[test]
fn a_held_case_refuses_a_tick_and_names_the_reopen_key_not_a_command() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.press("Hcustomer on holiday<enter>");
    harness.select_step("open_ticket");
    harness.press("<space>");
    let Some(Dialog::Refused(refusal)) = harness.app.dialog.clone() else {
        panic!("a refusal, got {:?}", harness.app.dialog);
    };
    assert_eq!(refusal.rule(), "on_hold");
    let screen = harness.render(120, 40);
    assert!(!screen.contains("migdesk "), "{screen}");
    assert!(screen.contains("reopen it first (O)"), "{screen}");
    harness.press("<esc>Ocontract arrived<enter>");
    assert_eq!(harness.case("MIG-0001").status, CaseStatus::Open);
    assert_eq!(
        last_event(&harness, "MIG-0001").text.as_deref(),
        Some("contract arrived")
    );
}

#[test]
fn x_cancels_and_u_takes_the_cancellation_back() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.press("Xthe customer stays on the old offering<enter>");
    assert_eq!(harness.case("MIG-0001").status, CaseStatus::Cancelled);
    // Reopening an open case is refused in the prompt: nothing to do.
    harness.press("u");
    assert_eq!(harness.case("MIG-0001").status, CaseStatus::Open);
    harness.press("Ofine<enter>");
    let error = harness.prompt_error();
    assert!(error.contains("already open"), "{error}");
}

#[test]
fn t_renames_the_case_from_its_current_title() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.press("T");
    // The prompt starts with the current title, to edit.
    match &harness.app.dialog {
        Some(Dialog::Prompt(prompt)) => assert_eq!(prompt.input.value(), "Acme"),
        other => panic!("a prompt, got {other:?}"),
    }
    harness.press("<c-u><enter>");
    let error = harness.prompt_error();
    assert!(error.contains("needs a title"), "{error}");
    harness.press("Acme Industries<enter>");
    assert_eq!(harness.case("MIG-0001").title, "Acme Industries");
    let event = last_event(&harness, "MIG-0001");
    assert_eq!(event.action, EventKind::Rename);
    assert_eq!(event.from.unwrap().to_string(), "Acme");
    let queue_line = harness.render(120, 40);
    assert!(queue_line.contains("Acme Industries"), "{queue_line}");
    harness.press("u");
    assert_eq!(harness.case("MIG-0001").title, "Acme");
}

#[test]
fn ticking_an_approval_step_names_review_mode_not_a_command() {
    let mut harness = Harness::demo();
    harness.open("MIG-0003");
    harness.select_step("tl_validation");
    harness.press("<space>");
    let Some(Dialog::Refused(refusal)) = harness.app.dialog.clone() else {
        panic!("a refusal, got {:?}", harness.app.dialog);
    };
    assert_eq!(refusal.rule(), "approval");
    let screen = harness.render(120, 40);
    assert!(!screen.contains("migdesk "), "{screen}");
    assert!(screen.contains("review mode (r in the queue)"), "{screen}");
}

#[test]
fn d_sets_the_due_date_by_hand_with_a_reason_shown_in_the_header() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    let playbook_due = harness.case("MIG-0001").due;
    harness.press("D");
    assert_eq!(harness.app.context(), Context::Prompt);
    // A date that is not one, and a date without a reason, are refused in place.
    harness.press("<c-u>20/11/2026 moved<enter>");
    assert!(harness.prompt_error().contains("YYYY-MM-DD"));
    harness.press("<c-u>2026-11-20<enter>");
    assert!(harness.prompt_error().contains("needs a reason"));
    harness.press("<c-u>2026-11-20 the customer moved the migration<enter>");
    let case = harness.case("MIG-0001");
    assert_eq!(
        case.due.map(|d| d.to_string()).as_deref(),
        Some("2026-11-20")
    );
    let set = case.due_override.clone().unwrap();
    assert_eq!(set.reason, "the customer moved the migration");
    assert_eq!(last_event(&harness, "MIG-0001").action, EventKind::Due);
    let screen = harness.render(120, 40);
    assert!(
        screen.contains("due 2026-11-20 (set by hand by alice: the customer moved the migration)"),
        "{screen}"
    );
    // `playbook` gives the date back to the playbook's timing.
    harness.press("D<c-u>playbook the customer is back on schedule<enter>");
    assert_eq!(harness.case("MIG-0001").due, playbook_due);
    assert!(harness.case("MIG-0001").due_override.is_none());
}

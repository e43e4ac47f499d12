//! Review mode: approving as a second person, four eyes, rejecting with a reason.

use super::Harness;
use crate::app::{Context, Dialog, Screen};
use crate::engine::RefusalReason;
use crate::model::{EventKind, StepState, Verdict};

fn current(harness: &Harness) -> (String, String) {
    match harness.app.screens.last() {
        Some(Screen::Review(screen)) => {
            let item = screen.current().unwrap();
            (item.case.clone(), item.step.clone())
        }
        _ => panic!("not in review mode"),
    }
}

#[test]
fn review_mode_steps_through_the_waiting_approvals() {
    let mut harness = Harness::demo();
    harness.press("r");
    assert_eq!(harness.app.context(), Context::Review);
    assert_eq!(
        current(&harness),
        ("MIG-0003".to_string(), "tl_validation".to_string())
    );
    harness.press("]");
    assert_eq!(current(&harness).0, "MIG-0004");
    harness.press("j");
    assert_eq!(current(&harness).0, "MIG-0004", "stays on the last");
    // `n` is "new case" everywhere, so it does nothing here.
    harness.press("n");
    assert_eq!(harness.app.context(), Context::Review);
    harness.press("[");
    assert_eq!(current(&harness).0, "MIG-0003");
    let screen = harness.render(120, 40);
    assert!(
        screen.contains("What changed since it was submitted"),
        "{screen}"
    );
    assert!(screen.contains("ticked Rajouter aussi le pavé"), "{screen}");
    assert!(screen.contains("No step was skipped."), "{screen}");
    harness.press("<enter>");
    assert_eq!(harness.open_id(), "MIG-0003");
    harness.press("<esc>");
    assert!(harness.top_is_review());
    harness.press("<esc>");
    assert!(harness.app.screens.is_empty());
}

#[test]
fn a_second_person_approves() {
    let mut harness = Harness::demo();
    harness.press("rA");
    assert_eq!(harness.app.context(), Context::Prompt);
    harness.press("ok pour moi<enter>");
    let case = harness.case("MIG-0003");
    assert_eq!(case.step_state("tl_validation"), StepState::Done);
    let review = case.steps["tl_validation"].review.clone().unwrap();
    assert_eq!(review.verdict, Verdict::Approved);
    assert_eq!(review.by, "alice");
    assert_eq!(case.history.last().unwrap().action, EventKind::Review);
    assert_eq!(current(&harness).0, "MIG-0004", "moves on to the next one");
}

#[test]
fn the_assignee_is_told_before_trying_and_cannot_approve() {
    let mut harness = Harness::demo();
    harness.press("r]");
    assert_eq!(current(&harness).0, "MIG-0004");
    let screen = harness.render(120, 40);
    assert!(
        screen.contains("You are the assignee of MIG-0004"),
        "{screen}"
    );
    let before = harness.case("MIG-0004").clone();
    harness.press("A");
    match &harness.app.dialog {
        Some(Dialog::Refused(refusal)) => assert_eq!(refusal.reason, RefusalReason::FourEyes),
        other => panic!("expected the four-eyes refusal, got {other:?}"),
    }
    assert_eq!(harness.case("MIG-0004"), &before);
}

#[test]
fn a_rejection_needs_a_reason() {
    let mut harness = Harness::demo();
    harness.press("rR<enter>");
    let error = harness.prompt_error();
    assert!(error.contains("needs a reason"), "{error}");
    assert!(!harness.case("MIG-0003").steps.contains_key("tl_validation"));
    harness.press("contrat non signé<enter>");
    let review = harness.case("MIG-0003").steps["tl_validation"]
        .review
        .clone()
        .unwrap();
    assert_eq!(review.verdict, Verdict::Rejected);
    assert_eq!(review.reason, "contrat non signé");
    assert_eq!(
        harness.case("MIG-0003").step_state("tl_validation"),
        StepState::Todo
    );
}

#[test]
fn review_mode_with_nothing_to_review_says_so() {
    let mut harness = Harness::as_user("bob", |store| {
        super::create_case(store, "saas-pro-to-connect", "Acme", "bob", &[]);
    });
    harness.press("r");
    assert!(harness.app.screens.is_empty());
    assert!(
        harness
            .app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("no case is waiting")
    );
}

#[test]
fn after_the_last_review_the_queue_comes_back() {
    let mut harness = Harness::demo().reopen_as("bob");
    harness.press("rA<enter>");
    assert_eq!(current(&harness).0, "MIG-0004");
    harness.press("A<enter>");
    assert!(harness.app.screens.is_empty(), "nothing left to review");
    assert_eq!(
        harness.case("MIG-0004").step_state("tl_validation"),
        StepState::Done
    );
    let said = &harness.app.status.as_ref().unwrap().text;
    assert!(said.starts_with("MIG-0004: approved"), "{said}");
    assert!(
        said.ends_with("; no other case is waiting for a review"),
        "{said}"
    );
}

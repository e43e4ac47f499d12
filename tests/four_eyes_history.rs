//! Four eyes over the case's whole history: after a reassignment, whoever
//! was ever the case's assignee, or ticked or skipped one of its steps,
//! cannot approve it, and the refusal says which of the two it was. Through
//! `apply` on the tiny approval fixture, and once through the real binary.
#![allow(clippy::unwrap_used)]

mod harness;

use chrono::{DateTime, TimeZone, Utc};
use migdesk::catalog::{ValidPlaybook, parse_playbook};
use migdesk::engine::{Actor, Change, RefusalReason, apply, new_case};
use migdesk::model::{Case, FactValue, Verdict};

fn fixture() -> ValidPlaybook {
    let path = format!(
        "{}/tests/fixtures/tiny-approval.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    parse_playbook(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()
}

fn actor(name: &str) -> Actor {
    Actor::new(name, monday())
}

/// Alice's case, ready for review once `draft` is ticked by `ticker`.
fn case_ticked_by(playbook: &ValidPlaybook, ticker: &str) -> Case {
    let mut case = new_case(
        playbook,
        "MIG-0001",
        "Acme",
        "alice",
        vec![
            (
                "offering".into(),
                Some(FactValue::Text("self-managed".into())),
            ),
            ("seats".into(), Some(FactValue::Integer(2))),
        ],
        &actor("alice"),
    )
    .unwrap();
    let tick = Change::Check {
        step: "draft".into(),
        note: None,
        acknowledged: false,
    };
    apply(playbook, &mut case, tick, &actor(ticker)).unwrap();
    case
}

fn assign(playbook: &ValidPlaybook, case: &mut Case, to: &str) {
    let change = Change::Assign {
        assignee: to.into(),
    };
    apply(playbook, case, change, &actor("lead")).unwrap();
}

fn approve(playbook: &ValidPlaybook, case: &mut Case, reviewer: &str) -> Result<(), RefusalReason> {
    let change = Change::Review {
        step: "validate".into(),
        verdict: Verdict::Approved,
        reason: "looks right".into(),
    };
    apply(playbook, case, change, &actor(reviewer))
        .map(|_| ())
        .map_err(|refusal| refusal.reason)
}

#[test]
fn a_former_assignee_cannot_approve_after_the_case_is_reassigned() {
    let playbook = fixture();
    let mut case = case_ticked_by(&playbook, "alice");
    assign(&playbook, &mut case, "bob");
    assign(&playbook, &mut case, "carol");
    for former in ["alice", "Bob", " BOB "] {
        assert_eq!(
            approve(&playbook, &mut case.clone(), former),
            Err(RefusalReason::FourEyesPastWork),
            "{former}"
        );
    }
    // The current assignee keeps the plain four-eyes refusal.
    assert_eq!(
        approve(&playbook, &mut case.clone(), "carol"),
        Err(RefusalReason::FourEyes)
    );
    // Someone who never held it nor worked on it may.
    assert_eq!(approve(&playbook, &mut case, "dave"), Ok(()));
}

#[test]
fn whoever_ticked_a_step_cannot_approve_it_even_when_never_the_assignee() {
    let playbook = fixture();
    let mut case = case_ticked_by(&playbook, "erin");
    assert_eq!(
        approve(&playbook, &mut case.clone(), "erin"),
        Err(RefusalReason::FourEyesPastWork)
    );
    // A name that passes for her is refused as well.
    assert_eq!(
        approve(&playbook, &mut case.clone(), "ERIN"),
        Err(RefusalReason::FourEyesPastWork)
    );
    assert_eq!(approve(&playbook, &mut case, "lead"), Ok(()));
}

#[test]
fn the_refusal_names_what_the_reviewer_did_on_the_case() {
    let playbook = fixture();
    let mut case = case_ticked_by(&playbook, "erin");
    assign(&playbook, &mut case, "bob");
    let change = |_: ()| Change::Review {
        step: "validate".into(),
        verdict: Verdict::Approved,
        reason: "fine".into(),
    };
    let refusal = apply(&playbook, &mut case.clone(), change(()), &actor("alice")).unwrap_err();
    assert_eq!(refusal.rule(), "four-eyes:past-work");
    assert!(
        refusal
            .message
            .contains("alice was the assignee of MIG-0001"),
        "{refusal}"
    );
    let refusal = apply(&playbook, &mut case, change(()), &actor("erin")).unwrap_err();
    assert!(
        refusal
            .message
            .contains("erin ticked step `draft` of MIG-0001"),
        "{refusal}"
    );
}

#[test]
fn the_cli_refuses_a_former_assignee_and_writes_nothing() {
    let desk = harness::Desk::new();
    let id = desk.new_case("tiny-approval", "Acme", &["seats=3"]);
    desk.ok(&["check", &id, "draft"]);
    desk.ok(&["assign", &id, "bob"]);
    let before = std::fs::read_to_string(desk.case_path(&id)).unwrap();
    let output = desk.run_as(
        "alice",
        &["review", &id, "validate", "--approve", "--reason", "ok"],
    );
    assert!(!output.status.success());
    let stderr = harness::stderr(&output);
    assert!(stderr.contains("four-eyes:past-work"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(desk.case_path(&id)).unwrap(),
        before
    );
}

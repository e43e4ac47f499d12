//! Every rule kind of the engine, driven through `apply` and `evaluate` on
//! the two tiny fixture playbooks, each shown refused and then allowed.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use migdesk::catalog::{ValidPlaybook, parse_playbook};
use migdesk::engine::{
    self, Actor, Change, DerivedStatus, LockReason, RefusalReason, StepStatus, apply, evaluate,
    new_case,
};
use migdesk::model::{Case, CaseStatus, FactValue, Verdict};

fn fixture(name: &str) -> ValidPlaybook {
    let path = format!("{}/tests/fixtures/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    parse_playbook(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Monday 2026-11-02, 10:00 UTC.
fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()
}

fn actor(name: &str) -> Actor {
    Actor::new(name, monday())
}

fn text(value: &str) -> Option<FactValue> {
    Some(FactValue::Text(value.to_string()))
}

fn set(playbook: &ValidPlaybook, case: &mut Case, fact: &str, value: Option<FactValue>) {
    apply(
        playbook,
        case,
        Change::SetFact {
            fact: fact.to_string(),
            value,
        },
        &actor("alice"),
    )
    .unwrap();
}

fn check(playbook: &ValidPlaybook, case: &mut Case, step: &str) -> Result<(), engine::Refusal> {
    apply(
        playbook,
        case,
        Change::Check {
            step: step.to_string(),
            note: None,
            acknowledged: false,
        },
        &actor("alice"),
    )
    .map(|_| ())
}

fn eligible_case(playbook: &ValidPlaybook) -> Case {
    new_case(
        playbook,
        "MIG-0001",
        "Acme",
        "alice",
        vec![
            ("has_debts".into(), Some(FactValue::Bool(false))),
            ("old_vat".into(), text("FR12345678901")),
            ("new_vat".into(), text(" FR12345678901 ")),
        ],
        &actor("alice"),
    )
    .unwrap()
}

#[test]
fn a_blocker_over_an_unknown_fact_holds_and_names_the_fact() {
    let playbook = fixture("tiny-eligibility");
    let case = new_case(
        &playbook,
        "MIG-0001",
        "Acme",
        "alice",
        vec![],
        &actor("alice"),
    )
    .unwrap();
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    let debts = evaluation
        .blockers
        .iter()
        .find(|b| b.id == "debts")
        .unwrap();
    assert_eq!(debts.unanswered, vec!["has_debts"]);
    assert_eq!(debts.short_reason(), "answer has_debts first");
    assert_eq!(evaluation.status, DerivedStatus::Blocked);
    // Unknown blocks like a failed rule: ticking is refused with the blocker named.
    let mut case = case;
    let refusal = check(&playbook, &mut case, "tell_partner").unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::Blocker("debts".into()));
    assert!(
        refusal.remedy.contains("answer has_debts first"),
        "{}",
        refusal.remedy
    );
}

#[test]
fn a_case_blocker_refuses_every_step_until_the_fact_is_fixed() {
    let playbook = fixture("tiny-eligibility");
    let mut case = eligible_case(&playbook);
    set(
        &playbook,
        &mut case,
        "has_debts",
        Some(FactValue::Bool(true)),
    );
    let refusal = check(&playbook, &mut case, "tell_partner").unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::Blocker("debts".into()));
    assert!(refusal.remedy.contains("Settle the debt"));
    let history_before = case.history.len();
    assert_eq!(
        case.history.len(),
        history_before,
        "a refusal records nothing"
    );

    set(
        &playbook,
        &mut case,
        "has_debts",
        Some(FactValue::Bool(false)),
    );
    check(&playbook, &mut case, "tell_partner").unwrap();
    assert_eq!(
        evaluate(&playbook, &case, monday().date_naive())
            .step("tell_partner")
            .unwrap()
            .state,
        StepStatus::Done
    );
}

#[test]
fn text_equality_ignores_case_and_spaces_and_a_difference_offers_the_alternative() {
    let playbook = fixture("tiny-eligibility");
    let mut case = eligible_case(&playbook);
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert!(evaluation.blockers.iter().all(|b| b.id != "different_vat"));

    set(&playbook, &mut case, "new_vat", text("DE12345678"));
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    let blocker = evaluation
        .blockers
        .iter()
        .find(|b| b.id == "different_vat")
        .unwrap();
    assert_eq!(blocker.alternative.as_deref(), Some("tiny-approval"));
    assert!(blocker.remedy.as_deref().unwrap().contains("Churn"));
}

#[test]
fn a_step_blocker_locks_only_its_steps() {
    let playbook = fixture("tiny-eligibility");
    let case = eligible_case(&playbook);
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    let cut = evaluation.step("cut_billing").unwrap();
    assert!(cut.reasons.iter().any(
        |r| matches!(r, LockReason::Blocked { rule, .. } if rule == "billing_not_before_ticket")
    ));
    assert!(!evaluation.step("tell_partner").unwrap().locked);
    // The blocker is shown, but the step it blocks still waits for
    // `open_ticket`, so it does not hold the case up yet.
    let blocker = evaluation
        .blockers
        .iter()
        .find(|b| b.id == "billing_not_before_ticket")
        .unwrap();
    assert!(!blocker.blocking_now);
    assert_eq!(evaluation.status, DerivedStatus::InProgress);
}

#[test]
fn requires_refuses_until_the_fact_is_filled_and_the_template_renders() {
    let playbook = fixture("tiny-eligibility");
    let mut case = eligible_case(&playbook);
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    let open = evaluation.step("open_ticket").unwrap();
    assert_eq!(
        open.rendered_template.as_deref(),
        Some("Please move FR12345678901 (ticket {{ticket_key}}).")
    );
    let refusal = check(&playbook, &mut case, "open_ticket").unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::Requires);
    assert!(refusal.remedy.contains("ticket_key"));

    set(&playbook, &mut case, "ticket_key", text("OPS-12"));
    check(&playbook, &mut case, "open_ticket").unwrap();
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert_eq!(
        evaluation
            .step("open_ticket")
            .unwrap()
            .rendered_template
            .as_deref(),
        Some("Please move FR12345678901 (ticket OPS-12).")
    );
}

#[test]
fn acknowledge_needs_explicit_confirmation_which_is_recorded() {
    let playbook = fixture("tiny-eligibility");
    let mut case = eligible_case(&playbook);
    set(&playbook, &mut case, "ticket_key", text("OPS-12"));
    check(&playbook, &mut case, "open_ticket").unwrap();
    let refusal = check(&playbook, &mut case, "cut_billing").unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::Acknowledge);
    assert!(refusal.message.contains("churns the old account"));

    let event = apply(
        &playbook,
        &mut case,
        Change::Check {
            step: "cut_billing".into(),
            note: Some("done with Finance".into()),
            acknowledged: true,
        },
        &actor("alice"),
    )
    .unwrap();
    assert_eq!(
        event.acknowledged.as_deref(),
        Some("Cutting billing churns the old account.")
    );
    assert_eq!(
        case.steps["cut_billing"].acknowledged.as_deref(),
        Some("Cutting billing churns the old account.")
    );
    assert_eq!(
        case.steps["cut_billing"].note.as_deref(),
        Some("done with Finance")
    );
}

#[test]
fn needs_locks_until_the_step_is_done_and_unticking_a_needed_step_is_refused() {
    let playbook = fixture("tiny-eligibility");
    let mut case = eligible_case(&playbook);
    set(&playbook, &mut case, "ticket_key", text("OPS-12"));
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert!(
        evaluation
            .step("cut_billing")
            .unwrap()
            .reasons
            .iter()
            .any(|r| matches!(r, LockReason::NeedsStep { step, .. } if step == "open_ticket"))
    );
    let refusal = apply(
        &playbook,
        &mut case,
        Change::Check {
            step: "cut_billing".into(),
            note: None,
            acknowledged: true,
        },
        &actor("alice"),
    )
    .unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::Needs);

    check(&playbook, &mut case, "open_ticket").unwrap();
    apply(
        &playbook,
        &mut case,
        Change::Check {
            step: "cut_billing".into(),
            note: None,
            acknowledged: true,
        },
        &actor("alice"),
    )
    .unwrap();
    let refusal = apply(
        &playbook,
        &mut case,
        Change::Uncheck {
            step: "open_ticket".into(),
        },
        &actor("alice"),
    )
    .unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::Needs);
    assert!(refusal.remedy.contains("cut_billing"));
    apply(
        &playbook,
        &mut case,
        Change::Uncheck {
            step: "cut_billing".into(),
        },
        &actor("alice"),
    )
    .unwrap();
    apply(
        &playbook,
        &mut case,
        Change::Uncheck {
            step: "open_ticket".into(),
        },
        &actor("alice"),
    )
    .unwrap();
    assert!(case.steps.is_empty());
}

#[test]
fn due_date_counts_business_days_and_extra_days() {
    let playbook = fixture("tiny-eligibility");
    let mut case = eligible_case(&playbook);
    // Monday + 3 business days = Thursday; `express` unknown adds nothing.
    assert_eq!(case.due, NaiveDate::from_ymd_opt(2026, 11, 5));
    set(
        &playbook,
        &mut case,
        "express",
        Some(FactValue::Bool(false)),
    );
    // + 2 more business days: Thursday -> Monday 9th.
    assert_eq!(case.due, NaiveDate::from_ymd_opt(2026, 11, 9));
    let late = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
    assert!(evaluate(&playbook, &case, late).overdue);
    assert!(
        !evaluate(
            &playbook,
            &case,
            NaiveDate::from_ymd_opt(2026, 11, 9).unwrap()
        )
        .overdue
    );
}

#[test]
fn month_end_warning_shows_only_when_due_is_in_the_last_business_days() {
    let playbook = fixture("tiny-eligibility");
    let case = eligible_case(&playbook);
    assert!(
        evaluate(&playbook, &case, monday().date_naive())
            .warnings
            .is_empty()
    );
    // Created Wednesday 2026-11-25: due Monday 30th, the last business day of November.
    let late_month = Actor::new(
        "alice",
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
    );
    let case = new_case(&playbook, "MIG-0002", "Late", "alice", vec![], &late_month).unwrap();
    assert_eq!(case.due, NaiveDate::from_ymd_opt(2026, 11, 30));
    let evaluation = evaluate(&playbook, &case, late_month.today);
    assert_eq!(
        evaluation
            .warnings
            .iter()
            .map(|w| w.id.as_str())
            .collect::<Vec<_>>(),
        ["month_end"]
    );
}

#[test]
fn formats_are_checked_when_a_fact_is_set() {
    let playbook = fixture("tiny-eligibility");
    let refusal = engine::parse_fact_value(&playbook, "ticket_key", "ops 12").unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::Format);
    assert!(refusal.remedy.contains("OPS-12"), "{}", refusal.remedy);
    assert_eq!(
        engine::parse_fact_value(&playbook, "has_debts", "Oui").unwrap(),
        Some(FactValue::Bool(true))
    );
    assert_eq!(
        engine::parse_fact_value(&playbook, "has_debts", "unknown").unwrap(),
        None
    );
    assert!(engine::parse_fact_value(&playbook, "has_debts", "maybe").is_err());
    assert_eq!(
        engine::parse_fact_value(&playbook, "nope", "1")
            .unwrap_err()
            .reason,
        RefusalReason::UnknownFact
    );

    let other = fixture("tiny-approval");
    assert_eq!(
        engine::parse_fact_value(&other, "offering", " saas ").unwrap(),
        text("SaaS")
    );
    assert!(
        engine::parse_fact_value(&other, "offering", "cloud")
            .unwrap_err()
            .remedy
            .contains("self-managed")
    );
    assert_eq!(
        engine::parse_fact_value(&other, "seats", "3,5").unwrap(),
        Some(FactValue::Float(3.5))
    );
    assert_eq!(
        engine::parse_fact_value(&other, "seats", "12").unwrap(),
        Some(FactValue::Integer(12))
    );
    assert_eq!(
        engine::parse_fact_value(&other, "start", "2026-02-30")
            .unwrap_err()
            .reason,
        RefusalReason::Format
    );
    assert_eq!(
        engine::parse_fact_value(&other, "start", "2026-02-03").unwrap(),
        text("2026-02-03")
    );
}

fn approval_case() -> (ValidPlaybook, Case) {
    let playbook = fixture("tiny-approval");
    let case = new_case(
        &playbook,
        "MIG-0003",
        "Review me",
        "alice",
        vec![
            ("offering".into(), text("self-managed")),
            ("seats".into(), Some(FactValue::Integer(2))),
        ],
        &actor("alice"),
    )
    .unwrap();
    (playbook, case)
}

fn review(
    playbook: &ValidPlaybook,
    case: &mut Case,
    who: &str,
    verdict: Verdict,
    reason: &str,
) -> Result<(), engine::Refusal> {
    apply(
        playbook,
        case,
        Change::Review {
            step: "validate".into(),
            verdict,
            reason: reason.into(),
        },
        &actor(who),
    )
    .map(|_| ())
}

#[test]
fn when_false_makes_a_step_not_applicable_and_unknown_locks_it() {
    let (playbook, mut case) = approval_case();
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert_eq!(
        evaluation.step("saas_only").unwrap().state,
        StepStatus::NotApplicable
    );
    assert_eq!(evaluation.progress.total, 3);
    assert_eq!(
        check(&playbook, &mut case, "saas_only").unwrap_err().reason,
        RefusalReason::When
    );

    set(&playbook, &mut case, "offering", None);
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    let step = evaluation.step("saas_only").unwrap();
    assert_eq!(step.state, StepStatus::Todo);
    assert!(
        matches!(&step.reasons[..], [LockReason::UndecidedWhen { unanswered }] if unanswered == &["offering"])
    );

    set(&playbook, &mut case, "offering", text("SaaS"));
    check(&playbook, &mut case, "saas_only").unwrap();
}

#[test]
fn approval_is_by_review_only_and_never_by_the_assignee() {
    let (playbook, mut case) = approval_case();
    // Locked by needs first.
    assert_eq!(
        review(&playbook, &mut case, "bob", Verdict::Approved, "ok")
            .unwrap_err()
            .reason,
        RefusalReason::Needs
    );
    check(&playbook, &mut case, "draft").unwrap();
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert!(evaluation.step("validate").unwrap().awaiting_review);
    assert_eq!(evaluation.status, DerivedStatus::InReview);

    assert_eq!(
        check(&playbook, &mut case, "validate").unwrap_err().reason,
        RefusalReason::Approval
    );
    let skip = apply(
        &playbook,
        &mut case,
        Change::Skip {
            step: "validate".into(),
            reason: "why not".into(),
            acknowledged: false,
        },
        &actor("alice"),
    );
    assert_eq!(skip.unwrap_err().reason, RefusalReason::Approval);
    let four_eyes = review(&playbook, &mut case, "alice", Verdict::Approved, "mine").unwrap_err();
    assert_eq!(four_eyes.reason, RefusalReason::FourEyes);

    review(
        &playbook,
        &mut case,
        "bob",
        Verdict::Approved,
        "looks right",
    )
    .unwrap();
    let record = &case.steps["validate"];
    assert_eq!(record.review.as_ref().unwrap().by, "bob");
    assert_eq!(
        evaluate(&playbook, &case, monday().date_naive())
            .step("validate")
            .unwrap()
            .state,
        StepStatus::Done
    );
    assert!(engine::audit(&playbook, &case).is_empty());
}

#[test]
fn a_rejection_needs_a_reason_and_hands_the_case_back_until_something_changes() {
    let (playbook, mut case) = approval_case();
    check(&playbook, &mut case, "draft").unwrap();
    assert_eq!(
        review(&playbook, &mut case, "bob", Verdict::Rejected, " ")
            .unwrap_err()
            .reason,
        RefusalReason::Review
    );
    review(
        &playbook,
        &mut case,
        "bob",
        Verdict::Rejected,
        "wrong billing",
    )
    .unwrap();
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    let step = evaluation.step("validate").unwrap();
    assert_eq!(step.state, StepStatus::Todo);
    assert!(!step.awaiting_review);
    assert_eq!(evaluation.status, DerivedStatus::ChangesRequested);
    let rejection = evaluation.changes_requested.unwrap();
    assert_eq!(
        (rejection.by.as_str(), rejection.reason.as_str()),
        ("bob", "wrong billing")
    );

    apply(
        &playbook,
        &mut case,
        Change::Note {
            text: "billing fixed".into(),
        },
        &actor("alice"),
    )
    .unwrap();
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert!(evaluation.step("validate").unwrap().awaiting_review);
    assert_eq!(evaluation.status, DerivedStatus::InReview);
    assert_eq!(evaluation.changes_requested, None);
}

#[test]
fn a_phase_need_waits_for_every_applicable_step_and_status_reaches_done() {
    let (playbook, mut case) = approval_case();
    check(&playbook, &mut case, "draft").unwrap();
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert!(
        evaluation
            .step("close")
            .unwrap()
            .reasons
            .iter()
            .any(|r| matches!(r, LockReason::NeedsPhase { phase, .. } if phase == "prepare"))
    );
    review(&playbook, &mut case, "bob", Verdict::Approved, "ok").unwrap();
    let before = evaluate(&playbook, &case, monday().date_naive());
    assert_eq!(before.status, DerivedStatus::InProgress);
    set(&playbook, &mut case, "seats", Some(FactValue::Integer(0)));
    assert_eq!(
        check(&playbook, &mut case, "close").unwrap_err().reason,
        RefusalReason::Blocker("too_few_seats".into())
    );
    // Now `close` is otherwise ready, so the blocker holds the case up.
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert!(evaluation.blockers[0].blocking_now);
    assert_eq!(evaluation.status, DerivedStatus::Blocked);
    set(&playbook, &mut case, "seats", Some(FactValue::Integer(4)));
    check(&playbook, &mut case, "close").unwrap();
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert_eq!(evaluation.status, DerivedStatus::Done);
    assert_eq!(
        (evaluation.progress.done, evaluation.progress.total),
        (3, 3)
    );
    assert_eq!(evaluation.phases[0].progress.done, 2);
}

#[test]
fn skipping_needs_a_reason_and_counts_as_progress() {
    let (playbook, mut case) = approval_case();
    let refusal = apply(
        &playbook,
        &mut case,
        Change::Skip {
            step: "draft".into(),
            reason: "  ".into(),
            acknowledged: false,
        },
        &actor("alice"),
    )
    .unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::SkipReason);
    let event = apply(
        &playbook,
        &mut case,
        Change::Skip {
            step: "draft".into(),
            reason: "made by sales".into(),
            acknowledged: false,
        },
        &actor("alice"),
    )
    .unwrap();
    assert_eq!(event.text.as_deref(), Some("made by sales"));
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert_eq!(evaluation.step("draft").unwrap().state, StepStatus::Skipped);
    assert_eq!(evaluation.progress.done, 1);
    // Skipping a locked step is refused like ticking it.
    let refusal = apply(
        &playbook,
        &mut case,
        Change::Skip {
            step: "close".into(),
            reason: "not needed here".into(),
            acknowledged: false,
        },
        &actor("alice"),
    )
    .unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::Needs);
}

#[test]
fn agent_set_status_wins_and_a_held_case_refuses_ticks() {
    let (playbook, mut case) = approval_case();
    apply(
        &playbook,
        &mut case,
        Change::SetStatus {
            status: CaseStatus::OnHold,
            reason: None,
        },
        &actor("alice"),
    )
    .unwrap();
    assert_eq!(
        evaluate(&playbook, &case, monday().date_naive()).status,
        DerivedStatus::OnHold
    );
    assert_eq!(
        check(&playbook, &mut case, "draft").unwrap_err().reason,
        RefusalReason::OnHold
    );
    apply(
        &playbook,
        &mut case,
        Change::Note {
            text: "waiting for the customer".into(),
        },
        &actor("alice"),
    )
    .unwrap();
    apply(
        &playbook,
        &mut case,
        Change::SetStatus {
            status: CaseStatus::Cancelled,
            reason: None,
        },
        &actor("alice"),
    )
    .unwrap();
    let evaluation = evaluate(
        &playbook,
        &case,
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
    );
    assert_eq!(evaluation.status, DerivedStatus::Cancelled);
    assert!(!evaluation.status.is_pending());
    assert_eq!(
        check(&playbook, &mut case, "draft").unwrap_err().reason,
        RefusalReason::Cancelled
    );
    apply(
        &playbook,
        &mut case,
        Change::SetStatus {
            status: CaseStatus::Open,
            reason: None,
        },
        &actor("alice"),
    )
    .unwrap();
    check(&playbook, &mut case, "draft").unwrap();
}

#[test]
fn every_change_appends_one_numbered_event() {
    let (playbook, mut case) = approval_case();
    let seqs: Vec<u64> = case.history.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3], "created + two facts");
    let mut undo = actor("alice");
    undo.undoes = Some(3);
    let event = apply(
        &playbook,
        &mut case,
        Change::SetFact {
            fact: "seats".into(),
            value: None,
        },
        &undo,
    )
    .unwrap();
    assert_eq!((event.seq, event.undoes), (4, Some(3)));
    assert_eq!(event.from, Some(FactValue::Integer(2)));
    assert_eq!(case.history.last(), Some(&event));
    assert_eq!(
        apply(
            &playbook,
            &mut case,
            Change::SetFact {
                fact: "seats".into(),
                value: None
            },
            &actor("alice")
        )
        .unwrap_err()
        .reason,
        RefusalReason::Unchanged
    );
}

#[test]
fn a_ticked_step_the_playbook_dropped_is_kept_and_reported() {
    let (playbook, mut case) = approval_case();
    let mut record = case.steps.get("draft").cloned();
    assert!(record.is_none());
    check(&playbook, &mut case, "draft").unwrap();
    record = case.steps.remove("draft");
    case.steps.insert("old_step".into(), record.unwrap());
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert_eq!(evaluation.orphan_steps, ["old_step"]);
}

#[test]
fn audit_reports_a_faked_approval() {
    let (playbook, mut case) = approval_case();
    check(&playbook, &mut case, "draft").unwrap();
    review(&playbook, &mut case, "bob", Verdict::Approved, "ok").unwrap();
    assert!(engine::audit(&playbook, &case).is_empty());
    // A hand edit: the approval is credited to the assignee and the review event removed.
    case.steps
        .get_mut("validate")
        .unwrap()
        .review
        .as_mut()
        .unwrap()
        .by = "alice".into();
    case.history.pop();
    let problems = engine::audit(&playbook, &case);
    assert!(
        problems.iter().any(|p| p.contains("own assignee")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("no such review")),
        "{problems:?}"
    );
}

#[test]
fn a_rejection_comes_back_to_review_only_when_the_assignee_acts() {
    let (playbook, mut case) = approval_case();
    check(&playbook, &mut case, "draft").unwrap();
    review(
        &playbook,
        &mut case,
        "bob",
        Verdict::Rejected,
        "wrong billing",
    )
    .unwrap();
    // The reviewer's own note does not hand the case back.
    apply(
        &playbook,
        &mut case,
        Change::Note {
            text: "see my comment".into(),
        },
        &actor("bob"),
    )
    .unwrap();
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert!(!evaluation.step("validate").unwrap().awaiting_review);
    apply(
        &playbook,
        &mut case,
        Change::Note {
            text: "fixed".into(),
        },
        &actor("alice"),
    )
    .unwrap();
    let evaluation = evaluate(&playbook, &case, monday().date_naive());
    assert!(evaluation.step("validate").unwrap().awaiting_review);
}

#[test]
fn skipping_a_step_with_a_warning_needs_the_same_confirmation() {
    let playbook = fixture("tiny-eligibility");
    let mut case = eligible_case(&playbook);
    set(&playbook, &mut case, "ticket_key", text("OPS-12"));
    check(&playbook, &mut case, "open_ticket").unwrap();
    let skip = |acknowledged| Change::Skip {
        step: "cut_billing".into(),
        reason: "Finance already did it".into(),
        acknowledged,
    };
    let refusal = apply(&playbook, &mut case, skip(false), &actor("alice")).unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::Acknowledge);
    assert!(refusal.message.contains("churns the old account"));
    let event = apply(&playbook, &mut case, skip(true), &actor("alice")).unwrap();
    assert_eq!(
        event.acknowledged.as_deref(),
        Some("Cutting billing churns the old account.")
    );
}

#[test]
fn the_creation_day_is_the_agents_local_day() {
    use chrono::FixedOffset;
    let playbook = fixture("tiny-eligibility");
    // Friday 27 November, 20:00 in UTC-5 is already Saturday in UTC.
    let offset = FixedOffset::west_opt(5 * 3600).unwrap();
    let local = offset.with_ymd_and_hms(2026, 11, 27, 20, 0, 0).unwrap();
    let mut agent = Actor::new("alice", local.with_timezone(&Utc));
    agent.today = local.date_naive();
    agent.utc_offset = offset;
    let case = new_case(&playbook, "MIG-0005", "Evening", "alice", vec![], &agent).unwrap();
    assert_eq!(
        case.created.date_naive(),
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    );
    // Friday + 3 business days = Wednesday 2 December (from Saturday it would be Thursday).
    assert_eq!(case.due, NaiveDate::from_ymd_opt(2026, 12, 2));
}

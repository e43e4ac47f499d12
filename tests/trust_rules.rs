//! Rules that cannot be walked around: holds a skip cannot open, skip
//! reasons a reviewer can read, four eyes on canonical identities, repeated
//! `--set`. Each through the engine and through the real binary, refused
//! and then allowed.
#![allow(clippy::unwrap_used)]

mod common;

use common::desk::Desk;
use common::{Run, assert_refusal, monday};
use migdesk::catalog::parse_playbook;
use migdesk::engine::{Actor, Change, RefusalReason, StepStatus, apply, evaluate, new_case};
use migdesk::model::Verdict;

const HOLD: &str = r#"
id: hold
version: 1
title: "Hold"
language: en
phases:
  - id: main
    title: Main
    steps:
      - id: prepare
        title: Prepare
      - id: cancel
        title: Cancel
        needs_done: [prepare]
      - id: tidy
        title: Tidy
        needs: [prepare]
      - id: must
        title: Must
        skippable: false
"#;

fn skip(step: &str, reason: &str) -> Change {
    Change::Skip {
        step: step.into(),
        reason: reason.into(),
        acknowledged: true,
    }
}

fn check(step: &str) -> Change {
    Change::Check {
        step: step.into(),
        note: None,
        acknowledged: true,
    }
}

#[test]
fn a_skip_does_not_open_a_needs_done_hold_but_opens_a_plain_need() {
    let playbook = parse_playbook("hold.yaml", HOLD).unwrap();
    let actor = Actor::new("alice", monday());
    let mut case = new_case(&playbook, "MIG-0001", "t", "alice", vec![], &actor).unwrap();
    apply(
        &playbook,
        &mut case,
        skip("prepare", "made by the customer"),
        &actor,
    )
    .unwrap();
    // `needs` is satisfied by the skip, `needs_done` is not.
    apply(&playbook, &mut case, check("tidy"), &actor).unwrap();
    let refusal = apply(&playbook, &mut case, check("cancel"), &actor).unwrap_err();
    assert_refusal(
        &refusal,
        RefusalReason::Needs,
        "untick step `prepare` and do it: a skip does not satisfy this hold",
    );
    // Done, it opens the hold.
    apply(
        &playbook,
        &mut case,
        Change::Uncheck {
            step: "tidy".into(),
        },
        &actor,
    )
    .unwrap();
    apply(
        &playbook,
        &mut case,
        Change::Uncheck {
            step: "prepare".into(),
        },
        &actor,
    )
    .unwrap();
    apply(&playbook, &mut case, check("prepare"), &actor).unwrap();
    apply(&playbook, &mut case, check("cancel"), &actor).unwrap();
    let evaluation = evaluate(&playbook, &case, actor.today);
    assert_eq!(evaluation.step("cancel").unwrap().state, StepStatus::Done);
}

#[test]
fn a_step_marked_not_skippable_can_only_be_done() {
    let playbook = parse_playbook("hold.yaml", HOLD).unwrap();
    let actor = Actor::new("alice", monday());
    let mut case = new_case(&playbook, "MIG-0001", "t", "alice", vec![], &actor).unwrap();
    let refusal = apply(
        &playbook,
        &mut case,
        skip("must", "not needed this time"),
        &actor,
    )
    .unwrap_err();
    assert_refusal(
        &refusal,
        RefusalReason::NotSkippable,
        "migdesk check MIG-0001 must",
    );
    apply(&playbook, &mut case, check("must"), &actor).unwrap();
}

#[test]
fn a_skip_reason_must_say_something_a_reviewer_can_read() {
    let playbook = parse_playbook("hold.yaml", HOLD).unwrap();
    let actor = Actor::new("alice", monday());
    let mut case = new_case(&playbook, "MIG-0001", "t", "alice", vec![], &actor).unwrap();
    for reason in ["", "   ", "x", ".", "n/a", "ok", "--", "…", "no no"] {
        let refusal = apply(&playbook, &mut case, skip("prepare", reason), &actor).unwrap_err();
        assert_eq!(refusal.reason, RefusalReason::SkipReason, "{reason:?}");
        assert!(refusal.remedy.contains("why the step does not apply"));
    }
    for reason in ["déjà fait", "no interface here", "pas d’interface"] {
        let mut copy = case.clone();
        apply(&playbook, &mut copy, skip("prepare", reason), &actor).unwrap();
    }
}

#[test]
fn virtual_office_no_skip_opens_the_cancellation_hold() {
    // « Form is routed to CS Team Leaders to hold until steps 3-6 are complete
    // before they cancel. » and « there cannot be any changes to the
    // following workflows ».
    let mut run = Run::open(
        "saas-to-virtual-office",
        &[
            ("vo_products", "Accounting CS"),
            ("downtime_start", "2026-11-09 13:00"),
        ],
    );
    run.tick(&[
        "submit_cancellation_form",
        "route_to_cs_tl_hold",
        "email_cpt",
        "schedule_downtime",
    ]);
    for step in ["welcome_email", "cpt_confirms_complete"] {
        if step == "cpt_confirms_complete" {
            run.tick(&["welcome_email"]);
        }
        assert_refusal(
            &run.skip(step, "x").unwrap_err(),
            RefusalReason::SkipReason,
            "in a few words",
        );
        assert_refusal(
            &run.skip(step, "CPT said it is done").unwrap_err(),
            RefusalReason::NotSkippable,
            "migdesk check",
        );
    }
    assert_refusal(
        &run.refused("process_cancellation"),
        RefusalReason::Needs,
        "finish step `cpt_confirms_complete` first",
    );
    run.tick(&["cpt_confirms_complete", "process_cancellation"]);
}

#[test]
fn onprem_the_final_invoice_needs_the_acceptance_done() {
    // « La personne responsable de RAI et/ou d'ePDoc vérifie que
    // l'environnement mis à disposition est complet et l'accepte
    // formellement. » before « Le·la client·e reçoit le décompte final ».
    let mut run = Run::open("onprem-to-saas", &[]);
    run.case.steps.clear();
    run.set("transition_date", "2026-11-20");
    run.set("saas_site_name", "home.example");
    run.set("has_epdoc", "non");
    run.tick(&[
        "quote_request",
        "written_offer",
        "offer_confirmed",
        "agree_details",
        "launch_deployment",
    ]);
    run.check_ack("set_read_only").unwrap();
    run.tick(&[
        "migrate_data",
        "convert_interfaces",
        "run_tests",
        "hand_over_site",
    ]);
    run.set("acceptance_by", "Mme Rochat");
    assert_refusal(
        &run.skip("formal_acceptance", "the customer accepted by phone")
            .unwrap_err(),
        RefusalReason::NotSkippable,
        "check",
    );
    assert_refusal(
        &run.refused("final_invoice"),
        RefusalReason::Needs,
        "finish step `formal_acceptance` first",
    );
    run.tick(&["formal_acceptance", "final_invoice"]);
}

#[test]
fn undo_migration_publishing_needs_the_undo_confirmed_done() {
    // « Une fois que la migration a été défaite (= undo migration bien
    // completed, … “migrated-to-tw-pro”) il faut : … Publish la page »
    let playbook = common::shipped("undo-migration");
    let undo = playbook.definition().step("undo_confirmed").unwrap();
    assert!(!undo.skippable);
    let publish = playbook.definition().step("publish_connect_page").unwrap();
    assert_eq!(publish.needs_done, ["undo_confirmed"]);
}

#[test]
fn four_eyes_compares_people_not_strings() {
    let playbook = common::shipped("undo-migration");
    let actor = Actor::new("agent1", monday());
    let mut case = new_case(&playbook, "MIG-0001", "t", "agent1", vec![], &actor).unwrap();
    let review = |verdict| Change::Review {
        step: "tl_validation".into(),
        verdict,
        reason: "the contract is not the signed one".into(),
    };
    for (reviewer, reason) in [
        ("Agent1", RefusalReason::FourEyes),
        ("AGENT1", RefusalReason::FourEyes),
        ("ａｇｅｎｔ１", RefusalReason::FourEyes),
        ("agent1\u{200b}", RefusalReason::Identity),
        ("\u{0430}gent1", RefusalReason::FourEyes),
        ("agentl", RefusalReason::FourEyes),
    ] {
        let refusal = apply(
            &playbook,
            &mut case,
            review(Verdict::Rejected),
            &Actor::new(reviewer, monday()),
        )
        .unwrap_err();
        assert_eq!(refusal.reason, reason, "{reviewer:?}: {refusal}");
    }
    // Someone else gets past four eyes (the case then waits for its facts).
    let refusal = apply(
        &playbook,
        &mut case,
        review(Verdict::Rejected),
        &Actor::new("lead", monday()),
    )
    .unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::Blocker("debts".into()));
}

#[test]
fn the_cli_refuses_a_short_skip_reason_and_an_unskippable_step() {
    let desk = Desk::new();
    let id = desk.open("saas-to-virtual-office", &["vo_products=Accounting CS"]);
    desk.refused(
        &["skip", &id, "submit_cancellation_form", "--reason", "x"],
        "skip",
        "say why the step does not apply in a few words",
    );
    desk.refused(
        &[
            "skip",
            &id,
            "submit_cancellation_form",
            "--reason",
            "the customer phoned instead",
        ],
        "skippable",
        &format!("migdesk check {id} submit_cancellation_form"),
    );
    desk.check(&id, "submit_cancellation_form");
}

#[test]
fn the_cli_refuses_a_reviewer_who_is_the_assignee_in_other_letters() {
    let desk = Desk::new();
    let id = desk.json(&[
        "new",
        "undo-migration",
        "--title",
        "Salon",
        "--assignee",
        "agent1",
        "--json",
    ])["id"]
        .as_str()
        .unwrap()
        .to_string();
    for reviewer in ["Agent1", "AGENT1", "\u{0430}gent1"] {
        desk.refused_as(
            reviewer,
            &[
                "review",
                &id,
                "tl_validation",
                "--reject",
                "--reason",
                "not yet signed",
            ],
            "four-eyes",
            "ask someone else",
        );
    }
    let output = desk.run_as("agent1\u{200b}", &["list"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::desk::stderr(&output).contains("invisible character U+200B"));
}

#[test]
fn new_with_a_fact_set_twice_keeps_the_last_value() {
    let desk = Desk::new();
    let id = desk.ok(&[
        "new",
        "saas-pro-to-connect",
        "--title",
        "Salon",
        "--set",
        "has_debts=yes",
        "--set",
        "has_debts=unknown",
    ]);
    let case = desk.show(id.trim());
    assert!(case["facts"]["has_debts"].is_null(), "{case}");
    let id = desk.ok(&[
        "new",
        "saas-pro-to-connect",
        "--title",
        "Salon",
        "--set",
        "has_debts=unknown",
        "--set",
        "has_debts=no",
    ]);
    assert_eq!(desk.show(id.trim())["facts"]["has_debts"], false);
}

#[test]
fn fiscal_identity_is_compared_as_an_agent_reads_it() {
    // « informations de facturation fiscale différentes (Nom de société,
    // Numéro de TVA) »: the same number with spaces is not different.
    for playbook in ["saas-pro-to-connect", "undo-migration"] {
        let mut run = Run::open(
            playbook,
            &[
                ("has_debts", "no"),
                ("pro_company_name", "Salon Élégance SARL"),
                ("new_company_name", "SALON ELEGANCE SARL"),
                ("pro_vat_number", "FR 40 303 265 045"),
                ("new_vat_number", "FR40303265045"),
            ],
        );
        assert!(
            run.blocker_ids().is_empty(),
            "{playbook}: {:?}",
            run.blocker_ids()
        );
        let explanations: Vec<String> = run
            .eval()
            .comparisons
            .iter()
            .filter_map(|c| c.explanation())
            .collect();
        assert_eq!(
            explanations,
            [
                "considered the same company name: SALON ELEGANCE SARL = Salon Élégance SARL",
                "considered the same VAT number: FR40303265045 = FR 40 303 265 045",
            ]
        );
        // Stored as typed.
        assert_eq!(
            run.case.facts["pro_vat_number"].to_string(),
            "FR 40 303 265 045"
        );
        // Composed against decomposed accents and a typographic apostrophe.
        run.set("pro_company_name", "L’Atelier d’E\u{301}le\u{301}gance");
        run.set("new_company_name", "L'Atelier d'Élégance");
        assert!(run.blocker_ids().is_empty(), "{:?}", run.blocker_ids());
        // A real difference still blocks, and shows where.
        run.set("new_vat_number", "FR40303265046");
        assert_eq!(run.blocker_ids(), ["different_vat_number"]);
        let vat = run
            .eval()
            .comparisons
            .into_iter()
            .find(|c| c.left == "new_vat_number")
            .unwrap();
        assert_eq!(
            vat.explanation().unwrap(),
            "different VAT numbers: FR40303265046 ≠ FR 40 303 265 045 (compared as FR40303265046 and FR40303265045)"
        );
    }
}

#[test]
fn show_says_when_two_values_were_taken_as_the_same() {
    let desk = Desk::new();
    let id = desk.open(
        "undo-migration",
        &[
            "has_debts=no",
            "pro_company_name=Salon Élégance SARL",
            "new_company_name=SALON ELEGANCE SARL",
            "pro_vat_number=FR 40 303 265 045",
            "new_vat_number=FR40303265045",
        ],
    );
    let shown = desk.ok(&["show", &id]);
    assert!(
        shown.contains("considered the same VAT number: FR40303265045 = FR 40 303 265 045"),
        "{shown}"
    );
    assert!(desk.blockers(&id).is_empty());
    desk.set(&id, &["new_vat_number=BE0123456789"]);
    let shown = desk.ok(&["show", &id]);
    assert!(
        shown.contains("(compared as BE0123456789 and FR40303265045)"),
        "{shown}"
    );
    desk.refused(
        &["check", &id, "create_opportunity"],
        "blocker:different_vat_number",
        "Churn le compte Pro",
    );
}

#[test]
fn counted_facts_take_whole_numbers_from_zero_only() {
    // « tout ajout d'un nouvel utilisateur ne sera possible que si vous avez
    // alloué suffisamment de souscriptions »: subscriptions and seats are counts.
    let playbook = common::shipped("subscription-allocation");
    for (fact, text, says) in [
        (
            "allocated_subscriptions",
            "-3",
            "a whole number of at least 0",
        ),
        ("consumed_seats", "2.5", "a whole number of at least 0"),
        (
            "consumed_seats",
            "99999999999999999999999999",
            "a whole number of at least 0",
        ),
        ("consumed_seats", "inf", "a finite number"),
    ] {
        let refusal = migdesk::engine::parse_fact_value(&playbook, fact, text).unwrap_err();
        assert_refusal(&refusal, RefusalReason::Range, says);
        assert!(refusal.message.contains(fact) && refusal.message.contains(text));
    }
    assert_eq!(
        migdesk::engine::parse_fact_value(&playbook, "consumed_seats", "12").unwrap(),
        Some(migdesk::model::FactValue::Integer(12))
    );
    assert_eq!(
        migdesk::engine::parse_fact_value(&playbook, "consumed_seats", "3.0").unwrap(),
        Some(migdesk::model::FactValue::Integer(3))
    );
}

#[test]
fn the_cli_refuses_an_out_of_range_count_and_writes_nothing() {
    let desk = Desk::new();
    let id = desk.open("subscription-allocation", &[]);
    let before = desk.show(&id)["revision"].clone();
    for value in ["-3", "2.5", "99999999999999999999999999"] {
        desk.refused(
            &["set", &id, &format!("allocated_subscriptions={value}")],
            "range",
            "give a whole number of at least 0",
        );
    }
    assert_eq!(desk.show(&id)["revision"], before);
    desk.set(&id, &["allocated_subscriptions=5"]);
    assert_eq!(desk.show(&id)["facts"]["allocated_subscriptions"], 5);
}

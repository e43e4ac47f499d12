//! `saas-to-virtual-office` (001_981bc402497e2d4c.txt, second list): every
//! rule driven through the engine, refused and then allowed, and the due
//! date and month-end warning on dates checkable by hand.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Run, assert_refusal, date, morning};
use migdesk::engine::{DerivedStatus, LockReason, RefusalReason};

const PLAYBOOK: &str = "saas-to-virtual-office";

const CPT_STEPS: [&str; 4] = [
    "email_cpt",
    "schedule_downtime",
    "welcome_email",
    "cpt_confirms_complete",
];

/// Monday 2026-11-09 13:00-17:00: inside business hours.
const GOOD_DOWNTIME: &str = "2026-11-09 13:00";

fn with_products() -> Run {
    Run::open(
        PLAYBOOK,
        &[("vo_products", "Accounting CS, Microsoft Office, Exchange")],
    )
}

/// Steps 1-2 done, CPT emailed.
fn emailed() -> Run {
    let mut run = with_products();
    run.tick(&[
        "submit_cancellation_form",
        "route_to_cs_tl_hold",
        "email_cpt",
    ]);
    run
}

#[test]
fn the_form_must_name_the_products_to_migrate() {
    // « The firm must indicate the products they will migrate to Virtual
    // Office on the cancellation form. »
    let mut run = Run::open(PLAYBOOK, &[]);
    let refusal = run.refused("submit_cancellation_form");
    assert_refusal(
        &refusal,
        RefusalReason::Requires,
        "fill the fact `vo_products` first",
    );
    run.set("vo_products", "Accounting CS, Microsoft Office");
    run.check("submit_cancellation_form").unwrap();
}

#[test]
fn the_cpt_email_needs_the_products_and_the_held_form() {
    // « CS TL will email CitrixPortalTech to tell them the firm is moving from
    // SaaS to VO and the products they need loaded onto VO, including
    // Microsoft Office and/or Exchange. »
    let mut run = Run::open(PLAYBOOK, &[]);
    let reasons = run.reasons("email_cpt");
    assert!(
        reasons
            .iter()
            .any(|r| matches!(r, LockReason::RequiresFact { fact, .. } if fact == "vo_products")),
        "{reasons:?}"
    );
    run.set("vo_products", "Accounting CS");
    run.check("submit_cancellation_form").unwrap();
    assert_refusal(
        &run.refused("email_cpt"),
        RefusalReason::Needs,
        "finish step `route_to_cs_tl_hold` first",
    );
    // Clearing the products locks the email again.
    run.check("route_to_cs_tl_hold").unwrap();
    run.set("vo_products", "unknown");
    assert_refusal(
        &run.refused("email_cpt"),
        RefusalReason::Requires,
        "fill the fact `vo_products` first",
    );
    run.set("vo_products", "Accounting CS");
    run.check("email_cpt").unwrap();
}

#[test]
fn the_form_is_held_until_cpt_steps_3_to_6_are_complete() {
    // « Form is routed to CS Team Leaders to hold until steps 3-6 are complete
    // before they cancel. »
    let mut run = emailed();
    run.set("downtime_start", GOOD_DOWNTIME);
    run.tick(&["schedule_downtime", "welcome_email"]);
    // Steps 3-5 done, 6 not yet: the cancellation is still held.
    let refusal = run.refused("process_cancellation");
    assert_refusal(
        &refusal,
        RefusalReason::Needs,
        "finish step `cpt_confirms_complete` first",
    );
    assert_eq!(
        run.skip("process_cancellation", "TL already cancelled")
            .unwrap_err()
            .reason,
        RefusalReason::Needs
    );
    // No step of the workflow can be skipped, so no skip opens the hold.
    assert_eq!(
        run.skip("cpt_confirms_complete", "CPT told us on the phone")
            .unwrap_err()
            .reason,
        RefusalReason::NotSkippable
    );
    let needs = &run
        .playbook
        .definition()
        .step("process_cancellation")
        .unwrap()
        .needs_done;
    assert_eq!(needs, &CPT_STEPS);

    run.check("cpt_confirms_complete").unwrap();
    run.check("process_cancellation").unwrap();
}

#[test]
fn the_downtime_must_lie_within_business_hours() {
    // « CPT schedules down time with the user and notifies CS TL of
    // appointment time. this is a four hour window that can only be done
    // during business hours. »
    let mut run = emailed();
    // Not scheduled yet: held, and the fact is required.
    let refusal = run.refused("schedule_downtime");
    assert_refusal(
        &refusal,
        RefusalReason::Blocker("downtime_outside_business_hours".into()),
        "answer downtime_start first",
    );
    assert!(
        refusal
            .remedy
            .contains("fill the fact `downtime_start` first")
    );
    let remedy = "Reschedule the downtime with the user so that the whole four hour window falls within business hours.";
    for outside in [
        "2026-11-09 14:00", // Monday, ends 18:00
        "2026-11-09 08:00", // Monday, starts before 09:00
        "2026-11-07 10:00", // Saturday
        "2026-11-09 20:00", // Monday evening, ends the next day
        "2026-11-26 10:00", // Thanksgiving, a US federal holiday
    ] {
        run.set("downtime_start", outside);
        assert!(
            run.blocker_ids()
                .contains(&"downtime_outside_business_hours".to_string()),
            "{outside}"
        );
        assert_refusal(
            &run.refused("schedule_downtime"),
            RefusalReason::Blocker("downtime_outside_business_hours".into()),
            remedy,
        );
    }
    // 13:00-17:00 and 09:00-13:00 on a Monday are inside.
    run.set("downtime_start", "2026-11-09 09:00");
    assert_eq!(run.blocker_ids(), ["vo_licenses_missing"]);
    run.set("downtime_start", GOOD_DOWNTIME);
    assert_eq!(run.blocker_ids(), ["vo_licenses_missing"]);
    run.check("schedule_downtime").unwrap();
}

#[test]
fn the_downtime_is_required_before_the_appointment_is_ticked() {
    // « CPT schedules down time with the user and notifies CS TL of
    // appointment time. »
    let run = emailed();
    let reasons = run.reasons("schedule_downtime");
    assert!(
        reasons.iter().any(
            |r| matches!(r, LockReason::RequiresFact { fact, .. } if fact == "downtime_start")
        ),
        "{reasons:?}"
    );
}

#[test]
fn cpt_steps_follow_each_other() {
    // « 5. Once CPT is done a Welcome to Virtual Office email is generated and
    // sent off to the NetFirm Administrator. 6. CPT emails CS TLs letting them
    // know it's complete. »
    let mut run = emailed();
    run.set("downtime_start", GOOD_DOWNTIME);
    assert_refusal(
        &run.refused("welcome_email"),
        RefusalReason::Needs,
        "finish step `schedule_downtime` first",
    );
    run.check("schedule_downtime").unwrap();
    assert_refusal(
        &run.refused("cpt_confirms_complete"),
        RefusalReason::Needs,
        "finish step `welcome_email` first",
    );
    run.tick(&["welcome_email", "cpt_confirms_complete"]);
}

#[test]
fn the_order_needs_the_vo_setup_and_product_licences() {
    // « Firm must have the VO Setup license and all appropriate VO licenses
    // for the product families to be used. »
    let mut run = emailed();
    run.set("downtime_start", GOOD_DOWNTIME);
    run.tick(&[
        "schedule_downtime",
        "welcome_email",
        "cpt_confirms_complete",
        "process_cancellation",
        "ems_ticket",
        "renewal_and_proposal",
    ]);
    let remedy =
        "Add the VO Setup license and the VO licenses for every product family to the order.";
    assert_refusal(
        &run.refused("order_processed"),
        RefusalReason::Blocker("vo_licenses_missing".into()),
        "answer vo_licenses_ok first",
    );
    run.set("vo_licenses_ok", "no");
    assert_refusal(
        &run.refused("order_processed"),
        RefusalReason::Blocker("vo_licenses_missing".into()),
        remedy,
    );
    assert_eq!(run.eval().status, DerivedStatus::Blocked);
    run.set("vo_licenses_ok", "yes");
    run.check("order_processed").unwrap();
}

#[test]
fn the_licence_blocker_covers_only_the_order() {
    // « 10. Order is signed and processed by Order Team. »: the steps before
    // it are not held by missing licences.
    let mut run = with_products();
    run.set("vo_licenses_ok", "no");
    run.set("downtime_start", GOOD_DOWNTIME);
    run.check("submit_cancellation_form").unwrap();
    let evaluation = run.eval();
    assert_eq!(evaluation.blockers.len(), 1);
    let blocker = &evaluation.blockers[0];
    assert_eq!(blocker.id, "vo_licenses_missing");
    assert_eq!(
        blocker.steps.as_deref(),
        Some(&["order_processed".to_string()][..])
    );
}

#[test]
fn the_licence_update_on_vo_comes_after_the_order() {
    // « 11. CPT is notified to update licenses on VO. »
    let mut run = emailed();
    run.set("downtime_start", GOOD_DOWNTIME);
    run.set("vo_licenses_ok", "yes");
    run.tick(&[
        "schedule_downtime",
        "welcome_email",
        "cpt_confirms_complete",
        "process_cancellation",
        "ems_ticket",
        "renewal_and_proposal",
    ]);
    assert_refusal(
        &run.refused("cpt_update_licenses"),
        RefusalReason::Needs,
        "finish step `order_processed` first",
    );
    run.tick(&["order_processed", "cpt_update_licenses"]);
    assert_eq!(run.eval().status, DerivedStatus::Done);
    assert_eq!(run.progress(), (11, 11));
}

#[test]
fn due_three_business_days_after_creation() {
    // « Expect that this entire process can take 2-3 business days. »
    // Created Monday 2026-11-02: due Thursday 2026-11-05, overdue Friday.
    let run = with_products();
    assert_eq!(run.case.due, Some(date("2026-11-05")));
    assert!(!run.eval_on("2026-11-05").overdue);
    assert!(run.eval_on("2026-11-06").overdue);
    // Created Wednesday 2026-11-04: Thu 5, Fri 6, Mon 9.
    let run = Run::open_at(PLAYBOOK, morning("2026-11-04"), &[]);
    assert_eq!(run.case.due, Some(date("2026-11-09")));
}

#[test]
fn month_end_warning_in_the_last_three_business_days() {
    // « Take this into consideration for month end order processing time. »
    // November 2026's last 3 business days on the US federal calendar:
    // Wednesday 25, Friday 27, Monday 30 (Thursday 26 is Thanksgiving).
    let run = Run::open_at(PLAYBOOK, morning("2026-11-19"), &[]);
    assert_eq!(run.case.due, Some(date("2026-11-24")));
    assert!(run.warning_ids().is_empty());
    let run = Run::open_at(PLAYBOOK, morning("2026-11-20"), &[]);
    assert_eq!(run.case.due, Some(date("2026-11-25")));
    assert_eq!(run.warning_ids(), ["month_end"]);
    let run = Run::open_at(PLAYBOOK, morning("2026-11-23"), &[]);
    assert_eq!(run.case.due, Some(date("2026-11-27")));
    assert_eq!(run.warning_ids(), ["month_end"]);
    let run = Run::open_at(PLAYBOOK, morning("2026-11-27"), &[]);
    assert_eq!(run.case.due, Some(date("2026-12-02")));
    assert_eq!(run.warning_ids(), ["month_end"]);
}

mod cli {
    //! The same rules through the real binary: refused with exit 3 and one
    //! line naming the rule and the remedy, then allowed once fixed.

    use super::GOOD_DOWNTIME;
    use super::common::desk::Desk;

    const PRODUCTS: &str = "vo_products=Accounting CS, Microsoft Office, Exchange";

    /// Steps 1-3 done: form submitted, held, CPT emailed.
    fn emailed(desk: &Desk) -> String {
        let id = desk.open(super::PLAYBOOK, &[PRODUCTS]);
        desk.tick(
            &id,
            &[
                "submit_cancellation_form",
                "route_to_cs_tl_hold",
                "email_cpt",
            ],
        );
        id
    }

    #[test]
    fn the_form_requires_the_products_to_migrate() {
        // « The firm must indicate the products they will migrate to Virtual
        // Office on the cancellation form. »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &[]);
        desk.refused(
            &["check", &id, "submit_cancellation_form"],
            "requires",
            "fill the fact `vo_products` first",
        );
        desk.set(&id, &[PRODUCTS]);
        desk.check(&id, "submit_cancellation_form");
    }

    #[test]
    fn the_cancellation_is_held_until_cpt_steps_3_to_6_are_complete() {
        // « Form is routed to CS Team Leaders to hold until steps 3-6 are
        // complete before they cancel. »
        let desk = Desk::new();
        let id = emailed(&desk);
        desk.set(&id, &[&format!("downtime_start={GOOD_DOWNTIME}")]);
        desk.tick(&id, &["schedule_downtime", "welcome_email"]);
        desk.refused(
            &["check", &id, "process_cancellation"],
            "needs",
            "finish step `cpt_confirms_complete` first",
        );
        desk.check(&id, "cpt_confirms_complete");
        desk.check(&id, "process_cancellation");
    }

    #[test]
    fn the_downtime_is_refused_outside_business_hours() {
        // « this is a four hour window that can only be done during business
        // hours. »
        let desk = Desk::new();
        let id = emailed(&desk);
        desk.refused(
            &["check", &id, "schedule_downtime"],
            "blocker:downtime_outside_business_hours",
            "answer downtime_start first",
        );
        // Monday 2026-11-09 14:00-18:00 runs past 17:00.
        desk.set(&id, &["downtime_start=2026-11-09 14:00"]);
        desk.refused(
            &["check", &id, "schedule_downtime"],
            "blocker:downtime_outside_business_hours",
            "Reschedule the downtime with the user so that the whole four hour window falls within business hours.",
        );
        // Saturday 2026-11-07 is no business day.
        desk.set(&id, &["downtime_start=2026-11-07 10:00"]);
        desk.refused(
            &["check", &id, "schedule_downtime"],
            "blocker:downtime_outside_business_hours",
            "Reschedule the downtime",
        );
        desk.set(&id, &[&format!("downtime_start={GOOD_DOWNTIME}")]);
        desk.check(&id, "schedule_downtime");
    }

    #[test]
    fn the_order_is_refused_without_the_vo_licences() {
        // « Firm must have the VO Setup license and all appropriate VO
        // licenses for the product families to be used. »
        let desk = Desk::new();
        let id = emailed(&desk);
        desk.set(
            &id,
            &[
                &format!("downtime_start={GOOD_DOWNTIME}"),
                "vo_licenses_ok=no",
            ],
        );
        desk.tick(
            &id,
            &[
                "schedule_downtime",
                "welcome_email",
                "cpt_confirms_complete",
                "process_cancellation",
                "ems_ticket",
                "renewal_and_proposal",
            ],
        );
        desk.refused(
            &["check", &id, "order_processed"],
            "blocker:vo_licenses_missing",
            "Add the VO Setup license and the VO licenses for every product family to the order.",
        );
        assert_eq!(desk.status(&id).0, "blocked");
        desk.set(&id, &["vo_licenses_ok=yes"]);
        desk.check(&id, "order_processed");
    }

    #[test]
    fn due_three_business_days_later_with_a_month_end_warning_late_in_the_month() {
        // « Take this into consideration for month end order processing time.
        // Expect that this entire process can take 2-3 business days. »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &[PRODUCTS]);
        assert_eq!(desk.show(&id)["due"], "2026-11-05");
        assert!(desk.warnings(&id).is_empty());
        // Monday 2026-11-30, the last business day of November: due Thursday
        // 2026-12-03, but the case starts in month end.
        let desk = Desk::at("2026-11-30T10:00:00Z");
        let id = desk.open(super::PLAYBOOK, &[PRODUCTS]);
        assert_eq!(desk.show(&id)["due"], "2026-12-03");
        assert_eq!(desk.warnings(&id), ["month_end"]);
    }
}

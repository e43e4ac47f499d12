//! `offering-migration-support` (002_365ca09c12302c1a.txt): every rule
//! driven through the engine, refused and then allowed.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Run, assert_refusal};
use migdesk::engine::DerivedStatus;
use migdesk::engine::RefusalReason;

const PLAYBOOK: &str = "offering-migration-support";

/// Self-managed to SaaS, nothing else known yet.
fn migrating() -> Run {
    Run::open(
        PLAYBOOK,
        &[
            ("current_offering", "self-managed"),
            ("target_offering", "SaaS"),
        ],
    )
}

/// Contacted: support level and target date known, the three contact steps done.
fn contacted() -> Run {
    let mut run = migrating();
    run.set("new_support_level", "Premium");
    run.set("target_date", "2026-12-15");
    run.tick(&[
        "explain_support",
        "confirm_support_level",
        "ask_target_date",
    ]);
    run
}

#[test]
fn the_same_offering_on_both_sides_is_not_an_offering_migration() {
    // « a paid customer who is migrating between offerings (SM and SaaS), and
    // who at the time of the ticket has a paid license to only one of them »
    let mut run = Run::open(PLAYBOOK, &[]);
    assert_eq!(run.eval().status, DerivedStatus::Blocked);
    assert_refusal(
        &run.refused("explain_support"),
        RefusalReason::Blocker("same_offering".into()),
        "answer current_offering, target_offering first",
    );
    run.set("current_offering", "SaaS");
    run.set("target_offering", "saas");
    let refusal = run.refused("explain_support");
    // The rule gives no remedy of its own: the refusal still says what to do.
    assert_refusal(
        &refusal,
        RefusalReason::Blocker("same_offering".into()),
        "resolve the blocker first",
    );
    assert!(
        refusal.message.contains("this process does not apply"),
        "{refusal}"
    );

    run.set("target_offering", "self-managed");
    assert!(run.blocker_ids().is_empty());
    run.check("explain_support").unwrap();
}

#[test]
fn the_support_level_must_be_known_to_confirm_it() {
    // « Ask them to confirm what support level they intend to purchase on the
    // new offering. »
    let mut run = migrating();
    assert_refusal(
        &run.refused("confirm_support_level"),
        RefusalReason::Requires,
        "fill the fact `new_support_level` first",
    );
    run.set("new_support_level", "Premium");
    run.check("confirm_support_level").unwrap();
}

#[test]
fn the_target_date_must_be_known_to_tick_asking_for_it() {
    // « Ask them the target date for completing the migration. »
    let mut run = migrating();
    assert_refusal(
        &run.refused("ask_target_date"),
        RefusalReason::Requires,
        "fill the fact `target_date` first",
    );
    run.set("target_date", "2026-12-15");
    run.check("ask_target_date").unwrap();
}

#[test]
fn the_support_ops_issue_waits_for_the_customer_contact() {
    // « 1. Contact the customer to gather information » comes before « 2. Open
    // a Support Ops issue in this project »
    let mut run = migrating();
    run.set("new_support_level", "Premium");
    run.set("target_date", "2026-12-15");
    run.tick(&["explain_support", "confirm_support_level"]);
    assert_refusal(
        &run.refused("open_support_ops_issue"),
        RefusalReason::Needs,
        "finish or skip every step of phase `contact_customer` first",
    );
    run.check("ask_target_date").unwrap();
    run.check("open_support_ops_issue").unwrap();
}

#[test]
fn the_support_ops_issue_names_the_migration_the_level_and_the_date() {
    // « 1. Specify that the request is to support a product offering
    // migration. 2. Specify the new support level to be applied to the
    // organization. 3. Specify the migration target date. »
    let mut run = contacted();
    let template = |run: &Run| {
        run.eval()
            .step("open_support_ops_issue")
            .unwrap()
            .rendered_template
            .clone()
            .unwrap()
    };
    assert_eq!(
        template(&run),
        "The request is to support a product offering migration (self-managed to SaaS).\n\
         New support level to be applied to the organization: Premium\n\
         Migration target date: 2026-12-15\n"
    );
    // Each fact the issue names is required to tick it.
    run.set("new_support_level", "unknown");
    assert!(template(&run).contains("{{new_support_level}}"));
    assert_refusal(
        &run.refused("open_support_ops_issue"),
        RefusalReason::Requires,
        "fill the fact `new_support_level` first",
    );
    run.set("new_support_level", "Premium");
    run.set("target_date", "unknown");
    assert_refusal(
        &run.refused("open_support_ops_issue"),
        RefusalReason::Requires,
        "fill the fact `target_date` first",
    );
    run.set("target_date", "2026-12-15");
    // The offerings are named too; unknown, the case blocker also holds.
    for fact in ["current_offering", "target_offering"] {
        let value = run.case.facts[fact].to_string();
        run.set(fact, "unknown");
        let refusal = run.refused("open_support_ops_issue");
        assert_refusal(
            &refusal,
            RefusalReason::Blocker("same_offering".into()),
            &format!("answer {fact} first"),
        );
        assert!(
            refusal
                .remedy
                .contains(&format!("fill the fact `{fact}` first")),
            "{refusal}"
        );
        run.set(fact, &value);
    }
    run.check("open_support_ops_issue").unwrap();
}

#[test]
fn support_ops_work_follows_the_issue() {
    // « 3. From here, Support Ops will: 1. Add the support level tag to the
    // org. … 2. Add text to the org notes … »
    let mut run = contacted();
    for step in ["support_ops_add_tag", "support_ops_org_notes"] {
        assert_refusal(
            &run.refused(step),
            RefusalReason::Needs,
            "finish or skip step `open_support_ops_issue` first",
        );
    }
    run.check("open_support_ops_issue").unwrap();
    run.tick(&["support_ops_add_tag", "support_ops_org_notes"]);
}

#[test]
fn the_extra_tag_is_removed_once_support_ops_has_completed_their_work() {
    // « Once Support Ops has completed their work, remove from the ticket the
    // support level tag that does not belong. »
    let mut run = contacted();
    run.tick(&["open_support_ops_issue", "support_ops_add_tag"]);
    assert_refusal(
        &run.refused("remove_extra_tag"),
        RefusalReason::Needs,
        "finish every step of phase `support_ops_work` first",
    );
    // A skipped Support Ops step is not Support Ops having completed their work.
    run.skip(
        "support_ops_org_notes",
        "Support Ops said they would do it later",
    )
    .unwrap();
    assert_refusal(
        &run.refused("remove_extra_tag"),
        RefusalReason::Needs,
        "skipped steps must be unticked and done",
    );
    run.uncheck("support_ops_org_notes").unwrap();
    run.check("support_ops_org_notes").unwrap();
    run.check("remove_extra_tag").unwrap();
    assert_eq!(run.eval().status, DerivedStatus::Done);
    assert_eq!(run.progress(), (7, 7));
}

#[test]
fn a_passed_target_date_is_a_warning_that_never_blocks() {
    // « we have approved offering level support until target date »
    // Today is Monday 2026-11-02.
    let mut run = contacted();
    run.set("target_date", "2026-11-02");
    assert!(run.warning_ids().is_empty(), "the target date is today");
    run.set("target_date", "2026-10-30");
    assert_eq!(run.warning_ids(), ["target_date_passed"]);
    run.check("open_support_ops_issue").unwrap();
    // A date in the future clears it; it comes back once the date has passed.
    run.set("target_date", "2026-11-06");
    assert!(run.warning_ids().is_empty());
    let later = run.eval_on("2026-11-09");
    assert_eq!(
        later
            .warnings
            .iter()
            .map(|w| w.id.as_str())
            .collect::<Vec<_>>(),
        ["target_date_passed"]
    );
}

#[test]
fn no_due_date() {
    // The document gives no duration; the target date is the customer's.
    let run = contacted();
    assert_eq!(run.eval().due, None);
}

mod cli {
    //! The same rules through the real binary: refused with exit 3 and one
    //! line naming the rule and the remedy, then allowed once fixed.

    use super::common::desk::Desk;

    #[test]
    fn the_same_offering_is_refused_until_the_offerings_differ() {
        // « a paid customer who is migrating between offerings (SM and SaaS),
        // and who at the time of the ticket has a paid license to only one of
        // them »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &[]);
        desk.refused(
            &["check", &id, "explain_support"],
            "blocker:same_offering",
            "answer current_offering, target_offering first",
        );
        desk.set(&id, &["current_offering=SaaS", "target_offering=SaaS"]);
        let line = desk.refused(
            &["check", &id, "explain_support"],
            "blocker:same_offering",
            "resolve the blocker first",
        );
        assert!(line.contains("this process does not apply"), "{line}");
        desk.set(&id, &["current_offering=self-managed"]);
        desk.check(&id, "explain_support");
    }

    #[test]
    fn the_contact_steps_require_the_answers_and_the_issue_waits_for_them() {
        // « Ask them to confirm what support level they intend to purchase on
        // the new offering. Ask them the target date for completing the
        // migration. »
        let desk = Desk::new();
        let id = desk.open(
            super::PLAYBOOK,
            &["current_offering=self-managed", "target_offering=SaaS"],
        );
        desk.refused(
            &["check", &id, "confirm_support_level"],
            "requires",
            "fill the fact `new_support_level` first",
        );
        desk.refused(
            &["check", &id, "ask_target_date"],
            "requires",
            "fill the fact `target_date` first",
        );
        desk.set(
            &id,
            &["new_support_level=Premium", "target_date=2026-12-15"],
        );
        desk.tick(&id, &["explain_support", "confirm_support_level"]);
        desk.refused(
            &["check", &id, "open_support_ops_issue"],
            "needs",
            "finish or skip every step of phase `contact_customer` first",
        );
        desk.tick(&id, &["ask_target_date", "open_support_ops_issue"]);
        desk.refused(
            &["check", &id, "remove_extra_tag"],
            "needs",
            "finish every step of phase `support_ops_work` first",
        );
        desk.tick(
            &id,
            &[
                "support_ops_add_tag",
                "support_ops_org_notes",
                "remove_extra_tag",
            ],
        );
    }

    #[test]
    fn a_passed_target_date_is_shown_as_a_warning() {
        // « we have approved offering level support until target date »
        let mut desk = Desk::new();
        let id = desk.open(
            super::PLAYBOOK,
            &[
                "current_offering=SaaS",
                "target_offering=self-managed",
                "target_date=2026-11-06",
            ],
        );
        assert!(desk.warnings(&id).is_empty());
        // Monday 2026-11-09: Friday 2026-11-06 has passed.
        desk.now = "2026-11-09T10:00:00Z".to_string();
        assert_eq!(desk.warnings(&id), ["target_date_passed"]);
        desk.check(&id, "explain_support");
    }
}

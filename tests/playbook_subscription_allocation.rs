//! `subscription-allocation` (003_a26eabdd7684813a.txt, Wazo): every rule
//! driven through the engine, refused and then allowed.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Run, assert_refusal};
use migdesk::engine::{DerivedStatus, LockReason, RefusalReason, StepStatus};

const PLAYBOOK: &str = "subscription-allocation";

/// The client's subscriptions opened and synchronised: 10 allocated, 10 consumed.
fn synced() -> Run {
    let mut run = Run::open(PLAYBOOK, &[]);
    run.set("allocated_subscriptions", "10");
    run.set("consumed_seats", "10");
    run.tick(&["open_client_subscriptions", "sync_consumed_seats"]);
    run
}

#[test]
fn synchronising_needs_the_client_opened_and_both_counts() {
    // « D'un simple clic sur l'un de vos clients, vous aurez accès aux détails
    // des souscriptions de ce client » … « Vous pouvez à tout moment voir en
    // quelle proportion les souscriptions allouées à ce client sont utilisées
    // en cliquant sur le bouton "Synchroniser les sièges consommés" »
    let mut run = Run::open(PLAYBOOK, &[]);
    let refusal = run.refused("sync_consumed_seats");
    assert_refusal(
        &refusal,
        RefusalReason::Needs,
        "finish or skip step `open_client_subscriptions` first",
    );
    assert!(
        refusal
            .remedy
            .contains("fill the fact `allocated_subscriptions` first")
    );
    assert!(
        refusal
            .remedy
            .contains("fill the fact `consumed_seats` first")
    );
    run.check("open_client_subscriptions").unwrap();
    run.set("allocated_subscriptions", "10");
    assert_refusal(
        &run.refused("sync_consumed_seats"),
        RefusalReason::Requires,
        "fill the fact `consumed_seats` first",
    );
    run.set("consumed_seats", "8");
    run.check("sync_consumed_seats").unwrap();
}

#[test]
fn users_are_added_only_with_a_free_allocated_subscription() {
    // « À partir du 23 août 2022, tout ajout d'un nouvel utilisateur ne sera
    // possible que si vous avez alloué suffisamment de souscriptions au client
    // associé. »
    let mut run = synced();
    let remedy = "Allouer davantage de souscriptions sur un site du client, puis resynchroniser les sièges consommés.";
    // 10 allocated, 10 consumed: none free.
    assert_refusal(
        &run.refused("add_users"),
        RefusalReason::Blocker("not_enough_subscriptions".into()),
        remedy,
    );
    // Fewer allocated than consumed: still none.
    run.set("allocated_subscriptions", "9");
    assert_refusal(
        &run.refused("add_users"),
        RefusalReason::Blocker("not_enough_subscriptions".into()),
        remedy,
    );
    // Unknown consumption holds too, naming what to answer.
    run.set("consumed_seats", "unknown");
    assert_refusal(
        &run.refused("add_users"),
        RefusalReason::Blocker("not_enough_subscriptions".into()),
        "answer consumed_seats first",
    );
    run.set("consumed_seats", "10");
    run.set("allocated_subscriptions", "11");
    assert!(
        !run.blocker_ids()
            .contains(&"not_enough_subscriptions".to_string())
    );
    run.check("add_users").unwrap();
}

#[test]
fn only_admins_with_the_financier_role_allocate_subscriptions() {
    // « Seuls les administrateurs ayant le Rôle "Financier" => "Gestion des
    // souscriptions" aura la capacité d'allouer de nouvelles souscriptions. »
    let mut run = synced();
    assert_refusal(
        &run.refused("allocate_subscriptions"),
        RefusalReason::Blocker("missing_financier_role".into()),
        "answer admin_has_financier_role first",
    );
    run.set("admin_has_financier_role", "non");
    let refusal = run.refused("allocate_subscriptions");
    assert_refusal(
        &refusal,
        RefusalReason::Blocker("missing_financier_role".into()),
        "Faire l'allocation avec un administrateur (partenaire ou client final) qui dispose de ce rôle.",
    );
    assert!(
        refusal
            .message
            .contains("« Financier » => « Gestion des souscriptions »")
    );
    run.set("admin_has_financier_role", "oui");
    run.check("allocate_subscriptions").unwrap();
}

#[test]
fn the_role_blocker_covers_only_the_allocation() {
    // The role is about allocating: « Seuls les administrateurs ayant le Rôle
    // … aura la capacité d'allouer de nouvelles souscriptions. »
    let mut run = synced();
    run.set("admin_has_financier_role", "non");
    run.set("allocated_subscriptions", "12");
    run.check("add_users").unwrap();
}

#[test]
fn allocating_waits_for_the_synchronised_counts() {
    // « L'allocation des souscriptions d'un client est possible au travers de
    // chacun de ses sites. »: after reading where the client stands.
    let mut run = Run::open(PLAYBOOK, &[("admin_has_financier_role", "oui")]);
    run.check("open_client_subscriptions").unwrap();
    for step in ["allocate_subscriptions", "add_users"] {
        let reasons = run.reasons(step);
        assert!(
            reasons.iter().any(
                |r| matches!(r, LockReason::NeedsStep { step, .. } if step == "sync_consumed_seats")
            ),
            "{step}: {reasons:?}"
        );
    }
    assert_refusal(
        &run.refused("allocate_subscriptions"),
        RefusalReason::Needs,
        "finish or skip step `sync_consumed_seats` first",
    );
    run.set("allocated_subscriptions", "4");
    run.set("consumed_seats", "4");
    run.check("sync_consumed_seats").unwrap();
    run.check("allocate_subscriptions").unwrap();
}

#[test]
fn the_billing_cycle_step_applies_only_when_the_cycle_changes() {
    // « Le changement de cycle de facturation d'un client existant est
    // possible en éditant les informations du client. »
    let mut run = synced();
    // Not answered: locked until it is.
    assert_refusal(
        &run.refused("edit_billing_cycle"),
        RefusalReason::When,
        "answer change_billing_cycle first",
    );
    // No change: the step does not apply and does not count.
    run.set("change_billing_cycle", "non");
    assert_eq!(run.state("edit_billing_cycle"), StepStatus::NotApplicable);
    assert_eq!(
        run.refused("edit_billing_cycle").reason,
        RefusalReason::When
    );
    assert_eq!(run.progress(), (2, 4));
    // A change: the step applies, with both dates required.
    run.set("change_billing_cycle", "oui");
    assert_eq!(run.progress(), (2, 5));
    let refusal = run.refused("edit_billing_cycle");
    assert_refusal(
        &refusal,
        RefusalReason::Requires,
        "fill the fact `billing_cycle_change_date` first",
    );
    assert!(
        refusal
            .remedy
            .contains("fill the fact `next_cycle_start` first")
    );
    run.set("billing_cycle_change_date", "2026-12-01");
    run.set("next_cycle_start", "2026-12-01");
    run.check("edit_billing_cycle").unwrap();
}

#[test]
fn a_billing_cycle_change_takes_effect_at_the_next_cycle() {
    // « Les changements effectués sur le cycle de facturation prennent effet
    // lors du début du prochain cycle. »
    let mut run = synced();
    run.set("change_billing_cycle", "oui");
    run.set("next_cycle_start", "2026-12-01");
    run.set("billing_cycle_change_date", "2026-11-15");
    assert_eq!(
        run.warning_ids(),
        ["billing_cycle_change_not_at_cycle_start"]
    );
    // A warning never blocks.
    run.check("edit_billing_cycle").unwrap();
    run.uncheck("edit_billing_cycle").unwrap();
    // Wanted at the start of the next cycle: no warning.
    run.set("billing_cycle_change_date", "2026-12-01");
    assert!(run.warning_ids().is_empty());
    // No change wanted: no warning whatever the dates say.
    run.set("billing_cycle_change_date", "2026-11-15");
    run.set("change_billing_cycle", "non");
    assert!(run.warning_ids().is_empty());
}

#[test]
fn dated_milestones_are_shown_and_there_is_no_due_date() {
    // « À partir du 1er Novembre 2022, vos factures se baseront sur le nombre
    // de souscriptions que vous aurez alloués à chacun de vos clients. »
    let mut run = synced();
    let info: Vec<&str> = run
        .playbook
        .definition()
        .info
        .iter()
        .map(|i| i.text.as_str())
        .collect();
    assert!(info.iter().any(|t| t.contains("1er Novembre 2022")));
    assert!(info.iter().any(|t| t.contains("23 août 2022")));
    assert_eq!(run.eval().due, None);
    run.set("admin_has_financier_role", "oui");
    run.set("change_billing_cycle", "non");
    run.check("allocate_subscriptions").unwrap();
    run.set("allocated_subscriptions", "15");
    run.check("add_users").unwrap();
    assert_eq!(run.eval().status, DerivedStatus::Done);
    assert_eq!(run.progress(), (4, 4));
}

mod cli {
    //! The same rules through the real binary: refused with exit 3 and one
    //! line naming the rule and the remedy, then allowed once fixed.

    use super::common::desk::Desk;

    /// The client opened and synchronised: 10 allocated, 10 consumed.
    fn synced(desk: &Desk) -> String {
        let id = desk.open(
            super::PLAYBOOK,
            &["allocated_subscriptions=10", "consumed_seats=10"],
        );
        desk.tick(&id, &["open_client_subscriptions", "sync_consumed_seats"]);
        id
    }

    #[test]
    fn users_are_refused_without_a_free_allocated_subscription() {
        // « tout ajout d'un nouvel utilisateur ne sera possible que si vous
        // avez alloué suffisamment de souscriptions au client associé. »
        let desk = Desk::new();
        let id = synced(&desk);
        desk.refused(
            &["check", &id, "add_users"],
            "blocker:not_enough_subscriptions",
            "Allouer davantage de souscriptions sur un site du client, puis resynchroniser les sièges consommés.",
        );
        desk.set(&id, &["allocated_subscriptions=12"]);
        desk.check(&id, "add_users");
    }

    #[test]
    fn allocating_is_refused_without_the_financier_role() {
        // « Seuls les administrateurs ayant le Rôle "Financier" => "Gestion des
        // souscriptions" aura la capacité d'allouer de nouvelles
        // souscriptions. »
        let desk = Desk::new();
        let id = synced(&desk);
        desk.refused(
            &["check", &id, "allocate_subscriptions"],
            "blocker:missing_financier_role",
            "answer admin_has_financier_role first",
        );
        desk.set(&id, &["admin_has_financier_role=non"]);
        desk.refused(
            &["check", &id, "allocate_subscriptions"],
            "blocker:missing_financier_role",
            "Faire l'allocation avec un administrateur (partenaire ou client final) qui dispose de ce rôle.",
        );
        desk.set(&id, &["admin_has_financier_role=oui"]);
        desk.check(&id, "allocate_subscriptions");
    }

    #[test]
    fn synchronising_is_held_until_the_client_is_open_and_counts_are_known() {
        // « Vous pouvez à tout moment voir en quelle proportion les
        // souscriptions allouées à ce client sont utilisées en cliquant sur le
        // bouton "Synchroniser les sièges consommés" »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &[]);
        desk.refused(
            &["check", &id, "sync_consumed_seats"],
            "needs",
            "finish or skip step `open_client_subscriptions` first",
        );
        desk.check(&id, "open_client_subscriptions");
        desk.refused(
            &["check", &id, "sync_consumed_seats"],
            "requires",
            "fill the fact `allocated_subscriptions` first",
        );
        desk.set(&id, &["allocated_subscriptions=4", "consumed_seats=3"]);
        desk.check(&id, "sync_consumed_seats");
    }

    #[test]
    fn the_billing_cycle_step_applies_only_to_a_change_and_warns_off_cycle() {
        // « Le changement de cycle de facturation d'un client existant est
        // possible en éditant les informations du client. Les changements
        // effectués sur le cycle de facturation prennent effet lors du début
        // du prochain cycle. »
        let desk = Desk::new();
        let id = synced(&desk);
        desk.refused(
            &["check", &id, "edit_billing_cycle"],
            "when",
            "answer change_billing_cycle first",
        );
        desk.set(&id, &["change_billing_cycle=non"]);
        assert_eq!(desk.state(&id, "edit_billing_cycle"), "n/a");
        desk.refused(
            &["check", &id, "edit_billing_cycle"],
            "when",
            "nothing to do for this step",
        );
        desk.set(&id, &["change_billing_cycle=oui"]);
        desk.refused(
            &["check", &id, "edit_billing_cycle"],
            "requires",
            "fill the fact `billing_cycle_change_date` first",
        );
        desk.set(
            &id,
            &[
                "billing_cycle_change_date=2026-11-15",
                "next_cycle_start=2026-12-01",
            ],
        );
        assert_eq!(
            desk.warnings(&id),
            ["billing_cycle_change_not_at_cycle_start"]
        );
        desk.check(&id, "edit_billing_cycle");
    }
}

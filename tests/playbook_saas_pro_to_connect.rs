//! `saas-pro-to-connect` (000_1a5b0c005f1e7816.txt, "Saas Migration"): every
//! rule driven through the engine, refused and then allowed.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Run, assert_refusal};
use migdesk::engine::{DerivedStatus, RefusalReason, StepStatus};

const PLAYBOOK: &str = "saas-pro-to-connect";

/// No debts, same company name and VAT number on both contracts.
fn eligible() -> Run {
    Run::open(
        PLAYBOOK,
        &[
            ("has_debts", "non"),
            ("pro_company_name", "Salon Léa SARL"),
            ("new_company_name", "Salon Léa SARL"),
            ("pro_vat_number", "FR40303265045"),
            ("new_vat_number", "FR40303265045"),
        ],
    )
}

#[test]
fn unanswered_eligibility_questions_block_like_failed_ones() {
    // « Il est impossible de migrer de Pro vers Connect lorsque : » — until
    // the questions are answered, nothing can be ticked.
    let mut run = Run::open(PLAYBOOK, &[]);
    let evaluation = run.eval();
    assert_eq!(evaluation.status, DerivedStatus::Blocked);
    let unanswered = |id: &str| {
        let mut names = evaluation
            .blockers
            .iter()
            .find(|b| b.id == id)
            .unwrap()
            .unanswered
            .clone();
        names.sort();
        names
    };
    assert_eq!(unanswered("debts"), ["has_debts"]);
    assert_eq!(
        unanswered("different_company_name"),
        ["new_company_name", "pro_company_name"]
    );
    assert_eq!(
        unanswered("different_vat_number"),
        ["new_vat_number", "pro_vat_number"]
    );
    let refusal = run.refused("create_opportunity");
    assert_refusal(
        &refusal,
        RefusalReason::Blocker("debts".into()),
        "answer has_debts first",
    );

    run.set("has_debts", "non");
    run.set("pro_company_name", "Salon Léa SARL");
    run.set("new_company_name", "Salon Léa SARL");
    run.set("pro_vat_number", "FR40303265045");
    run.set("new_vat_number", "FR40303265045");
    assert!(run.blocker_ids().is_empty());
    run.check("create_opportunity").unwrap();
}

#[test]
fn debts_block_the_whole_case_until_resolved() {
    // « le partenaire a des dettes puisqu’il est impossible de transférer une
    // dette d’un Saas vers un autre »
    let mut run = eligible();
    run.set("has_debts", "oui");
    assert_eq!(run.eval().status, DerivedStatus::Blocked);
    for step in [
        "create_opportunity",
        "check_not_on_iglu",
        "employees_and_hours",
    ] {
        let refusal = run.refused(step);
        assert_refusal(
            &refusal,
            RefusalReason::Blocker("debts".into()),
            "Il faut résoudre la situation de la dette avant de migrer vers Connect.",
        );
        assert!(
            refusal
                .message
                .contains("impossible de transférer une dette"),
            "{refusal}"
        );
    }
    // A blocker also refuses skipping.
    let refusal = run
        .skip("check_not_on_iglu", "déjà vérifié par le Content")
        .unwrap_err();
    assert_eq!(refusal.reason, RefusalReason::Blocker("debts".into()));

    run.set("has_debts", "non");
    assert!(run.blocker_ids().is_empty());
    run.check("create_opportunity").unwrap();
    run.check("check_not_on_iglu").unwrap();
}

#[test]
fn a_different_company_name_blocks_the_case_and_says_to_churn_pro() {
    // « le partenaire a des informations de facturation fiscale différentes
    // sur le nouveau contrat (Nom de société, Numéro de TVA). Si c'est le cas
    // il faut churn le compte pro et créer un nouveau compte connect. »
    let mut run = eligible();
    run.set("new_company_name", "Léa Beauté SAS");
    assert_eq!(run.blocker_ids(), ["different_company_name"]);
    let refusal = run.refused("create_opportunity");
    assert_refusal(
        &refusal,
        RefusalReason::Blocker("different_company_name".into()),
        "Churn le compte Pro et créer un nouveau compte Connect.",
    );
    assert!(refusal.message.contains("nom de société"), "{refusal}");
    assert_eq!(run.eval().blockers[0].alternative, None);

    // The same name, written with other capitals and spaces, is the same name.
    run.set("new_company_name", "  salon léa sarl ");
    assert!(run.blocker_ids().is_empty());
    run.check("create_opportunity").unwrap();
}

#[test]
fn a_different_vat_number_blocks_the_case_and_says_to_churn_pro() {
    // « informations de facturation fiscale différentes sur le nouveau contrat
    // (Nom de société, Numéro de TVA) »
    let mut run = eligible();
    run.set("new_vat_number", "FR83404833048");
    assert_eq!(run.blocker_ids(), ["different_vat_number"]);
    let refusal = run.refused("employees_and_hours");
    assert_refusal(
        &refusal,
        RefusalReason::Blocker("different_vat_number".into()),
        "Churn le compte Pro et créer un nouveau compte Connect.",
    );
    assert!(refusal.message.contains("numéro de TVA"), "{refusal}");

    run.set("new_vat_number", "FR40303265045");
    run.check("employees_and_hours").unwrap();
}

#[test]
fn the_opportunity_steps_wait_for_the_opportunity() {
    // « 2 choses importantes au moment de la création de l’opportunité :
    // Contacts à remplir, Mettre le contrat dans files »; the checklist items
    // written into the opportunity need it too.
    let needing = [
        "fill_contacts",
        "contract_in_files",
        "mark_as_migration",
        "cds_source",
        "client_file",
        "forecast_training_date",
    ];
    let mut run = eligible();
    for step in needing {
        let refusal = run.refused(step);
        assert_refusal(
            &refusal,
            RefusalReason::Needs,
            "finish or skip step `create_opportunity` first",
        );
    }
    run.check("create_opportunity").unwrap();
    run.tick(&needing);
}

#[test]
fn the_venue_usp_copy_waits_for_the_description() {
    // « Pavé de description de l’opp à rajouter aussi dans le VENUE USP de
    // l’Account »: the description must exist before it is copied.
    let mut run = eligible();
    run.check("create_opportunity").unwrap();
    let refusal = run.refused("venue_usp");
    assert_refusal(
        &refusal,
        RefusalReason::Needs,
        "finish step `mark_as_migration` first",
    );
    run.check("mark_as_migration").unwrap();
    run.check("venue_usp").unwrap();
}

#[test]
fn checks_outside_the_opportunity_can_be_done_first() {
    // « -Vérifier que la venue n’est pas déjà sur Iglu (en disabled) » and
    // « -Vérifier qu’il y ait bien les infos relatives aux employés et les
    // horaires » are not written into the opportunity.
    let mut run = eligible();
    run.tick(&["check_not_on_iglu", "employees_and_hours"]);
    assert_eq!(run.progress(), (2, 10));
}

#[test]
fn a_full_run_reaches_done_with_no_due_date() {
    // The document gives no duration for a Saas Migration: no due date.
    let mut run = eligible();
    assert_eq!(run.case.due, None);
    assert_eq!(run.eval().due, None);
    // « Ce qui migre automatiquement lors d’un Saas migration »
    let info = &run.playbook.definition().info;
    assert!(
        info[0]
            .text
            .contains("la page de la Marketplace, les avis, les widgets")
    );
    run.tick(&[
        "create_opportunity",
        "fill_contacts",
        "contract_in_files",
        "mark_as_migration",
        "check_not_on_iglu",
        "cds_source",
        "client_file",
        "employees_and_hours",
        "forecast_training_date",
        "venue_usp",
    ]);
    let evaluation = run.eval();
    assert_eq!(evaluation.status, DerivedStatus::Done);
    assert_eq!(run.progress(), (10, 10));
    assert!(evaluation.steps.iter().all(|s| s.state == StepStatus::Done));
}

mod cli {
    //! The same rules through the real binary: refused with exit 3 and one
    //! line naming the rule and the remedy, then allowed once fixed.

    use super::common::desk::Desk;

    const ELIGIBLE: [&str; 5] = [
        "has_debts=non",
        "pro_company_name=Salon Léa SARL",
        "new_company_name=Salon Léa SARL",
        "pro_vat_number=FR40303265045",
        "new_vat_number=FR40303265045",
    ];

    #[test]
    fn debts_are_refused_until_resolved() {
        // « le partenaire a des dettes puisqu’il est impossible de transférer
        // une dette d’un Saas vers un autre »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &[]);
        desk.refused(
            &["check", &id, "create_opportunity"],
            "blocker:debts",
            "answer has_debts first",
        );
        desk.set(&id, &ELIGIBLE);
        desk.set(&id, &["has_debts=oui"]);
        let line = desk.refused(
            &["check", &id, "create_opportunity"],
            "blocker:debts",
            "Il faut résoudre la situation de la dette avant de migrer vers Connect.",
        );
        assert!(
            line.contains("impossible de transférer une dette"),
            "{line}"
        );
        desk.refused(
            &["skip", &id, "check_not_on_iglu", "--reason", "déjà fait"],
            "blocker:debts",
            "Il faut résoudre la situation de la dette",
        );
        assert_eq!(desk.blockers(&id), ["debts"]);
        desk.set(&id, &["has_debts=non"]);
        desk.check(&id, "create_opportunity");
        assert_eq!(desk.state(&id, "create_opportunity"), "done");
    }

    #[test]
    fn a_different_company_name_is_refused_until_it_matches() {
        // « le partenaire a des informations de facturation fiscale
        // différentes sur le nouveau contrat (Nom de société, Numéro de TVA).
        // Si c'est le cas il faut churn le compte pro et créer un nouveau
        // compte connect. »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &ELIGIBLE);
        desk.set(&id, &["new_company_name=Léa Beauté SAS"]);
        desk.refused(
            &["check", &id, "create_opportunity"],
            "blocker:different_company_name",
            "Churn le compte Pro et créer un nouveau compte Connect.",
        );
        desk.set(&id, &["new_company_name=SALON LÉA SARL"]);
        desk.check(&id, "create_opportunity");
    }

    #[test]
    fn a_different_vat_number_is_refused_until_it_matches() {
        // « informations de facturation fiscale différentes sur le nouveau
        // contrat (Nom de société, Numéro de TVA) »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &ELIGIBLE);
        desk.set(&id, &["new_vat_number=FR83404833048"]);
        desk.refused(
            &["check", &id, "create_opportunity"],
            "blocker:different_vat_number",
            "Churn le compte Pro et créer un nouveau compte Connect.",
        );
        desk.set(&id, &["new_vat_number=FR40303265045"]);
        desk.check(&id, "create_opportunity");
    }

    #[test]
    fn opportunity_items_are_held_until_the_opportunity_exists() {
        // « 2 choses importantes au moment de la création de l’opportunité »;
        // « Pavé de description de l’opp à rajouter aussi dans le VENUE USP
        // de l’Account »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &ELIGIBLE);
        desk.refused(
            &["check", &id, "fill_contacts"],
            "needs",
            "finish or skip step `create_opportunity` first",
        );
        desk.check(&id, "create_opportunity");
        desk.check(&id, "fill_contacts");
        desk.refused(
            &["check", &id, "venue_usp"],
            "needs",
            "finish step `mark_as_migration` first",
        );
        desk.check(&id, "mark_as_migration");
        desk.check(&id, "venue_usp");
    }
}

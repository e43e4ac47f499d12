//! `undo-migration` (000_1a5b0c005f1e7816.txt, "Undo Migration"): every
//! rule driven through the engine, refused and then allowed.
#![allow(clippy::unwrap_used)]

mod common;

use common::{REVIEWER, Run, assert_refusal};
use migdesk::engine::{DerivedStatus, RefusalReason, StepStatus};
use migdesk::model::Verdict;

const PLAYBOOK: &str = "undo-migration";

const OPPORTUNITY: [&str; 3] = ["create_opportunity", "contract_in_files", "venue_usp"];
const AFTER_UNDO: [&str; 3] = [
    "check_appointments",
    "publish_connect_page",
    "disable_online_booking_pro",
];

fn eligible() -> Run {
    Run::open(
        PLAYBOOK,
        &[
            ("has_debts", "non"),
            ("pro_company_name", "Institut Rose"),
            ("new_company_name", "Institut Rose"),
            ("pro_vat_number", "FR40303265045"),
            ("new_vat_number", "FR40303265045"),
        ],
    )
}

/// Eligible, with the opportunity validated by the TL.
fn validated() -> Run {
    let mut run = eligible();
    run.tick(&OPPORTUNITY);
    run.review(REVIEWER, "tl_validation", Verdict::Approved)
        .unwrap();
    run
}

/// Validated, both Jira tickets made and the undo confirmed.
fn undone() -> Run {
    let mut run = validated();
    run.set("old_connect_id", "123456");
    run.set("seen_with", "Camille");
    run.tick(&["jira_set_active", "jira_product_support", "undo_confirmed"]);
    run
}

#[test]
fn unrecoverable_debts_block_the_undo_until_resolved() {
    // « Dettes existantes sur PRO : Aucune migration ne peut avoir lieu si le
    // partenaire a des dettes irrécouvrables. Il faut résoudre la situation de
    // la dette avant de migrer vers Connect . »
    let mut run = Run::open(PLAYBOOK, &[]);
    assert_refusal(
        &run.refused("create_opportunity"),
        RefusalReason::Blocker("debts".into()),
        "answer has_debts first",
    );
    let mut run_with_debts = eligible();
    run_with_debts.set("has_debts", "oui");
    let refusal = run_with_debts.refused("create_opportunity");
    assert_refusal(
        &refusal,
        RefusalReason::Blocker("debts".into()),
        "Il faut résoudre la situation de la dette avant de migrer vers Connect.",
    );
    assert!(refusal.message.contains("18 octobre 2023"), "{refusal}");
    // The approval is held too: a reviewer cannot validate a blocked case.
    assert_eq!(
        run_with_debts
            .review(REVIEWER, "tl_validation", Verdict::Approved)
            .unwrap_err()
            .reason,
        RefusalReason::Blocker("debts".into())
    );

    run_with_debts.set("has_debts", "non");
    run_with_debts.check("create_opportunity").unwrap();
    run.set("has_debts", "non");
    assert_ne!(
        run.refused("create_opportunity").reason,
        RefusalReason::Blocker("debts".into())
    );
}

#[test]
fn a_different_company_name_blocks_the_undo() {
    // « Informations de facturation fiscale différentes (nom de la société et
    // numéro de TVA) sur le nouveau contrat par rapport au contrat Pro. Si
    // c'est le cas il faut churn le compte pro et créer un nouveau compte
    // connect. »
    let mut run = eligible();
    run.set("new_company_name", "Rose & Co");
    let refusal = run.refused("create_opportunity");
    assert_refusal(
        &refusal,
        RefusalReason::Blocker("different_company_name".into()),
        "Churn le compte Pro et créer un nouveau compte Connect.",
    );
    run.set("new_company_name", "INSTITUT ROSE");
    run.check("create_opportunity").unwrap();
}

#[test]
fn a_different_vat_number_blocks_the_undo() {
    // « Informations de facturation fiscale différentes (nom de la société et
    // numéro de TVA) sur le nouveau contrat par rapport au contrat Pro. »
    let mut run = eligible();
    run.set("new_vat_number", "BE0403170701");
    let refusal = run.refused("create_opportunity");
    assert_refusal(
        &refusal,
        RefusalReason::Blocker("different_vat_number".into()),
        "Churn le compte Pro et créer un nouveau compte Connect.",
    );
    run.set("new_vat_number", "FR40303265045");
    run.check("create_opportunity").unwrap();
}

#[test]
fn the_opportunity_items_wait_for_the_opportunity() {
    // « Création d’une nouvelle opportunité en new Business que l’on renomme
    // Undo Migration dans Salesforce. Ne pas oublier d’ajouter : … »
    let mut run = eligible();
    for step in ["contract_in_files", "venue_usp"] {
        assert_refusal(
            &run.refused(step),
            RefusalReason::Needs,
            "finish or skip step `create_opportunity` first",
        );
    }
    run.tick(&OPPORTUNITY);
}

#[test]
fn the_tl_validates_the_opportunity_and_only_by_review_from_someone_else() {
    // « faire valider l’opportunité au TL »
    let mut run = eligible();
    run.check("create_opportunity").unwrap();
    // Not ready for review before the opportunity is complete.
    let refusal = run
        .review(REVIEWER, "tl_validation", Verdict::Approved)
        .unwrap_err();
    assert_refusal(
        &refusal,
        RefusalReason::Needs,
        "finish step `contract_in_files` first",
    );
    run.tick(&["contract_in_files", "venue_usp"]);
    assert!(run.eval().step("tl_validation").unwrap().awaiting_review);
    assert_eq!(run.eval().status, DerivedStatus::InReview);

    // The assignee can neither tick, skip nor approve it.
    assert_refusal(
        &run.refused("tl_validation"),
        RefusalReason::Approval,
        "--approve",
    );
    assert_eq!(
        run.skip("tl_validation", "validé à l’oral")
            .unwrap_err()
            .reason,
        RefusalReason::Approval
    );
    assert_refusal(
        &run.review(common::ASSIGNEE, "tl_validation", Verdict::Approved)
            .unwrap_err(),
        RefusalReason::FourEyes,
        "ask someone else",
    );

    run.review(REVIEWER, "tl_validation", Verdict::Approved)
        .unwrap();
    assert_eq!(run.state("tl_validation"), StepStatus::Done);
    let review = run.case.steps["tl_validation"].review.clone().unwrap();
    assert_eq!(review.by, REVIEWER);
}

#[test]
fn the_active_account_ticket_waits_for_the_validated_opportunity() {
    // « 1. Création d’une nouvelle opportunité … » then « Faire ticket Jira
    // pour faire passer le compte en actif »
    let mut run = eligible();
    run.tick(&OPPORTUNITY);
    let refusal = run.refused("jira_set_active");
    assert_refusal(
        &refusal,
        RefusalReason::Needs,
        "finish every step of phase `opportunite` first",
    );
    run.review(REVIEWER, "tl_validation", Verdict::Approved)
        .unwrap();
    run.check("jira_set_active").unwrap();
}

#[test]
fn the_product_support_ticket_needs_the_old_connect_id_and_renders_it() {
    // « Faire un Ticket Jira au Product Support “Undo Migration” (choisir
    // Saas TW Pro) pour demander de re-basculer sur Connect » … « Here is the
    // Old Connect ID (mettre ici l’ancien ID Connect) »
    let mut run = validated();
    assert_refusal(
        &run.refused("jira_product_support"),
        RefusalReason::Needs,
        "finish or skip step `jira_set_active` first",
    );
    run.check("jira_set_active").unwrap();
    let template = |run: &Run| {
        run.eval()
            .step("jira_product_support")
            .unwrap()
            .rendered_template
            .clone()
            .unwrap()
    };
    assert!(
        template(&run).contains("Here is the Old Connect ID {{old_connect_id}} Thank you so much.")
    );
    let refusal = run.refused("jira_product_support");
    assert_refusal(
        &refusal,
        RefusalReason::Requires,
        "fill the fact `old_connect_id` first",
    );

    run.set("old_connect_id", "123456");
    // « I have seen it with Valentine »: the name is whoever the agent
    // checked with, a fact they fill; the rest of the text is word for word.
    assert!(template(&run).contains("I have seen it with {{seen_with}}, the partner"));
    assert_refusal(
        &run.refused("jira_product_support"),
        RefusalReason::Requires,
        "fill the fact `seen_with` first",
    );
    run.set("seen_with", "Camille");
    assert!(template(&run).contains(
        "I have seen it with Camille, the partner needs to go back on Connect to avoid the churn. (the email is already put in the files) Here is the Old Connect ID 123456 Thank you so much."
    ));
    assert!(!template(&run).contains("Valentine"));
    run.check("jira_product_support").unwrap();
}

#[test]
fn the_after_undo_checks_wait_for_the_undo_to_be_completed() {
    // « Une fois que la migration a été défaite (= undo migration bien
    // completed, c’est-à-dire que sur la page Iglu de l’account Connect il
    // n’y a plus écrit dans le “Normalised name” : “migrated-to-tw-pro”) il
    // faut : »
    let mut run = validated();
    run.set("old_connect_id", "123456");
    run.set("seen_with", "Camille");
    run.check("jira_set_active").unwrap();
    assert_refusal(
        &run.refused("undo_confirmed"),
        RefusalReason::Needs,
        "finish step `jira_product_support` first",
    );
    run.check("jira_product_support").unwrap();
    for step in AFTER_UNDO {
        assert_refusal(
            &run.refused(step),
            RefusalReason::Needs,
            "finish step `undo_confirmed` first",
        );
    }
    run.check("undo_confirmed").unwrap();
    run.tick(&AFTER_UNDO);
}

#[test]
fn the_finance_ticket_waits_for_every_after_undo_check() {
    // « 1. Une fois que la migration a été défaite … » comes before « Ticket
    // Finance pour demander de couper à la mano le billing active de TW Pro »
    let mut run = undone();
    run.tick(&["check_appointments", "publish_connect_page"]);
    let refusal = run.check_ack("finance_cut_pro_billing").unwrap_err();
    assert_refusal(
        &refusal,
        RefusalReason::Needs,
        "finish every step of phase `apres_undo` first",
    );
    run.check("disable_online_booking_pro").unwrap();
    run.check_ack("finance_cut_pro_billing").unwrap();
}

#[test]
fn cutting_pro_billing_must_be_acknowledged_and_the_confirmation_is_recorded() {
    // « attention quand on coupe le billing active dans Pro ça le churne et ça
    // retire l’accès à l’agenda Pro du partenaire donc bien s’assurer qu’il a
    // récupéré ce qu’il lui fallait et qu’il n’en a plus besoin »
    let mut run = undone();
    run.tick(&AFTER_UNDO);
    let refusal = run.refused("finance_cut_pro_billing");
    assert_refusal(&refusal, RefusalReason::Acknowledge, "--ack");
    assert!(refusal.message.contains("ça le churne"), "{refusal}");
    run.check_ack("finance_cut_pro_billing").unwrap();
    let acknowledged = run.case.steps["finance_cut_pro_billing"]
        .acknowledged
        .clone()
        .unwrap();
    assert!(acknowledged.contains("retire l’accès à l’agenda Pro"));
}

#[test]
fn the_widget_message_comes_last_and_closes_the_case() {
    // « bien dire au partenaire de changer ses widgets, enlever ceux de Pro
    // pour remettre ceux de Connect !!! »
    let mut run = undone();
    run.tick(&AFTER_UNDO);
    assert_refusal(
        &run.refused("tell_partner_widgets"),
        RefusalReason::Needs,
        "finish or skip step `finance_cut_pro_billing` first",
    );
    run.check_ack("finance_cut_pro_billing").unwrap();
    run.check("tell_partner_widgets").unwrap();
    assert_eq!(run.eval().status, DerivedStatus::Done);
    assert_eq!(run.progress(), (12, 12));
    // The document gives no duration: no due date.
    assert_eq!(run.eval().due, None);
}

mod cli {
    //! The same rules through the real binary: refused with exit 3 and one
    //! line naming the rule and the remedy, then allowed once fixed.

    use super::common::desk::Desk;
    use super::common::{ASSIGNEE, REVIEWER};

    const ELIGIBLE: [&str; 5] = [
        "has_debts=non",
        "pro_company_name=Institut Rose",
        "new_company_name=Institut Rose",
        "pro_vat_number=FR40303265045",
        "new_vat_number=FR40303265045",
    ];

    /// An eligible case with the opportunity validated by the TL.
    fn validated(desk: &Desk) -> String {
        let id = desk.open(super::PLAYBOOK, &ELIGIBLE);
        desk.tick(&id, &super::OPPORTUNITY);
        desk.approve(&id, "tl_validation");
        id
    }

    #[test]
    fn the_three_eligibility_blockers_are_refused_until_fixed() {
        // « Aucune migration ne peut avoir lieu si le partenaire a des dettes
        // irrécouvrables. Il faut résoudre la situation de la dette avant de
        // migrer vers Connect . » and « Informations de facturation fiscale
        // différentes (nom de la société et numéro de TVA) sur le nouveau
        // contrat par rapport au contrat Pro. Si c'est le cas il faut churn le
        // compte pro et créer un nouveau compte connect. »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &ELIGIBLE);
        for (fact, rule, remedy, fixed) in [
            (
                "has_debts=oui",
                "blocker:debts",
                "Il faut résoudre la situation de la dette avant de migrer vers Connect.",
                "has_debts=non",
            ),
            (
                "new_company_name=Rose & Co",
                "blocker:different_company_name",
                "Churn le compte Pro et créer un nouveau compte Connect.",
                "new_company_name=Institut Rose",
            ),
            (
                "new_vat_number=BE0403170701",
                "blocker:different_vat_number",
                "Churn le compte Pro et créer un nouveau compte Connect.",
                "new_vat_number=FR40303265045",
            ),
        ] {
            desk.set(&id, &[fact]);
            desk.refused(&["check", &id, "create_opportunity"], rule, remedy);
            desk.set(&id, &[fixed]);
        }
        desk.check(&id, "create_opportunity");
    }

    #[test]
    fn the_tl_validation_is_a_review_by_someone_else() {
        // « faire valider l’opportunité au TL »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &ELIGIBLE);
        desk.check(&id, "create_opportunity");
        desk.refused_as(
            REVIEWER,
            &[
                "review",
                &id,
                "tl_validation",
                "--approve",
                "--reason",
                "ok",
            ],
            "needs",
            "finish step `contract_in_files` first",
        );
        desk.tick(&id, &["contract_in_files", "venue_usp"]);
        assert_eq!(desk.status(&id).0, "in_review");
        desk.refused(
            &["check", &id, "tl_validation"],
            "approval",
            "ask a reviewer to approve it: `migdesk review",
        );
        desk.refused(
            &["skip", &id, "tl_validation", "--reason", "validé à l’oral"],
            "approval",
            "ask a reviewer to approve or reject it",
        );
        desk.refused_as(
            ASSIGNEE,
            &[
                "review",
                &id,
                "tl_validation",
                "--approve",
                "--reason",
                "mine",
            ],
            "four-eyes",
            "ask someone else (a team lead) to review it",
        );
        // A rejection hands it back; a change by the assignee returns it to review.
        let output = desk.run_as(
            REVIEWER,
            &[
                "review",
                &id,
                "tl_validation",
                "--reject",
                "--reason",
                "billing Connect manquant",
            ],
        );
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(desk.state(&id, "tl_validation"), "todo");
        assert_eq!(desk.status(&id).0, "changes_requested");
        desk.ok(&["note", &id, "billing Connect ajouté, frais à 0 €"]);
        assert_eq!(desk.status(&id).0, "in_review");
        desk.ok(&[
            "--as",
            REVIEWER,
            "review",
            &id,
            "tl_validation",
            "--approve",
            "--reason",
            "ok",
        ]);
        assert_eq!(desk.state(&id, "tl_validation"), "done");
    }

    #[test]
    fn the_product_support_ticket_requires_the_old_connect_id() {
        // « Here is the Old Connect ID (mettre ici l’ancien ID Connect) »
        let desk = Desk::new();
        let id = validated(&desk);
        desk.refused(
            &["check", &id, "jira_product_support"],
            "needs",
            "finish or skip step `jira_set_active` first",
        );
        desk.check(&id, "jira_set_active");
        desk.refused(
            &["check", &id, "jira_product_support"],
            "requires",
            "fill the fact `old_connect_id` first",
        );
        desk.set(&id, &["old_connect_id=123456"]);
        desk.refused(
            &["check", &id, "jira_product_support"],
            "requires",
            "fill the fact `seen_with` first",
        );
        desk.set(&id, &["seen_with=Camille"]);
        desk.check(&id, "jira_product_support");
        let show = desk.show(&id);
        let template = super::common::desk::step_of(&show, "jira_product_support")["template"]
            .as_str()
            .unwrap();
        assert!(template.contains("Here is the Old Connect ID 123456 Thank you so much."));
        assert!(template.contains("I have seen it with Camille, the partner"));
    }

    #[test]
    fn cutting_pro_billing_needs_the_after_undo_checks_and_a_confirmation() {
        // « Ticket Finance pour demander de couper à la mano le billing active
        // de TW Pro (attention quand on coupe le billing active dans Pro ça le
        // churne et ça retire l’accès à l’agenda Pro du partenaire …) »
        let desk = Desk::new();
        let id = validated(&desk);
        desk.set(&id, &["old_connect_id=123456", "seen_with=Camille"]);
        desk.tick(
            &id,
            &["jira_set_active", "jira_product_support", "undo_confirmed"],
        );
        desk.refused(
            &["check", &id, "finance_cut_pro_billing", "--ack"],
            "needs",
            "finish every step of phase `apres_undo` first",
        );
        desk.tick(&id, &super::AFTER_UNDO);
        let line = desk.refused(
            &["check", &id, "finance_cut_pro_billing"],
            "acknowledge",
            "--ack",
        );
        assert!(line.contains("ça le churne"), "{line}");
        desk.ok(&["check", &id, "finance_cut_pro_billing", "--ack"]);
        let show = desk.show(&id);
        let record = &super::common::desk::step_of(&show, "finance_cut_pro_billing")["record"];
        assert!(
            record["acknowledged"]
                .as_str()
                .unwrap()
                .contains("retire l’accès à l’agenda Pro")
        );
        desk.refused(&["uncheck", &id, "undo_confirmed"], "needs", "untick");
    }
}

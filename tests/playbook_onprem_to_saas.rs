//! `onprem-to-saas` (004_7579ba8d6cd75566.txt, BESA QSys): every rule driven
//! through the engine, refused and then allowed, and the due date counted
//! from the transition date on dates checkable by hand.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Run, assert_refusal, date};
use migdesk::engine::{DerivedStatus, RefusalReason, StepStatus};

const PLAYBOOK: &str = "onprem-to-saas";

const PREPARATION: [&str; 5] = [
    "quote_request",
    "written_offer",
    "offer_confirmed",
    "agree_details",
    "launch_deployment",
];
const REALISATION: [&str; 5] = [
    "set_read_only",
    "migrate_data",
    "convert_interfaces",
    "run_tests",
    "hand_over_site",
];

/// Offer confirmed, details agreed (transition Friday 2026-11-06), deployment launched.
fn prepared(has_epdoc: &str) -> Run {
    let mut run = Run::open(
        PLAYBOOK,
        &[
            ("transition_date", "2026-11-06"),
            ("saas_site_name", "ems-les-tilleuls"),
            ("has_epdoc", has_epdoc),
        ],
    );
    run.tick(&PREPARATION);
    run
}

/// Prepared and converted, the site handed over.
fn handed_over(has_epdoc: &str) -> Run {
    let mut run = prepared(has_epdoc);
    run.check_ack("set_read_only").unwrap();
    run.tick(&REALISATION[1..]);
    run
}

#[test]
fn preparation_steps_follow_each_other() {
    // « 1. Le·la client·e demande un devis via le formulaire en ligne. 2. BESA
    // Qsys établit une offre écrite … 3. Le·la client·e confirme formellement
    // l'offre (une réponse par e-mail suffit). »
    let mut run = Run::open(PLAYBOOK, &[]);
    for pair in PREPARATION[..3].windows(2) {
        assert_refusal(
            &run.refused(pair[1]),
            RefusalReason::Needs,
            &format!("finish or skip step `{}` first", pair[0]),
        );
        run.check(pair[0]).unwrap();
    }
    run.check("offer_confirmed").unwrap();
}

#[test]
fn the_details_agreed_are_the_transition_date_the_site_name_and_epdoc() {
    // « Notre équipe informatique contacte le·la client·e pour convenir des
    // détails (notamment la date de la transition et le nom du futur site web
    // SaaS) »; ePDoc changes the length: « pour les client·e·s disposant
    // d'ePDoc, il faut prévoir un jour supplémentaire »
    let mut run = Run::open(PLAYBOOK, &[]);
    run.tick(&PREPARATION[..3]);
    for (fact, value) in [
        ("transition_date", "2026-11-06"),
        ("saas_site_name", "ems-les-tilleuls"),
        ("has_epdoc", "non"),
    ] {
        let refusal = run.refused("agree_details");
        assert_refusal(
            &refusal,
            RefusalReason::Requires,
            &format!("fill the fact `{fact}` first"),
        );
        run.set(fact, value);
    }
    run.check("agree_details").unwrap();
    assert_refusal(
        &Run::open(PLAYBOOK, &[]).refused("launch_deployment"),
        RefusalReason::Needs,
        "finish or skip step `agree_details` first",
    );
    run.check("launch_deployment").unwrap();
}

#[test]
fn the_read_only_window_waits_for_the_whole_preparation() {
    // « A la date convenue, le système du·de la client·e est placé en mode de
    // lecture seule afin de permettre la migration des données. »
    let mut run = prepared("non");
    run.uncheck("launch_deployment").unwrap();
    let refusal = run.check_ack("set_read_only").unwrap_err();
    assert_refusal(
        &refusal,
        RefusalReason::Needs,
        "finish or skip every step of phase `preparation` first",
    );
    run.check("launch_deployment").unwrap();
    run.check_ack("set_read_only").unwrap();
}

#[test]
fn the_read_only_window_must_be_acknowledged() {
    // « Pendant ce temps, l'ancien système reste disponible en lecture seule,
    // mais les interfaces ne transmettent pas non plus de données pendant ce
    // temps. »
    let mut run = prepared("non");
    let refusal = run.refused("set_read_only");
    assert_refusal(&refusal, RefusalReason::Acknowledge, "--ack");
    assert!(
        refusal
            .message
            .contains("les interfaces ne transmettent pas non plus de données"),
        "{refusal}"
    );
    run.check_ack("set_read_only").unwrap();
    let acknowledged = run.case.steps["set_read_only"].acknowledged.clone();
    assert!(acknowledged.unwrap().contains("lecture seule"));
}

#[test]
fn realisation_steps_follow_each_other_and_interfaces_may_be_skipped() {
    // « 2. Notre équipe informatique effectue la migration des données … 3.
    // Les éventuelles interfaces sont également converties. 4. Différents tests
    // sur l'application et les interfaces sont effectués. 5. Le site internet
    // du·de la client·e SaaS est mis à la disposition du·de la client·e. »
    let mut run = prepared("non");
    run.check_ack("set_read_only").unwrap();
    for pair in REALISATION.windows(2).skip(1) {
        // The data migration needs the read-only mode and the hand-over the
        // tests *done*; the other steps can follow a skip.
        let remedy = match pair[0] {
            "set_read_only" | "run_tests" => format!("finish step `{}` first", pair[0]),
            _ => format!("finish or skip step `{}` first", pair[0]),
        };
        assert_refusal(&run.refused(pair[1]), RefusalReason::Needs, &remedy);
        if pair[0] == "convert_interfaces" {
            // « Les éventuelles interfaces »: none at this customer.
            run.skip("convert_interfaces", "aucune interface chez le client")
                .unwrap();
        } else {
            run.check(pair[0]).unwrap();
        }
    }
    run.check("hand_over_site").unwrap();
    assert_eq!(run.state("convert_interfaces"), StepStatus::Skipped);
}

#[test]
fn the_start_steps_wait_for_the_whole_realisation() {
    // « Démarrage avec le nouveau système » follows « Réalisation ».
    let mut run = prepared("non");
    run.check_ack("set_read_only").unwrap();
    run.tick(&REALISATION[1..4]);
    run.set("acceptance_by", "Mme Favre, responsable RAI");
    for step in ["users_watch_videos", "formal_acceptance", "support_address"] {
        assert_refusal(
            &run.refused(step),
            RefusalReason::Needs,
            "finish or skip every step of phase `realisation` first",
        );
    }
    run.check("hand_over_site").unwrap();
    run.tick(&["users_watch_videos", "formal_acceptance", "support_address"]);
}

#[test]
fn the_formal_acceptance_names_who_accepted() {
    // « La personne responsable de RAI et/ou d'ePDoc vérifie que
    // l'environnement mis à disposition est complet et l'accepte
    // formellement. »
    let mut run = handed_over("non");
    assert_refusal(
        &run.refused("formal_acceptance"),
        RefusalReason::Requires,
        "fill the fact `acceptance_by` first",
    );
    run.set("acceptance_by", "Mme Favre, responsable RAI");
    run.check("formal_acceptance").unwrap();
}

#[test]
fn the_epdoc_acceptance_applies_only_to_epdoc_customers() {
    // « La personne responsable de RAI et/ou d'ePDoc vérifie que
    // l'environnement mis à disposition est complet et l'accepte
    // formellement. »
    let mut run = handed_over("non");
    assert_eq!(run.state("epdoc_acceptance"), StepStatus::NotApplicable);
    assert_eq!(run.refused("epdoc_acceptance").reason, RefusalReason::When);
    assert_eq!(run.progress(), (10, 14));

    let mut run = handed_over("oui");
    assert_eq!(run.state("epdoc_acceptance"), StepStatus::Todo);
    assert_eq!(run.progress(), (10, 15));
    assert_refusal(
        &run.refused("epdoc_acceptance"),
        RefusalReason::Requires,
        "fill the fact `acceptance_by` first",
    );
    run.set("acceptance_by", "M. Rochat, responsable ePDoc");
    run.check("epdoc_acceptance").unwrap();

    // Unanswered, whether it applies cannot be decided.
    let mut run = handed_over("non");
    run.set("has_epdoc", "unknown");
    assert_refusal(
        &run.refused("epdoc_acceptance"),
        RefusalReason::When,
        "answer has_epdoc first",
    );
}

#[test]
fn the_final_invoice_waits_for_both_acceptances() {
    // « Le·la client·e reçoit le décompte final pour les travaux de conversion
    // effectués selon l'offre, ainsi que la mise à niveau vers le nouveau
    // modèle de licence. » — after the acceptance.
    let mut run = handed_over("oui");
    run.set("acceptance_by", "Mme Favre, responsable RAI et ePDoc");
    assert_refusal(
        &run.refused("final_invoice"),
        RefusalReason::Needs,
        "finish step `formal_acceptance` first",
    );
    run.check("formal_acceptance").unwrap();
    assert_refusal(
        &run.refused("final_invoice"),
        RefusalReason::Needs,
        "finish step `epdoc_acceptance` first",
    );
    run.check("epdoc_acceptance").unwrap();
    run.check("final_invoice").unwrap();

    // Without ePDoc, the n/a acceptance counts as done.
    let mut run = handed_over("non");
    run.set("acceptance_by", "Mme Favre, responsable RAI");
    run.check("formal_acceptance").unwrap();
    run.check("final_invoice").unwrap();
    run.tick(&["users_watch_videos", "support_address"]);
    assert_eq!(run.eval().status, DerivedStatus::Done);
    assert_eq!(run.progress(), (14, 14));
}

#[test]
fn due_one_business_day_after_the_transition_date_two_with_epdoc() {
    // « En règle générale, la migration commence en fin d'après-midi et se
    // termine entre le milieu et la fin du jour suivant (pour les client·e·s
    // disposant d'ePDoc, il faut prévoir un jour supplémentaire). »
    let mut run = Run::open(PLAYBOOK, &[]);
    // No transition date agreed: no due date.
    assert_eq!(run.case.due, None);
    assert_eq!(run.eval().due, None);
    // Transition Friday 2026-11-06: due Monday 2026-11-09.
    run.set("transition_date", "2026-11-06");
    assert_eq!(run.case.due, Some(date("2026-11-09")));
    run.set("has_epdoc", "non");
    assert_eq!(run.case.due, Some(date("2026-11-09")));
    // With ePDoc, one more business day: Tuesday 2026-11-10.
    run.set("has_epdoc", "oui");
    assert_eq!(run.case.due, Some(date("2026-11-10")));
    assert_eq!(run.eval().due, Some(date("2026-11-10")));
    assert!(!run.eval_on("2026-11-10").overdue);
    assert!(run.eval_on("2026-11-11").overdue);
    run.set("has_epdoc", "non");
    assert!(run.eval_on("2026-11-10").overdue);
    // Transition Tuesday 2026-11-17: due Wednesday 2026-11-18.
    run.set("transition_date", "2026-11-17");
    assert_eq!(run.case.due, Some(date("2026-11-18")));
}

#[test]
fn epdoc_customers_are_warned_of_the_extra_day() {
    // « pour les client·e·s disposant d'ePDoc, il faut prévoir un jour
    // supplémentaire »
    let mut run = Run::open(PLAYBOOK, &[]);
    assert!(run.warning_ids().is_empty());
    run.set("has_epdoc", "oui");
    assert_eq!(run.warning_ids(), ["epdoc_extra_day"]);
    run.set("has_epdoc", "non");
    assert!(run.warning_ids().is_empty());
}

mod cli {
    //! The same rules through the real binary: refused with exit 3 and one
    //! line naming the rule and the remedy, then allowed once fixed.

    use super::common::desk::Desk;

    const DETAILS: [&str; 3] = [
        "transition_date=2026-11-06",
        "saas_site_name=ems-les-tilleuls",
        "has_epdoc=oui",
    ];

    #[test]
    fn the_details_are_required_and_the_realisation_waits_for_the_preparation() {
        // « Notre équipe informatique contacte le·la client·e pour convenir des
        // détails (notamment la date de la transition et le nom du futur site
        // web SaaS) »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &[]);
        desk.tick(&id, &super::PREPARATION[..3]);
        desk.refused(
            &["check", &id, "agree_details"],
            "requires",
            "fill the fact `transition_date` first",
        );
        desk.set(&id, &DETAILS);
        desk.check(&id, "agree_details");
        desk.refused(
            &["check", &id, "set_read_only", "--ack"],
            "needs",
            "finish or skip every step of phase `preparation` first",
        );
        desk.check(&id, "launch_deployment");
        desk.ok(&["check", &id, "set_read_only", "--ack"]);
    }

    #[test]
    fn the_read_only_window_is_refused_without_confirmation() {
        // « Pendant ce temps, l'ancien système reste disponible en lecture
        // seule, mais les interfaces ne transmettent pas non plus de données
        // pendant ce temps. »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &DETAILS);
        desk.tick(&id, &super::PREPARATION);
        let line = desk.refused(
            &["check", &id, "set_read_only"],
            "acknowledge",
            "confirm the warning (--ack on the command line) to tick it",
        );
        assert!(line.contains("lecture seule"), "{line}");
        desk.ok(&["check", &id, "set_read_only", "--ack"]);
    }

    #[test]
    fn acceptances_and_the_final_invoice() {
        // « La personne responsable de RAI et/ou d'ePDoc vérifie que
        // l'environnement mis à disposition est complet et l'accepte
        // formellement. » then « Le·la client·e reçoit le décompte final … »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &DETAILS);
        desk.tick(&id, &super::PREPARATION);
        desk.ok(&["check", &id, "set_read_only", "--ack"]);
        desk.tick(&id, &super::REALISATION[1..]);
        desk.refused(
            &["check", &id, "formal_acceptance"],
            "requires",
            "fill the fact `acceptance_by` first",
        );
        desk.set(&id, &["acceptance_by=Mme Favre, responsable RAI et ePDoc"]);
        desk.check(&id, "formal_acceptance");
        desk.refused(
            &["check", &id, "final_invoice"],
            "needs",
            "finish step `epdoc_acceptance` first",
        );
        desk.check(&id, "epdoc_acceptance");
        desk.check(&id, "final_invoice");
        // Without ePDoc, its acceptance does not apply.
        let other = desk.open(super::PLAYBOOK, &["has_epdoc=non"]);
        assert_eq!(desk.state(&other, "epdoc_acceptance"), "n/a");
        desk.refused(
            &["check", &other, "epdoc_acceptance"],
            "when",
            "nothing to do for this step",
        );
    }

    #[test]
    fn due_from_the_transition_date_with_an_extra_day_for_epdoc() {
        // « la migration commence en fin d'après-midi et se termine entre le
        // milieu et la fin du jour suivant (pour les client·e·s disposant
        // d'ePDoc, il faut prévoir un jour supplémentaire) »
        let desk = Desk::new();
        let id = desk.open(super::PLAYBOOK, &[]);
        assert_eq!(desk.show(&id)["due"], serde_json::Value::Null);
        // Friday 2026-11-06 + 1 business day: Monday 2026-11-09.
        desk.set(&id, &["transition_date=2026-11-06", "has_epdoc=non"]);
        assert_eq!(desk.show(&id)["due"], "2026-11-09");
        assert!(desk.warnings(&id).is_empty());
        // With ePDoc: Tuesday 2026-11-10, and the warning.
        desk.set(&id, &["has_epdoc=oui"]);
        assert_eq!(desk.show(&id)["due"], "2026-11-10");
        assert_eq!(desk.warnings(&id), ["epdoc_extra_day"]);
    }
}

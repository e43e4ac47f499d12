//! The new-case flow: playbook, title, eligibility facts with live blockers.

use super::Harness;
use crate::app::{Context, Dialog, NewCaseStage, Screen};

fn form(harness: &Harness) -> &crate::app::Form {
    match harness.app.screens.last() {
        Some(Screen::NewCase(screen)) => match &screen.stage {
            NewCaseStage::Form(form) => form,
            NewCaseStage::Pick { .. } => panic!("still picking"),
        },
        _ => panic!("not on the new-case screen"),
    }
}

/// Opens the new-case form on `playbook`.
fn start(harness: &mut Harness, playbook: &str) {
    harness.press("n");
    assert_eq!(harness.app.context(), Context::PlaybookPicker);
    let index = harness
        .app
        .catalog
        .entries()
        .iter()
        .position(|entry| entry.playbook.id() == playbook)
        .unwrap();
    for _ in 0..index {
        harness.press("j");
    }
    harness.press("<enter>");
    assert_eq!(form(harness).playbook, playbook);
}

fn files(harness: &Harness) -> usize {
    harness.other_writer().load_all().cases.len()
}

#[test]
fn blockers_show_live_and_esc_creates_nothing() {
    let mut harness = Harness::empty();
    start(&mut harness, "saas-pro-to-connect");
    let fields: Vec<&str> = form(&harness)
        .fields
        .iter()
        .map(|f| f.fact.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "has_debts",
            "pro_company_name",
            "new_company_name",
            "pro_vat_number",
            "new_vat_number"
        ]
    );
    // Unanswered eligibility questions block like failed ones.
    assert_eq!(form(&harness).blockers.len(), 3);
    harness.press("Boulangerie Dupont<tab>");
    assert_eq!(harness.app.context(), Context::NewCaseChoice);
    harness.press("<space><tab>ACME<tab>ACME<tab>FR1<tab>FR1");
    let blockers: Vec<&str> = form(&harness)
        .blockers
        .iter()
        .map(|b| b.id.as_str())
        .collect();
    assert_eq!(blockers, ["debts"], "has_debts is yes");
    let screen = harness.render(120, 40);
    assert!(screen.contains("Not eligible yet"), "{screen}");
    assert!(
        screen.contains("Il faut résoudre la situation de la dette"),
        "{screen}"
    );
    harness.press("<s-tab><s-tab><s-tab><s-tab><right>");
    assert!(form(&harness).blockers.is_empty(), "has_debts is no");
    assert!(harness.render(120, 40).contains("Nothing blocks this case"));
    // What was typed is not dropped without asking; `n` keeps it.
    harness.press("<esc>");
    assert!(
        matches!(&harness.app.dialog, Some(Dialog::Confirm { title, .. }) if title == "Discard the new case?")
    );
    harness.press("n");
    assert_eq!(form(&harness).title.value(), "Boulangerie Dupont");
    harness.press("<esc>y");
    assert_eq!(harness.app.context(), Context::PlaybookPicker);
    harness.press("<esc>");
    assert!(harness.app.screens.is_empty());
    assert_eq!(harness.app.cases.len(), 0);
    assert_eq!(files(&harness), 0, "nothing was created");
}

#[test]
fn esc_on_an_untouched_form_goes_back_without_asking() {
    let mut harness = Harness::empty();
    start(&mut harness, "saas-pro-to-connect");
    // Moving between fields types nothing.
    harness.press("<tab><tab>");
    harness.press("<esc>");
    assert!(harness.app.dialog.is_none(), "{:?}", harness.app.dialog);
    assert_eq!(harness.app.context(), Context::PlaybookPicker);
}

#[test]
fn an_eligible_case_is_created_and_opened() {
    let mut harness = Harness::empty();
    start(&mut harness, "saas-pro-to-connect");
    harness.press("Salon Élégance<tab><space><space><tab>ACME<tab>acme <tab>FR1<tab>FR1<enter>");
    assert_eq!(harness.app.cases.len(), 1);
    assert_eq!(harness.open_id(), "MIG-0001");
    let case = harness.case("MIG-0001");
    assert_eq!(case.title, "Salon Élégance");
    assert_eq!(case.assignee, "alice");
    assert_eq!(case.facts.len(), 5);
    assert_eq!(files(&harness), 1);
}

#[test]
fn a_blocked_case_is_created_only_after_confirming() {
    let mut harness = Harness::empty();
    start(&mut harness, "saas-pro-to-connect");
    harness.press("Boulangerie<enter>");
    assert!(
        matches!(&harness.app.dialog, Some(Dialog::Confirm { title, .. }) if title == "Not eligible yet")
    );
    harness.press("<esc>");
    assert_eq!(files(&harness), 0);
    harness.press("<enter>y");
    assert_eq!(files(&harness), 1);
    assert_eq!(harness.open_id(), "MIG-0001");
}

#[test]
fn a_title_is_required_and_invalid_values_are_refused() {
    let mut harness = Harness::empty();
    start(&mut harness, "offering-migration-support");
    harness.press("<enter>");
    assert!(
        form(&harness).error.as_deref().unwrap().contains("title"),
        "{:?}",
        form(&harness).error
    );
    assert_eq!(form(&harness).focus, 0);
    assert_eq!(files(&harness), 0);
    let playbook = harness
        .app
        .catalog
        .get("saas-to-local-install")
        .unwrap()
        .clone();
    assert_eq!(
        crate::app::new_case::form_facts(&playbook),
        ["data_backed_up"]
    );
}

#[test]
fn the_form_asks_for_what_the_first_phase_requires_not_what_is_known_later() {
    let harness = Harness::empty();
    let playbook = harness
        .app
        .catalog
        .get("saas-to-virtual-office")
        .unwrap()
        .clone();
    let facts = crate::app::new_case::form_facts(&playbook);
    assert!(facts.contains(&"vo_products".to_string()), "{facts:?}");
    assert!(!facts.contains(&"downtime_start".to_string()), "{facts:?}");
}

#[test]
fn the_eligibility_panel_names_facts_by_their_label() {
    let mut harness = Harness::empty();
    harness.press("n");
    let index = harness
        .app
        .catalog
        .entries()
        .iter()
        .position(|entry| entry.playbook.id() == "tiny-eligibility")
        .unwrap();
    for _ in 0..index {
        harness.press("j");
    }
    harness.press("<enter>");
    let screen = harness.render(120, 40);
    assert!(
        screen.contains("answer “Does the partner have debts?”"),
        "{screen}"
    );
    assert!(!screen.contains("answer has_debts"), "{screen}");
}

#[test]
fn g_and_capital_g_jump_to_the_first_and_last_playbook() {
    let mut harness = Harness::empty();
    harness.press("n");
    let last = harness.app.catalog.entries().len() - 1;
    let selected = |h: &Harness| match h.app.screens.last() {
        Some(Screen::NewCase(screen)) => match &screen.stage {
            NewCaseStage::Pick { selected } => *selected,
            NewCaseStage::Form(_) => panic!("not picking"),
        },
        _ => panic!("not on the new-case screen"),
    };
    harness.press("G");
    assert_eq!(selected(&harness), last);
    harness.press("g");
    assert_eq!(selected(&harness), 0);
    harness.press("<end>");
    assert_eq!(selected(&harness), last);
    harness.press("<home>");
    assert_eq!(selected(&harness), 0);
}

#[test]
fn ctrl_o_adds_any_other_fact_of_the_playbook_with_its_label_and_type() {
    let mut harness = Harness::empty();
    start(&mut harness, "tiny-eligibility");
    let before = form(&harness).fields.len();
    harness.press("<c-o>");
    assert_eq!(harness.app.context(), Context::Picker);
    let screen = harness.render(120, 40);
    assert!(screen.contains("Add a fact to the form"), "{screen}");
    assert!(screen.contains("Express handling? · yes/no"), "{screen}");
    // Facts already in the form are not offered again.
    assert!(
        !screen.contains("Does the partner have debts? ·"),
        "{screen}"
    );
    let Some(Dialog::FactChooser(chooser)) = &harness.app.dialog else {
        panic!("the chooser, got {:?}", harness.app.dialog);
    };
    let position = (chooser.options.iter())
        .position(|option| option.fact == "express")
        .unwrap();
    for _ in 0..position {
        harness.press("j");
    }
    harness.press("<enter>");
    assert!(harness.app.dialog.is_none());
    let fields = &form(&harness).fields;
    assert_eq!(fields.len(), before + 1);
    assert_eq!(fields.last().unwrap().fact, "express");
    // The focus is on the new field, a yes/no one: Space answers it.
    assert_eq!(harness.app.context(), Context::NewCaseChoice);
    harness.press("<space>");
    assert_eq!(form(&harness).fields.last().unwrap().value.text(), "yes");
}

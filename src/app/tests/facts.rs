//! The facts pane: yes/no facts swap, dates are checked by the engine,
//! choices are picked from their list.

use super::{Harness, create_case, text};
use crate::app::{Context, Focus};
use crate::model::FactValue;

#[test]
fn space_swaps_a_yes_no_fact_and_only_del_makes_it_unknown() {
    let mut harness = Harness::demo();
    harness.open("MIG-0001");
    harness.press("<tab>");
    assert_eq!(harness.app.context(), Context::CaseFacts);
    harness.select_fact("has_debts");
    let value = |h: &Harness| h.case("MIG-0001").facts.get("has_debts").cloned();
    assert_eq!(value(&harness), Some(FactValue::Bool(true)));
    harness.press("<space>");
    assert_eq!(value(&harness), Some(FactValue::Bool(false)));
    assert!(
        !harness.render(120, 40).contains("BLOCKED"),
        "the blocker is gone"
    );
    harness.press("<space>");
    assert_eq!(
        value(&harness),
        Some(FactValue::Bool(true)),
        "no → yes directly"
    );
    harness.press("<del>");
    assert_eq!(value(&harness), None);
    harness.press("<space>");
    assert_eq!(
        value(&harness),
        Some(FactValue::Bool(true)),
        "unknown → yes"
    );
    harness.press("<enter>");
    assert_eq!(
        value(&harness),
        Some(FactValue::Bool(false)),
        "Enter swaps too"
    );
    harness.press("<bs>");
    assert_eq!(value(&harness), None);
    harness.press("<tab>");
    assert_eq!(harness.app.context(), Context::Case);
}

#[test]
fn a_date_fact_is_checked_by_the_engine() {
    let mut harness = Harness::as_user("alice", |store| {
        create_case(store, "offering-migration-support", "Globex", "alice", &[]);
    });
    harness.open("MIG-0001");
    harness.press("<tab>");
    harness.select_fact("target_date");
    harness.press("<enter>");
    assert_eq!(harness.app.context(), Context::FactInput);
    harness.press("2026-13-45<enter>");
    let input = harness
        .app
        .case_screen()
        .unwrap()
        .fact_input
        .clone()
        .unwrap();
    assert!(input.error.unwrap().contains("not a valid date"));
    assert_eq!(
        harness.case("MIG-0001").facts.get("target_date"),
        None,
        "nothing saved"
    );
    harness.press("<c-u>2026-12-01<enter>");
    assert!(harness.app.case_screen().unwrap().fact_input.is_none());
    assert_eq!(
        harness.case("MIG-0001").facts.get("target_date"),
        Some(&text("2026-12-01"))
    );
    harness.press("<enter><c-u>2027-01-01<esc>");
    assert_eq!(
        harness.case("MIG-0001").facts.get("target_date"),
        Some(&text("2026-12-01")),
        "Esc keeps the old value"
    );
}

#[test]
fn a_choice_fact_is_picked_from_its_list() {
    let mut harness = Harness::as_user("alice", |store| {
        create_case(store, "offering-migration-support", "Globex", "alice", &[]);
    });
    harness.open("MIG-0001");
    harness.press("<tab>");
    harness.select_fact("target_offering");
    harness.press("<enter>");
    assert_eq!(harness.app.context(), Context::Picker);
    harness.press("j<enter>");
    assert_eq!(
        harness.case("MIG-0001").facts.get("target_offering"),
        Some(&text("SaaS"))
    );
}

#[test]
fn focus_switches_between_checklist_and_facts() {
    let mut harness = Harness::demo();
    harness.open("MIG-0002");
    assert_eq!(harness.app.case_screen().unwrap().focus, Focus::Checklist);
    harness.press("<tab>");
    assert_eq!(harness.app.case_screen().unwrap().focus, Focus::Facts);
    let screen = harness.render(80, 24);
    assert!(screen.contains("Facts"), "{screen}");
}

//! Team mode in the app without git: a merge notice shows as a banner on
//! its case until `M` resolves it through `engine::apply`, and a case that
//! changed on disk (as a sync leaves it) is reloaded without losing what
//! the agent is typing.

use chrono::Duration;

use super::{Harness, catalog, eligible_tiny, monday, text};
use crate::engine::{Actor, Change, apply, merge};
use crate::model::{Case, EventKind, FactValue};
use crate::store::Store;

/// Case MIG-0001's fact `ticket_key` set to two values on two machines,
/// merged: one notice to resolve.
fn with_a_notice(store: &Store) {
    let id = super::create_case(
        store,
        "tiny-eligibility",
        "Acme",
        "alice",
        &[("has_debts", FactValue::Bool(false))],
    );
    let stored = store.load(&id).unwrap();
    let catalog = catalog();
    let playbook = catalog.get("tiny-eligibility").unwrap();
    let edit = |person: &str, minutes: i64, value: &str| -> Case {
        let mut case = stored.case.clone();
        let change = Change::SetFact {
            fact: "ticket_key".to_string(),
            value: Some(text(value)),
        };
        let actor = Actor::new(person, monday() + Duration::minutes(minutes));
        apply(playbook, &mut case, change, &actor).unwrap();
        case.revision += 1;
        case
    };
    let ours = edit("alice", 5, "OPS-1");
    let theirs = edit("bob", 7, "OPS-2");
    let merged = merge(playbook, &[&ours, &theirs]).unwrap();
    assert_eq!(merged.merge_notices.len(), 1, "{:?}", merged.merge_notices);
    store.save(&merged, Some(&stored.fingerprint)).unwrap();
}

#[test]
fn a_merge_notice_shows_as_a_banner_until_m_resolves_it_through_apply() {
    let mut harness = Harness::as_user("alice", with_a_notice);
    harness.open("MIG-0001");
    let screen = harness.render(120, 40);
    assert!(screen.contains("Merge notice"), "{screen}");
    assert!(
        screen.contains("Jira ticket key"),
        "names the fact: {screen}"
    );
    assert!(screen.contains("kept: OPS-"), "{screen}");
    assert!(screen.contains("by alice"), "{screen}");
    assert!(screen.contains("by bob"), "{screen}");
    assert!(screen.contains("M resolves"), "{screen}");
    harness.press("M");
    assert!(
        matches!(&harness.app.dialog, Some(crate::app::Dialog::Prompt(_))),
        "{:?}",
        harness.app.dialog
    );
    harness.press("kept OPS-2, the customer confirmed<enter>");
    assert!(harness.app.dialog.is_none(), "{:?}", harness.app.dialog);
    let on_disk = harness.other_writer().load("MIG-0001").unwrap().case;
    let notice = &on_disk.merge_notices[0];
    let resolution = notice.resolved.as_ref().expect("resolved on disk");
    assert_eq!(resolution.by, "alice");
    let last = on_disk.history.last().unwrap();
    assert_eq!(last.action, EventKind::Resolve);
    assert_eq!(
        last.text.as_deref(),
        Some("kept OPS-2, the customer confirmed")
    );
    let screen = harness.render(120, 40);
    assert!(
        !screen.contains("Merge notice"),
        "the banner goes: {screen}"
    );
    // Nothing left to resolve: M says so instead of opening a prompt.
    harness.press("M");
    assert!(harness.app.dialog.is_none());
    assert!(
        harness
            .app
            .status
            .as_ref()
            .is_some_and(|status| status.text.contains("no merge notice")),
        "{:?}",
        harness.app.status
    );
}

#[test]
fn a_fact_being_typed_survives_a_reload_of_its_case_and_lands_on_the_new_version() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.press("<tab>");
    harness.select_fact("new_vat");
    harness.press("<enter>");
    assert!(harness.app.case_screen().unwrap().fact_input.is_some());
    harness.press("<c-u>FR99");
    // A sync brings in a colleague's note on the same case meanwhile.
    harness
        .other_writer()
        .update("MIG-0001", |case| {
            let catalog = catalog();
            let playbook = catalog.get("tiny-eligibility").unwrap();
            let note = Change::Note {
                text: "called the customer".to_string(),
            };
            apply(playbook, case, note, &Actor::new("bob", monday())).map(|_| ())
        })
        .unwrap();
    for _ in 0..3 {
        harness.tick();
    }
    assert!(
        harness
            .case("MIG-0001")
            .notes
            .iter()
            .any(|note| note.text == "called the customer"),
        "the colleague's note was reloaded"
    );
    let input = harness.app.case_screen().unwrap().fact_input.as_ref();
    assert!(input.is_some(), "the field being typed is still open");
    harness.press("888777666<enter>");
    let on_disk = harness.other_writer().load("MIG-0001").unwrap().case;
    assert_eq!(on_disk.facts["new_vat"], text("FR99888777666"));
    assert!(
        on_disk
            .notes
            .iter()
            .any(|note| note.text == "called the customer"),
        "both changes are kept"
    );
}

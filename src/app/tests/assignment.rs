//! Giving a case to someone, taking it, the assignee of a new case, and
//! the Mine tab, all through `engine::apply` and recorded in the history.

use super::snapshots::snapshot;
use super::{Harness, eligible_tiny};
use crate::app::{Context, Tab};
use crate::model::EventKind;

fn assign_events(harness: &Harness, id: &str) -> Vec<(String, String, String)> {
    harness
        .other_writer()
        .load(id)
        .unwrap()
        .case
        .history
        .iter()
        .filter(|event| event.action == EventKind::Assign)
        .map(|event| {
            (
                event.by.clone(),
                event.from.as_ref().unwrap().to_string(),
                event.to.as_ref().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn at_gives_the_case_to_someone_and_the_history_records_it() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.press("@");
    assert_eq!(harness.app.context(), Context::Prompt);
    // The prompt holds the acting person's name: replace it.
    harness.press("<c-u>bob<enter>");
    assert_eq!(harness.case("MIG-0001").assignee, "bob");
    assert_eq!(
        assign_events(&harness, "MIG-0001"),
        [("alice".to_string(), "alice".to_string(), "bob".to_string())]
    );
    let screen = harness.render(120, 40);
    assert!(screen.contains("assignee bob"), "{screen}");
    // And back, with u.
    harness.press("u");
    assert_eq!(
        harness.case("MIG-0001").assignee,
        "alice",
        "{:?} {:?}",
        harness.app.status,
        harness.app.dialog
    );
}

#[test]
fn enter_on_the_prefilled_name_takes_the_case() {
    let mut harness = eligible_tiny().reopen_as("bob");
    harness.open("MIG-0001");
    harness.press("@<enter>");
    assert_eq!(harness.case("MIG-0001").assignee, "bob");
    assert_eq!(
        assign_events(&harness, "MIG-0001"),
        [("bob".to_string(), "alice".to_string(), "bob".to_string())]
    );
    // Taking it again changes nothing and says why.
    harness.press("@<enter>");
    let error = harness.prompt_error();
    assert!(error.contains("already assigned to bob"), "{error}");
}

#[test]
fn the_new_case_form_has_an_assignee_that_defaults_to_me() {
    let mut harness = Harness::empty();
    harness.press("n");
    let index = harness
        .app
        .catalog
        .entries()
        .iter()
        .position(|entry| entry.playbook.id() == "tiny-approval")
        .unwrap();
    for _ in 0..index {
        harness.press("j");
    }
    harness.press("<enter>");
    let screen = harness.render(120, 40);
    assert!(screen.contains("Assignee"), "{screen}");
    // Title, the facts, then the assignee (the form's last field).
    harness.press("Acme<s-tab><c-u>camille<enter>");
    // Seats unknown: created only once confirmed.
    harness.press("y");
    let created = harness.open_id();
    assert_eq!(harness.case(&created).assignee, "camille");
}

#[test]
fn the_mine_tab_lists_my_pending_cases_sent_back_ones_first() {
    let mut harness = Harness::demo().reopen_as("camille");
    // camille rejects nothing of her own; alice's MIG-0004 is rejected by her.
    harness.press("r]");
    harness.press("Rpas de contrat<enter><esc>");
    let mut harness = harness.reopen_as("alice");
    while harness.app.queue.tab != Tab::Mine {
        harness.press("<tab>");
    }
    let ids: Vec<String> = harness
        .app
        .queue
        .rows
        .iter()
        .map(|index| harness.app.cases.summary(*index).unwrap().id.clone())
        .collect();
    assert_eq!(ids.first().map(String::as_str), Some("MIG-0004"), "{ids:?}");
    for id in &ids {
        let summary = harness.app.cases.summary_of(id).unwrap();
        assert_eq!(summary.assignee, "alice");
        assert!(summary.is_pending());
    }
    assert_eq!(ids.len(), harness.app.queue.counts[5]);
    harness.app.status = None;
    snapshot("queue_mine", &harness);
}

//! The case screen: ticking, confirmations, locks, skipping, notes, facts,
//! undo, moving between cases, templates, the editor, races with other writers.

use super::{Harness, create_case, eligible_tiny, text};
use crate::app::{Context, Dialog, Effect, update};
use crate::engine::RefusalReason;
use crate::engine::StepStatus;
use crate::model::{EventKind, FactValue, StepState};

fn step_state(harness: &Harness, id: &str, step: &str) -> StepState {
    harness.case(id).step_state(step)
}

#[test]
fn space_ticks_and_unticks_through_the_engine() {
    let mut harness = Harness::demo();
    harness.open("MIG-0002");
    harness.select_step("mark_as_migration");
    let revision = harness.case("MIG-0002").revision;
    harness.press("<space>");
    assert_eq!(
        step_state(&harness, "MIG-0002", "mark_as_migration"),
        StepState::Done
    );
    let case = harness.case("MIG-0002");
    assert_eq!(case.revision, revision + 1, "saved");
    assert_eq!(case.history.last().unwrap().action, EventKind::Check);
    assert_eq!(case.history.last().unwrap().by, "alice");
    let screen = harness.app.case_screen().unwrap();
    assert_eq!(
        screen.selected_step().unwrap().state,
        StepStatus::Done,
        "the view is evaluated again"
    );
    let on_disk = harness.other_writer().load("MIG-0002").unwrap().case;
    assert_eq!(on_disk.step_state("mark_as_migration"), StepState::Done);
    harness.press("x");
    assert_eq!(
        step_state(&harness, "MIG-0002", "mark_as_migration"),
        StepState::Todo
    );
}

#[test]
fn a_locked_step_shows_its_reasons_and_changes_nothing() {
    let mut harness = Harness::demo();
    harness.open("MIG-0002");
    harness.select_step("venue_usp");
    let before = harness.case("MIG-0002").clone();
    harness.press("<space>");
    match &harness.app.dialog {
        Some(Dialog::Locked { reasons, .. }) => {
            assert!(
                reasons
                    .iter()
                    .any(|r| r.to_string().contains("mark_as_migration")),
                "{reasons:?}"
            );
        }
        other => panic!("expected the lock reasons, got {other:?}"),
    }
    assert_eq!(harness.case("MIG-0002"), &before);
    assert!(harness.render(120, 40).contains("cannot change now"));
    harness.press("<esc>");
    assert!(harness.app.dialog.is_none());
    harness.press("-");
    assert!(
        matches!(harness.app.dialog, Some(Dialog::Locked { .. })),
        "skipping is locked too"
    );
    assert_eq!(harness.case("MIG-0002"), &before);
}

#[test]
fn a_blocked_case_shows_the_blocker_and_its_remedy() {
    let mut harness = Harness::demo();
    harness.open("MIG-0001");
    let screen = harness.render(120, 40);
    assert!(screen.contains("BLOCKED"), "{screen}");
    assert!(screen.contains("Le partenaire a des dettes"), "{screen}");
    assert!(
        screen.contains("→ Il faut résoudre la situation de la dette"),
        "{screen}"
    );
    harness.select_step("create_opportunity");
    harness.press("<space>");
    assert!(matches!(harness.app.dialog, Some(Dialog::Locked { .. })));
}

#[test]
fn a_step_with_a_warning_asks_before_it_is_ticked() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("open_ticket");
    harness.press("<space>");
    harness.select_step("cut_billing");
    harness.press("<space>");
    match &harness.app.dialog {
        Some(Dialog::Confirm { text, .. }) => assert!(text.contains("churns the old account")),
        other => panic!("expected a confirmation, got {other:?}"),
    }
    assert_eq!(harness.app.context(), Context::Confirm);
    harness.press("<esc>");
    assert_eq!(
        step_state(&harness, "MIG-0001", "cut_billing"),
        StepState::Todo,
        "cancelled"
    );
    harness.press("<space><enter>");
    let case = harness.case("MIG-0001");
    assert_eq!(case.step_state("cut_billing"), StepState::Done);
    assert_eq!(
        case.steps["cut_billing"].acknowledged.as_deref(),
        Some("Cutting billing churns the old account.")
    );
}

#[test]
fn skipping_a_step_with_a_warning_asks_first_and_records_the_confirmation() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("open_ticket");
    harness.press("<space>");
    harness.select_step("cut_billing");
    harness.press("-");
    assert!(
        matches!(&harness.app.dialog, Some(Dialog::Confirm { title, .. }) if title.starts_with("Before skipping"))
    );
    harness.press("<enter>");
    assert_eq!(harness.app.context(), Context::Prompt);
    harness.press("billing already cut by Finance<enter>");
    let case = harness.case("MIG-0001");
    assert_eq!(case.step_state("cut_billing"), StepState::Skipped);
    assert!(case.history.last().unwrap().acknowledged.is_some());
}

#[test]
fn skipping_needs_a_reason() {
    let mut harness = Harness::demo();
    harness.open("MIG-0002");
    harness.select_step("check_not_on_iglu");
    harness.press("-");
    assert_eq!(harness.app.context(), Context::Prompt);
    harness.press("<enter>");
    let error = harness.prompt_error();
    assert!(error.contains("needs a reason"), "{error}");
    assert_eq!(
        step_state(&harness, "MIG-0002", "check_not_on_iglu"),
        StepState::Todo
    );
    harness.press("venue closed for good<enter>");
    assert!(harness.app.dialog.is_none());
    let case = harness.case("MIG-0002");
    assert_eq!(case.step_state("check_not_on_iglu"), StepState::Skipped);
    assert_eq!(
        case.steps["check_not_on_iglu"].skip_reason.as_deref(),
        Some("venue closed for good")
    );
}

#[test]
fn an_approval_step_cannot_be_ticked_or_skipped_and_says_why() {
    let mut harness = Harness::demo();
    harness.open("MIG-0003");
    harness.select_step("tl_validation");
    harness.press("<space>");
    match &harness.app.dialog {
        Some(Dialog::Refused(refusal)) => assert_eq!(refusal.reason, RefusalReason::Approval),
        other => panic!("expected the refusal, got {other:?}"),
    }
    let screen = harness.render(120, 40);
    assert!(screen.contains("Refused by rule `approval`"), "{screen}");
    harness.press("<esc>-");
    assert!(
        matches!(&harness.app.dialog, Some(Dialog::Refused(r)) if r.reason == RefusalReason::Approval)
    );
}

#[test]
fn a_note_is_added() {
    let mut harness = Harness::demo();
    harness.open("MIG-0002");
    let notes = harness.case("MIG-0002").notes.len();
    harness.press("aRappeler jeudi<enter>");
    let case = harness.case("MIG-0002");
    assert_eq!(case.notes.len(), notes + 1);
    assert_eq!(case.notes.last().unwrap().text, "Rappeler jeudi");
    harness.press("a<esc>");
    assert_eq!(
        harness.case("MIG-0002").notes.len(),
        notes + 1,
        "Esc adds nothing"
    );
}

#[test]
fn undo_reverses_the_last_change_of_the_session_through_the_engine() {
    let mut harness = Harness::demo();
    harness.open("MIG-0002");
    harness.press("u");
    assert!(
        harness
            .app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("nothing to undo")
    );
    harness.select_step("mark_as_migration");
    harness.press("<space>");
    let tick = harness.case("MIG-0002").history.last().unwrap().seq;
    harness.press("u");
    let case = harness.case("MIG-0002");
    assert_eq!(case.step_state("mark_as_migration"), StepState::Todo);
    let undo = case.history.last().unwrap();
    assert_eq!(undo.action, EventKind::Uncheck);
    assert_eq!(undo.undoes, Some(tick));
    // A fact change, undone back to its previous value.
    harness.press("<tab>");
    harness.select_fact("has_debts");
    harness.press("<space>u");
    assert_eq!(
        harness.case("MIG-0002").facts.get("has_debts"),
        Some(&FactValue::Bool(false))
    );
    harness.press("u");
    assert!(
        harness
            .app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("nothing to undo")
    );
}

#[test]
fn brackets_move_to_the_next_and_previous_case_of_the_queue() {
    let mut harness = Harness::demo();
    harness.press("<tab><tab><tab><tab>ss");
    harness.open("MIG-0002");
    harness.press("]");
    assert_eq!(harness.open_id(), "MIG-0003");
    harness.press("]]");
    assert_eq!(harness.open_id(), "MIG-0005");
    harness.press("[");
    assert_eq!(harness.open_id(), "MIG-0004");
    assert_eq!(
        harness.app.queue.selected_id(&harness.app),
        Some("MIG-0004")
    );
    assert_eq!(
        harness.app.screens.len(),
        1,
        "the case screen is replaced, not stacked"
    );
}

#[test]
fn y_copies_the_rendered_template() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("open_ticket");
    harness.press("y");
    assert_eq!(
        harness.app.take_effects(),
        [Effect::Copy {
            text: "Please move FR12345678901 (ticket OPS-12).".to_string()
        }]
    );
    harness.select_step("tell_partner");
    harness.press("y");
    assert!(harness.app.take_effects().is_empty());
    assert!(
        harness
            .app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("no template")
    );
}

#[test]
fn e_writes_a_note_in_the_editor() {
    let mut harness = Harness::demo();
    harness.open("MIG-0002");
    harness.press("E");
    assert_eq!(
        harness.app.take_effects(),
        [Effect::OpenEditor {
            text: String::new()
        }]
    );
    update(
        &mut harness.app,
        crate::app::Action::EditorClosed(Ok("Long note\nover two lines\n".to_string())),
    );
    assert_eq!(
        harness.case("MIG-0002").notes.last().unwrap().text,
        "Long note\nover two lines"
    );
}

#[test]
fn an_edit_that_raced_another_writer_is_refused_and_offered_again() {
    let mut harness = Harness::demo();
    harness.open("MIG-0002");
    harness.select_step("mark_as_migration");
    harness
        .other_writer()
        .update("MIG-0002", |case| {
            case.notes.push(crate::model::Note {
                at: super::monday(),
                by: "bob".to_string(),
                text: "from elsewhere".to_string(),
            });
            Ok::<_, String>(())
        })
        .unwrap();
    harness.press("<space>");
    assert!(
        matches!(&harness.app.dialog, Some(Dialog::Confirm { title, .. }) if title == "Changed on disk")
    );
    let case = harness.case("MIG-0002");
    assert_eq!(
        case.notes.last().unwrap().text,
        "from elsewhere",
        "their version is shown"
    );
    assert_eq!(
        case.step_state("mark_as_migration"),
        StepState::Todo,
        "nothing was overwritten"
    );
    harness.press("<enter>");
    let case = harness.case("MIG-0002");
    assert_eq!(
        case.step_state("mark_as_migration"),
        StepState::Done,
        "applied again on top"
    );
    assert_eq!(case.notes.last().unwrap().text, "from elsewhere");
}

#[test]
fn a_case_changed_on_disk_is_reloaded_and_the_view_says_so() {
    let mut harness = Harness::demo();
    harness.open("MIG-0002");
    std::thread::sleep(std::time::Duration::from_millis(20));
    harness
        .other_writer()
        .update("MIG-0002", |case| {
            case.facts
                .insert("has_debts".to_string(), FactValue::Bool(true));
            Ok::<_, String>(())
        })
        .unwrap();
    harness.tick();
    assert_eq!(
        harness.case("MIG-0002").facts.get("has_debts"),
        Some(&FactValue::Bool(true))
    );
    assert!(
        harness
            .app
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("changed on disk")
    );
    let evaluation = harness
        .app
        .case_screen()
        .unwrap()
        .evaluation
        .clone()
        .unwrap();
    assert!(!evaluation.blockers.is_empty(), "evaluated again");
}

#[test]
fn the_alternative_playbook_opens_as_a_new_case_with_the_shared_facts() {
    let mut harness = Harness::as_user("alice", |store| {
        create_case(
            store,
            "tiny-eligibility",
            "Acme",
            "alice",
            &[
                ("has_debts", FactValue::Bool(false)),
                ("old_vat", text("FR12345678901")),
                ("new_vat", text("DE12345678901")),
            ],
        );
    });
    harness.open("MIG-0001");
    assert!(harness.render(120, 40).contains("o: open `tiny-approval`"));
    harness.press("o");
    assert_eq!(harness.app.context(), Context::NewCaseText);
    // tiny-approval's own blocker reads `seats`, still unknown: confirm.
    harness.press("<enter>y");
    assert_eq!(harness.app.cases.len(), 2);
    let created = harness.case("MIG-0002");
    assert_eq!(created.playbook, "tiny-approval");
    assert_eq!(created.title, "Acme");
    assert!(created.notes[0].text.contains("MIG-0001"));
}

#[test]
fn a_refused_change_from_the_engine_is_never_made_by_the_app() {
    let mut harness = Harness::demo();
    harness.open("MIG-0007");
    harness.select_step("explain_support");
    // Unticking a step that done steps need is refused by the engine.
    harness.press("<space>");
    assert!(
        matches!(&harness.app.dialog, Some(Dialog::Refused(r)) if r.reason == RefusalReason::Needs)
    );
    assert_eq!(
        harness.case("MIG-0007").step_state("explain_support"),
        StepState::Done
    );
}

#[test]
fn a_case_whose_playbook_is_not_installed_is_shown_and_left_untouched() {
    let mut harness = Harness::as_user("alice", |store| {
        let id = create_case(store, "saas-to-local-install", "Orphan", "alice", &[]);
        store
            .update(&id, |case| {
                case.playbook = "retired-playbook".to_string();
                Ok::<_, String>(())
            })
            .unwrap();
    });
    assert!(harness.render(120, 40).contains("playbook not installed"));
    harness.open("MIG-0001");
    assert!(harness.render(120, 40).contains("which is not installed"));
    let before = harness.case("MIG-0001").clone();
    harness.press("<space>-<tab><space>");
    assert_eq!(harness.case("MIG-0001"), &before);
    harness.press("aa note<enter>");
    assert!(
        matches!(&harness.app.dialog, Some(Dialog::Message { title, .. }) if title == "Playbook not installed")
    );
    assert_eq!(harness.case("MIG-0001"), &before);
}

#[test]
fn page_keys_scroll_a_long_step_detail_on_a_small_terminal() {
    let mut harness = Harness::demo();
    update(
        &mut harness.app,
        crate::app::Action::Resize {
            width: 80,
            height: 24,
        },
    );
    harness.open("MIG-0003");
    harness.select_step("jira_product_support");
    let top = harness.render(80, 24);
    assert!(top.contains("Step (PgDn: more)"), "{top}");
    assert!(!top.contains("Thank you so much"), "{top}");
    for _ in 0..10 {
        harness.press("<pgdn>");
    }
    let bottom = harness.render(80, 24);
    assert!(
        bottom.contains("Thank you so much") || bottom.contains("Source:"),
        "{bottom}"
    );
    assert!(bottom.contains("PgUp: back"), "{bottom}");
    for _ in 0..10 {
        harness.press("<pgup>");
    }
    assert_eq!(harness.app.case_screen().unwrap().detail_scroll, 0);
    harness.press("<pgdn>j");
    assert_eq!(
        harness.app.case_screen().unwrap().detail_scroll,
        0,
        "another step starts at its top"
    );
}

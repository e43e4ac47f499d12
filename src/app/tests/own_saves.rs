//! The app's own saves are never taken for someone else's: a folder watch
//! that reports one of them late (after a later save) changes nothing, while
//! a real edit by another writer is still caught.

use super::{Harness, eligible_tiny};
use crate::app::persistence::DiskChange;
use crate::app::{Action, Dialog, update};
use crate::model::StepState;

fn conflict_shown(harness: &Harness) -> bool {
    matches!(&harness.app.dialog, Some(Dialog::Confirm { title, .. }) if title == "Changed on disk")
}

#[test]
fn a_late_report_of_the_apps_own_earlier_save_is_not_a_conflict() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("tell_partner");
    harness.press("<space>");
    // What a watch of the folder read right after that save…
    let earlier = harness.other_writer().load("MIG-0001").unwrap();
    assert_eq!(earlier.case.step_state("tell_partner"), StepState::Done);
    harness.press("<space>");
    // …arrives only after the next one.
    update(
        &mut harness.app,
        Action::DiskChanged(vec![DiskChange::Changed(Box::new(earlier))]),
    );
    harness.settle();
    assert_eq!(
        harness.case("MIG-0001").step_state("tell_partner"),
        StepState::Todo,
        "the app keeps its own later version"
    );
    harness.press("<space>");
    assert!(!conflict_shown(&harness), "{:?}", harness.app.dialog);
    let on_disk = harness.other_writer().load("MIG-0001").unwrap().case;
    assert_eq!(on_disk.step_state("tell_partner"), StepState::Done);
    assert_eq!(on_disk.revision, 4, "three saves after the creation");
}

#[test]
fn an_edit_by_someone_else_between_two_saves_is_still_caught() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("tell_partner");
    harness.press("<space>");
    harness
        .other_writer()
        .update("MIG-0001", |case| {
            case.title = "Acme, renamed elsewhere".to_string();
            Ok::<_, String>(())
        })
        .unwrap();
    // Nothing told the app yet: its save is refused, not written over theirs.
    harness.press("<space>");
    assert!(conflict_shown(&harness), "{:?}", harness.app.dialog);
    let on_disk = harness.other_writer().load("MIG-0001").unwrap().case;
    assert_eq!(on_disk.title, "Acme, renamed elsewhere");
    assert_eq!(on_disk.step_state("tell_partner"), StepState::Done);
}

#[test]
fn an_edit_by_someone_else_reported_by_the_watch_is_taken_in() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("tell_partner");
    harness.press("<space>");
    let store = harness.other_writer();
    store
        .update("MIG-0001", |case| {
            case.title = "Acme, renamed elsewhere".to_string();
            Ok::<_, String>(())
        })
        .unwrap();
    let theirs = store.load("MIG-0001").unwrap();
    update(
        &mut harness.app,
        Action::DiskChanged(vec![DiskChange::Changed(Box::new(theirs))]),
    );
    assert_eq!(harness.case("MIG-0001").title, "Acme, renamed elsewhere");
    harness.press("<space>");
    assert!(!conflict_shown(&harness), "{:?}", harness.app.dialog);
    let on_disk = store.load("MIG-0001").unwrap().case;
    assert_eq!(on_disk.title, "Acme, renamed elsewhere");
    assert_eq!(on_disk.step_state("tell_partner"), StepState::Todo);
}

/// Holds case `id`'s lock, as another process saving it would.
fn hold_lock(harness: &Harness, id: &str) -> std::fs::File {
    let path = harness.dir.path().join(format!("data/cases/.{id}.lock"));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .unwrap();
    file.lock().unwrap();
    file
}

/// Types `keys` without waiting for the disk thread, as keys arrive while it waits.
fn type_now(harness: &mut Harness, keys: &str) {
    use crate::tui::keymap::{action_for, parse_keys};
    for key in parse_keys(keys).unwrap() {
        if let Some(action) = action_for(harness.app.context(), key) {
            update(&mut harness.app, action);
        }
    }
}

#[test]
fn a_save_waiting_for_a_held_lock_says_so_and_keys_wait_for_it() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("tell_partner");
    let lock = hold_lock(&harness, "MIG-0001");
    type_now(&mut harness, "<space>");
    // The tick takes nothing from the disk thread: the save is still waiting.
    update(&mut harness.app, Action::Tick);
    harness
        .app
        .take_from_disk(std::time::Duration::from_millis(200));
    assert!(harness.app.is_saving());
    let screen = harness.render(80, 24);
    assert!(screen.contains("waiting for MIG-0001"), "{screen}");
    // Shown at once, saved once the lock is free; the keys typed meanwhile
    // wait for that and then work on the saved case.
    assert_eq!(
        harness.case("MIG-0001").step_state("tell_partner"),
        StepState::Done
    );
    type_now(&mut harness, "<space>");
    assert_eq!(
        harness.case("MIG-0001").step_state("tell_partner"),
        StepState::Done,
        "the second press waits"
    );
    drop(lock);
    harness.settle();
    harness.settle();
    assert!(!harness.app.is_saving());
    assert!(!conflict_shown(&harness), "{:?}", harness.app.dialog);
    let on_disk = harness.other_writer().load("MIG-0001").unwrap().case;
    assert_eq!(on_disk.step_state("tell_partner"), StepState::Todo);
    assert_eq!(on_disk.revision, 3, "both presses saved, in order");
    assert!(!harness.render(80, 24).contains("waiting for"));
}

#[test]
fn q_answers_at_once_while_a_save_waits_for_a_lock() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("tell_partner");
    let _lock = hold_lock(&harness, "MIG-0001");
    let before = std::fs::read(harness.dir.path().join("data/cases/MIG-0001.yaml")).unwrap();
    type_now(&mut harness, "<space>");
    let started = std::time::Instant::now();
    // `q` leaves the case at once, then asks before quitting.
    type_now(&mut harness, "q");
    assert!(harness.app.case_screen().is_none());
    type_now(&mut harness, "q");
    let Some(Dialog::Confirm { title, text, .. }) = &harness.app.dialog else {
        panic!("{:?}", harness.app.dialog);
    };
    assert_eq!(title, "Not saved yet");
    assert!(text.contains("waiting for MIG-0001"), "{text}");
    assert!(text.contains("will not be saved"), "{text}");
    type_now(&mut harness, "n");
    assert!(!harness.app.should_quit, "n keeps waiting");
    assert!(harness.app.is_saving());
    type_now(&mut harness, "<c-c>y");
    assert!(harness.app.should_quit);
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    let after = std::fs::read(harness.dir.path().join("data/cases/MIG-0001.yaml")).unwrap();
    assert_eq!(before, after, "nothing was written under the held lock");
}

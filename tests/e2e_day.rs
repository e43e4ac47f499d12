//! An agent's day in the real binary, in a pseudo-terminal: many quick
//! ticks on a case made in the app's own form never meet a false "changed
//! by someone else".
#![allow(clippy::unwrap_used)]

#[path = "harness/pty.rs"]
mod pty;

use std::thread;
use std::time::Duration;

use pty::*;

/// Creates a Pro → Connect case in the app's new-case form (eligible:
/// no debts, the same company and VAT number on both sides) and opens it.
fn create_in_the_form(app: &mut Terminal) {
    app.expect(&["n new case"]);
    app.press("n");
    app.expect(&["New case: pick a playbook"]);
    // The third playbook of the chooser, in id order.
    app.press("jj");
    app.expect(&["saas-pro-to-connect · v2"]);
    app.press(ENTER);
    app.expect(&["Title"]);
    app.press("Salon Léa\t  \tACME\tACME\tFR40303265045\tFR40303265045");
    app.press(ENTER);
    app.expect(&["MIG-0001  Salon Léa", "Checklist 0/10"]);
}

#[test]
fn fifty_quick_ticks_on_a_case_made_in_the_app_never_meet_a_false_conflict() {
    let desk = Desk::new();
    let mut app = desk.app(ASSIGNEE, 100, 30);
    create_in_the_form(&mut app);
    // Space ticks and unticks the first step; 50 presses span several of
    // the folder watch's one-second looks, each finding the app's own saves.
    for _ in 0..50 {
        app.press(" ");
        thread::sleep(Duration::from_millis(60));
    }
    let screen = app.settled();
    assert!(!screen.contains("changed by someone else"), "{screen}");
    assert!(!screen.contains("Changed on disk"), "{screen}");
    app.expect(&["Checklist 0/10", "[ ] Créer l’opportunité Saas Migration"]);
    let file = desk.case_file("MIG-0001");
    assert_eq!(file["revision"], 51, "every press saved once: {file:?}");
    let ticks = file["history"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter(|event| event["action"] == "check" || event["action"] == "uncheck")
        .count();
    assert_eq!(ticks, 50, "no press was lost");
    // `q` leaves the case, then the app.
    app.press("q");
    app.expect(&["Pending 1", "MIG-0001"]);
    app.press("q");
    assert_eq!(app.exit_code(), 0);
}

#[test]
fn a_save_waiting_for_a_lock_held_elsewhere_says_so_and_q_still_quits() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let lock_path = desk.dir.path().join("cases").join(format!(".{id}.lock"));
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .unwrap();
    // As another process saving the case would.
    lock.lock().unwrap();
    let before = std::fs::read(desk.case_path(&id)).unwrap();
    let mut app = desk.app(ASSIGNEE, 80, 24);
    app.expect(&[&id]);
    app.press(ENTER);
    app.expect(&["Checklist 0/10"]);
    app.press(" ");
    app.expect(&["waiting for MIG-0001"]);
    // `q` leaves the case, then asks before quitting without the change.
    app.press("q");
    app.expect(&["Pending 1", "waiting for MIG-0001"]);
    app.press("q");
    app.expect(&["Not saved yet", "will not be saved"]);
    app.press("y");
    assert_eq!(app.exit_code(), 0);
    assert_eq!(std::fs::read(desk.case_path(&id)).unwrap(), before);
    drop(lock);
}

#[test]
fn a_case_is_given_to_someone_from_the_app_and_shows_in_their_mine_tab() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app(ASSIGNEE, 100, 30);
    app.expect(&[&id]);
    app.press(ENTER);
    app.expect(&["Checklist 0/10", "assignee alice"]);
    app.press("@");
    app.expect(&["Give MIG-0001 to whom?"]);
    // Ctrl-U clears the name typed in; then the colleague's.
    app.press("\x15bob");
    app.press(ENTER);
    app.expect(&["assignee bob"]);
    // The screen shows the change before the disk thread has written it.
    let start = std::time::Instant::now();
    while desk.case_file(&id)["assignee"] != "bob" && start.elapsed() < PATIENCE {
        thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(desk.case_file(&id)["assignee"], "bob");
    app.press("q");
    app.expect(&["Pending 1"]);
    app.press("q");
    assert_eq!(app.exit_code(), 0);

    let mut app = desk.app("bob", 100, 30);
    app.expect(&[&id, "Mine 1"]);
    app.press("h");
    app.expect(&["Mine 1", "Salon Léa"]);
    app.press("q");
    assert_eq!(app.exit_code(), 0);
}

#[test]
fn h_puts_a_case_on_hold_from_the_app_and_o_reopens_it() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app(ASSIGNEE, 100, 30);
    app.expect(&[&id]);
    app.press(ENTER);
    app.expect(&["Checklist 0/10"]);
    app.press("H");
    app.expect(&["Put on hold", "Why is"]);
    app.press("waiting for the signed contract");
    app.press(ENTER);
    app.expect(&["put on hold"]);
    let start = std::time::Instant::now();
    while desk.case_file(&id)["status"] != "on_hold" && start.elapsed() < PATIENCE {
        thread::sleep(Duration::from_millis(50));
    }
    let file = desk.case_file(&id);
    assert_eq!(file["status"], "on_hold", "{file:?}");
    let last = file["history"]
        .as_sequence()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["text"], "waiting for the signed contract");
    // A tick is refused, naming the app's key and no command.
    app.press(" ");
    let screen = app.expect(&["reopen it first (O)"]);
    assert!(!screen.contains("migdesk "), "{screen}");
    app.press(ESC);
    // Esc and O apart, or the terminal reads them as one key.
    app.wait_until("the refusal closed", |screen| {
        !screen.contains("reopen it first")
    });
    app.press("O");
    app.expect(&["Reopen the case"]);
    app.press("contract signed");
    app.press(ENTER);
    app.expect(&["reopen the case"]);
    let start = std::time::Instant::now();
    while desk.case_file(&id)["status"] != "open" && start.elapsed() < PATIENCE {
        thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(desk.case_file(&id)["status"], "open");
    app.press("qq");
    assert_eq!(app.exit_code(), 0);
}

#[test]
fn l_shows_the_whole_history_of_a_case_and_esc_goes_back() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    desk.check(&id, "create_opportunity");
    desk.ok_as(
        ASSIGNEE,
        &["note", &id, "called the salon about the contract"],
    );
    desk.ok_as("lead", &["assign", &id, "bob"]);
    let mut app = desk.app(ASSIGNEE, 100, 30);
    app.expect(&[&id]);
    app.press(ENTER);
    app.expect(&["Checklist 1/10"]);
    app.press("L");
    let screen = app.expect(&[
        "History of",
        "lead gave the case to bob (was alice)",
        "called the salon about the contract",
        "alice ticked",
        "opened the case",
    ]);
    assert!(
        screen.find("gave the case").unwrap() < screen.find("opened the case").unwrap(),
        "newest first:\n{screen}"
    );
    app.press(ESC);
    app.wait_until("back on the case", |screen| !screen.contains("History of"));
    app.expect(&["Checklist 1/10"]);
    app.press("qq");
    assert_eq!(app.exit_code(), 0);
}

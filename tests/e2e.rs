//! The real `migdesk` binary in a pseudo-terminal, driven by key presses
//! and read through a terminal emulator's parser: what a person would see.
//! Cases are made beforehand with the command line, in a temporary data
//! directory, with the clock pinned.
#![allow(clippy::unwrap_used)]

#[path = "harness/pty.rs"]
mod pty;

use std::fs;
use std::process::Stdio;

use pty::*;

#[test]
fn opening_a_case_from_the_queue_and_ticking_a_step_saves_it() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app(ASSIGNEE, 100, 30);

    app.expect(&[&id, "Salon Léa", "0/10", "in progress"]);
    app.press(ENTER);
    app.expect(&[
        "MIG-0001  Salon Léa",
        "Checklist 0/10",
        "[ ] Créer l’opportunité Saas Migration",
        "id create_opportunity",
    ]);

    app.press(" ");
    app.expect(&[
        "Checklist 1/10",
        "[x] Créer l’opportunité Saas Migration",
        "Done by alice on 2026-11-02 10:00",
    ]);
    let file = desk.case_file(&id);
    let step = &file["steps"]["create_opportunity"];
    assert_eq!(step["state"], "done", "{file:?}");
    assert_eq!(step["by"], ASSIGNEE);
    assert_eq!(step["at"], NOW);

    app.press(ESC);
    app.expect(&["Pending 1", &id, "1/10"]);
}

#[test]
fn changes_made_from_the_command_line_appear_in_the_open_queue() {
    let desk = Desk::new();
    let first = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app(ASSIGNEE, 100, 30);
    app.expect(&[&first, "Salon Léa", "0/10"]);

    // Another process ticks a step and creates a case; the app's watch of
    // the cases folder (on its second thread) finds both within a tick or two.
    desk.check(&first, "create_opportunity");
    let second = desk.new_case("saas-pro-to-connect", "Garage Dupont", ELIGIBLE);
    app.expect(&["2 cases", &second, "Garage Dupont", "1/10"]);

    // The app still saves over the file the other process wrote, without a conflict.
    app.press("g");
    app.press(ENTER);
    app.expect(&["MIG-0001  Salon Léa", "Checklist 1/10"]);
    app.press(" ");
    app.expect(&["Checklist 2/10"]);
    let file = desk.case_file(&first);
    assert_eq!(file["revision"], 3, "{file:?}");
}

#[test]
fn a_locked_step_says_why_on_screen_and_the_file_is_untouched() {
    let desk = Desk::new();
    let mut facts = ELIGIBLE.to_vec();
    facts[0] = "has_debts=yes";
    let id = desk.new_case("saas-pro-to-connect", "Boulangerie Dupont", &facts);
    let path = desk.case_path(&id);
    let before = fs::read(&path).unwrap();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let mut app = desk.app(ASSIGNEE, 100, 30);

    app.expect(&[&id, "blocked"]);
    app.press(ENTER);
    app.expect(&[
        "Checklist 0/10",
        "BLOCKED",
        "[ ] Créer l’opportunité Saas Migration … locked",
    ]);

    app.press(" ");
    app.expect(&[
        "┌ Locked ─",
        "“Créer l’opportunité Saas Migration dans Salesforce” cannot change",
        "• blocked by `debts`",
        "→ Il faut résoudre la situation de la dette",
        "Esc closes",
    ]);

    app.press(ESC);
    app.wait_until("the dialog closed", |screen| {
        !screen.contains("cannot change") && screen.contains("Space tick/untick")
    });
    let after = app.settled();
    assert!(after.contains("Checklist 0/10"), "{after}");
    assert!(!after.contains("[x]"), "{after}");
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
}

/// An Undo Migration case whose three first steps are done, so its team
/// lead validation waits for a review.
fn case_waiting_for_review(desk: &Desk) -> String {
    let id = desk.new_case("undo-migration", "Spa Zen Kyoto", ELIGIBLE);
    for step in ["create_opportunity", "contract_in_files", "venue_usp"] {
        desk.check(&id, step);
    }
    id
}

#[test]
fn the_assignee_cannot_approve_in_review_mode() {
    let desk = Desk::new();
    let id = case_waiting_for_review(&desk);
    let before = fs::read(desk.case_path(&id)).unwrap();
    let mut app = desk.app(ASSIGNEE, 100, 30);

    app.expect(&[&id, "in review"]);
    app.press("r");
    app.expect(&[
        &format!("Review 1/1 · the last one  {id}"),
        &format!("You are the assignee of {id}"),
    ]);
    app.press("A");
    app.expect(&[
        "Refused by rule `four-eyes`",
        &format!("alice is the assignee of {id} and cannot review it"),
    ]);
    assert_eq!(fs::read(desk.case_path(&id)).unwrap(), before);
}

#[test]
fn a_second_person_approves_in_review_mode() {
    let desk = Desk::new();
    let id = case_waiting_for_review(&desk);
    let mut app = desk.app(REVIEWER, 100, 30);

    app.expect(&["migdesk · lead · 1 case ", &id, "in review", "alice"]);
    app.press("r");
    app.expect(&[
        &format!("Review 1/1 · the last one  {id}"),
        "assignee alice",
        "To approve: Faire valider l’opportunité au TL",
        "A approve",
    ]);
    assert!(!app.settled().contains("You are the assignee"));

    app.press("A");
    app.expect(&["Enter submits"]);
    app.press("checked against the procedure");
    app.expect(&["> checked against the procedure"]);
    app.press(ENTER);
    app.expect(&[
        &format!("{id}: approved “Faire valider l’opportunité au TL”; no other case is waiting"),
        "Review 0",
        "4/12",
        "in progress",
    ]);

    app.press(ENTER);
    app.expect(&["Checklist 4/12"]);
    app.press("gjjj");
    app.expect(&[
        "[x] Faire valider l’opportunité au TL",
        "id tl_validation",
        "Done by lead on 2026-11-02 10:00",
        "Approved by lead on 2026-11-02 10:00: checked",
        "against the procedure",
    ]);

    let file = desk.case_file(&id);
    let step = &file["steps"]["tl_validation"];
    assert_eq!(step["state"], "done", "{file:?}");
    assert_eq!(step["by"], REVIEWER);
    assert_eq!(step["review"]["verdict"], "approved");
    assert_eq!(step["review"]["by"], REVIEWER);
    assert_eq!(step["review"]["reason"], "checked against the procedure");
    let history = file["history"].as_sequence().unwrap();
    let last = history.last().unwrap();
    assert_eq!(last["by"], REVIEWER);
    assert_eq!(last["action"], "review");
    assert_eq!(last["verdict"], "approved");
}

#[test]
fn ctrl_c_quits_cleanly_and_gives_the_terminal_back() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app(ASSIGNEE, 100, 30);
    app.expect(&[&id]);
    app.press(ENTER);
    app.expect(&["Checklist 0/10"]);

    app.press(CTRL_C);
    assert_eq!(app.exit_code(), 0);
    let output = app.output();
    let entered =
        last_position(&output, b"\x1b[?1049h").expect("never entered the alternate screen");
    let left = last_position(&output, b"\x1b[?1049l").expect("never left the alternate screen");
    assert!(
        left > entered,
        "the alternate screen is not left at the end"
    );
    let hidden = last_position(&output, b"\x1b[?25l").expect("never hid the cursor");
    let shown = last_position(&output, b"\x1b[?25h").expect("never showed the cursor again");
    assert!(shown > hidden, "the cursor is left hidden");
    {
        let parser = app.parser.lock().unwrap();
        assert!(!parser.screen().alternate_screen());
        assert!(!parser.screen().hide_cursor());
    }
    assert_eq!(
        modes(app.master.as_ref()),
        app.modes_before,
        "the terminal's modes were not restored"
    );
}

#[test]
fn without_a_terminal_it_says_so_in_one_line_and_fails() {
    let desk = Desk::new();
    let output = desk
        .command(ASSIGNEE)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "{:?}", output.stdout);
    let message = String::from_utf8(output.stderr).unwrap();
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("needs a terminal"), "{message}");
    assert!(message.contains("migdesk list"), "{message}");
    assert!(!message.contains('\x1b'), "{message:?}");
}

#[test]
fn a_resize_redraws_at_the_new_size() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app(ASSIGNEE, 100, 30);
    let at_size = |app: &Terminal, cols: u16, rows: u16| {
        app.cell(0, cols - 1) == ")"
            && app.row(1).starts_with("Pending 1")
            && app.row(rows - 1).starts_with("Enter open case")
    };
    app.wait_until("the queue at 100×30", |_| at_size(&app, 100, 30));

    for (cols, rows) in [(120, 40), (80, 24)] {
        app.resize(cols, rows);
        app.wait_until(&format!("the queue at {cols}×{rows}"), |_| {
            at_size(&app, cols, rows)
        });
        let screen = app.settled();
        assert!(screen.contains(&id), "{screen}");
        assert_eq!(screen.matches("sort: due date (s)").count(), 1, "{screen}");
        assert_eq!(screen.matches("Pending 1").count(), 1, "{screen}");
    }
}

#[test]
fn keys_rebound_in_the_config_file_work_and_a_bad_one_is_shown_at_start() {
    let mut desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let config = desk.dir.path().join("config.toml");
    fs::write(
        &config,
        "[keys.queue]\nopen = [\"o\"]\nquit = [\"<nope>\"]\n",
    )
    .unwrap();
    desk.config = Some(config);
    let mut app = desk.app(ASSIGNEE, 100, 30);
    let screen = app.expect(&["Key bindings", "config.toml:3:1"]);
    assert!(screen.contains("<nope>"), "{screen}");
    app.press(ESC);
    app.expect(&[&id, "o open case"]);
    let screen = app.settled();
    assert!(!screen.contains("Enter open case"), "{screen}");
    app.press(ENTER);
    app.press("o");
    app.expect(&["Checklist 0/10"]);
    app.settled();
    app.press(ESC);
    // The bad line lost only itself: `q` still quits. (Typed once the queue
    // is back whole, so it is not read with the Esc as Alt-q.)
    app.wait_until("the queue again", |screen| {
        !screen.contains("Checklist") && screen.contains("o open case")
    });
    app.settled();
    app.press("q");
    assert_eq!(app.exit_code(), 0);
}

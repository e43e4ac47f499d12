//! The full-screen app under the same promises as the command line: a
//! change the disk refuses is kept and said to be unsaved, never silently
//! lost; and nothing a case or playbook holds reaches the screen as a
//! control, bidi or invisible format character. Driven through the real
//! keymap and `app::update`, drawn into a ratatui `TestBackend`.
#![allow(clippy::unwrap_used)]

mod harness;

use std::fs;
use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use harness::cases::{build, hostile_playbook, hostile_text, open_text_playbook, recipe};
use harness::terminal::first_unsafe;
use migdesk::app::persistence::Persistence;
use migdesk::app::{Action, App, Clock, Dialog, Pending, update};
use migdesk::catalog::Catalog;
use migdesk::engine::{Actor, Change, new_case};
use migdesk::model::{Case, Note};
use migdesk::store::{DataDir, Fault, FaultyFileSystem, Store, case_to_yaml};
use migdesk::tui::keymap::{action_for, parse_keys};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr as _;

fn press(app: &mut App, keys: &str) {
    for key in parse_keys(keys).unwrap() {
        if let Some(action) = action_for(app.context(), key) {
            update(app, action);
            // As the event loop does between keys: the save's answer is taken.
            assert!(app.settle(std::time::Duration::from_secs(20)));
        }
    }
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        // The cells a wide character covers are never sent to the terminal:
        // what follows it on screen is the next cell that is.
        let mut covered = 0;
        for x in 0..buffer.area.width {
            if covered > 0 {
                covered -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            text.push_str(symbol);
            covered = symbol.width().saturating_sub(1);
        }
        text.push('\n');
    }
    text
}

fn open_app(store: Store, catalog: Catalog, user: &str) -> App {
    let mut app = App::new(
        Persistence::new(store),
        catalog,
        user,
        Clock::Fixed(Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap()),
    );
    update(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    app
}

fn open_text_catalog() -> Catalog {
    Catalog::from_playbooks(vec![open_text_playbook()])
}

/// A data directory holding one open-text case, MIG-0001; its case file.
fn one_case(directory: &Path) -> std::path::PathBuf {
    let store = Store::open(DataDir::new(directory)).unwrap();
    let playbook = open_text_playbook();
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let case = new_case(
        &playbook,
        "MIG-0000",
        "Salon Léa",
        "alice",
        Vec::new(),
        &Actor::new("alice", now),
    )
    .unwrap();
    store.create(move |id| Case { id, ..case }).unwrap().path
}

#[test]
fn a_change_the_disk_refuses_is_kept_and_can_be_saved_again() {
    let mut scenarios = 0;
    for fault in [Fault::Io, Fault::NoSpace] {
        // Calls 1 to 4 of a save come before its rename: creating, writing
        // and syncing the temporary file, and the rename itself.
        for fail_at in 1..=4 {
            let context = format!("{fault:?} at call {fail_at}");
            let directory = tempfile::tempdir().unwrap();
            let path = one_case(directory.path());
            let before = fs::read(&path).unwrap();
            let store = Store::open_with_file_system(
                DataDir::new(directory.path()),
                Arc::new(FaultyFileSystem::new(fail_at, fault)),
            )
            .unwrap();
            let mut app = open_app(store, open_text_catalog(), "alice");
            press(&mut app, "<enter>");
            assert!(
                app.case_screen().is_some(),
                "{context}: the case did not open"
            );
            press(&mut app, "aCalled the customer back<enter>");

            // Said: a dialog that names the change and says it was not saved.
            let Some(Dialog::Confirm {
                title,
                text,
                pending,
            }) = &app.dialog()
            else {
                panic!("{context}: {:?}", app.dialog());
            };
            assert_eq!(title, "Not saved", "{context}");
            assert!(
                text.contains("was not saved")
                    && text.contains("NOT saved")
                    && text.contains("MIG-0001"),
                "{context}: {text}"
            );
            let shown = screen(&app, 120, 40);
            assert!(shown.contains("Not saved"), "{context}:\n{shown}");
            // Kept: the note waits in memory, with its text.
            assert!(
                matches!(
                    pending,
                    Pending::Retry { change: Change::Note { text }, .. } if text == "Called the customer back"
                ),
                "{context}: {pending:?}"
            );
            assert_eq!(fs::read(&path).unwrap(), before, "{context}");

            // Once the disk accepts writes again, saving it again works.
            press(&mut app, "y");
            assert!(app.dialog().is_none(), "{context}: {:?}", app.dialog());
            let notes: Vec<&Note> = app
                .cases()
                .get("MIG-0001")
                .unwrap()
                .case
                .notes
                .iter()
                .collect();
            assert_eq!(notes.len(), 1, "{context}");
            let on_disk = fs::read_to_string(&path).unwrap();
            assert!(on_disk.contains("Called the customer back"), "{context}");
            scenarios += 1;
        }
    }
    println!(
        "{scenarios} failed saves in the app: each said so, kept the change and saved it on retry"
    );
}

#[test]
fn a_save_whose_folder_sync_fails_is_shown_as_written_and_not_offered_again() {
    for fault in [Fault::Io, Fault::NoSpace] {
        let directory = tempfile::tempdir().unwrap();
        let path = one_case(directory.path());
        // Call 5 of a save syncs the folder, after the rename.
        let store = Store::open_with_file_system(
            DataDir::new(directory.path()),
            Arc::new(FaultyFileSystem::new(5, fault)),
        )
        .unwrap();
        let mut app = open_app(store, open_text_catalog(), "alice");
        press(&mut app, "<enter>aCalled the customer back<enter>");
        let Some(Dialog::Message { title, text }) = &app.dialog() else {
            panic!("{fault:?}: {:?}", app.dialog());
        };
        assert_eq!(title, "Saved, but not safe yet");
        assert!(text.contains("may be lost"), "{text}");
        // The case shows what is on disk, the note included; retrying would add it twice.
        assert_eq!(app.cases().get("MIG-0001").unwrap().case.notes.len(), 1);
        let on_disk = fs::read_to_string(&path).unwrap();
        assert_eq!(
            on_disk.matches("Called the customer back").count(),
            2,
            "the note and its event"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Every view of the app, drawn with hostile case and playbook text.
    #[test]
    fn the_screen_never_shows_a_hostile_character(
        recipe in recipe(),
        playbook_texts in proptest::collection::vec(hostile_text(), 8),
        unknown_key in hostile_text(),
    ) {
        let directory = tempfile::tempdir().unwrap();
        let data_dir = DataDir::new(directory.path());
        let store = Store::open(data_dir.clone()).unwrap();
        let playbook = hostile_playbook(&playbook_texts);
        let case = build(&playbook, "MIG-0001", &recipe);
        let cases_dir = data_dir.cases_dir();
        // Written directly: no need for a crash-safe save in a throwaway folder.
        fs::write(cases_dir.join("MIG-0001.yaml"), case_to_yaml(&case).unwrap()).unwrap();
        // A broken file whose error message quotes a hostile key.
        let broken = case_to_yaml(&case)
            .unwrap()
            .replace("MIG-0001", "MIG-0002")
            .replacen("revision:", &format!("{}: 1\nrevision:", serde_json::to_string(&unknown_key).unwrap()), 1);
        fs::write(cases_dir.join("MIG-0002.yaml"), broken).unwrap();

        let mut app = open_app(store, Catalog::from_playbooks(vec![playbook]), "lead");
        let mut views = vec![("queue", screen(&app, 120, 40))];
        for tab in ["review tab", "blocked tab", "done tab", "all tab"] {
            press(&mut app, "<tab>");
            views.push((tab, screen(&app, 120, 40)));
        }
        press(&mut app, "g<enter>");
        if app.case_screen().is_some() {
            views.push(("case", screen(&app, 120, 40)));
            for step in 0..4 {
                views.push(("a step's detail", screen(&app, 120, 40)));
                press(&mut app, "<space>");
                views.push(("after a tick", screen(&app, 80, 24)));
                press(&mut app, "<esc>");
                if step == 0 {
                    press(&mut app, "-");
                    views.push(("skip prompt", screen(&app, 120, 40)));
                    press(&mut app, "<esc>");
                }
                press(&mut app, "j");
            }
            press(&mut app, "ax");
            views.push(("note prompt", screen(&app, 120, 40)));
            press(&mut app, "<esc>");
            press(&mut app, "<tab>");
            views.push(("facts", screen(&app, 120, 40)));
            press(&mut app, "j<enter>");
            views.push(("fact input", screen(&app, 120, 40)));
            press(&mut app, "<esc><esc>?");
            views.push(("help", screen(&app, 120, 40)));
            press(&mut app, "<esc><esc>");
        }
        press(&mut app, "r");
        views.push(("review", screen(&app, 120, 40)));
        press(&mut app, "<esc>");
        for (view, text) in &views {
            if let Some((index, character)) = first_unsafe(text) {
                prop_assert!(false, "{}: {:?} at char {} in\n{}", view, character, index, text);
            }
        }
    }
}

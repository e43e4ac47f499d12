//! Opening on a queue that is still being read: a progress line instead of
//! the welcome screen, keys that cannot lose anything, and the queue taken
//! in when it arrives, with what was done meanwhile kept.

use super::{catalog, create_case, monday, render, text};
use crate::app::persistence::Persistence;
use crate::app::{Action, App, Clock, Context, update};
use crate::model::FactValue;
use crate::store::{DataDir, Store};

fn opening_over_two_cases() -> (tempfile::TempDir, App) {
    let dir = tempfile::TempDir::new().unwrap();
    let store = Store::open(DataDir::new(dir.path().join("data"))).unwrap();
    for title in ["Boulangerie Élysée", "Garage Dupont"] {
        create_case(
            &store,
            "saas-pro-to-connect",
            title,
            "alice",
            &[("has_debts", FactValue::Bool(false))],
        );
    }
    let app = App::opening(
        Persistence::new(store),
        catalog(),
        "alice",
        Clock::Fixed(monday()),
    );
    (dir, app)
}

#[test]
fn while_the_queue_is_read_a_progress_line_shows_not_the_welcome() {
    let (_dir, mut app) = opening_over_two_cases();
    assert_eq!(app.context(), Context::Queue);
    let screen = render(&app, 100, 20);
    assert!(screen.contains("reading the queue…"), "{screen}");
    assert!(screen.contains("Reading the queue…"), "{screen}");
    assert!(!screen.contains("Welcome"), "{screen}");

    // The welcome screen's `d` would load the demo into a folder that has cases.
    update(&mut app, Action::LoadDemo);
    assert!(app.cases.is_empty());

    let progress = app.loading.clone().unwrap();
    let loaded = app
        .persistence
        .loader(&app.catalog, app.today())
        .run(&progress);
    let screen = render(&app, 140, 20);
    assert!(
        screen.contains("Reading the queue: 2 of 2 case files read (100%)"),
        "{screen}"
    );

    update(&mut app, Action::QueueLoaded(Box::new(loaded)));
    assert!(app.loading.is_none());
    assert_eq!(app.cases.len(), 2);
    let screen = render(&app, 100, 20);
    assert!(screen.contains("2 cases"), "{screen}");
    assert!(screen.contains("Garage Dupont"), "{screen}");
}

#[test]
fn a_case_created_while_the_queue_is_read_stays_in_the_queue() {
    let (dir, mut app) = opening_over_two_cases();
    let progress = app.loading.clone().unwrap();
    let loaded = app
        .persistence
        .loader(&app.catalog, app.today())
        .run(&progress);
    // Created after the folder was listed: the load above does not have it.
    let other = Store::open(DataDir::new(dir.path().join("data"))).unwrap();
    let created = create_case(
        &other,
        "saas-pro-to-connect",
        "Salon Léa",
        "alice",
        &[("pro_company_name", text("Salon Léa SA"))],
    );
    let stored = app.persistence.load(&created).unwrap();
    app.cases.put(stored, &app.catalog, app.today());

    update(&mut app, Action::QueueLoaded(Box::new(loaded)));
    assert_eq!(app.cases.len(), 3);
    assert_eq!(app.cases.summary_of(&created).unwrap().title, "Salon Léa");
}

#[test]
fn the_clock_does_not_poll_the_files_while_the_queue_is_read() {
    let (_dir, mut app) = opening_over_two_cases();
    update(&mut app, Action::Tick);
    assert!(
        !app.persistence.is_busy(),
        "the tick asked for a look at the files"
    );
    assert!(app.cases.is_empty(), "the tick read case files itself");
    assert!(app.loading.is_some());
}

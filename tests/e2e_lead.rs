//! The team lead's dashboard in the real binary, in a pseudo-terminal: it
//! opens from the queue, shows the queue's figures, and a bar followed
//! with Enter leads to the queue on exactly its cases.
#![allow(clippy::unwrap_used)]

#[path = "harness/pty.rs"]
mod pty;

use pty::*;

#[test]
fn the_dashboard_opens_from_the_queue_and_a_bar_leads_to_its_cases() {
    let desk = Desk::new();
    let blocked = [
        desk.new_case("saas-pro-to-connect", "Boulangerie Dupont", &[]),
        desk.new_case("saas-pro-to-connect", "Garage Martin", &[]),
    ];
    let moving = [
        desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE),
        desk.new_case("undo-migration", "Spa Zen Kyoto", ELIGIBLE),
        desk.new_case("undo-migration", "Institut Rose", ELIGIBLE),
    ];
    let mut app = desk.app(REVIEWER, 100, 30);
    app.expect(&["migdesk · lead · 5 cases", &moving[2]]);

    app.press("D");
    let screen = app.expect(&[
        "Dashboard · 5 cases, 5 pending · 2026-11-02",
        "By status",
        "Pending cases by due date",
        "Rules holding the most cases",
        "Enter these cases in the queue",
    ]);
    // The first bar, selected, is the blocked cases: two of them.
    let blocked_row = screen
        .lines()
        .find(|line| line.trim_start().starts_with("blocked"))
        .unwrap();
    assert!(blocked_row.trim_end().ends_with(" 2"), "{screen}");

    app.press(ENTER);
    let queue = app.expect(&[
        "From the dashboard: cases blocked",
        &blocked[0],
        &blocked[1],
    ]);
    for id in &moving {
        assert!(
            !queue.contains(id.as_str()),
            "{id} is not blocked:\n{queue}"
        );
    }

    app.press(ESC);
    let whole = app.wait_until("the whole queue again", |screen| {
        !screen.contains("From the dashboard") && screen.contains(&moving[0])
    });
    for id in blocked.iter().chain(&moving) {
        assert!(whole.contains(id.as_str()), "{id}:\n{whole}");
    }

    // The rule that holds the blocked cases, followed the same way.
    app.press("D");
    app.expect(&["Rules holding the most cases"]);
    for _ in 0..4 {
        app.press("\t");
    }
    app.expect(&["▸ Rules holding the most cases"]);
    app.press(ENTER);
    let held = app.expect(&["From the dashboard: pending cases of saas-pro-to-connect held by"]);
    assert!(
        held.contains(&blocked[0]) && held.contains(&blocked[1]),
        "{held}"
    );
    assert!(!held.contains(&moving[0]), "{held}");
    app.press("q");
    assert_eq!(app.exit_code(), 0);
}

//! The app in a pseudo-terminal under a French locale: the frame reads
//! French, the playbook's text stays as written, and the keys still work.
#![allow(clippy::unwrap_used)]

#[path = "harness/pty.rs"]
mod pty;

use pty::*;

#[test]
fn with_a_french_locale_the_app_reads_french_on_screen() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app_in_locale(ASSIGNEE, 80, 24, "fr_FR.UTF-8");

    app.expect(&[&id, "Salon Léa", "en cours", "En cours", "? aide"]);
    app.press(ENTER);
    app.expect(&[
        "Étapes 0/10",
        // The playbook's own text, as written.
        "[ ] Créer l’opportunité Saas Migration",
        "chargé\u{A0}: alice",
    ]);
    app.press(" ");
    app.expect(&["Étapes 1/10", "Faite par alice le 02/11/2026 10:00"]);
    app.press("?");
    app.expect(&["Touches\u{A0}: dossier — étapes", "cocher"]);
    app.press(ESC);
    let screen = app.expect(&["Étapes 1/10"]);
    for english in ["Checklist", "Locked", "Done by", "help"] {
        assert!(!screen.contains(english), "{english} on:\n{screen}");
    }
    app.press(CTRL_C);
    assert_eq!(app.exit_code(), 0);
}

#[test]
fn with_the_c_locale_the_app_reads_english() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app_in_locale(ASSIGNEE, 80, 24, "C.UTF-8");
    app.expect(&[&id, "in progress", "Pending", "? help"]);
    app.press(CTRL_C);
    assert_eq!(app.exit_code(), 0);
}

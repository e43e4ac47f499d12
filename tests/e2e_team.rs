//! Team mode in the real app, in a pseudo-terminal, against a bare
//! repository over `file://` with two clones, isolated from every git
//! setting of the machine: the header follows a change out (`1 to send`,
//! then `in sync`), a change pushed from the other clone appears in the
//! open app, and a merge notice shows as a banner and is resolved there.
#![allow(clippy::unwrap_used)]

#[path = "harness/pty.rs"]
mod pty;
mod team_harness;

use std::ffi::OsString;

use pty::{ENTER, ESC, Terminal};
use team_harness::{Machine, Team};

/// The app of `machine`, with its isolated git environment and `extra` over it.
fn open_app(machine: &Machine, extra: &[(&str, &str)]) -> Terminal {
    let command = machine.command(&[]);
    let mut environment: Vec<(OsString, OsString)> = command
        .get_envs()
        .filter_map(|(name, value)| Some((name.to_owned(), value?.to_owned())))
        .collect();
    environment.extend(
        extra
            .iter()
            .map(|(name, value)| (OsString::from(name), OsString::from(value))),
    );
    Terminal::start_with(&machine.dir, &machine.person, 100, 30, None, &environment)
}

/// Alice and Bob share one case, both in sync; its id.
fn shared_case(machines: &[Machine]) -> String {
    let id = machines[0].new_case("tiny-approval", "Salon Léa");
    machines[0].ok(&["sync"]);
    machines[1].ok(&["sync"]);
    id
}

#[test]
fn a_change_in_the_app_shows_one_to_send_then_in_sync_and_reaches_the_other_clone() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob"]);
    let id = shared_case(&machines);
    let mut app = open_app(&machines[0], &[]);
    app.expect(&["in sync", &id]);
    app.press(ENTER);
    app.expect(&["Salon Léa", "Draft the opportunity"]);
    app.press("a");
    app.expect(&["Add a note"]);
    app.press("called the customer");
    app.press(ENTER);
    app.expect(&["1 to send"]);
    // Nothing pressed: the debounced sync sends it by itself.
    app.expect(&["in sync"]);
    machines[1].ok(&["sync"]);
    let shown = machines[1].json(&["show", &id, "--json"]);
    assert!(
        shown["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|note| note["text"] == "called the customer"),
        "{shown}"
    );
    app.press("q");
    app.press("q");
    assert_eq!(app.exit_code(), 0);
}

#[test]
fn a_change_pushed_from_the_other_clone_appears_in_the_open_app_by_the_interval() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob"]);
    let id = shared_case(&machines);
    // The shortest interval the settings allow; nothing is pressed to sync.
    let mut app = open_app(&machines[0], &[("MIGDESK_SYNC_INTERVAL", "10")]);
    app.expect(&["in sync", &id]);
    app.press(ENTER);
    app.expect(&["Salon Léa", "Draft the opportunity"]);
    let bob = &machines[1];
    bob.ok(&["set", &id, "seats=7"]);
    let new = bob.new_case("tiny-approval", "Boulangerie Paul");
    bob.ok(&["sync"]);
    let screen = app.expect(&["came in", "bob"]);
    assert!(screen.contains("seats"), "says what changed: {screen}");
    // The open case was reloaded: its facts show Bob's value.
    app.wait_until("Bob's seats", |screen| {
        screen
            .lines()
            .any(|line| line.contains("Seats") && line.contains('7'))
    });
    app.press(ESC);
    let queue = app.expect(&["↓ Boulangerie", &new]);
    assert!(
        !queue.contains("↓ Salon Léa"),
        "the case seen on screen is no longer news: {queue}"
    );
    app.press("q");
    assert_eq!(app.exit_code(), 0);
}

#[test]
fn a_merge_notice_shows_as_a_banner_and_is_resolved_in_the_app() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob"]);
    let id = shared_case(&machines);
    machines[0].ok(&["set", &id, "seats=2"]);
    machines[1].ok(&["set", &id, "seats=5"]);
    machines[1].ok(&["sync"]);
    // The app's first sync merges the two versions.
    let mut app = open_app(&machines[0], &[]);
    app.expect(&["in sync", &id]);
    app.press(ENTER);
    app.expect(&[
        "Merge notice",
        "Seats",
        "kept:",
        "by alice",
        "by bob",
        "M resolves",
    ]);
    app.press("M");
    app.expect(&["Resolve the merge notice"]);
    app.press("kept 5 after calling");
    app.press(ENTER);
    app.wait_until("the banner gone", |screen| !screen.contains("Merge notice"));
    app.expect(&["1 to send"]);
    app.expect(&["in sync"]);
    machines[1].ok(&["sync"]);
    let shown = machines[1].json(&["show", &id, "--json"]);
    let notice = &shown["merge_notices"][0];
    assert_eq!(notice["needs_attention"], false, "{shown}");
    assert_eq!(notice["resolved"]["by"], "alice", "{shown}");
    app.press("q");
    app.press("q");
    assert_eq!(app.exit_code(), 0);
}

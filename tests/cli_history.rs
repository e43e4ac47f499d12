//! A case's notes and whole history in `show` (text and `--json`) and in
//! `export --format md`, whose tables are read back with a Markdown parser
//! and must hold hostile values cell for cell.
#![allow(clippy::unwrap_used)]

mod common;

use common::desk::{Desk, stderr};
use migdesk::catalog::Catalog;
use migdesk::engine::{Actor, Change, apply};
use migdesk::store::{DataDir, Store};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Text that breaks a naive Markdown table or reads as markup.
const HOSTILE: [&str; 6] = [
    "first line\nsecond | with a pipe\n\nthird, after a blank line",
    "a \\| b \\\\| c, ends with a backslash \\",
    "*not bold* _not em_ `not code` [not](a-link) <b>not html</b> &amp; ~~not struck~~ ![no](image)",
    "# not a heading\n- not a list\n> not a quote\n1. not ordered\n| not | a row |",
    "| starts and ends with a pipe |",
    "tab\there, CRLF\r\nnext line",
];

/// The facts that make an undo-migration case eligible.
const ELIGIBLE: [&str; 5] = [
    "has_debts=no",
    "pro_company_name=Institut Rose",
    "new_company_name=Institut Rose",
    "pro_vat_number=FR1",
    "new_vat_number=FR1",
];

/// What a cell must read back as: what was typed, trimmed, with one kind of line break.
fn as_read_back(text: &str) -> String {
    text.replace("\r\n", "\n").trim().to_string()
}

/// Every table of `markdown`: its rows (header first), each a list of cells' text.
fn tables(markdown: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut in_cell = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => rows.clear(),
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut rows)),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                rows.push(std::mem::take(&mut cells));
            }
            Event::Start(Tag::TableCell) => {
                in_cell = true;
                cell.clear();
            }
            Event::End(TagEnd::TableCell) => {
                in_cell = false;
                cells.push(std::mem::take(&mut cell));
            }
            _ if !in_cell => {}
            Event::Text(text) | Event::Code(text) => cell.push_str(&text),
            Event::InlineHtml(html) if html.as_ref() == "<br>" => cell.push('\n'),
            Event::InlineHtml(html) | Event::Html(html) => {
                panic!("raw HTML {html:?} in a cell of {markdown}")
            }
            Event::Start(tag) => panic!("{tag:?} read from case text in {markdown}"),
            _ => {}
        }
    }
    tables
}

/// The table whose header is `header`.
fn table<'a>(tables: &'a [Vec<Vec<String>>], header: &[&str]) -> &'a [Vec<String>] {
    tables
        .iter()
        .find(|rows| rows.first().is_some_and(|first| first == header))
        .unwrap_or_else(|| panic!("no table {header:?} in {tables:?}"))
}

/// An eligible undo-migration case with notes, facts, a tick with a note, a
/// skip, a review and a status change; returns its id.
fn worked_case(desk: &Desk) -> String {
    let id = desk.open("undo-migration", &ELIGIBLE);
    desk.ok(&["check", &id, "create_opportunity", "--note", "Opp 0061X"]);
    desk.ok(&["check", &id, "contract_in_files"]);
    desk.ok(&["check", &id, "venue_usp"]);
    desk.approve(&id, "tl_validation");
    desk.ok(&[
        "skip",
        &id,
        "jira_set_active",
        "--reason",
        "already active in Jira",
    ]);
    desk.ok(&["note", &id, "Called the partner.\nThey agree."]);
    desk.ok(&["status", &id, "hold"]);
    desk.ok(&["status", &id, "open"]);
    id
}

#[test]
fn show_ends_with_the_notes_and_every_event_of_the_history() {
    let desk = Desk::new();
    let id = worked_case(&desk);
    let text = desk.ok(&["show", &id]);
    let (_, notes) = text.split_once("\nNOTES\n").unwrap();
    assert!(
        notes.contains("    Called the partner.\n    They agree."),
        "{text}"
    );
    let (_, history) = text.split_once("\nHISTORY\n").unwrap();
    let lines: Vec<&str> = history.lines().filter(|l| l.starts_with("  #")).collect();
    let expected = [
        ("#1", "alice", "opened the case"),
        ("#2", "alice", "set has_debts to no (was unknown)"),
        (
            "#3",
            "alice",
            "set pro_company_name to Institut Rose (was unknown)",
        ),
        (
            "#4",
            "alice",
            "set new_company_name to Institut Rose (was unknown)",
        ),
        ("#5", "alice", "set pro_vat_number to FR1 (was unknown)"),
        ("#6", "alice", "set new_vat_number to FR1 (was unknown)"),
        ("#7", "alice", "ticked create_opportunity"),
        ("#8", "alice", "ticked contract_in_files"),
        ("#9", "alice", "ticked venue_usp"),
        ("#10", "lead", "approved tl_validation"),
        ("#11", "alice", "skipped jira_set_active"),
        ("#12", "alice", "added a note"),
        ("#13", "alice", "changed the status from open to on_hold"),
        ("#14", "alice", "changed the status from on_hold to open"),
    ];
    assert_eq!(lines.len(), expected.len(), "{history}");
    for (line, (number, who, what)) in lines.iter().zip(expected) {
        assert!(line.trim_start().starts_with(number), "{line}");
        assert!(line.contains(&format!("  {who}  ")), "{line}");
        assert!(line.contains(what), "{line}");
        assert!(line.contains("2026-11-02 10:00"), "{line}");
    }
    // What came with an event is under it.
    assert!(
        history.contains("ticked create_opportunity\n        Opp 0061X\n"),
        "{history}"
    );
    assert!(history.contains("skipped jira_set_active\n        already active in Jira\n"));
    assert!(history.contains("added a note\n        Called the partner.\n        They agree.\n"));
}

#[test]
fn show_json_has_the_notes_and_the_whole_history() {
    let desk = Desk::new();
    let id = worked_case(&desk);
    let json = desk.show(&id);
    let history = json["history"].as_array().unwrap();
    assert_eq!(history.len(), 14);
    assert_eq!(history[10]["action"], "skip");
    assert_eq!(history[10]["text"], "already active in Jira");
    assert_eq!(history[9]["by"], "lead");
    assert_eq!(history[9]["verdict"], "approved");
    assert!(history.iter().all(|event| event.get("undone_by").is_none()));
    assert_eq!(json["notes"][0]["text"], "Called the partner.\nThey agree.");
}

/// A case whose tick was undone, as the app records an undo: through
/// `engine::apply` with the undone event's number.
fn case_with_an_undo(desk: &Desk) -> String {
    let id = desk.open("undo-migration", &ELIGIBLE);
    desk.ok(&["check", &id, "create_opportunity"]);
    let store = Store::open(DataDir::new(desk.path())).unwrap();
    let catalog = Catalog::shipped();
    let playbook = catalog.get("undo-migration").unwrap();
    store
        .update(&id, |case| {
            let mut actor = Actor::new("alice", chrono::Utc::now());
            actor.undoes = Some(7);
            let change = Change::Uncheck {
                step: "create_opportunity".to_string(),
            };
            apply(playbook, case, change, &actor).map(|_| ())
        })
        .unwrap();
    id
}

#[test]
fn an_undone_event_names_the_event_that_undid_it() {
    let desk = Desk::new();
    let id = case_with_an_undo(&desk);
    let text = desk.ok(&["show", &id]);
    let line = |number: &str| {
        text.lines()
            .find(|line| line.trim_start().starts_with(number))
            .unwrap()
            .to_string()
    };
    assert!(
        line("#7 ").ends_with("ticked create_opportunity  (undone by #8)"),
        "{text}"
    );
    assert!(
        line("#8 ").ends_with("undid #7: unticked create_opportunity"),
        "{text}"
    );
    let json = desk.show(&id);
    assert_eq!(json["history"][6]["undone_by"], 8);
    assert_eq!(json["history"][7]["undoes"], 7);
    assert!(json["history"][7].get("undone_by").is_none());
    let markdown = desk.ok(&["export", &id, "--format", "md"]);
    let tables = tables(&markdown);
    let history = table(&tables, &["#", "when", "who", "what"]);
    assert!(history[7][3].ends_with("(undone by #8)"), "{history:?}");
    assert!(
        history[8][3].starts_with("undid #7: unticked"),
        "{history:?}"
    );
}

#[test]
fn the_markdown_report_has_the_notes_and_history_as_tables() {
    let desk = Desk::new();
    let id = worked_case(&desk);
    let markdown = desk.ok(&["export", &id, "--format", "md"]);
    let tables = tables(&markdown);
    let notes = table(&tables, &["when", "who", "note"]);
    assert_eq!(
        notes[1],
        [
            "2026-11-02 10:00",
            "alice",
            "Called the partner.\nThey agree."
        ]
    );
    let history = table(&tables, &["#", "when", "who", "what"]);
    assert_eq!(history.len(), 1 + 14, "{history:?}");
    assert_eq!(history[10][2], "lead");
    assert!(history[10][3].starts_with("approved "), "{history:?}");
    // People read the report: steps by their title, facts by their label,
    // the reason after the event.
    assert!(history[11][3].starts_with("skipped "), "{history:?}");
    assert!(!history[11][3].contains("jira_set_active"), "{history:?}");
    assert!(
        history[11][3].ends_with(": already active in Jira"),
        "{history:?}"
    );
    assert!(!history[2][3].contains("has_debts"), "{history:?}");
}

#[test]
fn hostile_values_stay_in_their_cells() {
    let desk = Desk::new();
    let id = desk.open("undo-migration", &["has_debts=no"]);
    for (index, text) in HOSTILE.iter().enumerate() {
        desk.ok(&["note", &id, text]);
        let fact = ["pro_company_name", "new_company_name", "old_connect_id"][index % 3];
        let output = desk.run(&["set", &id, &format!("{fact}={text}")]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{text:?}: {}",
            stderr(&output)
        );
        let markdown = desk.ok(&["export", &id, "--format", "md"]);
        let tables = tables(&markdown);
        for rows in &tables {
            let width = rows[0].len();
            assert!(
                rows.iter().all(|row| row.len() == width),
                "{text:?} broke a table: {rows:?}\n{markdown}"
            );
        }
        let expected = as_read_back(text);
        let notes = table(&tables, &["when", "who", "note"]);
        assert_eq!(notes.last().unwrap()[2], expected, "{markdown}");
        let facts = table(&tables, &["fact", "value"]);
        assert!(
            facts.iter().any(|row| row[1] == expected),
            "{text:?} not a fact's cell: {facts:?}\n{markdown}"
        );
        let history = table(&tables, &["#", "when", "who", "what"]);
        let last = &history.last().unwrap()[3];
        assert!(last.contains(&expected), "{last:?}\n{markdown}");
    }
}

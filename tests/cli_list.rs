//! `migdesk list`: `--filter` in the app's filter grammar, `--mine`,
//! `--assignee`, and a status cut on a word boundary.
#![allow(clippy::unwrap_used)]

mod common;

use common::desk::{Desk, stderr};

/// The facts that make a Pro → Connect or undo case eligible.
const ELIGIBLE: [&str; 5] = [
    "has_debts=no",
    "pro_company_name=Same",
    "new_company_name=Same",
    "pro_vat_number=FR1",
    "new_vat_number=FR1",
];

fn open(desk: &Desk, playbook: &str, title: &str, assignee: &str, facts: &[&str]) -> String {
    let mut args = vec!["new", playbook, "--title", title, "--assignee", assignee];
    for fact in facts {
        args.push("--set");
        args.push(fact);
    }
    desk.ok(&args).trim().to_string()
}

/// Seven cases like the ones the filter was found wanting on.
fn queue() -> Desk {
    let desk = Desk::new();
    let pro = "saas-pro-to-connect";
    assert_eq!(
        open(&desk, pro, "Institut Belle Peau", "alice", &ELIGIBLE),
        "MIG-0001"
    );
    open(
        &desk,
        pro,
        "Pharmacie des Tilleuls",
        "zoé.bonnet",
        &ELIGIBLE,
    );
    // Blocked: nothing answered yet.
    open(&desk, pro, "Boulangerie Dupont", "Zoé.Bonnet", &[]);
    open(
        &desk,
        pro,
        "Garage, suite de MIG-0003",
        "camille",
        &ELIGIBLE,
    );
    let review = open(&desk, "undo-migration", "Spa Zen", "camille", &ELIGIBLE);
    desk.tick(
        &review,
        &["create_opportunity", "contract_in_files", "venue_usp"],
    );
    let cancelled = open(&desk, pro, "Salon annulé", "alice", &ELIGIBLE);
    desk.ok(&["status", &cancelled, "cancelled"]);
    open(&desk, "undo-migration", "Institut Rose", "alice", &ELIGIBLE);
    desk
}

/// The ids `list --json` gives with `args` after it.
fn listed(desk: &Desk, args: &[&str]) -> Vec<String> {
    listed_as(desk, "alice", args)
}

fn listed_as(desk: &Desk, user: &str, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--json"];
    all.extend_from_slice(args);
    let output = desk.run_as(user, &all);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&output)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|case| case["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_filter_never_matches_letters_from_several_words() {
    let desk = queue();
    assert_eq!(listed(&desk, &["--filter", "tilleuls"]), ["MIG-0002"]);
    assert_eq!(listed(&desk, &["--filter", "TILLEULS"]), ["MIG-0002"]);
}

#[test]
fn list_filter_with_an_exact_id_gives_that_case_only() {
    let desk = queue();
    // MIG-0004's title names MIG-0003.
    assert_eq!(listed(&desk, &["--filter", "MIG-0003"]), ["MIG-0003"]);
    assert_eq!(listed(&desk, &["--filter", "mig-0003"]), ["MIG-0003"]);
}

#[test]
fn list_filter_finds_names_with_dots_and_accents() {
    let desk = queue();
    let zoe = ["MIG-0002", "MIG-0003"];
    assert_eq!(listed(&desk, &["--filter", "zoé.bonnet"]), zoe);
    assert_eq!(listed(&desk, &["--filter", "zoe.bonnet"]), zoe);
    assert_eq!(listed(&desk, &["--filter", "@zoé"]), zoe);
    assert_eq!(listed(&desk, &["--filter", "assignee:Zoé.Bonnet"]), zoe);
}

#[test]
fn list_filter_finds_a_status_in_words() {
    let desk = queue();
    assert_eq!(listed(&desk, &["--filter", "in review"]), ["MIG-0005"]);
    assert_eq!(
        listed(&desk, &["--filter", "status:in_review"]),
        ["MIG-0005"]
    );
    assert_eq!(listed(&desk, &["--filter", "status:blocked"]), ["MIG-0003"]);
    // A status the filter asks for is shown though the list is of pending cases.
    assert_eq!(
        listed(&desk, &["--filter", "status:cancelled"]),
        ["MIG-0006"]
    );
    assert_eq!(listed(&desk, &["--filter", "annulé"]), Vec::<String>::new());
    assert_eq!(
        listed(&desk, &["--all", "--filter", "annulé"]),
        ["MIG-0006"]
    );
}

#[test]
fn list_filter_takes_field_words_and_negations() {
    let desk = queue();
    assert_eq!(
        listed(&desk, &["--filter", "pb:undo"]),
        ["MIG-0005", "MIG-0007"]
    );
    assert_eq!(
        listed(&desk, &["--filter", "pb:undo is:mine"]),
        ["MIG-0007"]
    );
    assert_eq!(
        listed_as(&desk, "camille", &["--filter", "is:mine"]),
        ["MIG-0004", "MIG-0005"]
    );
    assert_eq!(
        listed(&desk, &["--filter", "institut -pb:undo"]),
        ["MIG-0001"]
    );
}

#[test]
fn a_filter_word_that_names_nothing_is_a_usage_error() {
    let desk = queue();
    let output = desk.run(&["list", "--filter", "status:stuck"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("no status `stuck`"), "{message}");
    assert!(message.contains("in_review"), "{message}");
    let output = desk.run(&["list", "--filter", "is:late"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is:overdue"),
        "{}",
        stderr(&output)
    );
    let output = desk.run(&["list", "--filter", "@"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("needs a value"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn list_mine_and_assignee_compare_names_one_way() {
    let desk = queue();
    assert_eq!(listed(&desk, &["--mine"]), ["MIG-0001", "MIG-0007"]);
    assert_eq!(
        listed_as(&desk, "Alice", &["--mine", "--all"]),
        ["MIG-0001", "MIG-0006", "MIG-0007"]
    );
    assert_eq!(
        listed(&desk, &["--assignee", " ZOÉ.BONNET "]),
        ["MIG-0002", "MIG-0003"]
    );
    assert_eq!(
        listed(&desk, &["--assignee", "camille", "--filter", "pb:undo"]),
        ["MIG-0005"]
    );
    assert_eq!(
        listed(&desk, &["--assignee", "nobody"]),
        Vec::<String>::new()
    );
    let output = desk.run(&["list", "--mine", "--assignee", "bob"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn list_cuts_a_long_status_on_a_word_boundary_with_an_ellipsis() {
    let desk = Desk::new();
    let id = open(
        &desk,
        "saas-pro-to-connect",
        "Dettes",
        "alice",
        &["has_debts=yes"],
    );
    let row = desk.ok(&["list"]);
    let row = row.lines().find(|line| line.starts_with(&id)).unwrap();
    let status = row
        .split("  ")
        .map(str::trim)
        .find(|cell| cell.starts_with("blocked"))
        .unwrap();
    assert!(status.ends_with('…'), "{row}");
    assert!(status.chars().count() <= 60, "{row}");
    let shown = desk.show(&id);
    let message = shown["blockers"][0]["message"].as_str().unwrap();
    let whole = format!("blocked ({message})");
    let kept = status.trim_end_matches('…');
    assert!(
        whole.len() > kept.len() && whole.starts_with(kept),
        "{kept:?} / {whole:?}"
    );
    // What is kept ends where a word of the full text ends.
    let next = whole[kept.len()..].chars().next().unwrap();
    assert!(
        !next.is_alphanumeric(),
        "cut mid-word: {kept:?} then {next:?}"
    );
    let last = kept.chars().next_back().unwrap();
    assert!(last.is_alphanumeric(), "ends on punctuation: {kept:?}");
}

#[test]
fn list_filter_is_overdue_reads_the_due_date_on_the_day_it_runs() {
    let mut desk = Desk::new();
    // Due three business days after Monday 2026-11-02.
    let late = open(&desk, "saas-to-local-install", "Late", "alice", &[]);
    desk.now = "2026-11-04T10:00:00Z".to_string();
    let fresh = open(&desk, "saas-to-local-install", "Fresh", "alice", &[]);
    assert_eq!(
        listed(&desk, &["--filter", "is:overdue"]),
        Vec::<String>::new()
    );
    desk.now = "2026-11-06T10:00:00Z".to_string();
    assert_eq!(
        listed(&desk, &["--filter", "is:overdue"]),
        std::slice::from_ref(&late)
    );
    assert_eq!(listed(&desk, &["--filter", "-is:overdue"]), [fresh]);
    let shown = desk.show(&late);
    assert_eq!(shown["overdue"], true, "{shown}");
}

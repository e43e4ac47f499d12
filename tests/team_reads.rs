//! A sync that brings in 100 changed cases makes the queue re-read only
//! those 100 files: git rewrites only what changed, so every other file
//! keeps the key the summary index knows it by. Counted through the
//! index's own statistics, not timed.
#![allow(clippy::unwrap_used)]

mod team_harness;

use std::time::Duration;

use chrono::NaiveDate;
use migdesk::catalog::Catalog;
use migdesk::engine::{Actor, Change, apply};
use migdesk::queue_index::QueueIndex;
use migdesk::store::{DataDir, Store};
use team_harness::{Machine, Team};

const CASES: usize = 300;
const CHANGED: usize = 100;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
}

fn store_of(machine: &Machine) -> (Store, Catalog) {
    let data_dir = DataDir::new(&machine.dir);
    let catalog = Catalog::load(Some(&data_dir.playbooks_dir()));
    (Store::open(data_dir).unwrap(), catalog)
}

#[test]
fn a_sync_bringing_in_100_changed_cases_makes_the_queue_parse_only_those_100() {
    let team = Team::new();
    let alice = team.machine("alice");
    alice.ok(&[
        "gen-cases",
        &CASES.to_string(),
        &alice.dir.to_string_lossy(),
    ]);
    alice.ok(&["team", "init", &team.url]);
    alice.ok(&["team", "add", "bob", "--role", "agent"]);
    alice.ok(&["sync"]);
    let bob = team.machine("bob");
    bob.ok(&["team", "join", &team.url]);
    // Files changed in the last two seconds are not trusted by the index
    // (their times may still move); let the checkout settle, then index it.
    std::thread::sleep(Duration::from_secs(3));
    let (bob_store, bob_catalog) = store_of(&bob);
    let first = QueueIndex::load_or_rebuild(&bob_store, &bob_catalog, today());
    assert_eq!(first.rows.len(), CASES);
    let settled = QueueIndex::load_or_rebuild(&bob_store, &bob_catalog, today());
    assert_eq!(settled.stats.parsed, 0, "{:?}", settled.stats);

    let (alice_store, alice_catalog) = store_of(&alice);
    let ids: Vec<String> = first.rows.iter().map(|row| row.id.clone()).collect();
    for id in ids.iter().step_by(CASES / CHANGED) {
        alice_store
            .update(id, |case| {
                let playbook = alice_catalog.get(&case.playbook).unwrap();
                let note = Change::Note {
                    text: "called the customer".to_string(),
                };
                let actor = Actor::new("alice", chrono::Utc::now());
                apply(playbook, case, note, &actor).map(|_| ())
            })
            .unwrap();
    }
    let sent = alice.json(&["sync", "--json"]);
    assert_eq!(
        sent["committed"].as_array().unwrap().len(),
        CHANGED,
        "{sent}"
    );
    // One commit per case, named after it, and nothing left behind in the index.
    let subjects = team_harness::stdout(&alice.git(&["log", "--format=%s", "-n", "100"]));
    assert_eq!(
        subjects
            .lines()
            .filter(|subject| subject.ends_with(": note"))
            .count(),
        CHANGED,
        "{subjects}"
    );
    let status = team_harness::stdout(&alice.git(&["status", "--porcelain"]));
    assert_eq!(status, "", "the index follows the new commits");
    let report = bob.json(&["sync", "--json"]);
    assert_eq!(
        report["received"].as_array().unwrap().len(),
        CHANGED,
        "{report}"
    );
    assert_eq!(report["arrivals"][0]["by"], "alice", "{report}");

    let after = QueueIndex::load_or_rebuild(&bob_store, &bob_catalog, today());
    assert_eq!(after.rows.len(), CASES);
    assert_eq!(after.stats.parsed, CHANGED, "{:?}", after.stats);
    assert_eq!(after.stats.reused, CASES - CHANGED, "{:?}", after.stats);
}

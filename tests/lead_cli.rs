//! The team lead's commands: `migdesk list --format csv` reads back with a
//! CSV parser, whatever the titles hold, and `migdesk stats` prints the
//! figures with the README's JSON keys, narrowed by its options.
#![allow(clippy::unwrap_used)]

mod common;

use common::desk::{Desk, stderr};

const HOSTILE_TITLES: [&str; 4] = [
    "Dupont, Durand & fils",
    "Le \"Fournil\" d'Émile",
    "Salon\nligne deux, \"quoted\"",
    "Crème brûlée à Zürich — ½ prix",
];

#[test]
fn the_csv_report_reads_back_with_a_csv_parser() {
    let desk = Desk::new();
    let mut ids = Vec::new();
    for (index, title) in HOSTILE_TITLES.iter().enumerate() {
        let assignee = if index % 2 == 0 { "zoé" } else { "Amélie" };
        let id = desk.ok(&[
            "new",
            "saas-pro-to-connect",
            "--title",
            title,
            "--assignee",
            assignee,
        ]);
        ids.push(id.trim().to_string());
    }
    let formula = desk.ok(&["new", "undo-migration", "--title", "=HYPERLINK(\"x\")"]);
    let output = desk.ok(&["list", "--format", "csv"]);
    assert!(output.contains("\r\n"), "RFC 4180 ends records with CRLF");
    let mut reader = csv::Reader::from_reader(output.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "id",
            "title",
            "playbook",
            "status",
            "assignee",
            "created",
            "due",
            "overdue",
            "progress",
            "last_change",
            "first_blocker"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), HOSTILE_TITLES.len() + 1);
    let json = desk.json(&["list", "--json"]);
    for (record, item) in records.iter().zip(json.as_array().unwrap()) {
        assert_eq!(record.len(), header.len());
        assert_eq!(&record[0], item["id"].as_str().unwrap());
        assert_eq!(&record[2], item["playbook"].as_str().unwrap());
        assert_eq!(&record[3], item["status"].as_str().unwrap());
        assert_eq!(&record[4], item["assignee"].as_str().unwrap());
        assert_eq!(
            &record[7],
            if item["overdue"].as_bool().unwrap() {
                "yes"
            } else {
                "no"
            }
        );
        let progress = &item["progress"];
        assert_eq!(
            &record[8],
            format!("{}/{}", progress["done"], progress["total"])
        );
        assert_eq!(&record[10], item["blocker"].as_str().unwrap_or(""));
    }
    for (id, title) in ids.iter().zip(HOSTILE_TITLES) {
        let record = records.iter().find(|r| &r[0] == id).unwrap();
        assert_eq!(&record[1], title, "the title survives the round trip");
    }
    let record = records.iter().find(|r| &r[0] == formula.trim()).unwrap();
    assert_eq!(
        &record[1], "'=HYPERLINK(\"x\")",
        "a formula is shown, not run"
    );
}

#[test]
fn list_refuses_two_formats_at_once() {
    let desk = Desk::new();
    let output = desk.run(&["list", "--json", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--format"), "{}", stderr(&output));
    // `--format json` is `--json`.
    desk.ok(&["new", "undo-migration", "--title", "Spa"]);
    assert_eq!(
        desk.json(&["list", "--format", "json"]),
        desk.json(&["list", "--json"])
    );
}

#[test]
fn stats_prints_the_documented_keys_narrowed_by_its_options() {
    let desk = Desk::new();
    for (title, playbook, assignee) in [
        ("A", "saas-pro-to-connect", "zoé"),
        ("B", "saas-pro-to-connect", "Amélie"),
        ("C", "undo-migration", "Zoé"),
    ] {
        desk.ok(&["new", playbook, "--title", title, "--assignee", assignee]);
    }
    let stats = desk.json(&["stats", "--json"]);
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for key in stats.as_object().unwrap().keys() {
        assert!(
            readme.contains(&format!("| `{key}` |")),
            "README.md documents no `stats --json` key {key}"
        );
    }
    for key in [
        "by_status",
        "by_playbook",
        "due",
        "overdue_by_assignee",
        "reviews",
        "done_per_week",
        "top_blockers",
    ] {
        assert!(stats.get(key).is_some(), "no {key} in {stats}");
    }
    let listed = desk.json(&["list", "--all", "--json"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(stats["cases"], listed.len());
    let blocked = listed
        .iter()
        .filter(|item| item["status"] == "blocked")
        .count();
    assert_eq!(stats["by_status"]["blocked"], blocked);
    assert_eq!(stats["by_playbook"]["saas-pro-to-connect"], 2);
    assert_eq!(stats["done_per_week"].as_array().unwrap().len(), 12);

    let zoe = desk.json(&["stats", "--json", "--assignee", "ZOÉ"]);
    assert_eq!(zoe["cases"], 2, "people are compared as people");
    let narrowed = desk.json(&[
        "stats",
        "--json",
        "--assignee",
        "zoé",
        "--playbook",
        "undo-migration",
    ]);
    assert_eq!(narrowed["cases"], 1);
    assert_eq!(
        desk.json(&["stats", "--json", "--since", "2026-11-03"])["cases"],
        0
    );
    assert_eq!(
        desk.json(&["stats", "--json", "--since", "2026-11-02"])["cases"],
        3
    );

    let text = desk.ok(&["stats"]);
    assert!(
        text.starts_with("3 cases, 3 pending, on 2026-11-02"),
        "{text}"
    );
    assert!(
        text.contains("Rules holding the most pending cases"),
        "{text}"
    );

    let bad = desk.run(&["stats", "--since", "last week"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("YYYY-MM-DD"), "{}", stderr(&bad));
    let unknown = desk.run(&["stats", "--playbook", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("migdesk playbooks"),
        "{}",
        stderr(&unknown)
    );
}

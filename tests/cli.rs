//! Every command of the real binary, run in a temporary data directory.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    /// A data directory with the two fixture playbooks installed as the user's own.
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let playbooks = dir.path().join("playbooks");
        fs::create_dir_all(&playbooks).unwrap();
        for name in ["tiny-eligibility", "tiny-approval"] {
            let source =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.yaml"));
            fs::copy(source, playbooks.join(format!("{name}.yaml"))).unwrap();
        }
        Desk { dir }
    }

    fn run_as(&self, user: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_migdesk"))
            .env_remove("MIGDESK_LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C")
            .args(args)
            .env("MIGDESK_DATA_DIR", self.dir.path())
            .env("MIGDESK_USER", user)
            .env("MIGDESK_NOW", "2026-11-02T10:00:00Z")
            // No config file and no log of the person running the tests.
            .env("XDG_CONFIG_HOME", self.dir.path().join("no-config"))
            .env("MIGDESK_LOG", "off")
            .env_remove("NO_COLOR")
            .output()
            .unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_as("alice", args)
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn case_path(&self, id: &str) -> PathBuf {
        self.dir.path().join("cases").join(format!("{id}.yaml"))
    }

    fn new_eligible(&self) -> String {
        self.ok(&[
            "new",
            "tiny-eligibility",
            "--title",
            "Salon Léa",
            "--set",
            "has_debts=no",
            "--set",
            "old_vat=FR12345678901",
            "--set",
            "new_vat=FR12345678901",
        ])
        .trim()
        .to_string()
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn playbooks_lists_shipped_and_user_playbooks_with_language() {
    let desk = Desk::new();
    let text = desk.ok(&["playbooks"]);
    assert!(text.contains("saas-pro-to-connect"), "{text}");
    assert!(text.contains("tiny-approval"));
    let json = desk.json(&["playbooks", "--json"]);
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), 9);
    let onprem = items.iter().find(|p| p["id"] == "onprem-to-saas").unwrap();
    assert_eq!(onprem["language"], "fr");
    assert_eq!(onprem["origin"], "shipped");
}

#[test]
fn new_prints_the_id_and_creates_the_file() {
    let desk = Desk::new();
    assert_eq!(desk.new_eligible(), "MIG-0001");
    assert_eq!(desk.new_eligible(), "MIG-0002");
    assert!(desk.case_path("MIG-0002").exists());
    let json = desk.json(&[
        "new",
        "tiny-approval",
        "--title",
        "Other",
        "--assignee",
        "bob",
        "--json",
    ]);
    assert_eq!(json["id"], "MIG-0003");
    assert_eq!(json["assignee"], "bob");
    assert_eq!(json["playbook"], "tiny-approval");
}

#[test]
fn new_with_a_bad_fact_is_refused_and_writes_nothing() {
    let desk = Desk::new();
    let output = desk.run(&[
        "new",
        "tiny-eligibility",
        "--title",
        "X",
        "--set",
        "ticket_key=nope",
    ]);
    assert_eq!(output.status.code(), Some(3));
    assert!(
        stderr(&output).contains("refused by format"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("OPS-12"));
    let cases = desk.dir.path().join("cases");
    let written = fs::read_dir(cases)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".yaml"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(written, 0);
}

#[test]
fn usage_errors_exit_2_and_unknown_playbooks_exit_1() {
    let desk = Desk::new();
    assert_eq!(
        desk.run(&["new", "tiny-eligibility"]).status.code(),
        Some(2)
    );
    assert_eq!(
        desk.run(&["show", "../../etc/passwd"]).status.code(),
        Some(2)
    );
    assert_eq!(desk.run(&["show", "MIG-1/../.."]).status.code(), Some(2));
    let output = desk.run(&["new", "nowhere", "--title", "X"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no playbook `nowhere`"));
    assert_eq!(desk.run(&["show", "MIG-0042"]).status.code(), Some(1));
}

#[test]
fn list_shows_pending_cases_and_filters() {
    let desk = Desk::new();
    let blocked = desk
        .ok(&["new", "tiny-eligibility", "--title", "Blocked one"])
        .trim()
        .to_string();
    let eligible = desk.new_eligible();
    let approval = desk
        .ok(&[
            "new",
            "tiny-approval",
            "--title",
            "Approval",
            "--set",
            "offering=SaaS",
            "--set",
            "seats=1",
        ])
        .trim()
        .to_string();
    desk.ok(&["status", &approval, "cancelled"]);

    let text = desk.ok(&["list"]);
    assert!(
        text.contains(&blocked) && text.contains(&eligible) && !text.contains(&approval),
        "{text}"
    );
    assert!(text.contains("answer has_debts"), "{text}");
    assert!(desk.ok(&["list", "--all"]).contains(&approval));

    let json = desk.json(&["list", "--json", "--status", "blocked"]);
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&blocked.as_str()));
    let json = desk.json(&["list", "--json", "--all", "--playbook", "tiny-approval"]);
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["status"], "cancelled");
    assert_eq!(json[0]["progress"]["total"], 4);
}

#[test]
fn show_json_has_the_documented_keys() {
    let desk = Desk::new();
    let id = desk
        .ok(&["new", "tiny-eligibility", "--title", "Show me"])
        .trim()
        .to_string();
    let json = desk.json(&["show", &id, "--json"]);
    for key in [
        "id", "playbook", "title", "status", "facts", "blockers", "progress", "steps",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["status"], "blocked");
    assert_eq!(json["facts"]["has_debts"], Value::Null);
    let blocker = &json["blockers"][0];
    for key in ["id", "message", "remedy", "alternative"] {
        assert!(blocker.get(key).is_some(), "blocker lacks {key}");
    }
    let step = &json["steps"][0];
    for key in ["id", "phase", "title", "state", "locked", "reasons"] {
        assert!(step.get(key).is_some(), "step lacks {key}");
    }
    assert_eq!(step["locked"], true);
    assert!(step["reasons"][0].as_str().unwrap().contains("debts"));
    assert_eq!(json["progress"]["done"], 0);
    let text = desk.ok(&["show", &id]);
    assert!(
        text.contains("BLOCKERS") && text.contains("answer first: has_debts"),
        "{text}"
    );
}

#[test]
fn set_changes_facts_all_or_nothing_and_unknown_clears() {
    let desk = Desk::new();
    let id = desk.new_eligible();
    let output = desk.run(&["set", &id, "ticket_key=OPS-1", "express=perhaps"]);
    assert_eq!(output.status.code(), Some(3));
    let json = desk.json(&["show", &id, "--json"]);
    assert_eq!(
        json["facts"]["ticket_key"],
        Value::Null,
        "nothing saved from a refused set"
    );
    desk.ok(&["set", &id, "ticket_key=OPS-1", "express=yes"]);
    let json = desk.json(&["show", &id, "--json"]);
    assert_eq!(json["facts"]["ticket_key"], "OPS-1");
    assert_eq!(json["facts"]["express"], true);
    let revision = desk.json(&["show", &id, "--json"])["revision"].clone();
    assert!(desk.ok(&["set", &id, "express=yes"]).contains("no change"));
    assert_eq!(
        desk.json(&["show", &id, "--json"])["revision"],
        revision,
        "nothing written for no change"
    );
    desk.ok(&["set", &id, "express=unknown"]);
    assert_eq!(
        desk.json(&["show", &id, "--json"])["facts"]["express"],
        Value::Null
    );
    assert_eq!(desk.run(&["set", &id, "novalue"]).status.code(), Some(2));
}

#[test]
fn check_is_refused_with_rule_and_remedy_until_allowed() {
    let desk = Desk::new();
    let id = desk
        .ok(&["new", "tiny-eligibility", "--title", "X"])
        .trim()
        .to_string();
    let output = desk.run(&["check", &id, "tell_partner"]);
    assert_eq!(output.status.code(), Some(3));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains("blocker:debts") && message.contains("answer has_debts first"),
        "{message}"
    );

    desk.ok(&[
        "set",
        &id,
        "has_debts=no",
        "old_vat=FR12345678901",
        "new_vat=FR12345678901",
        "ticket_key=OPS-9",
    ]);
    desk.ok(&["check", &id, "open_ticket", "--note", "OPS-9 filed"]);
    let output = desk.run(&["check", &id, "cut_billing"]);
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("--ack"));
    desk.ok(&["check", &id, "cut_billing", "--ack"]);
    let json = desk.json(&["show", &id, "--json"]);
    let cut = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "cut_billing")
        .unwrap();
    assert_eq!(cut["state"], "done");
    assert_eq!(
        cut["record"]["acknowledged"],
        "Cutting billing churns the old account."
    );
}

#[test]
fn uncheck_skip_note_and_status() {
    let desk = Desk::new();
    let id = desk.new_eligible();
    desk.ok(&["check", &id, "tell_partner"]);
    desk.ok(&["uncheck", &id, "tell_partner"]);
    assert_eq!(
        desk.run(&["uncheck", &id, "tell_partner"]).status.code(),
        Some(3)
    );
    assert_eq!(
        desk.run(&["skip", &id, "tell_partner"]).status.code(),
        Some(2),
        "--reason is required"
    );
    desk.ok(&[
        "skip",
        &id,
        "tell_partner",
        "--reason",
        "partner already knows",
    ]);
    desk.ok(&["note", &id, "Called the partner"]);
    desk.ok(&["status", &id, "on_hold"]);
    assert_eq!(
        desk.run(&["check", &id, "open_ticket"]).status.code(),
        Some(3)
    );
    desk.ok(&["status", &id, "open"]);
    let json = desk.json(&["show", &id, "--json"]);
    assert_eq!(json["notes"][0]["text"], "Called the partner");
    let actions: Vec<&str> = json["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "created", "set_fact", "set_fact", "set_fact", "check", "uncheck", "skip", "note",
            "status", "status"
        ]
    );
}

#[test]
fn review_is_four_eyes() {
    let desk = Desk::new();
    let id = desk
        .ok(&[
            "new",
            "tiny-approval",
            "--title",
            "Review",
            "--set",
            "offering=SaaS",
        ])
        .trim()
        .to_string();
    desk.ok(&["check", &id, "draft"]);
    let output = desk.run(&["review", &id, "validate", "--approve", "--reason", "mine"]);
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("four-eyes"));
    assert_eq!(
        desk.run(&["review", &id, "validate", "--reason", "x"])
            .status
            .code(),
        Some(2)
    );
    let output = desk.run_as(
        "lead",
        &[
            "review",
            &id,
            "validate",
            "--reject",
            "--reason",
            "wrong billing",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    desk.ok(&["note", &id, "billing fixed"]);
    let output = desk.run(&[
        "--as",
        "lead",
        "review",
        &id,
        "validate",
        "--approve",
        "--reason",
        "good",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json = desk.json(&["show", &id, "--json"]);
    let step = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "validate")
        .unwrap();
    assert_eq!(step["state"], "done");
    assert_eq!(step["record"]["review"]["by"], "lead");
}

#[test]
fn export_writes_markdown_and_json() {
    let desk = Desk::new();
    let id = desk.new_eligible();
    desk.ok(&["check", &id, "tell_partner"]);
    let markdown = desk.ok(&["export", &id]);
    assert!(
        markdown.starts_with(&format!("# {id} — Salon Léa")),
        "{markdown}"
    );
    assert!(markdown.contains("- [x] Tell the partner"));
    assert!(markdown.contains("| VAT number on the old contract | FR12345678901 |"));
    let json = desk.json(&["export", &id, "--format", "json"]);
    assert_eq!(json["progress"]["done"], 1);
}

#[test]
fn validate_passes_clean_data_and_names_a_broken_file() {
    let desk = Desk::new();
    let id = desk.new_eligible();
    let output = desk.ok(&["validate"]);
    assert!(output.starts_with("ok:"), "{output}");
    fs::write(
        desk.dir.path().join("cases/MIG-0009.yaml"),
        "schema: 1\nid: MIG-0009\ntitle: [\n",
    )
    .unwrap();
    let output = desk.run(&["validate"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("MIG-0009.yaml"),
        "{}",
        stderr(&output)
    );
    // Named paths: a good playbook passes, a bad one fails.
    let good =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/valid_playbooks/tiny-approval.yaml");
    assert_eq!(
        desk.run(&["validate", good.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let bad =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_playbooks/needs-cycle.yaml");
    let output = desk.run(&["validate", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("cycle"));
    let case = desk.case_path(&id);
    assert_eq!(
        desk.run(&["validate", case.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_broken_case_file_is_reported_and_never_written() {
    let desk = Desk::new();
    let id = desk.new_eligible();
    let path = desk.case_path(&id);
    let mut text = fs::read_to_string(&path).unwrap();
    text.truncate(text.len() / 2);
    fs::write(&path, &text).unwrap();
    let before = fs::read(&path).unwrap();
    let other = desk.new_eligible();
    let output = desk.run(&["list"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains(&other));
    assert!(
        stderr(&output).contains(&format!("{id}.yaml")),
        "{}",
        stderr(&output)
    );
    let output = desk.run(&["note", &id, "hello"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn control_characters_in_case_data_never_reach_the_terminal() {
    let desk = Desk::new();
    let id = desk
        .ok(&[
            "new",
            "tiny-eligibility",
            "--title",
            "Evil \u{1b}[2J\u{202e}title\u{7}",
        ])
        .trim()
        .to_string();
    desk.ok(&["note", &id, "bell \u{7} and \u{9b}31m"]);
    for args in [vec!["show", id.as_str()], vec!["list"]] {
        let output = desk.ok(&args);
        assert!(
            !output
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{output:?}"
        );
        assert!(output.contains("\\u{1b}[2J"), "{output}");
    }
}

#[test]
fn four_processes_adding_fifty_notes_each_lose_none() {
    let desk = Desk::new();
    let id = desk.new_eligible();
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let dir = desk.dir.path().to_path_buf();
            let id = id.clone();
            std::thread::spawn(move || {
                for note in 0..50 {
                    let status = Command::new(env!("CARGO_BIN_EXE_migdesk"))
                        .env_remove("MIGDESK_LANGUAGE")
                        .env_remove("LC_ALL")
                        .env_remove("LC_MESSAGES")
                        .env("LANG", "C")
                        .args(["note", &id, &format!("worker {worker} note {note}")])
                        .env("MIGDESK_DATA_DIR", &dir)
                        .env("MIGDESK_USER", format!("agent{worker}"))
                        .output()
                        .unwrap();
                    assert_eq!(
                        status.status.code(),
                        Some(0),
                        "{}",
                        String::from_utf8_lossy(&status.stderr)
                    );
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let json = desk.json(&["show", &id, "--json"]);
    let notes = json["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 200);
    for worker in 0..4 {
        for note in 0..50 {
            let text = format!("worker {worker} note {note}");
            assert!(
                notes.iter().any(|n| n["text"] == text.as_str()),
                "lost {text}"
            );
        }
    }
    assert_eq!(
        json["revision"].as_u64().unwrap(),
        1 + 200,
        "one save at creation, one per note"
    );
}

#[test]
fn validate_reads_a_large_queue_in_slices_and_reports_as_load_all_orders() {
    let desk = Desk::new();
    // More than two of validate's slices of 512 files.
    desk.ok(&[
        "gen-cases",
        "1100",
        desk.dir.path().to_str().unwrap(),
        "--seed",
        "3",
    ]);
    let output = desk.ok(&["validate"]);
    assert!(
        output.contains("1100 case file(s), no problems"),
        "{output}"
    );

    let unknown_fact = desk.case_path("MIG-0002");
    let text = fs::read_to_string(&unknown_fact).unwrap();
    assert!(text.contains("\nfacts:\n"), "{text}");
    fs::write(
        &unknown_fact,
        text.replacen("\nfacts:\n", "\nfacts:\n  no_such_fact: 7\n", 1),
    )
    .unwrap();
    fs::write(
        desk.case_path("MIG-1090"),
        "schema: 1\nid: MIG-1090\ntitle: [\n",
    )
    .unwrap();
    let output = desk.run(&["validate"]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    let broken = errors
        .find("MIG-1090.yaml")
        .expect("the broken file is named");
    let fact = errors
        .find("no_such_fact")
        .expect("the unknown fact is named");
    assert!(broken < fact, "unreadable files come first: {errors}");
    assert!(errors.contains("and 1100 case file(s)"), "{errors}");
}

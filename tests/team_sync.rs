//! `migdesk sync` between three machines on one computer: a bare
//! repository over `file://`, three data directories, each its own person.
#![allow(clippy::unwrap_used)]

mod team_harness;

use std::collections::BTreeMap;
use std::fs;

use team_harness::{Machine, Team, stderr, stdout};

/// Syncs every machine, twice round, so everyone has everything.
fn settle(machines: &[Machine]) {
    for _ in 0..2 {
        for machine in machines {
            machine.ok(&["sync"]);
        }
    }
}

fn assert_identical(machines: &[Machine]) {
    let first = machines[0].shared_files();
    assert!(!first.is_empty());
    for other in &machines[1..] {
        let files = other.shared_files();
        let names = |files: &[(String, Vec<u8>)]| {
            files
                .iter()
                .map(|(name, _)| name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(&first),
            names(&files),
            "{} and {}",
            machines[0].person,
            other.person
        );
        for ((name, ours), (_, theirs)) in first.iter().zip(&files) {
            assert!(
                ours == theirs,
                "{name} differs between {} and {}:\n{}\n---\n{}",
                machines[0].person,
                other.person,
                String::from_utf8_lossy(ours),
                String::from_utf8_lossy(theirs)
            );
        }
    }
}

#[test]
fn cases_created_offline_on_three_machines_all_arrive_under_distinct_ids() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob", "carol"]);
    let mut ids = Vec::new();
    for machine in &machines {
        for number in 0..2 {
            ids.push(machine.new_case(
                "tiny-approval",
                &format!("{} customer {number}", machine.person),
            ));
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "{ids:?}");
    assert!(ids.iter().any(|id| id.starts_with("MIG-BO-")), "{ids:?}");
    settle(&machines);
    assert_identical(&machines);
    let listed = machines[2].json(&["list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 6, "{listed}");
    // Each case is its own commit, named after it and authored by its opener.
    let log = stdout(&machines[0].git(&["log", "--format=%an|%s"]));
    assert!(
        log.contains(&format!(
            "bob|{}: new case on tiny-approval (bob customer 0)",
            ids.iter().find(|id| id.starts_with("MIG-BO-")).unwrap()
        )),
        "{log}"
    );
}

/// The same case edited on all three machines, then synced in `order`.
fn edit_everywhere_and_sync(order: [usize; 3]) -> String {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob", "carol"]);
    let id = machines[0].new_case("tiny-approval", "Salon Léa");
    settle(&machines);
    machines[0].ok(&["set", &id, "seats=2", "offering=SaaS"]);
    machines[0].ok(&["check", &id, "draft"]);
    machines[1].ok(&["note", &id, "called the customer"]);
    machines[1].ok(&["set", &id, "seats=3"]);
    machines[2].ok(&["check", &id, "draft"]);
    machines[2].ok(&["set", &id, "start=2026-12-01"]);
    for index in order {
        machines[index].ok(&["sync"]);
    }
    settle(&machines);
    assert_identical(&machines);
    let shown = machines[1].json(&["show", &id, "--json"]);
    assert_eq!(shown["facts"]["offering"], "SaaS", "{shown}");
    assert_eq!(shown["facts"]["start"], "2026-12-01", "{shown}");
    let notices = shown["merge_notices"].as_array().unwrap();
    let subjects: Vec<String> = notices
        .iter()
        .map(|notice| {
            format!(
                "{}{}",
                notice["step"].as_str().unwrap_or(""),
                notice["fact"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(subjects.contains(&"draft".to_string()), "{subjects:?}");
    assert!(subjects.contains(&"seats".to_string()), "{subjects:?}");
    assert!(
        shown["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|note| note["text"] == "called the customer")
    );
    machines[0].case_text(&id)
}

#[test]
fn one_case_edited_on_three_machines_converges_whatever_the_order_of_syncs() {
    // Three orders by default (each makes a team of three); all six with MIGDESK_TEAM_FULL=1.
    let all = [
        [0, 1, 2],
        [2, 1, 0],
        [1, 2, 0],
        [0, 2, 1],
        [1, 0, 2],
        [2, 0, 1],
    ];
    let orders = if std::env::var_os("MIGDESK_TEAM_FULL").is_some() {
        &all[..]
    } else {
        &all[..3]
    };
    let results: Vec<String> = orders
        .iter()
        .map(|order| edit_everywhere_and_sync(*order))
        .collect();
    for (order, result) in orders.iter().zip(&results) {
        assert_eq!(result, &results[0], "order {order:?}");
    }
}

#[test]
fn a_push_that_loses_the_race_fetches_merges_and_pushes_again() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob"]);
    let (alice, bob) = (&machines[0], &machines[1]);
    let id = alice.new_case("tiny-approval", "Salon Léa");
    settle(&machines);
    alice.ok(&["note", &id, "from alice"]);
    bob.ok(&["note", &id, "from bob"]);
    // Bob pushes between Alice's fetch and her push: from her pre-push hook, once.
    let mark = team.root.path().join("raced");
    let hook = alice.dir.join(".git/hooks/pre-push");
    let command = bob.command(&["sync"]);
    let variables: Vec<String> = command
        .get_envs()
        .filter_map(|(name, value)| {
            Some(format!(
                "{}='{}'",
                name.to_string_lossy(),
                value?.to_string_lossy()
            ))
        })
        .collect();
    fs::write(
        &hook,
        format!(
            "#!/bin/sh\n[ -e '{mark}' ] && exit 0\ntouch '{mark}'\ncd '{home}' && env -i PATH=\"$PATH\" {vars} '{binary}' sync >/dev/null 2>&1\nexit 0\n",
            mark = mark.display(),
            home = command.get_current_dir().unwrap().display(),
            vars = variables.join(" "),
            binary = team_harness::BINARY,
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();

    let report = alice.json(&["sync", "--json"]);
    assert!(mark.exists(), "the race did not happen");
    assert_eq!(report["outcome"]["state"], "in_sync", "{report}");
    assert!(report["attempts"].as_u64().unwrap() >= 2, "{report}");
    settle(&machines);
    assert_identical(&machines);
    let notes = alice.json(&["show", &id, "--json"])["notes"].clone();
    assert_eq!(notes.as_array().unwrap().len(), 2, "{notes}");
}

#[test]
fn the_same_event_arriving_from_two_sides_is_kept_once() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob", "carol"]);
    let id = machines[0].new_case("tiny-approval", "Salon Léa");
    machines[0].ok(&["set", &id, "seats=2"]);
    machines[0].ok(&["sync"]);
    machines[1].ok(&["sync"]);
    machines[2].ok(&["sync"]);
    // Bob and Carol both carry Alice's events, and each adds one.
    machines[1].ok(&["note", &id, "bob's note"]);
    machines[2].ok(&["note", &id, "carol's note"]);
    machines[1].ok(&["sync"]);
    machines[2].ok(&["sync"]);
    settle(&machines);
    assert_identical(&machines);
    let shown = machines[0].json(&["show", &id, "--json"]);
    let history = shown["history"].as_array().unwrap();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for event in history {
        *counts
            .entry(event["id"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert!(counts.values().all(|count| *count == 1), "{counts:?}");
    assert_eq!(history.len(), 4, "{history:?}");
    assert!(
        shown["merge_notices"].as_array().unwrap().is_empty(),
        "{shown}"
    );
}

#[test]
fn offline_the_changes_wait_committed_and_go_out_when_the_remote_is_back() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob"]);
    let (alice, bob) = (&machines[0], &machines[1]);
    let first = alice.new_case("tiny-approval", "Salon Léa");
    alice.new_case("tiny-approval", "Institut Zen");
    let away = team.root.path().join("remote-away.git");
    fs::rename(team.remote_path(), &away).unwrap();
    alice.ok(&["note", &first, "while offline"]);
    let before = alice.case_text(&first);
    let output = alice.run(&["sync"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("offline, 2 changes waiting"),
        "{}",
        stderr(&output)
    );
    assert_eq!(alice.case_text(&first), before);
    let status = alice.json(&["team", "status", "--json"]);
    assert_eq!(status["commits_to_send"], 2, "{status}");
    assert_eq!(status["changes_to_commit"], 0, "{status}");

    fs::rename(&away, team.remote_path()).unwrap();
    alice.ok(&["sync"]);
    let report = bob.json(&["sync", "--json"]);
    assert_eq!(report["received"].as_array().unwrap().len(), 2, "{report}");
    assert_identical(&machines);
}

#[test]
fn a_malformed_case_file_is_not_pushed_and_nothing_is_lost() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob"]);
    let (alice, bob) = (&machines[0], &machines[1]);
    let broken = alice.new_case("tiny-approval", "Salon Léa");
    let fine = alice.new_case("tiny-approval", "Institut Zen");
    settle(&machines);
    fs::write(alice.case_path(&broken), "schema: 1\nid: [not closed\n").unwrap();
    alice.ok(&["note", &fine, "still shared"]);
    let output = alice.run(&["sync"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(&format!("{broken}.yaml")),
        "{}",
        stderr(&output)
    );
    assert!(
        stdout(&output).contains(&format!("committed: {fine}: note")),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        fs::read_to_string(alice.case_path(&broken)).unwrap(),
        "schema: 1\nid: [not closed\n"
    );
    bob.ok(&["sync"]);
    assert!(bob.case_text(&broken).contains("Salon Léa"));
    assert!(bob.case_text(&fine).contains("still shared"));
}

#[test]
fn a_plain_git_clone_followed_by_sync_merges_cases_like_a_join() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob"]);
    let alice = &machines[0];
    let carol = team.machine("carol");
    alice.ok(&["team", "add", "carol", "--role", "agent"]);
    alice.ok(&["sync"]);
    let cloned = team_harness::bounded(
        std::process::Command::new("git")
            .args(["clone", "--quiet", &team.url, &carol.dir.to_string_lossy()])
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1"),
    );
    assert!(cloned.status.success(), "{}", stderr(&cloned));
    let id = alice.new_case("tiny-approval", "Salon Léa");
    alice.ok(&["sync"]);
    carol.ok(&["sync"]);
    alice.ok(&["note", &id, "alice"]);
    carol.ok(&["note", &id, "carol"]);
    alice.ok(&["sync"]);
    carol.ok(&["sync"]);
    alice.ok(&["sync"]);
    let text = carol.case_text(&id);
    assert!(!text.contains("<<<<<<<"), "{text}");
    assert_eq!(text, alice.case_text(&id));
    assert!(
        text.contains("text: alice") && text.contains("text: carol"),
        "{text}"
    );
}

#[test]
fn someone_not_on_the_team_cannot_change_cases_or_sync() {
    let team = Team::new();
    let machines = team.with_members("alice", &[]);
    let id = machines[0].new_case("tiny-approval", "Salon Léa");
    machines[0].ok(&["sync"]);
    let mallory = team.machine("mallory");
    mallory.ok(&["team", "join", &team.url]);
    let output = mallory.run(&["note", &id, "hello"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("not on the team"),
        "{}",
        stderr(&output)
    );
    let output = mallory.run(&["sync"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not in team.yaml"),
        "{}",
        stderr(&output)
    );
    let output = mallory.run(&["team", "add", "mallory", "--role", "team_lead"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("only a team lead"),
        "{}",
        stderr(&output)
    );
}

//! `team init`, `team join` and `team status` against a real bare
//! repository over `file://`.
#![allow(clippy::unwrap_used)]

mod team_harness;

use std::fs;

use team_harness::{Team, stderr, stdout};

#[test]
fn init_shares_the_cases_playbooks_and_roster_and_join_brings_them() {
    let team = Team::new();
    let alice = team.machine("alice");
    alice.install_fixture_playbooks();
    let case = alice.new_case("tiny-approval", "Salon Léa");
    let said = alice.ok(&["team", "init", &team.url]);
    assert!(said.contains("first member"), "{said}");

    let roster = fs::read_to_string(alice.dir.join("team.yaml")).unwrap();
    assert!(roster.contains("name: alice"), "{roster}");
    assert!(
        roster.contains("team_lead") && roster.contains("agent"),
        "{roster}"
    );
    let status = alice.json(&["team", "status", "--json"]);
    assert_eq!(status["remote"], team.url.as_str());
    assert_eq!(status["branch"], "main");
    assert_eq!(status["commits_to_send"], 0);
    assert_eq!(status["changes_to_commit"], 0);
    assert_eq!(status["acting_person_on_team"], true);
    assert!(status["last_sync"].is_string());

    let bob = team.machine("bob");
    let joined = bob.ok(&["team", "join", &team.url]);
    assert!(joined.contains("1 member"), "{joined}");
    assert!(joined.contains("bob is not in team.yaml yet"), "{joined}");
    assert_eq!(bob.case_text(&case), alice.case_text(&case));
    assert!(bob.dir.join("playbooks/tiny-approval.yaml").exists());
    // Bob is not on the team yet, and status says so.
    let status = bob.json(&["team", "status", "--json"]);
    assert_eq!(status["acting_person_on_team"], false);
    let text = bob.ok(&["team", "status"]);
    assert!(text.contains("bob is not in team.yaml"), "{text}");
    // The merge driver is in the clone's own config, pointing at migdesk.
    let driver = bob.git(&["config", "--local", "--get", "merge.migdesk.driver"]);
    assert!(
        stdout(&driver).contains("team merge-driver %O %A %B %P"),
        "{}",
        stdout(&driver)
    );
    let ignored = fs::read_to_string(bob.dir.join(".gitignore")).unwrap();
    assert!(ignored.contains("/cache/"), "{ignored}");
    let attributes = fs::read_to_string(bob.dir.join(".gitattributes")).unwrap();
    assert!(
        attributes.contains("/cases/*.yaml merge=migdesk"),
        "{attributes}"
    );
}

#[test]
fn the_queue_index_and_lock_files_stay_out_of_the_repository() {
    let team = Team::new();
    let alice = team.machine("alice");
    alice.install_fixture_playbooks();
    alice.new_case("tiny-approval", "Salon Léa");
    alice.ok(&["list"]);
    alice.ok(&["team", "init", &team.url]);
    let tracked = stdout(&alice.git(&["ls-files"]));
    assert!(tracked.contains("cases/MIG-0001.yaml"), "{tracked}");
    assert!(tracked.contains("team.yaml"), "{tracked}");
    assert!(!tracked.contains("cache/"), "{tracked}");
    assert!(!tracked.contains(".lock"), "{tracked}");
    let status = alice.json(&["team", "status", "--json"]);
    assert_eq!(status["changes_to_commit"], 0, "{status}");
}

#[test]
fn init_refuses_a_remote_that_already_holds_a_team() {
    let team = Team::new();
    let alice = team.machine("alice");
    alice.ok(&["team", "init", &team.url]);
    let carol = team.machine("carol");
    carol.ok(&["list"]);
    let output = carol.run(&["team", "init", &team.url]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("team join"), "{}", stderr(&output));
    assert!(!carol.dir.join(".git").exists());
}

#[test]
fn init_refuses_while_a_case_file_cannot_be_read_and_changes_nothing() {
    let team = Team::new();
    let alice = team.machine("alice");
    alice.install_fixture_playbooks();
    alice.new_case("tiny-approval", "Salon Léa");
    fs::write(alice.case_path("MIG-0002"), "schema: 1\nid: [broken\n").unwrap();
    let output = alice.run(&["team", "init", &team.url]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("MIG-0002.yaml"),
        "{}",
        stderr(&output)
    );
    assert!(!alice.dir.join(".git").exists());
    assert_eq!(
        fs::read_to_string(alice.case_path("MIG-0002")).unwrap(),
        "schema: 1\nid: [broken\n"
    );
}

#[test]
fn join_refuses_a_data_directory_with_files_and_an_empty_remote() {
    let team = Team::new();
    let bob = team.machine("bob");
    let output = bob.run(&["team", "join", &team.url]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("is empty"), "{}", stderr(&output));
    assert!(!bob.dir.join(".git").exists());

    let alice = team.machine("alice");
    alice.ok(&["team", "init", &team.url]);
    bob.install_fixture_playbooks();
    let output = bob.run(&["team", "join", &team.url]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("not empty"), "{}", stderr(&output));
    assert!(bob.dir.join("playbooks/tiny-approval.yaml").exists());
}

#[test]
fn status_outside_a_team_says_how_to_start_one() {
    let team = Team::new();
    let alice = team.machine("alice");
    alice.ok(&["list"]);
    let output = alice.run(&["team", "status"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("team init"), "{}", stderr(&output));
}

#[test]
fn a_missing_git_is_named_as_such() {
    let team = Team::new();
    let alice = team.machine("alice");
    let empty = team.root.path().join("no-git-here");
    fs::create_dir_all(&empty).unwrap();
    let output = team_harness::bounded(
        alice
            .command(&["team", "init", &team.url])
            .env("PATH", &empty),
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("git is not installed"),
        "{}",
        stderr(&output)
    );
}

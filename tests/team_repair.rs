//! A sync killed at any point leaves a repository the next sync repairs,
//! and nothing made on the machine is lost.
#![allow(clippy::unwrap_used)]

mod team_harness;

use std::fs;
use std::time::Duration;

use team_harness::{Machine, Team, stdout};

fn settle(machines: &[Machine]) {
    for _ in 0..2 {
        for machine in machines {
            machine.ok(&["sync"]);
        }
    }
}

#[test]
fn a_sync_killed_at_random_points_is_resumed_by_the_next() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob"]);
    let (alice, bob) = (&machines[0], &machines[1]);
    let shared = alice.new_case("tiny-approval", "Shared");
    settle(&machines);
    let mut made = Vec::new();
    // Delays spread over a sync's run: before, during the commits, the fetch, the merge, the push.
    for (round, delay) in [0u64, 15, 40, 80, 120, 200, 300, 450]
        .into_iter()
        .enumerate()
    {
        let id = alice.new_case("tiny-approval", &format!("Round {round}"));
        alice.ok(&["note", &shared, &format!("alice round {round}")]);
        bob.ok(&["note", &shared, &format!("bob round {round}")]);
        bob.ok(&["sync"]);
        made.push(id);
        let mut child = alice
            .command(&["sync"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
    }
    // The next sync repairs whatever was left and goes through.
    alice.ok(&["sync"]);
    settle(&machines);
    let listed = bob.json(&["list", "--json"]);
    for id in &made {
        assert!(
            listed
                .as_array()
                .unwrap()
                .iter()
                .any(|case| case["id"] == id.as_str()),
            "{id} lost: {listed}"
        );
    }
    let notes = bob.json(&["show", &shared, "--json"])["notes"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(notes, 16);
    assert_eq!(alice.shared_files(), bob.shared_files());
    alice.ok(&["validate"]);
}

#[test]
fn a_merge_left_half_way_and_stale_git_locks_are_repaired() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob"]);
    let (alice, bob) = (&machines[0], &machines[1]);
    let id = alice.new_case("tiny-approval", "Salon Léa");
    settle(&machines);
    bob.ok(&["note", &id, "from bob"]);
    bob.ok(&["sync"]);
    alice.ok(&["note", &id, "from alice"]);
    alice.ok(&["sync"]);
    // Leave Alice as a killed sync would: a merge in progress and a stale index lock.
    bob.ok(&["note", &id, "bob again"]);
    bob.ok(&["sync"]);
    assert!(
        alice
            .git(&["fetch", "--quiet", "origin", "main"])
            .status
            .success()
    );
    let merge = alice.git(&["merge", "--no-commit", "--no-ff", "origin/main"]);
    assert!(merge.status.success(), "{}", team_harness::stderr(&merge));
    assert!(alice.dir.join(".git/MERGE_HEAD").exists());
    fs::write(alice.dir.join(".git/index.lock"), "").unwrap();
    let status = alice.json(&["team", "status", "--json"]);
    assert_eq!(status["interrupted"], true);

    let said = alice.ok(&["sync"]);
    assert!(said.contains("repaired: removed the stale"), "{said}");
    assert!(
        said.contains("repaired: undid a merge left half-way"),
        "{said}"
    );
    bob.ok(&["sync"]);
    assert_eq!(alice.case_text(&id), bob.case_text(&id));
    let text = alice.case_text(&id);
    for note in ["from bob", "from alice", "bob again"] {
        assert!(text.contains(note), "{note} lost: {text}");
    }
    assert!(!alice.dir.join(".git/MERGE_HEAD").exists());
    assert!(
        stdout(&alice.git(&["status", "--porcelain"]))
            .trim()
            .is_empty()
    );
}

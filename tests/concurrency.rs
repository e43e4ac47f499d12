//! No lost update: many processes changing one case at once all land, and a
//! writer that ignores the lock is caught instead of silently overwritten.
#![allow(clippy::unwrap_used)]

mod harness;

use std::collections::BTreeSet;
use std::fs;
use std::process::Command;
use std::time::Instant;

use harness::{BINARY, Desk, stderr};
use migdesk::model::EventKind;
use migdesk::store::{DataDir, OnDisk, Store, StoreError, UpdateError};

const PROCESSES: usize = 8;

/// Commands each process runs. Every save parses and rewrites the whole
/// case, so the cost of a command grows with the case and the cost of the
/// run with the square of the number of changes: 8 × 200 takes minutes in
/// a debug build. `MIGDESK_STRESS_COMMANDS=200` runs the full size.
fn commands_per_process() -> usize {
    std::env::var("MIGDESK_STRESS_COMMANDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(25)
}

#[test]
fn eight_processes_changing_one_case_lose_no_change() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Shared case", &[]);
    let commands = commands_per_process();
    let started = Instant::now();
    let workers: Vec<_> = (0..PROCESSES)
        .map(|worker| {
            let dir = desk.dir.path().to_path_buf();
            let id = id.clone();
            std::thread::spawn(move || {
                for command in 0..commands {
                    // Half notes, half fact changes: both read, change and write the case.
                    let args = if command % 2 == 0 {
                        vec![
                            "note".to_string(),
                            id.clone(),
                            format!("worker {worker} note {command}"),
                        ]
                    } else {
                        vec![
                            "set".to_string(),
                            id.clone(),
                            format!("seats={}", worker * 1000 + command),
                        ]
                    };
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    let output = Command::new(BINARY)
                        .env_remove("MIGDESK_LANGUAGE")
                        .env_remove("LC_ALL")
                        .env_remove("LC_MESSAGES")
                        .env("LANG", "C")
                        .args(&args)
                        .env("MIGDESK_DATA_DIR", &dir)
                        .env("MIGDESK_USER", format!("agent{worker}"))
                        .output()
                        .unwrap();
                    assert_eq!(
                        output.status.code(),
                        Some(0),
                        "{args:?}: {}",
                        stderr(&output)
                    );
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let elapsed = started.elapsed();
    let total = PROCESSES * commands;

    let json = desk.json(&["show", &id, "--json"]);
    let notes: BTreeSet<&str> = json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|note| note["text"].as_str().unwrap())
        .collect();
    let history = json["history"].as_array().unwrap();
    let seats: BTreeSet<u64> = history
        .iter()
        .filter(|event| event["action"] == "set_fact")
        .map(|event| event["to"].as_u64().unwrap())
        .collect();
    for worker in 0..PROCESSES {
        for command in 0..commands {
            if command % 2 == 0 {
                let text = format!("worker {worker} note {command}");
                assert!(notes.contains(text.as_str()), "lost {text}");
            } else {
                let value = (worker * 1000 + command) as u64;
                assert!(seats.contains(&value), "lost seats={value}");
            }
        }
    }
    assert_eq!(notes.len() + seats.len(), total);
    assert_eq!(
        history.len(),
        1 + total,
        "one event per change, after `created`"
    );
    for (index, event) in history.iter().enumerate() {
        assert_eq!(event["seq"].as_u64(), Some(index as u64 + 1));
    }
    assert_eq!(json["revision"].as_u64(), Some(1 + total as u64));
    desk.ok(&["validate"]);
    println!(
        "{PROCESSES} processes × {commands} commands = {total} changes in {:.1}s ({:.0} ms per command)",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / total as f64
    );
}

/// Rewrites the title directly, as an editor or a script would, keeping the
/// revision number and the length: only the bytes tell the versions apart.
fn rewritten_by_hand(path: &std::path::Path, from: &str, to: &str) -> Vec<u8> {
    let text = fs::read_to_string(path).unwrap();
    let changed = text.replacen(&format!("title: {from}\n"), &format!("title: {to}\n"), 1);
    assert_ne!(changed, text);
    fs::write(path, &changed).unwrap();
    changed.into_bytes()
}

#[test]
fn a_writer_that_ignores_the_lock_is_caught_not_overwritten() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Shared case", &[]);
    let store = Store::open(DataDir::new(desk.dir.path())).unwrap();
    let path = desk.case_path(&id);

    // Between this reader's load and its save, the file is rewritten directly.
    let loaded = store.load(&id).unwrap();
    let external = rewritten_by_hand(&path, "Shared case", "Shared casE");
    let mut changed = loaded.case.clone();
    changed.notes.clear();
    changed.title = "the reader's change".to_string();
    changed.revision += 1;
    let error = store.save(&changed, Some(&loaded.fingerprint)).unwrap_err();
    assert!(
        matches!(
            error,
            StoreError::Conflict {
                expected: Some(1),
                found: OnDisk::Revision(1),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("reload it and redo your change"),
        "{error}"
    );
    assert_eq!(fs::read(&path).unwrap(), external);

    // The same inside a locked read-modify-write: the other writer does not take the lock.
    let before = fs::read(&path).unwrap();
    let mut external = Vec::new();
    let error = store
        .update(&id, |case| {
            external = rewritten_by_hand(&path, "Shared casE", "Shared CasE");
            case.title = "the locked change".to_string();
            Ok::<_, String>(())
        })
        .unwrap_err();
    assert_ne!(external, before);
    assert!(
        matches!(error, UpdateError::Store(StoreError::Conflict { .. })),
        "{error:?}"
    );
    assert_eq!(fs::read(&path).unwrap(), external);
    let kinds: Vec<_> = store
        .load(&id)
        .unwrap()
        .case
        .history
        .iter()
        .map(|event| event.action)
        .collect();
    assert_eq!(kinds, [EventKind::Created]);
}

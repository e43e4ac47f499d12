//! The queue index reader fuzzed inside `cargo test`, as
//! `fuzz/fuzz_targets/index_reader.rs` does for cargo-fuzz: arbitrary bytes
//! and mutations of real index lines, read as a whole file and line by line
//! behind valid checksums. No input may panic or take a second.
#![allow(clippy::unwrap_used)]

use std::cell::Cell;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use migdesk::catalog::Catalog;
use migdesk::generate::generate_case;
use migdesk::queue_index::QueueRow;
use migdesk::queue_index::reader_check::read_index_input;
use migdesk::store::{Fingerprint, LoadedCase, case_to_yaml};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const CASES: u32 = 2000;
const TIME_LIMIT: Duration = Duration::from_secs(1);

/// Index lines (without checksums) of generated cases, as the index stores them.
fn index_lines() -> Vec<String> {
    let catalog = Catalog::shipped();
    let now: DateTime<Utc> = "2026-03-10T10:00:00Z".parse().unwrap();
    (1..=12)
        .map(|number| {
            let case = generate_case(&catalog, number, 5, now).unwrap();
            let text = case_to_yaml(&case).unwrap();
            let loaded = LoadedCase {
                fingerprint: Fingerprint::of(case.revision, text.as_bytes()),
                path: format!("cases/{}.yaml", case.id).into(),
                case,
                read_only: None,
            };
            let row = QueueRow::of(
                &loaded,
                catalog.get(&loaded.case.playbook),
                now.date_naive(),
            );
            serde_json::json!({
                "file": format!("{}.yaml", row.id),
                "key": [4096, 1_700_000_000, 5, 1_700_000_000, 5, 42 + number],
                "row": row,
            })
            .to_string()
        })
        .chain(["{\"file\":\"MIG-0003.yaml\"}".to_string()])
        .collect()
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Flip(usize, u8),
    Truncate(usize),
}

fn edited(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let at = |position: usize| position % (bytes.len() + 1);
        match edit {
            Edit::Delete(position, length) => {
                let start = at(*position);
                let end = (start + length % 32).min(bytes.len());
                bytes.drain(start..end);
            }
            Edit::Insert(position, inserted) => {
                let start = at(*position);
                bytes.splice(start..start, inserted.iter().copied());
            }
            Edit::Flip(position, mask) => {
                if !bytes.is_empty() {
                    let index = position % bytes.len();
                    bytes[index] ^= mask;
                }
            }
            Edit::Truncate(position) => bytes.truncate(at(*position)),
        }
    }
    bytes
}

fn index_input() -> impl Strategy<Value = Vec<u8>> {
    let lines = index_lines();
    let fragment = proptest::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "null",
        "\"row\":",
        "\"key\":",
        "\n",
        "1e999",
        "-1",
        "\"MIG-0001.yaml\"",
        "\\u0000",
        "18446744073709551616",
    ])
    .prop_map(|text| text.as_bytes().to_vec());
    let edit = prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(p, l)| Edit::Delete(p, l)),
        (
            any::<usize>(),
            prop_oneof![fragment, proptest::collection::vec(any::<u8>(), 0..8)]
        )
            .prop_map(|(p, b)| Edit::Insert(p, b)),
        (any::<usize>(), 1..=255u8).prop_map(|(p, m)| Edit::Flip(p, m)),
        any::<usize>().prop_map(Edit::Truncate),
    ];
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..512),
        6 => (proptest::sample::subsequence(lines.clone(), 1..lines.len()), proptest::collection::vec(edit, 0..4))
            .prop_map(|(chosen, edits)| edited(chosen.join("\n").into_bytes(), &edits)),
    ]
}

#[test]
fn the_index_reader_survives_any_bytes() {
    let slowest = Cell::new(Duration::ZERO);
    let accepted = Cell::new(0);
    let started = Instant::now();
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&index_input(), |input| {
            let step = Instant::now();
            let reading = read_index_input(&input);
            let elapsed = step.elapsed();
            prop_assert!(elapsed < TIME_LIMIT, "took {elapsed:?}");
            slowest.set(slowest.get().max(elapsed));
            if reading.checksummed_entries.is_some() {
                accepted.set(accepted.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    // Unmutated seeds are valid: the run must reach the parser's accepting side.
    assert!(accepted.get() > 0, "no input was ever accepted");
    println!(
        "index reader: {CASES} inputs ({} accepted) in {:.1}s, slowest step {:?}",
        accepted.get(),
        started.elapsed().as_secs_f64(),
        slowest.get()
    );
}

#[test]
fn the_index_seeds_are_accepted_whole() {
    let lines = index_lines();
    let reading = read_index_input(lines.join("\n").as_bytes());
    // The removal line for MIG-0003 drops its row.
    assert_eq!(reading.checksummed_entries, Some(lines.len() - 2));
}

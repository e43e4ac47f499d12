//! Fuzzing inside `cargo test`: the case loader and the condition parser
//! get arbitrary text and mutations of real inputs, a bounded number of
//! times. No input may panic or take a second; a case the loader accepts
//! must also survive the engine, the audit and the text output, and write
//! back to a file that reads back the same. (`fuzz/` holds the same two
//! targets for cargo-fuzz, for longer runs.)
#![allow(clippy::unwrap_used)]

mod harness;

use std::cell::Cell;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use harness::cases::{build, open_text_playbook, recipe};
use migdesk::catalog::Catalog;
use migdesk::cli::output;
use migdesk::engine;
use migdesk::expr::{Condition, Value, ValueType, built_in_type};
use migdesk::store::{Fingerprint, LoadedCase, case_from_yaml, case_to_yaml};
use proptest::prelude::*;
use proptest::strategy::ValueTree as _;
use proptest::test_runner::{Config, TestRunner};

const CASES: u32 = 2000;
const TIME_LIMIT: Duration = Duration::from_secs(1);

/// Runs `run`, failing if it takes a second or more; keeps the longest time in `slowest`.
fn timed<T>(slowest: &Cell<Duration>, what: &str, run: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = run();
    let elapsed = started.elapsed();
    assert!(elapsed < TIME_LIMIT, "{what} took {elapsed:?}");
    slowest.set(slowest.get().max(elapsed));
    result
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    })
}

/// One edit of a text; positions wrap around its length.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, String),
    Duplicate(usize, usize),
    Truncate(usize),
    Replace(usize, char),
    /// The value after `key: ` on a line, which keeps the file's shape.
    ReplaceValue(usize, String),
}

fn boundary(text: &str, position: usize) -> usize {
    let mut position = position % (text.len() + 1);
    while !text.is_char_boundary(position) {
        position -= 1;
    }
    position
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let mut text = text.to_string();
    match mutation {
        Mutation::Delete(at, length) => {
            let start = boundary(&text, *at);
            let end = boundary(&text, start + length % 64);
            text.replace_range(start..end.max(start), "");
        }
        Mutation::Insert(at, inserted) => {
            let at = boundary(&text, *at);
            text.insert_str(at, inserted);
        }
        Mutation::Duplicate(at, length) => {
            let start = boundary(&text, *at);
            let end = boundary(&text, start + length % 256).max(start);
            let copy = text[start..end].to_string();
            text.insert_str(end, &copy);
        }
        Mutation::Truncate(at) => {
            let at = boundary(&text, *at);
            text.truncate(at);
        }
        Mutation::ReplaceValue(line, value) => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            if lines.is_empty() {
                return text;
            }
            let index = line % lines.len();
            let mut rebuilt = String::new();
            for (number, line) in lines.iter().enumerate() {
                match line.split_once(": ") {
                    Some((key, _)) if number == index => {
                        rebuilt.push_str(key);
                        rebuilt.push_str(": ");
                        rebuilt.push_str(value);
                        rebuilt.push('\n');
                    }
                    _ => rebuilt.push_str(line),
                }
            }
            return rebuilt;
        }
        Mutation::Replace(at, character) => {
            let start = boundary(&text, *at);
            if let Some(old) = text[start..].chars().next() {
                text.replace_range(start..start + old.len_utf8(), &character.to_string());
            }
        }
    }
    text
}

fn mutations(fragments: &'static [&'static str]) -> impl Strategy<Value = Vec<Mutation>> {
    let inserted = prop_oneof![
        3 => proptest::sample::select(fragments).prop_map(str::to_string),
        1 => any::<String>(),
    ];
    let value = prop_oneof![
        proptest::sample::select(fragments).prop_map(str::to_string),
        proptest::sample::select(VALUES).prop_map(str::to_string),
        "[a-zA-Z0-9 .:-]{0,12}",
    ];
    let mutation = prop_oneof![
        4 => (any::<usize>(), value).prop_map(|(line, value)| Mutation::ReplaceValue(line, value)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(at, length)| Mutation::Delete(at, length)),
        1 => (any::<usize>(), inserted).prop_map(|(at, text)| Mutation::Insert(at, text)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(at, length)| Mutation::Duplicate(at, length)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => (any::<usize>(), any::<char>()).prop_map(|(at, c)| Mutation::Replace(at, c)),
    ];
    proptest::collection::vec(mutation, 1..5)
}

/// Values of every type a case file field could be given by hand.
const VALUES: &[&str] = &[
    "0",
    "-1",
    "4294967296",
    "18446744073709551615",
    "1.5",
    ".inf",
    "-.inf",
    ".nan",
    "true",
    "no",
    "null",
    "~",
    "''",
    "\"\"",
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "2026-02-29",
    "2026-02-28T24:00:00Z",
    "2026-01-05T09:00:00+14:00",
    "9999-12-31T23:59:59Z",
    "done",
    "skipped",
    "todo",
    "approved",
    "rejected",
    "on_hold",
    "cancelled",
    "created",
    "check",
    "review",
    "MIG-0001",
    "MIG-0002",
    "open-text",
    "call",
    "approve",
    "\"\\u001b[2J\"",
];

// --- The case loader ---------------------------------------------------------

const YAML_FRAGMENTS: &[&str] = &[
    "&a ",
    "*a",
    "<<: *a\n",
    "[",
    "]",
    "{",
    "}",
    "---\n",
    "...\n",
    "\n  - ",
    "\n- ",
    ": ",
    ", ",
    "'",
    "\"",
    "\\",
    "#",
    "|-\n",
    ">\n",
    "? ",
    "!!binary ",
    "!!str ",
    "!!int ",
    "!custom ",
    "%TAG ! tag:x,2000:\n",
    "%YAML 1.1\n",
    "\t",
    "\u{feff}",
    "\r\n",
    "~",
    "null",
    "yes",
    ".nan",
    "1e9999",
    "-9223372036854775809",
    "18446744073709551616",
    "0x",
    "2026-13-45T25:61:00Z",
    "schema: 9\n",
    "id: MIG-0002\n",
    "state: done\n",
    "action: review\n",
    "facts: ",
    "steps:\n  x:\n    state: done\n",
    "history: []\n",
    "\u{0}",
    "\u{1b}[2J",
    "\u{85}",
    "\u{2028}",
];

/// Real case files: ones migdesk wrote for generated cases, and a hand-edited one.
fn case_seeds() -> Vec<String> {
    let playbook = open_text_playbook();
    let mut runner = TestRunner::deterministic();
    let mut seeds: Vec<String> = (0..16)
        .map(|_| {
            let recipe = recipe().new_tree(&mut runner).unwrap().current();
            case_to_yaml(&build(&playbook, "MIG-0001", &recipe)).unwrap()
        })
        .collect();
    seeds.push(
        "# by hand\nid: MIG-0001\nschema: 1\ntitle: \"T\"\nplaybook: 'open-text'\n\
         playbook_version: 1\nassignee: ana\ncreated: 2026-01-05T09:00:00Z\nrevision: 2\n\
         facts:\n  seats: 4\n  vip: true\n  remark: |\n    two\n    lines\n\
         steps: {call: {state: done, by: ana}}\nnotes: [{at: 2026-01-05T09:00:00Z, by: ana, text: hi}]\n\
         history:\n  - {seq: 1, at: 2026-01-05T09:00:00Z, by: ana, action: created}\n"
            .to_string(),
    );
    seeds
}

fn case_text() -> impl Strategy<Value = String> {
    let seeds = case_seeds();
    prop_oneof![
        1 => any::<String>(),
        1 => proptest::collection::vec(proptest::sample::select(YAML_FRAGMENTS), 0..64)
            .prop_map(|pieces| pieces.concat()),
        6 => (proptest::sample::select(seeds), mutations(YAML_FRAGMENTS))
            .prop_map(|(seed, edits)| edits.iter().fold(seed, |text, edit| apply(&text, edit))),
    ]
}

#[test]
fn the_case_loader_survives_any_text() {
    let path = Path::new("cases/MIG-0001.yaml");
    let playbook = open_text_playbook();
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let slowest = Cell::new(Duration::ZERO);
    let loaded_count = Cell::new(0);
    let started = Instant::now();
    runner()
        .run(&case_text(), |text| {
            let Ok(case) = timed(&slowest, "case_from_yaml", || case_from_yaml(path, &text)) else {
                return Ok(());
            };
            loaded_count.set(loaded_count.get() + 1);
            // Whatever loads must survive everything that reads a case…
            let evaluation = timed(&slowest, "evaluate", || {
                engine::evaluate(&playbook, &case, today)
            });
            timed(&slowest, "audit", || engine::audit(&playbook, &case));
            let loaded = LoadedCase {
                case: case.clone(),
                path: path.to_path_buf(),
                fingerprint: Fingerprint::of(case.revision, text.as_bytes()),
                read_only: None,
            };
            timed(&slowest, "show", || {
                output::case_text(&loaded, &playbook, &evaluation)
            });
            // …and write back, unless the store would refuse to write it, to a
            // file that reads back to the same text.
            if let Ok(written) = case_to_yaml(&case) {
                let reread = case_from_yaml(path, &written);
                prop_assert!(reread.is_ok(), "{:?}\n{}", reread, written);
                prop_assert_eq!(case_to_yaml(&reread.unwrap()).unwrap(), written);
            }
            Ok(())
        })
        .unwrap();
    println!(
        "case loader: {CASES} inputs ({} loaded) in {:.1}s, slowest step {:?}",
        loaded_count.get(),
        started.elapsed().as_secs_f64(),
        slowest.get()
    );
}

#[test]
fn the_case_loader_seeds_load() {
    // Mutations start from valid files, so most of them get deep into the loader.
    for seed in case_seeds() {
        case_from_yaml(Path::new("cases/MIG-0001.yaml"), &seed).unwrap();
    }
}

// --- The condition parser ------------------------------------------------------

const CONDITION_FRAGMENTS: &[&str] = &[
    "not ",
    " and ",
    " or ",
    "(",
    ")",
    "((((((((",
    "))))))))",
    "known(",
    "month_end(",
    "business_window(",
    "weekday(",
    "day_of_month(",
    ", ",
    "'",
    "\"",
    "==",
    "!=",
    "<=",
    ">=",
    "<",
    ">",
    "=",
    "!",
    "today",
    "due",
    "created",
    "'2026-02-30'",
    "'2026-01-05 25:00'",
    "1e309",
    "-0",
    "0.0000001",
    "99999999999999999999",
    "true",
    "false",
    "'é'",
    "\u{0}",
    "\u{202e}",
];

/// Every condition the shipped playbooks use: rules, `when` clauses and timing.
fn shipped_conditions() -> Vec<String> {
    let mut conditions = Vec::new();
    for entry in Catalog::shipped().entries() {
        let definition = entry.playbook.definition();
        conditions.extend(definition.rules.iter().map(|rule| rule.condition.clone()));
        conditions.extend(definition.steps().filter_map(|(_, step)| step.when.clone()));
        if let Some(timing) = &definition.timing {
            conditions.extend(timing.extra.iter().map(|extra| extra.condition.clone()));
        }
    }
    conditions
}

fn condition_text() -> impl Strategy<Value = String> {
    let seeds = shipped_conditions();
    prop_oneof![
        1 => any::<String>(),
        1 => proptest::collection::vec(proptest::sample::select(CONDITION_FRAGMENTS), 0..128)
            .prop_map(|pieces| pieces.concat()),
        4 => (proptest::sample::select(seeds), mutations(CONDITION_FRAGMENTS))
            .prop_map(|(seed, edits)| edits.iter().fold(seed, |text, edit| apply(&text, edit))),
    ]
}

/// Types for any name, decided by its first letter, so that most names are known.
fn any_type(name: &str) -> Option<ValueType> {
    built_in_type(name).or(match name.bytes().next()? % 6 {
        0 => Some(ValueType::Bool),
        1 => Some(ValueType::Number),
        2 => Some(ValueType::Text),
        3 => Some(ValueType::Date),
        4 => Some(ValueType::DateTime),
        _ => None,
    })
}

fn value_of(value_type: ValueType) -> Value {
    let date = NaiveDate::from_ymd_opt(2026, 1, 30).unwrap();
    match value_type {
        ValueType::Bool => Value::Bool(true),
        ValueType::Number => Value::Number(3.5),
        ValueType::Text => Value::Text("SaaS".to_string()),
        ValueType::Date => Value::Date(date),
        ValueType::DateTime => Value::DateTime(date.and_hms_opt(10, 30, 0).unwrap()),
    }
}

#[test]
fn the_condition_parser_survives_any_text() {
    let slowest = Cell::new(Duration::ZERO);
    let parsed_count = Cell::new(0);
    let started = Instant::now();
    runner()
        .run(&condition_text(), |source| {
            let Ok(condition) = timed(&slowest, "parse", || Condition::parse(&source)) else {
                return Ok(());
            };
            parsed_count.set(parsed_count.get() + 1);
            let checked = timed(&slowest, "check", || condition.check(&any_type));
            // Evaluated with every name unknown, then with every name known.
            let unknown = HashMap::<String, Value>::new();
            let known: HashMap<String, Value> = condition
                .names()
                .into_iter()
                .filter_map(|name| Some((name.to_string(), value_of(any_type(name)?))))
                .collect();
            let with_nothing = timed(&slowest, "evaluate", || condition.evaluate(&unknown));
            let with_all = timed(&slowest, "evaluate", || condition.evaluate(&known));
            if checked.is_ok()
                && let Ok(negated) = Condition::parse(&format!("not ({source})"))
            {
                // Negation is exact in three-valued logic, for any well-typed condition.
                prop_assert_eq!(negated.evaluate(&unknown), with_nothing.not());
                prop_assert_eq!(negated.evaluate(&known), with_all.not());
            }
            Ok(())
        })
        .unwrap();
    println!(
        "condition parser: {CASES} inputs ({} parsed) in {:.1}s, slowest step {:?}",
        parsed_count.get(),
        started.elapsed().as_secs_f64(),
        slowest.get()
    );
}

#[test]
fn the_condition_seeds_parse_and_check() {
    let seeds = shipped_conditions();
    assert!(seeds.len() >= 20, "{}", seeds.len());
    for seed in seeds {
        Condition::parse(&seed).unwrap();
    }
}

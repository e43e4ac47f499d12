//! Case files as text: round trips, quoting, and every way a hand-edited
//! file can be wrong.
#![allow(clippy::unwrap_used)]

mod harness;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{NaiveDate, TimeZone, Utc};
use migdesk::model::case::CASE_SCHEMA;
use migdesk::model::{
    Case, CaseStatus, Event, EventKind, FactValue, Note, Review, StepRecord, StepState, Verdict,
};
use migdesk::store::{CaseFileErrorKind, case_from_yaml, case_to_yaml};
use proptest::prelude::*;

use harness::cases::{NOT_STRINGS, ambiguous};

fn sample_case(id: &str) -> Case {
    let at = Utc.with_ymd_and_hms(2025, 3, 4, 9, 30, 0).unwrap();
    let facts = BTreeMap::from([
        ("has_debts".to_string(), FactValue::Bool(true)),
        ("employees".to_string(), FactValue::Integer(12)),
        ("ratio".to_string(), FactValue::Float(0.25)),
        ("answer".to_string(), FactValue::Text("NO".to_string())),
    ]);
    let steps = BTreeMap::from([(
        "collect-docs".to_string(),
        StepRecord {
            state: StepState::Done,
            by: Some("ana".to_string()),
            at: Some(at),
            note: Some("line one\nline two\n".to_string()),
            skip_reason: None,
            acknowledged: None,
            review: Some(Review {
                verdict: Verdict::Approved,
                by: "bo".to_string(),
                at,
                reason: "ok: looks right".to_string(),
            }),
        },
    )]);
    let mut created = Event::new(1, at, "ana", EventKind::Created);
    created.text = Some("from the welcome screen".to_string());
    Case {
        schema: CASE_SCHEMA,
        id: id.to_string(),
        playbook: "payroll-migration".to_string(),
        playbook_version: 3,
        title: "Acme: move payroll # first".to_string(),
        assignee: "ana".to_string(),
        created: at.into(),
        due: NaiveDate::from_ymd_opt(2025, 4, 1),
        due_override: None,
        status: CaseStatus::OnHold,
        demo: false,
        revision: 1,
        facts,
        steps,
        notes: vec![Note {
            at,
            by: "ana".to_string(),
            text: "Called the customer.\nThey said yes.".to_string(),
        }],
        history: vec![created],
        merge_notices: Vec::new(),
    }
}

fn path_of(id: &str) -> std::path::PathBuf {
    Path::new("cases").join(format!("{id}.yaml"))
}

#[test]
fn a_case_survives_a_round_trip_both_ways() {
    let case = sample_case("MIG-0001");
    let text = case_to_yaml(&case).unwrap();
    let parsed = case_from_yaml(&path_of("MIG-0001"), &text).unwrap();
    assert_eq!(parsed, case);
    assert_eq!(case_to_yaml(&parsed).unwrap(), text);
    assert!(text.starts_with("schema: 1\nid: MIG-0001\n"), "{text}");
    assert!(
        text.contains("  text: |-\n    Called the customer.\n    They said yes.\n"),
        "{text}"
    );
}

#[test]
fn an_empty_case_round_trips() {
    let mut case = sample_case("MIG-0002");
    case.facts.clear();
    case.steps.clear();
    case.notes.clear();
    case.history.clear();
    case.due = None;
    let text = case_to_yaml(&case).unwrap();
    assert!(
        text.contains("facts: {}\n") && text.contains("notes: []\n"),
        "{text}"
    );
    assert_eq!(case_from_yaml(&path_of("MIG-0002"), &text).unwrap(), case);
}

#[test]
fn strings_a_yaml_reader_could_take_for_something_else_are_quoted() {
    for text in NOT_STRINGS {
        let mut case = sample_case("MIG-0001");
        case.title = text.to_string();
        case.facts
            .insert(text.to_string(), FactValue::Text(text.to_string()));
        let yaml = case_to_yaml(&case).unwrap();
        let quoted = format!("'{text}'");
        assert!(
            yaml.contains(&format!("\ntitle: {quoted}\n")),
            "title {text:?} not quoted:\n{yaml}"
        );
        assert!(
            yaml.contains(&format!("\n  {quoted}: {quoted}\n")),
            "fact {text:?} not quoted:\n{yaml}"
        );
        let parsed = case_from_yaml(&path_of("MIG-0001"), &yaml).unwrap();
        assert_eq!(
            parsed.facts.get(*text),
            Some(&FactValue::Text(text.to_string()))
        );
        assert_eq!(parsed, case);
    }
}

#[test]
fn ordinary_strings_stay_plain() {
    for text in ["Acme", "payroll-migration", "ana", "two words", "1st floor"] {
        let mut case = sample_case("MIG-0001");
        case.title = text.to_string();
        assert!(
            case_to_yaml(&case)
                .unwrap()
                .contains(&format!("\ntitle: {text}\n")),
            "{text}"
        );
    }
}

#[test]
fn numbers_and_booleans_keep_their_type() {
    let mut case = sample_case("MIG-0001");
    let values = [
        FactValue::Bool(false),
        FactValue::Integer(-7),
        FactValue::Integer(i64::MAX),
        FactValue::Float(1.0),
        FactValue::Float(1e300),
        FactValue::Float(-2.5e-7),
        FactValue::Float(f64::INFINITY),
    ];
    for (index, value) in values.iter().enumerate() {
        case.facts.insert(format!("fact_{index}"), value.clone());
    }
    let yaml = case_to_yaml(&case).unwrap();
    assert!(
        yaml.contains("fact_3: 1.0\n") && yaml.contains("fact_4: 1.0e+300\n"),
        "{yaml}"
    );
    assert_eq!(case_from_yaml(&path_of("MIG-0001"), &yaml).unwrap(), case);
}

fn error_for(text: &str) -> migdesk::store::CaseFileError {
    case_from_yaml(&path_of("MIG-0003"), text).unwrap_err()
}

fn good_text() -> String {
    case_to_yaml(&sample_case("MIG-0003")).unwrap()
}

#[test]
fn an_unknown_key_is_refused_naming_the_key_and_its_place() {
    let text = good_text().replacen("title:", "dne: 1\ntitle:", 1);
    let line = text.lines().position(|line| line == "dne: 1").unwrap() + 1;
    let error = error_for(&text);
    assert_eq!(error.kind, CaseFileErrorKind::Invalid);
    assert_eq!((error.line, error.column), (Some(line), Some(1)));
    assert!(
        error
            .message
            .starts_with("unknown field `dne`, expected one of"),
        "{}",
        error.message
    );
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!(
            "cases/MIG-0003.yaml:{line}:1: unknown field `dne`"
        )),
        "{shown}"
    );
    assert!(shown.ends_with("— fix the file by hand or restore it from a backup; migdesk will not write to it until it parses"), "{shown}");
}

#[test]
fn a_duplicate_key_is_refused_at_its_second_occurrence() {
    let text = good_text().replacen("assignee: ana\n", "assignee: ana\nassignee: bo\n", 1);
    let line = text
        .lines()
        .position(|line| line == "assignee: bo")
        .unwrap()
        + 1;
    let error = error_for(&text);
    assert!(
        error.message.contains("duplicate") && error.message.contains("assignee"),
        "{}",
        error.message
    );
    assert_eq!(error.line, Some(line));

    let text = good_text().replacen("  employees: 12\n", "  employees: 12\n  employees: 13\n", 1);
    let line = text
        .lines()
        .position(|line| line == "  employees: 13")
        .unwrap()
        + 1;
    let error = error_for(&text);
    assert!(
        error
            .message
            .contains("duplicate entry with key \"employees\""),
        "{}",
        error.message
    );
    assert_eq!((error.line, error.column), (Some(line), Some(3)));
}

#[test]
fn a_value_of_the_wrong_type_is_refused_with_its_position() {
    let text = good_text().replacen("state: done", "state: yes", 1);
    let line = text
        .lines()
        .position(|line| line.trim() == "state: yes")
        .unwrap()
        + 1;
    let error = error_for(&text);
    assert_eq!(error.kind, CaseFileErrorKind::Invalid);
    assert!(error.message.contains("yes"), "{}", error.message);
    assert_eq!(error.line, Some(line));

    let error = error_for(&good_text().replacen("revision: 1", "revision: lots", 1));
    assert!(error.message.contains("revision"), "{}", error.message);
}

#[test]
fn two_documents_in_one_file_are_refused() {
    let text = format!("{}---\n{}", good_text(), good_text());
    let error = error_for(&text);
    assert_eq!(error.kind, CaseFileErrorKind::MultipleDocuments);
    assert_eq!(error.line, Some(good_text().lines().count() + 1));
    assert!(error.to_string().contains("more than one YAML document"));
}

#[test]
fn a_truncated_file_is_refused_with_a_position() {
    let text = good_text();
    let cut = &text[..text.find("reason: 'ok").unwrap() + "reason: 'o".len()];
    let error = error_for(cut);
    assert_eq!(error.kind, CaseFileErrorKind::Invalid);
    assert!(error.line.is_some() && error.column.is_some(), "{error}");
    let empty = error_for("");
    assert!(empty.message.contains("holds nothing"), "{empty}");
}

#[test]
fn an_alias_bomb_is_refused_quickly() {
    let mut text =
        String::from("schema: 1\nid: MIG-0003\nfacts:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        text.push_str(&format!(
            "  a{level}: &a{level} [{}]\n",
            vec![previous; 10].join(", ")
        ));
    }
    let started = std::time::Instant::now();
    let error = error_for(&text);
    assert!(error.message.contains("repetition limit"), "{error}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused_without_overflowing() {
    for nested in [
        "[".repeat(10_000),
        "{a: ".repeat(10_000),
        "- ".repeat(10_000) + "x",
    ] {
        let text = format!("schema: 1\nid: MIG-0003\nfacts: {nested}\n");
        let error = error_for(&text);
        // Refused by the nesting scan before the YAML parser sees it, or
        // (`- - -` after a key is not YAML) by the parser at once.
        assert!(
            matches!(
                error.kind,
                CaseFileErrorKind::Structure | CaseFileErrorKind::Invalid
            ),
            "{error}"
        );
        assert_eq!(error.line, Some(3), "{error}");
    }
}

#[test]
fn a_newer_schema_that_does_not_parse_says_to_upgrade() {
    let text = good_text().replacen("schema: 1", "schema: 2", 1).replacen(
        "title:",
        "labels: [vip]\ntitle:",
        1,
    );
    let error = error_for(&text);
    assert_eq!(error.kind, CaseFileErrorKind::NewerSchema);
    assert!(error.to_string().contains("upgrade migdesk"), "{error}");
    assert!(error.message.contains("labels"), "{error}");
    let readable = good_text().replacen("schema: 1", "schema: 2", 1);
    assert_eq!(
        case_from_yaml(&path_of("MIG-0003"), &readable)
            .unwrap()
            .schema,
        2
    );
}

#[test]
fn the_id_inside_must_match_the_file_name() {
    let error = case_from_yaml(&path_of("MIG-0004"), &good_text()).unwrap_err();
    assert_eq!(error.kind, CaseFileErrorKind::IdMismatch);
    assert_eq!(error.line, Some(2));
    assert!(
        error.message.contains("MIG-0003") && error.message.contains("MIG-0004"),
        "{error}"
    );
    for name in ["mig-0003", "MIG-03", "notes"] {
        let error = case_from_yaml(&path_of(name), &good_text()).unwrap_err();
        assert_eq!(error.kind, CaseFileErrorKind::NotACaseFileName, "{name}");
    }
}

fn tricky_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ a-zA-Z0-9:#'\"\\\\.~!&*|>%@`,{}\\[\\]\\-\n\t\r]{0,24}",
        proptest::sample::select(ambiguous()).prop_map(str::to_string),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_round_trips(title in tricky_text(), note in tricky_text(), key in tricky_text(), value in tricky_text()) {
        let mut case = sample_case("MIG-0001");
        case.title = title;
        case.notes[0].text = note;
        case.facts.insert(key, FactValue::Text(value));
        let yaml = case_to_yaml(&case).unwrap();
        let parsed = case_from_yaml(&path_of("MIG-0001"), &yaml);
        prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed, yaml);
        let parsed = parsed.unwrap();
        prop_assert_eq!(&parsed, &case, "{}", yaml);
        prop_assert_eq!(case_to_yaml(&parsed).unwrap(), yaml);
    }
}

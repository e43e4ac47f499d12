//! Public holidays in due dates: a playbook's `calendar:` through the engine,
//! the real binary and the shipped playbooks.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use chrono::{DateTime, NaiveDate, Utc};
use migdesk::calendar::Calendar;
use migdesk::catalog::{Catalog, ValidPlaybook, parse_playbook};
use migdesk::engine::{Actor, evaluate, new_case};
use serde_json::Value;

/// A three-business-day playbook, with `calendar_line` inserted at the top level.
fn three_day_playbook(calendar_line: &str) -> String {
    format!(
        "id: three-days\nversion: 1\ntitle: \"Three days\"\nlanguage: fr\n{calendar_line}\n\
         phases:\n  - id: only\n    title: \"Only\"\n    steps:\n      - id: one\n        title: \"One\"\n\
         timing:\n  due_business_days: 3\n"
    )
}

fn playbook(calendar_line: &str) -> ValidPlaybook {
    parse_playbook("three-days.yaml", &three_day_playbook(calendar_line)).unwrap()
}

/// Wednesday 23 December 2026, 10:00 in Paris.
fn december_23() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-23T10:00:00+01:00")
        .unwrap()
        .with_timezone(&Utc)
}

fn due_on(playbook: &ValidPlaybook) -> Option<NaiveDate> {
    let actor = Actor::new("alice", december_23());
    let case = new_case(playbook, "MIG-0001", "Acme", "alice", Vec::new(), &actor).unwrap();
    evaluate(playbook, &case, december_23().date_naive()).due
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn a_french_case_opened_on_23_december_is_due_after_christmas() {
    assert_eq!(due_on(&playbook("calendar: FR")), Some(date("2026-12-29")));
}

#[test]
fn without_a_calendar_only_weekends_are_skipped() {
    assert_eq!(due_on(&playbook("")), Some(date("2026-12-28")));
}

#[test]
fn an_unknown_calendar_is_refused_naming_the_file_field_and_accepted_values() {
    let errors =
        parse_playbook("three-days.yaml", &three_day_playbook("calendar: fr")).unwrap_err();
    let message = errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(message.contains("three-days.yaml"), "{message}");
    assert!(
        message.contains("calendar: `fr` is not a holiday calendar"),
        "{message}"
    );
    assert!(message.contains("`FR`, `CH`, `US`"), "{message}");
    // Correcting the value is accepted.
    assert!(parse_playbook("three-days.yaml", &three_day_playbook("calendar: CH")).is_ok());
}

#[test]
fn each_shipped_playbook_names_the_calendar_its_company_works_on() {
    let catalog = Catalog::shipped();
    assert!(catalog.problems().is_empty(), "{:?}", catalog.problems());
    let expected = [
        ("saas-pro-to-connect", Calendar::France),
        ("undo-migration", Calendar::France),
        ("saas-to-local-install", Calendar::UnitedStates),
        ("saas-to-virtual-office", Calendar::UnitedStates),
        ("offering-migration-support", Calendar::UnitedStates),
        ("subscription-allocation", Calendar::France),
        ("onprem-to-saas", Calendar::Switzerland),
    ];
    for (id, calendar) in expected {
        let playbook = catalog.get(id).unwrap();
        assert_eq!(playbook.calendar(), calendar, "{id}");
    }
}

fn migdesk(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_migdesk"))
        .env_remove("MIGDESK_LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .args(args)
        .env("MIGDESK_DATA_DIR", data)
        .env("MIGDESK_USER", "alice")
        .env("MIGDESK_NOW", "2026-12-23T10:00:00+01:00")
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn ok(data: &Path, args: &[&str]) -> String {
    let output = migdesk(data, args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn due_through_the_cli(data: &Path, playbook: &str, facts: &[&str]) -> Value {
    let mut args = vec!["new", playbook, "--title", "Acme"];
    for fact in facts {
        args.extend(["--set", fact]);
    }
    let id = ok(data, &args).trim().to_string();
    let show: Value = serde_json::from_str(&ok(data, &["show", &id, "--json"])).unwrap();
    show["due"].clone()
}

#[test]
fn the_cli_gives_a_french_case_opened_on_23_december_the_29th() {
    let data = tempfile::tempdir().unwrap();
    let playbooks = data.path().join("playbooks");
    fs::create_dir_all(&playbooks).unwrap();
    fs::write(
        playbooks.join("three-days.yaml"),
        three_day_playbook("calendar: FR"),
    )
    .unwrap();
    fs::write(
        playbooks.join("three-days-weekends.yaml"),
        three_day_playbook("").replace("id: three-days", "id: three-days-weekends"),
    )
    .unwrap();
    assert_eq!(
        due_through_the_cli(data.path(), "three-days", &[]),
        "2026-12-29"
    );
    assert_eq!(
        due_through_the_cli(data.path(), "three-days-weekends", &[]),
        "2026-12-28"
    );
}

#[test]
fn the_cli_refuses_a_playbook_with_an_unknown_calendar() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("three-days.yaml");
    fs::write(&file, three_day_playbook("calendar: DE")).unwrap();
    let output = migdesk(data.path(), &["validate", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("three-days.yaml"), "{stderr}");
    assert!(stderr.contains("calendar: `DE`"), "{stderr}");
    assert!(stderr.contains("`FR`, `CH`, `US`"), "{stderr}");
}

#[test]
fn a_shipped_us_playbook_skips_christmas_day_through_the_cli() {
    let data = tempfile::tempdir().unwrap();
    // saas-to-local-install: 3 business days, US federal holidays.
    assert_eq!(
        due_through_the_cli(data.path(), "saas-to-local-install", &[]),
        "2026-12-29"
    );
}

#[test]
fn month_end_in_a_condition_skips_the_playbooks_holidays() {
    // Thursday 24 December 2026: in France only 28-31 December follow it in
    // the month (25 December is a holiday), so it is among the last five
    // business days; without a calendar 25 December counts and it is not.
    let rule = "rules:\n  - id: month_end\n    kind: warning\n    if: \"month_end(created, 5)\"\n    message: \"Month end.\"\n";
    let christmas_eve = DateTime::parse_from_rfc3339("2026-12-24T10:00:00+01:00")
        .unwrap()
        .with_timezone(&Utc);
    let warned = |calendar_line: &str| {
        let text = format!("{}{rule}", three_day_playbook(calendar_line));
        let playbook = parse_playbook("month-end.yaml", &text).unwrap();
        let actor = Actor::new("alice", christmas_eve);
        let case = new_case(&playbook, "MIG-0001", "Acme", "alice", Vec::new(), &actor).unwrap();
        let evaluation = evaluate(&playbook, &case, christmas_eve.date_naive());
        evaluation
            .warnings
            .iter()
            .any(|warning| warning.id == "month_end")
    };
    assert!(warned("calendar: FR"));
    assert!(!warned(""));
}

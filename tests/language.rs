//! The interface language from the command line's side: `--lang`, the
//! variable, the config file and the locale choose it; human output,
//! refusals and the Markdown report follow it; JSON, exit codes and files
//! do not.
#![allow(clippy::unwrap_used)]

mod harness;

use std::fs;
use std::process::Output;

use harness::{Desk, stderr, stdout};

/// Facts under which the tiny playbook's case has no blocker.
const ELIGIBLE: &[&str] = &[
    "has_debts=no",
    "old_vat=FR12345678901",
    "new_vat=FR12345678901",
];

fn run_with(desk: &Desk, variables: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = desk.command_as("alice", args);
    for (name, value) in variables {
        command.env(name, value);
    }
    command.output().unwrap()
}

#[test]
fn show_speaks_french_with_the_flag_and_english_without() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-eligibility", "Acme", ELIGIBLE);
    let french = stdout(&run_with(&desk, &[], &["--lang", "fr", "show", &id]));
    for text in [
        "procédure",
        "statut",
        "FAITS",
        "HISTORIQUE",
        "non",
        "inconnu",
    ] {
        assert!(french.contains(text), "{text} in:\n{french}");
    }
    assert!(french.contains("a ouvert le dossier"), "{french}");
    // The playbook's own words stay as it wrote them.
    assert!(french.contains("Does the partner have debts?"), "{french}");
    let english = stdout(&run_with(&desk, &[], &["show", &id]));
    for text in ["playbook", "status", "FACTS", "HISTORY", "opened the case"] {
        assert!(english.contains(text), "{text} in:\n{english}");
    }
    assert!(!english.contains("procédure"), "{english}");
}

#[test]
fn the_locale_chooses_when_nothing_else_does_and_lc_all_comes_first() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-eligibility", "Acme", ELIGIBLE);
    let shown = |variables: &[(&str, &str)], args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["show", id.as_str()]);
        stdout(&run_with(&desk, variables, &all))
    };
    assert!(shown(&[("LANG", "fr_FR.UTF-8")], &[]).contains("HISTORIQUE"));
    assert!(shown(&[("LANG", "fr_CH")], &[]).contains("HISTORIQUE"));
    assert!(shown(&[("LANG", "fr")], &[]).contains("HISTORIQUE"));
    assert!(shown(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")], &[]).contains("HISTORY"));
    assert!(shown(&[("LANG", "POSIX")], &[]).contains("HISTORY"));
    assert!(shown(&[("LANG", "C"), ("MIGDESK_LANGUAGE", "fr")], &[]).contains("HISTORIQUE"));
    // The flag beats the variable, which beats the locale.
    assert!(shown(&[("MIGDESK_LANGUAGE", "fr")], &["--lang", "en"]).contains("HISTORY"));
}

#[test]
fn the_config_file_language_beats_the_locale() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-eligibility", "Acme", ELIGIBLE);
    let config = desk.dir.path().join("config.toml");
    fs::write(&config, "language = \"fr\"\n").unwrap();
    let config = config.to_str().unwrap();
    let french = stdout(&run_with(
        &desk,
        &[("MIGDESK_CONFIG", config)],
        &["show", &id],
    ));
    assert!(french.contains("HISTORIQUE"), "{french}");
    let shown = stdout(&run_with(
        &desk,
        &[("MIGDESK_CONFIG", config)],
        &["config", "show"],
    ));
    assert!(
        shown.contains("language = \"fr\"  # config file"),
        "{shown}"
    );
    let from_locale = stdout(&run_with(
        &desk,
        &[("LANG", "fr_FR.UTF-8")],
        &["config", "show"],
    ));
    assert!(
        from_locale.contains("language = \"fr\"  # locale"),
        "{from_locale}"
    );
}

#[test]
fn a_refusal_reads_in_french_with_the_same_rule_and_exit_code() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-eligibility", "Acme", ELIGIBLE);
    let french = run_with(&desk, &[], &["--lang", "fr", "check", &id, "cut_billing"]);
    let english = run_with(&desk, &[], &["check", &id, "cut_billing"]);
    assert_eq!(french.status.code(), Some(3));
    assert_eq!(english.status.code(), Some(3));
    let french = stderr(&french);
    let english = stderr(&english);
    assert!(french.starts_with("migdesk: refusé par "), "{french}");
    assert!(english.starts_with("migdesk: refused by "), "{english}");
    // The rule's name is an identifier: the same in both.
    let rule = |text: &str| {
        let word = text.split_whitespace().nth(3).unwrap_or_default();
        word.trim_end_matches(':').to_string()
    };
    assert_eq!(rule(&french), rule(&english), "{french}\n{english}");
    assert!(french.contains("\u{A0}:"), "French typography: {french}");
}

#[test]
fn json_is_the_same_in_every_language() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-eligibility", "Acme", &["has_debts=yes"]);
    for args in [
        vec!["show", id.as_str(), "--json"],
        vec!["list", "--json"],
        vec!["export", id.as_str(), "--format", "json"],
    ] {
        let mut french_args = vec!["--lang", "fr"];
        french_args.extend(&args);
        let french = run_with(&desk, &[], &french_args);
        let english = run_with(&desk, &[], &args);
        assert_eq!(stdout(&french), stdout(&english), "{args:?}");
        assert_eq!(french.status.code(), english.status.code(), "{args:?}");
    }
}

#[test]
fn the_markdown_report_has_french_headings() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-eligibility", "Acme", &["has_debts=yes"]);
    desk.ok(&["note", &id, "called the partner"]);
    let report = stdout(&run_with(&desk, &[], &["--lang", "fr", "export", &id]));
    for text in [
        "- Procédure\u{A0}: tiny-eligibility",
        "## Blocages",
        "## Faits",
        "| fait | valeur |",
        "## Notes",
        "## Historique",
        "| oui |",
    ] {
        assert!(report.contains(text), "{text} in:\n{report}");
    }
    let english = stdout(&run_with(&desk, &[], &["export", &id]));
    assert!(
        english.contains("## Blockers") && english.contains("| yes |"),
        "{english}"
    );
}

#[test]
fn list_headers_and_statuses_follow_the_language() {
    let desk = Desk::new();
    desk.new_case("tiny-eligibility", "Acme", &["has_debts=yes"]);
    let french = stdout(&run_with(&desk, &[], &["--lang", "fr", "list"]));
    assert!(french.starts_with("DOSSIER"), "{french}");
    assert!(french.contains("bloqué"), "{french}");
    let english = stdout(&run_with(&desk, &[], &["list"]));
    assert!(english.starts_with("CASE"), "{english}");
    assert!(english.contains("blocked"), "{english}");
}

/// No isolation mark (U+2068, U+2069) nor any other control or format
/// character reaches the terminal, whatever the language.
#[test]
fn no_output_carries_control_or_format_characters() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-eligibility", "Acme", &["has_debts=yes"]);
    for language in ["en", "fr"] {
        for args in [
            vec!["show", id.as_str()],
            vec!["list"],
            vec!["export", id.as_str()],
            vec!["check", id.as_str(), "cut_billing"],
            vec!["set", id.as_str(), "old_vat=nope"],
        ] {
            let mut all = vec!["--lang", language];
            all.extend(&args);
            let output = run_with(&desk, &[], &all);
            for text in [stdout(&output), stderr(&output)] {
                let bad = text.chars().find(|character| {
                    (character.is_control() && *character != '\n')
                        || matches!(
                            *character,
                            '\u{2068}' | '\u{2069}' | '\u{200B}'..='\u{200F}'
                        )
                });
                assert!(bad.is_none(), "{language} {args:?}: {bad:?} in {text:?}");
            }
        }
    }
}

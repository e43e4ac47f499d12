//! No hostile text reaches the terminal: whatever a case or a playbook
//! holds, the human output of `show`, `list`, `playbooks`, the line a
//! change prints, and `export --format md` shown on a terminal contain no
//! control character but `\n`, and no bidi or invisible format character.
//! Checked on the output functions for hundreds of generated cases, and on
//! the real binary for a few.
#![allow(clippy::unwrap_used)]

mod harness;

use std::fs;
use std::process::Command;

use chrono::{TimeZone, Utc};
use harness::cases::{build, hostile_playbook, hostile_text, recipe};
use harness::terminal::first_unsafe;
use harness::{BINARY, Desk, stderr, stdout};
use migdesk::catalog::Catalog;
use migdesk::cli::output;
use migdesk::engine;
use migdesk::model::{FactValue, Note, Review, StepRecord, StepState, Verdict};
use migdesk::queue_index::QueueRow;
use migdesk::sanitize::for_terminal;
use migdesk::store::{Fingerprint, LoadedCase};
use proptest::prelude::*;

fn assert_terminal_safe(what: &str, text: &str) {
    if let Some((index, character)) = first_unsafe(text) {
        panic!("{what}: {character:?} at char {index} in {text:?}");
    }
}

/// Text a hand edit could put where the engine never would: steps the
/// playbook no longer has, facts it never had, values of the wrong type.
#[derive(Debug, Clone)]
struct HandEdits {
    orphan_step: String,
    orphan_reason: String,
    fact_key: String,
    fact_value: String,
    wrong_type: String,
    note_by: String,
    reviewer: String,
}

fn hand_edits() -> impl Strategy<Value = HandEdits> {
    (
        hostile_text(),
        hostile_text(),
        hostile_text(),
        hostile_text(),
        hostile_text(),
        hostile_text(),
        hostile_text(),
    )
        .prop_map(
            |(orphan_step, orphan_reason, fact_key, fact_value, wrong_type, note_by, reviewer)| {
                HandEdits {
                    orphan_step,
                    orphan_reason,
                    fact_key,
                    fact_value,
                    wrong_type,
                    note_by,
                    reviewer,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn human_output_never_carries_hostile_characters(
        recipe in recipe(),
        edits in hand_edits(),
        playbook_texts in proptest::collection::vec(hostile_text(), 8),
        hand_edited in any::<bool>(),
    ) {
        let playbook = hostile_playbook(&playbook_texts);
        let mut case = build(&playbook, "MIG-0001", &recipe);
        if hand_edited {
            let at = Utc.with_ymd_and_hms(2026, 3, 3, 9, 0, 0).unwrap();
            case.steps.insert(edits.orphan_step.clone(), StepRecord {
                state: StepState::Skipped,
                by: Some(edits.note_by.clone()),
                at: Some(at),
                note: Some(edits.orphan_reason.clone()),
                skip_reason: Some(edits.orphan_reason.clone()),
                acknowledged: Some(edits.orphan_reason.clone()),
                review: None,
            });
            case.steps.insert("extra".to_string(), StepRecord {
                state: StepState::Done,
                by: Some(edits.note_by.clone()),
                at: Some(at),
                note: Some(edits.orphan_reason.clone()),
                skip_reason: Some(edits.orphan_reason.clone()),
                acknowledged: None,
                review: Some(Review {
                    verdict: Verdict::Rejected,
                    by: edits.reviewer.clone(),
                    at,
                    reason: edits.orphan_reason.clone(),
                }),
            });
            case.facts.insert(edits.fact_key.clone(), FactValue::Text(edits.fact_value.clone()));
            case.facts.insert("seats".to_string(), FactValue::Text(edits.wrong_type.clone()));
            case.notes.push(Note { at, by: edits.note_by.clone(), text: edits.fact_value.clone() });
        }
        let today = case.created.date_naive();
        let evaluation = engine::evaluate(&playbook, &case, today);
        let loaded = LoadedCase {
            path: format!("cases/{}/MIG-0001.yaml", edits.orphan_step).into(),
            fingerprint: Fingerprint::of(case.revision, b""),
            read_only: hand_edited.then(|| edits.orphan_reason.clone()),
            case: case.clone(),
        };
        assert_terminal_safe("show", &output::case_text(&loaded, &playbook, &evaluation));
        let row = QueueRow::of(&loaded, Some(&playbook), today);
        assert_terminal_safe("list", &output::list_text(&[&row], today));
        assert_terminal_safe(
            "a change's summary",
            &output::change_summary(&case, &case.history, &evaluation),
        );
        assert_terminal_safe(
            "playbooks",
            &output::playbooks_text(&Catalog::from_playbooks(vec![playbook.clone()])),
        );
        assert_terminal_safe(
            "export --format md on a terminal",
            &for_terminal(&output::case_markdown(&case, &playbook, &evaluation)),
        );
    }
}

/// Hostile strings that can be passed as command-line arguments (no NUL).
const ARGUMENTS: &[&str] = &[
    "Evil \u{1b}[2J\u{1b}[H title \u{202e}cod.exe",
    "\u{1b}]0;pwned\u{7}agent\u{200b}",
    "bell\u{7} csi\u{9b}31m nel\u{85} del\u{7f}",
    "line\rover\u{8}\u{8}written\ttab",
    "zero\u{200d}width\u{feff}bom\u{2066}isolate\u{2069}",
    "tags\u{e0041}\u{e007f} ls\u{2028}ps\u{2029}",
    "two\nlines\r\n",
];

fn assert_output_safe(what: &str, output: &std::process::Output) {
    assert_terminal_safe(&format!("{what} stdout"), &stdout(output));
    assert_terminal_safe(&format!("{what} stderr"), &stderr(output));
}

#[test]
fn the_real_binary_shows_hostile_case_data_safely() {
    let desk = Desk::new();
    // A user playbook whose texts are hostile too.
    let playbook = fs::read_to_string(harness::fixture("open-text"))
        .unwrap()
        .replace("id: open-text", "id: hostile")
        .replace(
            "title: \"Open text\"",
            "title: \"Open \\e[2J\\a\\u202E text\"",
        )
        .replace("\"Customer name\"", "\"Customer \\e]0;x\\a name\"")
        .replace(
            "\"Call the customer\"",
            "\"Call \\u2066 the \\x9b customer\"",
        );
    fs::write(desk.dir.path().join("playbooks/hostile.yaml"), playbook).unwrap();

    let [
        title,
        hostile_assignee,
        fact,
        note,
        reason,
        hostile_reviewer,
        step_note,
    ] = [0, 1, 2, 3, 4, 5, 6].map(|index| ARGUMENTS[index % ARGUMENTS.len()]);
    let mut runs = Vec::new();
    let run = |user: &str, args: &[&str]| {
        let output = desk.run_as(user, args);
        assert_output_safe(&format!("{args:?}"), &output);
        output
    };
    // People's names with control, format or bidi characters are refused
    // (the refusal quoting them is made safe); the rest of the case is hostile.
    let refused = run(
        "alice",
        &[
            "new",
            "hostile",
            "--title",
            "t",
            "--assignee",
            hostile_assignee,
        ],
    );
    assert_eq!(refused.status.code(), Some(3), "{}", stderr(&refused));
    let refused = run(hostile_reviewer, &["list"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    let (assignee, reviewer) = ("agent", "lead");
    let created = run(
        "alice",
        &[
            "new",
            "hostile",
            "--title",
            title,
            "--assignee",
            assignee,
            "--set",
            &format!("customer={fact}"),
        ],
    );
    assert_eq!(created.status.code(), Some(0), "{}", stderr(&created));
    let id = stdout(&created).trim().to_string();
    runs.push(run(assignee, &["check", &id, "call", "--note", step_note]));
    runs.push(run(assignee, &["skip", &id, "extra", "--reason", reason]));
    runs.push(run(assignee, &["note", &id, note]));
    runs.push(run(assignee, &["set", &id, &format!("remark={note}")]));
    runs.push(run(
        reviewer,
        &["review", &id, "approve", "--reject", "--reason", reason],
    ));
    for run in &runs {
        assert_eq!(run.status.code(), Some(0), "{}", stderr(run));
    }
    // Refusals and errors quote what was typed: they are made safe too.
    let refused = run(assignee, &["check", &id, title]);
    assert_eq!(refused.status.code(), Some(3));
    let refused = run(assignee, &["set", &id, &format!("{fact}=1")]);
    assert_eq!(refused.status.code(), Some(3));
    let refused = run(assignee, &["show", title]);
    assert_eq!(refused.status.code(), Some(2));

    for args in [
        vec!["show", id.as_str()],
        vec!["list"],
        vec!["list", "--all"],
        vec!["playbooks"],
        vec!["validate"],
    ] {
        let output = run("alice", &args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let shown = desk.ok(&["show", &id]);
    assert!(shown.contains("\\u{1b}[2J"), "{shown}");
    assert!(shown.contains("<U+202E>"), "{shown}");

    // Markdown keeps the text as typed when piped: it is for tickets.
    let markdown = desk.ok(&["export", &id]);
    assert!(markdown.contains('\u{1b}'), "{markdown}");
    // On a terminal it is made safe like everything else.
    let on_terminal = Command::new("script")
        .args(["-qec", &format!("'{BINARY}' export {id}"), "/dev/null"])
        .env("MIGDESK_DATA_DIR", desk.dir.path())
        .env("MIGDESK_USER", "alice")
        .output();
    match on_terminal {
        Ok(output) if output.status.success() => {
            // The terminal itself turns each `\n` into `\r\n`.
            let text = stdout(&output).replace("\r\n", "\n");
            assert!(text.contains("# MIG-0001"), "{text}");
            assert_terminal_safe("export on a terminal", &text);
        }
        _ => println!("skipped: `script` (util-linux) is not available to provide a terminal"),
    }
}

//! A hand edit that fakes an approval or a tick, or rewrites the history,
//! is caught by `migdesk validate`: exit 1, naming the file and what is
//! wrong. Each case is made through the real binary, then edited as text.
#![allow(clippy::unwrap_used)]

mod harness;

use std::fs;

use harness::{Desk, stderr};
use migdesk::model::EventKind;
use migdesk::store::{case_from_yaml, case_to_yaml};

/// A case with a ticked step and an approval by someone else, all through migdesk.
fn reviewed_case(desk: &Desk) -> String {
    let id = desk.new_case("tiny-approval", "Reviewed", &["offering=SaaS", "seats=2"]);
    desk.ok(&["check", &id, "draft", "--note", "drafted"]);
    let output = desk.run_as(
        "lead",
        &["review", &id, "validate", "--approve", "--reason", "ok"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    id
}

/// Removes the last history event, as someone covering their tracks would.
fn without_last_event(text: &str, path: &std::path::Path, action: EventKind) -> String {
    let mut case = case_from_yaml(path, text).unwrap();
    assert_eq!(case.history.last().unwrap().action, action);
    case.history.pop();
    case_to_yaml(&case).unwrap()
}

#[test]
fn validate_reports_steps_that_disagree_with_the_history() {
    let desk = Desk::new();
    let id = reviewed_case(&desk);
    let path = desk.case_path(&id);
    let original = fs::read_to_string(&path).unwrap();
    assert!(desk.ok(&["validate"]).starts_with("ok:"));

    let edits: Vec<(&str, String, &str)> = vec![
        (
            "an approval with no review event",
            without_last_event(&original, &path, EventKind::Review),
            "step `validate` is marked approved by lead but the history has no such review",
        ),
        (
            "an approval by the case's own assignee",
            original.replacen("assignee: alice\n", "assignee: lead\n", 1),
            "step `validate` was approved by lead, the case's own assignee (four eyes)",
        ),
        (
            "a done step without a tick",
            original.replacen(
                "steps:\n",
                "steps:\n  close:\n    state: done\n    by: alice\n    at: 2026-11-02T10:00:00Z\n",
                1,
            ),
            "step `close` is done but the history has no tick for it",
        ),
        (
            "a skipped step without a skip",
            original.replacen(
                "steps:\n",
                "steps:\n  saas_only:\n    state: skipped\n    by: alice\n    skip_reason: not needed\n",
                1,
            ),
            "step `saas_only` is skipped but the history has no skip for it",
        ),
        (
            "an edited sequence number",
            original.replacen("- seq: 2\n", "- seq: 7\n", 1),
            "history event 2 has seq 7 (expected 2): the history was edited",
        ),
        (
            "a removed first event",
            {
                let mut case = case_from_yaml(&path, &original).unwrap();
                case.history.remove(0);
                for (index, event) in case.history.iter_mut().enumerate() {
                    event.seq = index as u64 + 1;
                }
                case_to_yaml(&case).unwrap()
            },
            "the history does not start with the case's creation",
        ),
    ];
    for (what, text, problem) in &edits {
        assert_ne!(text, &original, "{what}: the edit changed nothing");
        fs::write(&path, text).unwrap();
        let output = desk.run(&["validate"]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{what}: {message}");
        let line = message
            .lines()
            .find(|line| line.contains(problem))
            .unwrap_or_else(|| panic!("{what}: {problem:?} not in {message:?}"));
        assert!(
            line.starts_with(&path.display().to_string())
                && line.contains("restore the file from a backup or correct it through migdesk"),
            "{what}: {line}"
        );
        // Validating the file by name says the same.
        let output = desk.run(&["validate", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{what}");
        assert!(
            stderr(&output).contains(problem),
            "{what}: {}",
            stderr(&output)
        );
        // Reading is not refused: the case can still be shown and corrected.
        desk.ok(&["show", &id]);
        assert_eq!(&fs::read_to_string(&path).unwrap(), text, "{what}");
    }
    fs::write(&path, &original).unwrap();
    assert!(desk.ok(&["validate"]).starts_with("ok:"));
    println!("{} kinds of tampering caught by validate", edits.len());
}

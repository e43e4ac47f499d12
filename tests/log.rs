//! The log file through the real binary: where it is, what each level
//! keeps, that fact values stay out of it below `trace`, and that case
//! text in it is clean.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Desk {
    home: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        Desk {
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn log(&self) -> PathBuf {
        self.home.path().join("state/migdesk/migdesk.log")
    }

    fn log_text(&self) -> String {
        fs::read_to_string(self.log()).unwrap_or_default()
    }

    fn run(&self, level: Option<&str>, args: &[&str]) -> Output {
        let home: &Path = self.home.path();
        let mut command = Command::new(env!("CARGO_BIN_EXE_migdesk"));
        // The tests read English whatever the machine's locale.
        command
            .env_remove("MIGDESK_LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C");
        command
            .args(args)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("MIGDESK_DATA_DIR", home.join("data"))
            .env("MIGDESK_USER", "alice")
            .env("MIGDESK_NOW", "2026-11-02T10:00:00Z")
            .env_remove("MIGDESK_LOG")
            .env_remove("MIGDESK_CONFIG");
        if let Some(level) = level {
            command.env("MIGDESK_LOG", level);
        }
        command.output().unwrap()
    }

    fn new_case(&self) -> String {
        let output = self.run(
            None,
            &["new", "saas-pro-to-connect", "--title", "Salon Léa"],
        );
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    }
}

#[test]
fn a_refused_change_is_logged_by_default_without_the_value_typed() {
    let desk = Desk::new();
    let id = desk.new_case();
    assert!(!desk.log().exists(), "a log before anything worth logging");
    let output = desk.run(None, &["set", &id, "has_debts=SECRET-VALUE"]);
    assert_eq!(output.status.code(), Some(3));
    let log = desk.log_text();
    assert!(
        log.contains("WARN migdesk::refusal: change refused"),
        "{log}"
    );
    assert!(
        log.contains(&format!("case={id}")) && log.contains("rule=format"),
        "{log}"
    );
    assert!(
        !log.contains("SECRET-VALUE"),
        "a fact value below trace:\n{log}"
    );
    use std::os::unix::fs::PermissionsExt as _;
    let mode = fs::metadata(desk.log()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn only_trace_keeps_fact_values() {
    let desk = Desk::new();
    let id = desk.new_case();
    desk.run(Some("trace"), &["set", &id, "has_debts=SECRET-VALUE"]);
    let log = desk.log_text();
    assert!(
        log.contains("TRACE migdesk::refusal") && log.contains("SECRET-VALUE"),
        "{log}"
    );
}

#[test]
fn off_writes_nothing_and_error_leaves_out_refusals() {
    let desk = Desk::new();
    let id = desk.new_case();
    desk.run(Some("off"), &["set", &id, "has_debts=maybe"]);
    desk.run(Some("error"), &["set", &id, "has_debts=maybe"]);
    assert!(!desk.log().exists(), "{}", desk.log_text());
}

#[test]
fn debug_has_the_startup_timing() {
    let desk = Desk::new();
    desk.new_case();
    let output = desk.run(Some("debug"), &["list"]);
    assert!(output.status.success());
    assert!(output.stderr.is_empty(), "timing went to the terminal");
    let log = desk.log_text();
    assert!(
        log.contains("DEBUG migdesk::startup: queue loaded cases=1"),
        "{log}"
    );
}

#[test]
fn case_text_in_the_log_is_clean() {
    let desk = Desk::new();
    desk.new_case();
    let output = desk.run(
        None,
        &["note", "MIG-\u{1b}[2J\u{7}0001\nforged line", "hello"],
    );
    assert!(!output.status.success());
    let log = desk.log_text();
    assert!(log.contains("command failed"), "{log}");
    assert!(!log.contains('\u{1b}') && !log.contains('\u{7}'), "{log:?}");
    assert_eq!(log.lines().count(), 1, "{log:?}");
}

//! The real `migdesk` binary in a temporary data directory, with the clock
//! pinned (`MIGDESK_NOW`) and the acting person set (`MIGDESK_USER`).

use std::process::{Command, Output};

use serde_json::Value;

use super::{ASSIGNEE, REVIEWER};

/// Monday 2026-11-02, 10:00 UTC, as `MIGDESK_NOW` reads it.
pub const MONDAY: &str = "2026-11-02T10:00:00Z";

pub struct Desk {
    dir: tempfile::TempDir,
    /// The pinned clock for the next commands.
    pub now: String,
}

impl Desk {
    /// An empty data directory (shipped playbooks only), on Monday 2026-11-02.
    pub fn new() -> Desk {
        Desk::at(MONDAY)
    }

    /// An empty data directory, with the clock pinned at `now` (RFC 3339).
    pub fn at(now: &str) -> Desk {
        Desk {
            dir: tempfile::tempdir().unwrap(),
            now: now.to_string(),
        }
    }

    /// The data directory.
    pub fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    pub fn run_as(&self, user: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_migdesk"))
            .env_remove("MIGDESK_LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C")
            .args(args)
            .env("MIGDESK_DATA_DIR", self.dir.path())
            .env("MIGDESK_USER", user)
            .env("MIGDESK_NOW", &self.now)
            // No config file and no log of the person running the tests.
            .env("XDG_CONFIG_HOME", self.dir.path().join("no-config"))
            .env("MIGDESK_LOG", "off")
            .env_remove("NO_COLOR")
            .output()
            .unwrap()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_as(ASSIGNEE, args)
    }

    /// Runs as the assignee, asserts exit 0 and returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// `migdesk new PLAYBOOK --title … --set FACT=VALUE…`; returns the case id.
    pub fn open(&self, playbook: &str, facts: &[&str]) -> String {
        let mut args = vec!["new", playbook, "--title", "Test customer"];
        for fact in facts {
            args.push("--set");
            args.push(fact);
        }
        self.ok(&args).trim().to_string()
    }

    pub fn set(&self, case: &str, facts: &[&str]) {
        let mut args = vec!["set", case];
        args.extend_from_slice(facts);
        self.ok(&args);
    }

    pub fn check(&self, case: &str, step: &str) {
        self.ok(&["check", case, step]);
    }

    /// Ticks each step in order.
    pub fn tick(&self, case: &str, steps: &[&str]) {
        for step in steps {
            self.check(case, step);
        }
    }

    /// Approves an approval step as the reviewer (not the assignee).
    pub fn approve(&self, case: &str, step: &str) {
        let output = self.run_as(
            REVIEWER,
            &[
                "review",
                case,
                step,
                "--approve",
                "--reason",
                "checked against the procedure",
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }

    /// Asserts the command is refused: exit 3 and one stderr line naming
    /// `rule` and saying `remedy`. Returns that line.
    pub fn refused(&self, args: &[&str], rule: &str, remedy: &str) -> String {
        self.refused_as(ASSIGNEE, args, rule, remedy)
    }

    pub fn refused_as(&self, user: &str, args: &[&str], rule: &str, remedy: &str) -> String {
        let output = self.run_as(user, args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(3), "{args:?}: {message}");
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(
            message.starts_with(&format!("migdesk: refused by {rule}: ")),
            "{args:?}: expected rule {rule}: {message}"
        );
        let (_, remedy_part) = message.rsplit_once(" — ").unwrap();
        assert!(
            remedy_part.contains(remedy),
            "{args:?}: remedy lacks {remedy:?}: {message}"
        );
        message
    }

    pub fn show(&self, case: &str) -> Value {
        self.json(&["show", case, "--json"])
    }

    /// A step's state as `show --json` gives it (`todo`, `done`, `skipped`, `n/a`).
    pub fn state(&self, case: &str, step: &str) -> String {
        step_of(&self.show(case), step)["state"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// `(status, progress done, progress total)` from `show --json`.
    pub fn status(&self, case: &str) -> (String, u64, u64) {
        let json = self.show(case);
        (
            json["status"].as_str().unwrap().to_string(),
            json["progress"]["done"].as_u64().unwrap(),
            json["progress"]["total"].as_u64().unwrap(),
        )
    }

    /// The ids of the warnings `show --json` lists.
    pub fn warnings(&self, case: &str) -> Vec<String> {
        ids(&self.show(case)["warnings"])
    }

    /// The ids of the blockers `show --json` lists.
    pub fn blockers(&self, case: &str) -> Vec<String> {
        ids(&self.show(case)["blockers"])
    }
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn step_of<'a>(case: &'a Value, step: &str) -> &'a Value {
    case["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == step)
        .unwrap_or_else(|| panic!("no step `{step}`"))
}

fn ids(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_string())
        .collect()
}

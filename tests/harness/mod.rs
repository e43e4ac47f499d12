//! What the reliability tests share: a temporary data directory with the
//! fixture playbooks installed, and the real binary run in it.
// Each test file uses only some of these helpers.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod cases;
pub mod terminal;

pub const BINARY: &str = env!("CARGO_BIN_EXE_migdesk");

pub struct Desk {
    pub dir: tempfile::TempDir,
}

impl Desk {
    /// A data directory with the fixture playbooks installed as the user's own.
    pub fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let playbooks = dir.path().join("playbooks");
        fs::create_dir_all(&playbooks).unwrap();
        for name in ["tiny-eligibility", "tiny-approval", "open-text"] {
            fs::copy(fixture(name), playbooks.join(format!("{name}.yaml"))).unwrap();
        }
        Desk { dir }
    }

    pub fn command_as(&self, user: &str, args: &[&str]) -> Command {
        let mut command = Command::new(BINARY);
        // The tests read English whatever the machine's locale.
        command
            .env_remove("MIGDESK_LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C");
        command
            .args(args)
            .env("MIGDESK_DATA_DIR", self.dir.path())
            .env("MIGDESK_USER", user)
            .env("MIGDESK_NOW", "2026-11-02T10:00:00Z")
            // No config file and no log of the person running the tests.
            .env("XDG_CONFIG_HOME", self.dir.path().join("no-config"))
            .env("MIGDESK_LOG", "off");
        command
    }

    pub fn run_as(&self, user: &str, args: &[&str]) -> Output {
        self.command_as(user, args).output().unwrap()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_as("alice", args)
    }

    /// Runs a command that must succeed; its stdout.
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

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    pub fn cases_dir(&self) -> PathBuf {
        self.dir.path().join("cases")
    }

    pub fn case_path(&self, id: &str) -> PathBuf {
        self.cases_dir().join(format!("{id}.yaml"))
    }

    /// A new case on `playbook`; its id.
    pub fn new_case(&self, playbook: &str, title: &str, sets: &[&str]) -> String {
        let mut args = vec!["new", playbook, "--title", title];
        for set in sets {
            args.extend(["--set", set]);
        }
        self.ok(&args).trim().to_string()
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.yaml"))
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The temporary files of saves left in `cases_dir`.
pub fn temporary_files(cases_dir: &Path) -> Vec<String> {
    fs::read_dir(cases_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

/// Runs `command` to its end, failing the test if it takes longer than
/// `limit` (the child is killed first): a hang fails, it never stalls CI.
pub fn output_within(command: &mut Command, limit: std::time::Duration) -> Output {
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "{command:?} did not finish within {limit:?}; killed. stderr: {}",
                stderr(&output)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.wait_with_output().unwrap()
}

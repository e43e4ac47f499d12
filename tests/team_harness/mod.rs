//! Team-mode tests on one machine: a bare repository reached over
//! `file://`, and data directories each with its own person, `HOME` and no
//! git configuration but what the tests pass explicitly. Every process is
//! bounded in time, so a hung git fails the test instead of stalling it.
#![allow(dead_code)]

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt as _;

pub const BINARY: &str = env!("CARGO_BIN_EXE_migdesk");
/// No single command of these tests comes near this.
pub const LIMIT: Duration = Duration::from_secs(90);
pub const NOW: &str = "2026-11-02T10:00:00Z";

pub struct Team {
    pub root: tempfile::TempDir,
    pub url: String,
}

pub struct Machine {
    pub dir: PathBuf,
    pub person: String,
    home: PathBuf,
}

impl Team {
    /// An empty bare repository, as a team would create on its git host.
    pub fn new() -> Team {
        let root = tempfile::tempdir().unwrap();
        let remote = root.path().join("remote.git");
        let home = root.path().join("home");
        fs::create_dir_all(&home).unwrap();
        let output = bounded(git_command(&home, root.path()).args([
            "init",
            "--quiet",
            "--bare",
            "--initial-branch",
            "main",
            &remote.to_string_lossy(),
        ]));
        assert!(output.status.success(), "{}", stderr(&output));
        let url = format!("file://{}", remote.display());
        Team { root, url }
    }

    pub fn remote_path(&self) -> PathBuf {
        self.root.path().join("remote.git")
    }

    /// A machine whose data directory does not exist yet.
    pub fn machine(&self, person: &str) -> Machine {
        let home = self.root.path().join(format!("home-{person}"));
        fs::create_dir_all(&home).unwrap();
        Machine {
            dir: self.root.path().join(format!("data-{person}")),
            person: person.to_string(),
            home,
        }
    }

    /// `alice` creates the team (with the fixture playbooks), `others` join it.
    pub fn with_members(&self, founder: &str, others: &[&str]) -> Vec<Machine> {
        let first = self.machine(founder);
        first.install_fixture_playbooks();
        first.ok(&["team", "init", &self.url]);
        for other in others {
            first.ok(&["team", "add", other, "--role", "agent"]);
        }
        first.ok(&["sync"]);
        let mut machines = vec![first];
        for other in others {
            let machine = self.machine(other);
            machine.ok(&["team", "join", &self.url]);
            machines.push(machine);
        }
        machines
    }
}

fn git_command(home: &Path, directory: &Path) -> Command {
    let mut command = Command::new("git");
    command.current_dir(directory);
    isolate(&mut command, home, "tester");
    command
}

/// No developer's git settings leak in; the identity is passed explicitly.
fn isolate(command: &mut Command, home: &Path, person: &str) {
    command
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_COUNT", "2")
        .env("GIT_CONFIG_KEY_0", "user.name")
        .env("GIT_CONFIG_VALUE_0", person)
        .env("GIT_CONFIG_KEY_1", "user.email")
        .env("GIT_CONFIG_VALUE_1", format!("{person}@example.test"))
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("MIGDESK_DATA_DIR");
}

impl Machine {
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BINARY);
        // The tests read English whatever the machine's locale.
        command
            .env_remove("MIGDESK_LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C");
        command
            .args(args)
            .current_dir(self.home.as_path())
            .env("MIGDESK_DATA_DIR", &self.dir)
            .env("MIGDESK_USER", &self.person)
            .env("MIGDESK_NOW", NOW)
            .env("MIGDESK_GIT_TIMEOUT", "30");
        isolate(&mut command, &self.home, &self.person);
        command.env("MIGDESK_DATA_DIR", &self.dir);
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        bounded(&mut self.command(args))
    }

    /// A command that must succeed; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{} {args:?}: {}{}",
            self.person,
            stdout(&output),
            stderr(&output)
        );
        stdout(&output)
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    pub fn git(&self, args: &[&str]) -> Output {
        bounded(git_command(&self.home, &self.dir).args(args))
    }

    pub fn install_fixture_playbooks(&self) {
        let playbooks = self.dir.join("playbooks");
        fs::create_dir_all(&playbooks).unwrap();
        for name in ["tiny-approval", "tiny-eligibility"] {
            fs::copy(fixture(name), playbooks.join(format!("{name}.yaml"))).unwrap();
        }
    }

    /// A new case; its id.
    pub fn new_case(&self, playbook: &str, title: &str) -> String {
        self.ok(&["new", playbook, "--title", title])
            .trim()
            .to_string()
    }

    pub fn case_path(&self, id: &str) -> PathBuf {
        self.dir.join("cases").join(format!("{id}.yaml"))
    }

    pub fn case_text(&self, id: &str) -> String {
        fs::read_to_string(self.case_path(id)).unwrap()
    }

    /// Every shared file (not the `.git` folder, not what git ignores), by path.
    pub fn shared_files(&self) -> Vec<(String, Vec<u8>)> {
        let listed = self.git(&[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ]);
        let mut files: Vec<(String, Vec<u8>)> = stdout(&listed)
            .split('\0')
            .filter(|path| !path.is_empty())
            .filter_map(|path| {
                fs::read(self.dir.join(path))
                    .ok()
                    .map(|bytes| (path.to_string(), bytes))
            })
            .collect();
        files.sort();
        files
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.yaml"))
}

/// Runs `command` to the end, or kills it and fails the test after [`LIMIT`].
pub fn bounded(command: &mut Command) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let Some(status) = child.wait_timeout(LIMIT).unwrap() else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("{command:?} ran longer than {LIMIT:?}");
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

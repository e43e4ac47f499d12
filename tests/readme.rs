//! The README's key table is the keymap: each view's keys and what they do,
//! written from the keymap the app answers keys with when the config file
//! binds none.
#![allow(clippy::unwrap_used)]

use migdesk::app::Context;
use migdesk::tui::keymap::{Bound, Keymap, display_key, takes_text};

/// Every context, under the name the README gives it, in the README's order.
const VIEWS: [(&str, Context); 17] = [
    ("Welcome (no cases yet)", Context::Welcome),
    ("Queue", Context::Queue),
    ("Queue, typing a filter", Context::QueueFilter),
    ("Case, checklist", Context::Case),
    ("Case, facts", Context::CaseFacts),
    ("Case, typing a fact's value", Context::FactInput),
    ("Review mode", Context::Review),
    ("Dashboard", Context::Dashboard),
    ("New case, choosing the playbook", Context::PlaybookPicker),
    ("New case, a text field", Context::NewCaseText),
    ("New case, a yes/no or choice field", Context::NewCaseChoice),
    ("A question (yes or no)", Context::Confirm),
    ("A dialog asking for text", Context::Prompt),
    ("A dialog listing values", Context::Picker),
    ("A message", Context::Message),
    ("Help", Context::Help),
    ("A case's history", Context::History),
];

fn rows(bindings: &[Bound]) -> String {
    bindings
        .iter()
        .map(|binding| {
            let keys: Vec<String> = binding
                .keys
                .iter()
                .map(|key| format!("`{}`", display_key(key)))
                .collect();
            format!("| {} | {} |\n", keys.join(" "), binding.description)
        })
        .collect()
}

/// The key table as the README must have it.
fn key_table() -> String {
    let keymap = Keymap::default();
    let mut text = String::from("**Everywhere**\n\n| keys | what they do |\n| --- | --- |\n");
    text.push_str(&rows(keymap.global_bindings()));
    for (name, context) in VIEWS {
        text.push_str(&format!(
            "\n**{name}**\n\n| keys | what they do |\n| --- | --- |\n"
        ));
        text.push_str(&rows(keymap.own_bindings(context)));
        if takes_text(context) {
            let (keys, what) = keymap.help_lines(context).pop().unwrap();
            text.push_str(&format!("| {keys} | {what} |\n"));
        }
    }
    text
}

#[test]
fn the_readme_key_table_is_the_keymap() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = key_table();
    assert!(
        readme.contains(&table),
        "README.md's key table differs from the keymap; it should read:\n\n{table}"
    );
}

/// The commands of the README's first `sh` block after `heading`, with
/// `\` continuations joined; blank and comment lines left out.
fn commands_after(readme: &str, heading: &str) -> Vec<String> {
    let (_, after) = readme
        .split_once(heading)
        .unwrap_or_else(|| panic!("README.md has no {heading:?}"));
    let (_, block) = after.split_once("```sh\n").unwrap();
    let (block, _) = block.split_once("```").unwrap();
    let mut commands = Vec::new();
    let mut pending = String::new();
    for line in block.lines() {
        let trimmed = line.trim();
        if pending.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        match trimmed.strip_suffix('\\') {
            Some(start) => {
                pending.push_str(start);
                pending.push(' ');
            }
            None => {
                pending.push_str(trimmed);
                commands.push(std::mem::take(&mut pending));
            }
        }
    }
    commands
}

/// Runs `command` through `sh` with this build's `migdesk` first on PATH,
/// in `data_dir`; gives up after a minute.
fn run_in(command: &str, data_dir: &std::path::Path) -> std::process::Output {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_migdesk"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = std::process::Command::new("sh")
        .args(["-c", command])
        .env("PATH", path)
        .env("MIGDESK_DATA_DIR", data_dir)
        .env("MIGDESK_USER", "alice")
        .env("MIGDESK_NOW", "2026-11-02T10:00:00Z")
        // The README is English: so is what its examples print.
        .env_remove("MIGDESK_LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("`{command}` took more than a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn the_readme_example_works_top_to_bottom_in_a_fresh_data_directory() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let commands = commands_after(&readme, "### A first day, top to bottom");
    assert!(commands.len() >= 12, "{commands:?}");
    assert!(
        commands
            .iter()
            .all(|command| command.starts_with("migdesk "))
    );
    let data_dir = tempfile::tempdir().unwrap();
    for command in &commands {
        let output = run_in(command, data_dir.path());
        assert_eq!(
            output.status.code(),
            Some(0),
            "`{command}` failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // The example's review went through: the reviewed case is past its approval.
    let shown = run_in("migdesk show MIG-0002 --json", data_dir.path());
    let case: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let approval = case["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|step| step["id"] == "tl_validation")
        .unwrap();
    assert_eq!(approval["state"], "done", "{approval}");
}

#[test]
fn the_readme_says_how_to_install_and_put_migdesk_on_path() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains("cargo install --path ."));
    assert!(readme.contains("~/.cargo/bin"));
    assert!(readme.contains("PATH"));
}

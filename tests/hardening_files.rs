//! Open nothing blindly, parse within bounds, and the rest of what an
//! outside attack found: each row of that report is a test here, bounded
//! in time so that a hang fails the test instead of stalling the run.
#![allow(clippy::unwrap_used)]

mod harness;

use std::fs;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use harness::{BINARY, Desk, output_within, stderr};
use migdesk::store::{DataDir, MAX_CASE_FILE_BYTES, STATUS_RESERVE_BYTES, Store};

const LIMIT: Duration = Duration::from_secs(20);

fn run(desk: &Desk, args: &[&str]) -> std::process::Output {
    output_within(&mut desk.command_as("alice", args), LIMIT)
}

fn make_fifo(path: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
}

/// The case file text with `line` (a top-level `key: value`) replaced.
fn with_line(desk: &Desk, id: &str, key: &str, line: &str) -> String {
    let text = fs::read_to_string(desk.case_path(id)).unwrap();
    let old = text
        .lines()
        .find(|l| l.starts_with(&format!("{key}:")))
        .unwrap();
    text.replacen(old, line, 1)
}

#[test]
fn deeply_nested_files_are_refused_at_once() {
    let desk = Desk::new();
    let good = desk.new_case("tiny-approval", "Good", &[]);
    let deep = "MIG-0002";
    for size in [200 * 1024, MAX_CASE_FILE_BYTES as usize - 100] {
        let text = format!("schema: 1\nid: {deep}\nfacts: {}\n", "[".repeat(size));
        fs::write(desk.case_path(deep), text).unwrap();
        for args in [vec!["show", deep], vec!["list"], vec!["validate"]] {
            let output = run(&desk, &args);
            let message = stderr(&output);
            assert!(
                message.contains(&format!("{deep}.yaml:3:")),
                "{args:?}: {message}"
            );
            assert!(
                message.contains("more than 128 levels deep"),
                "{args:?}: {message}"
            );
        }
        assert!(stderr(&run(&desk, &["list"])).contains(deep));
        assert!(
            String::from_utf8(run(&desk, &["list"]).stdout)
                .unwrap()
                .contains(&good)
        );
    }
}

#[test]
fn fifos_and_links_to_devices_never_hang_a_command() {
    let desk = Desk::new();
    desk.new_case("tiny-approval", "Beside a FIFO", &[]);
    desk.ok(&["list"]);
    let index = desk.dir.path().join("cache/queue-index.jsonl");
    fs::remove_file(&index).unwrap();
    make_fifo(&index);
    make_fifo(&desk.dir.path().join("playbooks/x.yaml"));
    let output = run(&desk, &["list"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("MIG-0001")
    );
    let output = run(&desk, &["playbooks"]);
    let message = stderr(&output);
    assert!(
        message.contains("x.yaml") && message.contains("FIFO"),
        "{message}"
    );
    let outside = tempfile::tempdir().unwrap();
    let fifo = outside.path().join("MIG-0009.yaml");
    make_fifo(&fifo);
    let zero = outside.path().join("MIG-0010.yaml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let playbook_zero = outside.path().join("zero-playbook.yaml");
    std::os::unix::fs::symlink("/dev/zero", &playbook_zero).unwrap();
    for path in [&fifo, &zero, &playbook_zero] {
        let output = run(&desk, &["validate", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{}", path.display());
        let message = stderr(&output);
        assert!(
            message.contains("not a regular file") && message.contains(&path.display().to_string()),
            "{message}"
        );
    }
}

#[test]
fn a_case_path_swapped_between_a_file_and_a_fifo_never_hangs_a_load() {
    let directory = tempfile::tempdir().unwrap();
    let store = Store::open(DataDir::new(directory.path())).unwrap();
    let desk_text = {
        let desk = Desk::new();
        let id = desk.new_case("tiny-approval", "Swapped", &[]);
        fs::read(desk.case_path(&id)).unwrap()
    };
    let path = store.case_path("MIG-0001").unwrap();
    let (file, fifo) = (path.with_extension("file"), path.with_extension("fifo"));
    fs::write(&file, &desk_text).unwrap();
    make_fifo(&fifo);
    let stop = Arc::new(AtomicBool::new(false));
    let swapper = {
        let (stop, path) = (stop.clone(), path.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let _ = fs::hard_link(&file, &path).and_then(|()| fs::remove_file(&path));
                let _ = fs::rename(&fifo, &path);
                make_fifo_if_missing(&fifo);
                let _ = fs::rename(&path, &fifo);
            }
        })
    };
    let (sender, receiver) = std::sync::mpsc::channel();
    let loads = 5_000;
    std::thread::spawn(move || {
        let outcomes: Vec<bool> = (0..loads).map(|_| store.load("MIG-0001").is_ok()).collect();
        let _ = sender.send(outcomes);
    });
    let outcomes = receiver.recv_timeout(Duration::from_secs(60));
    stop.store(true, Ordering::Relaxed);
    let outcomes = outcomes.expect("a load hung on the FIFO");
    swapper.join().unwrap();
    assert_eq!(outcomes.len(), loads);
}

fn make_fifo_if_missing(path: &Path) {
    if path.symlink_metadata().is_err() {
        let _ = rustix::fs::mknodat(
            rustix::fs::CWD,
            path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        );
    }
}

/// On a terminal, where clap would style its message and echo the value.
#[test]
fn usage_errors_echo_no_control_characters() {
    let hostile = "x\u{1b}]52;c;aGk=\u{7}\u{1b}c";
    let output = output_within(
        Command::new(BINARY).args(["status", "MIG-0001", hostile]),
        LIMIT,
    );
    assert_eq!(output.status.code(), Some(2));
    let piped = stderr(&output);
    assert!(
        !piped.chars().any(|c| c.is_control() && c != '\n'),
        "{piped:?}"
    );
    let mut on_terminal = Command::new("script");
    on_terminal.args([
        "-qec",
        &format!("'{BINARY}' status MIG-0001 \"$(printf 'x\\033]52;c;aGk=\\007\\033c')\""),
        "/dev/null",
    ]);
    match on_terminal.output() {
        Ok(_) => {
            let output = output_within(&mut on_terminal, LIMIT);
            let text = String::from_utf8_lossy(&output.stdout);
            assert!(text.contains("invalid value"), "{text:?}");
            for sequence in ["\u{1b}]52", "\u{1b}c", "\u{7}"] {
                assert!(
                    !text.contains(sequence),
                    "{sequence:?} reached the terminal: {text:?}"
                );
            }
        }
        Err(_) => println!("skipped: `script` (util-linux) is not available to provide a terminal"),
    }
}

#[test]
fn a_case_saved_with_a_byte_order_mark_loads() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Notepad", &[]);
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(fs::read(desk.case_path(&id)).unwrap());
    fs::write(desk.case_path(&id), bytes).unwrap();
    assert!(desk.ok(&["show", &id]).contains("Notepad"));
    desk.ok(&["note", &id, "after Notepad"]);
    desk.ok(&["validate"]);
}

#[test]
fn nul_and_invalid_utf8_errors_point_at_the_real_position() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Position", &[]);
    let text = with_line(&desk, &id, "title", "title: bad\0here");
    let line = text.lines().position(|l| l.starts_with("title:")).unwrap() + 1;
    fs::write(desk.case_path(&id), &text).unwrap();
    let message = stderr(&run(&desk, &["show", &id]));
    assert!(
        message.contains(&format!("{id}.yaml:{line}:11: ")),
        "{message}"
    );
    assert!(message.contains("NUL"), "{message}");
    let mut bytes = text.replace('\0', "").into_bytes();
    let offset = bytes.windows(4).position(|w| w == b"here").unwrap();
    bytes[offset] = 0xff;
    fs::write(desk.case_path(&id), &bytes).unwrap();
    for args in [
        vec!["show", id.as_str()],
        vec!["validate", desk.case_path(&id).to_str().unwrap()],
    ] {
        let message = stderr(&run(&desk, &args));
        assert!(
            message.contains(&format!("{id}.yaml:{line}:11: ")),
            "{args:?}: {message}"
        );
    }
}

#[test]
fn the_cache_is_private_and_usable_under_umask_277() {
    let desk = Desk::new();
    desk.new_case("tiny-approval", "Umask", &[]);
    // Old enough not to count as "just changed", so the index takes its row.
    // (Times are compared in whole seconds, two seconds back.)
    std::thread::sleep(Duration::from_millis(3100));
    for _ in 0..2 {
        let mut command = Command::new("sh");
        command
            .args(["-c", "umask 277 && exec \"$0\" list", BINARY])
            .env("MIGDESK_DATA_DIR", desk.dir.path());
        let output = output_within(&mut command, LIMIT);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    // The startup line in the log says how many rows the index gave.
    let state = tempfile::tempdir().unwrap();
    let mut command = Command::new(BINARY);
    // The tests read English whatever the machine's locale.
    command
        .env_remove("MIGDESK_LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    command
        .arg("list")
        .env("MIGDESK_DATA_DIR", desk.dir.path())
        .env("XDG_STATE_HOME", state.path())
        .env("MIGDESK_LOG", "debug");
    let output = output_within(&mut command, LIMIT);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let log = fs::read_to_string(state.path().join("migdesk/migdesk.log")).unwrap();
    assert!(log.contains("from_index=1"), "{log}");
    let mode = |path: &str| {
        fs::metadata(desk.dir.path().join(path))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("cache"), 0o700);
    assert_eq!(mode("cache/.queue-index.lock"), 0o600);
    assert_eq!(mode("cache/queue-index.jsonl"), 0o600);
}

#[test]
fn a_title_that_yaml_1_1_reads_as_a_timestamp_is_quoted() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "2001-12-14 21:59:43", &[]);
    let text = fs::read_to_string(desk.case_path(&id)).unwrap();
    assert!(text.contains("title: '2001-12-14 21:59:43'\n"), "{text}");
}

#[test]
fn a_revision_at_its_maximum_is_refused_not_wrapped() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Max", &[]);
    let text = with_line(&desk, &id, "revision", "revision: 18446744073709551615");
    fs::write(desk.case_path(&id), &text).unwrap();
    let output = run(&desk, &["note", &id, "one more"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("at its maximum"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(desk.case_path(&id)).unwrap(), text);
}

#[test]
fn a_bad_migdesk_now_is_an_error_naming_it() {
    let desk = Desk::new();
    for args in [vec!["list"], vec!["new", "tiny-approval", "--title", "x"]] {
        let mut command = desk.command_as("alice", &args);
        let output = output_within(command.env("MIGDESK_NOW", "garbage"), LIMIT);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("MIGDESK_NOW=`garbage`"),
            "{}",
            stderr(&output)
        );
    }
    assert!(!desk.case_path("MIG-0001").exists());
}

#[test]
fn a_case_at_the_size_cap_can_still_be_closed() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Huge", &[]);
    // Grown by hand to just under the cap, with notes that agree with the history.
    let mut text = fs::read_to_string(desk.case_path(&id)).unwrap();
    let note = "x".repeat(200);
    let mut notes = String::from("notes:\n");
    let mut events = String::new();
    let mut seq = text.matches("\n- seq: ").count() as u64;
    while (text.len() + notes.len() + events.len()) as u64
        <= MAX_CASE_FILE_BYTES - STATUS_RESERVE_BYTES / 2
    {
        seq += 1;
        notes.push_str(&format!(
            "- at: 2026-11-02T10:00:00Z\n  by: alice\n  text: {note}\n"
        ));
        events.push_str(&format!(
            "- seq: {seq}\n  at: 2026-11-02T10:00:00Z\n  by: alice\n  action: note\n  text: {note}\n"
        ));
    }
    assert!(text.contains("notes: []\n"), "{text}");
    text = text.replacen("notes: []\n", &notes, 1) + &events;
    fs::write(desk.case_path(&id), &text).unwrap();
    desk.ok(&["validate"]);
    let output = run(&desk, &["note", &id, "one more"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("migdesk status {id} cancelled")),
        "{message}"
    );
    assert_eq!(fs::read_to_string(desk.case_path(&id)).unwrap(), text);
    desk.ok(&["status", &id, "on_hold"]);
    desk.ok(&["status", &id, "cancelled"]);
    assert!(desk.ok(&["show", &id]).contains("cancelled"));
}

#[test]
fn new_allocates_past_a_stray_file() {
    let desk = Desk::new();
    let first = desk.new_case("tiny-approval", "First", &[]);
    fs::write(desk.case_path("MIG-999999999"), "").unwrap();
    fs::write(desk.case_path("MIG-0002"), "not a case").unwrap();
    let next = desk.new_case("tiny-approval", "Next", &[]);
    assert_eq!((first.as_str(), next.as_str()), ("MIG-0001", "MIG-0003"));
    assert_eq!(
        fs::read_to_string(desk.case_path("MIG-0002")).unwrap(),
        "not a case"
    );
    assert_eq!(fs::read(desk.case_path("MIG-999999999")).unwrap(), b"");
}

#[test]
fn no_lock_file_is_left_for_a_case_that_does_not_exist() {
    let desk = Desk::new();
    desk.new_case("tiny-approval", "Only", &[]);
    for args in [
        vec!["note", "MIG-00001", "x"],
        vec!["set", "MIG-0042", "seats=1"],
        vec!["status", "MIG-0099", "open"],
    ] {
        let output = run(&desk, &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).contains("does not exist"),
            "{}",
            stderr(&output)
        );
    }
    let locks: Vec<String> = fs::read_dir(desk.cases_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            name.ends_with(".lock") && name != ".create.lock" && name != ".MIG-0001.lock"
        })
        .collect();
    assert_eq!(locks, Vec::<String>::new());
}

#[test]
fn tags_outside_the_core_schema_are_refused_with_file_line_and_tag() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Tagged", &[]);
    let text = with_line(&desk, &id, "title", "title: !evil x");
    let line = text.lines().position(|l| l.starts_with("title:")).unwrap() + 1;
    fs::write(desk.case_path(&id), &text).unwrap();
    for args in [
        vec!["show", id.as_str()],
        vec!["validate"],
        vec!["note", id.as_str(), "n"],
    ] {
        let output = run(&desk, &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains(&format!("{id}.yaml:{line}:8: ")) && message.contains("`!evil`"),
            "{message}"
        );
    }
    assert_eq!(fs::read_to_string(desk.case_path(&id)).unwrap(), text);
}

#[test]
fn validate_checks_notes_and_each_steps_author_against_the_history() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Audited", &[]);
    desk.ok(&["note", &id, "kept in the history"]);
    let original = fs::read_to_string(desk.case_path(&id)).unwrap();
    let without_note = {
        let start = original.find("notes:\n").unwrap();
        let end = original[start..].find("history:\n").unwrap() + start;
        format!("{}{}", &original[..start], &original[end..])
    };
    desk.ok(&["check", &id, "draft"]);
    let checked = fs::read_to_string(desk.case_path(&id)).unwrap();
    let by_edited = checked.replacen("    by: alice\n", "    by: mallory\n", 1);
    assert_ne!(by_edited, checked);
    for (tampered, says) in [(without_note, "no longer holds"), (by_edited, "mallory")] {
        fs::write(desk.case_path(&id), &tampered).unwrap();
        let output = run(&desk, &["validate"]);
        assert_eq!(output.status.code(), Some(1), "{says}");
        assert!(stderr(&output).contains(says), "{}", stderr(&output));
    }
    fs::write(desk.case_path(&id), &checked).unwrap();
    desk.ok(&["validate"]);
}

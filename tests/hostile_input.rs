//! Hostile and broken case files through the real binary: each is refused
//! with a message that names the file (and the place in it, when there is
//! one) and says what to do, is never written to, and does not stop the
//! other cases from being listed.
#![allow(clippy::unwrap_used)]

mod harness;

use std::fs;
use std::os::unix::fs::symlink;
use std::time::{Duration, Instant};

use harness::{Desk, stderr, stdout};

/// What the person at the keyboard is told to do about a file that does not parse.
const FIX_BY_HAND: &str = "fix the file by hand or restore it from a backup";

struct Broken {
    name: &'static str,
    bytes: Vec<u8>,
    /// Part of the message that says what is wrong.
    says: &'static str,
    /// What to do.
    hint: &'static str,
    /// Whether the message points at a line and column.
    positioned: bool,
}

fn good_case_text(desk: &Desk) -> String {
    fs::read_to_string(desk.case_path("MIG-0001")).unwrap()
}

fn broken_files(good: &str) -> Vec<Broken> {
    let mut alias_bomb =
        String::from("schema: 1\nid: MIG-0002\nfacts:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let previous = format!("*a{}", level - 1);
        alias_bomb.push_str(&format!(
            "  a{level}: &a{level} [{}]\n",
            vec![previous; 10].join(", ")
        ));
    }
    let mut huge = good.replace("MIG-0001", "MIG-0002").into_bytes();
    let filler = b"# a stray log line that does not belong in a case file.........\n";
    while huge.len() < 50 * 1024 * 1024 {
        huge.extend_from_slice(filler);
    }
    let good = good.replace("MIG-0001", "MIG-0002");
    // `café` saved as Latin-1 by an old editor.
    let at = good.find("title: ").unwrap() + "title: ".len();
    let mut latin1 = good.as_bytes()[..at].to_vec();
    latin1.extend_from_slice(b"caf\xe9 ");
    latin1.extend_from_slice(&good.as_bytes()[at..]);
    vec![
        Broken {
            name: "alias bomb",
            bytes: alias_bomb.into_bytes(),
            says: "repetition limit",
            hint: FIX_BY_HAND,
            positioned: false,
        },
        Broken {
            name: "10,000 nested lists",
            bytes: format!("schema: 1\nid: MIG-0002\nfacts: {}\n", "[".repeat(10_000)).into_bytes(),
            says: "more than 128 levels deep",
            hint: FIX_BY_HAND,
            positioned: true,
        },
        Broken {
            name: "10,000 nested maps",
            bytes: format!(
                "schema: 1\nid: MIG-0002\nfacts: {}\n",
                "{a: ".repeat(10_000)
            )
            .into_bytes(),
            says: "more than 128 levels deep",
            hint: FIX_BY_HAND,
            positioned: true,
        },
        Broken {
            name: "a 50 MB file",
            bytes: huge,
            says: "more than a case file may be",
            hint: "move it out of the cases folder",
            positioned: false,
        },
        Broken {
            name: "a duplicate key",
            bytes: good
                .replacen("title: ", "title: twice\ntitle: ", 1)
                .into_bytes(),
            says: "duplicate entry with key \"title\"",
            hint: FIX_BY_HAND,
            positioned: true,
        },
        Broken {
            name: "a wrong type",
            bytes: good.replacen("status: open", "status: yes", 1).into_bytes(),
            says: "yes",
            hint: FIX_BY_HAND,
            positioned: true,
        },
        Broken {
            name: "two documents",
            bytes: format!("{good}---\n{good}").into_bytes(),
            says: "more than one YAML document",
            hint: FIX_BY_HAND,
            positioned: true,
        },
        Broken {
            name: "invalid UTF-8",
            bytes: latin1,
            says: "not UTF-8",
            hint: "save it as UTF-8",
            positioned: true,
        },
        Broken {
            name: "a truncated file",
            bytes: good.as_bytes()[..good.len() * 2 / 3].to_vec(),
            says: "",
            hint: FIX_BY_HAND,
            positioned: true,
        },
        Broken {
            name: "an empty file",
            bytes: Vec::new(),
            says: "holds nothing",
            hint: FIX_BY_HAND,
            positioned: false,
        },
    ]
}

/// Checks that `message` names `path`, points at a place in it if asked,
/// says what is wrong and what to do.
fn assert_explains(context: &str, message: &str, path: &str, broken: &Broken) {
    let line = message
        .lines()
        .find(|line| line.contains(path))
        .unwrap_or_else(|| panic!("{context}: {path} not named in {message:?}"));
    if broken.positioned {
        let after = &line[line.find(path).unwrap() + path.len()..];
        let mut parts = after.splitn(4, ':');
        let (_, row, column) = (parts.next(), parts.next(), parts.next());
        assert!(
            row.is_some_and(|r| r.parse::<usize>().is_ok())
                && column.is_some_and(|c| c.parse::<usize>().is_ok()),
            "{context}: no line and column in {line:?}"
        );
    }
    assert!(
        line.contains(broken.says),
        "{context}: {line:?} does not say {:?}",
        broken.says
    );
    assert!(
        line.contains(broken.hint),
        "{context}: {line:?} does not say {:?}",
        broken.hint
    );
}

#[test]
fn broken_case_files_are_explained_and_never_written() {
    let desk = Desk::new();
    desk.new_case("tiny-approval", "A good case", &[]);
    let good = good_case_text(&desk);
    let path = desk.case_path("MIG-0002");
    let shown_path = path.display().to_string();
    let mut checked = 0;
    for broken in broken_files(&good) {
        fs::write(&path, &broken.bytes).unwrap();
        let context = broken.name;
        let started = Instant::now();

        let list = desk.run(&["list"]);
        assert_eq!(list.status.code(), Some(0), "{context}: {}", stderr(&list));
        assert!(
            stdout(&list).contains("MIG-0001"),
            "{context}: the good case is still listed"
        );
        assert_explains(
            &format!("{context}, list"),
            &stderr(&list),
            &shown_path,
            &broken,
        );

        for args in [
            vec!["show", "MIG-0002"],
            vec!["note", "MIG-0002", "a note"],
            vec!["set", "MIG-0002", "seats=2"],
            vec!["export", "MIG-0002"],
            vec!["validate"],
        ] {
            let output = desk.run(&args);
            let context = format!("{context}, {}", args[0]);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{context}: {}",
                stderr(&output)
            );
            assert_explains(&context, &stderr(&output), &shown_path, &broken);
            assert_eq!(stdout(&output), "", "{context}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{context}: six commands took {:?}",
            started.elapsed()
        );
        assert!(
            fs::read(&path).unwrap() == broken.bytes,
            "{context}: the file was changed"
        );
        checked += 1;
    }
    println!(
        "{checked} kinds of broken file, each through list, show, note, set, export and validate"
    );
}

#[test]
fn validate_with_a_path_refuses_an_oversized_file_without_reading_it() {
    let desk = Desk::new();
    let path = desk.dir.path().join("MIG-0005.yaml");
    // Sparse: reading it would take long and fill memory; refusing it from its size is instant.
    fs::File::create(&path)
        .unwrap()
        .set_len(4 * 1024 * 1024 * 1024)
        .unwrap();
    let started = Instant::now();
    let output = desk.run(&["validate", path.to_str().unwrap()]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(&path.display().to_string())
            && message.contains("than a case file may be"),
        "{message}"
    );
}

#[test]
fn ids_that_could_name_other_files_are_refused_before_any_file_is_touched() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Real", &[]);
    let before = fs::read(desk.case_path(&id)).unwrap();
    // A file whose name differs from a case id only in case.
    fs::write(
        desk.cases_dir().join("mig-0007.yaml"),
        good_case_text(&desk),
    )
    .unwrap();
    for bad in [
        "../../x",
        "MIG-1/../..",
        "mig-0001",
        "Mig-0001",
        "MIG-0001/",
        "MIG-0001.yaml",
        "mig-0007",
        "",
    ] {
        for args in [
            vec!["show", bad],
            vec!["note", bad, "x"],
            vec!["set", bad, "seats=1"],
            vec!["check", bad, "draft"],
            vec!["skip", bad, "draft", "--reason", "x"],
            vec!["status", bad, "on_hold"],
            vec!["export", bad],
        ] {
            let output = desk.run(&args);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{args:?}: {}",
                stderr(&output)
            );
            assert!(
                stderr(&output).contains("is not a case id")
                    && stderr(&output).contains("MIG-0001"),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }
    let output = desk.run(&["list"]);
    assert!(
        stderr(&output).contains("mig-0007.yaml: the file name is not a case id")
            && stderr(&output).contains("rename it to its case id"),
        "{}",
        stderr(&output)
    );
    let output = desk.run(&["show", "MIG-0007"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("MIG-0007 does not exist"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(desk.case_path(&id)).unwrap(), before);
    assert!(!desk.dir.path().join("x").exists() && !desk.dir.path().join("x.yaml").exists());
    let names: Vec<_> = fs::read_dir(desk.cases_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn links_are_refused_and_what_they_point_at_is_untouched() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Linked", &[]);
    let outside = desk.dir.path().join("outside.yaml");
    fs::rename(desk.case_path(&id), &outside).unwrap();
    symlink(&outside, desk.case_path(&id)).unwrap();
    let original = fs::read(&outside).unwrap();
    let path = desk.case_path(&id).display().to_string();
    for args in [
        vec!["show", id.as_str()],
        vec!["note", id.as_str(), "through the link"],
        vec!["validate"],
    ] {
        let output = desk.run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains(&path)
                && message.contains("symbolic link")
                && message.contains("replace the link with the file itself"),
            "{args:?}: {message}"
        );
    }
    assert_eq!(fs::read(&outside).unwrap(), original);
    assert!(
        fs::symlink_metadata(desk.case_path(&id))
            .unwrap()
            .file_type()
            .is_symlink()
    );

    let id = desk.new_case("tiny-approval", "Hard-linked", &[]);
    let second_name = desk.dir.path().join("second-name.yaml");
    fs::hard_link(desk.case_path(&id), &second_name).unwrap();
    let original = fs::read(&second_name).unwrap();
    let path = desk.case_path(&id).display().to_string();
    for args in [
        vec!["show", id.as_str()],
        vec!["note", id.as_str(), "through the link"],
        vec!["list"],
    ] {
        let output = desk.run(&args);
        let message = stderr(&output);
        assert!(
            message.contains(&path)
                && message.contains("hard links")
                && message.contains("keep a single name"),
            "{args:?}: {message}"
        );
    }
    assert_eq!(fs::read(&second_name).unwrap(), original);
}

#[test]
fn a_case_from_a_newer_migdesk_is_shown_read_only_and_never_rewritten() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "From the future", &[]);
    let path = desk.case_path(&id);
    let newer = fs::read_to_string(&path)
        .unwrap()
        .replacen("schema: 1", "schema: 2", 1);
    fs::write(&path, &newer).unwrap();
    let shown = desk.ok(&["show", &id]);
    assert!(
        shown.contains("read-only") && shown.contains("newer migdesk"),
        "{shown}"
    );
    for args in [
        vec!["note", id.as_str(), "a note"],
        vec!["set", id.as_str(), "seats=2"],
        vec!["status", id.as_str(), "on_hold"],
    ] {
        let output = desk.run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains(&path.display().to_string())
                && message.contains("NOT saved")
                && message.contains("upgrade migdesk"),
            "{args:?}: {message}"
        );
    }
    assert!(desk.ok(&["list"]).contains(&id));
    assert_eq!(fs::read_to_string(&path).unwrap(), newer);
}

#[test]
fn a_case_whose_playbook_is_missing_is_reported_and_kept() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Orphaned", &[]);
    let other = desk.new_case("tiny-approval", "Fine", &[]);
    let path = desk.case_path(&id);
    let text = fs::read_to_string(&path).unwrap().replacen(
        "playbook: tiny-approval",
        "playbook: retired-flow",
        1,
    );
    fs::write(&path, &text).unwrap();
    let playbooks = desk.dir.path().join("playbooks").display().to_string();
    for (args, code) in [
        (vec!["list"], 0),
        (vec!["validate"], 1),
        (vec!["show", id.as_str()], 1),
        (vec!["note", id.as_str(), "a note"], 1),
        (vec!["set", id.as_str(), "seats=1"], 1),
        (vec!["export", id.as_str()], 1),
    ] {
        let output = desk.run(&args);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.contains(&path.display().to_string())
                && message.contains("playbook `retired-flow` is not installed")
                && (message.contains(&format!("install it in {playbooks}"))
                    || message.contains(&format!("install the playbook in {playbooks}"))),
            "{args:?}: {message}"
        );
    }
    assert!(desk.ok(&["list"]).contains(&other));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_step_dropped_from_the_playbook_keeps_its_tick() {
    let desk = Desk::new();
    let id = desk.new_case("open-text", "Before the change", &[]);
    desk.ok(&["check", &id, "extra"]);
    // Version 2 of the playbook drops the step the case has ticked.
    let playbook_path = desk.dir.path().join("playbooks/open-text.yaml");
    let version_2 = fs::read_to_string(&playbook_path)
        .unwrap()
        .replace("version: 1", "version: 2")
        .replace("      - id: extra\n        title: \"Optional extra\"\n", "");
    assert!(!version_2.contains("id: extra"));
    fs::write(&playbook_path, version_2).unwrap();

    let shown = desk.ok(&["show", &id]);
    assert!(
        shown.contains("[x] extra — no longer in the playbook (kept)"),
        "{shown}"
    );
    desk.ok(&["note", &id, "after the playbook changed"]);
    let json = desk.json(&["show", &id, "--json"]);
    assert_eq!(json["orphan_steps"], serde_json::json!(["extra"]));
    let text = fs::read_to_string(desk.case_path(&id)).unwrap();
    assert!(text.contains("  extra:\n    state: done\n"), "{text}");
    desk.ok(&["validate"]);
}

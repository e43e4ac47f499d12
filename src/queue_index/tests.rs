//! The index stays honest: whatever happened to the case files or to the
//! index itself, a load gives the queue a full scan of the files gives.
#![allow(clippy::unwrap_used)]

use std::fs::{self, File, FileTimes};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::catalog::Catalog;
use crate::store::{DataDir, Store};

mod cores;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn today() -> NaiveDate {
    now().date_naive()
}

/// A clock far enough ahead that no file counts as just changed.
fn later() -> i64 {
    Utc::now().timestamp() + 3600
}

struct Fixture {
    _directory: tempfile::TempDir,
    store: Store,
    catalog: Catalog,
}

impl Fixture {
    fn new(cases: u64) -> Fixture {
        let directory = tempfile::tempdir().unwrap();
        let data_dir = DataDir::new(directory.path());
        let catalog = Catalog::shipped();
        crate::generate::write_cases(&data_dir, &catalog, cases, 3, now()).unwrap();
        Fixture {
            store: Store::open(data_dir).unwrap(),
            _directory: directory,
            catalog,
        }
    }

    fn case_path(&self, id: &str) -> std::path::PathBuf {
        self.store.case_path(id).unwrap()
    }

    fn index_path(&self) -> std::path::PathBuf {
        QueueIndex::path(self.store.data_dir().root())
    }

    fn load(&self) -> QueueLoad {
        let load = load_at(
            &self.store,
            &self.catalog,
            today(),
            later(),
            &LoadProgress::default(),
        );
        self.assert_same_as_full_scan(&load);
        load
    }

    /// The queue as parsing every file gives it.
    fn assert_same_as_full_scan(&self, load: &QueueLoad) {
        self.assert_same_as_full_scan_with(load, &self.catalog);
    }

    /// The queue as parsing every file gives it with the playbooks of `catalog`.
    fn assert_same_as_full_scan_with(&self, load: &QueueLoad, catalog: &Catalog) {
        let report = self.store.load_all();
        let expected: Vec<QueueRow> = report
            .cases
            .iter()
            .map(|loaded| QueueRow::of(loaded, catalog.get(&loaded.case.playbook), today()))
            .collect();
        assert_eq!(load.rows, expected);
        let paths = |errors: &[CaseFileError]| {
            errors
                .iter()
                .map(|e| (e.path.clone(), e.kind))
                .collect::<Vec<_>>()
        };
        assert_eq!(paths(&load.errors), paths(&report.errors));
    }
}

fn stats(reused: usize, parsed: usize, update: IndexUpdate) -> IndexStats {
    IndexStats {
        reused,
        parsed,
        reevaluated: 0,
        update,
    }
}

/// Stats of a load where every row was evaluated again from the cores.
fn evaluated_again(reevaluated: usize, update: IndexUpdate) -> IndexStats {
    IndexStats {
        reevaluated,
        ..stats(0, 0, update)
    }
}

#[test]
fn a_second_load_reads_the_index_only() {
    let fixture = Fixture::new(30);
    assert_eq!(fixture.load().stats, stats(0, 30, IndexUpdate::Rewritten));
    let second = fixture.load();
    assert_eq!(second.stats, stats(30, 0, IndexUpdate::Unchanged));
    assert_eq!(second.rows.len(), 30);
    assert!(second.rows[0].search_text.contains(&second.rows[0].title));
}

#[test]
fn edited_files_are_parsed_again_even_at_the_same_size() {
    let fixture = Fixture::new(20);
    fixture.load();
    let path = fixture.case_path("MIG-0003");
    let old_modified = fs::metadata(&path).unwrap().modified().unwrap();

    // Same size, different title, modification time moved on.
    let text = fs::read_to_string(&path).unwrap();
    let title_line = text.lines().find(|l| l.starts_with("title: ")).unwrap();
    let mut changed = title_line.to_string();
    changed.replace_range(7..8, if &title_line[7..8] == "X" { "Y" } else { "X" });
    fs::write(&path, text.replacen(title_line, &changed, 1)).unwrap();
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_times(FileTimes::new().set_modified(old_modified + Duration::from_secs(7)))
        .unwrap();
    let load = fixture.load();
    assert_eq!(load.stats, stats(19, 1, IndexUpdate::Appended(1)));
    assert!(load.rows.iter().any(|row| row.title == changed[7..]));

    // Same size again, and the old modification time put back: the change
    // time still tells.
    fs::write(&path, &text).unwrap();
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_times(FileTimes::new().set_modified(old_modified))
        .unwrap();
    assert_eq!(fixture.load().stats.parsed, 1);
    assert_eq!(fixture.load().stats, stats(20, 0, IndexUpdate::Unchanged));
}

#[test]
fn deleted_and_broken_case_files_leave_the_queue() {
    let fixture = Fixture::new(20);
    fixture.load();
    fs::remove_file(fixture.case_path("MIG-0005")).unwrap();
    fs::write(fixture.case_path("MIG-0007"), "schema: 1\nid: [unclosed\n").unwrap();
    fs::write(
        fixture.store.data_dir().cases_dir().join("notes.yaml"),
        "not a case",
    )
    .unwrap();
    let load = fixture.load();
    assert!(
        !load
            .rows
            .iter()
            .any(|row| row.id == "MIG-0005" || row.id == "MIG-0007")
    );
    assert_eq!(load.errors.len(), 2);
    // Both stale lines are withdrawn from the index; the broken file is not indexed.
    assert_eq!(load.stats, stats(18, 1, IndexUpdate::Appended(2)));
    let again = fixture.load();
    assert_eq!(again.stats, stats(18, 1, IndexUpdate::Unchanged));
}

#[test]
fn a_damaged_or_missing_index_is_rebuilt() {
    let fixture = Fixture::new(25);
    fixture.load();
    let index = fixture.index_path();
    let good = fs::read(&index).unwrap();
    // The case files did not change: their cores answer for them.
    let rebuilt = evaluated_again(25, IndexUpdate::Rewritten);

    fs::write(&index, b"garbage\n").unwrap();
    assert_eq!(fixture.load().stats, rebuilt);

    fs::write(&index, &good[..good.len() / 2]).unwrap();
    assert_eq!(fixture.load().stats, rebuilt);

    // Cut at a line boundary: every line present is whole, but one is missing
    // its newline at the end.
    fs::write(&index, &good[..good.len() - 1]).unwrap();
    assert_eq!(fixture.load().stats, rebuilt);

    // One byte changed inside a row: the line's checksum no longer matches.
    let mut flipped = good.clone();
    let position = good.len() * 2 / 3;
    flipped[position] = if good[position] == b'7' { b'8' } else { b'7' };
    fs::write(&index, &flipped).unwrap();
    assert_eq!(fixture.load().stats, rebuilt);

    fs::remove_file(&index).unwrap();
    assert_eq!(fixture.load().stats, rebuilt);
    assert_eq!(fs::read(&index).unwrap().len(), good.len());
}

#[test]
fn files_changed_just_now_are_not_indexed_yet() {
    let fixture = Fixture::new(10);
    // The files were written a moment ago: with the real clock they are too
    // recent to trust their times, so they are parsed again next time.
    let now = Utc::now().timestamp();
    let first = load_at(
        &fixture.store,
        &fixture.catalog,
        today(),
        now,
        &LoadProgress::default(),
    );
    assert_eq!(first.rows.len(), 10);
    let second = load_at(
        &fixture.store,
        &fixture.catalog,
        today(),
        now,
        &LoadProgress::default(),
    );
    assert_eq!(second.stats.parsed, 10);
    // Once they are old enough, they are indexed.
    assert_eq!(fixture.load().stats.parsed, 10);
    assert_eq!(fixture.load().stats.parsed, 0);
}

#[test]
fn many_changes_compact_the_index() {
    let fixture = Fixture::new(8);
    fixture.load();
    let path = fixture.case_path("MIG-0002");
    let mut last = IndexUpdate::Unchanged;
    for round in 0..12 {
        let modified = SystemTime::now() - Duration::from_secs(100 + round);
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_times(FileTimes::new().set_modified(modified))
            .unwrap();
        last = fixture.load().stats.update;
        if last == IndexUpdate::Rewritten {
            break;
        }
        assert_eq!(last, IndexUpdate::Appended(1));
    }
    assert_eq!(last, IndexUpdate::Rewritten);
    let lines = fs::read_to_string(fixture.index_path())
        .unwrap()
        .lines()
        .count();
    assert_eq!(lines, 1 + 8);
}

#[test]
fn a_playbook_change_voids_every_row() {
    let fixture = Fixture::new(5);
    fixture.load();
    let fewer = Catalog::from_playbooks(
        Catalog::shipped()
            .entries()
            .iter()
            .filter(|entry| entry.playbook.id() != "onprem-to-saas")
            .map(|entry| entry.playbook.clone())
            .collect(),
    );
    let load = load_at(
        &fixture.store,
        &fewer,
        today(),
        later(),
        &LoadProgress::default(),
    );
    assert_eq!(load.stats, evaluated_again(5, IndexUpdate::Rewritten));
}

#[test]
fn overdue_is_decided_on_the_day_it_is_read() {
    let standing = Standing {
        changes_requested: None,
        status: DerivedStatus::InProgress,
        blocker: None,
        done: 1,
        total: 3,
        due: NaiveDate::from_ymd_opt(2026, 3, 10),
        awaiting_review: Vec::new(),
        done_at: None,
        review_waits: Vec::new(),
        holds: Vec::new(),
    };
    assert!(!standing.overdue(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()));
    assert!(standing.overdue(NaiveDate::from_ymd_opt(2026, 3, 11).unwrap()));
    let done = Standing {
        status: DerivedStatus::Done,
        ..standing
    };
    assert!(!done.overdue(NaiveDate::from_ymd_opt(2026, 3, 11).unwrap()));
}

#[test]
fn shipped_playbooks_do_not_depend_on_the_day() {
    // `target_date_passed` reads `today`, but it is a warning: rows do not show it.
    assert!(playbooks_reading_today(&Catalog::shipped()).is_empty());
}

#[test]
fn rows_of_a_playbook_reading_today_are_evaluated_again_the_next_day() {
    let playbook = crate::catalog::parse_playbook(
        "deadline.yaml",
        r#"
id: deadline
version: 1
title: "Deadline"
language: en
facts:
  - id: deadline
    type: date
    label: "Deadline"
phases:
  - id: main
    title: "Main"
    steps:
      - id: only
        title: "The only step"
rules:
  - id: too_late
    kind: blocker
    if: "today > deadline"
    message: "The deadline has passed."
"#,
    )
    .unwrap();
    let catalog = Catalog::from_playbooks(vec![playbook]);
    assert!(playbooks_reading_today(&catalog).contains("deadline"));
    let directory = tempfile::tempdir().unwrap();
    let store = Store::open(DataDir::new(directory.path())).unwrap();
    let case = crate::engine::new_case(
        catalog.get("deadline").unwrap(),
        "MIG-0001",
        "Salon Léa",
        "léa",
        vec![(
            "deadline".to_string(),
            Some(crate::model::FactValue::Text("2026-03-10".to_string())),
        )],
        &crate::engine::Actor::new("léa", now()),
    )
    .unwrap();
    store.save(&case, None).unwrap();

    let status = |load: &QueueLoad| load.rows[0].standing.as_ref().unwrap().status;
    let on_the_day = load_at(&store, &catalog, today(), later(), &LoadProgress::default());
    assert_eq!(status(&on_the_day), DerivedStatus::InProgress);
    let same_day = load_at(&store, &catalog, today(), later(), &LoadProgress::default());
    assert_eq!(same_day.stats, stats(1, 0, IndexUpdate::Unchanged));
    let next_day = today().succ_opt().unwrap();
    let after = load_at(
        &store,
        &catalog,
        next_day,
        later(),
        &LoadProgress::default(),
    );
    assert_eq!(after.stats, evaluated_again(1, IndexUpdate::Appended(1)));
    assert_eq!(status(&after), DerivedStatus::Blocked);
}

#[test]
fn progress_counts_the_files_listed_and_parsed() {
    let fixture = Fixture::new(12);
    let cold = LoadProgress::default();
    load_at(&fixture.store, &fixture.catalog, today(), later(), &cold);
    assert_eq!(
        cold.counts(),
        ProgressCounts {
            files: 12,
            to_parse: 12,
            parsed: 12
        }
    );
    fs::write(fixture.case_path("MIG-0004"), "id: [unclosed\n").unwrap();
    let warm = LoadProgress::default();
    let load = load_at(&fixture.store, &fixture.catalog, today(), later(), &warm);
    assert_eq!(load.errors.len(), 1);
    // A broken file counts as read: the line reaches 100%.
    assert_eq!(
        warm.counts(),
        ProgressCounts {
            files: 12,
            to_parse: 1,
            parsed: 1
        }
    );
}

#[test]
fn a_standing_keeps_its_status_name_and_refuses_an_unknown_one() {
    let standing = Standing {
        changes_requested: None,
        status: DerivedStatus::InReview,
        blocker: None,
        done: 1,
        total: 4,
        due: None,
        awaiting_review: vec!["approve".to_string()],
        done_at: None,
        review_waits: Vec::new(),
        holds: vec![Hold::Blocker {
            rule: "debts".to_string(),
        }],
    };
    let json = serde_json::to_string(&standing).unwrap();
    assert!(json.contains(r#""status":"in_review""#), "{json}");
    assert_eq!(serde_json::from_str::<Standing>(&json).unwrap(), standing);
    let unknown = json.replace("in_review", "waiting");
    assert!(serde_json::from_str::<Standing>(&unknown).is_err());
}

#[test]
fn a_row_is_used_only_for_the_file_it_names() {
    let fixture = Fixture::new(3);
    fixture.load();
    // A line with a valid checksum whose row claims another id than its file.
    let index = fixture.index_path();
    let text = fs::read_to_string(&index).unwrap();
    let line = text
        .lines()
        .find(|line| line.contains("\"file\":\"MIG-0002.yaml\""))
        .unwrap();
    let mut entry: journal::Entry = serde_json::from_str(&line[17..]).unwrap();
    entry.row.as_mut().unwrap().id = "MIG-0009".to_string();
    let json = serde_json::to_vec(&entry).unwrap();
    let forged = format!(
        "{:016x} {}\n",
        journal::checksum(&json),
        String::from_utf8(json).unwrap()
    );
    fs::write(&index, text + &forged).unwrap();
    // `load` checks the rows against a full scan of the files.
    let load = fixture.load();
    let ids: Vec<&str> = load.rows.iter().map(|row| row.id.as_str()).collect();
    assert_eq!(ids, ["MIG-0001", "MIG-0002", "MIG-0003"]);
    assert_eq!(load.stats.reevaluated, 1, "the forged row is made again");
}

#[test]
fn temporary_files_of_killed_rewrites_are_swept() {
    let fixture = Fixture::new(2);
    fixture.load();
    let cache = fixture.index_path().parent().unwrap().to_path_buf();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let leftovers = [
        cache.join(format!(".queue-index.{dead}.tmp")),
        cache.join(format!(".queue-index.{dead}.00ff00ff00ff00ff.tmp")),
    ];
    for leftover in &leftovers {
        fs::write(leftover, b"half an index").unwrap();
    }
    let mine = cache.join(format!(".queue-index.{}.tmp", std::process::id()));
    fs::write(&mine, b"a rewrite in progress").unwrap();
    let unrelated = cache.join("notes.tmp");
    fs::write(&unrelated, b"not ours").unwrap();
    // Nothing changed, so the index is not rewritten: the sweep is the load's.
    assert_eq!(fixture.load().stats.update, IndexUpdate::Unchanged);
    for leftover in &leftovers {
        assert!(!leftover.exists(), "{}", leftover.display());
    }
    assert!(mine.exists() && unrelated.exists());
}

#[test]
fn an_index_that_is_a_fifo_or_a_link_to_a_device_is_not_read() {
    for kind in ["fifo", "link"] {
        let fixture = Fixture::new(2);
        fixture.load();
        let index = fixture.index_path();
        fs::remove_file(&index).unwrap();
        match kind {
            "fifo" => rustix::fs::mknodat(
                rustix::fs::CWD,
                &index,
                rustix::fs::FileType::Fifo,
                rustix::fs::Mode::from_raw_mode(0o600),
                0,
            )
            .unwrap(),
            _ => std::os::unix::fs::symlink("/dev/zero", &index).unwrap(),
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let store = fixture.store.clone();
        let catalog = Catalog::shipped();
        std::thread::spawn(move || {
            let load = load_at(&store, &catalog, today(), later(), &LoadProgress::default());
            let _ = sender.send(load.rows.len());
        });
        let rows = receiver.recv_timeout(Duration::from_secs(20));
        assert_eq!(rows, Ok(2), "{kind}: the load must answer");
        // The planted file is replaced by a real index, never written through.
        let metadata = fs::symlink_metadata(&index).unwrap();
        assert!(metadata.is_file(), "{kind}");
    }
}

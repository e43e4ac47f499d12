//! Crash safety under SIGKILL: a process that keeps saving a large case is
//! killed at hundreds of random moments. After every kill the case file is
//! byte for byte one of the two versions the process could have left (the
//! last one it finished saving, or the one it was saving), it loads, and
//! the temporary file a killed save leaves behind is swept up by the next
//! start of the store.
//!
//! The process that gets killed is this test binary run again with
//! `SAVE_LOOP_DIR` set, which makes `save_loop_child` run the save loop
//! instead of returning at once. It saves through the public store API,
//! with a file system that announces when a save starts writing (so some
//! kills can be aimed at the write) and accepts at most 16 KiB per write
//! call, as a slow disk may, so a kill can land between two writes of the
//! same file.
#![allow(clippy::unwrap_used)]

mod harness;

use harness::temporary_files;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use migdesk::catalog::Catalog;
use migdesk::model::case::CASE_SCHEMA;
use migdesk::model::{Case, CaseStatus, Event, EventKind, FactValue, Note};
use migdesk::queue_index::QueueIndex;
use migdesk::store::{
    DataDir, FileSystem, Fingerprint, RealFileSystem, Store, case_from_yaml, case_to_yaml,
};

const CHILD_DIR_ENV: &str = "SAVE_LOOP_DIR";
const CHILD_REVISION_ENV: &str = "SAVE_LOOP_REVISION";
const CASE_ID: &str = "MIG-0001";
const KILLS: usize = 500;
const MAX_DELAY_MICROS: u64 = 20_000;
const WRITE_CHUNK: usize = 16 * 1024;

/// Version `revision` of the case: about 300 KiB, with the revision in
/// every note, so any mix of two versions differs from both.
fn version(revision: u64) -> Case {
    let at = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let notes = (0..120)
        .map(|index| Note {
            at,
            by: "ana".to_string(),
            text: format!(
                "revision {revision}, note {index}: {}",
                "called the customer about the migration; ".repeat(45)
            ),
        })
        .collect();
    let history = (1..=200)
        .map(|seq| {
            let mut event = Event::new(seq, at, "ana", EventKind::Note);
            event.text = Some(format!("revision {revision}, event {seq}"));
            event
        })
        .collect();
    Case {
        schema: CASE_SCHEMA,
        id: CASE_ID.to_string(),
        playbook: "tiny-approval".to_string(),
        playbook_version: 1,
        title: format!("Large case, revision {revision}"),
        assignee: "ana".to_string(),
        created: at.fixed_offset(),
        due: None,
        due_override: None,
        status: CaseStatus::Open,
        demo: false,
        revision,
        facts: BTreeMap::from([(
            "seats".to_string(),
            FactValue::Integer(i64::try_from(revision).unwrap()),
        )]),
        steps: BTreeMap::new(),
        notes,
        history,
        merge_notices: Vec::new(),
    }
}

/// The bytes of each version, made once.
#[derive(Default)]
struct Versions(BTreeMap<u64, Vec<u8>>);

impl Versions {
    fn bytes(&mut self, revision: u64) -> &Vec<u8> {
        self.0
            .entry(revision)
            .or_insert_with(|| case_to_yaml(&version(revision)).unwrap().into_bytes())
    }

    fn forget_below(&mut self, revision: u64) {
        self.0.retain(|kept, _| *kept >= revision);
    }
}

/// The real file system, except that it says on stdout when a save starts
/// writing, and writes at most [`WRITE_CHUNK`] bytes per call.
#[derive(Debug)]
struct AnnouncingFileSystem;

impl FileSystem for AnnouncingFileSystem {
    fn create_new(&self, path: &Path, mode: u32) -> std::io::Result<File> {
        announce("WRITING");
        RealFileSystem.create_new(path, mode)
    }
    fn write(&self, file: &mut File, bytes: &[u8]) -> std::io::Result<usize> {
        let end = bytes.len().min(WRITE_CHUNK);
        RealFileSystem.write(file, &bytes[..end])
    }
    fn sync(&self, file: &File) -> std::io::Result<()> {
        RealFileSystem.sync(file)
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        RealFileSystem.rename(from, to)
    }
    fn sync_dir(&self, dir: &Path) -> std::io::Result<()> {
        RealFileSystem.sync_dir(dir)
    }
    fn remove(&self, path: &Path) -> std::io::Result<()> {
        RealFileSystem.remove(path)
    }
}

/// Written straight to the process's stdout (not the test harness's
/// captured output) and flushed, so the parent sees each line before the
/// step it announces.
fn announce(line: &str) {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(format!("{line}\n").as_bytes()).unwrap();
    stdout.flush().unwrap();
}

/// The save loop, when run as the child; a no-op in a normal test run.
#[test]
fn save_loop_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR_ENV) else {
        return;
    };
    let mut revision: u64 = std::env::var(CHILD_REVISION_ENV).unwrap().parse().unwrap();
    let store = Store::open_with_file_system(
        DataDir::new(PathBuf::from(dir)),
        Arc::new(AnnouncingFileSystem),
    )
    .unwrap();
    announce("READY");
    // The parent knows which version is on disk; trusting it saves a parse
    // here, and a wrong guess would fail the save as a conflict.
    let bytes = fs::read(store.data_dir().cases_dir().join(format!("{CASE_ID}.yaml"))).unwrap();
    let mut fingerprint = Fingerprint::of(revision, &bytes);
    loop {
        let next = version(revision + 1);
        announce(&format!("SAVING {}", revision + 1));
        fingerprint = store.save(&next, Some(&fingerprint)).unwrap();
        revision += 1;
        announce(&format!("SAVED {revision}"));
    }
}

/// A small deterministic generator, so a failure can be replayed from its seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

fn spawn_child(dir: &Path, revision: u64) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "save_loop_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR_ENV, dir)
        .env(CHILD_REVISION_ENV, revision.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    (child, receiver)
}

/// Waits for the child to print `wanted`; false if it exited first.
fn wait_for(receiver: &mpsc::Receiver<String>, lines: &mut Vec<String>, wanted: &str) -> bool {
    while let Ok(line) = receiver.recv_timeout(Duration::from_secs(30)) {
        let found = line == wanted || line.starts_with(&format!("{wanted} "));
        lines.push(line);
        if found {
            return true;
        }
    }
    false
}

fn last_number(lines: &[String], prefix: &str) -> Option<u64> {
    lines
        .iter()
        .rev()
        .find_map(|line| line.strip_prefix(prefix)?.trim().parse().ok())
}

#[test]
fn a_case_survives_five_hundred_kills_mid_save() {
    if std::env::var_os(CHILD_DIR_ENV).is_some() {
        return;
    }
    let started = Instant::now();
    // Two data folders killed side by side, one per core.
    let loops: Vec<_> = [0x5EED_0FC0_FFEE_u64, 0xDEAD_BEEF_0BAD_F00D]
        .into_iter()
        .map(|seed| std::thread::spawn(move || kill_loop(seed, KILLS / 2)))
        .collect();
    let mut stats = Stats::default();
    let mut size = 0;
    for handle in loops {
        let (loop_stats, loop_size) = handle.join().unwrap();
        stats.add(&loop_stats);
        size = loop_size;
    }
    println!(
        "{KILLS} kills in {:.1}s on a {size}-byte case: {stats:?}",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(stats.kills(), KILLS);
    assert!(
        stats.while_writing > 0 && stats.temporary_files_left > 0,
        "no kill landed inside a save's write: {stats:?}"
    );
    assert!(stats.new_version_in_place > 0, "{stats:?}");
}

/// Kills `kills` save loops in a row on one data folder, checking the case
/// file after each; returns where the kills landed and the file's size.
fn kill_loop(seed: u64, kills: usize) -> (Stats, u64) {
    let directory = tempfile::tempdir().unwrap();
    let data_dir = DataDir::new(directory.path().join("data"));
    let store = Store::open(data_dir.clone()).unwrap();
    let cases_dir = data_dir.cases_dir();
    let case_path = cases_dir.join(format!("{CASE_ID}.yaml"));
    store.save(&version(1), None).unwrap();
    let catalog = Catalog::shipped();
    let today = Utc
        .with_ymd_and_hms(2026, 11, 2, 10, 0, 0)
        .unwrap()
        .date_naive();
    let size = fs::metadata(&case_path).unwrap().len();
    assert!(
        (200 * 1024..migdesk::store::MAX_CASE_FILE_BYTES).contains(&size),
        "the case is {size} bytes"
    );

    let mut random = Random(seed);
    let mut on_disk = 1;
    let mut versions = Versions::default();
    let mut stats = Stats::default();
    for kill in 0..kills {
        let (mut child, receiver) = spawn_child(data_dir.root(), on_disk);
        let mut lines = Vec::new();
        // A quarter of the kills land anywhere from the start of the
        // process; the rest from the moment a save starts writing.
        let aimed_at_write = random.below(4) != 0;
        if aimed_at_write {
            assert!(
                wait_for(&receiver, &mut lines, "WRITING"),
                "kill {kill}: the child stopped before writing: {lines:?} {}",
                child_stderr(&mut child)
            );
        }
        std::thread::sleep(Duration::from_micros(random.below(MAX_DELAY_MICROS + 1)));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let context = format!("kill {kill} (seed {seed:#x})");
        assert!(
            !status.success(),
            "{context}: the child ended by itself: {}",
            child_stderr(&mut child)
        );
        lines.extend(receiver.iter());

        let saved = last_number(&lines, "SAVED ").unwrap_or(on_disk);
        let saving = last_number(&lines, "SAVING ").filter(|saving| *saving > saved);
        let bytes = fs::read(&case_path).unwrap();
        let found = [Some(saved), saving]
            .into_iter()
            .flatten()
            .find(|revision| bytes == *versions.bytes(*revision))
            .unwrap_or_else(|| {
                panic!(
                    "{context}: the file is neither revision {saved} nor the one being saved ({saving:?}); the child said {lines:?}"
                )
            });
        stats.count(&lines, found, saving);
        if found != on_disk {
            // The bytes are exactly those of a version; that version must load.
            let parsed = case_from_yaml(&case_path, std::str::from_utf8(&bytes).unwrap());
            assert_eq!(parsed.unwrap(), version(found), "{context}");
            on_disk = found;
        }

        if !temporary_files(&cases_dir).is_empty() {
            stats.temporary_files_left += 1;
        }
        // The next start sweeps up what the killed save left: mostly by
        // reading the queue (as the app and `list` do), now and then by
        // reading every case (as `validate` does).
        if kill % 5 == 0 {
            let report = store.load_all();
            assert!(report.errors.is_empty(), "{context}: {:?}", report.errors);
            assert_eq!(report.cases[0].case.revision, found, "{context}");
        } else {
            let queue = QueueIndex::load_or_rebuild(
                &Store::open(data_dir.clone()).unwrap(),
                &catalog,
                today,
            );
            assert!(queue.errors.is_empty(), "{context}: {:?}", queue.errors);
            assert_eq!(queue.rows.len(), 1, "{context}");
        }
        assert_eq!(
            temporary_files(&cases_dir),
            Vec::<String>::new(),
            "{context}: left behind after the next start"
        );
        versions.forget_below(on_disk);
    }
    assert_eq!(store.load(CASE_ID).unwrap().case, version(on_disk));
    (stats, size)
}

/// Where the kills landed, to show they covered every part of a save.
#[derive(Debug, Default)]
struct Stats {
    /// Killed before the child started its first save.
    before_any_save: usize,
    /// Killed while a save was preparing its text, before it wrote anything.
    while_preparing: usize,
    /// Killed after a save started writing its temporary file, before it returned.
    while_writing: usize,
    /// Of those, how many had already renamed the new version into place.
    new_version_in_place: usize,
    /// Killed after a save returned, before the next one started.
    between_saves: usize,
    /// Kills after which a temporary file was on disk (all swept up).
    temporary_files_left: usize,
    /// The highest revision on disk after the last kill of a loop.
    last_revision: u64,
}

impl Stats {
    fn kills(&self) -> usize {
        self.before_any_save + self.while_preparing + self.while_writing + self.between_saves
    }

    fn add(&mut self, other: &Stats) {
        self.before_any_save += other.before_any_save;
        self.while_preparing += other.while_preparing;
        self.while_writing += other.while_writing;
        self.new_version_in_place += other.new_version_in_place;
        self.between_saves += other.between_saves;
        self.temporary_files_left += other.temporary_files_left;
        self.last_revision = self.last_revision.max(other.last_revision);
    }

    fn count(&mut self, lines: &[String], found: u64, saving: Option<u64>) {
        self.last_revision = found;
        let last = lines.iter().rev().find(|line| {
            ["SAVING", "WRITING", "SAVED"]
                .iter()
                .any(|p| line.starts_with(p))
        });
        match last.map(|line| line.split(' ').next().unwrap_or_default()) {
            None => self.before_any_save += 1,
            Some("SAVING") => self.while_preparing += 1,
            Some("WRITING") => {
                self.while_writing += 1;
                if Some(found) == saving {
                    self.new_version_in_place += 1;
                }
            }
            _ => self.between_saves += 1,
        }
    }
}

fn child_stderr(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
    }
    text
}

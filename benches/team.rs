//! Team mode at 10,000 generated cases, a bare repository over `file://`
//! and two clones: a save in a team repository against one in a plain data
//! directory (team mode must cost at most twice as much), the status the
//! app's sync thread reads after each save, a sync with nothing to do
//! (target ≤ 300 ms), a sync that brings in 100 changed cases, and one
//! that sends 100 (one commit per case). Git
//! runs with no configuration of the machine (`HOME`, `GIT_CONFIG_GLOBAL`,
//! `GIT_CONFIG_NOSYSTEM`), as in the tests.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use migdesk::catalog::Catalog;
use migdesk::engine::{Actor, Change, apply};
use migdesk::generate::write_cases;
use migdesk::store::{DataDir, Store};
use migdesk::team;

const CASES: u64 = 10_000;
const CHANGED: usize = 100;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn git(directory: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(directory)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// A team of two clones of 10,000 cases, both in sync.
struct Bench {
    _root: tempfile::TempDir,
    first: DataDir,
    second: DataDir,
}

fn team_of_two() -> Bench {
    let root = tempfile::tempdir().unwrap();
    let remote = root.path().join("remote.git");
    git(
        root.path(),
        &[
            "init",
            "--quiet",
            "--bare",
            "--initial-branch",
            "main",
            &remote.to_string_lossy(),
        ],
    );
    let url = format!("file://{}", remote.display());
    let first = DataDir::new(root.path().join("first"));
    write_cases(&first, &Catalog::shipped(), CASES, 1, now()).unwrap();
    team::init(&first, &url, "alice").unwrap();
    let second = DataDir::new(root.path().join("second"));
    team::join(&second, &url, "alice").unwrap();
    Bench {
        _root: root,
        first,
        second,
    }
}

/// A note on `count` cases of `store`, as an agent would add them.
fn change_cases(store: &Store, count: usize) {
    let catalog = Catalog::shipped();
    let step = CASES as usize / count;
    for number in (1..=CASES as usize).step_by(step).take(count) {
        store
            .update(&format!("MIG-{number:04}"), |case| {
                let playbook = catalog.get(&case.playbook).unwrap();
                let note = Change::Note {
                    text: "called the customer".to_string(),
                };
                apply(playbook, case, note, &Actor::new("alice", now())).map(|_| ())
            })
            .unwrap();
    }
}

fn save(criterion: &mut Criterion, bench: &Bench) {
    let mut group = criterion.benchmark_group("team save");
    let plain_root = tempfile::tempdir().unwrap();
    let plain = DataDir::new(plain_root.path());
    write_cases(&plain, &Catalog::shipped(), CASES, 1, now()).unwrap();
    for (name, data_dir) in [
        ("without team mode, 10,000 cases", &plain),
        ("in a team repository, 10,000 cases", &bench.first),
    ] {
        let store = Store::open(data_dir.clone()).unwrap();
        let loaded = store.load("MIG-0042").unwrap();
        let mut case = loaded.case;
        let mut fingerprint = loaded.fingerprint;
        group.bench_function(name, |bencher| {
            bencher.iter(|| {
                case.revision += 1;
                fingerprint = store.save(&case, Some(&fingerprint)).unwrap();
            })
        });
    }
    group.finish();
    // The saves above are for timing only: put the repository back in sync.
    team::sync(&bench.first, "alice").unwrap();
}

fn sync(criterion: &mut Criterion, bench: &Bench) {
    let mut group = criterion.benchmark_group("team sync 10,000 cases");
    group.sample_size(10);
    group.bench_function("status read by the app after a save", |bencher| {
        bencher.iter(|| team::status(&bench.first).unwrap())
    });
    group.bench_function("nothing to do", |bencher| {
        bencher.iter(|| {
            let report = team::sync(&bench.first, "alice").unwrap();
            assert!(report.is_clean() && report.committed.is_empty());
        })
    });
    // The second clone in sync, then 100 cases changed and sent by the first.
    team::sync(&bench.second, "alice").unwrap();
    let before = git(bench.second.root(), &["rev-parse", "HEAD"]);
    change_cases(&Store::open(bench.first.clone()).unwrap(), CHANGED);
    let sent = team::sync(&bench.first, "alice").unwrap();
    assert_eq!(sent.committed.len(), CHANGED);
    group.bench_function("bringing in 100 changed cases", |bencher| {
        bencher.iter_batched(
            || {
                // Back to before they came in, as far as the second clone knows.
                let root = bench.second.root();
                git(root, &["reset", "--quiet", "--hard", &before]);
                git(root, &["update-ref", "refs/remotes/origin/main", &before]);
            },
            |()| {
                let report = team::sync(&bench.second, "alice").unwrap();
                assert_eq!(report.received.len(), CHANGED);
            },
            BatchSize::PerIteration,
        )
    });
    let store = Store::open(bench.first.clone()).unwrap();
    group.bench_function("sending 100 changed cases, one commit each", |bencher| {
        bencher.iter_batched(
            || change_cases(&store, CHANGED),
            |()| {
                let report = team::sync(&bench.first, "alice").unwrap();
                assert_eq!(report.committed.len(), CHANGED);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// The variable that says this process already runs isolated from the machine's git settings.
const ISOLATED: &str = "MIGDESK_BENCH_GIT_ISOLATED";

/// Runs this benchmark again, isolated from the machine's git settings
/// (its own `HOME`, no global or system config), unless it already is;
/// whether this process is the isolated one.
fn isolated() -> bool {
    if std::env::var_os(ISOLATED).is_some() {
        return true;
    }
    let home = tempfile::tempdir().unwrap();
    let status = Command::new(std::env::current_exe().unwrap())
        .args(std::env::args_os().skip(1))
        .env(ISOLATED, "1")
        .env("HOME", home.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .unwrap();
    assert!(status.success(), "the isolated benchmark failed: {status}");
    false
}

fn benches(criterion: &mut Criterion) {
    if !isolated() {
        return;
    }
    let bench = team_of_two();
    save(criterion, &bench);
    sync(criterion, &bench);
}

criterion_group!(team_benches, benches);
criterion_main!(team_benches);

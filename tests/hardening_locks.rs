//! Locks that hold: a lock file deleted under running commands, a writer
//! that ignores the lock, `gen-cases` beside `new`, a planted link, a lock
//! held by someone else. Every loss found by an outside attack is a test
//! here; the concurrent ones run enough times to catch the loss rates that
//! attack measured (`MIGDESK_STRESS=1` runs them ten times longer).
#![allow(clippy::unwrap_used)]

mod harness;

use std::fs::{self, File};
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use harness::{Desk, output_within, stderr};
use migdesk::store::{DataDir, Store, StoreError, UpdateError};

/// Ten times the iterations when `MIGDESK_STRESS` is set.
fn scaled(normal: usize) -> usize {
    if std::env::var_os("MIGDESK_STRESS").is_some() {
        normal * 10
    } else {
        normal
    }
}

const LIMIT: Duration = Duration::from_secs(60);

/// The binary on the data folder `dir`, as `Desk::command_as` runs it, for threads.
fn command_in(dir: &std::path::Path, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(harness::BINARY);
    command
        .args(args)
        .env("MIGDESK_DATA_DIR", dir)
        .env("MIGDESK_USER", "alice")
        .env("MIGDESK_NOW", "2026-11-02T10:00:00Z");
    command
}

fn notes_in(desk: &Desk, id: &str) -> String {
    fs::read_to_string(desk.case_path(id)).unwrap()
}

#[test]
fn notes_that_succeed_are_kept_while_the_lock_file_is_deleted_in_a_loop() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Lock deleted", &[]);
    let lock = desk.cases_dir().join(format!(".{id}.lock"));
    let stop = Arc::new(AtomicBool::new(false));
    let deleter = {
        let (stop, lock) = (stop.clone(), lock.clone());
        std::thread::spawn(move || {
            let mut deleted = 0;
            while !stop.load(Ordering::Relaxed) {
                if fs::remove_file(&lock).is_ok() {
                    deleted += 1;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
            deleted
        })
    };
    let per_worker = scaled(20);
    let workers: Vec<_> = (0..8)
        .map(|worker| {
            let dir = desk.dir.path().to_path_buf();
            let id = id.clone();
            std::thread::spawn(move || {
                (0..per_worker)
                    .map(|number| {
                        let text = format!("note {worker}-{number}");
                        let output =
                            output_within(&mut command_in(&dir, &["note", &id, &text]), LIMIT);
                        (text, output)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let outcomes: Vec<_> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    stop.store(true, Ordering::Relaxed);
    let deleted = deleter.join().unwrap();
    assert!(
        deleted > 10,
        "the lock file was deleted only {deleted} times"
    );
    let text = notes_in(&desk, &id);
    let mut succeeded = 0;
    for (note, output) in &outcomes {
        match output.status.code() {
            Some(0) => {
                succeeded += 1;
                assert!(
                    text.contains(&format!("text: {note}\n")),
                    "{note} exited 0 but is missing"
                );
            }
            // Caught, never silent: two processes got in, the second is refused.
            _ => assert!(
                stderr(output).contains("changed on disk"),
                "{note}: {}",
                stderr(output)
            ),
        }
    }
    assert!(
        succeeded >= outcomes.len() / 2,
        "{succeeded} of {}",
        outcomes.len()
    );
    desk.ok(&["validate"]);
    println!(
        "lock deleted {deleted} times: {succeeded} of {} notes landed, the rest refused as conflicts",
        outcomes.len()
    );
}

/// What an editor or a script does: write a whole new version beside the
/// file and rename it over, without any lock.
fn outside_write(path: &std::path::Path, title: &str) {
    let text = fs::read_to_string(path).unwrap();
    let old = text
        .lines()
        .find(|line| line.starts_with("title: "))
        .unwrap();
    let new = text.replacen(old, &format!("title: {title}"), 1);
    let temporary = path.with_extension("outside");
    fs::write(&temporary, new).unwrap();
    fs::set_permissions(&temporary, fs::Permissions::from_mode(0o600)).unwrap();
    fs::rename(&temporary, path).unwrap();
}

fn title_of(path: &std::path::Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let line = text
        .lines()
        .find(|line| line.starts_with("title: "))
        .unwrap();
    line["title: ".len()..].trim_matches('\'').to_string()
}

#[test]
fn a_writer_that_ignores_the_lock_is_never_silently_overwritten() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "outside 0", &[]);
    let path = desk.case_path(&id);
    let stop = Arc::new(AtomicBool::new(false));
    let savers: Vec<_> = (0..3)
        .map(|_| {
            let (stop, dir, id) = (stop.clone(), desk.dir.path().to_path_buf(), id.clone());
            std::thread::spawn(move || {
                let store = Store::open(DataDir::new(dir)).unwrap();
                let (mut saved, mut conflicts) = (0, 0);
                while !stop.load(Ordering::Relaxed) {
                    let outcome = store.update(&id, |case| {
                        case.facts.clear();
                        Ok::<_, String>(())
                    });
                    match outcome {
                        Ok(()) => saved += 1,
                        Err(UpdateError::Store(StoreError::Conflict { .. })) => conflicts += 1,
                        Err(error) => panic!("{error}"),
                    }
                }
                (saved, conflicts)
            })
        })
        .collect();
    // Each outside write must still be there when the next one reads the
    // file: the savers keep the title they read, so a title that went back
    // means a save put an older version over an outside write.
    let writes = scaled(300);
    let mut overwritten = 0;
    for number in 1..=writes {
        outside_write(&path, &format!("outside {number}"));
        std::thread::sleep(Duration::from_millis(2));
        let expected = format!("outside {number}");
        // A refused save shows its own version for the microseconds before
        // it swaps the outside one back; a lost write never comes back.
        let seen = (0..10).any(|attempt| {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(10));
            }
            title_of(&path) == expected
        });
        if !seen {
            overwritten += 1;
        }
    }
    stop.store(true, Ordering::Relaxed);
    let (saved, conflicts) = savers
        .into_iter()
        .map(|saver| saver.join().unwrap())
        .fold((0, 0), |(a, b), (c, d)| (a + c, b + d));
    assert!(
        saved >= 20 && saved + conflicts > writes / 4,
        "only {saved} saves and {conflicts} conflicts beside {writes} outside writes"
    );
    println!(
        "{writes} outside writes, {overwritten} overwritten; {saved} saves, {conflicts} conflicts"
    );
    assert_eq!(
        overwritten, 0,
        "{overwritten} of {writes} outside writes overwritten ({saved} saves, {conflicts} conflicts)"
    );
}

#[test]
fn gen_cases_never_overwrites_a_case_made_by_new_meanwhile() {
    let desk = Desk::new();
    fs::create_dir_all(desk.cases_dir()).unwrap();
    let generator = {
        let dir = desk.dir.path().to_path_buf();
        std::thread::spawn(move || {
            let mut command = command_in(&dir, &["gen-cases", "1500", dir.to_str().unwrap()]);
            output_within(&mut command, LIMIT)
        })
    };
    let mut made = Vec::new();
    for number in 0..scaled(12) {
        let title = format!("real case {number}");
        let mut command = desk.command_as("alice", &["new", "tiny-approval", "--title", &title]);
        let output = output_within(command.env("MIGDESK_LOCK_WAIT_SECONDS", "30"), LIMIT);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        made.push((
            String::from_utf8(output.stdout).unwrap().trim().to_string(),
            title,
        ));
    }
    let generated = generator.join().unwrap();
    let generated_ok = generated.status.success();
    assert!(
        generated_ok || stderr(&generated).contains("already holds case files"),
        "{}",
        stderr(&generated)
    );
    for (id, title) in &made {
        assert_eq!(
            title_of(&desk.case_path(id)),
            *title,
            "{id} was overwritten"
        );
    }
}

#[test]
fn a_planted_link_as_a_lock_file_is_refused_and_its_target_untouched() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Planted link", &[]);
    let victim = desk.dir.path().join("victim.sh");
    fs::write(&victim, "#!/bin/sh\necho hi\n").unwrap();
    fs::set_permissions(&victim, fs::Permissions::from_mode(0o755)).unwrap();
    for (lock, args) in [
        (format!(".{id}.lock"), vec!["note", id.as_str(), "hello"]),
        (
            ".create.lock".to_string(),
            vec!["new", "tiny-approval", "--title", "x"],
        ),
    ] {
        let lock = desk.cases_dir().join(lock);
        let _ = fs::remove_file(&lock);
        std::os::unix::fs::symlink(&victim, &lock).unwrap();
        let output = output_within(&mut desk.command_as("alice", &args), LIMIT);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).contains("symbolic link"),
            "{}",
            stderr(&output)
        );
        let mode = fs::metadata(&victim).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o755, "{args:?} changed the victim's mode");
        assert_eq!(fs::read_to_string(&victim).unwrap(), "#!/bin/sh\necho hi\n");
        fs::remove_file(&lock).unwrap();
    }
}

/// Holds `path` locked the way migdesk does, naming a holder.
fn hold_lock(path: &std::path::Path, holder: &str) -> File {
    let mut file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .unwrap();
    file.write_all(holder.as_bytes()).unwrap();
    file.lock().unwrap();
    file
}

#[test]
fn a_lock_held_elsewhere_is_named_and_given_up_on_with_exit_1() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Held", &[]);
    let before = fs::read(desk.case_path(&id)).unwrap();
    let _case_lock = hold_lock(&desk.cases_dir().join(format!(".{id}.lock")), "4242 bob\n");
    let _create_lock = hold_lock(&desk.cases_dir().join(".create.lock"), "4243 carol\n");
    for (args, holder) in [
        (vec!["note", id.as_str(), "waiting"], "pid 4242, bob"),
        (
            vec!["new", "tiny-approval", "--title", "x"],
            "pid 4243, carol",
        ),
    ] {
        let started = Instant::now();
        let mut command = desk.command_as("alice", &args);
        let output = output_within(command.env("MIGDESK_LOCK_WAIT_SECONDS", "1"), LIMIT);
        let waited = started.elapsed();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.contains(holder) && message.contains("NOT saved"),
            "{message}"
        );
        assert!(
            waited >= Duration::from_secs(1) && waited < Duration::from_secs(20),
            "{waited:?}"
        );
    }
    assert_eq!(fs::read(desk.case_path(&id)).unwrap(), before);
    // The store's non-blocking form answers at once, naming the holder.
    let store = Store::open(DataDir::new(desk.dir.path())).unwrap();
    let started = Instant::now();
    let error = store.try_update(&id, |_| Ok::<_, String>(())).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    let UpdateError::Store(StoreError::LockHeld {
        holder: Some(holder),
        ..
    }) = error
    else {
        panic!("{error}");
    };
    assert_eq!((holder.pid, holder.name.as_str()), (4242, "bob"));
    assert_eq!(store.lock_holder(&id), Some(holder));
}

#[test]
fn a_bad_lock_wait_is_refused_naming_the_variable() {
    let desk = Desk::new();
    let mut command = desk.command_as("alice", &["list"]);
    let output = output_within(command.env("MIGDESK_LOCK_WAIT_SECONDS", "soon"), LIMIT);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("MIGDESK_LOCK_WAIT_SECONDS"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_data_folder_of_another_user_is_refused_at_start() {
    // Only root can hand a folder to another user.
    if rustix::process::geteuid().as_raw() != 0 {
        eprintln!("skipped: needs root to chown a folder");
        return;
    }
    let desk = Desk::new();
    fs::create_dir_all(desk.cases_dir()).unwrap();
    std::os::unix::fs::chown(desk.cases_dir(), Some(4321), Some(4321)).unwrap();
    let output = output_within(&mut desk.command_as("alice", &["list"]), LIMIT);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("uid 4321") && message.contains("team mode"),
        "{message}"
    );
}

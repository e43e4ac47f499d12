//! A save that fails part-way says the change was NOT saved and leaves the
//! case file byte-identical: through `Store::update` for every failing call
//! of a save, and through the real binary on a file system that refuses to
//! grow files.
#![allow(clippy::unwrap_used)]

mod harness;

use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use harness::{BINARY, Desk, stderr, temporary_files};
use migdesk::model::Note;
use migdesk::store::{
    DataDir, Fault, FaultyFileSystem, FileSystem, RealFileSystem, Store, StoreError, UpdateError,
};

fn add_note(text: &'static str) -> impl FnOnce(&mut migdesk::model::Case) -> Result<(), String> {
    move |case| {
        case.notes.push(Note {
            at: case.created.to_utc(),
            by: "ana".to_string(),
            text: text.to_string(),
        });
        Ok(())
    }
}

#[test]
fn a_failing_update_leaves_the_file_byte_identical_for_every_fault() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Faults", &[]);
    let path = desk.case_path(&id);
    let data_dir = DataDir::new(desk.dir.path());
    let healthy = Store::open(data_dir.clone()).unwrap();
    healthy
        .update(&id, add_note("a long note to make the file bigger"))
        .unwrap();

    let counter = Arc::new(FaultyFileSystem::new(usize::MAX, Fault::Io));
    let counting = Store::open_with_file_system(data_dir.clone(), counter.clone()).unwrap();
    counting.update(&id, add_note("counted")).unwrap();
    let calls = counter.calls();
    assert_eq!(calls, 5, "create, write, sync, rename, sync the folder");

    let mut injected = 0;
    let mut refused = 0;
    for fault in [Fault::Io, Fault::NoSpace, Fault::ShortWrite] {
        for fail_at in 1..=calls {
            let before = fs::read(&path).unwrap();
            let revision = healthy.load(&id).unwrap().case.revision;
            let faulty = Store::open_with_file_system(
                data_dir.clone(),
                Arc::new(FaultyFileSystem::new(fail_at, fault)),
            )
            .unwrap();
            let context = format!("{fault:?} at call {fail_at}");
            injected += 1;
            match faulty.update(&id, add_note("under a fault")) {
                Ok(()) => {
                    assert_eq!(fault, Fault::ShortWrite, "{context}");
                    assert_eq!(healthy.load(&id).unwrap().case.revision, revision + 1);
                }
                Err(UpdateError::Store(error @ StoreError::NotDurable { .. })) => {
                    assert_eq!(fail_at, calls, "{context}");
                    let message = error.to_string();
                    assert!(
                        message.contains("may be lost") && message.contains(&id),
                        "{context}: {message}"
                    );
                    assert_eq!(healthy.load(&id).unwrap().case.revision, revision + 1);
                }
                Err(UpdateError::Store(error @ StoreError::NotSaved { .. })) => {
                    refused += 1;
                    let message = error.to_string();
                    assert!(
                        message.contains("the change was NOT saved")
                            && message.contains(&path.display().to_string())
                            && message.contains("try again"),
                        "{context}: {message}"
                    );
                    assert_eq!(fs::read(&path).unwrap(), before, "{context}");
                    // The failed save took no revision: the next one is the next number.
                    healthy.update(&id, add_note("after the fault")).unwrap();
                    assert_eq!(healthy.load(&id).unwrap().case.revision, revision + 1);
                }
                Err(error) => panic!("{context}: {error:?}"),
            }
            assert_eq!(
                temporary_files(&desk.cases_dir()),
                Vec::<String>::new(),
                "{context}"
            );
        }
    }
    println!("{injected} faults injected into updates, {refused} refused with the file unchanged");
    assert_eq!(injected, 15);
    assert_eq!(
        refused, 8,
        "EIO and ENOSPC at each of the four calls before the rename"
    );
}

/// Fails every write, and fails removing the temporary file afterwards, as
/// a disk that has just gone read-only might.
#[derive(Debug)]
struct StuckFileSystem;

impl FileSystem for StuckFileSystem {
    fn create_new(&self, path: &Path, mode: u32) -> io::Result<File> {
        RealFileSystem.create_new(path, mode)
    }
    fn write(&self, _file: &mut File, _bytes: &[u8]) -> io::Result<usize> {
        Err(io::Error::from_raw_os_error(5))
    }
    fn sync(&self, file: &File) -> io::Result<()> {
        RealFileSystem.sync(file)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        RealFileSystem.rename(from, to)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        RealFileSystem.sync_dir(dir)
    }
    fn remove(&self, _path: &Path) -> io::Result<()> {
        Err(io::Error::from_raw_os_error(30))
    }
}

#[test]
fn a_temporary_file_that_could_not_be_removed_is_swept_by_the_next_start() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Stuck", &[]);
    let before = fs::read(desk.case_path(&id)).unwrap();
    // In a child process, so that once it exits its leftover belongs to no one.
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "stuck_save_child", "--nocapture"])
        .env("STUCK_SAVE_DIR", desk.dir.path())
        .env("STUCK_SAVE_CASE", &id)
        .output()
        .unwrap();
    assert!(child.status.success(), "{}", stderr(&child));
    assert_eq!(temporary_files(&desk.cases_dir()).len(), 1, "the leftover");
    assert_eq!(fs::read(desk.case_path(&id)).unwrap(), before);
    desk.ok(&["list"]);
    assert_eq!(temporary_files(&desk.cases_dir()), Vec::<String>::new());
}

/// The child half of the test above; does nothing in a normal run.
#[test]
fn stuck_save_child() {
    let (Some(dir), Ok(id)) = (
        std::env::var_os("STUCK_SAVE_DIR"),
        std::env::var("STUCK_SAVE_CASE"),
    ) else {
        return;
    };
    let store = Store::open_with_file_system(DataDir::new(dir), Arc::new(StuckFileSystem)).unwrap();
    let error = store.update(&id, add_note("never written")).unwrap_err();
    assert!(error.to_string().contains("NOT saved"), "{error}");
}

/// Runs the binary with a file-size limit of zero, so that every write to
/// a file fails with EFBIG (SIGXFSZ is ignored, as the limit's signal
/// would otherwise kill the process): the closest a test gets to a full
/// disk without one. Works for root too, unlike a read-only folder.
fn run_on_a_full_disk(desk: &Desk, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0 && exec \"$0\" \"$@\"")
        .arg(BINARY)
        .args(args)
        .env("MIGDESK_DATA_DIR", desk.dir.path())
        .env("MIGDESK_USER", "alice")
        // The log cannot be written either, and must not say so on the terminal.
        .env("XDG_STATE_HOME", desk.dir.path().join("state"))
        .output()
        .unwrap()
}

#[test]
fn the_command_line_says_a_change_was_not_saved_when_the_disk_is_full() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Full disk", &[]);
    let path = desk.case_path(&id);
    let before = fs::read(&path).unwrap();
    for args in [
        vec!["note", id.as_str(), "this will not fit"],
        vec!["set", id.as_str(), "seats=3"],
        vec!["status", id.as_str(), "on_hold"],
    ] {
        let output = run_on_a_full_disk(&desk, &args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {message}");
        assert!(
            message.contains("the change was NOT saved")
                && message.contains(&path.display().to_string())
                && message.contains("try again"),
            "{args:?}: {message}"
        );
        assert_eq!(message.lines().count(), 1, "{message}");
        assert_eq!(fs::read(&path).unwrap(), before, "{args:?}");
        assert_eq!(temporary_files(&desk.cases_dir()), Vec::<String>::new());
    }
    let output = run_on_a_full_disk(&desk, &["new", "tiny-approval", "--title", "Another"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("NOT saved"), "{}", stderr(&output));
    assert!(!desk.case_path("MIG-0002").exists());
    // The same change goes through once the disk has room again.
    desk.ok(&["note", &id, "this will fit"]);
}

#[test]
fn the_command_line_says_a_change_was_not_saved_in_a_read_only_folder() {
    let desk = Desk::new();
    let id = desk.new_case("tiny-approval", "Read-only", &[]);
    let path = desk.case_path(&id);
    let before = fs::read(&path).unwrap();
    let cases = desk.cases_dir();
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(&cases, fs::Permissions::from_mode(0o500)).unwrap();
    if File::create(cases.join("probe")).is_ok() {
        fs::remove_file(cases.join("probe")).unwrap();
        fs::set_permissions(&cases, fs::Permissions::from_mode(0o700)).unwrap();
        println!(
            "skipped: permissions do not stop this user (root); the full-disk test covers the command line"
        );
        return;
    }
    let output = desk.run(&["note", &id, "refused"]);
    fs::set_permissions(&cases, fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("NOT saved"), "{}", stderr(&output));
    assert_eq!(fs::read(&path).unwrap(), before);
}

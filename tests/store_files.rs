//! The store on a real disk: loading, refusing unsafe files, crash-safe
//! saves under injected faults, lost-update protection and locking.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{PermissionsExt as _, symlink};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use migdesk::catalog::Catalog;
use migdesk::model::case::CASE_SCHEMA;
use migdesk::model::{Case, CaseStatus, FactValue, Note};
use migdesk::queue_index::QueueIndex;
use migdesk::store::{
    CaseFileErrorKind, DataDir, Fault, FaultyFileSystem, OnDisk, Store, StoreError, UpdateError,
    case_to_yaml,
};
use tempfile::TempDir;

fn sample_case(id: &str) -> Case {
    let at = Utc.with_ymd_and_hms(2025, 3, 4, 9, 30, 0).unwrap();
    Case {
        schema: CASE_SCHEMA,
        id: id.to_string(),
        playbook: "payroll-migration".to_string(),
        playbook_version: 3,
        title: "Acme payroll".to_string(),
        assignee: "ana".to_string(),
        created: at.into(),
        due: None,
        due_override: None,
        status: CaseStatus::Open,
        demo: false,
        revision: 1,
        facts: BTreeMap::from([("has_debts".to_string(), FactValue::Bool(false))]),
        steps: BTreeMap::new(),
        notes: Vec::new(),
        history: Vec::new(),
        merge_notices: Vec::new(),
    }
}

fn note(text: &str) -> Note {
    Note {
        at: Utc.with_ymd_and_hms(2025, 3, 5, 10, 0, 0).unwrap(),
        by: "ana".to_string(),
        text: text.to_string(),
    }
}

fn clear_title(case: &mut Case) -> Result<(), String> {
    case.title.clear();
    Ok(())
}

fn new_store() -> (TempDir, Store) {
    let directory = TempDir::new().unwrap();
    let store = Store::open(DataDir::new(directory.path().join("data"))).unwrap();
    (directory, store)
}

fn case_path(store: &Store, id: &str) -> PathBuf {
    store.data_dir().cases_dir().join(format!("{id}.yaml"))
}

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

fn temporary_files(store: &Store) -> Vec<String> {
    fs::read_dir(store.data_dir().cases_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_saved_case_loads_back_with_the_same_fingerprint() {
    let (_directory, store) = new_store();
    let case = sample_case("MIG-0001");
    let fingerprint = store.save(&case, None).unwrap();
    let loaded = store.load("MIG-0001").unwrap();
    assert_eq!(loaded.case, case);
    assert_eq!(loaded.fingerprint, fingerprint);
    assert_eq!(loaded.read_only, None);
    assert_eq!(
        fs::read_to_string(&loaded.path).unwrap(),
        case_to_yaml(&case).unwrap()
    );
}

#[test]
fn folders_are_0700_and_case_and_lock_files_0600() {
    let (_directory, store) = new_store();
    for folder in [
        store.data_dir().root().to_path_buf(),
        store.data_dir().cases_dir(),
        store.data_dir().playbooks_dir(),
    ] {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
    }
    store
        .update("MIG-0001", |_| Ok::<_, String>(()))
        .unwrap_err();
    store.save(&sample_case("MIG-0001"), None).unwrap();
    assert_eq!(mode(&case_path(&store, "MIG-0001")), 0o600);
    assert_eq!(
        mode(&store.data_dir().cases_dir().join(".MIG-0001.lock")),
        0o600
    );

    let path = case_path(&store, "MIG-0002");
    fs::write(&path, case_to_yaml(&sample_case("MIG-0002")).unwrap()).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    store
        .update("MIG-0002", |case| {
            case.notes.push(note("hi"));
            Ok::<_, String>(())
        })
        .unwrap();
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn a_read_racing_saves_always_gets_a_whole_version() {
    let (_directory, store) = new_store();
    let mut case = sample_case("MIG-0005");
    store.save(&case, None).unwrap();
    let saving = std::sync::atomic::AtomicBool::new(true);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for _ in 0..200 {
                let current = store.load("MIG-0005").unwrap();
                case.revision = current.case.revision + 1;
                store.save(&case, Some(&current.fingerprint)).unwrap();
            }
            saving.store(false, std::sync::atomic::Ordering::Relaxed);
        });
        let mut reads = 0;
        let mut last = 0;
        while saving.load(std::sync::atomic::Ordering::Relaxed) {
            // Without the lock, as `show` and `list` read: a save's rename
            // can land between the check of the path and its opening.
            let loaded = store.load("MIG-0005").unwrap();
            assert!(loaded.case.revision >= last, "went back from {last}");
            last = loaded.case.revision;
            reads += 1;
        }
        assert!(reads > 200, "only {reads} reads");
        assert!(last <= 201);
    });
}

#[test]
fn a_stale_save_is_refused_as_a_conflict() {
    let (_directory, store) = new_store();
    store.save(&sample_case("MIG-0003"), None).unwrap();
    let first_reader = store.load("MIG-0003").unwrap();
    let second_reader = store.load("MIG-0003").unwrap();

    let mut changed = first_reader.case.clone();
    changed.title = "changed by the first reader".to_string();
    changed.revision += 1;
    store
        .save(&changed, Some(&first_reader.fingerprint))
        .unwrap();
    let after_first = fs::read(case_path(&store, "MIG-0003")).unwrap();

    let mut stale = second_reader.case.clone();
    stale.status = CaseStatus::Cancelled;
    stale.revision += 1;
    let error = store
        .save(&stale, Some(&second_reader.fingerprint))
        .unwrap_err();
    assert!(
        matches!(
            error,
            StoreError::Conflict {
                expected: Some(1),
                found: OnDisk::Revision(2),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "MIG-0003 changed on disk since you read it (revision 1 → 2); reload it and redo your change"
    );
    assert_eq!(
        fs::read(case_path(&store, "MIG-0003")).unwrap(),
        after_first
    );

    let error = store.save(&sample_case("MIG-0003"), None).unwrap_err();
    assert!(error.to_string().contains("already exists"), "{error}");
    fs::remove_file(case_path(&store, "MIG-0003")).unwrap();
    let error = store
        .save(&changed, Some(&first_reader.fingerprint))
        .unwrap_err();
    assert!(
        matches!(
            error,
            StoreError::Conflict {
                found: OnDisk::Missing,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn ids_that_could_name_other_paths_are_refused() {
    let (_directory, store) = new_store();
    for id in [
        "../../x",
        "MIG-1/../..",
        "mig-0001",
        "MIG-001",
        "MIG-0001/",
        "MIG-0001.yaml",
        "",
    ] {
        let error = store.load(id).unwrap_err();
        assert!(
            matches!(error, StoreError::InvalidId { .. }),
            "{id}: {error:?}"
        );
        assert!(error.to_string().contains("is not a case id"), "{error}");
    }
    let mut case = sample_case("MIG-0001");
    case.id = "../../escape".to_string();
    assert!(matches!(
        store.save(&case, None),
        Err(StoreError::InvalidId { .. })
    ));
    let error = store.load("MIG-0009").unwrap_err();
    assert!(
        matches!(error, StoreError::NotFound { .. }) && error.to_string().contains("MIG-0009"),
        "{error}"
    );
}

#[test]
fn symbolic_links_and_hard_links_are_neither_read_nor_written() {
    let (directory, store) = new_store();
    let outside = directory.path().join("outside.yaml");
    let outside_text = case_to_yaml(&sample_case("MIG-0001")).unwrap();
    fs::write(&outside, &outside_text).unwrap();
    symlink(&outside, case_path(&store, "MIG-0001")).unwrap();
    let error = store.load("MIG-0001").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("refusing to read a case file that is a symbolic link"),
        "{error}"
    );
    let mut changed = sample_case("MIG-0001");
    changed.title = "through the link".to_string();
    let error = store.save(&changed, None).unwrap_err();
    assert!(
        matches!(&error, StoreError::CaseFile(file) if file.kind == CaseFileErrorKind::SymbolicLink),
        "{error:?}"
    );

    let original = case_to_yaml(&sample_case("MIG-0002")).unwrap();
    fs::write(case_path(&store, "MIG-0002"), &original).unwrap();
    fs::hard_link(
        case_path(&store, "MIG-0002"),
        directory.path().join("second-name.yaml"),
    )
    .unwrap();
    let error = store.load("MIG-0002").unwrap_err();
    assert!(error.to_string().contains("hard links"), "{error}");
    assert!(store.update("MIG-0002", clear_title).is_err());

    let report = store.load_all();
    assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
    assert_eq!(fs::read_to_string(&outside).unwrap(), outside_text);
    assert_eq!(
        fs::read_to_string(case_path(&store, "MIG-0002")).unwrap(),
        original
    );
}

#[test]
fn an_oversized_file_is_refused_before_it_is_read() {
    let (_directory, store) = new_store();
    let path = case_path(&store, "MIG-0001");
    // Sparse: reading it would be slow; refusing from its size is instant.
    fs::File::create(&path)
        .unwrap()
        .set_len(2 * 1024 * 1024 * 1024)
        .unwrap();
    let started = std::time::Instant::now();
    let error = store.load("MIG-0001").unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert!(
        matches!(&error, StoreError::CaseFile(file) if file.kind == CaseFileErrorKind::TooLarge),
        "{error:?}"
    );
    fs::File::create(&path)
        .unwrap()
        .set_len(2 * 1024 * 1024)
        .unwrap();
    assert!(
        error.to_string().contains("more than a case file may be"),
        "{error}"
    );
    assert!(store.load("MIG-0001").is_err());
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let (_directory, store) = new_store();
    fs::write(
        case_path(&store, "MIG-0001"),
        b"schema: 1\nid: MIG-0001\ntitle: caf\xff\n",
    )
    .unwrap();
    let StoreError::CaseFile(error) = store.load("MIG-0001").unwrap_err() else {
        panic!("not a file error")
    };
    assert_eq!(error.kind, CaseFileErrorKind::InvalidUtf8);
    assert_eq!((error.line, error.column), (Some(3), Some(11)));
    assert!(
        error
            .to_string()
            .contains(":3:11: the file is not UTF-8 text (bad byte at offset 33)"),
        "{error}"
    );
}

#[test]
fn a_broken_file_is_reported_and_never_overwritten() {
    let (_directory, store) = new_store();
    store.save(&sample_case("MIG-0001"), None).unwrap();
    let loaded = store.load("MIG-0001").unwrap();
    let text = case_to_yaml(&sample_case("MIG-0001")).unwrap();
    let broken = &text.as_bytes()[..text.find("assignee").unwrap() + 3];
    fs::write(&loaded.path, broken).unwrap();

    let StoreError::CaseFile(error) = store.load("MIG-0001").unwrap_err() else {
        panic!("not a file error")
    };
    assert!(error.line.is_some() && error.column.is_some(), "{error}");
    assert!(
        error
            .to_string()
            .contains("migdesk will not write to it until it parses"),
        "{error}"
    );

    let mut changed = loaded.case.clone();
    changed.revision += 1;
    let error = store.save(&changed, Some(&loaded.fingerprint)).unwrap_err();
    assert!(
        matches!(
            error,
            StoreError::Conflict {
                found: OnDisk::Unreadable,
                ..
            }
        ),
        "{error:?}"
    );
    let forged = migdesk::store::Fingerprint::of(1, broken);
    assert!(matches!(
        store.save(&changed, Some(&forged)),
        Err(StoreError::CaseFile(_))
    ));
    assert!(store.save(&changed, None).is_err());
    assert!(store.update("MIG-0001", clear_title).is_err());
    assert_eq!(fs::read(&loaded.path).unwrap(), broken);
}

#[test]
fn a_newer_schema_case_is_read_only() {
    let (_directory, store) = new_store();
    let path = case_path(&store, "MIG-0001");
    let original =
        case_to_yaml(&sample_case("MIG-0001"))
            .unwrap()
            .replacen("schema: 1", "schema: 7", 1);
    fs::write(&path, &original).unwrap();
    let loaded = store.load("MIG-0001").unwrap();
    assert!(
        loaded
            .read_only
            .as_deref()
            .unwrap()
            .contains("newer migdesk")
    );

    let mut changed = loaded.case.clone();
    changed.revision += 1;
    let error = store.save(&changed, Some(&loaded.fingerprint)).unwrap_err();
    assert!(
        matches!(error, StoreError::ReadOnly { .. }) && error.to_string().contains("NOT saved"),
        "{error}"
    );
    changed.schema = CASE_SCHEMA;
    assert!(matches!(
        store.save(&changed, Some(&loaded.fingerprint)),
        Err(StoreError::ReadOnly { .. })
    ));
    let error = store.update("MIG-0001", clear_title).unwrap_err();
    assert!(
        matches!(error, UpdateError::Store(StoreError::ReadOnly { .. })),
        "{error:?}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), original);

    fs::write(
        &path,
        original.replacen("title:", "labels: [vip]\ntitle:", 1),
    )
    .unwrap();
    let error = store.load("MIG-0001").unwrap_err();
    assert!(error.to_string().contains("upgrade migdesk"), "{error}");
}

#[test]
fn load_all_reports_broken_files_and_loads_the_rest() {
    let (_directory, store) = new_store();
    let cases_dir = store.data_dir().cases_dir();
    store.save(&sample_case("MIG-0001"), None).unwrap();
    store.save(&sample_case("MIG-0010"), None).unwrap();
    fs::write(cases_dir.join("MIG-0002.yaml"), "schema: 1\nid: [\n").unwrap();
    fs::write(
        cases_dir.join("mig-0003.yaml"),
        case_to_yaml(&sample_case("MIG-0003")).unwrap(),
    )
    .unwrap();
    fs::write(cases_dir.join("MIG-0004.yml"), "ignored").unwrap();
    fs::write(cases_dir.join(".MIG-0005.yaml"), "ignored").unwrap();
    fs::write(cases_dir.join("notes.txt"), "ignored").unwrap();

    let report = store.load_all();
    let ids: Vec<_> = report
        .cases
        .iter()
        .map(|loaded| loaded.case.id.as_str())
        .collect();
    assert_eq!(ids, ["MIG-0001", "MIG-0010"]);
    let kinds: Vec<_> = report.errors.iter().map(|error| error.kind).collect();
    assert_eq!(
        kinds,
        [
            CaseFileErrorKind::Invalid,
            CaseFileErrorKind::NotACaseFileName
        ]
    );
    assert!(
        report.errors[1]
            .to_string()
            .contains("mig-0003.yaml: the file name is not a case id")
    );
}

#[test]
fn every_failing_step_of_a_save_leaves_the_original_intact() {
    let original_case = sample_case("MIG-0001");
    let mut changed = original_case.clone();
    changed.title = "the change".to_string();
    changed.notes.push(note(&"a long note ".repeat(500)));
    changed.revision = 2;

    let counter = Arc::new(FaultyFileSystem::new(usize::MAX, Fault::Io));
    let (_directory, store) = new_store();
    store.save(&original_case, None).unwrap();
    let counting = Store::open_with_file_system(store.data_dir().clone(), counter.clone()).unwrap();
    counting
        .save(&changed, Some(&store.load("MIG-0001").unwrap().fingerprint))
        .unwrap();
    let calls = counter.calls();
    assert_eq!(calls, 5, "create, write, sync, rename, sync the folder");

    let mut scenarios = 0;
    for fault in [Fault::Io, Fault::NoSpace, Fault::ShortWrite] {
        for fail_at in 1..=calls {
            let (_directory, store) = new_store();
            store.save(&original_case, None).unwrap();
            let path = case_path(&store, "MIG-0001");
            let original = fs::read(&path).unwrap();
            let fingerprint = store.load("MIG-0001").unwrap().fingerprint;
            let faulty = Store::open_with_file_system(
                store.data_dir().clone(),
                Arc::new(FaultyFileSystem::new(fail_at, fault)),
            )
            .unwrap();
            let outcome = faulty.save(&changed, Some(&fingerprint));
            let context = format!("{fault:?} at call {fail_at}");
            match outcome {
                Ok(_) => {
                    assert_eq!(fault, Fault::ShortWrite, "{context}");
                    assert_eq!(store.load("MIG-0001").unwrap().case, changed, "{context}");
                }
                Err(StoreError::NotDurable { .. }) => {
                    assert_eq!(
                        fail_at, calls,
                        "{context}: only the folder sync comes after the rename"
                    );
                    assert_eq!(store.load("MIG-0001").unwrap().case, changed, "{context}");
                }
                Err(error) => {
                    assert!(
                        matches!(error, StoreError::NotSaved { .. }),
                        "{context}: {error:?}"
                    );
                    assert!(
                        error.to_string().contains("the change was NOT saved"),
                        "{context}: {error}"
                    );
                    assert_eq!(fs::read(&path).unwrap(), original, "{context}");
                }
            }
            assert_eq!(temporary_files(&store), Vec::<String>::new(), "{context}");
            assert_eq!(mode(&path), 0o600, "{context}");
            scenarios += 1;
        }
    }
    assert_eq!(scenarios, 15);
}

#[test]
fn a_failing_change_writes_nothing() {
    let (_directory, store) = new_store();
    store.save(&sample_case("MIG-0001"), None).unwrap();
    let before = fs::read(case_path(&store, "MIG-0001")).unwrap();
    let error = store
        .update("MIG-0001", |case| {
            case.title = "half done".to_string();
            Err::<(), _>("the fact is not in the playbook".to_string())
        })
        .unwrap_err();
    assert!(
        matches!(&error, UpdateError::Change(message) if message.contains("not in the playbook"))
    );
    assert_eq!(fs::read(case_path(&store, "MIG-0001")).unwrap(), before);
    let error = store
        .update("MIG-0001", |case| {
            case.id = "MIG-0002".to_string();
            Ok::<_, String>(())
        })
        .unwrap_err();
    assert!(
        matches!(error, UpdateError::Store(StoreError::Unwritable { .. })),
        "{error:?}"
    );
    assert_eq!(fs::read(case_path(&store, "MIG-0001")).unwrap(), before);
}

#[test]
fn concurrent_updates_from_separate_stores_lose_nothing() {
    let (_directory, store) = new_store();
    store.save(&sample_case("MIG-0001"), None).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|thread| {
            let data_dir = store.data_dir().clone();
            std::thread::spawn(move || {
                let store = Store::open(data_dir).unwrap();
                for index in 0..50 {
                    store
                        .update("MIG-0001", |case| {
                            case.notes
                                .push(note(&format!("thread {thread} note {index}")));
                            Ok::<_, String>(())
                        })
                        .unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let loaded = store.load("MIG-0001").unwrap();
    assert_eq!(loaded.case.notes.len(), 200);
    assert_eq!(loaded.case.revision, 201);
    for thread in 0..4 {
        let texts: Vec<_> = loaded
            .case
            .notes
            .iter()
            .filter(|n| n.text.starts_with(&format!("thread {thread} ")))
            .collect();
        assert_eq!(texts.len(), 50);
    }
}

#[test]
fn create_allocates_increasing_ids_without_collisions() {
    let (_directory, store) = new_store();
    let first = store.create(|id| sample_case(&id)).unwrap();
    assert_eq!(first.case.id, "MIG-0001");
    fs::write(case_path(&store, "MIG-0041"), "not a case").unwrap();
    assert_eq!(
        store.create(|id| sample_case(&id)).unwrap().case.id,
        "MIG-0042"
    );
    let error = store.create(|_| sample_case("MIG-0001")).unwrap_err();
    assert!(matches!(error, StoreError::Unwritable { .. }), "{error:?}");

    let threads: Vec<_> = (0..4)
        .map(|_| {
            let data_dir = store.data_dir().clone();
            std::thread::spawn(move || {
                let store = Store::open(data_dir).unwrap();
                (0..10)
                    .map(|_| store.create(|id| sample_case(&id)).unwrap().case.id)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut ids: Vec<String> = threads
        .into_iter()
        .flat_map(|thread| thread.join().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 40);
    assert_eq!(ids.first().map(String::as_str), Some("MIG-0043"));
    assert_eq!(ids.last().map(String::as_str), Some("MIG-0082"));
    assert_eq!(store.load_all().cases.len(), 42);

    fs::write(case_path(&store, "MIG-9999"), "not a case").unwrap();
    assert_eq!(
        store.create(|id| sample_case(&id)).unwrap().case.id,
        "MIG-10000"
    );
}

#[test]
fn temporary_files_of_dead_or_old_saves_are_swept_up() {
    let (_directory, store) = new_store();
    let cases_dir = store.data_dir().cases_dir();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead_pid = child.id();
    child.wait().unwrap();
    let own_pid = std::process::id();
    let dead = cases_dir.join(format!(".MIG-0001.yaml.{dead_pid}.00000000000000aa.tmp"));
    let fresh = cases_dir.join(format!(".MIG-0001.yaml.{own_pid}.00000000000000bb.tmp"));
    let old = cases_dir.join(format!(".MIG-0002.yaml.{own_pid}.00000000000000cc.tmp"));
    let unrelated = cases_dir.join(".my-notes.tmp");
    for path in [&dead, &fresh, &old, &unrelated] {
        fs::write(path, "partial").unwrap();
    }
    let ten_minutes_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(ten_minutes_ago)
        .unwrap();

    // Opening the store for a command on one case does not list the folder.
    let reopened = Store::open(store.data_dir().clone()).unwrap();
    assert!(dead.exists() && old.exists());
    // Reading the queue lists it anyway, and sweeps as it goes.
    let today = Utc
        .with_ymd_and_hms(2025, 3, 4, 9, 30, 0)
        .unwrap()
        .date_naive();
    QueueIndex::load_or_rebuild(&reopened, &Catalog::shipped(), today);
    assert!(!dead.exists() && !old.exists());
    assert!(fresh.exists() && unrelated.exists());
}

#[test]
fn reading_every_case_sweeps_temporary_files_too() {
    let (_directory, store) = new_store();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead_pid = child.id();
    child.wait().unwrap();
    let dead = store
        .data_dir()
        .cases_dir()
        .join(format!(".MIG-0001.yaml.{dead_pid}.00000000000000aa.tmp"));
    fs::write(&dead, "partial").unwrap();
    store.load_all();
    assert!(!dead.exists());
}

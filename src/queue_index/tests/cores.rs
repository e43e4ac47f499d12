//! The cores stay honest: after a playbook change, with the cores current,
//! stale, damaged or deleted, a load gives the queue a full parse gives,
//! and parses only what it must.

use super::*;
use crate::queue_index::case_core::CaseCore;
use crate::queue_index::core_cache;

/// Every shipped playbook, one version on, without its rules: blocked
/// cases are no longer blocked, so rows do change.
fn changed_playbooks() -> Catalog {
    let playbooks = Catalog::shipped()
        .entries()
        .iter()
        .map(|entry| {
            let mut definition = entry.playbook.definition().clone();
            definition.version += 1;
            definition.rules.clear();
            let text = serde_yaml::to_string(&definition).unwrap();
            crate::catalog::parse_playbook(&format!("{}.yaml", definition.id), &text).unwrap()
        })
        .collect();
    Catalog::from_playbooks(playbooks)
}

fn load_with(fixture: &Fixture, catalog: &Catalog) -> QueueLoad {
    let load = load_at(
        &fixture.store,
        catalog,
        today(),
        later(),
        &LoadProgress::default(),
    );
    fixture.assert_same_as_full_scan_with(&load, catalog);
    load
}

fn cores_file(fixture: &Fixture) -> std::path::PathBuf {
    cores_path(fixture.store.data_dir().root())
}

/// (parsed, evaluated again from the cores)
fn work(load: &QueueLoad) -> (usize, usize) {
    (load.stats.parsed, load.stats.reevaluated)
}

#[test]
fn a_playbook_change_evaluates_again_without_parsing() {
    let fixture = Fixture::new(60);
    let before = fixture.load();
    let changed = changed_playbooks();
    let after = load_with(&fixture, &changed);
    assert_eq!(work(&after), (0, 60));
    assert_eq!(after.stats.update, IndexUpdate::Rewritten);
    assert_ne!(before.rows, after.rows, "the change is seen in the rows");
    // And back: the cores do not depend on the playbooks.
    assert_eq!(work(&fixture.load()), (0, 60));
    assert_eq!(work(&fixture.load()), (0, 0));
}

#[test]
fn only_files_whose_key_changed_are_parsed() {
    let fixture = Fixture::new(20);
    fixture.load();
    let path = fixture.case_path("MIG-0007");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("title: ", "title: Changé ")).unwrap();
    // A row of the old version of the file is never shown.
    let after = load_with(&fixture, &changed_playbooks());
    assert_eq!(work(&after), (1, 19));
    assert!(after.rows[6].title.starts_with("Changé"));
}

#[test]
fn a_damaged_truncated_or_deleted_cores_file_means_parsing_again() {
    let fixture = Fixture::new(12);
    fixture.load();
    let path = cores_file(&fixture);
    let original = fs::read(&path).unwrap();
    let mut flipped = original.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x01;
    let damages: [(&str, Option<Vec<u8>>); 5] = [
        ("a flipped byte", Some(flipped)),
        ("cut short", Some(original[..original.len() - 3].to_vec())),
        ("empty", Some(Vec::new())),
        ("garbage", Some(b"not a cores file at all".to_vec())),
        ("deleted", None),
    ];
    let changed = changed_playbooks();
    for (what, damage) in damages {
        match damage {
            Some(bytes) => fs::write(&path, bytes).unwrap(),
            None => fs::remove_file(&path).unwrap(),
        }
        // Each load changes the playbooks, so the index cannot answer.
        assert_eq!(work(&load_with(&fixture, &changed)), (12, 0), "{what}");
        // Rewritten whole, the cores answer the next change.
        assert_eq!(
            work(&load_with(&fixture, &fixture.catalog)),
            (0, 12),
            "{what}"
        );
    }
}

#[test]
fn a_core_stored_for_another_file_is_not_used() {
    let fixture = Fixture::new(3);
    fixture.load();
    let path = cores_file(&fixture);
    let cores = core_cache::read(&path).unwrap();
    let first = fixture.case_path("MIG-0001");
    let second = fixture.case_path("MIG-0002");
    let key = FileKey::read(&second).unwrap();
    // MIG-0001's core filed under MIG-0002's name and key.
    let core = cores
        .get("MIG-0001.yaml", FileKey::read(&first).unwrap())
        .unwrap();
    let forged = core_cache::encode("MIG-0002.yaml", key, &core).unwrap();
    core_cache::append(&path, std::iter::once(forged.as_slice())).unwrap();
    let after = load_with(&fixture, &changed_playbooks());
    assert_eq!(work(&after), (1, 2));
}

#[test]
fn a_core_evaluates_as_its_case_does() {
    let fixture = Fixture::new(150);
    let catalogs = [fixture.catalog.clone(), changed_playbooks()];
    for loaded in fixture.store.load_all().cases {
        let core = CaseCore::of(&loaded.case, loaded.read_only.as_deref());
        let bytes = postcard::to_allocvec(&core).unwrap();
        let decoded: CaseCore = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(decoded, core);
        for catalog in &catalogs {
            for day in [today(), today() + chrono::Days::new(40)] {
                let playbook = catalog.get(&loaded.case.playbook);
                let full = QueueRow::of(&loaded, playbook, day);
                let from_core = QueueRow::of_case(
                    &decoded.to_case(),
                    decoded.read_only.as_deref(),
                    playbook,
                    day,
                );
                assert_eq!(from_core, full, "{}", loaded.case.id);
            }
        }
    }
}

#[test]
fn many_changes_keep_the_cores_file_small() {
    let fixture = Fixture::new(8);
    fixture.load();
    let path = fixture.case_path("MIG-0003");
    for round in 0..40 {
        let text = fs::read_to_string(&path).unwrap();
        let edited = text.replacen("title: ", &format!("title: {round} "), 1);
        fs::write(&path, edited).unwrap();
        fixture.load();
    }
    let cores = core_cache::read(&cores_file(&fixture)).unwrap();
    assert!(cores.frames <= 3 * 8, "{} frames for 8 files", cores.frames);
    assert_eq!(work(&load_with(&fixture, &changed_playbooks())), (0, 8));
}

#[test]
fn a_cores_file_that_is_a_fifo_or_a_link_to_a_device_is_not_read() {
    for kind in ["fifo", "link"] {
        let fixture = Fixture::new(2);
        fixture.load();
        let path = cores_file(&fixture);
        fs::remove_file(&path).unwrap();
        match kind {
            "fifo" => rustix::fs::mknodat(
                rustix::fs::CWD,
                &path,
                rustix::fs::FileType::Fifo,
                rustix::fs::Mode::from_raw_mode(0o600),
                0,
            )
            .unwrap(),
            _ => std::os::unix::fs::symlink("/dev/zero", &path).unwrap(),
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let store = fixture.store.clone();
        std::thread::spawn(move || {
            let load = load_at(
                &store,
                &changed_playbooks(),
                today(),
                later(),
                &LoadProgress::default(),
            );
            let _ = sender.send(work(&load));
        });
        let parsed = receiver.recv_timeout(Duration::from_secs(20));
        assert_eq!(
            parsed,
            Ok((2, 0)),
            "{kind}: the load must answer, from the files"
        );
        // The planted file is replaced by a real cores file, never written through.
        assert!(fs::symlink_metadata(&path).unwrap().is_file(), "{kind}");
    }
}

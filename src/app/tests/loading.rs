//! How the app gets its cases: the queue from the summary index, a case's
//! file only when the case is opened, reviewed or changed, and the index
//! never trusted over the files.

use chrono::Duration;

use super::{Harness, create_case, monday, text};
use crate::app::Summary;
use crate::app::{Action, Clock, Urgency, update};
use crate::model::FactValue;
use crate::queue_index::QueueIndex;

fn three_cases() -> Harness {
    Harness::as_user("alice", |store| {
        for title in ["Boulangerie Élysée", "Garage Dupont", "Salon Léa"] {
            create_case(
                store,
                "saas-pro-to-connect",
                title,
                "alice",
                &[("has_debts", FactValue::Bool(false))],
            );
        }
    })
}

fn index_path(harness: &Harness) -> std::path::PathBuf {
    QueueIndex::path(&harness.dir.path().join("data"))
}

#[test]
fn the_queue_comes_from_the_index_and_no_case_is_read_in_full() {
    let harness = three_cases();
    let first = harness.app.index_stats.unwrap();
    assert_eq!((first.parsed, first.reused), (3, 0), "no index yet");
    assert!(index_path(&harness).exists());
    assert!(harness.app.cases.loaded_ids().is_empty());
    let summaries = harness.app.cases.summaries().to_vec();

    let reopened = harness.reopen_as("bob");
    let second = reopened.app.index_stats.unwrap();
    // Files written within the last seconds are parsed again (a coarse
    // file-system clock could hide an edit), so only count what was parsed.
    assert_eq!(second.reused + second.parsed, 3);
    assert_eq!(reopened.app.cases.summaries(), summaries.as_slice());
    assert!(reopened.app.cases.loaded_ids().is_empty());
}

#[test]
fn a_summary_from_the_index_is_the_summary_of_the_case_read_in_full() {
    let harness = Harness::demo().reopen_as("alice");
    let store = harness.other_writer();
    let today = harness.app.today();
    for summary in harness.app.cases.summaries() {
        let stored = store.load(&summary.id).unwrap();
        assert_eq!(
            *summary,
            Summary::of_case(&stored, &harness.app.catalog, today),
            "{}",
            summary.id
        );
    }
    assert_eq!(harness.app.cases.len(), 7);
}

#[test]
fn opening_a_case_reads_that_case_only() {
    let mut harness = three_cases();
    harness.open("MIG-0002");
    assert_eq!(harness.app.cases.loaded_ids(), ["MIG-0002"]);
    assert_eq!(harness.case("MIG-0002").title, "Garage Dupont");
}

#[test]
fn a_deleted_or_damaged_index_gives_the_same_queue() {
    let harness = three_cases();
    let summaries = harness.app.cases.summaries().to_vec();
    let path = index_path(&harness);

    std::fs::write(&path, "{ not the index\n").unwrap();
    let harness = harness.reopen_as("alice");
    assert_eq!(harness.app.cases.summaries(), summaries.as_slice());
    assert_eq!(harness.app.index_stats.unwrap().parsed, 3);

    std::fs::remove_file(&path).unwrap();
    let harness = harness.reopen_as("alice");
    assert_eq!(harness.app.cases.summaries(), summaries.as_slice());
}

#[test]
fn a_case_changed_by_someone_else_between_two_starts_shows_its_new_state() {
    let harness = three_cases();
    let store = harness.other_writer();
    let mut stored = store.load("MIG-0003").unwrap();
    stored.case.title = "Salon Léa — renamed".to_string();
    stored.case.revision += 1;
    store.save(&stored.case, Some(&stored.fingerprint)).unwrap();

    let harness = harness.reopen_as("alice");
    let summary = harness.app.cases.summary_of("MIG-0003").unwrap();
    assert_eq!(summary.title, "Salon Léa — renamed");
}

#[test]
fn a_case_not_opened_that_changes_on_disk_updates_its_summary_only() {
    let mut harness = three_cases();
    let store = harness.other_writer();
    let mut stored = store.load("MIG-0001").unwrap();
    stored.case.facts.insert(
        "pro_company_name".to_string(),
        text("Boulangerie Élysée SARL"),
    );
    stored.case.title = "Élysée, new title".to_string();
    stored.case.revision += 1;
    store.save(&stored.case, Some(&stored.fingerprint)).unwrap();

    harness.tick();
    let summary = harness.app.cases.summary_of("MIG-0001").unwrap();
    assert_eq!(summary.title, "Élysée, new title");
    assert!(harness.app.cases.loaded_ids().is_empty());
}

#[test]
fn a_case_whose_file_broke_since_the_queue_was_read_says_why_and_does_not_open() {
    let mut harness = three_cases();
    let path = harness.dir.path().join("data/cases/MIG-0002.yaml");
    std::fs::write(&path, "id: [unclosed\n").unwrap();
    let before = std::fs::read(&path).unwrap();
    while harness.app.queue.selected_id(&harness.app) != Some("MIG-0002") {
        harness.press("j");
    }
    harness.press("<enter>");
    assert!(harness.app.case_screen().is_none());
    let status = harness.app.status.clone().unwrap();
    assert!(status.text.contains("cannot read MIG-0002"), "{status:?}");
    assert!(status.text.contains("MIG-0002.yaml"), "{status:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "never rewritten");
}

#[test]
fn a_new_day_turns_a_case_due_today_overdue() {
    let mut harness = Harness::demo();
    let (id, due) = harness
        .app
        .cases
        .summaries()
        .iter()
        .filter(|s| s.is_pending() && s.urgency != Urgency::Overdue)
        .find_map(|s| Some((s.id.clone(), s.due?)))
        .expect("a pending demo case with a due date still ahead");
    let day_after = due.and_hms_opt(10, 0, 0).unwrap().and_utc() + Duration::days(1);
    assert!(day_after > monday());
    harness.app.clock = Clock::Fixed(day_after);
    harness.tick();
    assert_eq!(harness.app.today(), day_after.date_naive());
    let summary = harness.app.cases.summary_of(&id).unwrap();
    assert_eq!(summary.urgency, Urgency::Overdue, "{summary:?}");
}

#[test]
fn the_disk_thread_reports_another_writers_change_but_never_the_apps_own_save() {
    let mut harness = super::eligible_tiny();
    harness.open("MIG-0001");
    harness.select_step("tell_partner");
    harness.press("<space>");
    harness.app.status = None;
    harness.tick();
    assert_eq!(harness.app.status, None, "its own save is not news");

    let store = harness.other_writer();
    let mut stored = store.load("MIG-0001").unwrap();
    stored.case.title = "Garage Dupont et Fils".to_string();
    stored.case.revision += 1;
    store.save(&stored.case, Some(&stored.fingerprint)).unwrap();
    update(&mut harness.app, Action::Tick);
    assert!(harness.app.persistence.is_busy(), "the tick only asks");
    harness.settle();
    let summary = harness.app.cases.summary_of("MIG-0001").unwrap();
    assert_eq!(summary.title, "Garage Dupont et Fils");
    let status = harness.app.status.clone().unwrap();
    assert!(status.text.contains("changed on disk"), "{status:?}");
}

#[test]
fn opening_a_case_changed_since_the_queue_was_read_brings_the_queue_up_to_date() {
    let mut harness = three_cases();
    assert_eq!(harness.app.queue.counts[0], 3, "three pending");
    let store = harness.other_writer();
    let mut stored = store.load("MIG-0002").unwrap();
    stored.case.title = "Garage Dupont, cancelled".to_string();
    stored.case.status = crate::model::CaseStatus::Cancelled;
    stored.case.revision += 1;
    store.save(&stored.case, Some(&stored.fingerprint)).unwrap();

    // No tick in between: opening reads the file, and the queue follows.
    harness.open("MIG-0002");
    harness.press("<esc>");
    assert_eq!(harness.app.queue.counts[0], 2, "no longer pending");
    let screen = harness.render(120, 40);
    assert!(screen.contains("Garage Dupont, cancelled"), "{screen}");
}

#[test]
fn a_new_day_gives_the_summaries_a_fresh_load_of_that_day_gives() {
    let mut harness = Harness::demo();
    for days in [1, 2, 5, 9, 20, 60] {
        let moment = monday() + Duration::days(days);
        harness.app.clock = Clock::Fixed(moment);
        harness.tick();
        let today = moment.date_naive();
        let rows =
            QueueIndex::load_or_rebuild(&harness.other_writer(), &harness.app.catalog, today).rows;
        let fresh = crate::app::cases::Cases::from_rows(&rows, &harness.app.catalog, today);
        let urgencies = |summaries: &[Summary]| {
            summaries
                .iter()
                .map(|summary| (summary.id.clone(), summary.urgency))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            urgencies(harness.app.cases.summaries()),
            urgencies(fresh.summaries()),
            "{days} days on"
        );
        assert_eq!(
            harness.app.cases.summaries(),
            fresh.summaries(),
            "{days} days on"
        );
    }
}

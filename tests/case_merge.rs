//! The merge of versions of one case: union of events by id, replayed
//! through the engine. Property-tested: commutative, associative and
//! idempotent to the byte, every event kept exactly once, and refused
//! replays turned into merge notices, never dropped.
#![allow(clippy::unwrap_used)]

mod team_harness;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone as _, Utc};
use migdesk::catalog::ValidPlaybook;
use migdesk::engine::{Actor, Change, apply, merge, new_case};
use migdesk::model::event_id::event_id;
use migdesk::model::{Case, CaseStatus, FactValue, Playbook, Verdict};
use migdesk::store::case_to_yaml;
use proptest::prelude::*;

fn playbook() -> ValidPlaybook {
    let text = std::fs::read_to_string(team_harness::fixture("tiny-approval")).unwrap();
    ValidPlaybook::new(serde_yaml::from_str::<Playbook>(&text).unwrap()).unwrap()
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()
}

fn base(playbook: &ValidPlaybook) -> Case {
    let actor = Actor::new("alice", start());
    new_case(
        playbook,
        "MIG-0001",
        "Salon Léa",
        "alice",
        Vec::new(),
        &actor,
    )
    .unwrap()
}

/// What an agent may try on the tiny playbook; refused tries are dropped,
/// as the app and the command line drop them.
#[derive(Debug, Clone)]
enum Edit {
    Offering(bool),
    Seats(i64),
    Check(&'static str),
    Uncheck(&'static str),
    Skip(&'static str),
    Note(u8),
    Review(bool),
    Hold(bool),
}

fn edit() -> impl Strategy<Value = Edit> {
    let step = prop::sample::select(vec!["draft", "saas_only", "close"]);
    prop_oneof![
        any::<bool>().prop_map(Edit::Offering),
        (0i64..3).prop_map(Edit::Seats),
        step.clone().prop_map(Edit::Check),
        step.clone().prop_map(Edit::Uncheck),
        step.prop_map(Edit::Skip),
        any::<u8>().prop_map(Edit::Note),
        any::<bool>().prop_map(Edit::Review),
        any::<bool>().prop_map(Edit::Hold),
    ]
}

fn change_for(edit: &Edit) -> Change {
    match edit {
        Edit::Offering(saas) => Change::SetFact {
            fact: "offering".to_string(),
            value: Some(FactValue::Text(
                if *saas { "SaaS" } else { "self-managed" }.to_string(),
            )),
        },
        Edit::Seats(seats) => Change::SetFact {
            fact: "seats".to_string(),
            value: Some(FactValue::Integer(*seats)),
        },
        Edit::Check(step) => Change::Check {
            step: step.to_string(),
            note: None,
            acknowledged: false,
        },
        Edit::Uncheck(step) => Change::Uncheck {
            step: step.to_string(),
        },
        Edit::Skip(step) => Change::Skip {
            step: step.to_string(),
            reason: "not for this customer".to_string(),
            acknowledged: false,
        },
        Edit::Note(number) => Change::Note {
            text: format!("note {number}"),
        },
        Edit::Review(approve) => Change::Review {
            step: "validate".to_string(),
            verdict: if *approve {
                Verdict::Approved
            } else {
                Verdict::Rejected
            },
            reason: "checked".to_string(),
        },
        Edit::Hold(hold) => Change::SetStatus {
            status: if *hold {
                CaseStatus::OnHold
            } else {
                CaseStatus::Open
            },
            reason: None,
        },
    }
}

/// `case` edited by `person`, one minute apart from `offset` minutes on.
fn edited(
    playbook: &ValidPlaybook,
    case: &Case,
    person: &str,
    offset: i64,
    edits: &[Edit],
) -> Case {
    let mut case = case.clone();
    for (index, edit) in edits.iter().enumerate() {
        let at = start() + Duration::minutes(offset + index as i64);
        // The assignee cannot review; the lead does that.
        let who = if matches!(edit, Edit::Review(_)) {
            "lead"
        } else {
            person
        };
        if apply(playbook, &mut case, change_for(edit), &Actor::new(who, at)).is_ok() {
            case.revision += 1;
        }
    }
    case
}

fn merged(playbook: &ValidPlaybook, versions: &[&Case]) -> Case {
    merge(playbook, versions).unwrap()
}

fn bytes(case: &Case) -> String {
    case_to_yaml(case).unwrap()
}

/// Every event id a version holds, in its history or its notices.
fn event_ids(case: &Case) -> Vec<String> {
    case.history
        .iter()
        .map(|event| event_id(&case.id, event))
        .chain(case.merge_notices.iter().map(|notice| notice.id.clone()))
        .collect()
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 0..8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn merging_is_commutative_associative_and_idempotent(
        shared in edits(), by_alice in edits(), by_bob in edits(), by_carol in edits(), after in edits(),
    ) {
        let playbook = playbook();
        let common = edited(&playbook, &base(&playbook), "alice", 0, &shared);
        let a = edited(&playbook, &common, "alice", 100, &by_alice);
        let b = edited(&playbook, &common, "bob", 100, &by_bob);
        let c = edited(&playbook, &common, "carol", 100, &by_carol);

        let ab = merged(&playbook, &[&a, &b]);
        prop_assert_eq!(bytes(&ab), bytes(&merged(&playbook, &[&b, &a])));
        let ab_c = merged(&playbook, &[&ab, &c]);
        let bc = merged(&playbook, &[&b, &c]);
        let a_bc = merged(&playbook, &[&a, &bc]);
        prop_assert_eq!(bytes(&ab_c), bytes(&a_bc));
        let ac = merged(&playbook, &[&a, &c]);
        prop_assert_eq!(bytes(&ab_c), bytes(&merged(&playbook, &[&ac, &b])));
        prop_assert_eq!(bytes(&ab_c), bytes(&merged(&playbook, &[&a, &b, &c])));
        // Idempotent: merging what is already merged changes nothing.
        prop_assert_eq!(bytes(&ab), bytes(&merged(&playbook, &[&ab, &ab])));
        prop_assert_eq!(bytes(&ab), bytes(&merged(&playbook, &[&ab, &b])));
        prop_assert_eq!(bytes(&ab_c), bytes(&merged(&playbook, &[&ab_c, &ab])));

        // Every event of every version is there exactly once.
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for id in event_ids(&ab_c) {
            *counts.entry(id).or_default() += 1;
        }
        prop_assert!(counts.values().all(|count| *count == 1), "{counts:?}");
        for version in [&a, &b, &c] {
            for id in event_ids(version) {
                prop_assert!(counts.contains_key(&id), "event {id} lost");
            }
        }

        // Work goes on after a merge, and merges again the same in every order.
        let a2 = edited(&playbook, &ab, "alice", 200, &after);
        let left = merged(&playbook, &[&merged(&playbook, &[&a2, &bc]), &c]);
        let right = merged(&playbook, &[&a2, &merged(&playbook, &[&c, &bc])]);
        prop_assert_eq!(bytes(&left), bytes(&right));
    }

    #[test]
    fn a_version_merged_with_itself_or_its_past_is_unchanged(shared in edits(), more in edits()) {
        let playbook = playbook();
        let past = edited(&playbook, &base(&playbook), "alice", 0, &shared);
        let now = edited(&playbook, &past, "alice", 100, &more);
        prop_assert_eq!(bytes(&now), bytes(&merged(&playbook, &[&now, &now])));
        prop_assert_eq!(bytes(&now), bytes(&merged(&playbook, &[&past, &now])));
    }
}

#[test]
fn both_ticking_the_same_step_leaves_a_notice_naming_both() {
    let playbook = playbook();
    let common = base(&playbook);
    let a = edited(&playbook, &common, "alice", 5, &[Edit::Check("draft")]);
    let b = edited(&playbook, &common, "bob", 7, &[Edit::Check("draft")]);
    let case = merged(&playbook, &[&a, &b]);
    assert_eq!(case.merge_notices.len(), 1);
    let notice = &case.merge_notices[0];
    assert_eq!(notice.step.as_deref(), Some("draft"));
    assert_eq!(notice.rule, "state");
    // Ordered by clock then id: both clocks are 2, so the id decides, the same everywhere.
    let kept = case.steps["draft"].by.clone().unwrap();
    assert_eq!(notice.kept.by.as_deref(), Some(kept.as_str()));
    let refused = notice.refused.by.clone().unwrap();
    assert_ne!(kept, refused);
    assert_eq!(notice.refused.value.as_deref(), Some("done"));
    assert!(notice.needs_attention());
}

#[test]
fn one_skipping_what_the_other_ticked_is_a_notice() {
    let playbook = playbook();
    let common = base(&playbook);
    let a = edited(&playbook, &common, "alice", 5, &[Edit::Check("draft")]);
    let b = edited(&playbook, &common, "bob", 7, &[Edit::Skip("draft")]);
    let case = merged(&playbook, &[&a, &b]);
    let notice = &case.merge_notices[0];
    let values = [
        notice.kept.value.clone().unwrap(),
        notice.refused.value.clone().unwrap(),
    ];
    assert!(values.contains(&"done".to_string()), "{values:?}");
    assert!(
        values.iter().any(|value| value.starts_with("skipped")),
        "{values:?}"
    );
}

#[test]
fn a_fact_set_to_two_values_keeps_one_and_names_the_other() {
    let playbook = playbook();
    let common = base(&playbook);
    let a = edited(&playbook, &common, "alice", 5, &[Edit::Seats(1)]);
    let b = edited(&playbook, &common, "bob", 7, &[Edit::Seats(2)]);
    let case = merged(&playbook, &[&a, &b]);
    assert_eq!(case.merge_notices.len(), 1, "{:?}", case.merge_notices);
    let notice = &case.merge_notices[0];
    assert_eq!(notice.fact.as_deref(), Some("seats"));
    assert_eq!(notice.rule, "concurrent");
    let kept = notice.kept.value.clone().unwrap();
    assert_eq!(
        FactValue::Integer(kept.parse().unwrap()),
        case.facts["seats"]
    );
    let mut both = [kept, notice.refused.value.clone().unwrap()];
    both.sort();
    assert_eq!(both, ["1", "2"]);
}

#[test]
fn the_same_value_set_on_both_sides_is_agreed_and_needs_nobody() {
    let playbook = playbook();
    let common = base(&playbook);
    let a = edited(&playbook, &common, "alice", 5, &[Edit::Seats(2)]);
    let b = edited(&playbook, &common, "bob", 7, &[Edit::Seats(2)]);
    let case = merged(&playbook, &[&a, &b]);
    assert_eq!(case.merge_notices.len(), 1);
    assert!(case.merge_notices[0].agreed);
    assert!(!case.merge_notices[0].needs_attention());
}

#[test]
fn resolving_a_notice_is_an_event_that_merges_like_any_other() {
    let playbook = playbook();
    let common = base(&playbook);
    let a = edited(&playbook, &common, "alice", 5, &[Edit::Seats(1)]);
    let b = edited(&playbook, &common, "bob", 7, &[Edit::Seats(2)]);
    let mut case = merged(&playbook, &[&a, &b]);
    let notice = case.merge_notices[0].id.clone();
    let resolve = Change::Resolve {
        notice: notice[..8].to_string(),
        note: Some("2 is right, the customer confirmed".to_string()),
    };
    let event = apply(
        &playbook,
        &mut case,
        resolve,
        &Actor::new("carol", start() + Duration::hours(1)),
    )
    .unwrap();
    assert_eq!(event.resolves.as_deref(), Some(notice.as_str()));
    let resolution = case.merge_notices[0].resolved.clone().unwrap();
    assert_eq!(resolution.by, "carol");
    assert!(!case.merge_notices[0].needs_attention());
    // Merging the resolved case with a side that never saw it keeps it resolved.
    let again = merged(&playbook, &[&a, &case]);
    assert_eq!(bytes(&again), bytes(&case));
    assert!(again.merge_notices[0].resolved.is_some());
    // A second resolution is refused: nothing to do.
    let refusal = apply(
        &playbook,
        &mut case.clone(),
        Change::Resolve { notice, note: None },
        &Actor::new("carol", start() + Duration::hours(2)),
    )
    .unwrap_err();
    assert_eq!(refusal.reason, migdesk::engine::RefusalReason::Unchanged);
}

#[test]
fn files_without_event_ids_get_the_same_ids_on_every_machine() {
    let playbook = playbook();
    let mut legacy = edited(
        &playbook,
        &base(&playbook),
        "alice",
        5,
        &[Edit::Seats(2), Edit::Check("draft")],
    );
    for event in &mut legacy.history {
        event.id = None;
        event.clock = None;
    }
    let text = bytes(&legacy);
    assert!(!text.contains("clock:"), "{text}");
    let reread =
        migdesk::store::case_from_yaml(std::path::Path::new("MIG-0001.yaml"), &text).unwrap();
    let once = merged(&playbook, &[&reread]);
    let twice = merged(&playbook, &[&reread, &legacy]);
    assert_eq!(bytes(&once), bytes(&twice));
    assert_eq!(once.history.len(), legacy.history.len());
    assert!(once.history.iter().all(|event| event.id.is_some()));
    assert_eq!(once.facts, legacy.facts);
    assert_eq!(once.steps, legacy.steps);
}

#[test]
fn two_cases_created_under_one_id_are_not_merged() {
    let playbook = playbook();
    let first = base(&playbook);
    let actor = Actor::new("bob", start() + Duration::minutes(1));
    let second = new_case(
        &playbook,
        "MIG-0001",
        "Another customer",
        "bob",
        Vec::new(),
        &actor,
    )
    .unwrap();
    let error = merge(&playbook, &[&first, &second]).unwrap_err();
    assert!(error.message.contains("two different cases"), "{error}");
}

#[test]
fn show_lists_the_notices_and_resolve_clears_them_from_the_command_line() {
    let playbook = playbook();
    let common = base(&playbook);
    let a = edited(&playbook, &common, "alice", 5, &[Edit::Seats(1)]);
    let b = edited(&playbook, &common, "bob", 7, &[Edit::Seats(2)]);
    let case = merged(&playbook, &[&a, &b]);
    let team = team_harness::Team::new();
    let carol = team.machine("carol");
    carol.install_fixture_playbooks();
    std::fs::create_dir_all(carol.dir.join("cases")).unwrap();
    std::fs::write(carol.case_path("MIG-0001"), bytes(&case)).unwrap();

    let shown = carol.json(&["show", "MIG-0001", "--json"]);
    let notices = shown["merge_notices"].as_array().unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0]["fact"], "seats");
    assert_eq!(notices[0]["needs_attention"], true);
    assert!(notices[0]["kept"]["by"].is_string());
    assert!(notices[0]["refused"]["at"].is_string());
    let text = carol.ok(&["show", "MIG-0001"]);
    assert!(text.contains("MERGE NOTICES (1 to resolve)"), "{text}");

    let id = notices[0]["id"].as_str().unwrap();
    carol.ok(&[
        "resolve",
        "MIG-0001",
        &id[..8],
        "--note",
        "2 seats confirmed",
    ]);
    let shown = carol.json(&["show", "MIG-0001", "--json"]);
    assert_eq!(shown["merge_notices"][0]["needs_attention"], false);
    assert_eq!(shown["merge_notices"][0]["resolved"]["by"], "carol");
    assert!(!carol.ok(&["show", "MIG-0001"]).contains("MERGE NOTICES"));
    let output = carol.run(&["resolve", "MIG-0001", "ffffffff"]);
    assert_eq!(
        output.status.code(),
        Some(3),
        "{}",
        team_harness::stderr(&output)
    );
}

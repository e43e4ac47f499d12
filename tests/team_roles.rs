//! `team.yaml` roles: `approval: { role: team_lead }` is reviewed only by a
//! team lead in team mode; `team add` and `team remove` edit the roster.
#![allow(clippy::unwrap_used)]

mod team_harness;

use chrono::{TimeZone as _, Utc};
use migdesk::catalog::ValidPlaybook;
use migdesk::engine::{Actor, Change, apply, new_case};
use migdesk::model::{Approval, Playbook, Role, Verdict};
use team_harness::{Team, stderr};

fn playbook_requiring_a_lead() -> ValidPlaybook {
    let text = std::fs::read_to_string(team_harness::fixture("tiny-approval"))
        .unwrap()
        .replace("approval: true", "approval: { role: team_lead }");
    let playbook: Playbook = serde_yaml::from_str(&text).unwrap();
    assert_eq!(
        playbook.step("validate").unwrap().approval,
        Approval::Role(Role::TeamLead)
    );
    ValidPlaybook::new(playbook).unwrap()
}

#[test]
fn an_approval_that_needs_a_team_lead_refuses_an_agent_in_team_mode_only() {
    let playbook = playbook_requiring_a_lead();
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
    let mut case = new_case(
        &playbook,
        "MIG-0001",
        "Salon",
        "alice",
        Vec::new(),
        &Actor::new("alice", now),
    )
    .unwrap();
    let tick = Change::Check {
        step: "draft".to_string(),
        note: None,
        acknowledged: false,
    };
    apply(&playbook, &mut case, tick, &Actor::new("alice", now)).unwrap();
    let approve = Change::Review {
        step: "validate".to_string(),
        verdict: Verdict::Approved,
        reason: "ok".to_string(),
    };
    let agent = Actor::new("bob", now).with_roles(Some(vec![Role::Agent]));
    let refusal = apply(&playbook, &mut case.clone(), approve.clone(), &agent).unwrap_err();
    assert_eq!(refusal.reason, migdesk::engine::RefusalReason::ApprovalRole);
    assert!(refusal.remedy.contains("team_lead"), "{refusal}");
    let lead = Actor::new("carol", now).with_roles(Some(vec![Role::Agent, Role::TeamLead]));
    apply(&playbook, &mut case.clone(), approve.clone(), &lead).unwrap();
    // Outside team mode there is no roster: four eyes only.
    apply(&playbook, &mut case, approve, &Actor::new("bob", now)).unwrap();
}

#[test]
fn approval_is_written_as_a_flag_or_a_role_and_nothing_else() {
    let parse = |text: &str| {
        serde_yaml::from_str::<migdesk::model::Step>(&format!("id: s\ntitle: S\n{text}"))
    };
    assert_eq!(
        parse("approval: true").unwrap().approval,
        Approval::AnyReviewer
    );
    assert_eq!(parse("").unwrap().approval, Approval::None);
    assert_eq!(
        parse("approval: { role: agent }").unwrap().approval,
        Approval::Role(Role::Agent)
    );
    let error = parse("approval: { role: boss }").unwrap_err().to_string();
    assert!(error.contains("team_lead"), "{error}");
    let written = serde_yaml::to_string(&parse("approval: { role: team_lead }").unwrap()).unwrap();
    assert!(written.contains("role: team_lead"), "{written}");
}

#[test]
fn the_shipped_tl_validation_is_reviewed_by_a_team_lead_in_team_mode() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob", "carol"]);
    let (alice, bob, carol) = (&machines[0], &machines[1], &machines[2]);
    let id = bob.new_case("undo-migration", "Salon Léa");
    bob.ok(&["sync"]);
    carol.ok(&["sync"]);
    alice.ok(&["sync"]);
    let output = carol.run(&[
        "review",
        &id,
        "tl_validation",
        "--approve",
        "--reason",
        "ok",
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("approval-role"),
        "{}",
        stderr(&output)
    );
    // Alice leads: her review is refused only because the step is not ready yet.
    let output = alice.run(&[
        "review",
        &id,
        "tl_validation",
        "--approve",
        "--reason",
        "ok",
    ]);
    assert!(
        !stderr(&output).contains("approval-role"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn team_add_and_remove_edit_the_roster_and_the_change_syncs() {
    let team = Team::new();
    let machines = team.with_members("alice", &["bob"]);
    let (alice, bob) = (&machines[0], &machines[1]);
    alice.ok(&[
        "team",
        "add",
        "bob",
        "--role",
        "agent",
        "--role",
        "team_lead",
        "--email",
        "bob@example.test",
    ]);
    alice.ok(&["sync"]);
    bob.ok(&["sync"]);
    let roster = std::fs::read_to_string(bob.dir.join("team.yaml")).unwrap();
    assert!(roster.contains("bob@example.test"), "{roster}");
    bob.ok(&["team", "remove", "alice"]);
    bob.ok(&["sync"]);
    alice.ok(&["sync"]);
    let output = alice.run(&["note", "MIG-0001", "hello"]);
    assert!(
        stderr(&output).contains("not on the team"),
        "{}",
        stderr(&output)
    );
    let output = bob.run(&["team", "remove", "bob"]);
    assert!(
        stderr(&output).contains("last team lead"),
        "{}",
        stderr(&output)
    );
}

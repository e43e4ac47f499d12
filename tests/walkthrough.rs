//! One case of each shipped playbook taken from creation to `done` with the
//! command line only, the way an agent works: facts known at the start with
//! `new --set`, the rest with `set` as they are learnt, `check` (with `--ack`
//! where a warning must be confirmed and `--note` where there is something
//! to keep), `skip --reason` where a step does not apply, and approvals
//! reviewed by someone other than the assignee.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::REVIEWER;
use common::desk::Desk;

/// `show --json` says `done` with every applicable step done or skipped.
fn assert_done(desk: &Desk, id: &str, total: u64) {
    let (status, done, all) = desk.status(id);
    assert_eq!(status, "done", "{id}");
    assert_eq!((done, all), (total, total), "{id}");
    let json = desk.show(id);
    assert!(json["blockers"].as_array().unwrap().is_empty(), "{json}");
    // A done case no longer shows in the pending list.
    let pending = desk.json(&["list", "--json"]);
    assert!(
        pending.as_array().unwrap().iter().all(|c| c["id"] != id),
        "{pending}"
    );
}

fn saas_pro_to_connect(desk: &Desk) -> String {
    let id = desk.open(
        "saas-pro-to-connect",
        &[
            "pro_company_name=Salon Léa SARL",
            "pro_vat_number=FR40303265045",
        ],
    );
    // Finance and the signed contract answer the eligibility questions.
    desk.set(
        &id,
        &[
            "has_debts=non",
            "new_company_name=Salon Léa SARL",
            "new_vat_number=FR40303265045",
        ],
    );
    desk.ok(&[
        "check",
        &id,
        "create_opportunity",
        "--note",
        "Opportunité Saas Migration créée",
    ]);
    desk.tick(
        &id,
        &[
            "fill_contacts",
            "contract_in_files",
            "mark_as_migration",
            "check_not_on_iglu",
            "cds_source",
            "client_file",
            "employees_and_hours",
        ],
    );
    desk.ok(&[
        "check",
        &id,
        "forecast_training_date",
        "--note",
        "FTD 2026-11-16",
    ]);
    desk.check(&id, "venue_usp");
    assert_done(desk, &id, 10);
    id
}

fn undo_migration(desk: &Desk) -> String {
    let id = desk.open(
        "undo-migration",
        &[
            "has_debts=non",
            "pro_company_name=Institut Rose",
            "new_company_name=Institut Rose",
            "pro_vat_number=FR40303265045",
            "new_vat_number=FR40303265045",
        ],
    );
    desk.tick(
        &id,
        &["create_opportunity", "contract_in_files", "venue_usp"],
    );
    desk.ok(&[
        "review",
        &id,
        "tl_validation",
        "--approve",
        "--reason",
        "billing Connect et frais à 0 € vérifiés",
        "--as",
        REVIEWER,
    ]);
    desk.check(&id, "jira_set_active");
    desk.set(&id, &["old_connect_id=123456", "seen_with=Camille"]);
    desk.ok(&[
        "check",
        &id,
        "jira_product_support",
        "--note",
        "Ticket Jira PS-4521",
    ]);
    desk.tick(
        &id,
        &[
            "undo_confirmed",
            "check_appointments",
            "publish_connect_page",
            "disable_online_booking_pro",
        ],
    );
    desk.ok(&["check", &id, "finance_cut_pro_billing", "--ack"]);
    desk.check(&id, "tell_partner_widgets");
    assert_done(desk, &id, 12);
    id
}

fn saas_to_local_install(desk: &Desk) -> String {
    let id = desk.open("saas-to-local-install", &[]);
    desk.set(&id, &["data_backed_up=yes"]);
    desk.tick(
        &id,
        &[
            "submit_cancellation_form",
            "route_to_cs_tl",
            "process_cancellation",
        ],
    );
    desk.ok(&["check", &id, "ems_ticket", "--note", "EMS high priority"]);
    desk.tick(
        &id,
        &[
            "renewal_and_proposal",
            "order_processed",
            "user_downloads_licenses",
        ],
    );
    assert_done(desk, &id, 7);
    id
}

fn saas_to_virtual_office(desk: &Desk) -> String {
    let id = desk.open(
        "saas-to-virtual-office",
        &["vo_products=Accounting CS, Microsoft Office, Exchange"],
    );
    desk.tick(
        &id,
        &[
            "submit_cancellation_form",
            "route_to_cs_tl_hold",
            "email_cpt",
        ],
    );
    // CPT books Monday 2026-11-09, 13:00-17:00.
    desk.set(&id, &["downtime_start=2026-11-09 13:00"]);
    desk.tick(
        &id,
        &[
            "schedule_downtime",
            "welcome_email",
            "cpt_confirms_complete",
            "process_cancellation",
            "ems_ticket",
        ],
    );
    desk.set(&id, &["vo_licenses_ok=yes"]);
    desk.tick(
        &id,
        &[
            "renewal_and_proposal",
            "order_processed",
            "cpt_update_licenses",
        ],
    );
    assert_done(desk, &id, 11);
    id
}

fn offering_migration_support(desk: &Desk) -> String {
    let id = desk.open(
        "offering-migration-support",
        &["current_offering=self-managed", "target_offering=SaaS"],
    );
    desk.check(&id, "explain_support");
    desk.set(&id, &["new_support_level=Premium"]);
    desk.check(&id, "confirm_support_level");
    desk.set(&id, &["target_date=2026-12-15"]);
    desk.check(&id, "ask_target_date");
    desk.ok(&[
        "check",
        &id,
        "open_support_ops_issue",
        "--note",
        "Support Ops issue opened",
    ]);
    desk.tick(
        &id,
        &[
            "support_ops_add_tag",
            "support_ops_org_notes",
            "remove_extra_tag",
        ],
    );
    assert_done(desk, &id, 7);
    id
}

fn subscription_allocation(desk: &Desk) -> String {
    let id = desk.open(
        "subscription-allocation",
        &["admin_has_financier_role=oui", "change_billing_cycle=non"],
    );
    desk.check(&id, "open_client_subscriptions");
    desk.set(&id, &["allocated_subscriptions=20", "consumed_seats=20"]);
    desk.check(&id, "sync_consumed_seats");
    // No free subscription: allocate five more, then add the users.
    desk.ok(&[
        "check",
        &id,
        "allocate_subscriptions",
        "--note",
        "+5 sur le site de Lyon",
    ]);
    desk.set(&id, &["allocated_subscriptions=25"]);
    desk.check(&id, "add_users");
    // The billing cycle does not change: that step does not apply.
    assert_eq!(desk.state(&id, "edit_billing_cycle"), "n/a");
    assert_done(desk, &id, 4);
    id
}

fn onprem_to_saas(desk: &Desk) -> String {
    let id = desk.open("onprem-to-saas", &[]);
    desk.tick(&id, &["quote_request", "written_offer", "offer_confirmed"]);
    desk.set(
        &id,
        &[
            "transition_date=2026-11-06",
            "saas_site_name=ems-les-tilleuls",
            "has_epdoc=non",
        ],
    );
    desk.tick(&id, &["agree_details", "launch_deployment"]);
    desk.ok(&["check", &id, "set_read_only", "--ack"]);
    desk.check(&id, "migrate_data");
    desk.ok(&[
        "skip",
        &id,
        "convert_interfaces",
        "--reason",
        "aucune interface chez ce client",
    ]);
    desk.tick(&id, &["run_tests", "hand_over_site", "users_watch_videos"]);
    desk.set(&id, &["acceptance_by=Mme Favre, responsable RAI"]);
    desk.tick(
        &id,
        &["formal_acceptance", "support_address", "final_invoice"],
    );
    assert_eq!(desk.state(&id, "epdoc_acceptance"), "n/a");
    assert_eq!(desk.state(&id, "convert_interfaces"), "skipped");
    assert_done(desk, &id, 14);
    id
}

#[test]
fn saas_pro_to_connect_from_creation_to_done() {
    saas_pro_to_connect(&Desk::new());
}

#[test]
fn undo_migration_from_creation_to_done() {
    undo_migration(&Desk::new());
}

#[test]
fn saas_to_local_install_from_creation_to_done() {
    saas_to_local_install(&Desk::new());
}

#[test]
fn saas_to_virtual_office_from_creation_to_done() {
    saas_to_virtual_office(&Desk::new());
}

#[test]
fn offering_migration_support_from_creation_to_done() {
    offering_migration_support(&Desk::new());
}

#[test]
fn subscription_allocation_from_creation_to_done() {
    subscription_allocation(&Desk::new());
}

#[test]
fn onprem_to_saas_from_creation_to_done() {
    onprem_to_saas(&Desk::new());
}

#[test]
fn one_desk_with_a_done_case_of_each_playbook_validates() {
    let desk = Desk::new();
    let ids = [
        saas_pro_to_connect(&desk),
        undo_migration(&desk),
        saas_to_local_install(&desk),
        saas_to_virtual_office(&desk),
        offering_migration_support(&desk),
        subscription_allocation(&desk),
        onprem_to_saas(&desk),
    ];
    let all = desk.json(&["list", "--json", "--status", "done"]);
    let listed: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ids);
    assert_eq!(
        desk.ok(&["validate"]).trim(),
        "ok: 7 playbook(s) and 7 case file(s), no problems"
    );
}

#[test]
fn validate_passes_on_the_seven_shipped_playbook_files() {
    let desk = Desk::new();
    assert_eq!(
        desk.ok(&["validate"]).trim(),
        "ok: 7 playbook(s) and 0 case file(s), no problems"
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/playbooks");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path().display().to_string())
        .collect();
    files.sort();
    assert_eq!(files.len(), 7);
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    assert_eq!(
        desk.ok(&args).trim(),
        "ok: 7 playbook(s) and 0 case file(s), no problems"
    );
}

#[test]
fn playbooks_lists_the_seven_with_their_language() {
    let desk = Desk::new();
    let json = desk.json(&["playbooks", "--json"]);
    let listed: Vec<(&str, &str, &str, u64)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap(),
                p["language"].as_str().unwrap(),
                p["origin"].as_str().unwrap(),
                p["steps"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("offering-migration-support", "en", "shipped", 7),
            ("onprem-to-saas", "fr", "shipped", 15),
            ("saas-pro-to-connect", "fr", "shipped", 10),
            ("saas-to-local-install", "en", "shipped", 7),
            ("saas-to-virtual-office", "en", "shipped", 11),
            ("subscription-allocation", "fr", "shipped", 5),
            ("undo-migration", "fr", "shipped", 12),
        ]
    );
    let text = desk.ok(&["playbooks"]);
    for (id, language, _, _) in &listed {
        let row = text
            .lines()
            .find(|line| line.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} not listed: {text}"));
        assert!(
            row.split_whitespace().any(|word| word == *language),
            "{row}"
        );
    }
}

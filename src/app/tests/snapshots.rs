//! Snapshots of every view at 80×24 and 120×40 (dates pinned, temporary
//! paths filtered), and every view drawn at tiny sizes without panicking.

use super::{Harness, create_case, eligible_tiny, render};

/// The welcome box's line naming the temporary cases folder, the box's inner width wide.
const WELCOME_PATH: &str =
    "No cases yet in <cases dir>.                                              │";

/// The same line in French.
const WELCOME_PATH_FRENCH: &str =
    "Aucun dossier pour l’instant dans <cases dir>.                            │";

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

pub(super) fn snapshot(name: &str, harness: &Harness) {
    for (width, height) in SIZES {
        let screen = render(&harness.app, width, height);
        insta::with_settings!({
            filters => vec![
                (r"No cases yet in \S+?\.\s*│", WELCOME_PATH),
                (r"Aucun dossier pour l’instant dans \S+?\.\s*│", WELCOME_PATH_FRENCH),
            ],
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen);
        });
    }
}

/// Every view and dialog, each in the state a test would leave it in.
fn every_view() -> Vec<(&'static str, Harness)> {
    let mut views = Vec::new();
    views.push(("welcome", Harness::empty()));
    views.push(("queue", Harness::demo()));

    let mut filtering = Harness::demo();
    filtering.press("/undo");
    views.push(("queue_filter", filtering));

    let mut blocked = Harness::demo();
    blocked.open("MIG-0001");
    views.push(("blocked_case", blocked));

    let mut locked = Harness::demo();
    locked.open("MIG-0002");
    locked.select_step("venue_usp");
    views.push(("locked_step", locked));

    let mut reasons = Harness::demo();
    reasons.open("MIG-0002");
    reasons.select_step("venue_usp");
    reasons.press("<space>");
    views.push(("locked_step_dialog", reasons));

    let mut facts = Harness::demo();
    facts.open("MIG-0003");
    facts.press("<tab>");
    views.push(("case_facts", facts));

    let mut editing = Harness::as_user("alice", |store| {
        create_case(store, "offering-migration-support", "Globex", "alice", &[]);
    });
    editing.open("MIG-0001");
    editing.press("<tab>");
    editing.select_fact("target_date");
    editing.press("<enter>2026-13-45<enter>");
    views.push(("fact_input_refused", editing));

    let mut acknowledge = eligible_tiny();
    acknowledge.open("MIG-0001");
    acknowledge.select_step("open_ticket");
    acknowledge.press("<space>");
    acknowledge.select_step("cut_billing");
    acknowledge.press("<space>");
    views.push(("acknowledge_dialog", acknowledge));

    let mut skip = Harness::demo();
    skip.open("MIG-0002");
    skip.select_step("check_not_on_iglu");
    skip.press("-<enter>");
    views.push(("skip_prompt_refused", skip));

    let mut picker = Harness::as_user("alice", |store| {
        create_case(store, "offering-migration-support", "Globex", "alice", &[]);
    });
    picker.open("MIG-0001");
    picker.press("<tab>");
    picker.select_fact("target_offering");
    picker.press("<enter>");
    views.push(("choice_picker", picker));

    let mut refused = Harness::demo();
    refused.open("MIG-0003");
    refused.select_step("tl_validation");
    refused.press("<space>");
    views.push(("refusal_dialog", refused));

    let mut review = Harness::demo();
    review.press("r");
    views.push(("review", review));

    let mut own_review = Harness::demo();
    own_review.press("r]");
    views.push(("review_four_eyes", own_review));

    let mut help = Harness::demo();
    help.press("?");
    views.push(("help_queue", help));

    let mut case_help = Harness::demo();
    case_help.open("MIG-0002");
    case_help.press("?");
    views.push(("help_case", case_help));

    let mut pick = Harness::demo();
    pick.press("n");
    views.push(("new_case_picker", pick));

    let mut form = Harness::demo();
    form.press("n");
    let index = form
        .app
        .catalog
        .entries()
        .iter()
        .position(|entry| entry.playbook.id() == "saas-pro-to-connect")
        .unwrap_or(0);
    for _ in 0..index {
        form.press("j");
    }
    form.press("<enter>Boulangerie Dupont<tab><space><tab>Dupont SARL<tab>Dupont SA");
    views.push(("new_case_form", form));
    views
}

/// The views that have a snapshot, in each language.
const SNAPSHOT_VIEWS: [&str; 11] = [
    "welcome",
    "queue",
    "blocked_case",
    "locked_step",
    "locked_step_dialog",
    "review",
    "review_four_eyes",
    "help_queue",
    "new_case_form",
    "case_facts",
    "acknowledge_dialog",
];

/// The same views with the interface in French: built and drawn in
/// French, so the messages the actions leave are French too.
#[test]
fn views_in_french_at_80x24_and_120x40() {
    crate::i18n::with_language(crate::i18n::Language::Fr, || {
        for (name, harness) in every_view() {
            if SNAPSHOT_VIEWS.contains(&name) {
                snapshot(&format!("fr_{name}"), &harness);
            }
        }
    });
}

#[test]
fn views_at_80x24_and_120x40() {
    for (name, harness) in every_view() {
        if matches!(
            name,
            "welcome"
                | "queue"
                | "blocked_case"
                | "locked_step"
                | "locked_step_dialog"
                | "review"
                | "review_four_eyes"
                | "help_queue"
                | "new_case_form"
                | "case_facts"
                | "acknowledge_dialog"
        ) {
            snapshot(name, &harness);
        }
    }
}

#[test]
fn every_view_draws_at_any_size_without_panicking() {
    for (name, harness) in every_view() {
        for width in 1..=20 {
            for height in 1..=5 {
                let _ = render(&harness.app, width, height);
            }
        }
        for (width, height) in [(80, 24), (40, 10), (200, 60), (30, 8)] {
            let screen = render(&harness.app, width, height);
            assert!(!screen.is_empty(), "{name} at {width}x{height}");
        }
    }
}

/// At 80×24, in both languages, the footer shows each key it shows whole
/// (its key and its whole description) and always keeps the help key.
#[test]
fn the_footer_at_80_columns_never_cuts_a_key_and_keeps_help() {
    for language in [crate::i18n::Language::En, crate::i18n::Language::Fr] {
        crate::i18n::with_language(language, || {
            for (name, harness) in every_view() {
                let screen = render(&harness.app, 80, 24);
                let footer = screen.lines().last().unwrap_or_default().to_string();
                let items = harness.app.keymap().footer(harness.app.context());
                for (key, what) in &items {
                    let whole = format!("{key} {what}");
                    if key == "?" {
                        assert!(footer.contains(&whole), "{name}: {whole} in {footer}");
                    }
                    if footer.contains(&format!("  {key} ")) {
                        assert!(footer.contains(&whole), "{name}: {whole} cut in {footer}");
                    }
                }
            }
        });
    }
}

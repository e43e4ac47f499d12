//! The queue: welcome, demo, tabs, filter, sort, navigation, opening.

use super::Harness;
use crate::app::{Context, Sort, Tab};

fn visible_ids(harness: &Harness) -> Vec<String> {
    harness
        .app
        .queue
        .rows
        .iter()
        .map(|index| harness.app.cases.summary(*index).unwrap().id.clone())
        .collect()
}

#[test]
fn an_empty_data_directory_welcomes_and_offers_the_demo() {
    let mut harness = Harness::empty();
    assert_eq!(harness.app.context(), Context::Welcome);
    let screen = harness.render(80, 24);
    assert!(screen.contains("Welcome to migdesk"), "{screen}");
    assert!(screen.contains("start a new case"));
    assert!(screen.contains("demo: true"));
    harness.press("d");
    assert_eq!(harness.app.cases.len(), 7);
    assert!(harness.app.cases.summaries().iter().all(|s| s.demo));
    assert_eq!(harness.app.context(), Context::Queue);
    // Stored for real: another reader of the directory sees them.
    assert_eq!(harness.other_writer().load_all().cases.len(), 7);
    let status = harness.app.status.clone().unwrap().text;
    assert!(status.contains("7 demo cases"), "{status}");
}

#[test]
fn tabs_count_cases_and_filter_the_rows() {
    let mut harness = Harness::demo();
    // Pending, Review, Blocked, Done, All, Mine.
    assert_eq!(harness.app.queue.counts, [6, 2, 2, 1, 7, 4]);
    assert_eq!(harness.app.queue.tab, Tab::Pending);
    assert_eq!(harness.app.queue.rows.len(), 6);
    harness.press("<tab>");
    assert_eq!(harness.app.queue.tab, Tab::Review);
    assert_eq!(visible_ids(&harness), ["MIG-0003", "MIG-0004"]);
    harness.press("l");
    assert_eq!(harness.app.queue.tab, Tab::Blocked);
    assert_eq!(visible_ids(&harness), ["MIG-0006", "MIG-0001"]);
    harness.press("<tab><tab>");
    assert_eq!(harness.app.queue.tab, Tab::All);
    harness.press("<tab>");
    assert_eq!(harness.app.queue.tab, Tab::Mine);
    harness.press("<tab>");
    assert_eq!(harness.app.queue.tab, Tab::Pending);
    harness.press("<s-tab><s-tab>");
    assert_eq!(harness.app.queue.tab, Tab::All);
    harness.press("h");
    assert_eq!(harness.app.queue.tab, Tab::Done);
    assert_eq!(visible_ids(&harness), ["MIG-0007"]);
}

#[test]
fn moving_through_the_rows() {
    let mut harness = Harness::demo();
    harness.press("<tab><tab><tab><tab>g");
    assert_eq!(harness.app.queue.selected, 0);
    harness.press("jj");
    assert_eq!(harness.app.queue.selected, 2);
    harness.press("k<up>");
    assert_eq!(harness.app.queue.selected, 0);
    harness.press("k");
    assert_eq!(harness.app.queue.selected, 0, "stays on the first row");
    harness.press("G");
    assert_eq!(harness.app.queue.selected, 6);
    harness.press("j");
    assert_eq!(harness.app.queue.selected, 6, "stays on the last row");
    harness.press("g");
    assert_eq!(harness.app.queue.selected, 0);
    harness.press("<pgdn>");
    assert_eq!(harness.app.queue.selected, 6);
    harness.press("<pgup>");
    assert_eq!(harness.app.queue.selected, 0);
}

#[test]
fn the_filter_is_fuzzy_over_id_title_playbook_and_facts() {
    let mut harness = Harness::demo();
    harness.press("<tab><tab><tab><tab>/boulangr");
    assert_eq!(harness.app.context(), Context::QueueFilter);
    assert_eq!(visible_ids(&harness), ["MIG-0001"]);
    assert_eq!(harness.app.queue.counts, [1, 0, 1, 0, 1, 1]);
    // Typing goes into the filter, even letters bound in the queue.
    harness.press("<c-u>cnx-48213");
    assert_eq!(harness.app.queue.filter.value(), "cnx-48213");
    assert_eq!(visible_ids(&harness), ["MIG-0003"], "a fact value matches");
    harness.press("<c-u>undo-migration");
    assert_eq!(visible_ids(&harness).len(), 2, "the playbook id matches");
    harness.press("<c-u>MIG-0007");
    assert_eq!(visible_ids(&harness)[0], "MIG-0007", "the best match first");
    harness.press("<enter>");
    assert_eq!(harness.app.context(), Context::Queue);
    assert_eq!(
        harness.app.queue.filter.value(),
        "MIG-0007",
        "Enter keeps the filter"
    );
    harness.press("/<esc>");
    assert_eq!(harness.app.queue.filter.value(), "");
    assert_eq!(visible_ids(&harness).len(), 7);
}

#[test]
fn a_filter_that_matches_nothing_says_so() {
    let mut harness = Harness::demo();
    harness.press("/zzzzqqq");
    assert!(harness.app.queue.rows.is_empty());
    assert!(harness.render(80, 24).contains("No case matches"));
}

#[test]
fn sort_cycles_and_is_shown() {
    let mut harness = Harness::demo();
    harness.press("<tab><tab><tab><tab>");
    assert_eq!(harness.app.queue.sort, Sort::Due);
    // Cases with a due date first, soonest first.
    assert_eq!(visible_ids(&harness)[..2], ["MIG-0005", "MIG-0006"]);
    harness.press("s");
    assert_eq!(harness.app.queue.sort, Sort::LastChange);
    assert!(harness.render(120, 40).contains("sort: last change"));
    harness.press("s");
    assert_eq!(harness.app.queue.sort, Sort::Id);
    assert_eq!(
        visible_ids(&harness),
        [
            "MIG-0001", "MIG-0002", "MIG-0003", "MIG-0004", "MIG-0005", "MIG-0006", "MIG-0007"
        ]
    );
    harness.press("s");
    assert_eq!(harness.app.queue.sort, Sort::Status);
    assert_eq!(
        visible_ids(&harness)[..2],
        ["MIG-0006", "MIG-0001"],
        "blocked first"
    );
    assert_eq!(
        visible_ids(&harness).last().unwrap(),
        "MIG-0007",
        "done last"
    );
    harness.press("s");
    assert_eq!(harness.app.queue.sort, Sort::Due);
}

#[test]
fn the_selection_follows_its_case_when_the_order_changes() {
    let mut harness = Harness::demo();
    harness.press("<tab><tab><tab><tab>G");
    let chosen = harness
        .app
        .queue
        .selected_id(&harness.app)
        .unwrap()
        .to_string();
    harness.press("s");
    assert_eq!(
        harness.app.queue.selected_id(&harness.app),
        Some(chosen.as_str())
    );
}

#[test]
fn enter_opens_the_selected_case_and_esc_comes_back() {
    let mut harness = Harness::demo();
    harness.press("<tab><tab><tab><tab>g<enter>");
    let opened = harness.app.case_screen().unwrap().id.clone();
    assert_eq!(
        Some(opened.as_str()),
        harness.app.queue.selected_id(&harness.app)
    );
    harness.press("<esc>");
    assert!(harness.app.screens.is_empty());
    assert_eq!(harness.app.context(), Context::Queue);
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut harness = Harness::demo();
    harness.press("q");
    assert!(harness.app.should_quit);
    let mut harness = Harness::demo();
    harness.open("MIG-0002");
    harness.press("<c-c>");
    assert!(harness.app.should_quit, "Ctrl-C quits from anywhere");
}

#[test]
fn ctrl_z_asks_the_terminal_to_suspend() {
    let mut harness = Harness::demo();
    harness.press("<c-z>");
    assert_eq!(harness.app.take_effects(), [crate::app::Effect::Suspend]);
}

#[test]
fn help_lists_every_key_of_the_view_it_was_opened_from() {
    let mut harness = Harness::demo();
    harness.press("?");
    assert_eq!(harness.app.context(), Context::Help);
    let screen = harness.render(120, 40);
    for binding in crate::tui::keymap::bindings(Context::Queue) {
        assert!(
            screen.contains(binding.description),
            "{} missing:\n{screen}",
            binding.description
        );
    }
    harness.press("j");
    assert_eq!(
        harness.app.queue.selected, 0,
        "keys do not reach the queue under help"
    );
    harness.press("<esc>");
    assert_eq!(harness.app.context(), Context::Queue);

    harness.open("MIG-0002");
    harness.press("?");
    let screen = harness.render(120, 40);
    for binding in crate::tui::keymap::bindings(Context::Case) {
        assert!(
            screen.contains(binding.description),
            "{} missing:\n{screen}",
            binding.description
        );
    }
    harness.press("?");
    assert_eq!(harness.app.context(), Context::Case);
}

#[test]
fn the_footer_shows_the_keys_that_matter_here() {
    let mut harness = Harness::demo();
    let screen = harness.render(120, 40);
    let footer = screen.lines().nth(40).unwrap_or_default().to_string();
    let footer = if footer.is_empty() {
        screen.lines().last().unwrap().to_string()
    } else {
        footer
    };
    assert!(
        footer.contains("open case") && footer.contains("filter"),
        "{footer}"
    );
    harness.open("MIG-0002");
    let screen = harness.render(120, 40);
    assert!(
        screen.lines().last().unwrap().contains("tick/untick"),
        "{screen}"
    );
}

#[test]
fn the_queue_shows_blockers_progress_and_due_dates() {
    let harness = Harness::demo();
    let screen = harness.render(120, 40);
    assert!(
        screen.contains("blocked: Le partenaire a des dettes"),
        "{screen}"
    );
    assert!(
        screen.contains("blocked: answer data_backed_up first"),
        "{screen}"
    );
    // Acme was due the Thursday before: overdue, marked with `!`.
    assert!(screen.contains("2026-10-29!"), "{screen}");
    assert!(screen.contains("█"), "{screen}");
}

#[test]
fn the_filter_takes_the_query_grammar() {
    let mut harness = Harness::demo();
    harness.press("<tab><tab><tab><tab>/MIG-0003");
    assert_eq!(
        visible_ids(&harness),
        ["MIG-0003"],
        "an exact id: that case only"
    );
    harness.press("<c-u>in review");
    assert_eq!(visible_ids(&harness), ["MIG-0003", "MIG-0004"]);
    harness.press("<c-u>status:review @camille");
    assert_eq!(visible_ids(&harness), ["MIG-0003"]);
    harness.press("<c-u>is:mine status:blocked");
    let mine_blocked = visible_ids(&harness);
    assert_eq!(mine_blocked, ["MIG-0001"], "alice's blocked case");
    harness.press("<c-u>-is:mine");
    let others = visible_ids(&harness);
    assert!(!others.is_empty());
    for id in &others {
        let summary = harness.app.cases.summary_of(id).unwrap();
        assert_ne!(summary.assignee, "alice", "{id}");
    }
}

//! The dashboard over a generated queue with the clock pinned: its figures
//! are those counted from the case files, a bar leads the queue to exactly
//! its cases, and review mode goes through the waits oldest first.

use super::{Harness, monday, render};
use crate::app::{Context, DashboardScreen, Panel, Screen};
use crate::catalog::Catalog;
use crate::engine::evaluate;
use crate::queue_index::QueueRow;
use crate::stats::{CaseFigures, DueBucket, Scope, Selection, Setting, compute};

fn generated(count: u64) -> Harness {
    Harness::as_user("lead", |store| {
        crate::generate::write_cases(store.data_dir(), &Catalog::shipped(), count, 5, monday())
            .unwrap();
    })
}

fn dashboard(harness: &Harness) -> &DashboardScreen {
    match harness.app.screens.last() {
        Some(Screen::Dashboard(screen)) => screen,
        _ => panic!("the dashboard is not open"),
    }
}

/// The figures as the case files give them, parsed here.
fn from_files(harness: &Harness, scope: &Scope) -> crate::stats::Stats {
    let store = harness.other_writer();
    let catalog = harness.app.catalog();
    let figures: Vec<CaseFigures> = store
        .load_all()
        .cases
        .iter()
        .map(|loaded| {
            QueueRow::of(
                loaded,
                catalog.get(&loaded.case.playbook),
                harness.app.today(),
            )
        })
        .map(|row| CaseFigures::of_row(&row))
        .collect();
    compute(&figures, scope, &Setting::new(harness.app.today(), catalog))
}

/// Moves the selection to the first bar whose selection is `wanted`.
fn select(harness: &mut Harness, wanted: &Selection) {
    harness.press("g");
    for _ in 0..dashboard(harness).bars.len() {
        if dashboard(harness).selected_bar().map(|bar| &bar.selection) == Some(wanted) {
            return;
        }
        harness.press("j");
    }
    panic!("no bar for {wanted:?}");
}

#[test]
fn the_dashboard_shows_the_figures_of_the_case_files_and_narrows_them() {
    let mut harness = generated(150);
    harness.press("D");
    assert_eq!(harness.app.context(), Context::Dashboard);
    assert_eq!(
        dashboard(&harness).stats,
        from_files(&harness, &Scope::default())
    );
    harness.press("p");
    let scope = dashboard(&harness).scope.clone();
    assert!(scope.playbook.is_some());
    assert_eq!(dashboard(&harness).stats, from_files(&harness, &scope));
    harness.press("a");
    let scope = dashboard(&harness).scope.clone();
    assert!(scope.assignee.is_some());
    assert_eq!(dashboard(&harness).stats, from_files(&harness, &scope));
    let screen = harness.render(120, 40);
    assert!(
        screen.contains(&format!("playbook: {}", scope.playbook.unwrap())),
        "{screen}"
    );
    harness.press("<esc>");
    assert!(harness.app.screens.is_empty());
}

#[test]
fn enter_on_a_bar_opens_the_queue_on_exactly_its_cases() {
    let mut harness = generated(150);
    harness.press("D");
    let overdue = Selection::Due(DueBucket::Overdue);
    select(&mut harness, &overdue);
    let count = dashboard(&harness).selected_bar().unwrap().value;
    assert!(count > 0);
    harness.press("<enter>");
    assert_eq!(harness.app.context(), Context::Queue);
    assert_eq!(harness.app.queue.rows.len(), count);
    let today = harness.app.today();
    let store = harness.other_writer();
    for index in &harness.app.queue.rows {
        let id = &harness.app.cases.summary(*index).unwrap().id;
        let case = store.load(id).unwrap().case;
        let evaluation = evaluate(
            harness.app.catalog().get(&case.playbook).unwrap(),
            &case,
            today,
        );
        assert!(evaluation.overdue, "{id} is not overdue");
    }
    let screen = render(&harness.app, 80, 24);
    assert!(
        screen.contains("From the dashboard: pending cases overdue"),
        "{screen}"
    );
    harness.press("<esc>");
    assert!(harness.app.queue.drill.is_none());
    assert!(harness.app.queue.rows.len() > count);

    // A week of the chart: the cases done in it.
    harness.press("D");
    let week = dashboard(&harness)
        .bars
        .iter()
        .filter(|bar| bar.panel == Panel::Throughput && bar.value > 0)
        .map(|bar| (bar.selection.clone(), bar.value))
        .next_back()
        .unwrap();
    select(&mut harness, &week.0);
    harness.press("<enter>");
    assert_eq!(harness.app.queue.rows.len(), week.1);
}

#[test]
fn review_mode_goes_through_the_longest_waits_first_and_counts_what_is_left() {
    let mut harness = generated(200);
    harness.press("r");
    let Some(Screen::Review(screen)) = harness.app.screens.last() else {
        panic!("not in review mode");
    };
    let items = screen.items.clone();
    assert!(items.len() >= 5, "{}", items.len());
    assert!(items.windows(2).all(|pair| pair[0].since <= pair[1].since));
    assert!(
        items
            .windows(2)
            .all(|pair| pair[0].waited >= pair[1].waited)
    );
    let text = harness.render(120, 40);
    let left = items.len() - 1;
    assert!(
        text.contains(&format!(
            "Review 1/{} · {left} left after this one",
            items.len()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("Waiting for {} business days", items[0].waited)),
        "{text}"
    );
    harness.press("]");
    let text = harness.render(80, 24);
    assert!(
        text.contains(&format!("{} left after this one", left - 1)),
        "{text}"
    );

    // From a dashboard narrowed to one playbook, only its reviews.
    harness.press("<esc>D");
    let playbook = items[0].case.clone();
    let playbook = harness
        .app
        .cases
        .summary_of(&playbook)
        .unwrap()
        .playbook
        .clone();
    while dashboard(&harness).scope.playbook.as_ref() != Some(&playbook) {
        harness.press("p");
    }
    harness.press("r");
    let Some(Screen::Review(screen)) = harness.app.screens.last() else {
        panic!("not in review mode");
    };
    assert!(!screen.items.is_empty());
    for item in &screen.items {
        assert_eq!(
            harness.app.cases.summary_of(&item.case).unwrap().playbook,
            playbook
        );
    }
    let expected = items
        .iter()
        .filter(|item| harness.app.cases.summary_of(&item.case).unwrap().playbook == playbook)
        .count();
    assert_eq!(screen.items.len(), expected);
}

/// The screen as text, then a line under each row marking its reversed
/// cells with `^` (what shows the selection without colour).
fn styled(harness: &Harness, width: u16, height: u16) -> String {
    use ratatui::style::{Color, Modifier};
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(&harness.app, frame.area()))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let mut text = String::new();
    for y in 0..height {
        let mut row = String::new();
        let mut marks = String::new();
        for x in 0..width {
            let cell = &buffer[(x, y)];
            if !harness.app.theme.color {
                assert_eq!(
                    (cell.fg, cell.bg),
                    (Color::Reset, Color::Reset),
                    "colour at {x},{y}"
                );
            }
            row.push_str(cell.symbol());
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            marks.push(if reversed { '^' } else { ' ' });
        }
        text.push_str(row.trim_end());
        text.push('\n');
        if !marks.trim().is_empty() {
            text.push_str(marks.trim_end());
            text.push('\n');
        }
    }
    text
}

#[test]
fn the_dashboard_at_80x24_and_120x40_with_and_without_colour() {
    let mut harness = generated(120);
    harness.press("D");
    // A bar in the second column, so both columns show their figures.
    select(&mut harness, &Selection::Due(DueBucket::Overdue));
    for (width, height) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(
            format!("dashboard_{width}x{height}"),
            harness.render(width, height)
        );
    }
    harness.app.theme.color = false;
    harness.press("<tab><tab>");
    for (width, height) in [(80, 24), (120, 40)] {
        let screen = styled(&harness, width, height);
        assert!(screen.contains('^'), "the selection shows without colour");
        insta::assert_snapshot!(format!("dashboard_no_color_{width}x{height}"), screen);
    }
}

#[test]
fn a_lead_goes_through_many_reviews_without_leaving_review_mode() {
    let mut harness = generated(200);
    harness.press("r");
    let review = |harness: &Harness| match harness.app.screens.last() {
        Some(Screen::Review(screen)) => screen.clone(),
        _ => panic!("review mode was left"),
    };
    let waiting = review(&harness).items.len();
    assert!(waiting >= 5, "{waiting}");
    for round in 1..=waiting.min(12) {
        let before = review(&harness);
        let item = before.current().unwrap().clone();
        harness.press("A");
        assert_eq!(
            harness.app.context(),
            Context::Prompt,
            "{:?}",
            harness.app.dialog
        );
        harness.press("checked<enter>");
        let step = &harness.case(&item.case).steps[&item.step];
        assert_eq!(step.state, crate::model::StepState::Done, "round {round}");
        if round == waiting {
            break;
        }
        let after = review(&harness);
        assert_eq!(after.index, 0, "the oldest left comes next");
        assert!(after.current() != Some(&item));
        assert!(
            after
                .items
                .windows(2)
                .all(|pair| pair[0].since <= pair[1].since)
        );
        assert_eq!(after.left(), after.items.len() - 1);
        assert!(after.items.len() <= before.items.len());
    }
}

#[test]
fn review_mode_goes_through_the_cases_the_queue_filter_shows() {
    let mut harness = generated(200);
    harness.press("r");
    let all = match harness.app.screens.last() {
        Some(Screen::Review(screen)) => screen.items.clone(),
        _ => panic!("not in review mode"),
    };
    let first = harness
        .app
        .cases
        .summary_of(&all[0].case)
        .unwrap()
        .assignee
        .clone();
    harness.press("<esc>");
    harness.press(&format!("/@{first}<enter>r"));
    let Some(Screen::Review(screen)) = harness.app.screens.last() else {
        panic!("not in review mode");
    };
    let theirs: Vec<_> = all
        .iter()
        .filter(|item| harness.app.cases.summary_of(&item.case).unwrap().assignee == first)
        .cloned()
        .collect();
    assert_eq!(screen.items, theirs);
    let text = harness.render(120, 40);
    assert!(text.contains(&format!("among filter “@{first}”")), "{text}");
}

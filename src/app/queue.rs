//! The queue, home screen: tabs of cases with counts, a fuzzy filter, a
//! sort, and the selection. The visible rows are recomputed when the cases,
//! the tab, the filter or the sort change, never while drawing.

use std::cmp::Reverse;

use tui_input::Input;

use crate::engine::DerivedStatus;

use super::cases::Summary;
use super::filter::Narrowing;
use super::{Action, App, Context, Tone, case_view, new_case, review};

/// The queue's tabs, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// Neither done nor cancelled.
    #[default]
    Pending,
    /// An approval step waits for a reviewer.
    Review,
    Blocked,
    /// Done or cancelled.
    Done,
    All,
    /// Pending cases assigned to the acting person, sent-back ones first.
    Mine,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Pending,
        Tab::Review,
        Tab::Blocked,
        Tab::Done,
        Tab::All,
        Tab::Mine,
    ];

    pub fn label(self) -> String {
        match self {
            Tab::Pending => crate::t!("tab-pending"),
            Tab::Review => crate::t!("tab-review"),
            Tab::Blocked => crate::t!("tab-blocked"),
            Tab::Done => crate::t!("tab-done"),
            Tab::All => crate::t!("tab-all"),
            Tab::Mine => crate::t!("tab-mine"),
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|tab| *tab == self).unwrap_or(0)
    }

    fn holds(self, summary: &Summary, user: &str) -> bool {
        match self {
            Tab::Pending => summary.is_pending(),
            Tab::Review => !summary.awaiting_review.is_empty(),
            Tab::Blocked => summary.status == Some(DerivedStatus::Blocked),
            Tab::Done => !summary.is_pending(),
            Tab::All => true,
            Tab::Mine => {
                summary.is_pending() && crate::identity::names_same_person(&summary.assignee, user)
            }
        }
    }
}

/// The queue's sort orders, cycled by `s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Soonest due first; cases without a due date last.
    #[default]
    Due,
    /// Most recently changed first.
    LastChange,
    Id,
    /// Blocked first, then in review, in progress, on hold, done, cancelled.
    Status,
}

impl Sort {
    pub fn label(self) -> String {
        match self {
            Sort::Due => crate::t!("sort-due"),
            Sort::LastChange => crate::t!("sort-last-change"),
            Sort::Id => crate::t!("sort-id"),
            Sort::Status => crate::t!("sort-status"),
        }
    }

    fn next(self) -> Sort {
        match self {
            Sort::Due => Sort::LastChange,
            Sort::LastChange => Sort::Id,
            Sort::Id => Sort::Status,
            Sort::Status => Sort::Due,
        }
    }
}

/// The cases behind a figure of the dashboard, which the queue shows
/// alone (over every tab's cases) until Esc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    pub scope: crate::stats::Scope,
    pub selection: crate::stats::Selection,
}

impl Drill {
    pub fn admits(&self, summary: &Summary, today: chrono::NaiveDate) -> bool {
        self.scope.admits(&summary.figures) && self.selection.selects(&summary.figures, today)
    }

    /// What the queue says it shows.
    pub fn describe(&self) -> String {
        let mut text = self.selection.describe();
        if let Some(playbook) = &self.scope.playbook {
            text = format!("{text}, playbook {playbook}");
        }
        if let Some(assignee) = &self.scope.assignee {
            text = format!("{text}, assigned to {assignee}");
        }
        text
    }
}

#[derive(Debug, Default)]
pub struct Queue {
    pub tab: Tab,
    pub sort: Sort,
    pub filter: Input,
    /// The filter has the keyboard.
    pub typing: bool,
    /// Indexes into `App::cases` of the rows shown, in order.
    pub rows: Vec<usize>,
    /// Cases per tab that pass the filter, in `Tab::ALL` order.
    pub counts: [usize; 6],
    pub selected: usize,
    /// The first row drawn; drawing moves it further if the selection would not show.
    pub offset: usize,
    /// What the filter matched as it was typed.
    narrowing: Narrowing,
    /// A dashboard figure's cases, when the queue was opened on them.
    pub drill: Option<Drill>,
}

impl Queue {
    /// The selected case's id.
    pub fn selected_id<'a>(&self, app: &'a App) -> Option<&'a str> {
        self.rows
            .get(self.selected)
            .and_then(|index| app.cases.summary(*index))
            .map(|summary| summary.id.as_str())
    }
}

pub(super) fn update(app: &mut App, action: Action) {
    match action {
        Action::Up => select(app, app.queue.selected.saturating_sub(1)),
        Action::Down => select(app, app.queue.selected + 1),
        Action::Top => select(app, 0),
        Action::Bottom => select(app, app.queue.rows.len().saturating_sub(1)),
        Action::PageUp => select(app, app.queue.selected.saturating_sub(app.page_size())),
        Action::PageDown => select(app, app.queue.selected + app.page_size()),
        Action::NextTab => switch_tab(app, 1),
        Action::PreviousTab => switch_tab(app, Tab::ALL.len() - 1),
        Action::StartFilter => app.queue.typing = true,
        Action::AcceptFilter => app.queue.typing = false,
        Action::ClearFilter | Action::Back => {
            let typed = app.queue.typing || !app.queue.filter.value().is_empty();
            app.queue.typing = false;
            if !app.queue.filter.value().is_empty() {
                app.queue.filter.reset();
                refresh(app);
            } else if !typed && app.queue.drill.take().is_some() {
                refresh(app);
            }
        }
        Action::Edit(request) if app.queue.filter.handle(request).is_some_and(|c| c.value) => {
            // A new filter puts its best match on top: select it.
            refresh(app);
            select(app, 0);
        }
        Action::CycleSort => {
            app.queue.sort = app.queue.sort.next();
            refresh(app);
            let label = app.queue.sort.label();
            app.say(Tone::Info, crate::t!("app-sorted-by", sort = label));
        }
        Action::Open => {
            if let Some(id) = app.queue.selected_id(app).map(str::to_string) {
                app.queue.typing = false;
                case_view::open(app, &id);
            }
        }
        Action::NewCase => new_case::start(app),
        Action::StartReview => review::start(app),
        Action::OpenDashboard => super::dashboard::open(app),
        Action::LoadDemo => load_demo(app),
        _ => {}
    }
}

fn select(app: &mut App, row: usize) {
    let queue = &mut app.queue;
    queue.selected = row.min(queue.rows.len().saturating_sub(1));
    let page = usize::from(app.height.saturating_sub(8)).max(1);
    if queue.selected < queue.offset {
        queue.offset = queue.selected;
    } else if queue.selected >= queue.offset + page {
        queue.offset = queue.selected + 1 - page;
    }
}

fn switch_tab(app: &mut App, step: usize) {
    let next = (app.queue.tab.index() + step) % Tab::ALL.len();
    app.queue.tab = Tab::ALL[next];
    app.queue.selected = 0;
    app.queue.offset = 0;
    refresh(app);
}

/// Recomputes the rows and counts, keeping the selection on the same case.
pub(super) fn refresh(app: &mut App) {
    let previous = app.queue.selected_id(app).map(str::to_string);
    let query = app.queue.filter.value().trim().to_string();
    let matching: Vec<(usize, u32)> = match query.is_empty() {
        true => (0..app.cases.len()).map(|index| (index, 0)).collect(),
        false => {
            let scored = app.queue.narrowing.matches(
                app.cases.summaries(),
                app.cases.generation(),
                &query,
                &app.user,
            );
            // Letters scattered across unrelated words also "match"; next to
            // a real match they are noise, so only close seconds are kept.
            let best = scored.iter().map(|(_, score)| *score).max().unwrap_or(0);
            scored
                .into_iter()
                .filter(|(_, score)| score * 2 >= best)
                .collect()
        }
    };
    let mut counts = [0; 6];
    let mut rows = Vec::new();
    let today = app.today();
    for (index, score) in matching {
        let Some(summary) = app.cases.summary(index) else {
            continue;
        };
        if let Some(drill) = &app.queue.drill
            && !drill.admits(summary, today)
        {
            continue;
        }
        for (count, tab) in counts.iter_mut().zip(Tab::ALL) {
            if tab.holds(summary, &app.user) {
                *count += 1;
            }
        }
        if app.queue.tab.holds(summary, &app.user) {
            rows.push((index, Reverse(score)));
        }
    }
    // The best matches of a filter first; the chosen sort orders the rest.
    // Keys borrow the summaries: copying ten thousand ids per keystroke
    // would cost more than the comparisons.
    let summary = |index: &usize| app.cases.summary(*index);
    match app.queue.sort {
        Sort::Due => rows.sort_by(|a, b| {
            let key = |(index, score): &(usize, Reverse<u32>)| {
                (
                    *score,
                    summary(index).map(|s| (s.due.is_none(), s.due, s.id.as_str())),
                )
            };
            key(a).cmp(&key(b))
        }),
        Sort::LastChange => rows.sort_by(|a, b| {
            let key = |(index, score): &(usize, Reverse<u32>)| {
                (
                    *score,
                    summary(index).map(|s| (Reverse(s.last_change), s.id.as_str())),
                )
            };
            key(a).cmp(&key(b))
        }),
        Sort::Id => rows.sort_by(|a, b| {
            let key = |(index, score): &(usize, Reverse<u32>)| {
                (*score, summary(index).map(|s| s.id.as_str()))
            };
            key(a).cmp(&key(b))
        }),
        Sort::Status => rows.sort_by(|a, b| {
            let key = |(index, score): &(usize, Reverse<u32>)| {
                (
                    *score,
                    summary(index).map(|s| (s.status, s.due.is_none(), s.due, s.id.as_str())),
                )
            };
            key(a).cmp(&key(b))
        }),
    }
    if app.queue.tab == Tab::Mine {
        // What a reviewer sent back comes first; a stable sort keeps the
        // chosen order within each group.
        rows.sort_by_key(|(index, _)| {
            summary(index).and_then(|s| s.status) != Some(DerivedStatus::ChangesRequested)
        });
    }
    let rows: Vec<usize> = rows.into_iter().map(|(index, _)| index).collect();
    app.queue.rows = rows;
    app.queue.counts = counts;
    let kept = previous.and_then(|id| {
        app.queue
            .rows
            .iter()
            .position(|index| app.cases.summary(*index).is_some_and(|s| s.id == id))
    });
    let row = kept.unwrap_or(app.queue.selected);
    select(app, row);
    super::dashboard::refresh(app);
}

/// The queue on a dashboard figure's cases: every tab's, any filter dropped.
pub(super) fn show_drill(app: &mut App, drill: Drill) {
    app.queue.filter.reset();
    app.queue.typing = false;
    app.queue.tab = Tab::All;
    app.queue.selected = 0;
    app.queue.offset = 0;
    let describe = drill.describe();
    app.queue.drill = Some(drill);
    refresh(app);
    let count = app.queue.rows.len();
    app.say(Tone::Info, drill_message(&describe, count));
}

fn drill_message(describe: &str, count: usize) -> String {
    match count {
        0 => format!("no case is among the {describe}; Esc shows the whole queue"),
        1 => format!("1 case: {describe}; Esc shows the whole queue"),
        count => format!("{count} cases: {describe}; Esc shows the whole queue"),
    }
}

/// Moves the selection to `id` if the queue shows it.
pub(super) fn select_case(app: &mut App, id: &str) {
    if let Some(row) = app
        .queue
        .rows
        .iter()
        .position(|index| app.cases.summary(*index).is_some_and(|s| s.id == id))
    {
        select(app, row);
    }
}

fn load_demo(app: &mut App) {
    // Only into an empty data directory: while the queue is still being
    // read, an empty list says nothing about the folder.
    if app.context() != Context::Welcome {
        return;
    }
    let actor = app.actor();
    let demo = match crate::demo::demo_cases(&app.catalog, &app.user, &actor) {
        Ok(cases) => cases,
        Err(refusal) => {
            app.say(
                Tone::Error,
                format!("cannot build the demo cases: {refusal}"),
            );
            return;
        }
    };
    let mut created = 0;
    for case in demo {
        match app
            .persistence
            .create(move |id| crate::model::Case { id, ..case })
        {
            Ok(stored) => {
                app.cases.put(stored, &app.catalog, app.today());
                created += 1;
            }
            Err(error) => {
                app.say(
                    Tone::Error,
                    crate::t!("app-demo-failed", error = error.to_string()),
                );
                break;
            }
        }
    }
    refresh(app);
    if created > 0 {
        app.say(
            Tone::Success,
            format!(
                "{created} demo cases loaded (marked `demo: true`); to delete them: {}",
                crate::sanitize::for_terminal_line(&crate::demo::delete_command(
                    &app.persistence.cases_dir()
                ))
            ),
        );
    }
}

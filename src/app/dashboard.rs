//! The team lead's dashboard: the figures of `crate::stats` over the
//! queue's summaries (no case file read), narrowed by playbook and
//! assignee, laid out as panels of bars. Every bar can be selected; Enter
//! opens the queue on exactly the cases it counts, `r` reviews the cases
//! in scope, oldest wait first.

use crate::stats::{self, DueBucket, Scope, Selection, Setting, Stats};

use super::queue::Drill;
use super::{Action, App, Screen, queue, review};

/// The dashboard's panels, in the order Tab goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Panel {
    Status,
    Due,
    Reviews,
    Throughput,
    Overdue,
    Holds,
    Playbooks,
}

impl Panel {
    pub const ALL: [Panel; 7] = [
        Panel::Status,
        Panel::Due,
        Panel::Reviews,
        Panel::Throughput,
        Panel::Overdue,
        Panel::Holds,
        Panel::Playbooks,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Panel::Status => "By status",
            Panel::Due => "Pending cases by due date",
            Panel::Reviews => "Reviews waiting",
            Panel::Throughput => "Done per week",
            Panel::Overdue => "Overdue by assignee",
            Panel::Holds => "Rules holding the most cases",
            Panel::Playbooks => "By playbook · median business days to done",
        }
    }
}

/// One selectable figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub panel: Panel,
    pub label: String,
    /// What the bar's length shows.
    pub value: usize,
    /// Shown after the bar when it says more than the count.
    pub note: Option<String>,
    pub selection: Selection,
}

#[derive(Debug, Clone)]
pub struct DashboardScreen {
    pub scope: Scope,
    pub stats: Stats,
    /// Every bar, panel by panel in `Panel::ALL` order.
    pub bars: Vec<Bar>,
    pub selected: usize,
    setting: Setting,
    /// What `p` and `a` cycle through: every playbook and assignee of the queue.
    playbooks: Vec<String>,
    people: Vec<String>,
}

impl DashboardScreen {
    pub fn selected_bar(&self) -> Option<&Bar> {
        self.bars.get(self.selected)
    }

    /// The playbook and assignee the figures are narrowed to, as a line says it.
    pub fn scope_text(&self) -> String {
        let playbook = self.scope.playbook.as_deref().unwrap_or("all");
        let assignee = self.scope.assignee.as_deref().unwrap_or("everyone");
        format!("playbook: {playbook} (p) · assignee: {assignee} (a)")
    }
}

pub(super) fn open(app: &mut App) {
    let roster = app.persistence.roster();
    let setting = Setting::new(app.today(), &app.catalog).with_roster(roster.as_ref());
    let mut playbooks: Vec<String> = Vec::new();
    let mut people: Vec<String> = Vec::new();
    for summary in app.cases.summaries() {
        playbooks.push(summary.playbook.clone());
        if !people
            .iter()
            .any(|person| crate::identity::names_same_person(person, &summary.assignee))
        {
            people.push(summary.assignee.clone());
        }
    }
    playbooks.sort();
    playbooks.dedup();
    people.sort();
    let mut screen = DashboardScreen {
        scope: Scope::default(),
        stats: stats::compute([], &Scope::default(), &setting),
        bars: Vec::new(),
        selected: 0,
        setting,
        playbooks,
        people,
    };
    recompute(app, &mut screen);
    app.screens.push(Screen::Dashboard(Box::new(screen)));
}

/// The figures again, from the summaries as they are now.
fn recompute(app: &App, screen: &mut DashboardScreen) {
    screen.setting.today = app.today();
    screen.stats = stats::compute(
        app.cases.summaries().iter().map(|summary| &summary.figures),
        &screen.scope,
        &screen.setting,
    );
    screen.bars = bars(&screen.stats);
    screen.selected = screen.selected.min(screen.bars.len().saturating_sub(1));
}

/// The bars of `stats`, panel by panel.
pub fn bars(stats: &Stats) -> Vec<Bar> {
    let mut bars = Vec::new();
    let mut push = |panel, label: String, value, note, selection| {
        bars.push(Bar {
            panel,
            label,
            value,
            note,
            selection,
        });
    };
    for status in crate::query::STATUSES {
        let count = stats.by_status.get(status.as_str()).copied().unwrap_or(0);
        push(
            Panel::Status,
            status.label().to_string(),
            count,
            None,
            Selection::Status(status),
        );
    }
    for bucket in DueBucket::ALL {
        let count = stats.due.get(bucket);
        push(
            Panel::Due,
            bucket.label().to_string(),
            count,
            None,
            Selection::Due(bucket),
        );
    }
    push(
        Panel::Reviews,
        "steps waiting".to_string(),
        stats.reviews.waiting,
        Some(review_note(&stats.reviews)),
        Selection::ReviewsWaiting,
    );
    for week in &stats.done_per_week {
        push(
            Panel::Throughput,
            week.week.clone(),
            week.cases,
            None,
            Selection::DoneInWeek(week.start),
        );
    }
    for person in &stats.overdue_by_assignee {
        let identity = crate::identity::stored_identity(&person.assignee);
        push(
            Panel::Overdue,
            person.name.clone(),
            person.cases,
            None,
            Selection::OverdueOf {
                person: identity.canonical().to_string(),
                name: person.name.clone(),
            },
        );
    }
    for held in &stats.top_blockers {
        push(
            Panel::Holds,
            format!("{} ({})", held.rule, held.playbook),
            held.cases,
            None,
            Selection::Held {
                playbook: held.playbook.clone(),
                hold: held.hold.clone(),
            },
        );
    }
    for (playbook, count) in &stats.by_playbook {
        let median = stats
            .median_to_done
            .iter()
            .find(|time| time.playbook == *playbook)
            .map(|time| median_note(time.median_business_days));
        push(
            Panel::Playbooks,
            playbook.clone(),
            *count,
            median,
            Selection::Playbook(playbook.clone()),
        );
    }
    bars
}

fn review_note(reviews: &stats::Reviews) -> String {
    match (reviews.oldest_business_days, reviews.median_business_days) {
        (Some(oldest), Some(median)) => {
            format!("oldest {oldest} business days, median {median:.1}")
        }
        _ => "none waiting".to_string(),
    }
}

fn median_note(median: f64) -> String {
    format!("median {median:.1}")
}

fn screen_mut(app: &mut App) -> Option<&mut DashboardScreen> {
    match app.screens.last_mut() {
        Some(Screen::Dashboard(screen)) => Some(screen),
        _ => None,
    }
}

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Screen::Dashboard(mut screen)) = app.screens.pop() else {
        return;
    };
    let last = screen.bars.len().saturating_sub(1);
    match action {
        Action::Back => return,
        Action::Down => screen.selected = (screen.selected + 1).min(last),
        Action::Up => screen.selected = screen.selected.saturating_sub(1),
        Action::Top => screen.selected = 0,
        Action::Bottom => screen.selected = last,
        Action::NextTab | Action::PreviousTab => {
            jump_panel(&mut screen, action == Action::NextTab);
        }
        Action::ScopePlaybook => {
            screen.scope.playbook = next_of(&screen.playbooks, screen.scope.playbook.as_ref());
            recompute(app, &mut screen);
        }
        Action::ScopeAssignee => {
            screen.scope.assignee = next_of(&screen.people, screen.scope.assignee.as_ref());
            recompute(app, &mut screen);
        }
        Action::Open => {
            if let Some(bar) = screen.selected_bar() {
                let drill = Drill {
                    scope: screen.scope.clone(),
                    selection: bar.selection.clone(),
                };
                // The dashboard closes on the queue it leads to.
                queue::show_drill(app, drill);
                return;
            }
        }
        Action::StartReview => {
            let scope = screen.scope.clone();
            app.screens.push(Screen::Dashboard(screen));
            review::start_in(app, &scope);
            return;
        }
        _ => {}
    }
    app.screens.push(Screen::Dashboard(screen));
}

/// The first bar of the next (or previous) panel that has one.
fn jump_panel(screen: &mut DashboardScreen, forward: bool) {
    let Some(current) = screen.selected_bar().map(|bar| bar.panel) else {
        return;
    };
    let firsts: Vec<usize> = (0..screen.bars.len())
        .filter(|index| *index == 0 || screen.bars[*index - 1].panel != screen.bars[*index].panel)
        .collect();
    let here = firsts
        .iter()
        .position(|first| screen.bars[*first].panel == current)
        .unwrap_or(0);
    let next = match forward {
        true => (here + 1) % firsts.len(),
        false => (here + firsts.len() - 1) % firsts.len(),
    };
    screen.selected = firsts.get(next).copied().unwrap_or(0);
}

/// The value after `current` in `choices`, `None` (all) after the last.
fn next_of(choices: &[String], current: Option<&String>) -> Option<String> {
    match current {
        None => choices.first().cloned(),
        Some(current) => choices
            .iter()
            .position(|choice| choice == current)
            .and_then(|index| choices.get(index + 1))
            .cloned(),
    }
}

/// Called after the cases changed: an open dashboard shows the new figures.
pub(super) fn refresh(app: &mut App) {
    let Some(mut screen) = screen_mut(app).map(|screen| screen.clone()) else {
        return;
    };
    recompute(app, &mut screen);
    if let Some(current) = screen_mut(app) {
        *current = screen;
    }
}

//! Review mode: one approval step after another, across every case that has
//! one waiting. The reviewer sees what changed since the step was submitted
//! and which steps were skipped, then approves or rejects (with a reason).

pub use crate::engine::since_submission;
use crate::engine::{self, Change, Evaluation, Refusal};
use crate::model::{Event, Verdict};
use crate::sanitize::for_terminal_line;

use chrono::{DateTime, NaiveDate, Utc};

use super::cases::{Summary, evaluate};
use super::{Action, App, Dialog, PromptPurpose, Screen, Tone, case_view};

/// One approval step waiting for a reviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    pub case: String,
    pub step: String,
    /// When it was submitted for review.
    pub since: DateTime<Utc>,
    /// Business days it has waited, on its playbook's calendar.
    pub waited: i64,
}

#[derive(Debug, Clone)]
pub struct ReviewScreen {
    pub items: Vec<ReviewItem>,
    /// The cases gone through: the dashboard's scope, else the queue's.
    pub among: Among,
    pub index: usize,
    /// The current item's case, evaluated.
    pub evaluation: Option<Evaluation>,
}

impl ReviewScreen {
    pub fn current(&self) -> Option<&ReviewItem> {
        self.items.get(self.index)
    }

    /// How many are left after the current one.
    pub fn left(&self) -> usize {
        self.items.len().saturating_sub(self.index + 1)
    }
}

/// Which cases review mode goes through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Among {
    /// The cases the queue's filter (and dashboard figure) shows, in any tab.
    Queue {
        filter: String,
        drill: Option<super::queue::Drill>,
    },
    /// The dashboard's playbook and assignee.
    Scope(crate::stats::Scope),
}

impl Among {
    /// Whether review mode goes through `summary`; `query` is the queue's
    /// filter, parsed once by the caller.
    fn admits(
        &self,
        summary: &Summary,
        query: Option<&crate::query::Query>,
        today: NaiveDate,
        me: &str,
    ) -> bool {
        match self {
            Among::Queue { drill, .. } => {
                drill
                    .as_ref()
                    .is_none_or(|drill| drill.admits(summary, today))
                    && query.is_none_or(|query| {
                        query.score(&super::filter::subject(summary), me).is_some()
                    })
            }
            Among::Scope(scope) => scope.admits(&summary.figures),
        }
    }

    /// The narrowing as the header says it, `None` for the whole queue.
    pub fn describe(&self) -> Option<String> {
        match self {
            Among::Queue { filter, drill } => {
                let filter = filter.trim();
                match (filter.is_empty(), drill) {
                    (true, None) => None,
                    (false, None) => Some(format!("filter “{filter}”")),
                    (true, Some(drill)) => Some(drill.describe()),
                    (false, Some(drill)) => {
                        Some(format!("{}, filter “{filter}”", drill.describe()))
                    }
                }
            }
            Among::Scope(scope) => match (&scope.playbook, &scope.assignee) {
                (None, None) => None,
                (Some(playbook), None) => Some(format!("playbook {playbook}")),
                (None, Some(assignee)) => Some(format!("assigned to {assignee}")),
                (Some(playbook), Some(assignee)) => {
                    Some(format!("playbook {playbook}, assigned to {assignee}"))
                }
            },
        }
    }
}

/// Every waiting approval step among `among`, the longest waiting first.
fn collect(app: &App, among: &Among) -> Vec<ReviewItem> {
    let today = app.today();
    let query = match among {
        Among::Queue { filter, .. } if !filter.trim().is_empty() => {
            Some(crate::query::Query::parse(filter))
        }
        Among::Queue { .. } | Among::Scope(_) => None,
    };
    let mut items: Vec<ReviewItem> = Vec::new();
    for summary in app.cases.summaries() {
        if summary.figures.review_waits.is_empty()
            || !among.admits(summary, query.as_ref(), today, &app.user)
        {
            continue;
        }
        let calendar = app
            .catalog
            .get(&summary.figures.playbook)
            .map(|playbook| playbook.calendar())
            .unwrap_or_default();
        for wait in &summary.figures.review_waits {
            items.push(ReviewItem {
                case: summary.id.clone(),
                step: wait.step.clone(),
                since: wait.since,
                waited: wait.business_days(calendar, today),
            });
        }
    }
    items.sort_by(|a, b| (a.since, &a.case, &a.step).cmp(&(b.since, &b.case, &b.step)));
    items
}

/// Review mode over the cases the queue shows.
pub(super) fn start(app: &mut App) {
    let among = Among::Queue {
        filter: app.queue.filter.value().to_string(),
        drill: app.queue.drill.clone(),
    };
    start_among(app, among);
}

/// Review mode over the dashboard's scope.
pub(super) fn start_in(app: &mut App, scope: &crate::stats::Scope) {
    start_among(app, Among::Scope(scope.clone()));
}

fn start_among(app: &mut App, among: Among) {
    let items = collect(app, &among);
    if items.is_empty() {
        let text = match among.describe() {
            Some(narrowing) => format!("no case is waiting for a review among {narrowing}"),
            None => "no case is waiting for a review".to_string(),
        };
        app.say(Tone::Info, text);
        return;
    }
    let mut screen = ReviewScreen {
        items,
        among,
        index: 0,
        evaluation: None,
    };
    screen.evaluation = evaluate_item(app, &screen);
    app.screens.push(Screen::Review(screen));
}

/// The current item's case, read in full if it was not yet, and evaluated.
fn evaluate_item(app: &mut App, screen: &ReviewScreen) -> Option<Evaluation> {
    let item = screen.current()?;
    if !app.load_case(&item.case) {
        return None;
    }
    let entry = app.cases.get(&item.case)?;
    evaluate(&app.catalog, &entry.case, app.today())
}

fn screen_mut(app: &mut App) -> Option<&mut ReviewScreen> {
    match app.screens.last_mut() {
        Some(Screen::Review(screen)) => Some(screen),
        _ => None,
    }
}

fn screen(app: &App) -> Option<&ReviewScreen> {
    match app.screens.last() {
        Some(Screen::Review(screen)) => Some(screen),
        _ => None,
    }
}

pub(super) fn update(app: &mut App, action: Action) {
    let Some(item) = screen(app).and_then(|s| s.current().cloned()) else {
        app.screens.pop();
        return;
    };
    match action {
        Action::Back => {
            app.screens.pop();
        }
        Action::NextCase | Action::PreviousCase => {
            let forward = action == Action::NextCase;
            let count = screen(app).map_or(0, |s| s.items.len());
            let index = screen(app).map_or(0, |s| s.index);
            let target = match forward {
                true if index + 1 < count => index + 1,
                false if index > 0 => index - 1,
                _ => {
                    let text = if forward {
                        crate::t!("app-last-review")
                    } else {
                        crate::t!("app-first-review")
                    };
                    app.say(Tone::Info, text);
                    return;
                }
            };
            move_to(app, target);
        }
        Action::Open => case_view::open(app, &item.case),
        Action::Approve => ask(app, &item, Verdict::Approved),
        Action::Reject => ask(app, &item, Verdict::Rejected),
        _ => {}
    }
}

fn move_to(app: &mut App, index: usize) {
    let Some(screen) = screen(app) else {
        return;
    };
    let mut moved = screen.clone();
    moved.index = index.min(moved.items.len().saturating_sub(1));
    moved.evaluation = evaluate_item(app, &moved);
    if let Some(current) = screen_mut(app) {
        *current = moved;
    }
}

/// Opens the approve or reject prompt, unless the engine would refuse the
/// review whatever is typed (four eyes), which it then says at once.
fn ask(app: &mut App, item: &ReviewItem, verdict: Verdict) {
    if let Some(Err(refusal)) = trial(app, item, verdict) {
        app.dialog = Some(Dialog::Refused(refusal));
        return;
    }
    let title = app
        .cases
        .get(&item.case)
        .and_then(|entry| app.catalog.get(&entry.case.playbook))
        .and_then(|playbook| playbook.definition().step(&item.step))
        .map_or(item.step.clone(), |step| step.title.clone());
    let title = for_terminal_line(&title);
    app.dialog = Some(match verdict {
        Verdict::Approved => Dialog::prompt(
            PromptPurpose::Approve {
                case: item.case.clone(),
                step: item.step.clone(),
            },
            "Approve",
            format!("Approve “{title}” on {}? A comment (optional):", item.case),
        ),
        Verdict::Rejected => Dialog::prompt(
            PromptPurpose::Reject {
                case: item.case.clone(),
                step: item.step.clone(),
            },
            "Reject",
            format!(
                "Reject “{title}” on {}: what must be fixed? (required)",
                item.case
            ),
        ),
    });
}

/// The review applied to a copy of the case, to learn whether the engine allows it.
fn trial(app: &App, item: &ReviewItem, verdict: Verdict) -> Option<Result<Event, Refusal>> {
    let entry = app.cases.get(&item.case)?;
    let playbook = app.catalog.get(&entry.case.playbook)?;
    let mut case = entry.case.clone();
    let change = Change::Review {
        step: item.step.clone(),
        verdict,
        reason: "reason to be given".to_string(),
    };
    Some(engine::apply(playbook, &mut case, change, &app.actor()))
}

/// After a review: the list again, staying at the same place.
pub(super) fn after_review(app: &mut App) {
    let Some(among) = screen(app).map(|screen| screen.among.clone()) else {
        return;
    };
    let items = collect(app, &among);
    let Some(screen) = screen(app) else {
        return;
    };
    if items.is_empty() {
        app.screens.pop();
        // Keeps what was just done (`MIG-0001: approved …`) in view.
        let done = app.status.take().map_or("reviewed".to_string(), |s| s.text);
        app.say(
            Tone::Success,
            format!("{done}; no other case is waiting for a review"),
        );
        return;
    }
    let mut updated = screen.clone();
    updated.index = updated.index.min(items.len() - 1);
    updated.items = items;
    updated.evaluation = evaluate_item(app, &updated);
    if let Some(current) = screen_mut(app) {
        *current = updated;
    }
}

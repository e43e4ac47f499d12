//! Review mode: one approval step after another, across every case that has
//! one waiting. The reviewer sees what changed since the step was submitted
//! and which steps were skipped, then approves or rejects (with a reason).

pub use crate::engine::since_submission;
use crate::engine::{self, Change, Evaluation, Refusal};
use crate::model::{Event, Verdict};
use crate::sanitize::for_terminal_line;

use super::cases::evaluate;
use super::{Action, App, Dialog, PromptPurpose, Screen, Tone, case_view};

/// One approval step waiting for a reviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    pub case: String,
    pub step: String,
}

#[derive(Debug, Clone)]
pub struct ReviewScreen {
    pub items: Vec<ReviewItem>,
    pub index: usize,
    /// The current item's case, evaluated.
    pub evaluation: Option<Evaluation>,
}

impl ReviewScreen {
    pub fn current(&self) -> Option<&ReviewItem> {
        self.items.get(self.index)
    }
}

/// Every waiting approval step, the soonest due first.
fn collect(app: &App) -> Vec<ReviewItem> {
    let mut waiting: Vec<_> = app
        .cases
        .summaries()
        .iter()
        .filter(|summary| !summary.awaiting_review.is_empty())
        .collect();
    waiting.sort_by_key(|summary| (summary.due.is_none(), summary.due, summary.id.as_str()));
    waiting
        .into_iter()
        .flat_map(|summary| {
            summary.awaiting_review.iter().map(|step| ReviewItem {
                case: summary.id.clone(),
                step: step.clone(),
            })
        })
        .collect()
}

pub(super) fn start(app: &mut App) {
    let items = collect(app);
    if items.is_empty() {
        app.say(Tone::Info, "no case is waiting for a review");
        return;
    }
    let mut screen = ReviewScreen {
        items,
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
                    let edge = if forward { "last" } else { "first" };
                    app.say(Tone::Info, format!("this is the {edge} step to review"));
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
    let items = collect(app);
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

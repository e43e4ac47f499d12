//! The case screen: header, blockers, the checklist and its selected step,
//! the facts. Ticking, skipping, notes, undo and moving between cases; the
//! facts pane lives in `facts`.

use tui_input::Input;

use crate::engine::{self, Change, Evaluation, StepStatus};
use crate::sanitize::for_terminal_line;

use super::change::{self, Failure};
use super::dialog::{RefusalResponse, refusal_response};
use super::{
    Action, App, Context, Dialog, EditorPurpose, Effect, Pending, PromptPurpose, Screen, Tone,
    facts, new_case, queue,
};

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Checklist,
    Facts,
}

/// A fact being typed in place.
#[derive(Debug, Clone)]
pub struct FactInput {
    pub fact: String,
    pub input: Input,
    /// Why the last value was refused.
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CaseScreen {
    pub id: String,
    /// `None` when the case's playbook is not installed.
    pub evaluation: Option<Evaluation>,
    pub focus: Focus,
    /// Index into `evaluation.steps`.
    pub step: usize,
    /// Index into the playbook's facts.
    pub fact: usize,
    pub fact_input: Option<FactInput>,
    /// Rows the step detail is scrolled by (long instructions on a small terminal).
    pub detail_scroll: u16,
}

impl CaseScreen {
    pub(super) fn context(&self) -> Context {
        match (self.focus, &self.fact_input) {
            (_, Some(_)) => Context::FactInput,
            (Focus::Facts, None) => Context::CaseFacts,
            (Focus::Checklist, None) => Context::Case,
        }
    }

    pub fn selected_step(&self) -> Option<&engine::StepView> {
        self.evaluation.as_ref()?.steps.get(self.step)
    }
}

/// Opens case `id` on top of the current screen.
pub(super) fn open(app: &mut App, id: &str) {
    let Some(screen) = screen_for(app, id) else {
        return;
    };
    app.screens.push(Screen::Case(screen));
}

/// The screen of case `id`, read in full first if it was not yet.
fn screen_for(app: &mut App, id: &str) -> Option<CaseScreen> {
    if !app.load_case(id) {
        return None;
    }
    let entry = app.cases.get(id)?;
    let evaluation = super::cases::evaluate(&app.catalog, &entry.case, app.today());
    // Start on the first step that can be worked on now.
    let step = evaluation
        .as_ref()
        .and_then(|e| {
            e.steps
                .iter()
                .position(|s| s.state == StepStatus::Todo && !s.locked)
                .or_else(|| e.steps.iter().position(|s| s.state == StepStatus::Todo))
        })
        .unwrap_or(0);
    Some(CaseScreen {
        id: id.to_string(),
        evaluation,
        focus: Focus::Checklist,
        step,
        fact: 0,
        fact_input: None,
        detail_scroll: 0,
    })
}

/// Puts a fresh evaluation of case `id` on every screen showing it.
pub(super) fn set_evaluation(app: &mut App, id: &str, evaluation: Option<Evaluation>) {
    for screen in &mut app.screens {
        if let Screen::Case(screen) = screen
            && screen.id == id
        {
            let steps = evaluation.as_ref().map_or(0, |e| e.steps.len());
            screen.step = screen.step.min(steps.saturating_sub(1));
            screen.evaluation = evaluation.clone();
        }
    }
}

/// Evaluates every open case again (a new day).
pub(super) fn refresh_open_case(app: &mut App) {
    for id in app.open_case_ids() {
        let evaluation = app
            .cases
            .get(&id)
            .and_then(|entry| super::cases::evaluate(&app.catalog, &entry.case, app.today()));
        set_evaluation(app, &id, evaluation);
    }
}

/// Asks whom to give the case to, the acting person's name typed in, so
/// Enter takes the case.
fn assign_prompt(app: &App, id: &str) -> Dialog {
    let assignee = app
        .cases
        .get(id)
        .map(|entry| for_terminal_line(&entry.case.assignee).into_owned())
        .unwrap_or_default();
    let mut dialog = Dialog::prompt(
        PromptPurpose::Assign {
            case: id.to_string(),
        },
        "Assign",
        format!(
            "Give {id} to whom? Assigned to {assignee} now; Enter with your own name takes it. Recorded in its history."
        ),
    );
    if let Dialog::Prompt(prompt) = &mut dialog {
        prompt.input = Input::new(app.user.clone());
    }
    dialog
}

pub(super) fn update(app: &mut App, action: Action) {
    let Some(screen) = app.case_screen() else {
        return;
    };
    let id = screen.id.clone();
    if screen.fact_input.is_some() {
        facts::update_input(app, &id, action);
        return;
    }
    match action {
        Action::Back => {
            app.screens.pop();
            return;
        }
        Action::SwitchFocus => {
            if let Some(screen) = app.case_screen_mut() {
                screen.focus = match screen.focus {
                    Focus::Checklist => Focus::Facts,
                    Focus::Facts => Focus::Checklist,
                };
            }
            return;
        }
        Action::Assign => {
            app.dialog = Some(assign_prompt(app, &id));
            return;
        }
        Action::ShowHistory => {
            super::history::open(app, &id);
            return;
        }
        _ if super::case_actions::update(app, &id, &action) => return,
        Action::AddNote => {
            app.dialog = Some(Dialog::prompt(
                PromptPurpose::Note { case: id.clone() },
                "Add a note",
                format!("A note on {id}, kept in its history (E writes a longer one in $EDITOR)."),
            ));
            return;
        }
        Action::Undo => {
            change::undo(app, &id);
            return;
        }
        Action::ResolveNotice => {
            super::notices::ask_to_resolve(app, &id);
            return;
        }
        Action::NextCase => {
            step_through_queue(app, &id, true);
            return;
        }
        Action::PreviousCase => {
            step_through_queue(app, &id, false);
            return;
        }
        Action::OpenAlternative => {
            open_alternative(app, &id);
            return;
        }
        _ => {}
    }
    if app.case_screen().is_some_and(|s| s.focus == Focus::Facts) {
        facts::update(app, &id, action);
        return;
    }
    let steps = app
        .case_screen()
        .and_then(|s| s.evaluation.as_ref())
        .map_or(0, |e| e.steps.len());
    let move_to = |app: &mut App, step: usize| {
        if let Some(screen) = app.case_screen_mut() {
            screen.step = step.min(steps.saturating_sub(1));
            screen.detail_scroll = 0;
        }
    };
    let current = app.case_screen().map_or(0, |s| s.step);
    match action {
        Action::Up => move_to(app, current.saturating_sub(1)),
        Action::Down => move_to(app, current + 1),
        Action::Top => move_to(app, 0),
        Action::Bottom => move_to(app, steps.saturating_sub(1)),
        Action::PageDown | Action::PageUp => {
            let limit = detail_length_estimate(app);
            let page = (app.height / 3).max(1);
            if let Some(screen) = app.case_screen_mut() {
                screen.detail_scroll = if action == Action::PageDown {
                    screen.detail_scroll.saturating_add(page).min(limit)
                } else {
                    screen.detail_scroll.min(limit).saturating_sub(page)
                };
            }
        }
        Action::Toggle => toggle(app, &id),
        Action::Skip => skip(app, &id),
        Action::OpenEditor => {
            app.editor = Some(EditorPurpose::Note { case: id });
            app.effects.push(Effect::OpenEditor {
                text: String::new(),
            });
        }
        Action::CopyTemplate => copy_template(app),
        _ => {}
    }
}

/// About how many rows the selected step's detail takes, wrapped on a
/// narrow terminal: the bound for scrolling it (drawing stops at the real end).
fn detail_length_estimate(app: &App) -> u16 {
    let Some(screen) = app.case_screen() else {
        return 0;
    };
    let Some(entry) = app.cases.get(&screen.id) else {
        return 0;
    };
    let Some(step) = screen.selected_step() else {
        return 0;
    };
    let definition = app
        .catalog
        .get(&entry.case.playbook)
        .and_then(|playbook| playbook.definition().step(&step.id));
    let text_rows = |text: Option<&String>| text.map_or(0, |t| t.len() / 30 + t.lines().count());
    let rows = 12
        + text_rows(definition.and_then(|d| d.instructions.as_ref()))
        + text_rows(step.rendered_template.as_ref())
        + text_rows(definition.and_then(|d| d.acknowledge.as_ref()))
        + step.reasons.len() * 4
        + entry
            .case
            .history
            .iter()
            .filter(|e| e.step.as_ref() == Some(&step.id))
            .count()
            * 2
        + entry
            .case
            .notes
            .iter()
            .take(5)
            .map(|n| text_rows(Some(&n.text)) + 1)
            .sum::<usize>()
        + 10;
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// The selected step, unless it is a locked todo step: then a dialog
/// shows its reasons instead.
fn unlocked_selected_step(app: &mut App) -> Option<engine::StepView> {
    let step = app.case_screen().and_then(|s| s.selected_step()).cloned()?;
    if step.state == StepStatus::Todo && step.locked {
        app.dialog = Some(Dialog::Locked {
            step: step.title.clone(),
            reasons: step.reasons.clone(),
        });
        return None;
    }
    Some(step)
}

/// What step `step` of case `id` asks the agent to confirm before it is done.
fn acknowledgement(app: &App, id: &str, step: &str) -> Option<String> {
    app.cases
        .get(id)
        .and_then(|entry| app.catalog.get(&entry.case.playbook))
        .and_then(|playbook| playbook.definition().step(step))
        .and_then(|definition| definition.acknowledge.clone())
}

/// Ticks a todo step or unticks a done or skipped one. A locked step shows
/// its reasons and changes nothing; a step that asks for a confirmation
/// asks for it first.
fn toggle(app: &mut App, id: &str) {
    let Some(step) = unlocked_selected_step(app) else {
        return;
    };
    let change = match step.state {
        StepStatus::Done | StepStatus::Skipped => Change::Uncheck {
            step: step.id.clone(),
        },
        _ => Change::Check {
            step: step.id.clone(),
            note: None,
            acknowledged: false,
        },
    };
    let description = change::describe(&change, app, id);
    match change::change_case(app, id, change, None) {
        Ok(_) => {
            let text = completion_text(app, id).unwrap_or(description);
            app.say(Tone::Success, text);
        }
        Err(Failure::Refused(refusal))
            if refusal_response(&refusal.reason) == RefusalResponse::ConfirmWarning =>
        {
            let warning = acknowledgement(app, id, &step.id).unwrap_or(refusal.message);
            app.dialog = Some(Dialog::Confirm {
                title: crate::t!(
                    "app-before-ticking",
                    step = for_terminal_line(&step.title).into_owned()
                ),
                text: warning,
                pending: Pending::Acknowledge {
                    case: id.to_string(),
                    step: step.id,
                },
            });
        }
        Err(Failure::Refused(refusal)) => app.dialog = Some(Dialog::Refused(refusal)),
        Err(Failure::Shown) => {}
    }
}

/// "MIG-0007 done — 11 of 11 steps", when the case on screen is now done.
fn completion_text(app: &App, id: &str) -> Option<String> {
    let evaluation = app.case_screen()?.evaluation.as_ref()?;
    (evaluation.status == engine::DerivedStatus::Done).then(|| {
        format!(
            "{id} done — {done} of {total} steps",
            done = evaluation.progress.done,
            total = evaluation.progress.total
        )
    })
}

/// Asks for the reason to skip, unless the engine would refuse the skip
/// whatever the reason (a locked or approval step), which it says at once.
fn skip(app: &mut App, id: &str) {
    let Some(step) = unlocked_selected_step(app) else {
        return;
    };
    let trial = app.cases.get(id).and_then(|entry| {
        let playbook = app.catalog.get(&entry.case.playbook)?;
        let mut case = entry.case.clone();
        let change = Change::Skip {
            step: step.id.clone(),
            reason: "reason to be given".to_string(),
            acknowledged: true,
        };
        Some(engine::apply(playbook, &mut case, change, &app.actor()))
    });
    if let Some(Err(refusal)) = trial {
        app.dialog = Some(Dialog::Refused(refusal));
        return;
    }
    let warning = acknowledgement(app, id, &step.id);
    app.dialog = Some(match warning {
        Some(warning) => Dialog::Confirm {
            title: crate::t!(
                "app-before-skipping",
                step = for_terminal_line(&step.title).into_owned()
            ),
            text: warning,
            pending: Pending::AcknowledgeSkip {
                case: id.to_string(),
                step: step.id.clone(),
            },
        },
        None => skip_prompt(id, &step.id, &step.title, false),
    });
}

/// The prompt asking why a step is skipped; `acknowledged` carries a warning already confirmed.
pub(super) fn skip_prompt(case: &str, step: &str, title: &str, acknowledged: bool) -> Dialog {
    Dialog::prompt(
        PromptPurpose::Skip {
            case: case.to_string(),
            step: step.to_string(),
            acknowledged,
        },
        "Skip step",
        format!(
            "Why does “{}” not apply to this case?",
            for_terminal_line(title)
        ),
    )
}

fn copy_template(app: &mut App) {
    let Some(step) = app.case_screen().and_then(|s| s.selected_step()) else {
        return;
    };
    let Some(text) = step.rendered_template.clone() else {
        app.say(Tone::Info, crate::t!("app-no-template"));
        return;
    };
    let unknown: Vec<String> = crate::template::placeholders(&text)
        .into_iter()
        .map(str::to_string)
        .collect();
    let message = if unknown.is_empty() {
        format!("template copied ({} characters)", text.chars().count())
    } else {
        format!(
            "template copied, but {} still unknown: fill the facts first",
            unknown
                .iter()
                .map(|name| format!("{{{{{}}}}}", for_terminal_line(name.as_str())))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    app.effects.push(Effect::Copy { text });
    app.say(
        if unknown.is_empty() {
            Tone::Success
        } else {
            Tone::Error
        },
        message,
    );
}

/// `]` and `[`: the next or previous case of the queue, in its order.
fn step_through_queue(app: &mut App, id: &str, forward: bool) {
    let rows = &app.queue.rows;
    let position = rows
        .iter()
        .position(|index| app.cases.summary(*index).is_some_and(|s| s.id == id));
    let target = match (position, forward) {
        (Some(at), true) if at + 1 < rows.len() => Some(at + 1),
        (Some(at), false) if at > 0 => Some(at - 1),
        (Some(_), _) => None,
        (None, _) => (!rows.is_empty()).then(|| app.queue.selected.min(rows.len() - 1)),
    };
    let Some(target) = target else {
        let text = if forward {
            crate::t!("app-last-case")
        } else {
            crate::t!("app-first-case")
        };
        app.say(Tone::Info, text);
        return;
    };
    let Some(next_id) = rows
        .get(target)
        .and_then(|index| app.cases.summary(*index))
        .map(|summary| summary.id.clone())
    else {
        return;
    };
    let Some(mut screen) = screen_for(app, &next_id) else {
        return;
    };
    if let Some(current) = app.case_screen() {
        screen.focus = current.focus;
    }
    if let Some(last) = app.screens.last_mut() {
        *last = Screen::Case(screen);
    }
    queue::select_case(app, &next_id);
}

fn open_alternative(app: &mut App, id: &str) {
    let alternative = app
        .case_screen()
        .and_then(|s| s.evaluation.as_ref())
        .and_then(|e| e.blockers.iter().find_map(|b| b.alternative.clone()));
    match alternative {
        Some(playbook) => new_case::start_alternative(app, id, &playbook),
        None => app.say(
            Tone::Info,
            "no blocker of this case names an alternative playbook",
        ),
    }
}

/// `$EDITOR` closed: add the note or set the fact it was opened for.
pub(super) fn editor_closed(app: &mut App, outcome: Result<String, String>) {
    let Some(purpose) = app.editor.take() else {
        return;
    };
    let text = match outcome {
        Ok(text) => text,
        Err(error) => {
            app.say(
                Tone::Error,
                crate::t!("app-editor-failed", error = error.to_string()),
            );
            return;
        }
    };
    match purpose {
        EditorPurpose::Note { case } => {
            if text.trim().is_empty() {
                app.say(Tone::Info, crate::t!("app-note-empty"));
                return;
            }
            let change = Change::Note {
                text: text.trim_end().to_string(),
            };
            if change::change_or_explain(app, &case, change) {
                app.say(Tone::Success, crate::t!("app-note-added"));
            }
        }
        EditorPurpose::Fact { case, fact } => facts::set_from_text(app, &case, &fact, &text),
    }
}

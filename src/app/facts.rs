//! The facts pane of a case: editing facts in place. Typed text is read by
//! `engine::parse_fact_value`, so a date or a number is checked exactly as
//! the command line checks it; yes/no facts cycle, choices are picked.

use tui_input::Input;

use crate::engine::{self, Change};
use crate::model::{FactDef, FactType, FactValue};
use crate::sanitize::for_terminal_line;

use super::case_view::FactInput;
use super::change::{self, Failure};
use super::dialog::refusal_line;
use super::{Action, App, Dialog, EditorPurpose, Effect, Tone};

/// The playbook's definition of the selected fact, and its current value.
fn selected(app: &App, id: &str) -> Option<(FactDef, Option<FactValue>)> {
    let index = app.case_screen()?.fact;
    let entry = app.cases.get(id)?;
    let playbook = app.catalog.get(&entry.case.playbook)?;
    let definition = playbook.definition().facts.get(index)?.clone();
    let value = entry.case.facts.get(&definition.id).cloned();
    Some((definition, value))
}

fn fact_count(app: &App, id: &str) -> usize {
    app.cases
        .get(id)
        .and_then(|entry| app.catalog.get(&entry.case.playbook))
        .map_or(0, |playbook| playbook.definition().facts.len())
}

pub(super) fn update(app: &mut App, id: &str, action: Action) {
    let count = fact_count(app, id);
    let current = app.case_screen().map_or(0, |s| s.fact);
    let target = match action {
        Action::Up => Some(current.saturating_sub(1)),
        Action::Down => Some(current + 1),
        Action::Top => Some(0),
        Action::Bottom => Some(count.saturating_sub(1)),
        _ => None,
    };
    if let Some(target) = target {
        if let Some(screen) = app.case_screen_mut() {
            screen.fact = target.min(count.saturating_sub(1));
        }
        return;
    }
    let Some((definition, value)) = selected(app, id) else {
        return;
    };
    match action {
        Action::Toggle if definition.fact_type == FactType::Bool => {
            set(app, id, &definition.id, Some(toggled(value.as_ref())));
        }
        Action::Toggle | Action::EditFact => edit(app, id, &definition, value),
        Action::ClearFact => {
            if value.is_none() {
                app.say(
                    Tone::Info,
                    crate::t!("app-already-unknown", fact = definition.id.as_str()),
                );
            } else {
                set(app, id, &definition.id, None);
            }
        }
        Action::OpenEditor => {
            if definition.fact_type == FactType::Text {
                open_editor(app, id, &definition, value);
            } else {
                app.say(
                    Tone::Info,
                    format!(
                        "{} is a {}: edit it with Enter",
                        definition.id, definition.fact_type
                    ),
                );
            }
        }
        _ => {}
    }
}

/// A yes/no fact's next value: yes and no swap, unknown becomes yes. Unknown
/// is never a step of the toggle (an agent going from no to yes would pass
/// through it and be refused meanwhile): Del or Backspace sets it.
fn toggled(value: Option<&FactValue>) -> FactValue {
    FactValue::Bool(value.and_then(FactValue::as_bool) != Some(true))
}

fn edit(app: &mut App, id: &str, definition: &FactDef, value: Option<FactValue>) {
    match definition.fact_type {
        FactType::Bool => set(app, id, &definition.id, Some(toggled(value.as_ref()))),
        FactType::Choice => {
            let mut options: Vec<Option<String>> =
                definition.choices.iter().cloned().map(Some).collect();
            options.push(None);
            let current = value.as_ref().and_then(FactValue::as_text);
            let selected = match current {
                Some(current) => options
                    .iter()
                    .position(|option| option.as_deref() == Some(current))
                    .unwrap_or(0),
                None => 0,
            };
            app.dialog = Some(Dialog::Picker {
                case: id.to_string(),
                fact: definition.id.clone(),
                label: definition.label.clone(),
                options,
                selected,
            });
        }
        FactType::Text if definition.long => open_editor(app, id, definition, value),
        _ => {
            let text = value.map(|v| v.to_string()).unwrap_or_default();
            if let Some(screen) = app.case_screen_mut() {
                screen.fact_input = Some(FactInput {
                    fact: definition.id.clone(),
                    input: Input::new(text),
                    error: None,
                });
            }
        }
    }
}

fn open_editor(app: &mut App, id: &str, definition: &FactDef, value: Option<FactValue>) {
    app.editor = Some(EditorPurpose::Fact {
        case: id.to_string(),
        fact: definition.id.clone(),
    });
    app.effects.push(Effect::OpenEditor {
        text: value.map(|v| v.to_string()).unwrap_or_default(),
    });
}

fn set(app: &mut App, id: &str, fact: &str, value: Option<FactValue>) {
    let change = Change::SetFact {
        fact: fact.to_string(),
        value,
    };
    let description = change::describe(&change, app, id);
    if change::change_or_explain(app, id, change) {
        app.say(Tone::Success, description);
    }
}

/// Typing a value in place: Enter checks it with the engine and saves it,
/// or keeps the field open with the reason it was refused.
pub(super) fn update_input(app: &mut App, id: &str, action: Action) {
    let Some(screen) = app.case_screen_mut() else {
        return;
    };
    let Some(input) = screen.fact_input.as_mut() else {
        return;
    };
    match action {
        Action::Back => screen.fact_input = None,
        Action::Edit(request) => {
            input.input.handle(request);
        }
        Action::Confirm => {
            let fact = input.fact.clone();
            let text = input.input.value().to_string();
            match parse_and_set(app, id, &fact, &text) {
                Ok(()) => {
                    if let Some(screen) = app.case_screen_mut() {
                        screen.fact_input = None;
                    }
                }
                Err(Some(error)) => {
                    if let Some(input) = app.case_screen_mut().and_then(|s| s.fact_input.as_mut()) {
                        input.error = Some(error);
                    }
                }
                Err(None) => {
                    if let Some(screen) = app.case_screen_mut() {
                        screen.fact_input = None;
                    }
                }
            }
        }
        _ => {}
    }
}

/// Reads `text` as a value of `fact` and saves it. `Err(Some)` is a
/// refusal to show by the field; `Err(None)` was already shown.
fn parse_and_set(app: &mut App, id: &str, fact: &str, text: &str) -> Result<(), Option<String>> {
    let Some(entry) = app.cases.get(id) else {
        return Err(None);
    };
    let Some(playbook) = app.catalog.get(&entry.case.playbook) else {
        return Err(None);
    };
    let value = engine::parse_fact_value(playbook, fact, text)
        .map_err(|refusal| Some(refusal_line(&refusal, &app.keymap)))?;
    if entry.case.facts.get(fact) == value.as_ref() {
        return Ok(());
    }
    let change = Change::SetFact {
        fact: fact.to_string(),
        value,
    };
    let description = change::describe(&change, app, id);
    match change::change_case(app, id, change, None) {
        Ok(_) => {
            app.say(Tone::Success, description);
            Ok(())
        }
        Err(Failure::Refused(refusal)) => Err(Some(refusal_line(&refusal, &app.keymap))),
        Err(Failure::Shown) => Err(None),
    }
}

/// A fact's new value from `$EDITOR`.
pub(super) fn set_from_text(app: &mut App, id: &str, fact: &str, text: &str) {
    let text = text.trim_end();
    if let Err(Some(error)) = parse_and_set(app, id, fact, text) {
        app.say(
            Tone::Error,
            format!("{} not saved: {}", for_terminal_line(fact), error),
        );
    }
}

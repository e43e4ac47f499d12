//! A new case: pick a playbook, type a title, answer the facts its blockers
//! read and its first phase requires. The answers are evaluated as a draft case while they are typed, so
//! the agent sees "not eligible" before anything is created; Esc creates
//! nothing.

use tui_input::Input;

use crate::catalog::ValidPlaybook;
use crate::engine::{self, Blocker, Change};
use crate::model::{Case, FactType, FactValue, RuleKind, RuleScope};

use super::dialog::{RefusalResponse, refusal_line, refusal_response};
use super::{Action, App, Context, Dialog, Pending, Screen, Tone, case_view, change, queue};

/// The id a draft carries; the store gives the real one on creation.
const DRAFT_ID: &str = "MIG-0000";

#[derive(Debug, Clone)]
pub struct NewCaseScreen {
    pub stage: Stage,
    /// The case whose blocker named this playbook as its alternative.
    pub origin: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Stage {
    /// Choosing the playbook; the index into the catalog's entries.
    Pick {
        selected: usize,
    },
    Form(Box<Form>),
}

#[derive(Debug, Clone)]
pub struct Form {
    pub playbook: String,
    pub title: Input,
    /// The facts the playbook's blockers read.
    pub fields: Vec<Field>,
    /// Facts carried over from the original case that have no field here.
    pub carried: Vec<(String, FactValue)>,
    /// Who the case is for; the acting person unless changed.
    pub assignee: Input,
    /// 0 is the title, then the fields, then the assignee.
    pub focus: usize,
    /// What blocks the draft case as answered so far.
    pub blockers: Vec<Blocker>,
    /// Why the last attempt to create was refused.
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub fact: String,
    pub label: String,
    pub fact_type: FactType,
    pub value: FieldValue,
    /// Why the typed text is not a valid value (yet).
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum FieldValue {
    Text(Input),
    /// Yes/no and choice facts; `None` is unknown.
    Choice {
        options: Vec<Option<String>>,
        index: usize,
    },
}

impl FieldValue {
    /// What is entered, as `parse_fact_value` reads it (`unknown` when empty).
    pub fn text(&self) -> String {
        match self {
            FieldValue::Text(input) if input.value().trim().is_empty() => "unknown".to_string(),
            FieldValue::Text(input) => input.value().to_string(),
            FieldValue::Choice { options, index } => options
                .get(*index)
                .cloned()
                .flatten()
                .unwrap_or_else(|| "unknown".to_string()),
        }
    }
}

impl NewCaseScreen {
    pub(super) fn context(&self) -> Context {
        match &self.stage {
            Stage::Pick { .. } => Context::PlaybookPicker,
            Stage::Form(form) => match form.focus.checked_sub(1).and_then(|i| form.fields.get(i)) {
                Some(Field {
                    value: FieldValue::Choice { .. },
                    ..
                }) => Context::NewCaseChoice,
                _ => Context::NewCaseText,
            },
        }
    }
}

pub(super) fn start(app: &mut App) {
    if app.catalog.entries().is_empty() {
        app.say(
            Tone::Error,
            "no playbook is installed: there is nothing to open a case on",
        );
        return;
    }
    app.screens.push(Screen::NewCase(NewCaseScreen {
        stage: Stage::Pick { selected: 0 },
        origin: None,
    }));
}

/// A new case on `playbook`, the alternative a blocker of case `origin`
/// names, carrying over the facts both playbooks share.
pub(super) fn start_alternative(app: &mut App, origin: &str, playbook: &str) {
    if !app.load_case(origin) {
        return;
    }
    let Some(valid) = app.catalog.get(playbook) else {
        app.say(
            Tone::Error,
            format!("playbook `{playbook}` is not installed"),
        );
        return;
    };
    let Some(entry) = app.cases.get(origin) else {
        return;
    };
    let mut form = form_for(valid, &app.user);
    form.title = Input::new(entry.case.title.clone());
    for (fact, value) in &entry.case.facts {
        let Ok(Some(value)) = engine::parse_fact_value(valid, fact, &value.to_string()) else {
            continue;
        };
        match form.fields.iter_mut().find(|field| field.fact == *fact) {
            Some(field) => prefill(field, &value),
            None => form.carried.push((fact.clone(), value)),
        }
    }
    app.screens.push(Screen::NewCase(NewCaseScreen {
        stage: Stage::Form(Box::new(form)),
        origin: Some(origin.to_string()),
    }));
    refresh_draft(app);
}

fn prefill(field: &mut Field, value: &FactValue) {
    let text = value.to_string();
    match &mut field.value {
        FieldValue::Text(input) => *input = Input::new(text),
        FieldValue::Choice { options, index } => {
            if let Some(position) = options.iter().position(|o| o.as_deref() == Some(&text)) {
                *index = position;
            }
        }
    }
}

/// The facts the new-case form asks for, in the playbook's order: those
/// read by the blockers of the whole case or of a first-phase step
/// (whether the case may start at all) and those the first phase's steps
/// require (needed before the first ticks), not facts known only later on.
pub(super) fn form_facts(playbook: &ValidPlaybook) -> Vec<String> {
    let definition = playbook.definition();
    let first: Vec<&str> = definition.phases.first().map_or(Vec::new(), |phase| {
        phase.steps.iter().map(|step| step.id.as_str()).collect()
    });
    let mut read: Vec<&str> = Vec::new();
    if let Some(phase) = definition.phases.first() {
        for step in &phase.steps {
            read.extend(step.requires.iter().map(String::as_str));
        }
    }
    for (index, rule) in definition.rules.iter().enumerate() {
        let early = match &rule.blocks {
            RuleScope::Case(_) => true,
            RuleScope::Steps(steps) => steps.iter().any(|step| first.contains(&step.as_str())),
        };
        if rule.kind != RuleKind::Blocker || !early {
            continue;
        }
        if let Some(condition) = playbook.rule_condition(index) {
            read.extend(condition.names());
        }
    }
    definition
        .facts
        .iter()
        .filter(|fact| read.contains(&fact.id.as_str()))
        .map(|fact| fact.id.clone())
        .collect()
}

/// An empty field for `fact`, of the kind its type takes.
fn field_for(fact: &crate::model::FactDef) -> Field {
    Field {
        fact: fact.id.clone(),
        label: fact.label.clone(),
        fact_type: fact.fact_type,
        value: match fact.fact_type {
            FactType::Bool => FieldValue::Choice {
                options: vec![None, Some("yes".to_string()), Some("no".to_string())],
                index: 0,
            },
            FactType::Choice => FieldValue::Choice {
                options: std::iter::once(None)
                    .chain(fact.choices.iter().cloned().map(Some))
                    .collect(),
                index: 0,
            },
            FactType::Text | FactType::Number | FactType::Date | FactType::Datetime => {
                FieldValue::Text(Input::default())
            }
        },
        error: None,
    }
}

/// Adds a field for `fact` to the form, before the assignee, and puts the focus on it.
pub(super) fn add_field(app: &mut App, fact: &str) {
    let catalog = &app.catalog;
    let Some(form) = (match app.screens.last_mut() {
        Some(Screen::NewCase(NewCaseScreen {
            stage: Stage::Form(form),
            ..
        })) => Some(form),
        _ => None,
    }) else {
        return;
    };
    let Some(definition) = catalog.get(&form.playbook).map(|p| p.definition()) else {
        return;
    };
    let Some(fact) = definition.fact(fact) else {
        return;
    };
    form.fields.push(field_for(fact));
    form.focus = form.fields.len();
    refresh_draft(app);
}

fn form_for(playbook: &ValidPlaybook, user: &str) -> Form {
    let definition = playbook.definition();
    let fields = form_facts(playbook)
        .into_iter()
        .filter_map(|id| definition.fact(&id))
        .map(field_for)
        .collect();
    Form {
        playbook: playbook.id().to_string(),
        title: Input::default(),
        fields,
        carried: Vec::new(),
        assignee: Input::new(user.to_string()),
        focus: 0,
        blockers: Vec::new(),
        error: None,
    }
}

fn screen_mut(app: &mut App) -> Option<&mut NewCaseScreen> {
    match app.screens.last_mut() {
        Some(Screen::NewCase(screen)) => Some(screen),
        _ => None,
    }
}

fn form_mut(app: &mut App) -> Option<&mut Form> {
    match screen_mut(app).map(|s| &mut s.stage) {
        Some(Stage::Form(form)) => Some(form),
        _ => None,
    }
}

pub(super) fn update(app: &mut App, action: Action) {
    let playbooks = app.catalog.entries().len();
    let playbook_ids: Vec<String> = app
        .catalog
        .entries()
        .iter()
        .map(|e| e.playbook.id().to_string())
        .collect();
    let user = app.user.clone();
    let Some(screen) = screen_mut(app) else {
        return;
    };
    match &mut screen.stage {
        Stage::Pick { selected } => match action {
            Action::Up => *selected = selected.saturating_sub(1),
            Action::Down => *selected = (*selected + 1).min(playbooks.saturating_sub(1)),
            Action::Top => *selected = 0,
            Action::Bottom => *selected = playbooks.saturating_sub(1),
            Action::Back => {
                app.screens.pop();
            }
            Action::Open => {
                let index = *selected;
                if let Some(entry) = app.catalog.entries().get(index) {
                    let form = form_for(&entry.playbook, &app.user);
                    if let Some(screen) = screen_mut(app) {
                        screen.stage = Stage::Form(Box::new(form));
                    }
                    refresh_draft(app);
                }
            }
            _ => {}
        },
        Stage::Form(form) => {
            let fields = form.fields.len();
            match action {
                Action::Back if typed_anything(form, &user) => {
                    app.dialog = Some(Dialog::Confirm {
                        title: "Discard the new case?".to_string(),
                        text: "What you typed in the form is lost and no case is created."
                            .to_string(),
                        pending: Pending::DiscardNewCase,
                    });
                }
                Action::Back => discard(app, &playbook_ids),
                Action::NextField => form.focus = (form.focus + 1) % (fields + 2),
                Action::PreviousField => form.focus = (form.focus + fields + 1) % (fields + 2),
                Action::NextValue | Action::PreviousValue => {
                    let forward = action == Action::NextValue;
                    if let Some(Field {
                        value: FieldValue::Choice { options, index },
                        ..
                    }) = form
                        .focus
                        .checked_sub(1)
                        .and_then(|i| form.fields.get_mut(i))
                    {
                        let count = options.len().max(1);
                        *index = if forward {
                            (*index + 1) % count
                        } else {
                            (*index + count - 1) % count
                        };
                    }
                    refresh_draft(app);
                }
                Action::Edit(request) => {
                    let input = match form.focus.checked_sub(1) {
                        None => Some(&mut form.title),
                        Some(i) if i == fields => Some(&mut form.assignee),
                        Some(i) => match form.fields.get_mut(i).map(|f| &mut f.value) {
                            Some(FieldValue::Text(input)) => Some(input),
                            _ => None,
                        },
                    };
                    if let Some(input) = input {
                        input.handle(request);
                    }
                    refresh_draft(app);
                }
                Action::Confirm => create(app, false),
                Action::AddFact => super::fact_chooser::open(app),
                _ => {}
            }
        }
    }
}

/// Whether leaving the form would lose something the agent typed or picked
/// (a prefilled alternative's facts and the default assignee do not count).
fn typed_anything(form: &Form, user: &str) -> bool {
    let field_set = |field: &Field| match &field.value {
        FieldValue::Text(input) => !input.value().trim().is_empty(),
        FieldValue::Choice { index, .. } => *index != 0,
    };
    !form.title.value().trim().is_empty()
        || form.assignee.value() != user
        || form.fields.iter().any(field_set)
}

/// Leaves the form, creating nothing: back to the playbook chooser, or to
/// the case whose blocker opened it.
pub(super) fn discard(app: &mut App, playbook_ids: &[String]) {
    let Some(screen) = screen_mut(app) else {
        return;
    };
    let Stage::Form(form) = &screen.stage else {
        return;
    };
    if screen.origin.is_some() {
        app.screens.pop();
        return;
    }
    let selected = playbook_ids
        .iter()
        .position(|id| *id == form.playbook)
        .unwrap_or(0);
    screen.stage = Stage::Pick { selected };
}

/// The facts entered so far that are valid, plus the carried ones; marks
/// each field whose text is not a valid value.
fn collect_facts(playbook: &ValidPlaybook, form: &mut Form) -> Vec<(String, Option<FactValue>)> {
    let mut facts: Vec<(String, Option<FactValue>)> = form
        .carried
        .iter()
        .map(|(fact, value)| (fact.clone(), Some(value.clone())))
        .collect();
    for field in &mut form.fields {
        field.error = None;
        match engine::parse_fact_value(playbook, &field.fact, &field.value.text()) {
            Ok(value) => facts.push((field.fact.clone(), value)),
            Err(refusal) => field.error = Some(format!("{} — {}", refusal.message, refusal.remedy)),
        }
    }
    facts
}

/// Evaluates the form as a draft case, so blockers show while typing.
fn refresh_draft(app: &mut App) {
    let actor = app.actor();
    let user = app.user.clone();
    let catalog = &app.catalog;
    let keymap = &app.keymap;
    let Some(Screen::NewCase(NewCaseScreen {
        stage: Stage::Form(form),
        ..
    })) = app.screens.last_mut()
    else {
        return;
    };
    let Some(playbook) = catalog.get(&form.playbook) else {
        return;
    };
    form.error = None;
    let facts = collect_facts(playbook, form);
    let title = match form.title.value().trim() {
        "" => "draft",
        title => title,
    };
    form.blockers = match engine::new_case(playbook, DRAFT_ID, title, &user, facts, &actor) {
        Ok(draft) => engine::evaluate(playbook, &draft, actor.today).blockers,
        Err(refusal) => {
            form.error = Some(refusal_line(&refusal, keymap));
            Vec::new()
        }
    };
}

/// Creates the case, asking first when a blocker holds (unless `despite_blockers`).
pub(super) fn create(app: &mut App, despite_blockers: bool) {
    refresh_draft(app);
    let actor = app.actor();
    let user = app.user.clone();
    let keymap = &app.keymap;
    let Some(Screen::NewCase(screen)) = app.screens.last_mut() else {
        return;
    };
    let origin = screen.origin.clone();
    let Stage::Form(form) = &mut screen.stage else {
        return;
    };
    let Some(playbook) = app.catalog.get(&form.playbook) else {
        return;
    };
    if let Some(position) = form.fields.iter().position(|f| f.error.is_some()) {
        form.focus = position + 1;
        form.error =
            Some("a value is not valid: correct it, or clear it to leave it unknown".into());
        return;
    }
    let facts = collect_facts(playbook, form);
    let assignee = match form.assignee.value().trim() {
        "" => user,
        someone => someone.to_string(),
    };
    let draft = match engine::new_case(
        playbook,
        DRAFT_ID,
        form.title.value(),
        &assignee,
        facts,
        &actor,
    ) {
        Ok(draft) => draft,
        Err(refusal) => {
            if refusal_response(&refusal.reason) == RefusalResponse::FixTitle {
                form.focus = 0;
            }
            form.error = Some(refusal_line(&refusal, keymap));
            return;
        }
    };
    if !form.blockers.is_empty() && !despite_blockers {
        let definition = app.catalog.get(&form.playbook).map(|p| p.definition());
        let name = |fact: &str| match definition {
            Some(definition) => definition.fact_name(fact),
            None => fact.to_string(),
        };
        let reasons: Vec<String> = form
            .blockers
            .iter()
            .map(|b| format!("• {}", b.short_reason_naming(&name)))
            .collect();
        app.dialog = Some(Dialog::Confirm {
            title: crate::t!("new-case-not-eligible"),
            text: crate::t!("app-create-blocked", reasons = reasons.join("\n")),
            pending: Pending::CreateBlocked,
        });
        return;
    }
    match app.persistence.create(move |id| Case { id, ..draft }) {
        Ok(stored) => {
            let id = stored.case.id.clone();
            app.cases.put(stored, &app.catalog, app.today());
            queue::refresh(app);
            super::team_sync::case_saved(app);
            app.screens.pop();
            if let Some(origin) = &origin {
                let note = Change::Note {
                    text: format!("Opened as the alternative to {origin}."),
                };
                change::change_or_explain(app, &id, note);
            }
            queue::select_case(app, &id);
            case_view::open(app, &id);
            app.say(Tone::Success, crate::t!("app-created", case = id.as_str()));
        }
        Err(error) => {
            if let Some(form) = form_mut(app) {
                form.error = Some(format!("not created: {error}"));
            }
        }
    }
}

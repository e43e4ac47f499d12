//! The new-case form's chooser of further facts: the playbook's facts the
//! form does not ask for yet, each with its label and type, so the agent
//! can set any fact already known when the case is opened.

use crate::model::FactType;

use super::{App, Dialog, NewCaseStage, Screen, Tone};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactOption {
    pub fact: String,
    pub label: String,
    pub fact_type: FactType,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactChooser {
    pub options: Vec<FactOption>,
    pub selected: usize,
}

/// Opens the chooser over the new-case form, or says there is nothing left to add.
pub(super) fn open(app: &mut App) {
    let Some(Screen::NewCase(screen)) = app.screens.last() else {
        return;
    };
    let NewCaseStage::Form(form) = &screen.stage else {
        return;
    };
    let Some(playbook) = app.catalog.get(&form.playbook) else {
        return;
    };
    let asked = |id: &str| {
        form.fields.iter().any(|field| field.fact == id)
            || form.carried.iter().any(|(fact, _)| fact == id)
    };
    let options: Vec<FactOption> = (playbook.definition().facts.iter())
        .filter(|fact| !asked(&fact.id))
        .map(|fact| FactOption {
            fact: fact.id.clone(),
            label: fact.label.clone(),
            fact_type: fact.fact_type,
        })
        .collect();
    if options.is_empty() {
        app.say(Tone::Info, nothing_left_text());
        return;
    }
    app.dialog = Some(Dialog::FactChooser(FactChooser {
        options,
        selected: 0,
    }));
}

fn nothing_left_text() -> &'static str {
    "every fact of this playbook is already in the form"
}

/// How a fact's type reads in the chooser.
pub fn type_text(fact_type: FactType) -> &'static str {
    match fact_type {
        FactType::Bool => "yes/no",
        FactType::Text => "text",
        FactType::Number => "number",
        FactType::Date => "date (YYYY-MM-DD)",
        FactType::Datetime => "date and time (YYYY-MM-DD HH:MM)",
        FactType::Choice => "one of a list",
    }
}

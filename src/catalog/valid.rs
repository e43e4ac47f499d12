//! `ValidPlaybook`: a playbook that passed every lint, with its conditions
//! parsed and its patterns compiled once, so the engine never re-parses.

use std::collections::HashMap;

use regex::Regex;

use crate::calendar::Calendar;
use crate::expr::Condition;
use crate::model::Playbook;

use super::lint::{LintError, lint};

/// A playbook the engine can run: linted, conditions compiled.
#[derive(Debug, Clone)]
pub struct ValidPlaybook {
    definition: Playbook,
    rule_conditions: Vec<Condition>,
    step_conditions: HashMap<String, Condition>,
    extra_day_conditions: Vec<Condition>,
    patterns: HashMap<String, Regex>,
}

impl ValidPlaybook {
    /// Lints `definition` and compiles it; every problem found is returned, not just the first.
    pub fn new(definition: Playbook) -> Result<ValidPlaybook, Vec<LintError>> {
        let compiled = lint(&definition)?;
        Ok(ValidPlaybook {
            definition,
            rule_conditions: compiled.rule_conditions,
            step_conditions: compiled.step_conditions,
            extra_day_conditions: compiled.extra_day_conditions,
            patterns: compiled.patterns,
        })
    }

    pub fn definition(&self) -> &Playbook {
        &self.definition
    }

    /// The public holidays business days skip; weekends only without `calendar:`.
    pub fn calendar(&self) -> Calendar {
        self.definition
            .calendar
            .as_deref()
            .and_then(Calendar::from_code)
            .unwrap_or_default()
    }

    pub fn id(&self) -> &str {
        &self.definition.id
    }

    /// The compiled condition of rule number `index` (same order as `definition().rules`).
    pub fn rule_condition(&self, index: usize) -> Option<&Condition> {
        self.rule_conditions.get(index)
    }

    /// The compiled `when` of a step, if it has one.
    pub fn step_condition(&self, step_id: &str) -> Option<&Condition> {
        self.step_conditions.get(step_id)
    }

    /// The compiled condition of `timing.extra[index]`.
    pub fn extra_day_condition(&self, index: usize) -> Option<&Condition> {
        self.extra_day_conditions.get(index)
    }

    /// The compiled `pattern` of a text fact.
    pub fn pattern(&self, fact_id: &str) -> Option<&Regex> {
        self.patterns.get(fact_id)
    }
}

/// What linting compiles on the way, handed to `ValidPlaybook`.
pub(super) struct Compiled {
    pub rule_conditions: Vec<Condition>,
    pub step_conditions: HashMap<String, Condition>,
    pub extra_day_conditions: Vec<Condition>,
    pub patterns: HashMap<String, Regex>,
}

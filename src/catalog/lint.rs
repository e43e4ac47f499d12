//! Every check a playbook must pass before a case can run on it: ids,
//! references between steps, facts and rules, cycles in `needs`, conditions
//! that parse and type-check, placeholders that name facts.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use regex::Regex;

use crate::calendar::Calendar;
use crate::expr::{BUILT_IN_NAMES, Condition, ValueType, built_in_type};
use crate::model::{FactType, Playbook, RuleKind, RuleScope};
use crate::template;

use super::valid::Compiled;

/// One problem in a playbook, naming the step, rule or fact it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintError {
    /// Where in the playbook: `step \`x\``, `rule \`debts\``, `fact \`vat\``…
    pub location: String,
    pub message: String,
}

impl fmt::Display for LintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

struct Linter<'a> {
    playbook: &'a Playbook,
    errors: Vec<LintError>,
    fact_types: HashMap<&'a str, FactType>,
    step_ids: HashSet<&'a str>,
    phase_ids: HashSet<&'a str>,
}

impl<'a> Linter<'a> {
    fn error(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.errors.push(LintError {
            location: location.into(),
            message: message.into(),
        });
    }

    fn value_type(&self, name: &str) -> Option<ValueType> {
        if let Some(value_type) = built_in_type(name) {
            return Some(value_type);
        }
        self.fact_types.get(name).map(|fact_type| match fact_type {
            FactType::Bool => ValueType::Bool,
            FactType::Text | FactType::Choice => ValueType::Text,
            FactType::Number => ValueType::Number,
            FactType::Date => ValueType::Date,
            FactType::Datetime => ValueType::DateTime,
        })
    }

    fn condition(&mut self, location: &str, source: &str) -> Option<Condition> {
        let parsed = Condition::parse(source).and_then(|condition| {
            condition.check(&|name| self.value_type(name))?;
            Ok(condition)
        });
        match parsed {
            Ok(condition) => Some(condition),
            Err(error) => {
                self.error(location, format!("condition `{source}`: {error}"));
                None
            }
        }
    }
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn valid_playbook_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks `playbook` and compiles its conditions, or returns every problem found.
pub(super) fn lint(playbook: &Playbook) -> Result<Compiled, Vec<LintError>> {
    let mut linter = Linter {
        playbook,
        errors: Vec::new(),
        fact_types: HashMap::new(),
        step_ids: HashSet::new(),
        phase_ids: HashSet::new(),
    };
    lint_header(&mut linter);
    let patterns = lint_facts(&mut linter);
    lint_ids(&mut linter);
    let step_conditions = lint_steps(&mut linter);
    lint_needs_cycles(&mut linter);
    let rule_conditions = lint_rules(&mut linter);
    let extra_day_conditions = lint_timing(&mut linter);
    if linter.errors.is_empty() {
        Ok(Compiled {
            rule_conditions,
            step_conditions,
            extra_day_conditions,
            patterns,
        })
    } else {
        Err(linter.errors)
    }
}

fn lint_header(linter: &mut Linter) {
    let playbook = linter.playbook;
    if !valid_playbook_id(&playbook.id) {
        linter.error(
            "id",
            format!(
                "`{}` is not a playbook id: use lower-case letters, digits and `-`",
                playbook.id
            ),
        );
    }
    if playbook.version == 0 {
        linter.error("version", "must be 1 or more");
    }
    if playbook.title.trim().is_empty() {
        linter.error("title", "must not be empty");
    }
    if playbook.phases.is_empty() {
        linter.error("phases", "a playbook needs at least one phase with steps");
    }
    if let Some(code) = &playbook.calendar
        && Calendar::from_code(code).is_none()
    {
        linter.error(
            "calendar",
            format!(
                "`{code}` is not a holiday calendar: use one of {}, or leave `calendar:` out for weekends only",
                Calendar::CODES.map(|code| format!("`{code}`")).join(", ")
            ),
        );
    }
}

fn lint_facts(linter: &mut Linter) -> HashMap<String, Regex> {
    let mut patterns = HashMap::new();
    for fact in &linter.playbook.facts {
        let location = format!("fact `{}`", fact.id);
        if !valid_id(&fact.id) {
            linter.error(
                &location,
                "ids use lower-case letters, digits and `_`, starting with a letter",
            );
        }
        if BUILT_IN_NAMES.contains(&fact.id.as_str()) {
            linter.error(
                &location,
                format!(
                    "`{}` is a built-in name of conditions; pick another id",
                    fact.id
                ),
            );
        }
        if linter.fact_types.insert(&fact.id, fact.fact_type).is_some() {
            linter.error(&location, "duplicate fact id");
        }
        match (fact.fact_type, fact.choices.is_empty()) {
            (FactType::Choice, true) => linter.error(&location, "a choice fact needs `choices`"),
            (FactType::Choice, false) => {}
            (_, false) => linter.error(&location, "`choices` only goes with `type: choice`"),
            (_, true) => {}
        }
        let ranged = fact.whole || fact.min.is_some() || fact.max.is_some();
        if ranged && fact.fact_type != FactType::Number {
            linter.error(
                &location,
                "`whole`, `min` and `max` only go with `type: number`",
            );
        }
        if let (Some(min), Some(max)) = (fact.min, fact.max)
            && min > max
        {
            linter.error(
                &location,
                format!("`min` {min} is above `max` {max}: no value would fit"),
            );
        }
        if let Some(pattern) = &fact.pattern {
            if fact.fact_type != FactType::Text {
                linter.error(&location, "`pattern` only goes with `type: text`");
            }
            match Regex::new(pattern) {
                Ok(regex) => {
                    if let Some(example) = &fact.example
                        && !regex.is_match(example)
                    {
                        linter.error(
                            &location,
                            format!("the example `{example}` does not match the pattern"),
                        );
                    }
                    patterns.insert(fact.id.clone(), regex);
                }
                Err(error) => linter.error(&location, format!("bad pattern: {error}")),
            }
        }
    }
    patterns
}

fn lint_ids(linter: &mut Linter) {
    let playbook = linter.playbook;
    for phase in &playbook.phases {
        let location = format!("phase `{}`", phase.id);
        if !valid_id(&phase.id) {
            linter.error(
                &location,
                "ids use lower-case letters, digits and `_`, starting with a letter",
            );
        }
        if !linter.phase_ids.insert(&phase.id) {
            linter.error(&location, "duplicate phase id");
        }
        if phase.steps.is_empty() {
            linter.error(&location, "a phase needs at least one step");
        }
        for step in &phase.steps {
            let location = format!("step `{}`", step.id);
            if !valid_id(&step.id) {
                linter.error(
                    &location,
                    "ids use lower-case letters, digits and `_`, starting with a letter",
                );
            }
            if !linter.step_ids.insert(&step.id) {
                linter.error(&location, "duplicate step id");
            }
        }
    }
    let mut rule_ids = HashSet::new();
    for rule in &playbook.rules {
        if !rule_ids.insert(&rule.id) {
            linter.error(format!("rule `{}`", rule.id), "duplicate rule id");
        }
        if !valid_id(&rule.id) {
            linter.error(
                format!("rule `{}`", rule.id),
                "ids use lower-case letters, digits and `_`, starting with a letter",
            );
        }
    }
}

fn lint_steps(linter: &mut Linter) -> HashMap<String, Condition> {
    let mut conditions = HashMap::new();
    for (phase, step) in linter.playbook.steps() {
        let location = format!("step `{}`", step.id);
        if step.title.trim().is_empty() {
            linter.error(&location, "`title` must not be empty");
        }
        lint_needs(linter, &location, &phase.id, &step.id, &step.needs, "needs");
        lint_needs(
            linter,
            &location,
            &phase.id,
            &step.id,
            &step.needs_done,
            "needs_done",
        );
        for need in step.needs_done.iter().filter(|n| step.needs.contains(n)) {
            linter.error(
                &location,
                format!(
                    "`{need}` is in both `needs` and `needs_done`; keep it in `needs_done` only"
                ),
            );
        }
        if step.approval.is_required() && !step.skippable {
            linter.error(
                &location,
                "`skippable: false` on an approval step says nothing: an approval can never be skipped",
            );
        }
        for fact in &step.requires {
            if !linter.fact_types.contains_key(fact.as_str()) {
                linter.error(&location, format!("`requires` names no fact `{fact}`"));
            }
        }
        if let Some(template) = &step.template {
            for name in template::placeholders(template) {
                if !linter.fact_types.contains_key(name) {
                    linter.error(
                        &location,
                        format!("template placeholder `{{{{{name}}}}}` names no fact"),
                    );
                }
            }
        }
        if step.approval.is_required() && step.acknowledge.is_some() {
            linter.error(&location, "an approval step is ticked by a review, so it cannot also ask for an acknowledgement");
        }
        if let Some(acknowledge) = &step.acknowledge
            && acknowledge.trim().is_empty()
        {
            linter.error(&location, "`acknowledge` must state the warning");
        }
        if let Some(source) = &step.when
            && let Some(condition) = linter.condition(&location, source)
        {
            conditions.insert(step.id.clone(), condition);
        }
    }
    conditions
}

/// The entries of `needs` or `needs_done` (`key`) must name other steps, or phases other than the step's own.
fn lint_needs(
    linter: &mut Linter,
    location: &str,
    own_phase: &str,
    step_id: &str,
    needs: &[String],
    key: &str,
) {
    for need in needs {
        match need.strip_prefix("phase:") {
            Some(phase_id) if !linter.phase_ids.contains(phase_id) => {
                linter.error(location, format!("`{key}` names no phase `{phase_id}`"));
            }
            Some(phase_id) if phase_id == own_phase => {
                linter.error(location, format!("`{key}` names its own phase `{phase_id}`, which can never be complete before the step"));
            }
            Some(_) => {}
            None if need == step_id => {
                linter.error(location, format!("`{key}` names the step itself"))
            }
            None if !linter.step_ids.contains(need.as_str()) => {
                linter.error(location, format!("`{key}` names no step `{need}`"));
            }
            None => {}
        }
    }
}

/// `needs` and `needs_done` must form no cycle, counting `phase:X` as needing every step of X.
fn lint_needs_cycles(linter: &mut Linter) {
    let playbook = linter.playbook;
    let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
    for (_, step) in playbook.steps() {
        let targets = edges.entry(&step.id).or_default();
        for need in step.prerequisites() {
            match need.strip_prefix("phase:") {
                Some(phase_id) => {
                    if let Some(phase) = playbook.phases.iter().find(|p| p.id == phase_id) {
                        targets.extend(phase.steps.iter().map(|s| s.id.as_str()));
                    }
                }
                None => targets.push(need),
            }
        }
    }
    // Depth-first search with three colours; a grey node reached again closes a cycle.
    let mut colour: HashMap<&str, u8> = HashMap::new();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for (_, step) in playbook.steps() {
        let mut path = Vec::new();
        visit(&step.id, &edges, &mut colour, &mut path, &mut reported);
    }
    for cycle in reported {
        linter.error(
            "needs",
            format!("cycle: {cycle}; no step of it could ever be ticked"),
        );
    }
}

fn visit<'a>(
    node: &'a str,
    edges: &HashMap<&'a str, Vec<&'a str>>,
    colour: &mut HashMap<&'a str, u8>,
    path: &mut Vec<&'a str>,
    reported: &mut BTreeSet<String>,
) {
    match colour.get(node) {
        Some(2) => return,
        Some(1) => {
            if let Some(start) = path.iter().position(|n| *n == node) {
                let mut cycle: Vec<&str> = path[start..].to_vec();
                cycle.push(node);
                reported.insert(cycle.join(" -> "));
            }
            return;
        }
        _ => {}
    }
    colour.insert(node, 1);
    path.push(node);
    for next in edges.get(node).into_iter().flatten() {
        visit(next, edges, colour, path, reported);
    }
    path.pop();
    colour.insert(node, 2);
}

fn lint_rules(linter: &mut Linter) -> Vec<Condition> {
    let mut conditions = Vec::new();
    for rule in &linter.playbook.rules {
        let location = format!("rule `{}`", rule.id);
        if rule.message.trim().is_empty() {
            linter.error(&location, "`message` must not be empty");
        }
        if let RuleScope::Steps(steps) = &rule.blocks {
            if steps.is_empty() {
                linter.error(
                    &location,
                    "`blocks` lists no step; use `blocks: case` for the whole case",
                );
            }
            for step in steps {
                if !linter.step_ids.contains(step.as_str()) {
                    linter.error(&location, format!("`blocks` names no step `{step}`"));
                }
            }
        }
        if rule.kind == RuleKind::Warning
            && (rule.alternative.is_some() || !matches!(rule.blocks, RuleScope::Case(_)))
        {
            linter.error(
                &location,
                "a warning blocks nothing: `blocks` and `alternative` go with `kind: blocker`",
            );
        }
        if rule.alternative.as_deref() == Some(linter.playbook.id.as_str()) {
            linter.error(&location, "`alternative` names this playbook itself");
        }
        // A condition that fails leaves the indices misaligned, but then the
        // whole playbook is refused, so the compiled list is never used.
        conditions.extend(linter.condition(&location, &rule.condition));
    }
    conditions
}

fn lint_timing(linter: &mut Linter) -> Vec<Condition> {
    let mut conditions = Vec::new();
    let Some(timing) = &linter.playbook.timing else {
        return conditions;
    };
    if let Some(fact) = &timing.from
        && !matches!(
            linter.fact_types.get(fact.as_str()),
            Some(FactType::Date | FactType::Datetime)
        )
    {
        linter.error(
            "timing.from",
            format!("`{fact}` is not a date or datetime fact of this playbook"),
        );
    }
    for (index, extra) in timing.extra.iter().enumerate() {
        let location = format!("timing.extra[{index}]");
        if let Some(condition) = linter.condition(&location, &extra.condition) {
            if condition.names().contains(&"due") {
                linter.error(
                    &location,
                    "the due date cannot depend on itself: this condition reads `due`",
                );
            }
            conditions.push(condition);
        }
    }
    conditions
}

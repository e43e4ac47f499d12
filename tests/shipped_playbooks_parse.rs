#![allow(clippy::unwrap_used)]
//! Every playbook shipped in `assets/playbooks/` deserializes into the model
//! and is internally consistent: ids are unique, `needs`, `requires`,
//! `blocks`, `when`/`if` names and template placeholders all point at
//! something that exists in the same playbook. These checks need neither the
//! engine nor the condition parser.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use migdesk::model::{FactType, Playbook, RuleKind, RuleScope};

const EXPECTED_IDS: [&str; 7] = [
    "offering-migration-support",
    "onprem-to-saas",
    "saas-pro-to-connect",
    "saas-to-local-install",
    "saas-to-virtual-office",
    "subscription-allocation",
    "undo-migration",
];

/// Names a condition may use besides facts.
const BUILTIN_NAMES: [&str; 3] = ["today", "created", "due"];
const FUNCTIONS: [&str; 5] = [
    "known",
    "month_end",
    "business_window",
    "day_of_month",
    "weekday",
];
const KEYWORDS: [&str; 5] = ["not", "and", "or", "true", "false"];

fn playbook_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/playbooks")
}

fn shipped() -> Vec<(String, Playbook)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(playbook_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            name.ends_with(".yaml"),
            "unexpected file in assets/playbooks: {name}"
        );
        let text = fs::read_to_string(&path).unwrap();
        let playbook: Playbook = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{name} does not parse as a playbook: {e}"));
        out.push((name, playbook));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_fact_id(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The identifiers a condition reads, skipping quoted text and numbers.
/// A lexical check only: the grammar itself is the expression module's job.
fn condition_names(condition: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = condition.chars().peekable();
    let mut depth = 0i32;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                let mut closed = false;
                for d in chars.by_ref() {
                    if d == c {
                        closed = true;
                        break;
                    }
                }
                assert!(closed, "unterminated text literal in `{condition}`");
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                assert!(depth >= 0, "unbalanced `)` in `{condition}`");
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = c.to_string();
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        name.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                names.push(name);
            }
            c if c.is_ascii_digit() || c == '.' => {
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_digit() || d == '.' {
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            ' ' | ',' | '=' | '!' | '<' | '>' => {}
            other => panic!("unexpected character `{other}` in `{condition}`"),
        }
    }
    assert_eq!(depth, 0, "unbalanced `(` in `{condition}`");
    names
}

fn check_condition(file: &str, what: &str, condition: &str, facts: &BTreeSet<&str>) {
    assert!(
        !condition.trim().is_empty(),
        "{file}: empty condition on {what}"
    );
    let names = condition_names(condition);
    assert!(
        names
            .iter()
            .any(|n| facts.contains(n.as_str()) || BUILTIN_NAMES.contains(&n.as_str())),
        "{file}: condition `{condition}` on {what} reads neither a fact nor a built-in date"
    );
    for name in names {
        let known = facts.contains(name.as_str())
            || BUILTIN_NAMES.contains(&name.as_str())
            || FUNCTIONS.contains(&name.as_str())
            || KEYWORDS.contains(&name.as_str());
        assert!(
            known,
            "{file}: condition `{condition}` on {what} names `{name}`, which is no fact"
        );
    }
}

fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .unwrap_or_else(|| panic!("unclosed placeholder in template: {template}"));
        out.push(after[..end].trim().to_string());
        rest = &after[end + 2..];
    }
    out
}

#[test]
fn exactly_the_seven_shipped_playbooks() {
    let ids: Vec<String> = shipped().into_iter().map(|(_, p)| p.id).collect();
    assert_eq!(ids, EXPECTED_IDS);
}

#[test]
fn file_name_is_the_id() {
    for (name, playbook) in shipped() {
        assert_eq!(name, format!("{}.yaml", playbook.id));
        assert!(is_id(&playbook.id), "{name}: bad id {}", playbook.id);
    }
}

#[test]
fn top_level_fields() {
    for (name, playbook) in shipped() {
        assert_eq!(playbook.version, 1, "{name}");
        assert!(
            ["fr", "en"].contains(&playbook.language.as_str()),
            "{name}: language {}",
            playbook.language
        );
        assert!(!playbook.title.trim().is_empty(), "{name}: empty title");
        let source = playbook.source.as_deref().unwrap_or("");
        assert!(
            source.contains(".txt — "),
            "{name}: top-level source should name the file and section, got `{source}`"
        );
        assert!(!playbook.phases.is_empty(), "{name}: no phases");
        for phase in &playbook.phases {
            assert!(
                !phase.steps.is_empty(),
                "{name}: phase {} is empty",
                phase.id
            );
        }
        for info in &playbook.info {
            assert!(!info.text.trim().is_empty(), "{name}: empty info");
        }
    }
}

#[test]
fn ids_are_unique_and_well_formed() {
    for (name, playbook) in shipped() {
        let mut seen = BTreeSet::new();
        let fact_ids = playbook.facts.iter().map(|f| f.id.as_str());
        let step_ids = playbook.steps().map(|(_, s)| s.id.as_str());
        let rule_ids = playbook.rules.iter().map(|r| r.id.as_str());
        for id in fact_ids.chain(step_ids).chain(rule_ids) {
            assert!(is_fact_id(id), "{name}: id `{id}` is not [a-z][a-z0-9_]*");
            assert!(seen.insert(id), "{name}: id `{id}` is used twice");
        }
        let mut phases = BTreeSet::new();
        for phase in &playbook.phases {
            assert!(
                phases.insert(phase.id.as_str()),
                "{name}: phase `{}` is used twice",
                phase.id
            );
        }
    }
}

#[test]
fn facts_are_well_typed() {
    for (name, playbook) in shipped() {
        for fact in &playbook.facts {
            assert!(
                !fact.label.trim().is_empty(),
                "{name}: {} has no label",
                fact.id
            );
            if fact.fact_type == FactType::Choice {
                assert!(
                    !fact.choices.is_empty(),
                    "{name}: choice fact {} has no choices",
                    fact.id
                );
                let distinct: BTreeSet<_> = fact.choices.iter().collect();
                assert_eq!(distinct.len(), fact.choices.len(), "{name}: {}", fact.id);
            } else {
                assert!(
                    fact.choices.is_empty(),
                    "{name}: {} has choices but is not a choice fact",
                    fact.id
                );
            }
            if let Some(pattern) = &fact.pattern {
                assert_eq!(fact.fact_type, FactType::Text, "{name}: {}", fact.id);
                regex::Regex::new(pattern).unwrap();
            }
        }
    }
}

#[test]
fn needs_point_backwards_at_steps_or_phases() {
    for (name, playbook) in shipped() {
        // A step may only need steps listed before it, or phases wholly before
        // its own: that keeps every checklist acyclic and workable top-down.
        let mut earlier_steps = BTreeSet::new();
        let mut earlier_phases = BTreeSet::new();
        for phase in &playbook.phases {
            for step in &phase.steps {
                for need in &step.needs {
                    if let Some(phase_id) = need.strip_prefix("phase:") {
                        assert!(
                            earlier_phases.contains(phase_id),
                            "{name}: step {} needs `{need}`, which is not an earlier phase",
                            step.id
                        );
                    } else {
                        assert!(
                            earlier_steps.contains(need.as_str()),
                            "{name}: step {} needs `{need}`, which is not an earlier step",
                            step.id
                        );
                    }
                }
                earlier_steps.insert(step.id.as_str());
            }
            earlier_phases.insert(phase.id.as_str());
        }
    }
}

#[test]
fn requires_and_templates_name_facts() {
    for (name, playbook) in shipped() {
        let facts: BTreeSet<&str> = playbook.facts.iter().map(|f| f.id.as_str()).collect();
        for (_, step) in playbook.steps() {
            for fact in &step.requires {
                assert!(
                    facts.contains(fact.as_str()),
                    "{name}: step {} requires unknown fact `{fact}`",
                    step.id
                );
            }
            if let Some(template) = &step.template {
                for placeholder in placeholders(template) {
                    assert!(
                        facts.contains(placeholder.as_str()),
                        "{name}: template of {} uses `{{{{{placeholder}}}}}`, which is no fact",
                        step.id
                    );
                    assert!(
                        step.requires.contains(&placeholder),
                        "{name}: template of {} uses `{placeholder}` without requiring it",
                        step.id
                    );
                }
            }
            if let Some(ack) = &step.acknowledge {
                assert!(!ack.trim().is_empty(), "{name}: empty acknowledge");
            }
            if step.approval {
                assert!(
                    step.when.is_none(),
                    "{name}: approval step {} should always apply",
                    step.id
                );
            }
        }
    }
}

#[test]
fn conditions_read_declared_facts() {
    for (name, playbook) in shipped() {
        let facts: BTreeSet<&str> = playbook.facts.iter().map(|f| f.id.as_str()).collect();
        for (_, step) in playbook.steps() {
            if let Some(when) = &step.when {
                check_condition(&name, &format!("step {}", step.id), when, &facts);
            }
        }
        for rule in &playbook.rules {
            check_condition(&name, &format!("rule {}", rule.id), &rule.condition, &facts);
        }
        if let Some(timing) = &playbook.timing {
            assert!(timing.source.is_some(), "{name}: timing without a source");
            for extra in &timing.extra {
                check_condition(&name, "timing.extra", &extra.condition, &facts);
                assert!(extra.business_days > 0, "{name}");
            }
        }
    }
}

#[test]
fn rules_are_traceable_and_scoped() {
    let ids: BTreeSet<&str> = EXPECTED_IDS.into_iter().collect();
    for (name, playbook) in shipped() {
        let steps: BTreeSet<&str> = playbook.steps().map(|(_, s)| s.id.as_str()).collect();
        for rule in &playbook.rules {
            assert!(
                rule.source.as_deref().is_some_and(|s| !s.trim().is_empty()),
                "{name}: rule {} has no source quote",
                rule.id
            );
            assert!(!rule.message.trim().is_empty(), "{name}: {}", rule.id);
            match &rule.blocks {
                RuleScope::Case(_) => {}
                RuleScope::Steps(list) => {
                    assert!(!list.is_empty(), "{name}: rule {} blocks nothing", rule.id);
                    assert_eq!(
                        rule.kind,
                        RuleKind::Blocker,
                        "{name}: warning {} lists steps to block",
                        rule.id
                    );
                    for step in list {
                        assert!(
                            steps.contains(step.as_str()),
                            "{name}: rule {} blocks unknown step `{step}`",
                            rule.id
                        );
                    }
                }
            }
            if let Some(alternative) = &rule.alternative {
                assert!(
                    ids.contains(alternative.as_str()) && alternative != &playbook.id,
                    "{name}: rule {} offers unknown alternative `{alternative}`",
                    rule.id
                );
            }
        }
    }
}

#[test]
fn language_matches_the_source_document() {
    let expected: BTreeMap<&str, &str> = [
        ("saas-pro-to-connect", "fr"),
        ("undo-migration", "fr"),
        ("saas-to-local-install", "en"),
        ("saas-to-virtual-office", "en"),
        ("offering-migration-support", "en"),
        ("subscription-allocation", "fr"),
        ("onprem-to-saas", "fr"),
    ]
    .into_iter()
    .collect();
    for (name, playbook) in shipped() {
        assert_eq!(
            Some(&playbook.language.as_str()),
            expected.get(playbook.id.as_str()),
            "{name}"
        );
    }
}

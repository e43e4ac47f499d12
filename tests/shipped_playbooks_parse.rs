//! The seven playbooks shipped in `assets/playbooks/` are all embedded, pass
//! the real linter, and keep the conventions that make them traceable to
//! their source documents: a source quote on every rule, the document's
//! language, `needs` that only point back up the checklist.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use migdesk::catalog::Catalog;
use migdesk::model::Playbook;

/// Each shipped playbook with the language of the document it comes from.
const SHIPPED: [(&str, &str); 7] = [
    ("offering-migration-support", "en"),
    ("onprem-to-saas", "fr"),
    ("saas-pro-to-connect", "fr"),
    ("saas-to-local-install", "en"),
    ("saas-to-virtual-office", "en"),
    ("subscription-allocation", "fr"),
    ("undo-migration", "fr"),
];

fn shipped() -> Vec<Playbook> {
    let catalog = Catalog::shipped();
    let problems: Vec<String> = catalog.problems().iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    catalog
        .entries()
        .iter()
        .map(|e| e.playbook.definition().clone())
        .collect()
}

#[test]
fn exactly_the_seven_playbooks_are_embedded_each_in_its_documents_language() {
    let found: Vec<(String, String)> = shipped().into_iter().map(|p| (p.id, p.language)).collect();
    let expected: Vec<(String, String)> = SHIPPED
        .iter()
        .map(|(i, l)| (i.to_string(), l.to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn each_file_is_named_after_its_id() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/playbooks");
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let expected: Vec<String> = SHIPPED.iter().map(|(id, _)| format!("{id}.yaml")).collect();
    assert_eq!(names, expected);
}

#[test]
fn every_playbook_and_rule_names_its_source() {
    for playbook in shipped() {
        let source = playbook.source.as_deref().unwrap_or_default();
        assert!(
            source.contains(".txt — "),
            "{}: source `{source}`",
            playbook.id
        );
        assert_eq!(playbook.version, 2, "{}", playbook.id);
        for rule in &playbook.rules {
            assert!(
                rule.source.as_deref().is_some_and(|s| !s.trim().is_empty()),
                "{}: rule {} has no source quote",
                playbook.id,
                rule.id
            );
        }
        if let Some(timing) = &playbook.timing {
            assert!(
                timing.source.is_some(),
                "{}: timing has no source",
                playbook.id
            );
        }
    }
}

#[test]
fn needs_point_back_up_the_checklist() {
    // A step only needs steps listed before it, or phases wholly before its
    // own, so every checklist can be worked top to bottom.
    for playbook in shipped() {
        let mut earlier_steps = BTreeSet::new();
        let mut earlier_phases = BTreeSet::new();
        for phase in &playbook.phases {
            for step in &phase.steps {
                for need in &step.needs {
                    let earlier = match need.strip_prefix("phase:") {
                        Some(phase_id) => earlier_phases.contains(phase_id),
                        None => earlier_steps.contains(need.as_str()),
                    };
                    assert!(
                        earlier,
                        "{}: step {} needs `{need}`, not earlier",
                        playbook.id, step.id
                    );
                }
                earlier_steps.insert(step.id.as_str());
            }
            earlier_phases.insert(phase.id.as_str());
        }
    }
}

//! Every file in `tests/valid_playbooks/` loads; every file in
//! `tests/invalid_playbooks/` is refused with a message that names the file
//! and each problem its `# expect:` lines announce.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use migdesk::catalog::{Catalog, parse_playbook, read_playbook_file};

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn valid_playbooks_load() {
    let files = yaml_files("valid_playbooks");
    assert!(files.len() >= 2);
    for file in files {
        if let Err(errors) = read_playbook_file(&file) {
            panic!("{}: {errors:#?}", file.display());
        }
    }
}

#[test]
fn invalid_playbooks_are_refused_with_the_problem_named() {
    let files = yaml_files("invalid_playbooks");
    assert!(files.len() >= 20, "only {} invalid playbooks", files.len());
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let expected: Vec<&str> = text
            .lines()
            .filter_map(|line| line.strip_prefix("# expect: "))
            .collect();
        assert!(
            !expected.is_empty(),
            "{} announces no expected message",
            file.display()
        );
        let errors = match read_playbook_file(&file) {
            Ok(_) => panic!("{} was accepted", file.display()),
            Err(errors) => errors,
        };
        let rendered: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let joined = rendered.join("\n");
        for message in &rendered {
            assert!(
                message.starts_with(&file.display().to_string()),
                "error does not name the file: {message}"
            );
        }
        for expectation in expected {
            assert!(
                joined.contains(expectation),
                "{}: expected `{expectation}` in:\n{joined}",
                file.display()
            );
        }
    }
}

#[test]
fn lint_reports_every_problem_not_just_the_first() {
    let text = "id: many\nversion: 1\ntitle: Many\nlanguage: en\nphases:\n  - id: main\n    title: Main\n    steps:\n      - id: one\n        title: One\n        requires: [a]\n        needs: [b]\n";
    let errors = parse_playbook("many.yaml", text).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[test]
fn an_alternative_must_name_a_known_playbook() {
    let text = "id: alone\nversion: 1\ntitle: Alone\nlanguage: en\nfacts:\n  - id: flag\n    type: bool\n    label: Flag\nphases:\n  - id: main\n    title: Main\n    steps:\n      - id: one\n        title: One\nrules:\n  - id: r\n    kind: blocker\n    if: flag\n    message: m\n    alternative: nowhere\n";
    let playbook = parse_playbook("alone.yaml", text).unwrap();
    let catalog = Catalog::from_playbooks(vec![playbook]);
    assert!(catalog.get("alone").is_none());
    let problem = catalog.problems()[0].to_string();
    assert!(
        problem.contains("`alternative` names no known playbook `nowhere`"),
        "{problem}"
    );
}

#[test]
fn a_user_playbook_with_a_shipped_id_overrides_it_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = Catalog::shipped();
    let original = shipped
        .get("saas-to-local-install")
        .unwrap()
        .definition()
        .clone();
    let mut replacement = original.clone();
    replacement.title = "Our own local install".to_string();
    replacement.version = original.version + 1;
    fs::write(
        dir.path().join("local.yaml"),
        serde_yaml::to_string(&replacement).unwrap(),
    )
    .unwrap();
    fs::write(dir.path().join("broken.yaml"), "id: [").unwrap();
    let catalog = Catalog::load(Some(dir.path()));
    let entry = catalog
        .entries()
        .iter()
        .find(|e| e.playbook.id() == "saas-to-local-install")
        .unwrap();
    assert!(entry.overrides_shipped);
    assert_eq!(entry.playbook.definition().title, "Our own local install");
    assert_eq!(catalog.entries().len(), shipped.entries().len());
    assert!(catalog.problems()[0].to_string().contains("broken.yaml"));
}

#[test]
fn an_oversized_playbook_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    fs::write(&path, "#".repeat(2 * 1024 * 1024)).unwrap();
    let errors = read_playbook_file(&path).unwrap_err();
    assert!(errors[0].message.contains("limit"), "{}", errors[0]);
}

#[test]
fn the_complete_example_in_the_docs_loads_and_matches_the_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = fs::read_to_string(root.join("docs/playbooks.md")).unwrap();
    let section = docs.split("## A complete example").nth(1).unwrap();
    let block = section
        .split("```yaml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let playbook = parse_playbook("docs/playbooks.md", block).unwrap();
    let fixture = fs::read_to_string(root.join("tests/fixtures/tiny-eligibility.yaml")).unwrap();
    assert_eq!(block, fixture, "the docs' example drifted from the fixture");
    assert!(!playbook.definition().rules.is_empty());
}

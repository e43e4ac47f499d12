//! Cases built the way agents build them — a new case, then a run of
//! changes through `engine::apply`, refused ones skipped — with text of
//! every awkward kind in every field a person can type into.

use chrono::{Duration, TimeZone, Utc};
use migdesk::catalog::{ValidPlaybook, read_playbook_file};
use migdesk::engine::{self, Actor, Change};
use migdesk::model::{Case, CaseStatus, Info, Rule, RuleKind, RuleScope, Verdict};
use proptest::prelude::*;

use super::fixture;

pub fn open_text_playbook() -> ValidPlaybook {
    read_playbook_file(&fixture("open-text")).unwrap()
}

/// Plain words YAML 1.1 or 1.2 readers take for something other than a
/// string (a boolean, a number, null, a date, a merge key): the writer
/// single-quotes them.
pub const NOT_STRINGS: &[&str] = &[
    "NO",
    "yes",
    "Yes",
    "on",
    "off",
    "Off",
    "y",
    "n",
    "N",
    "TRUE",
    "null",
    "~",
    "0123",
    "1e3",
    "0x1F",
    ".inf",
    "-.inf",
    ".NaN",
    "1_000",
    "1:20",
    "0o17",
    "0b101",
    "+12",
    "-3.5",
    "<<",
    "=",
    "2024-05-01",
    "",
    "12",
    "3.0",
];

/// Text that YAML syntax would read otherwise if written plain.
pub const YAML_SYNTAX: &[&str] = &[
    "- item",
    "key: value",
    "# not a comment",
    "&anchor",
    "*alias",
    "!tag",
    "%YAML",
    "---",
    "...",
    "'quoted'",
    "\"double\"",
    "a\\b",
    "|",
    ">",
    "@",
    "`",
];

/// Characters that could drive or disguise a terminal: C0, DEL, C1, bidi
/// controls, invisible format characters and line separators.
pub const HOSTILE: &[char] = &[
    '\u{0}',
    '\u{7}',
    '\u{8}',
    '\t',
    '\r',
    '\u{b}',
    '\u{c}',
    '\u{1b}',
    '\u{7f}',
    '\u{85}',
    '\u{9b}',
    '\u{9d}',
    '\u{ad}',
    '\u{61c}',
    '\u{180e}',
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{2028}',
    '\u{2029}',
    '\u{202a}',
    '\u{202b}',
    '\u{202c}',
    '\u{202d}',
    '\u{202e}',
    '\u{2060}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{feff}',
    '\u{fff9}',
    '\u{e0001}',
    '\u{e0041}',
    '\u{e007f}',
];

/// Text made mostly of hostile characters, with escape sequences, among
/// ordinary, accented and emoji characters.
pub fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(HOSTILE).prop_map(String::from),
        2 => proptest::sample::select(&["a", "Z", "é", "👩", "💻", "中", " ", "\n", "\\", "\"", "'"][..])
            .prop_map(str::to_string),
        1 => proptest::sample::select(&[
            "\u{1b}[2J", "\u{1b}]0;owned\u{7}", "\u{1b}[31m", "\u{9b}6n", "\u{1b}P+q\u{1b}\\",
            "\u{202e}txt.exe", "\r\n",
        ][..])
        .prop_map(str::to_string),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// Every string a YAML reader could misread: [`NOT_STRINGS`] and [`YAML_SYNTAX`].
pub fn ambiguous() -> Vec<&'static str> {
    NOT_STRINGS.iter().chain(YAML_SYNTAX).copied().collect()
}

/// Text a person could type, a file could hold, or an attacker could plant.
pub fn awkward_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[ a-zA-Z0-9:#'\"\\\\.~!&*|>%@`,{}\\[\\]\\-\n\t\r]{0,24}",
        2 => proptest::sample::select(ambiguous()).prop_map(str::to_string),
        2 => hostile_text(),
        1 => "(line [a-z]{1,8}\n){1,4}",
    ]
}

/// A value typed for a fact: sometimes the right shape for its type.
fn fact_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => awkward_text(),
        1 => "-?[0-9]{1,6}(\\.[0-9]{1,3})?",
        1 => proptest::sample::select(&["yes", "no", "unknown", "SaaS", "self-managed"][..])
            .prop_map(str::to_string),
        1 => "20[0-9]{2}-0[1-9]-1[0-9]",
        1 => "20[0-9]{2}-0[1-9]-1[0-9] 1[0-9]:[0-5][0-9]",
    ]
}

const FACTS: &[&str] = &[
    "customer", "remark", "seats", "vip", "start", "window", "offering",
];
const STEPS: &[&str] = &["call", "cut", "extra", "approve"];

/// One thing an agent does to a case.
#[derive(Debug, Clone)]
pub enum Action {
    Set(usize, String),
    Check(usize, Option<String>, bool),
    Uncheck(usize),
    Skip(usize, String, bool),
    Note(String),
    Review(usize, bool, String),
    Status(usize),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => (0..FACTS.len(), fact_text()).prop_map(|(fact, text)| Action::Set(fact, text)),
        3 => (0..STEPS.len(), proptest::option::of(awkward_text()), any::<bool>())
            .prop_map(|(step, note, ack)| Action::Check(step, note, ack)),
        1 => (0..STEPS.len()).prop_map(Action::Uncheck),
        2 => (0..STEPS.len(), awkward_text(), any::<bool>())
            .prop_map(|(step, reason, ack)| Action::Skip(step, reason, ack)),
        2 => awkward_text().prop_map(Action::Note),
        2 => (0..STEPS.len(), any::<bool>(), awkward_text())
            .prop_map(|(step, approve, reason)| Action::Review(step, approve, reason)),
        1 => (0..3usize).prop_map(Action::Status),
    ]
}

/// Everything needed to build one case.
#[derive(Debug, Clone)]
pub struct Recipe {
    pub title: String,
    pub assignee: String,
    pub reviewer: String,
    pub actions: Vec<Action>,
}

pub fn recipe() -> impl Strategy<Value = Recipe> {
    (
        awkward_text(),
        awkward_text(),
        awkward_text(),
        proptest::collection::vec(action(), 0..24),
    )
        .prop_map(|(title, assignee, reviewer, actions)| Recipe {
            // A case needs a title and an assignee; an empty one falls back.
            title: if title.trim().is_empty() {
                format!("case {title}")
            } else {
                title
            },
            assignee: if assignee.trim().is_empty() {
                "ana".to_string()
            } else {
                assignee
            },
            reviewer,
            actions,
        })
}

/// Builds the case `recipe` describes on the open-text playbook; `id` names it.
pub fn build(playbook: &ValidPlaybook, id: &str, recipe: &Recipe) -> Case {
    let start = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let mut case = engine::new_case(
        playbook,
        id,
        &recipe.title,
        "ana",
        Vec::new(),
        &Actor::new(&recipe.assignee, start),
    )
    .unwrap();
    // `new_case` refuses an assignee with control or invisible characters;
    // a hand-edited file can still hold one, and the screen must cope.
    case.assignee = recipe.assignee.clone();
    for (index, action) in recipe.actions.iter().enumerate() {
        let now = start + Duration::minutes(index as i64 + 1);
        let (who, change) = match action.clone() {
            Action::Set(fact, text) => {
                let Ok(value) = engine::parse_fact_value(playbook, FACTS[fact], &text) else {
                    continue;
                };
                let fact = FACTS[fact].to_string();
                (&recipe.assignee, Change::SetFact { fact, value })
            }
            Action::Check(step, note, acknowledged) => (
                &recipe.assignee,
                Change::Check {
                    step: STEPS[step].to_string(),
                    note,
                    acknowledged,
                },
            ),
            Action::Uncheck(step) => (
                &recipe.assignee,
                Change::Uncheck {
                    step: STEPS[step].to_string(),
                },
            ),
            Action::Skip(step, reason, acknowledged) => (
                &recipe.assignee,
                Change::Skip {
                    step: STEPS[step].to_string(),
                    reason,
                    acknowledged,
                },
            ),
            Action::Note(text) => (&recipe.reviewer, Change::Note { text }),
            Action::Review(step, approve, reason) => (
                &recipe.reviewer,
                Change::Review {
                    step: STEPS[step].to_string(),
                    verdict: if approve {
                        Verdict::Approved
                    } else {
                        Verdict::Rejected
                    },
                    reason,
                },
            ),
            Action::Status(status) => (
                &recipe.assignee,
                Change::SetStatus {
                    status: [CaseStatus::Open, CaseStatus::OnHold, CaseStatus::Cancelled][status],
                    reason: None,
                },
            ),
        };
        let actor = Actor::new(who, now);
        let _refused_or_applied = engine::apply(playbook, &mut case, change, &actor);
    }
    case
}

/// The open-text playbook with hostile text in every field a playbook
/// author writes freely, and a blocker, so that blockers, lock reasons,
/// warnings, templates and info lines all carry it.
pub fn hostile_playbook(texts: &[String]) -> ValidPlaybook {
    let mut texts = texts.iter().cycle();
    // Titles must not be blank; a leading letter keeps them not blank.
    let mut next = || format!("x{}", texts.next().unwrap());
    let mut definition = open_text_playbook().definition().clone();
    definition.title = next();
    definition.language = next();
    definition.description = next();
    definition.info.push(Info {
        text: next(),
        source: Some(next()),
    });
    for phase in &mut definition.phases {
        phase.title = next();
        for step in &mut phase.steps {
            step.title = next();
            step.instructions = Some(next());
            step.owner = Some(next());
            step.template = Some(format!("{} {{{{customer}}}} {}", next(), next()));
            if step.acknowledge.is_some() {
                step.acknowledge = Some(next());
            }
            if step.id == "cut" {
                step.requires = vec!["customer".to_string()];
                step.needs = vec!["call".to_string()];
            }
        }
    }
    for fact in &mut definition.facts {
        fact.label = next();
        fact.help = Some(next());
    }
    for rule in &mut definition.rules {
        rule.message = next();
    }
    definition.rules.push(Rule {
        id: "vip_hold".to_string(),
        kind: RuleKind::Blocker,
        condition: "vip".to_string(),
        blocks: RuleScope::Steps(vec!["extra".to_string()]),
        message: next(),
        remedy: Some(next()),
        alternative: None,
        source: Some(next()),
    });
    definition.rules.push(Rule {
        id: "no_offering".to_string(),
        kind: RuleKind::Blocker,
        condition: "offering == 'self-managed'".to_string(),
        blocks: RuleScope::default(),
        message: next(),
        remedy: Some(next()),
        alternative: Some("tiny-approval".to_string()),
        source: None,
    });
    ValidPlaybook::new(definition).unwrap()
}

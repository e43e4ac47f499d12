//! A playbook: the facts a procedure asks for, its phases of steps and its
//! rules, exactly as written in `assets/playbooks/*.yaml`. Unknown keys are
//! refused so a typo never silently drops a rule.

use serde::{Deserialize, Serialize};

use super::fact::FactType;

/// One procedure turned into a checklist template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    /// Stable identifier, also the name cases refer to (`saas-pro-to-connect`).
    pub id: String,
    /// Bumped whenever the steps or rules change; cases record the version they started with.
    pub version: u32,
    pub title: String,
    /// Language of the playbook's text (`fr`, `en`), shown so agents know what to expect.
    pub language: String,
    #[serde(default)]
    pub description: String,
    /// Where the procedure comes from (document name), for traceability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Information shown on every case of this playbook (what migrates automatically, dated milestones).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub info: Vec<Info>,
    #[serde(default)]
    pub facts: Vec<FactDef>,
    pub phases: Vec<Phase>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
    /// Whose public holidays business days skip (`FR`, `CH`, `US`); none
    /// means Monday to Friday. Checked by the lint, which names the accepted values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
}

/// A piece of information to show, not a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A typed piece of case information the procedure depends on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    pub id: String,
    #[serde(rename = "type")]
    pub fact_type: FactType,
    /// The question as an agent reads it.
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Allowed values for `choice` facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// A regular expression a `text` value must match (a VAT number, a ticket key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// An example of a valid value, shown when the pattern does not match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// A `number` fact that counts things: only whole numbers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whole: bool,
    /// The smallest value a `number` fact accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// The largest value a `number` fact accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Shown to agents in long form (edited in `$EDITOR` in the app).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub long: bool,
}

/// A named group of steps, worked in order of appearance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    pub title: String,
    pub steps: Vec<Step>,
}

/// One checkbox of the procedure with the rules attached to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    /// The team or role that performs the step (customer, CS team lead, Order team…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// A short quote of the source document the step comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Steps (by id) or phases (`phase:ID`) that must be done or skipped first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    /// Like `needs`, but only a *done* step satisfies it: a skip does not
    /// open a hold the procedure put there (`n/a` still counts as done).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs_done: Vec<String>,
    /// `false`: the step can be done (or be `n/a`) but never skipped.
    #[serde(default = "skippable_by_default", skip_serializing_if = "is_skippable")]
    pub skippable: bool,
    /// Facts that must be filled before the step can be ticked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// Condition under which the step applies; otherwise it is `n/a`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// A warning the agent must explicitly confirm to tick the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledge: Option<String>,
    /// The step is ticked only by a review from someone other than the
    /// assignee: `approval: true`, or `approval: { role: team_lead }` when the
    /// reviewer must also hold a role in `team.yaml` (team mode).
    #[serde(default, skip_serializing_if = "Approval::is_none")]
    pub approval: Approval,
    /// Text with `{{fact}}` placeholders, rendered from the case (a ticket body, an email).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

fn skippable_by_default() -> bool {
    true
}

fn is_skippable(skippable: &bool) -> bool {
    *skippable
}

/// What a rule does while its condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Blocks while the condition holds *or cannot be decided yet* (a fact it reads is unknown).
    Blocker,
    /// Shown while the condition holds; never blocks.
    Warning,
}

/// What a blocker blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RuleScope {
    /// `blocks: case` — every step of the case.
    Case(CaseScope),
    /// `blocks: [step_id, ...]` — only the named steps.
    Steps(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseScope {
    Case,
}

impl Default for RuleScope {
    fn default() -> Self {
        RuleScope::Case(CaseScope::Case)
    }
}

/// A condition over facts with a message and, where the source gives one, a remedy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub kind: RuleKind,
    /// The condition in migdesk's expression language (see docs/playbooks.md).
    #[serde(rename = "if")]
    pub condition: String,
    #[serde(default)]
    pub blocks: RuleScope,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<String>,
    /// Another playbook to open instead (carrying over shared facts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// When a case is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timing {
    /// Business days (Monday-Friday) from the creation date, or from `from`.
    pub due_business_days: u32,
    /// A date fact to count from instead of the creation date (a planned
    /// transition date); while it is unknown the case has no due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Extra business days added while a condition holds (ePDoc adds a day).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<ExtraDays>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraDays {
    #[serde(rename = "if")]
    pub condition: String,
    pub business_days: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Playbook {
    /// Every step with the phase it belongs to, in checklist order.
    pub fn steps(&self) -> impl Iterator<Item = (&Phase, &Step)> {
        self.phases
            .iter()
            .flat_map(|phase| phase.steps.iter().map(move |step| (phase, step)))
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps().map(|(_, s)| s).find(|s| s.id == id)
    }

    pub fn phase_of(&self, step_id: &str) -> Option<&Phase> {
        self.steps().find(|(_, s)| s.id == step_id).map(|(p, _)| p)
    }

    pub fn fact(&self, id: &str) -> Option<&FactDef> {
        self.facts.iter().find(|f| f.id == id)
    }

    /// A fact as messages for people name it: its label in quotes, or its
    /// id when the playbook has no such fact.
    pub fn fact_name(&self, id: &str) -> String {
        match self.fact(id) {
            Some(fact) => format!("“{}”", fact.label),
            None => id.to_string(),
        }
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

impl Step {
    /// Every prerequisite of the step, from `needs` and `needs_done` alike.
    pub fn prerequisites(&self) -> impl Iterator<Item = &String> {
        self.needs.iter().chain(&self.needs_done)
    }
}

impl RuleScope {
    /// Whether this scope covers the given step.
    pub fn covers(&self, step_id: &str) -> bool {
        match self {
            RuleScope::Case(_) => true,
            RuleScope::Steps(ids) => ids.iter().any(|id| id == step_id),
        }
    }
}

/// A role a team member holds (`team.yaml`), which an approval step may require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    TeamLead,
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Role::Agent => "agent",
            Role::TeamLead => "team_lead",
        })
    }
}

/// Whether a step is an approval, and which role its reviewer needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Approval {
    #[default]
    None,
    /// Four eyes: anyone but the assignee reviews it.
    AnyReviewer,
    /// Four eyes, by someone holding `role` on the team.
    Role(Role),
}

impl Approval {
    pub fn is_none(&self) -> bool {
        *self == Approval::None
    }

    pub fn is_required(&self) -> bool {
        !self.is_none()
    }

    pub fn role(&self) -> Option<Role> {
        match self {
            Approval::Role(role) => Some(*role),
            Approval::None | Approval::AnyReviewer => None,
        }
    }
}

/// How `approval:` is written: `true`/`false`, or `{ role: ROLE }`.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum ApprovalText {
    Flag(bool),
    Rule(ApprovalRule),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApprovalRule {
    role: Role,
}

impl Serialize for Approval {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Approval::None => ApprovalText::Flag(false),
            Approval::AnyReviewer => ApprovalText::Flag(true),
            Approval::Role(role) => ApprovalText::Rule(ApprovalRule { role: *role }),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Approval {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match ApprovalText::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom(
                "`approval` is `true`, `false` or `{ role: agent | team_lead }`",
            )
        })? {
            ApprovalText::Flag(false) => Ok(Approval::None),
            ApprovalText::Flag(true) => Ok(Approval::AnyReviewer),
            ApprovalText::Rule(rule) => Ok(Approval::Role(rule.role)),
        }
    }
}

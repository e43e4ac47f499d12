//! `Refusal`: a change the rules forbid, with a typed reason. Code that
//! reacts to a refusal (the app's acknowledgement dialog, the new-case form)
//! matches on `RefusalReason`, so a new reason makes the compiler point at
//! every place that has to decide what to do with it; the rule name people
//! read (`blocker:debts`, `needs`, `four-eyes`) is derived from it.

use std::fmt;

use serde::Serialize;
use serde::ser::SerializeStruct;

/// Which rule refused a change.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RefusalReason {
    /// A blocker of the playbook holds (its rule id).
    Blocker(String),
    /// A step it needs is not finished (or, for `needs_done`, not done).
    Needs,
    /// A fact the step requires has no value.
    Requires,
    /// The step does not apply, or whether it applies is still unknown.
    When,
    /// The step's warning was not confirmed.
    Acknowledge,
    /// An approval step is ticked only through a review.
    Approval,
    /// The reviewer is the assignee, or a name that passes for them.
    FourEyes,
    /// The reviewer held the case before it was reassigned, or ticked or
    /// skipped one of its steps: they did the work, so they cannot approve it.
    FourEyesPastWork,
    /// A rejection without a reason.
    Review,
    /// A skip without a reason a reviewer can read.
    SkipReason,
    /// The step is marked `skippable: false`.
    NotSkippable,
    /// An empty note.
    Note,
    /// A case without a title.
    Title,
    /// A hold, cancellation or reopening whose reason is given but empty.
    StatusReason,
    /// A due date set by hand without a reason.
    DueReason,
    /// The step is not in a state the change applies to.
    State,
    /// The change would change nothing.
    Unchanged,
    /// The case is on hold.
    OnHold,
    /// The case is cancelled.
    Cancelled,
    /// The playbook has no such step.
    UnknownStep,
    /// The playbook has no such fact.
    UnknownFact,
    /// No installed playbook has that id.
    UnknownPlaybook,
    /// A value does not have the fact's type, choices or pattern.
    Format,
    /// A number is outside the fact's range, not whole, or too large to store exactly.
    Range,
    /// A person's name cannot be used as an identity.
    Identity,
    /// The approval needs a role (`approval: { role: team_lead }`) the reviewer lacks.
    ApprovalRole,
    /// In team mode, the acting person is not on the team's roster.
    Team,
    /// A merged event lacks a field its kind needs.
    Incomplete,
    /// A merged event would create the case a second time.
    Created,
    /// A merged change was made from a value the case no longer has.
    Concurrent,
    /// No such merge notice on the case.
    Notice,
}

impl RefusalReason {
    /// The rule's name as the command line and the app show it.
    pub fn name(&self) -> String {
        let name = match self {
            RefusalReason::Blocker(rule) => return format!("blocker:{rule}"),
            RefusalReason::Needs => "needs",
            RefusalReason::Requires => "requires",
            RefusalReason::When => "when",
            RefusalReason::Acknowledge => "acknowledge",
            RefusalReason::Approval => "approval",
            RefusalReason::FourEyes => "four-eyes",
            RefusalReason::FourEyesPastWork => "four-eyes:past-work",
            RefusalReason::Review => "review",
            RefusalReason::SkipReason => "skip",
            RefusalReason::NotSkippable => "skippable",
            RefusalReason::Note => "note",
            RefusalReason::Title => "title",
            RefusalReason::StatusReason => "status-reason",
            RefusalReason::DueReason => "due-reason",
            RefusalReason::State => "state",
            RefusalReason::Unchanged => "unchanged",
            RefusalReason::OnHold => "on_hold",
            RefusalReason::Cancelled => "cancelled",
            RefusalReason::UnknownStep => "unknown-step",
            RefusalReason::UnknownFact => "unknown-fact",
            RefusalReason::UnknownPlaybook => "unknown-playbook",
            RefusalReason::Format => "format",
            RefusalReason::Range => "range",
            RefusalReason::Identity => "identity",
            RefusalReason::ApprovalRole => "approval-role",
            RefusalReason::Team => "team",
            RefusalReason::Incomplete => "incomplete",
            RefusalReason::Created => "created",
            RefusalReason::Concurrent => "concurrent",
            RefusalReason::Notice => "notice",
        };
        name.to_string()
    }
}

impl fmt::Display for RefusalReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// A change the rules forbid: which rule, why, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: RefusalReason,
    pub message: String,
    /// What to do, in words any interface can show (the app adds its keys).
    pub remedy: String,
    /// The command or option that does the remedy on the command line,
    /// which only the command line shows.
    pub command: Option<String>,
}

impl Refusal {
    pub fn new(reason: RefusalReason, message: String, remedy: String) -> Refusal {
        Refusal {
            reason,
            message,
            remedy,
            command: None,
        }
    }

    /// The same refusal, naming the command line's way to do the remedy.
    pub fn on_command_line(mut self, command: String) -> Refusal {
        self.command = Some(command);
        self
    }

    /// The remedy as the command line says it, with its command.
    pub fn command_line_remedy(&self) -> String {
        match &self.command {
            Some(command) => format!("{}: {command}", self.remedy),
            None => self.remedy.clone(),
        }
    }

    /// The rule's name (`blocker:debts`, `needs`, …), derived from the reason.
    pub fn rule(&self) -> String {
        self.reason.name()
    }
}

/// Serialised as `{rule, message, remedy}`, the rule by its name.
impl Serialize for Refusal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Refusal", 3)?;
        state.serialize_field("rule", &self.rule())?;
        state.serialize_field("message", &self.message)?;
        state.serialize_field("remedy", &self.command_line_remedy())?;
        state.end()
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::t!(
            "refused",
            rule = self.reason.name(),
            message = self.message.as_str(),
            remedy = self.command_line_remedy()
        ))
    }
}

impl std::error::Error for Refusal {}

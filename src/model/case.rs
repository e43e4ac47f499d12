//! A case: one customer's run through a playbook, stored as one YAML file.
//! Field order here is the key order in the file, so files diff cleanly.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::fact::FactValue;

/// The case-file format this build writes. A file with a higher number is
/// shown read-only and never rewritten.
pub const CASE_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub schema: u32,
    /// `MIG-0001`; also the file name.
    pub id: String,
    pub playbook: String,
    pub playbook_version: u32,
    pub title: String,
    pub assignee: String,
    /// When the case was opened, with the agent's UTC offset, so the
    /// creation *day* (which due dates count from) is the agent's local day.
    pub created: DateTime<FixedOffset>,
    /// Computed from the playbook's timing when the case is created or a fact changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// A due date an agent set by hand, overriding the playbook's timing
    /// until cleared; `due` then follows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_override: Option<DueOverride>,
    /// Only the part of the status an agent sets; the rest is derived.
    #[serde(default)]
    pub status: CaseStatus,
    /// Demo cases loaded from the welcome screen, so they are easy to find and delete.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    /// Incremented on every saved change; a save from an older revision is refused.
    pub revision: u64,
    #[serde(default)]
    pub facts: BTreeMap<String, FactValue>,
    #[serde(default)]
    pub steps: BTreeMap<String, StepRecord>,
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Append-only record of every change.
    #[serde(default)]
    pub history: Vec<Event>,
    /// Changes a merge of two versions of this case could not apply, kept
    /// whole until an agent resolves them (team mode).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merge_notices: Vec<super::merge_notice::MergeNotice>,
}

/// A due date set by hand: when, why and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueOverride {
    pub date: NaiveDate,
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The agent-set part of a case's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    #[default]
    Open,
    OnHold,
    Cancelled,
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CaseStatus::Open => "open",
            CaseStatus::OnHold => "on_hold",
            CaseStatus::Cancelled => "cancelled",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    #[default]
    Todo,
    Done,
    Skipped,
}

/// What a case remembers of one step; absent means untouched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    pub state: StepState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_reason: Option<String>,
    /// The warning text the agent confirmed when ticking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<String>,
    /// The latest review of an approval step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Approved,
    Rejected,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Approved => "approved",
            Verdict::Rejected => "rejected",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub verdict: Verdict,
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub at: DateTime<Utc>,
    pub by: String,
    pub text: String,
}

/// What kind of change a history event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Created,
    SetFact,
    Check,
    Uncheck,
    Skip,
    Note,
    Review,
    Status,
    /// An agent resolved a merge notice.
    Resolve,
    /// The case was given to someone (`from` and `to` are the names).
    Assign,
    /// The case's title changed (`from` and `to` are the titles).
    Rename,
    /// The due date was set by hand, or given back to the playbook's
    /// timing (`to` absent); `text` is why.
    Due,
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EventKind::Created => "created",
            EventKind::SetFact => "set_fact",
            EventKind::Check => "check",
            EventKind::Uncheck => "uncheck",
            EventKind::Skip => "skip",
            EventKind::Note => "note",
            EventKind::Review => "review",
            EventKind::Status => "status",
            EventKind::Resolve => "resolve",
            EventKind::Assign => "assign",
            EventKind::Rename => "rename",
            EventKind::Due => "due",
        })
    }
}

/// One line of the append-only history. Flat, with only the fields the
/// action uses, so the file reads like a log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// 1, 2, 3… in order; an undo names the event it reverses by this number.
    pub seq: u64,
    /// Unique across machines, so two versions of a case merge by event
    /// (see `model::event_id`). Files from before team mode have none; it
    /// is then derived from the event, the same on every machine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Lamport clock: one more than the highest clock the case had when the
    /// event was made, so merged events keep the order they were made in
    /// where it is known. Absent in older files, where it is `seq`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<u64>,
    pub at: DateTime<Utc>,
    pub by: String,
    pub action: EventKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
    /// Previous value of a fact, previous status, assignee or title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<FactValue>,
    /// New value of a fact, or new status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<FactValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// The note, skip reason or review reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The warning confirmed when ticking a step that asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<String>,
    /// This event reverses event number `undoes`, made earlier in the same session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<u64>,
    /// The merge notice (by its id) this event resolves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolves: Option<String>,
}

impl Event {
    /// A bare event of the given kind; callers fill the fields the kind uses.
    pub fn new(seq: u64, at: DateTime<Utc>, by: &str, action: EventKind) -> Self {
        Event {
            seq,
            id: None,
            clock: None,
            at,
            by: by.to_string(),
            action,
            step: None,
            fact: None,
            from: None,
            to: None,
            verdict: None,
            text: None,
            acknowledged: None,
            undoes: None,
            resolves: None,
        }
    }
}

impl Case {
    pub fn step_state(&self, step_id: &str) -> StepState {
        self.steps
            .get(step_id)
            .map(|record| record.state)
            .unwrap_or_default()
    }

    /// The sequence number the next history event gets.
    pub fn next_seq(&self) -> u64 {
        self.history.last().map_or(1, |event| event.seq + 1)
    }
}

/// Whether `id` has the shape of a case id: `MIG-` and four to nine digits,
/// or in team mode `MIG-`, the opener's code (two to four capital letters,
/// from `team.yaml`), `-` and four to nine digits (`MIG-AL-0042`). Anything
/// else is refused everywhere, so an id can never name another path.
pub fn is_valid_case_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("MIG-") else {
        return false;
    };
    let digits = match rest.split_once('-') {
        Some((code, digits)) => {
            let code_ok =
                (2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_uppercase());
            if !code_ok {
                return false;
            }
            digits
        }
        None => rest,
    };
    digits.len() >= 4 && digits.len() <= 9 && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::is_valid_case_id;

    #[test]
    fn case_ids_are_a_strict_shape_that_names_no_other_path() {
        for good in ["MIG-0001", "MIG-123456789", "MIG-AL-0001", "MIG-ABCD-0042"] {
            assert!(is_valid_case_id(good), "{good}");
        }
        for bad in [
            "MIG-001",
            "MIG-A-0001",
            "MIG-ABCDE-0001",
            "MIG-al-0001",
            "MIG-AL-01",
            "MIG-AL-0001-2",
            "MIG-../0001",
            "MIG-AL-",
            "MIG-É-0001",
            "mig-0001",
        ] {
            assert!(!is_valid_case_id(bad), "{bad}");
        }
    }
}

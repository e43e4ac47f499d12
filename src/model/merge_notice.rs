//! A merge notice: a change made on one machine that the merge of two
//! versions of a case could not apply on top of the other's (both ticked
//! the same step, one skipped what the other ticked, a fact set to two
//! values). Never dropped and never decided by "ours" or "theirs": the
//! change is kept whole here, with what was kept instead, until an agent
//! resolves it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::case::Event;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeNotice {
    /// The refused event's id; a `resolve` event names it.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
    /// The rule that refused it (`state`, `concurrent`, `needs`…).
    pub rule: String,
    pub message: String,
    /// What the case holds instead, and who made it so.
    pub kept: NoticeSide,
    /// What the refused change wanted.
    pub refused: NoticeSide,
    /// Both sides made the same change: shown in the history, nothing to decide.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub agreed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Resolution>,
    /// The refused event as it was made (its `seq` is 0: it is in no history),
    /// so every later merge still sees it.
    pub event: Event,
    /// The id of the event the refused one was undoing, if it was an undo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes_event: Option<String>,
}

/// One side of a notice: a value (a fact's, a step's state) and who set it when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeSide {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    pub by: String,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl MergeNotice {
    /// Shown until resolved; an agreed duplicate never needs anyone.
    pub fn needs_attention(&self) -> bool {
        !self.agreed && self.resolved.is_none()
    }
}

//! The shapes of playbooks and cases as they are written in YAML, and the
//! typed values of facts. No I/O and no rules: the engine gives them meaning.

pub mod case;
pub mod event_id;
pub mod fact;
pub mod merge_notice;
pub mod playbook;

pub use case::{
    Case, CaseStatus, DueOverride, Event, EventKind, Note, Review, StepRecord, StepState, Verdict,
};
pub use fact::{FactType, FactValue};
pub use merge_notice::{MergeNotice, NoticeSide, Resolution};
pub use playbook::{
    Approval, FactDef, Info, Phase, Playbook, Role, Rule, RuleKind, RuleScope, Step, Timing,
};

//! The condition language of playbook rules (see docs/playbooks.md).
//! Interface only for now; the parser lands next.

use chrono::{NaiveDate, NaiveDateTime};

/// A value a condition computes with.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Number(f64),
    Text(String),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

/// The static type of a name or sub-expression, for linting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Bool,
    Number,
    Text,
    Date,
    DateTime,
}

/// Three-valued result: a condition over an unknown fact is `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

/// Where a condition looks names up (facts and the built-ins `today`, `created`, `due`).
pub trait Scope {
    /// The value of `name`, or `None` while it is unknown.
    fn value(&self, name: &str) -> Option<Value>;
}

/// A parse or type error with the 1-based column where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ExprError {}

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    source: String,
}

impl Condition {
    pub fn parse(source: &str) -> Result<Condition, ExprError> {
        Ok(Condition {
            source: source.to_string(),
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every name the condition reads, first appearance first, without repeats.
    pub fn names(&self) -> Vec<&str> {
        Vec::new()
    }

    /// Checks names and types; `types` gives the type of a name or `None` if no such name exists.
    pub fn check(&self, _types: &dyn Fn(&str) -> Option<ValueType>) -> Result<(), ExprError> {
        Ok(())
    }

    pub fn evaluate(&self, _scope: &dyn Scope) -> Truth {
        Truth::Unknown
    }
}

//! The condition language of playbook rules and `when` clauses (see the
//! "Conditions" section of docs/playbooks.md): the public types, and
//! `Condition`, which ties the parser (`parse`) to the checker and the
//! three-valued evaluator (`eval`).

mod eval;
pub mod fiscal;
mod parse;

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;

use chrono::{NaiveDate, NaiveDateTime, Timelike};

pub use parse::{MAX_NESTING, MAX_SOURCE_CHARS};

/// The built-in names every scope provides, all dates.
pub const BUILT_IN_NAMES: [&str; 3] = ["today", "created", "due"];

/// The type of a built-in name, `None` for any other name.
pub fn built_in_type(name: &str) -> Option<ValueType> {
    BUILT_IN_NAMES.contains(&name).then_some(ValueType::Date)
}

/// A value a condition computes with.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Number(f64),
    Text(String),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl Value {
    pub fn value_type(&self) -> ValueType {
        match self {
            Value::Bool(_) => ValueType::Bool,
            Value::Number(_) => ValueType::Number,
            Value::Text(_) => ValueType::Text,
            Value::Date(_) => ValueType::Date,
            Value::DateTime(_) => ValueType::DateTime,
        }
    }
}

/// Written the way a fact is entered: `yes`/`no`, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(true) => f.write_str("yes"),
            Value::Bool(false) => f.write_str("no"),
            Value::Number(number) => write!(f, "{number}"),
            Value::Text(text) => f.write_str(text),
            Value::Date(date) => write!(f, "{}", date.format("%Y-%m-%d")),
            Value::DateTime(datetime) if datetime.second() == 0 => {
                write!(f, "{}", datetime.format("%Y-%m-%d %H:%M"))
            }
            Value::DateTime(datetime) => write!(f, "{}", datetime.format("%Y-%m-%d %H:%M:%S")),
        }
    }
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

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueType::Bool => "yes/no",
            ValueType::Number => "number",
            ValueType::Text => "text",
            ValueType::Date => "date",
            ValueType::DateTime => "date-time",
        })
    }
}

/// Three-valued result: a condition over an unknown fact is `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

/// Kleene's strong three-valued logic: an unknown operand decides nothing
/// unless the other operand already decides the result.
impl Truth {
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        }
    }

    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Unknown,
        }
    }

    #[allow(
        clippy::should_implement_trait,
        reason = "named like `and` and `or`; `!` works too through `std::ops::Not`"
    )]
    pub fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    pub fn is_true(self) -> bool {
        self == Truth::True
    }
}

impl std::ops::Not for Truth {
    type Output = Truth;

    fn not(self) -> Truth {
        Truth::not(self)
    }
}

impl From<bool> for Truth {
    fn from(value: bool) -> Truth {
        if value { Truth::True } else { Truth::False }
    }
}

/// `None` is unknown.
impl From<Option<bool>> for Truth {
    fn from(value: Option<bool>) -> Truth {
        value.map_or(Truth::Unknown, Truth::from)
    }
}

/// Where a condition looks names up (facts and the built-ins `today`, `created`, `due`).
pub trait Scope {
    /// The value of `name`, or `None` while it is unknown.
    fn value(&self, name: &str) -> Option<Value>;

    /// The public holidays `month_end` and `business_window` skip.
    fn calendar(&self) -> crate::calendar::Calendar {
        crate::calendar::Calendar::WeekendsOnly
    }
}

/// A map from name to value, absent names unknown.
impl<S: BuildHasher> Scope for HashMap<String, Value, S> {
    fn value(&self, name: &str) -> Option<Value> {
        self.get(name).cloned()
    }
}

/// A parse or type error with the 1-based column where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for ExprError {}

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    source: String,
    expression: parse::Expression,
}

impl Condition {
    /// Parses the syntax only; `check` then verifies names, functions and types.
    pub fn parse(source: &str) -> Result<Condition, ExprError> {
        Ok(Condition {
            source: source.to_string(),
            expression: parse::parse(source)?,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Every name the condition reads, first appearance first, without repeats.
    pub fn names(&self) -> Vec<&str> {
        let mut names = Vec::new();
        self.expression.collect_names(&mut names);
        names
    }

    /// The fiscal comparisons the condition makes between two facts:
    /// `same_vat(a, b)` and `same_name(a, b)`, as (kind, a, b).
    pub fn fiscal_comparisons(&self) -> Vec<(fiscal::FiscalKind, &str, &str)> {
        let mut calls = Vec::new();
        self.expression.collect_fiscal_calls(&mut calls);
        calls
            .into_iter()
            .filter_map(|(function, left, right)| {
                fiscal::FiscalKind::from_function(function).map(|kind| (kind, left, right))
            })
            .collect()
    }

    /// Checks names and types; `types` gives the type of a name or `None` if no such name exists.
    /// Built-in names are looked up through `types` too (see `built_in_type`).
    pub fn check(&self, types: &dyn Fn(&str) -> Option<ValueType>) -> Result<(), ExprError> {
        eval::check(&self.expression, types)
    }

    /// Never fails: an unknown name, or anything `check` would refuse, is `Unknown`.
    pub fn evaluate(&self, scope: &dyn Scope) -> Truth {
        eval::truth(&self.expression, scope)
    }
}

#[cfg(test)]
mod tests;

//! Fact types and the values a case stores for them. A fact that is absent
//! from a case is *unknown*, which is a real state the rules reason about.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The type a playbook declares for a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    /// yes / no (unknown until answered).
    Bool,
    Text,
    Number,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A local date and time, `YYYY-MM-DD HH:MM`.
    Datetime,
    /// One of the playbook's listed `choices`.
    Choice,
}

impl fmt::Display for FactType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FactType::Bool => "bool",
            FactType::Text => "text",
            FactType::Number => "number",
            FactType::Date => "date",
            FactType::Datetime => "datetime",
            FactType::Choice => "choice",
        })
    }
}

/// A known fact value as stored in a case file. Dates and date-times are kept
/// as canonical ISO text so the file stays plain and readable by other tools.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FactValue {
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(String),
}

/// The format a date-time fact is written in.
pub const DATETIME_FORMAT: &str = "%Y-%m-%d %H:%M";
pub const DATE_FORMAT: &str = "%Y-%m-%d";

impl FactValue {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            FactValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            FactValue::Integer(i) => Some(*i as f64),
            FactValue::Float(x) => Some(*x),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            FactValue::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_date(&self) -> Option<NaiveDate> {
        self.as_text()
            .and_then(|s| NaiveDate::parse_from_str(s.trim(), DATE_FORMAT).ok())
    }

    pub fn as_datetime(&self) -> Option<NaiveDateTime> {
        self.as_text().and_then(|s| parse_datetime(s.trim()))
    }

    /// Whether the stored value has the shape the declared type expects
    /// (a hand-edited file may hold `has_debts: maybe`).
    pub fn fits(&self, fact_type: FactType) -> bool {
        match fact_type {
            FactType::Bool => self.as_bool().is_some(),
            FactType::Number => self.as_number().is_some(),
            FactType::Text | FactType::Choice => self.as_text().is_some(),
            FactType::Date => self.as_date().is_some(),
            FactType::Datetime => self.as_datetime().is_some(),
        }
    }
}

impl FactValue {
    /// The value as a person reads it, in the interface language (`oui`,
    /// `non`); `Display` keeps the form migdesk reads back (`yes`, `no`).
    pub fn shown(&self) -> String {
        match self {
            FactValue::Bool(true) => crate::t!("fact-yes"),
            FactValue::Bool(false) => crate::t!("fact-no"),
            FactValue::Integer(_) | FactValue::Float(_) | FactValue::Text(_) => self.to_string(),
        }
    }

    /// What a fact without a value reads as.
    pub fn unknown_shown() -> String {
        crate::t!("fact-unknown")
    }
}

impl fmt::Display for FactValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactValue::Bool(true) => f.write_str("yes"),
            FactValue::Bool(false) => f.write_str("no"),
            FactValue::Integer(i) => write!(f, "{i}"),
            FactValue::Float(x) => write!(f, "{x}"),
            FactValue::Text(s) => f.write_str(s),
        }
    }
}

/// Accepts `YYYY-MM-DD HH:MM`, with `T` as separator too, and optional seconds.
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
}

//! Typed fact values: parsing what an agent types into a value of the
//! fact's declared type, and exposing a case's facts to conditions.

use chrono::NaiveDate;

use crate::catalog::ValidPlaybook;
use crate::expr::{Scope, Value};
use crate::model::fact::{DATE_FORMAT, DATETIME_FORMAT, parse_datetime};
use crate::model::{Case, FactDef, FactType, FactValue};

use super::refusal::{Refusal, RefusalReason};

/// Parses `text` as a value of `fact`; `unknown` (any case) clears the fact (`Ok(None)`).
pub fn parse_fact_value(
    playbook: &ValidPlaybook,
    fact: &str,
    text: &str,
) -> Result<Option<FactValue>, Refusal> {
    let definition = fact_definition(playbook, fact)?;
    let trimmed = text.trim();
    // `inconnu` is what the French interface shows for a fact without a value.
    if trimmed.eq_ignore_ascii_case("unknown") || trimmed.eq_ignore_ascii_case("inconnu") {
        return Ok(None);
    }
    let invalid = |expected: String| {
        Refusal::new(
            RefusalReason::Format,
            crate::t!(
                "refusal-invalid-value",
                value = trimmed,
                kind = definition.fact_type.to_string(),
                fact = fact
            ),
            expected,
        )
    };
    let value = match definition.fact_type {
        FactType::Bool => match trimmed.to_lowercase().as_str() {
            "yes" | "y" | "true" | "oui" | "o" | "1" => FactValue::Bool(true),
            "no" | "n" | "false" | "non" | "0" => FactValue::Bool(false),
            _ => return Err(invalid(crate::t!("remedy-answer-yes-no"))),
        },
        FactType::Number => {
            let normalised = if trimmed.contains('.') {
                trimmed.to_string()
            } else {
                trimmed.replace(',', ".")
            };
            if let Ok(integer) = normalised.parse::<i64>() {
                FactValue::Integer(integer)
            } else {
                match normalised.parse::<f64>() {
                    Ok(number) if number.is_finite() => {
                        check_range(definition, fact, trimmed, number)?;
                        whole_or_float(definition, number)
                    }
                    Ok(_) => {
                        return Err(out_of_range(fact, trimmed, crate::t!("constraint-finite")));
                    }
                    _ => return Err(invalid(crate::t!("remedy-give-number"))),
                }
            }
        }
        FactType::Date => match NaiveDate::parse_from_str(trimmed, DATE_FORMAT) {
            Ok(date) => FactValue::Text(date.format(DATE_FORMAT).to_string()),
            Err(_) => return Err(invalid(crate::t!("remedy-give-date"))),
        },
        FactType::Datetime => match parse_datetime(trimmed) {
            Some(moment) => FactValue::Text(moment.format(DATETIME_FORMAT).to_string()),
            None => {
                return Err(invalid(crate::t!("remedy-give-datetime")));
            }
        },
        FactType::Choice => match definition
            .choices
            .iter()
            .find(|choice| choice.trim().eq_ignore_ascii_case(trimmed))
        {
            Some(choice) => FactValue::Text(choice.clone()),
            None => {
                return Err(invalid(crate::t!(
                    "remedy-pick-one-of",
                    choices = definition.choices.join(", ")
                )));
            }
        },
        FactType::Text => FactValue::Text(trimmed.to_string()),
    };
    validate_fact_value(playbook, fact, &value)?;
    Ok(Some(value))
}

/// Numbers beyond ±2^53 are not stored exactly (a YAML or JSON reader turns
/// 99999999999999999999 into 1e20), so they are refused.
pub const MAX_EXACT_NUMBER: f64 = 9_007_199_254_740_992.0;

fn out_of_range(fact: &str, text: &str, constraint: String) -> Refusal {
    Refusal::new(
        RefusalReason::Range,
        crate::t!(
            "refusal-out-of-range",
            value = text,
            fact = fact,
            constraint = constraint.as_str()
        ),
        crate::t!("remedy-give-constraint", constraint = constraint),
    )
}

/// A whole fact's integral value is stored as a whole number.
fn whole_or_float(definition: &FactDef, number: f64) -> FactValue {
    if definition.whole && number.fract() == 0.0 && number.abs() <= MAX_EXACT_NUMBER {
        // Exact: the value is whole and within ±2^53.
        FactValue::Integer(number as i64)
    } else {
        FactValue::Float(number)
    }
}

/// The constraint a number fact puts on its values, in words.
fn constraint(definition: &FactDef) -> String {
    // Numbers as Rust writes them (`12`, `3.5`): the same form is typed back.
    let number = |value: f64| value.to_string();
    match (definition.whole, definition.min, definition.max) {
        (true, Some(min), Some(max)) => {
            crate::t!(
                "constraint-whole-from-to",
                min = number(min),
                max = number(max)
            )
        }
        (true, Some(min), None) => crate::t!("constraint-whole-at-least", min = number(min)),
        (true, None, Some(max)) => crate::t!("constraint-whole-at-most", max = number(max)),
        (true, None, None) => {
            crate::t!("constraint-whole-any", limit = number(MAX_EXACT_NUMBER))
        }
        (false, Some(min), Some(max)) => {
            crate::t!("constraint-from-to", min = number(min), max = number(max))
        }
        (false, Some(min), None) => crate::t!("constraint-at-least", min = number(min)),
        (false, None, Some(max)) => crate::t!("constraint-at-most", max = number(max)),
        (false, None, None) => crate::t!("constraint-any", limit = number(MAX_EXACT_NUMBER)),
    }
}

/// Refuses a number that is not finite, too large to store exactly, not
/// whole for a `whole` fact, or outside the fact's `min` and `max`.
fn check_range(definition: &FactDef, fact: &str, text: &str, number: f64) -> Result<(), Refusal> {
    let fits = number.is_finite()
        && number.abs() <= MAX_EXACT_NUMBER
        && (!definition.whole || number.fract() == 0.0)
        && definition.min.is_none_or(|min| number >= min)
        && definition.max.is_none_or(|max| number <= max);
    if fits {
        Ok(())
    } else {
        Err(out_of_range(fact, text, constraint(definition)))
    }
}

/// Checks that `value` fits the fact's type, choices and pattern.
pub(super) fn validate_fact_value(
    playbook: &ValidPlaybook,
    fact: &str,
    value: &FactValue,
) -> Result<(), Refusal> {
    let definition = fact_definition(playbook, fact)?;
    if !value.fits(definition.fact_type) {
        return Err(Refusal::new(
            RefusalReason::Format,
            crate::t!(
                "refusal-invalid-value",
                value = value.to_string(),
                kind = definition.fact_type.to_string(),
                fact = fact
            ),
            crate::t!("remedy-give-type"),
        ));
    }
    if definition.fact_type == FactType::Number
        && let Some(number) = value.as_number()
    {
        let exact = match value {
            FactValue::Integer(integer) => integer.unsigned_abs() <= 1 << 53,
            FactValue::Bool(_) | FactValue::Float(_) | FactValue::Text(_) => true,
        };
        if !exact {
            return Err(out_of_range(
                fact,
                &value.to_string(),
                constraint(definition),
            ));
        }
        check_range(definition, fact, &value.to_string(), number)?;
    }
    if let Some(text) = value.as_text() {
        if text.trim().is_empty() {
            return Err(Refusal::new(
                RefusalReason::Format,
                crate::t!("refusal-empty-text", fact = fact),
                crate::t!("remedy-empty-text"),
            ));
        }
        if definition.fact_type == FactType::Choice && !definition.choices.iter().any(|c| c == text)
        {
            return Err(Refusal::new(
                RefusalReason::Format,
                crate::t!("refusal-not-a-choice", value = text, fact = fact),
                crate::t!(
                    "remedy-pick-one-of",
                    choices = definition.choices.join(", ")
                ),
            ));
        }
        if let Some(pattern) = playbook.pattern(fact)
            && !pattern.is_match(text.trim())
        {
            let remedy = match definition.example.as_deref() {
                Some(example) => crate::t!(
                    "remedy-match-pattern-example",
                    pattern = pattern.as_str(),
                    example = example
                ),
                None => crate::t!("remedy-match-pattern", pattern = pattern.as_str()),
            };
            return Err(Refusal::new(
                RefusalReason::Format,
                crate::t!(
                    "refusal-pattern",
                    value = text,
                    fact = fact,
                    label = definition.label.as_str()
                ),
                remedy,
            ));
        }
    }
    Ok(())
}

fn fact_definition<'a>(playbook: &'a ValidPlaybook, fact: &str) -> Result<&'a FactDef, Refusal> {
    playbook.definition().fact(fact).ok_or_else(|| {
        let known: Vec<&str> = playbook
            .definition()
            .facts
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        Refusal::new(
            RefusalReason::UnknownFact,
            crate::t!(
                "refusal-unknown-fact",
                playbook = playbook.id(),
                fact = fact
            ),
            crate::t!("remedy-use-one-of", known = known.join(", ")),
        )
    })
}

/// The case's facts, typed by the playbook, plus `today`, `created` and `due`.
pub(super) struct FactScope<'a> {
    pub playbook: &'a ValidPlaybook,
    pub case: &'a Case,
    pub today: NaiveDate,
    pub due: Option<NaiveDate>,
}

impl FactScope<'_> {
    /// The typed value of a fact, or `None` if unknown or not fitting its type.
    pub fn fact_value(&self, name: &str) -> Option<Value> {
        let definition = self.playbook.definition().fact(name)?;
        let stored = self.case.facts.get(name)?;
        match definition.fact_type {
            FactType::Bool => stored.as_bool().map(Value::Bool),
            FactType::Number => stored.as_number().map(Value::Number),
            FactType::Text | FactType::Choice => {
                stored.as_text().map(|t| Value::Text(t.to_string()))
            }
            FactType::Date => stored.as_date().map(Value::Date),
            FactType::Datetime => stored.as_datetime().map(Value::DateTime),
        }
    }
}

impl Scope for FactScope<'_> {
    fn value(&self, name: &str) -> Option<Value> {
        match name {
            "today" => Some(Value::Date(self.today)),
            "created" => Some(Value::Date(self.case.created.date_naive())),
            "due" => self.due.map(Value::Date),
            _ => self.fact_value(name),
        }
    }

    fn calendar(&self) -> crate::calendar::Calendar {
        self.playbook.calendar()
    }
}

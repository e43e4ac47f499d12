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
    if trimmed.eq_ignore_ascii_case("unknown") {
        return Ok(None);
    }
    let invalid = |expected: &str| {
        Refusal::new(
            RefusalReason::Format,
            format!(
                "`{trimmed}` is not a valid {} for fact `{fact}`",
                definition.fact_type
            ),
            expected.to_string(),
        )
    };
    let value = match definition.fact_type {
        FactType::Bool => match trimmed.to_lowercase().as_str() {
            "yes" | "y" | "true" | "oui" | "o" | "1" => FactValue::Bool(true),
            "no" | "n" | "false" | "non" | "0" => FactValue::Bool(false),
            _ => return Err(invalid("answer yes, no or unknown")),
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
                    Ok(_) => return Err(out_of_range(fact, trimmed, "a finite number")),
                    _ => return Err(invalid("give a number such as 12 or 3.5")),
                }
            }
        }
        FactType::Date => match NaiveDate::parse_from_str(trimmed, DATE_FORMAT) {
            Ok(date) => FactValue::Text(date.format(DATE_FORMAT).to_string()),
            Err(_) => return Err(invalid("give a date as YYYY-MM-DD, e.g. 2026-11-23")),
        },
        FactType::Datetime => match parse_datetime(trimmed) {
            Some(moment) => FactValue::Text(moment.format(DATETIME_FORMAT).to_string()),
            None => {
                return Err(invalid(
                    "give a date and time as YYYY-MM-DD HH:MM, e.g. 2026-11-23 09:00",
                ));
            }
        },
        FactType::Choice => match definition
            .choices
            .iter()
            .find(|choice| choice.trim().eq_ignore_ascii_case(trimmed))
        {
            Some(choice) => FactValue::Text(choice.clone()),
            None => {
                return Err(invalid(&format!(
                    "pick one of: {}",
                    definition.choices.join(", ")
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

fn out_of_range(fact: &str, text: &str, constraint: &str) -> Refusal {
    Refusal::new(
        RefusalReason::Range,
        format!("`{text}` is not accepted for fact `{fact}`: it must be {constraint}"),
        format!("give {constraint}"),
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
    let kind = if definition.whole {
        "a whole number"
    } else {
        "a number"
    };
    match (definition.min, definition.max) {
        (Some(min), Some(max)) => format!("{kind} from {min} to {max}"),
        (Some(min), None) => format!("{kind} of at least {min}"),
        (None, Some(max)) => format!("{kind} of at most {max}"),
        (None, None) => format!("{kind} between -{MAX_EXACT_NUMBER} and {MAX_EXACT_NUMBER}"),
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
        Err(out_of_range(fact, text, &constraint(definition)))
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
            format!(
                "`{value}` is not a valid {} for fact `{fact}`",
                definition.fact_type
            ),
            "give a value of the fact's type".to_string(),
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
                &constraint(definition),
            ));
        }
        check_range(definition, fact, &value.to_string(), number)?;
    }
    if let Some(text) = value.as_text() {
        if text.trim().is_empty() {
            return Err(Refusal::new(
                RefusalReason::Format,
                format!("fact `{fact}` cannot be set to an empty text"),
                "give a value, or `unknown` to clear it".to_string(),
            ));
        }
        if definition.fact_type == FactType::Choice && !definition.choices.iter().any(|c| c == text)
        {
            return Err(Refusal::new(
                RefusalReason::Format,
                format!("`{text}` is not one of the choices for fact `{fact}`"),
                format!("pick one of: {}", definition.choices.join(", ")),
            ));
        }
        if let Some(pattern) = playbook.pattern(fact)
            && !pattern.is_match(text.trim())
        {
            let example = definition
                .example
                .as_deref()
                .map(|e| format!(", e.g. {e}"))
                .unwrap_or_default();
            return Err(Refusal::new(
                RefusalReason::Format,
                format!(
                    "`{text}` does not have the expected format for fact `{fact}` ({})",
                    definition.label
                ),
                format!("give a value matching {}{example}", pattern.as_str()),
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
            format!("playbook `{}` has no fact `{fact}`", playbook.id()),
            format!("use one of: {}", known.join(", ")),
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

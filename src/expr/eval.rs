//! What a parsed condition means: its static types (`check`, for
//! `migdesk validate`) and its three-valued value against a scope
//! (`evaluate`). Evaluation is total: anything `check` would refuse
//! evaluates to unknown rather than failing.

use std::cmp::Ordering;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::fiscal::{self, FiscalKind};
use super::parse::{Comparison, Expression, Kind};
use super::{ExprError, Scope, Truth, Value, ValueType};
use crate::calendar;
use crate::model::fact::{DATE_FORMAT, parse_datetime};

/// What a function argument accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parameter {
    /// A date, a date-time (its date counts) or a text literal holding either.
    Date,
    /// A date-time or a text literal holding one.
    DateTime,
    /// A whole number, zero or more.
    Count,
    /// A text (a fact or a literal).
    Text,
}

impl Parameter {
    fn describe(self) -> &'static str {
        match self {
            Parameter::Date => "a date",
            Parameter::DateTime => "a date-time",
            Parameter::Count => "a whole number",
            Parameter::Text => "a text",
        }
    }
}

/// The parameters and result of every function but `known`, which reads a
/// name rather than a value.
fn signature(function: &str) -> Option<(&'static [Parameter], ValueType)> {
    Some(match function {
        "month_end" => (&[Parameter::Date, Parameter::Count], ValueType::Bool),
        "business_window" => (&[Parameter::DateTime, Parameter::Count], ValueType::Bool),
        "day_of_month" | "weekday" => (&[Parameter::Date], ValueType::Number),
        "same_vat" | "same_name" => (&[Parameter::Text, Parameter::Text], ValueType::Bool),
        _ => return None,
    })
}

fn error(column: usize, message: impl Into<String>) -> ExprError {
    ExprError {
        column,
        message: message.into(),
    }
}

pub(super) fn check(
    expression: &Expression,
    types: &dyn Fn(&str) -> Option<ValueType>,
) -> Result<(), ExprError> {
    match type_of(expression, types)? {
        ValueType::Bool => Ok(()),
        other => Err(error(
            expression.column,
            format!("a condition must be yes/no, this is {}", article(other)),
        )),
    }
}

fn article(value_type: ValueType) -> String {
    match value_type {
        ValueType::Bool => "a yes/no".to_string(),
        other => format!("a {other}"),
    }
}

fn type_of(
    expression: &Expression,
    types: &dyn Fn(&str) -> Option<ValueType>,
) -> Result<ValueType, ExprError> {
    let column = expression.column;
    match &expression.kind {
        Kind::Bool(_) => Ok(ValueType::Bool),
        Kind::Number(_) => Ok(ValueType::Number),
        Kind::Text(_) => Ok(ValueType::Text),
        Kind::Name(name) => name_type(name, column, types),
        Kind::Not(operand) => match type_of(operand, types)? {
            ValueType::Bool => Ok(ValueType::Bool),
            other => Err(error(
                column,
                format!("`not` needs a yes/no, found {}", article(other)),
            )),
        },
        Kind::And(operands) | Kind::Or(operands) => {
            let keyword = if matches!(expression.kind, Kind::And(_)) {
                "and"
            } else {
                "or"
            };
            for operand in operands {
                let operand_type = type_of(operand, types)?;
                if operand_type != ValueType::Bool {
                    return Err(error(
                        operand.column,
                        format!(
                            "`{keyword}` needs yes/no values, found {}",
                            article(operand_type)
                        ),
                    ));
                }
            }
            Ok(ValueType::Bool)
        }
        Kind::Compare {
            operator,
            left,
            right,
        } => {
            check_comparison(*operator, column, left, right, types)?;
            Ok(ValueType::Bool)
        }
        Kind::Call {
            function,
            arguments,
        } => call_type(function, column, arguments, types),
    }
}

fn name_type(
    name: &str,
    column: usize,
    types: &dyn Fn(&str) -> Option<ValueType>,
) -> Result<ValueType, ExprError> {
    types(name).ok_or_else(|| error(column, format!("unknown fact `{name}`")))
}

fn is_temporal(value_type: ValueType) -> bool {
    matches!(value_type, ValueType::Date | ValueType::DateTime)
}

/// The type of `side` when compared with a value of type `other`: a text
/// literal next to a date or date-time is read as one.
fn comparison_side_type(
    side: &Expression,
    side_type: ValueType,
    other: ValueType,
) -> Result<ValueType, ExprError> {
    match &side.kind {
        Kind::Text(text) if is_temporal(other) => match temporal_from_text(text) {
            Some(value) => Ok(value.value_type()),
            None => Err(error(
                side.column,
                format!("'{text}' is not a date (YYYY-MM-DD) or a date-time (YYYY-MM-DD HH:MM)"),
            )),
        },
        _ => Ok(side_type),
    }
}

fn check_comparison(
    operator: Comparison,
    column: usize,
    left: &Expression,
    right: &Expression,
    types: &dyn Fn(&str) -> Option<ValueType>,
) -> Result<(), ExprError> {
    let left_written = type_of(left, types)?;
    let right_written = type_of(right, types)?;
    let left_type = comparison_side_type(left, left_written, right_written)?;
    let right_type = comparison_side_type(right, right_written, left_written)?;
    let comparable = left_type == right_type || (is_temporal(left_type) && is_temporal(right_type));
    if !comparable {
        return Err(error(
            column,
            format!(
                "cannot compare {} with {}",
                article(left_type),
                article(right_type)
            ),
        ));
    }
    if left_type == ValueType::Bool && operator.is_ordering() {
        return Err(error(
            column,
            format!(
                "yes/no values are compared with `==` or `!=`, not `{}`",
                operator.symbol()
            ),
        ));
    }
    Ok(())
}

fn call_type(
    function: &str,
    column: usize,
    arguments: &[Expression],
    types: &dyn Fn(&str) -> Option<ValueType>,
) -> Result<ValueType, ExprError> {
    if function == "known" {
        return match arguments {
            [argument] => match &argument.kind {
                Kind::Name(name) => {
                    name_type(name, argument.column, types)?;
                    Ok(ValueType::Bool)
                }
                _ => Err(error(
                    argument.column,
                    "`known` takes a fact name, as in known(has_debts)",
                )),
            },
            _ => Err(error(
                column,
                format!("`known` takes 1 argument, found {}", arguments.len()),
            )),
        };
    }
    let Some((parameters, result)) = signature(function) else {
        return Err(error(column, format!("unknown function `{function}`")));
    };
    if parameters.len() != arguments.len() {
        let expected: Vec<&str> = parameters.iter().map(|p| p.describe()).collect();
        return Err(error(
            column,
            format!(
                "`{function}` takes {} argument{} ({}), found {}",
                parameters.len(),
                if parameters.len() == 1 { "" } else { "s" },
                expected.join(", "),
                arguments.len()
            ),
        ));
    }
    for (position, (parameter, argument)) in parameters.iter().zip(arguments).enumerate() {
        let argument_type = type_of(argument, types)?;
        let accepted = match (parameter, &argument.kind) {
            (Parameter::Date, Kind::Text(text)) => temporal_from_text(text).is_some(),
            (Parameter::DateTime, Kind::Text(text)) => parse_datetime(text.trim()).is_some(),
            (Parameter::Count, Kind::Number(number)) => count_from(*number).is_some(),
            (Parameter::Text, _) => argument_type == ValueType::Text,
            (Parameter::Date, _) => is_temporal(argument_type),
            (Parameter::DateTime, _) => argument_type == ValueType::DateTime,
            (Parameter::Count, _) => argument_type == ValueType::Number,
        };
        if !accepted {
            let found = match &argument.kind {
                Kind::Text(text) => format!("'{text}'"),
                Kind::Number(number) => number.to_string(),
                _ => article(argument_type),
            };
            return Err(error(
                argument.column,
                format!(
                    "argument {} of `{function}` must be {}, found {found}",
                    position + 1,
                    parameter.describe()
                ),
            ));
        }
    }
    Ok(result)
}

pub(super) fn truth(expression: &Expression, scope: &dyn Scope) -> Truth {
    match &expression.kind {
        Kind::Not(operand) => truth(operand, scope).not(),
        Kind::And(operands) => {
            let mut result = Truth::True;
            for operand in operands {
                result = result.and(truth(operand, scope));
                if result == Truth::False {
                    break;
                }
            }
            result
        }
        Kind::Or(operands) => {
            let mut result = Truth::False;
            for operand in operands {
                result = result.or(truth(operand, scope));
                if result == Truth::True {
                    break;
                }
            }
            result
        }
        Kind::Compare {
            operator,
            left,
            right,
        } => match (value(left, scope), value(right, scope)) {
            (Some(left), Some(right)) => compare(*operator, left, right).into(),
            _ => Truth::Unknown,
        },
        Kind::Call {
            function,
            arguments,
        } if function == "known" => match arguments.as_slice() {
            [
                Expression {
                    kind: Kind::Name(name),
                    ..
                },
            ] => scope.value(name).is_some().into(),
            _ => Truth::Unknown,
        },
        _ => match value(expression, scope) {
            Some(Value::Bool(boolean)) => boolean.into(),
            _ => Truth::Unknown,
        },
    }
}

/// The value of `expression`, `None` while it is unknown or does not fit.
fn value(expression: &Expression, scope: &dyn Scope) -> Option<Value> {
    match &expression.kind {
        Kind::Bool(boolean) => Some(Value::Bool(*boolean)),
        Kind::Number(number) => Some(Value::Number(*number)),
        Kind::Text(text) => Some(Value::Text(text.clone())),
        Kind::Name(name) => scope.value(name),
        Kind::Call {
            function,
            arguments,
        } if function != "known" => call(function, arguments, scope),
        _ => match truth(expression, scope) {
            Truth::True => Some(Value::Bool(true)),
            Truth::False => Some(Value::Bool(false)),
            Truth::Unknown => None,
        },
    }
}

fn call(function: &str, arguments: &[Expression], scope: &dyn Scope) -> Option<Value> {
    let mut values = Vec::with_capacity(arguments.len());
    for argument in arguments {
        values.push(value(argument, scope)?);
    }
    match (function, values.as_slice()) {
        ("month_end", [date, count]) => {
            Some(Value::Bool(calendar::in_last_business_days_of_month(
                scope.calendar(),
                date_from(date)?,
                count_from_value(count)?,
            )))
        }
        ("business_window", [start, hours]) => Some(Value::Bool(calendar::business_window(
            scope.calendar(),
            datetime_from(start)?,
            count_from_value(hours)?,
        ))),
        ("day_of_month", [date]) => Some(Value::Number(f64::from(date_from(date)?.day()))),
        ("weekday", [date]) => Some(Value::Number(f64::from(
            date_from(date)?.weekday().number_from_monday(),
        ))),
        ("same_vat" | "same_name", [Value::Text(left), Value::Text(right)]) => {
            let kind = FiscalKind::from_function(function)?;
            Some(Value::Bool(fiscal::same(kind, left, right)))
        }
        _ => None,
    }
}

/// Reads text as a date-time, else as a date.
pub(super) fn temporal_from_text(text: &str) -> Option<Value> {
    let text = text.trim();
    parse_datetime(text).map(Value::DateTime).or_else(|| {
        NaiveDate::parse_from_str(text, DATE_FORMAT)
            .ok()
            .map(Value::Date)
    })
}

fn date_from(value: &Value) -> Option<NaiveDate> {
    match value {
        Value::Date(date) => Some(*date),
        Value::DateTime(datetime) => Some(datetime.date()),
        Value::Text(text) => match temporal_from_text(text)? {
            Value::Date(date) => Some(date),
            Value::DateTime(datetime) => Some(datetime.date()),
            _ => None,
        },
        Value::Bool(_) | Value::Number(_) => None,
    }
}

fn datetime_from(value: &Value) -> Option<NaiveDateTime> {
    match value {
        Value::DateTime(datetime) => Some(*datetime),
        Value::Text(text) => parse_datetime(text.trim()),
        _ => None,
    }
}

fn count_from(number: f64) -> Option<u32> {
    let fits = number.is_finite()
        && number >= 0.0
        && number.fract() == 0.0
        && number <= f64::from(u32::MAX);
    // The checks above make the conversion exact.
    fits.then_some(number as u32)
}

fn count_from_value(value: &Value) -> Option<u32> {
    match value {
        Value::Number(number) => count_from(*number),
        _ => None,
    }
}

/// Text compares by its trimmed lower-case form: facts are typed by hand.
fn normalized(text: &str) -> String {
    text.trim().to_lowercase()
}

/// `None` when the values cannot be compared this way.
fn compare(operator: Comparison, left: Value, right: Value) -> Option<bool> {
    let (left, right) = match (left, right) {
        (Value::Text(text), other) if matches!(other, Value::Date(_) | Value::DateTime(_)) => {
            (temporal_from_text(&text)?, other)
        }
        (other, Value::Text(text)) if matches!(other, Value::Date(_) | Value::DateTime(_)) => {
            (other, temporal_from_text(&text)?)
        }
        pair => pair,
    };
    let ordering = match (&left, &right) {
        (Value::Number(left), Value::Number(right)) => left.partial_cmp(right)?,
        (Value::Text(left), Value::Text(right)) => normalized(left).cmp(&normalized(right)),
        (Value::Bool(left), Value::Bool(right)) if !operator.is_ordering() => left.cmp(right),
        (Value::Date(left), Value::Date(right)) => left.cmp(right),
        (Value::DateTime(left), Value::DateTime(right)) => left.cmp(right),
        // A date-time against a date compares by day, so `start == today` reads naturally.
        (Value::DateTime(left), Value::Date(right)) => left.date().cmp(right),
        (Value::Date(left), Value::DateTime(right)) => left.cmp(&right.date()),
        _ => return None,
    };
    Some(match operator {
        Comparison::Equal => ordering == Ordering::Equal,
        Comparison::NotEqual => ordering != Ordering::Equal,
        Comparison::Less => ordering == Ordering::Less,
        Comparison::LessOrEqual => ordering != Ordering::Greater,
        Comparison::Greater => ordering == Ordering::Greater,
        Comparison::GreaterOrEqual => ordering != Ordering::Less,
    })
}

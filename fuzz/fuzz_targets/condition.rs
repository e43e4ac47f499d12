//! The condition parser on arbitrary text: parsing, type checking and
//! evaluating must never panic, and negation must be exact.
#![no_main]

use std::collections::HashMap;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use migdesk::expr::{Condition, Value, ValueType, built_in_type};

/// A type for any name, from its first byte, so most names are known.
fn any_type(name: &str) -> Option<ValueType> {
    built_in_type(name).or(match name.bytes().next()? % 6 {
        0 => Some(ValueType::Bool),
        1 => Some(ValueType::Number),
        2 => Some(ValueType::Text),
        3 => Some(ValueType::Date),
        4 => Some(ValueType::DateTime),
        _ => None,
    })
}

fn value_of(value_type: ValueType) -> Option<Value> {
    let date = NaiveDate::from_ymd_opt(2026, 1, 30)?;
    Some(match value_type {
        ValueType::Bool => Value::Bool(true),
        ValueType::Number => Value::Number(3.5),
        ValueType::Text => Value::Text("SaaS".to_string()),
        ValueType::Date => Value::Date(date),
        ValueType::DateTime => Value::DateTime(date.and_hms_opt(10, 30, 0)?),
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(condition) = Condition::parse(source) else {
        return;
    };
    let checked = condition.check(&any_type);
    let unknown = HashMap::<String, Value>::new();
    let known: HashMap<String, Value> = condition
        .names()
        .into_iter()
        .filter_map(|name| Some((name.to_string(), value_of(any_type(name)?)?)))
        .collect();
    let with_nothing = condition.evaluate(&unknown);
    let with_all = condition.evaluate(&known);
    if checked.is_ok()
        && let Ok(negated) = Condition::parse(&format!("not ({source})"))
    {
        assert_eq!(negated.evaluate(&unknown), with_nothing.not());
        assert_eq!(negated.evaluate(&known), with_all.not());
    }
});

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;

use super::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn datetime(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

fn scope(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
    pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.clone()))
        .collect()
}

fn evaluate_in(source: &str, pairs: &[(&str, Value)]) -> Truth {
    Condition::parse(source).unwrap().evaluate(&scope(pairs))
}

fn evaluate(source: &str) -> Truth {
    evaluate_in(source, &[])
}

fn fact_type(name: &str) -> Option<ValueType> {
    match name {
        "has_debts" | "has_epdoc" => Some(ValueType::Bool),
        "amount" | "seats" => Some(ValueType::Number),
        "name" | "other_name" => Some(ValueType::Text),
        "target_date" => Some(ValueType::Date),
        "downtime_start" => Some(ValueType::DateTime),
        _ => built_in_type(name),
    }
}

fn check(source: &str) -> Result<(), ExprError> {
    Condition::parse(source).unwrap().check(&fact_type)
}

fn check_error(source: &str) -> (usize, String) {
    let error = check(source).unwrap_err();
    (error.column, error.message)
}

fn parse_error(source: &str) -> (usize, String) {
    let error = Condition::parse(source).unwrap_err();
    (error.column, error.message)
}

use Truth::{False, True, Unknown};

// --- Truth -----------------------------------------------------------------

#[test]
fn kleene_and_table() {
    let table = [
        (True, True, True),
        (True, False, False),
        (True, Unknown, Unknown),
        (False, True, False),
        (False, False, False),
        (False, Unknown, False),
        (Unknown, True, Unknown),
        (Unknown, False, False),
        (Unknown, Unknown, Unknown),
    ];
    for (left, right, expected) in table {
        assert_eq!(left.and(right), expected, "{left:?} and {right:?}");
    }
}

#[test]
fn kleene_or_table() {
    let table = [
        (True, True, True),
        (True, False, True),
        (True, Unknown, True),
        (False, True, True),
        (False, False, False),
        (False, Unknown, Unknown),
        (Unknown, True, True),
        (Unknown, False, Unknown),
        (Unknown, Unknown, Unknown),
    ];
    for (left, right, expected) in table {
        assert_eq!(left.or(right), expected, "{left:?} or {right:?}");
    }
}

#[test]
fn kleene_not_table() {
    assert_eq!(True.not(), False);
    assert_eq!(False.not(), True);
    assert_eq!(Unknown.not(), Unknown);
    assert_eq!(!True, False);
}

#[test]
fn truth_from_booleans_and_options() {
    assert_eq!(Truth::from(true), True);
    assert_eq!(Truth::from(false), False);
    assert_eq!(Truth::from(None::<bool>), Unknown);
    assert_eq!(Truth::from(Some(false)), False);
    assert!(True.is_true());
    assert!(!Unknown.is_true());
}

#[test]
fn logic_on_facts_follows_kleene_with_unknown_facts() {
    let values = [("t", Some(true)), ("f", Some(false)), ("u", None::<bool>)];
    for (left_name, left) in values {
        for (right_name, right) in values {
            let mut pairs = Vec::new();
            for (name, value) in [("a", left), ("b", right)] {
                if let Some(value) = value {
                    pairs.push((name, Value::Bool(value)));
                }
            }
            let (left, right) = (Truth::from(left), Truth::from(right));
            let context = format!("a={left_name} b={right_name}");
            assert_eq!(evaluate_in("a and b", &pairs), left.and(right), "{context}");
            assert_eq!(evaluate_in("a or b", &pairs), left.or(right), "{context}");
            assert_eq!(evaluate_in("not a", &pairs), left.not(), "{context}");
        }
    }
}

// --- Evaluation --------------------------------------------------------------

#[test]
fn literals_and_bool_facts() {
    assert_eq!(evaluate("true"), True);
    assert_eq!(evaluate("false"), False);
    assert_eq!(
        evaluate_in("has_debts", &[("has_debts", Value::Bool(true))]),
        True
    );
    assert_eq!(
        evaluate_in("has_debts", &[("has_debts", Value::Bool(false))]),
        False
    );
    assert_eq!(evaluate("has_debts"), Unknown);
}

#[test]
fn long_and_or_chains() {
    assert_eq!(evaluate("true and true and true and false"), False);
    assert_eq!(evaluate("false or false or true"), True);
    assert_eq!(evaluate("false or unknown_fact or false"), Unknown);
    assert_eq!(evaluate("unknown_fact and false"), False);
    assert_eq!(evaluate("unknown_fact or true"), True);
}

#[test]
fn not_binds_tighter_than_and_which_binds_tighter_than_or() {
    assert_eq!(evaluate("not false and false"), False); // (not false) and false
    assert_eq!(evaluate("not (false and false)"), True);
    assert_eq!(evaluate("true or true and false"), True); // true or (true and false)
    assert_eq!(evaluate("(true or true) and false"), False);
    assert_eq!(evaluate("false and true or true"), True); // (false and true) or true
    assert_eq!(evaluate("not not true"), True);
}

#[test]
fn not_applies_to_a_whole_comparison() {
    assert_eq!(evaluate("not 1 == 2"), True);
    assert_eq!(evaluate("not 1 < 2 and true"), False);
}

#[test]
fn number_comparisons_are_numeric() {
    let cases = [
        ("1 == 1", True),
        ("1 == 1.0", True),
        ("1 != 2", True),
        ("1 != 1", False),
        ("9 < 10", True),
        ("10 < 9", False),
        ("2 <= 2", True),
        ("3 <= 2", False),
        ("10 > 9", True),
        ("2.5 > 2.25", True),
        ("2 >= 2", True),
        ("1 >= 2", False),
    ];
    for (source, expected) in cases {
        assert_eq!(evaluate(source), expected, "{source}");
    }
    assert_eq!(
        evaluate_in("amount >= 100", &[("amount", Value::Number(150.0))]),
        True
    );
}

#[test]
fn text_equality_ignores_case_and_surrounding_spaces() {
    let names = [
        ("new_company_name", Value::Text("ACME SARL ".into())),
        ("pro_company_name", Value::Text("acme sarl".into())),
    ];
    assert_eq!(
        evaluate_in("new_company_name == pro_company_name", &names),
        True
    );
    assert_eq!(
        evaluate_in("new_company_name != pro_company_name", &names),
        False
    );
    assert_eq!(
        evaluate_in("new_company_name == '  Acme Sarl'", &names),
        True
    );
    assert_eq!(evaluate_in("new_company_name == \"ACME\"", &names), False);
    assert_eq!(evaluate("'Saas' == \"SaaS\""), True);
    assert_eq!(evaluate("'É' == 'é'"), True);
}

#[test]
fn text_keeps_inner_spaces_and_orders_case_insensitively() {
    assert_eq!(evaluate("'acme  sarl' == 'acme sarl'"), False);
    assert_eq!(evaluate("'apple' < 'Banana'"), True);
    assert_eq!(evaluate("'B' >= 'b'"), True);
}

#[test]
fn bool_equality() {
    assert_eq!(evaluate("true == true"), True);
    assert_eq!(evaluate("true != false"), True);
    assert_eq!(
        evaluate_in("has_debts == false", &[("has_debts", Value::Bool(false))]),
        True
    );
}

#[test]
fn a_text_literal_compared_with_a_date_is_read_as_a_date() {
    let facts = [("target_date", Value::Date(date("2022-10-15")))];
    assert_eq!(evaluate_in("target_date < '2022-11-01'", &facts), True);
    assert_eq!(evaluate_in("'2022-11-01' > target_date", &facts), True);
    assert_eq!(evaluate_in("target_date == ' 2022-10-15 '", &facts), True);
    assert_eq!(evaluate_in("target_date >= \"2022-10-16\"", &facts), False);
    assert_eq!(evaluate_in("target_date == 'soon'", &facts), Unknown);
}

#[test]
fn a_text_literal_compared_with_a_datetime_is_read_as_a_datetime() {
    let facts = [(
        "downtime_start",
        Value::DateTime(datetime("2024-06-03 13:00")),
    )];
    assert_eq!(
        evaluate_in("downtime_start == '2024-06-03 13:00'", &facts),
        True
    );
    assert_eq!(
        evaluate_in("downtime_start < '2024-06-03 13:01'", &facts),
        True
    );
    assert_eq!(
        evaluate_in("downtime_start > '2024-06-03T12:59'", &facts),
        True
    );
    // A date-only literal compares by day.
    assert_eq!(evaluate_in("downtime_start == '2024-06-03'", &facts), True);
}

#[test]
fn a_datetime_compared_with_a_date_compares_by_day() {
    let facts = [
        (
            "downtime_start",
            Value::DateTime(datetime("2024-06-03 13:00")),
        ),
        ("today", Value::Date(date("2024-06-03"))),
        ("due", Value::Date(date("2024-06-05"))),
    ];
    assert_eq!(evaluate_in("downtime_start == today", &facts), True);
    assert_eq!(evaluate_in("downtime_start < due", &facts), True);
    assert_eq!(evaluate_in("today <= downtime_start", &facts), True);
}

#[test]
fn comparisons_with_an_unknown_side_are_unknown() {
    for source in [
        "amount == 1",
        "amount != 1",
        "amount < 1",
        "1 >= amount",
        "name == 'x'",
        "target_date < '2022-01-01'",
        "amount == amount",
    ] {
        assert_eq!(evaluate(source), Unknown, "{source}");
    }
}

#[test]
fn type_mismatches_at_run_time_are_unknown() {
    let facts = [
        ("amount", Value::Text("lots".into())),
        ("has_debts", Value::Number(1.0)),
        ("due", Value::Bool(true)),
    ];
    for source in [
        "amount > 3",
        "has_debts",
        "not has_debts",
        "has_debts and true",
        "month_end(due, 3)",
        "weekday(due) == 1",
        "true < false",
        "1 == 'one'",
        "known(1)",
        "known()",
        "no_such_function(1)",
        "month_end(due)",
        "1",
        "'text'",
        "day_of_month('2024-01-01')",
    ] {
        assert_eq!(evaluate_in(source, &facts), Unknown, "{source}");
    }
}

#[test]
fn known_is_never_unknown() {
    let facts = [("has_debts", Value::Bool(false))];
    assert_eq!(evaluate_in("known(has_debts)", &facts), True);
    assert_eq!(evaluate_in("known(amount)", &facts), False);
    assert_eq!(evaluate_in("not known(amount)", &facts), True);
    assert_eq!(evaluate_in("known(amount) or amount > 3", &facts), Unknown);
    assert_eq!(evaluate_in("known(amount) and amount > 3", &facts), False);
}

#[test]
fn month_end_uses_business_days() {
    // June 2024 ends on a Sunday: its last three business days are 26, 27, 28.
    let on = |day: &str| [("due", Value::Date(date(day)))];
    assert_eq!(evaluate_in("month_end(due, 3)", &on("2024-06-26")), True);
    assert_eq!(evaluate_in("month_end(due, 3)", &on("2024-06-25")), False);
    assert_eq!(evaluate_in("month_end(due, 3)", &on("2024-06-29")), False);
    assert_eq!(evaluate_in("month_end(due, 1)", &on("2024-06-28")), True);
    assert_eq!(evaluate("month_end('2024-06-28', 1)"), True);
    assert_eq!(evaluate("month_end(due, 3)"), Unknown);
    assert_eq!(evaluate_in("month_end(due, n)", &on("2024-06-28")), Unknown);
    assert_eq!(
        evaluate_in("month_end(due, 2.5)", &on("2024-06-28")),
        Unknown
    );
}

#[test]
fn month_end_of_a_datetime_uses_its_date() {
    let facts = [(
        "downtime_start",
        Value::DateTime(datetime("2024-06-28 10:00")),
    )];
    assert_eq!(evaluate_in("month_end(downtime_start, 1)", &facts), True);
}

#[test]
fn business_window_needs_the_whole_window_in_business_hours() {
    let at = |text: &str| [("downtime_start", Value::DateTime(datetime(text)))];
    let condition = "business_window(downtime_start, 4)";
    assert_eq!(evaluate_in(condition, &at("2024-06-03 13:00")), True);
    assert_eq!(evaluate_in(condition, &at("2024-06-03 13:01")), False);
    assert_eq!(evaluate_in(condition, &at("2024-06-08 10:00")), False); // Saturday
    assert_eq!(evaluate(condition), Unknown);
    assert_eq!(evaluate("business_window('2024-06-03 09:00', 8)"), True);
    // A date has no time of day, so the window cannot be decided.
    assert_eq!(
        evaluate_in(
            condition,
            &[("downtime_start", Value::Date(date("2024-06-03")))]
        ),
        Unknown
    );
}

#[test]
fn day_of_month_and_weekday() {
    let facts = [("due", Value::Date(date("2024-06-09")))]; // a Sunday
    assert_eq!(evaluate_in("day_of_month(due) == 9", &facts), True);
    assert_eq!(evaluate_in("weekday(due) == 7", &facts), True);
    assert_eq!(evaluate_in("weekday(due) >= 6", &facts), True);
    assert_eq!(evaluate("weekday('2024-06-03') == 1"), True);
    assert_eq!(evaluate("weekday('2024-06-03 18:30') == 1"), True);
    assert_eq!(evaluate("weekday(due) == 1"), Unknown);
    assert_eq!(evaluate("day_of_month(due) > 0"), Unknown);
}

#[test]
fn functions_nest() {
    assert_eq!(
        evaluate("weekday('2024-06-03') < day_of_month('2024-06-03')"),
        True
    );
}

// --- Parse errors --------------------------------------------------------------

#[test]
fn parse_keeps_the_source() {
    let condition = Condition::parse(" has_debts ").unwrap();
    assert_eq!(condition.source(), " has_debts ");
}

#[test]
fn empty_conditions_are_refused() {
    assert_eq!(parse_error("").0, 1);
    assert_eq!(parse_error("   ").0, 1);
    assert!(parse_error("").1.contains("empty"));
}

#[test]
fn single_equals_and_bang_are_refused_with_a_hint() {
    assert_eq!(
        parse_error("amount = 3"),
        (8, "`=` is not an operator: compare with `==`".into())
    );
    assert_eq!(parse_error("!has_debts").0, 1);
    assert!(parse_error("!has_debts").1.contains("`not`"));
}

#[test]
fn unterminated_text_points_at_its_opening_quote() {
    assert_eq!(parse_error("name == 'acme").0, 9);
    assert_eq!(parse_error("name == \"acme'").0, 9);
    assert!(parse_error("name == 'acme").1.contains("not closed"));
}

#[test]
fn unexpected_characters_are_refused_at_their_column() {
    assert_eq!(
        parse_error("Has_debts"),
        (1, "unexpected `H`: names are lower case".into())
    );
    assert_eq!(parse_error("amount + 1").0, 8);
    assert_eq!(parse_error("amount == 1.").0, 12);
    assert_eq!(parse_error("a and é").0, 7);
    assert_eq!(parse_error("a\u{1b}").1, "unexpected character `\\u{1b}`");
}

#[test]
fn missing_values_and_parentheses_are_reported() {
    assert_eq!(
        parse_error("has_debts and"),
        (14, "expected a value, found the end".into())
    );
    assert_eq!(parse_error("(has_debts").0, 11);
    assert!(parse_error("(has_debts").1.contains("column 1"));
    assert_eq!(parse_error("has_debts)").0, 10);
    assert_eq!(parse_error("has_debts has_epdoc").0, 11);
    assert_eq!(
        parse_error("amount == "),
        (11, "expected a value, found the end".into())
    );
    assert_eq!(
        parse_error("== 1"),
        (1, "expected a value, found `==`".into())
    );
    assert_eq!(parse_error("month_end(due 3)").0, 15);
    assert_eq!(parse_error("month_end(due,").0, 15);
    assert_eq!(parse_error("()").0, 2);
}

#[test]
fn chained_comparisons_are_refused() {
    let (column, message) = parse_error("1 < amount < 3");
    assert_eq!(column, 12);
    assert!(message.contains("chained"));
}

#[test]
fn nesting_is_capped() {
    let deep_enough = format!("{}true{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
    assert_eq!(
        Condition::parse(&deep_enough)
            .unwrap()
            .evaluate(&scope(&[])),
        True
    );

    let too_deep = format!(
        "{}true{}",
        "(".repeat(MAX_NESTING + 1),
        ")".repeat(MAX_NESTING + 1)
    );
    let (column, message) = parse_error(&too_deep);
    assert_eq!(column, MAX_NESTING + 1);
    assert!(message.contains("nested"));

    let too_many_nots = "not ".repeat(MAX_NESTING + 1) + "true";
    assert_eq!(parse_error(&too_many_nots).0, MAX_NESTING * 4 + 1);

    let nested_calls = "weekday(".repeat(MAX_NESTING + 1) + &")".repeat(MAX_NESTING + 1);
    assert!(parse_error(&nested_calls).1.contains("nested"));
}

#[test]
fn enormous_inputs_are_refused_without_overflowing_the_stack() {
    let parentheses = "(".repeat(100_000);
    assert_eq!(parse_error(&parentheses).0, MAX_SOURCE_CHARS + 1);

    let just_under = "(".repeat(MAX_SOURCE_CHARS);
    assert_eq!(parse_error(&just_under).0, MAX_NESTING + 1);

    let long_chain = vec!["true"; 400].join(" and ");
    assert!(long_chain.chars().count() <= MAX_SOURCE_CHARS);
    assert_eq!(evaluate(&long_chain), True);
}

#[test]
fn the_length_cap_counts_characters_not_bytes() {
    let accented = format!("'{}' == 'x'", "é".repeat(MAX_SOURCE_CHARS - 9));
    assert_eq!(accented.chars().count(), MAX_SOURCE_CHARS);
    assert!(Condition::parse(&accented).is_ok());
    let longer = format!("'{}' == 'x'", "é".repeat(MAX_SOURCE_CHARS - 8));
    assert!(Condition::parse(&longer).is_err());
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_eq!(parse_error("'été' = 1").0, 7);
}

#[test]
fn error_display_includes_the_column() {
    let error = Condition::parse("a = b").unwrap_err();
    assert_eq!(
        error.to_string(),
        "column 3: `=` is not an operator: compare with `==`"
    );
}

// --- names -------------------------------------------------------------------

#[test]
fn names_are_listed_once_in_order_of_first_appearance() {
    let condition = Condition::parse(
        "has_debts and (amount > 3 or not has_debts) and known(name) and month_end(due, 3) \
         and weekday(today) == day_of_month(created) and amount < 10",
    )
    .unwrap();
    assert_eq!(
        condition.names(),
        ["has_debts", "amount", "name", "due", "today", "created"]
    );
}

#[test]
fn names_leave_out_keywords_literals_and_function_names() {
    let condition =
        Condition::parse("true or 'text' == \"has_debts\" or weekday('2024-01-01') == 1").unwrap();
    assert!(condition.names().is_empty());
}

// --- check -------------------------------------------------------------------

#[test]
fn check_accepts_well_typed_conditions() {
    for source in [
        "has_debts",
        "not has_debts and has_epdoc or false",
        "known(amount) and amount >= 3",
        "name == other_name",
        "name < 'm'",
        "target_date < '2022-11-01'",
        "'2022-11-01' > target_date",
        "target_date < today",
        "downtime_start >= '2024-06-03 09:00'",
        "downtime_start == today",
        "month_end(due, 3)",
        "month_end(downtime_start, 3)",
        "month_end('2024-06-28', 1)",
        "business_window(downtime_start, 4)",
        "business_window('2024-06-03 09:00', 4)",
        "day_of_month(due) <= 5 and weekday(created) != 1",
        "has_debts == true",
        "(amount > 3) == has_debts",
        "amount > seats",
    ] {
        assert_eq!(check(source), Ok(()), "{source}");
    }
}

#[test]
fn check_reports_unknown_facts() {
    assert_eq!(
        check_error("has_debts and foo"),
        (15, "unknown fact `foo`".into())
    );
    assert_eq!(check_error("known(foo)"), (7, "unknown fact `foo`".into()));
    assert_eq!(
        check_error("amount > bar"),
        (10, "unknown fact `bar`".into())
    );
}

#[test]
fn check_reports_unknown_functions_and_wrong_arity() {
    assert_eq!(
        check_error("monthend(due, 3)"),
        (1, "unknown function `monthend`".into())
    );
    assert_eq!(
        check_error("has_debts or has_debts(1)"),
        (14, "unknown function `has_debts`".into())
    );
    assert_eq!(
        check_error("month_end(due)"),
        (
            1,
            "`month_end` takes 2 arguments (a date, a whole number), found 1".into()
        )
    );
    assert_eq!(
        check_error("weekday(due, 1) == 1"),
        (1, "`weekday` takes 1 argument (a date), found 2".into())
    );
    assert_eq!(
        check_error("known()"),
        (1, "`known` takes 1 argument, found 0".into())
    );
    assert_eq!(check_error("known(amount, name)").0, 1);
}

#[test]
fn check_requires_a_bare_name_in_known() {
    assert_eq!(
        check_error("known('amount')"),
        (
            7,
            "`known` takes a fact name, as in known(has_debts)".into()
        )
    );
    // Parentheses around the name are harmless.
    assert_eq!(check("known((amount))"), Ok(()));
    assert_eq!(check_error("known(amount > 3)").0, 14);
}

#[test]
fn check_reports_comparisons_of_different_types() {
    assert_eq!(
        check_error("amount == due"),
        (8, "cannot compare a number with a date".into())
    );
    assert_eq!(
        check_error("name < 3"),
        (6, "cannot compare a text with a number".into())
    );
    assert_eq!(
        check_error("has_debts == 'yes'"),
        (11, "cannot compare a yes/no with a text".into())
    );
    assert_eq!(check_error("amount == '3'").0, 8);
    assert_eq!(check_error("name == target_date").0, 6);
}

#[test]
fn check_refuses_ordering_yes_no_values() {
    assert_eq!(
        check_error("has_debts < true"),
        (
            11,
            "yes/no values are compared with `==` or `!=`, not `<`".into()
        )
    );
    assert_eq!(check_error("true >= false").0, 6);
}

#[test]
fn check_refuses_a_text_literal_that_is_not_a_date() {
    assert_eq!(
        check_error("target_date < 'next week'"),
        (
            15,
            "'next week' is not a date (YYYY-MM-DD) or a date-time (YYYY-MM-DD HH:MM)".into()
        )
    );
    assert_eq!(check_error("'2022-13-01' == due").0, 1);
}

#[test]
fn check_refuses_logic_on_values_that_are_not_yes_no() {
    assert_eq!(
        check_error("not name"),
        (1, "`not` needs a yes/no, found a text".into())
    );
    assert_eq!(
        check_error("has_debts and amount"),
        (15, "`and` needs yes/no values, found a number".into())
    );
    assert_eq!(
        check_error("due or has_debts"),
        (1, "`or` needs yes/no values, found a date".into())
    );
}

#[test]
fn check_requires_a_yes_no_top_level() {
    assert_eq!(
        check_error("amount"),
        (1, "a condition must be yes/no, this is a number".into())
    );
    assert_eq!(check_error("  'text'").0, 3);
    assert_eq!(
        check_error("weekday(due)"),
        (1, "a condition must be yes/no, this is a number".into())
    );
    assert_eq!(check_error("(due)").0, 2);
}

#[test]
fn check_reports_argument_types() {
    assert_eq!(
        check_error("month_end(amount, 3)"),
        (
            11,
            "argument 1 of `month_end` must be a date, found a number".into()
        )
    );
    assert_eq!(
        check_error("month_end(due, 2.5)"),
        (
            16,
            "argument 2 of `month_end` must be a whole number, found 2.5".into()
        )
    );
    assert_eq!(check_error("month_end(due, name)").0, 16);
    assert_eq!(
        check_error("business_window(due, 4)"),
        (
            17,
            "argument 1 of `business_window` must be a date-time, found a date".into()
        )
    );
    assert_eq!(
        check_error("business_window('2024-06-03', 4)"),
        (
            17,
            "argument 1 of `business_window` must be a date-time, found '2024-06-03'".into()
        )
    );
    assert_eq!(check_error("weekday('monday') == 1").0, 9);
}

#[test]
fn check_reports_the_first_error_in_source_order() {
    assert_eq!(check_error("foo and bar").1, "unknown fact `foo`");
}

#[test]
fn built_in_names_are_dates() {
    for name in BUILT_IN_NAMES {
        assert_eq!(built_in_type(name), Some(ValueType::Date));
    }
    assert_eq!(built_in_type("has_debts"), None);
}

// --- Display -------------------------------------------------------------------

#[test]
fn values_display_the_way_facts_are_written() {
    assert_eq!(Value::Bool(true).to_string(), "yes");
    assert_eq!(Value::Bool(false).to_string(), "no");
    assert_eq!(Value::Number(42.0).to_string(), "42");
    assert_eq!(Value::Number(3.5).to_string(), "3.5");
    assert_eq!(Value::Text("Acme".into()).to_string(), "Acme");
    assert_eq!(Value::Date(date("2024-06-03")).to_string(), "2024-06-03");
    assert_eq!(
        Value::DateTime(datetime("2024-06-03 13:05")).to_string(),
        "2024-06-03 13:05"
    );
    let with_seconds =
        NaiveDateTime::parse_from_str("2024-06-03 13:05:09", "%Y-%m-%d %H:%M:%S").unwrap();
    assert_eq!(
        Value::DateTime(with_seconds).to_string(),
        "2024-06-03 13:05:09"
    );
    assert_eq!(ValueType::DateTime.to_string(), "date-time");
}

// --- Properties ------------------------------------------------------------------

fn number_atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("amount".to_string()),
        Just("seats".to_string()),
        (0u32..1000).prop_map(|number| number.to_string()),
        (0u32..100, 0u32..100).prop_map(|(whole, fraction)| format!("{whole}.{fraction}")),
        Just("day_of_month(today)".to_string()),
        Just("weekday(target_date)".to_string()),
        Just("weekday(downtime_start)".to_string()),
    ]
}

fn operator() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("=="),
        Just("!="),
        Just("<"),
        Just("<="),
        Just(">"),
        Just(">="),
    ]
}

fn bool_leaf() -> impl Strategy<Value = String> {
    let text = prop_oneof![
        Just("name".to_string()),
        Just("other_name".to_string()),
        "[ a-zA-Z]{0,8}".prop_map(|text| format!("'{text}'")),
    ];
    let date = prop_oneof![
        Just("target_date".to_string()),
        Just("due".to_string()),
        Just("today".to_string()),
        Just("downtime_start".to_string()),
        Just("'2024-06-03'".to_string()),
        Just("'2024-06-03 10:30'".to_string()),
    ];
    prop_oneof![
        Just("has_debts".to_string()),
        Just("has_epdoc".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        Just("known(amount)".to_string()),
        Just("known(due)".to_string()),
        (number_atom(), operator(), number_atom()).prop_map(|(l, o, r)| format!("{l} {o} {r}")),
        (text.clone(), operator(), text).prop_map(|(l, o, r)| format!("{l} {o} {r}")),
        (operator(), date.clone()).prop_map(|(o, r)| format!("target_date {o} {r}")),
        (date, operator()).prop_map(|(l, o)| format!("{l} {o} downtime_start")),
        (0u32..30).prop_map(|n| format!("month_end(due, {n})")),
        (0u32..30).prop_map(|n| format!("business_window(downtime_start, {n})")),
    ]
}

fn bool_expression() -> impl Strategy<Value = String> {
    bool_leaf().prop_recursive(8, 128, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| format!("not ({e})")),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l}) and ({r})")),
            (inner.clone(), inner.clone()).prop_map(|(l, r)| format!("({l}) or ({r})")),
            (inner.clone(), prop_oneof![Just("=="), Just("!=")], inner)
                .prop_map(|(l, o, r)| format!("({l}) {o} ({r})")),
        ]
    })
}

fn any_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(Value::Number),
        (0u32..40).prop_map(|n| Value::Number(f64::from(n))),
        ".{0,12}".prop_map(Value::Text),
        Just(Value::Text("2024-06-28".into())),
        (1i32..4000, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())),
        (1i32..4000, 1u32..=12, 1u32..=28, 0u32..24, 0u32..60).prop_map(|(y, m, d, h, min)| {
            Value::DateTime(
                NaiveDate::from_ymd_opt(y, m, d)
                    .unwrap()
                    .and_hms_opt(h, min, 0)
                    .unwrap(),
            )
        }),
    ]
}

fn any_scope() -> impl Strategy<Value = HashMap<String, Value>> {
    let names = [
        "has_debts",
        "has_epdoc",
        "amount",
        "seats",
        "name",
        "other_name",
        "target_date",
        "downtime_start",
        "today",
        "created",
        "due",
    ];
    proptest::collection::vec(proptest::option::of(any_value()), names.len()).prop_map(
        move |values| {
            names
                .iter()
                .zip(values)
                .filter_map(|(name, value)| Some((name.to_string(), value?)))
                .collect()
        },
    )
}

/// Strings made of the language's own pieces, which get much further into
/// the parser than arbitrary text does.
fn near_miss_syntax() -> impl Strategy<Value = String> {
    let fragments: &'static [&str] = &[
        "not ",
        " and ",
        " or ",
        "(",
        ")",
        "known(",
        "month_end(",
        "weekday(",
        "a",
        "b",
        "due",
        "1",
        "2.5",
        "'x'",
        "\"2024-06-03\"",
        "'",
        " == ",
        " < ",
        " >= ",
        ",",
        "=",
        "!",
        " ",
    ];
    prop_oneof![
        "[a-z_() '\"=<>!,.0-9]{0,300}",
        proptest::collection::vec(proptest::sample::select(fragments), 0..400)
            .prop_map(|pieces| pieces.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsing_any_string_never_panics(source in any::<String>()) {
        let _ = Condition::parse(&source);
    }

    #[test]
    fn parsing_near_miss_syntax_never_panics(source in near_miss_syntax()) {
        if let Ok(condition) = Condition::parse(&source) {
            let _ = condition.check(&fact_type);
            let _ = condition.names();
            let _ = condition.evaluate(&scope(&[("a", Value::Bool(true))]));
        }
    }

    #[test]
    fn generated_conditions_check_and_evaluate_without_panicking(
        source in bool_expression(),
        facts in any_scope(),
    ) {
        let condition = Condition::parse(&source).unwrap();
        prop_assert_eq!(condition.check(&fact_type), Ok(()));
        let truth = condition.evaluate(&facts);
        let negated = Condition::parse(&format!("not ({source})")).unwrap().evaluate(&facts);
        prop_assert_eq!(negated, truth.not());
    }
}

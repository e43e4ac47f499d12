//! The catalogs cannot drift apart, French follows French typography, and
//! nothing Fluent adds reaches the terminal.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::*;

/// Each message (and attribute) id with the variables its text uses.
type Shape = BTreeMap<String, BTreeSet<String>>;

fn variables_of(pattern: &Pattern<&str>, found: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, found);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, found: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, found);
            for variant in variants {
                variables_of(&variant.value, found);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, found),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, found: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            found.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, found);
            }
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, found),
        InlineExpression::StringLiteral { .. }
        | InlineExpression::NumberLiteral { .. }
        | InlineExpression::MessageReference { .. }
        | InlineExpression::TermReference { .. } => {}
    }
}

fn parsed(language: Language) -> fluent_syntax::ast::Resource<String> {
    let source = catalog_source(language);
    assert!(
        !source.is_empty(),
        "the {} catalog is missing",
        tag(language)
    );
    fluent_syntax::parser::parse(source).unwrap_or_else(|(_, errors)| {
        panic!("the {} catalog does not parse: {errors:?}", tag(language))
    })
}

fn shape(language: Language) -> Shape {
    let source = catalog_source(language);
    let resource = fluent_syntax::parser::parse(source.as_str()).unwrap();
    let mut shape = Shape::new();
    for entry in &resource.body {
        if let Entry::Message(message) = entry {
            let mut found = BTreeSet::new();
            if let Some(value) = &message.value {
                variables_of(value, &mut found);
            }
            for attribute in &message.attributes {
                let mut attribute_found = BTreeSet::new();
                variables_of(&attribute.value, &mut attribute_found);
                let id = format!("{}.{}", message.id.name, attribute.id.name);
                shape.insert(id, attribute_found);
            }
            let id = message.id.name.to_string();
            assert!(
                shape.insert(id.clone(), found).is_none(),
                "{id} is twice in the {} catalog",
                tag(language)
            );
        }
    }
    shape
}

#[test]
fn both_catalogs_parse() {
    assert!(!parsed(Language::En).body.is_empty());
    assert!(!parsed(Language::Fr).body.is_empty());
}

#[test]
fn every_message_is_in_both_catalogs_with_the_same_variables() {
    let english = shape(Language::En);
    let french = shape(Language::Fr);
    let only_english: Vec<_> = english
        .keys()
        .filter(|id| !french.contains_key(*id))
        .collect();
    let only_french: Vec<_> = french
        .keys()
        .filter(|id| !english.contains_key(*id))
        .collect();
    assert!(
        only_english.is_empty(),
        "missing in French: {only_english:?}"
    );
    assert!(
        only_french.is_empty(),
        "missing in English: {only_french:?}"
    );
    let differ: Vec<_> = english
        .iter()
        .filter(|(id, variables)| french.get(*id) != Some(variables))
        .map(|(id, variables)| format!("{id}: en {variables:?}, fr {:?}", french.get(id)))
        .collect();
    assert!(differ.is_empty(), "{differ:#?}");
}

/// A pattern's text with each placeable as `X`; the variants of a
/// selection are checked on their own.
fn texts_of(pattern: &Pattern<&str>, texts: &mut Vec<String>) {
    let mut text = String::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => text.push_str(value),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::StringLiteral { value }),
            } => text.push_str(
                &value
                    .replace("\\u00A0", "\u{A0}")
                    .replace("\\u202F", "\u{202F}"),
            ),
            PatternElement::Placeable { expression } => {
                if let Expression::Select { variants, .. } = expression {
                    for variant in variants {
                        texts_of(&variant.value, texts);
                    }
                }
                text.push('X');
            }
        }
    }
    texts.push(text);
}

#[test]
fn the_french_catalog_follows_french_typography() {
    let source = catalog_source(Language::Fr);
    let resource = fluent_syntax::parser::parse(source.as_str()).unwrap();
    let mut wrong = Vec::new();
    for entry in &resource.body {
        if let Entry::Message(message) = entry {
            let mut texts = Vec::new();
            if let Some(value) = &message.value {
                texts_of(value, &mut texts);
            }
            for attribute in &message.attributes {
                texts_of(&attribute.value, &mut texts);
            }
            for text in texts {
                let expected = typography::french(&text);
                if expected != text {
                    wrong.push(format!(
                        "{}: {text:?} should be {expected:?}",
                        message.id.name
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn arguments_are_not_wrapped_in_isolation_marks() {
    for language in [Language::En, Language::Fr] {
        let text = crate::t_in!(
            language,
            "refused",
            rule = "needs",
            message = "m",
            remedy = "r"
        );
        assert!(text.contains("needs"), "{text}");
        assert!(
            !text.contains(['\u{2068}', '\u{2069}']),
            "{}: {text:?}",
            tag(language)
        );
    }
}

#[test]
fn french_counts_zero_and_one_as_singular() {
    let count = |language, count: usize| crate::t_in!(language, "steps-left", count = count);
    assert_eq!(count(Language::Fr, 0), "0 étape restante");
    assert_eq!(count(Language::Fr, 1), "1 étape restante");
    assert_eq!(count(Language::Fr, 2), "2 étapes restantes");
    assert_eq!(count(Language::En, 0), "0 steps left");
    assert_eq!(count(Language::En, 1), "1 step left");
}

#[test]
fn a_thread_speaks_the_language_it_was_given() {
    let french = with_language(Language::Fr, || crate::t!("fact-yes"));
    let english = with_language(Language::En, || crate::t!("fact-yes"));
    assert_eq!(french, "oui");
    assert_eq!(english, "yes");
}

#[test]
fn locales_choose_the_language() {
    use crate::config::{Source, language_from_locale};
    let from = |pairs: &[(&str, &str)]| {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        language_from_locale(|name| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        })
    };
    assert_eq!(from(&[("LANG", "fr_FR.UTF-8")]).value, Language::Fr);
    assert_eq!(from(&[("LANG", "fr_CH")]).value, Language::Fr);
    assert_eq!(from(&[("LANG", "fr")]).value, Language::Fr);
    assert_eq!(from(&[("LANG", "C")]).value, Language::En);
    assert_eq!(from(&[("LANG", "POSIX")]).value, Language::En);
    assert_eq!(from(&[("LANG", "de_DE.UTF-8")]).value, Language::En);
    // LC_ALL beats LC_MESSAGES, which beats LANG.
    assert_eq!(
        from(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")]).value,
        Language::En
    );
    assert_eq!(
        from(&[("LANG", "C"), ("LC_MESSAGES", "fr_BE.UTF-8")]).value,
        Language::Fr
    );
    let none = from(&[]);
    assert_eq!((none.value, none.source), (Language::En, Source::Default));
    assert_eq!(from(&[("LANG", "fr")]).source, Source::Locale);
}

/// Every message of both catalogs, whatever text or number its arguments
/// hold (without control or format characters of their own), gives text
/// with no control or format character: no isolation mark, no stray
/// invisible character from the catalogs.
mod no_invisible_characters {
    use std::collections::HashMap;

    use proptest::prelude::*;
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

    use super::*;

    /// Line breaks are the only control character a message may hold
    /// (a dialog's paragraphs); the terminal line printers escape them.
    fn invisible(text: &str) -> Option<char> {
        text.chars()
            .filter(|character| *character != '\n')
            .find(|character| {
                matches!(
                    character.general_category(),
                    GeneralCategory::Control | GeneralCategory::Format
                )
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn in_any_message_with_any_arguments(
            text in "[^\\p{Cc}\\p{Cf}]{0,16}",
            number in 0usize..2000,
        ) {
            let english = shape(Language::En);
            for language in [Language::En, Language::Fr] {
                let loader = loader_for(language);
                for (id, variables) in english.iter().filter(|(id, _)| !id.contains('.')) {
                    let texts: HashMap<&str, String> =
                        variables.iter().map(|name| (name.as_str(), text.clone())).collect();
                    let numbers: HashMap<&str, usize> =
                        variables.iter().map(|name| (name.as_str(), number)).collect();
                    for shown in [loader.get_args(id, texts.clone()), loader.get_args(id, numbers.clone())] {
                        prop_assert!(invisible(&shown).is_none(), "{} {id}: {shown:?}", tag(language));
                        prop_assert!(!shown.is_empty() || text.is_empty(), "{} {id} is empty", tag(language));
                    }
                }
            }
        }
    }
}

/// Help and the footer read each key's description through the catalog:
/// a binding added without its message would show English in French.
#[test]
fn every_shipped_key_has_its_description_in_both_catalogs() {
    use crate::tui::keymap::Keymap;
    use strum::IntoEnumIterator;
    let keymap = Keymap::default();
    let mut descriptions: BTreeSet<&str> = BTreeSet::new();
    for context in crate::app::Context::iter() {
        for bound in keymap.bindings(context) {
            descriptions.insert(bound.description);
        }
    }
    for language in [Language::En, Language::Fr] {
        let missing: Vec<String> = descriptions
            .iter()
            .map(|english| key_message_id(english))
            .filter(|id| !loader_for(language).has(id))
            .collect();
        assert!(missing.is_empty(), "{language:?} lacks {missing:?}");
    }
}

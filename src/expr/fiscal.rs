//! Fiscal identity compared as an agent means it: a VAT number by its
//! letters and digits, a company name after Unicode normalisation, case and
//! accent folding, one apostrophe, quote and dash form and collapsed spaces.
//! Only comparisons use these keys; the case keeps the text as typed.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Which kind of fiscal identity two values are compared as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FiscalKind {
    /// `same_vat(a, b)`: a VAT number.
    Vat,
    /// `same_name(a, b)`: a company name.
    Name,
}

impl FiscalKind {
    /// The condition-language function that compares this kind.
    pub fn function(self) -> &'static str {
        match self {
            FiscalKind::Vat => "same_vat",
            FiscalKind::Name => "same_name",
        }
    }

    pub fn from_function(function: &str) -> Option<FiscalKind> {
        match function {
            "same_vat" => Some(FiscalKind::Vat),
            "same_name" => Some(FiscalKind::Name),
            _ => None,
        }
    }

    /// What the agent reads: "VAT number", "company name".
    pub fn noun(self) -> &'static str {
        match self {
            FiscalKind::Vat => "VAT number",
            FiscalKind::Name => "company name",
        }
    }

    /// The form values of this kind are compared by.
    pub fn key(self, text: &str) -> String {
        match self {
            FiscalKind::Vat => vat_key(text),
            FiscalKind::Name => name_key(text),
        }
    }
}

/// A VAT number by its letters and digits, upper-case: `FR 40.303-265 045`
/// and `fr40303265045` are both `FR40303265045`.
pub fn vat_key(text: &str) -> String {
    // Upper-case first: an upper-case form can decompose (`ᾶ` is `Α` and a
    // combining mark), and what is kept must already be final.
    let compatible: String = text.nfkc().collect();
    let kept: String = compatible
        .to_uppercase()
        .nfkc()
        .filter(|c| c.is_alphanumeric())
        .collect();
    // Dropping a character can let its neighbours compose.
    kept.nfkc().collect()
}

/// One form for the apostrophes, quotes and dashes a PDF or a word
/// processor puts in place of the keyboard's.
fn typographic_fold(character: char) -> char {
    match character {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}'
        | '\u{00b4}' | '`' | '\u{ff07}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{00ab}' | '\u{00bb}'
        | '\u{2033}' | '\u{ff02}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => '-',
        other => other,
    }
}

/// A company name as compared: NFKC, accents dropped (canonical
/// decomposition without its combining marks), full case folding, one
/// apostrophe / quote / dash form, one space between words, no zero-width
/// characters. `Salon Élégance SARL`, `SALON ELEGANCE SARL` and the same
/// name with decomposed accents are all `salon elegance sarl`.
pub fn name_key(text: &str) -> String {
    let typographic: String = text.nfkc().map(typographic_fold).collect();
    // Folded before decomposing, so marks the folding adds go too (`İ`).
    let folded = caseless::default_case_fold_str(&typographic);
    let without_accents: String = folded
        .nfkd()
        .filter(|c| !is_combining_mark(*c) && !is_zero_width(*c))
        .nfc()
        .collect();
    without_accents
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_zero_width(character: char) -> bool {
    matches!(
        character,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}'
    )
}

/// Whether two values are the same fiscal identity of `kind`.
pub fn same(kind: FiscalKind, left: &str, right: &str) -> bool {
    kind.key(left) == kind.key(right)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn vat_numbers_compare_on_letters_and_digits() {
        assert!(same(FiscalKind::Vat, "FR 40 303 265 045", "FR40303265045"));
        assert!(same(FiscalKind::Vat, "fr40.303-265.045", "FR40303265045"));
        assert!(same(
            FiscalKind::Vat,
            "ＦＲ４０３０３２６５０４５",
            "FR40303265045"
        ));
        assert!(!same(FiscalKind::Vat, "FR40303265045", "FR40303265046"));
        assert!(!same(FiscalKind::Vat, "FR40303265045", "BE40303265045"));
    }

    #[test]
    fn company_names_compare_as_a_person_reads_them() {
        let name = "Salon Élégance SARL";
        // Decomposed accents, as pasted from a PDF.
        assert!(same(
            FiscalKind::Name,
            name,
            "Salon E\u{301}le\u{301}gance SARL"
        ));
        assert!(same(FiscalKind::Name, name, "SALON ELEGANCE SARL"));
        assert!(same(
            FiscalKind::Name,
            name,
            "  salon   élégance\u{a0}sarl "
        ));
        assert!(same(
            FiscalKind::Name,
            "L’Atelier d’Anna",
            "L'Atelier d'Anna"
        ));
        assert!(same(FiscalKind::Name, "Spa – Zen", "Spa - Zen"));
        assert!(same(FiscalKind::Name, "Straße GmbH", "STRASSE GMBH"));
        assert!(!same(FiscalKind::Name, name, "Salon Elegance SAS"));
        assert!(!same(FiscalKind::Name, "Institut 2", "Institut 3"));
    }

    fn name() -> impl Strategy<Value = String> {
        "[A-Za-zÀ-ÿ0-9’'\\- ]{1,24}"
    }

    proptest! {
        #[test]
        fn normalising_twice_changes_nothing(text in "\\PC{0,24}") {
            let once = name_key(&text);
            prop_assert_eq!(name_key(&once), once.clone());
            let vat = vat_key(&text);
            prop_assert_eq!(vat_key(&vat), vat);
        }

        #[test]
        fn names_differing_in_a_letter_or_digit_are_never_the_same(
            before in name(),
            after in name(),
            original in "[a-zA-Z0-9]",
            replacement in "[a-z0-9]",
        ) {
            // Only letters and digits that really differ, not by case.
            prop_assume!(!original.eq_ignore_ascii_case(&replacement));
            let text = format!("{before}{original}{after}");
            let changed = format!("{before}{replacement}{after}");
            prop_assert!(!same(FiscalKind::Name, &text, &changed), "{text} = {changed}");
            prop_assert!(!same(FiscalKind::Vat, &text, &changed), "{text} = {changed}");
        }
    }
}

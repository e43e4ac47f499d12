//! People as identities: one function turns every name migdesk is given
//! (`--as`, `MIGDESK_USER`, the login name, an assignee) into a canonical
//! identity, refusing names that carry control, format or bidi characters;
//! four eyes compares canonical forms and TR39 confusable skeletons. The
//! case keeps the name as given; only comparisons use the canonical form.

use std::fmt;

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// A person's name as given, with the form it is compared by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    given: String,
    canonical: String,
}

impl Identity {
    /// The name as the person typed it, surrounding spaces removed.
    pub fn given(&self) -> &str {
        &self.given
    }

    /// NFKC, case folded, inner spaces collapsed: what comparisons use.
    pub fn canonical(&self) -> &str {
        &self.canonical
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.given)
    }
}

/// Why a name cannot be an identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityError {
    /// Nothing is left once spaces are removed.
    Empty,
    /// A line break: a name is one line.
    Newline,
    /// A control character (a tab, an escape).
    Control(char),
    /// A character that changes the direction of the text around it.
    Bidi(char),
    /// An invisible or format character (a zero-width space, a joiner).
    Invisible(char),
}

impl fmt::Display for IdentityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdentityError::Empty => f.write_str("the name is empty"),
            IdentityError::Newline => f.write_str("a name cannot contain a line break"),
            IdentityError::Control(character) => write!(
                f,
                "a name cannot contain the control character U+{:04X}",
                u32::from(*character)
            ),
            IdentityError::Bidi(character) => write!(
                f,
                "a name cannot contain the text-direction character U+{:04X}",
                u32::from(*character)
            ),
            IdentityError::Invisible(character) => write!(
                f,
                "a name cannot contain the invisible character U+{:04X}",
                u32::from(*character)
            ),
        }
    }
}

impl std::error::Error for IdentityError {}

fn is_newline(character: char) -> bool {
    matches!(
        character,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn is_bidi_control(character: char) -> bool {
    matches!(
        character,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// Default-ignorable characters that are not format characters: they show
/// nothing, so two names differing only by them would look the same.
fn is_invisible_letter_or_mark(character: char) -> bool {
    matches!(
        character,
        '\u{034f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{ffa0}'
            | '\u{e0100}'..='\u{e01ef}'
    )
}

/// The first reason `character` cannot be part of a name, if any.
fn refusal(character: char) -> Option<IdentityError> {
    if is_newline(character) {
        Some(IdentityError::Newline)
    } else if is_bidi_control(character) {
        Some(IdentityError::Bidi(character))
    } else if character.is_control() {
        Some(IdentityError::Control(character))
    } else if character.general_category() == GeneralCategory::Format
        || is_invisible_letter_or_mark(character)
    {
        Some(IdentityError::Invisible(character))
    } else {
        None
    }
}

/// NFKC, full case folding, NFKC again (case folding can un-normalise), and
/// one space between words.
fn fold(text: &str) -> String {
    let folded: String = caseless::default_case_fold_str(&text.nfkc().collect::<String>())
        .nfkc()
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical identity of a name, or why it cannot be one.
pub fn canonical_identity(raw: &str) -> Result<Identity, IdentityError> {
    let given = raw.trim();
    if let Some(error) = given.chars().find_map(refusal) {
        return Err(error);
    }
    let canonical = fold(given);
    if canonical.is_empty() {
        return Err(IdentityError::Empty);
    }
    Ok(Identity {
        given: given.to_string(),
        canonical,
    })
}

/// The identity of a name already stored in a case (an assignee written by
/// hand, or before names were checked): what `canonical_identity` would
/// refuse is dropped, so `alice` followed by a zero-width space is `alice`.
pub fn stored_identity(raw: &str) -> Identity {
    let visible: String = raw.chars().filter(|c| refusal(*c).is_none()).collect();
    Identity {
        given: raw.trim().to_string(),
        canonical: fold(&visible),
    }
}

/// Whether two identities are the same person: equal canonical forms.
pub fn same_person(a: &Identity, b: &Identity) -> bool {
    a.canonical == b.canonical
}

/// Whether two names as stored or typed are the same person (the
/// assignee and the acting person, a reviewer and the assignee): the one
/// comparison of people's names in migdesk. Plain ASCII words, most names,
/// take a shortcut with the same answer (their canonical form is their
/// lowercase form), which keeps the queue filter's `is:mine` cheap.
pub fn names_same_person(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    let plain = |name: &str| name.bytes().all(|byte| byte.is_ascii_graphic());
    if plain(a) && plain(b) {
        return a.eq_ignore_ascii_case(b);
    }
    same_person(&stored_identity(a), &stored_identity(b))
}

/// Whether two identities can be mistaken for one another (Unicode TR39
/// skeletons: a Cyrillic `а` for a Latin `a`, `rn` for `m`, `1` for `l`).
pub fn confusable(a: &Identity, b: &Identity) -> bool {
    skeleton(&a.canonical) == skeleton(&b.canonical)
}

fn skeleton(text: &str) -> String {
    unicode_security::confusable_detection::skeleton(text).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn names_are_one_person_whatever_their_case_width_or_invisible_characters() {
        assert!(names_same_person("alice", " Alice "));
        assert!(names_same_person("Zoé.Bonnet", "zoé.bonnet"));
        assert!(names_same_person("ÉLODIE", "élodie"));
        assert!(!names_same_person("alice", "alicia"));
        assert!(!names_same_person("zoé.bonnet", "zoe.bonnet"));
        assert!(!names_same_person("", "alice"));
        assert!(names_same_person("ａｌｉｃｅ", "alice"));
        assert!(names_same_person("alice\u{200B}", "Alice"));
        // The ASCII shortcut gives the full comparison's answer.
        assert!(names_same_person("Jean  Dupont", "jean dupont"));
        assert!(names_same_person("BOB\u{0007}", "bob"));
    }

    use proptest::prelude::*;

    use super::*;

    fn id(name: &str) -> Identity {
        canonical_identity(name).unwrap()
    }

    #[test]
    fn case_and_compatibility_forms_are_the_same_person() {
        assert!(same_person(&id("agent1"), &id("Agent1")));
        assert!(same_person(&id("ALICE"), &id("alice")));
        assert!(same_person(&id("Straße"), &id("STRASSE")));
        assert!(same_person(&id("ａｌｉｃｅ"), &id("alice")));
        assert!(same_person(&id("  Jean   Dupont "), &id("jean dupont")));
        assert!(!same_person(&id("alice"), &id("alicia")));
    }

    #[test]
    fn the_name_as_given_is_kept() {
        let identity = id("  Agent1 ");
        assert_eq!(identity.given(), "Agent1");
        assert_eq!(identity.canonical(), "agent1");
    }

    #[test]
    fn invisible_control_and_bidi_characters_are_refused() {
        assert_eq!(
            canonical_identity("alice\u{200b}"),
            Err(IdentityError::Invisible('\u{200b}'))
        );
        assert_eq!(
            canonical_identity("al\u{202e}ice"),
            Err(IdentityError::Bidi('\u{202e}'))
        );
        assert_eq!(
            canonical_identity("al\u{1b}ice"),
            Err(IdentityError::Control('\u{1b}'))
        );
        assert_eq!(
            canonical_identity("alice\nbob"),
            Err(IdentityError::Newline)
        );
        assert_eq!(canonical_identity("  "), Err(IdentityError::Empty));
        assert_eq!(
            canonical_identity("\u{3164}"),
            Err(IdentityError::Invisible('\u{3164}'))
        );
        assert!(
            IdentityError::Invisible('\u{200b}')
                .to_string()
                .contains("U+200B")
        );
    }

    #[test]
    fn a_stored_name_with_an_invisible_character_is_that_name() {
        assert!(same_person(&stored_identity("alice\u{200b}"), &id("alice")));
        assert_eq!(stored_identity("alice\u{200b}").given(), "alice\u{200b}");
    }

    #[test]
    fn confusable_names_are_detected() {
        // A Cyrillic `а` (U+0430) in place of the Latin one.
        assert!(confusable(&id("\u{0430}lice"), &id("alice")));
        assert!(!same_person(&id("\u{0430}lice"), &id("alice")));
        assert!(confusable(&id("agent1"), &id("agentl")));
        assert!(!confusable(&id("alice"), &id("bob")));
    }

    proptest! {
        #[test]
        fn a_canonical_identity_has_no_control_format_or_bidi_character(name in "\\PC{0,12}|[a-z\u{200b}\u{202e}\u{1b}\u{ad} ]{0,12}") {
            if let Ok(identity) = canonical_identity(&name) {
                for character in identity.canonical().chars() {
                    prop_assert!(refusal(character).is_none(), "{character:?} in {identity:?}");
                }
                prop_assert!(!identity.canonical().is_empty());
            }
        }

        #[test]
        fn canonical_forms_are_fixed_points(name in "\\PC{1,12}") {
            if let Ok(identity) = canonical_identity(&name) {
                let again = canonical_identity(identity.canonical()).unwrap();
                prop_assert_eq!(again.canonical(), identity.canonical());
            }
        }
    }
}

//! French typography, as the shipped French playbooks write it: a narrow
//! no-break space (U+202F) before `;`, `!` and `?`, a no-break space
//! (U+00A0) before `:` and inside « », and the typographic apostrophe.
//! The French catalog is written that way; `french` is the rule the tests
//! hold every French message to (and a way to fix a new one).

/// Narrow no-break space.
pub const NARROW: char = '\u{202F}';
/// No-break space.
pub const NO_BREAK: char = '\u{00A0}';

/// `text` set in French typography. Code in backticks (`migdesk check …`)
/// and punctuation inside a word (`blocker:debts`, `09:00`) are left alone.
pub fn french(text: &str) -> String {
    let characters: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(characters.len() + 8);
    let mut in_code = false;
    let mut quote_open = false;
    for (index, &character) in characters.iter().enumerate() {
        if character == '`' {
            in_code = !in_code;
            out.push(character);
            continue;
        }
        if in_code {
            out.push(character);
            continue;
        }
        let ends_phrase = characters
            .get(index + 1)
            .is_none_or(|next| next.is_whitespace() || *next == '»' || *next == ')');
        match character {
            ';' | '!' | '?' if ends_phrase => space_before(&mut out, NARROW, character),
            ':' if ends_phrase => space_before(&mut out, NO_BREAK, character),
            '\'' => out.push('’'),
            '"' => {
                quote_open = !quote_open;
                if quote_open {
                    out.extend(['«', NO_BREAK]);
                } else {
                    space_before(&mut out, NO_BREAK, '»');
                }
            }
            '»' => space_before(&mut out, NO_BREAK, '»'),
            '«' => out.push('«'),
            other => {
                if out.last() == Some(&'«') && other != NO_BREAK {
                    out.push(NO_BREAK);
                    if other == ' ' {
                        continue;
                    }
                }
                out.push(other);
            }
        }
    }
    out.into_iter().collect()
}

/// Puts `space` (and only it) between the text and `mark`.
fn space_before(out: &mut Vec<char>, space: char, mark: char) {
    let mut spaced = false;
    while out
        .last()
        .is_some_and(|last| *last == ' ' || *last == NARROW || *last == NO_BREAK)
    {
        out.pop();
        spaced = true;
    }
    // A message may start with the space (`\u00A0: reason`, after a
    // status drawn in another colour).
    if spaced || !out.is_empty() {
        out.push(space);
    }
    out.push(mark);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_before_double_punctuation_are_unbreakable() {
        assert_eq!(
            french("Étape bloquée ; voir : ceci ! Pourquoi ?"),
            "Étape bloquée\u{202F}; voir\u{A0}: ceci\u{202F}! Pourquoi\u{202F}?"
        );
        assert_eq!(french("Fini!"), "Fini\u{202F}!");
    }

    #[test]
    fn quotes_and_apostrophes_are_typographic() {
        assert_eq!(french("l'étape \"revue\""), "l’étape «\u{A0}revue\u{A0}»");
        assert_eq!(french("« revue »"), "«\u{A0}revue\u{A0}»");
    }

    #[test]
    fn code_and_punctuation_inside_words_stay() {
        let text = "`migdesk check A-1 x?` à 09:00, règle blocker:debts";
        assert_eq!(french(text), text);
    }

    #[test]
    fn well_set_text_is_unchanged() {
        let text = "Refusé par needs\u{A0}: fait\u{202F}? «\u{A0}oui\u{A0}»";
        assert_eq!(french(text), text);
    }
}

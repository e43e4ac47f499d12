//! What "safe for a terminal" means to the tests that check rendered text
//! and command output: no control or invisible formatting character, and
//! joiners only inside a sequence of visible characters.

use migdesk::sanitize::is_invisible_format;

/// A character that may sit next to a joiner without disguising anything.
pub fn visible_non_ascii(character: Option<char>) -> bool {
    character.is_some_and(|c| {
        !c.is_ascii() && !c.is_control() && !c.is_whitespace() && !is_invisible_format(c)
    })
}

/// The first character of `text` that could drive or disguise a terminal,
/// with its position. Joiners pass only between two visible non-ASCII
/// characters (emoji sequences, Indic and Persian writing).
pub fn first_unsafe(text: &str) -> Option<(usize, char)> {
    let characters: Vec<char> = text.chars().collect();
    characters.iter().enumerate().find_map(|(index, &c)| {
        if c == '\n' {
            return None;
        }
        if matches!(c, '\u{200C}' | '\u{200D}') {
            let previous = index.checked_sub(1).map(|i| characters[i]);
            let next = characters.get(index + 1).copied();
            return (!(visible_non_ascii(previous) && visible_non_ascii(next)))
                .then_some((index, c));
        }
        (c.is_control() || is_invisible_format(c)).then_some((index, c))
    })
}

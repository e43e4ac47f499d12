//! Makes untrusted text (case files, playbooks, fact values) safe to show on a
//! terminal: the only way such text reaches the screen.
//!
//! - Control characters (C0, DEL, C1) could drive the terminal (escape
//!   sequences, cursor moves, clearing the screen); they are shown as
//!   `\u{1b}`, with `\t`, `\n` and `\r` written the short way.
//! - Bidirectional controls could reorder what is displayed ("Trojan Source"),
//!   and invisible format characters could hide or disguise text; they are
//!   shown as `<U+202E>`. This covers every character of general category Cf
//!   (Unicode 15) plus the line and paragraph separators U+2028 and U+2029.
//!   Zero-width joiners (U+200C, U+200D) stay when they join two non-ASCII
//!   characters, as in emoji sequences (👩‍💻) and Indic or Persian writing;
//!   between ASCII characters they would only disguise text, so they are shown.
//!   Tag characters are always shown, which also shows the three subdivision
//!   flag emoji as a black flag followed by tags: the same characters can
//!   smuggle whole invisible sentences.
//!
//! Backslashes are left as they are, so text that already reads `\u{1b}` looks
//! like an escaped control; that is ambiguous but harmless.
//!
//! Everything else, accents, CJK and emoji included, is unchanged, and text
//! that needs no change is returned borrowed.

use std::borrow::Cow;
use std::fmt::Write;

/// For multi-line panes: keeps line breaks (a `\r\n` becomes `\n`), turns a
/// tab into one space (tab stops would misalign the pane's own layout) and
/// escapes everything else that is not safe.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    sanitize(text, Layout::MultiLine)
}

/// For single-line cells such as table rows: like `for_terminal`, but line
/// breaks and tabs are escaped too (`\n`, `\t`), so one value stays on one line.
pub fn for_terminal_line(text: &str) -> Cow<'_, str> {
    sanitize(text, Layout::SingleLine)
}

/// For the clipboard (OSC 52): what is pasted goes to a shell or an
/// editor, where an escape sequence such as a bracketed-paste end
/// (`ESC[201~`) would run what follows. Keeps line breaks and tabs, which
/// a template's text needs, and escapes everything else, as on screen.
pub fn for_clipboard(text: &str) -> Cow<'_, str> {
    sanitize(text, Layout::Clipboard)
}

/// Whether `character` changes the display order of text around it.
pub fn is_bidi_control(character: char) -> bool {
    matches!(
        character,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Whether `character` is a format character (general category Cf, which
/// includes the bidi controls) or a line or paragraph separator.
pub fn is_invisible_format(character: char) -> bool {
    matches!(
        character,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    MultiLine,
    SingleLine,
    Clipboard,
}

enum Treatment {
    Keep,
    Drop,
    Replace(char),
    Escape,
    ShowCodePoint,
}

fn is_joiner(character: char) -> bool {
    matches!(character, '\u{200C}' | '\u{200D}')
}

/// A character a joiner may sit next to without disguising anything.
fn joins_visibly(neighbour: Option<char>) -> bool {
    neighbour.is_some_and(|character| {
        !character.is_ascii()
            && !character.is_control()
            && !character.is_whitespace()
            && !is_invisible_format(character)
    })
}

fn treatment(
    character: char,
    previous: Option<char>,
    next: Option<char>,
    layout: Layout,
) -> Treatment {
    match (character, layout) {
        ('\n', Layout::MultiLine | Layout::Clipboard) => Treatment::Keep,
        ('\t', Layout::MultiLine) => Treatment::Replace(' '),
        ('\t', Layout::Clipboard) => Treatment::Keep,
        ('\r', Layout::MultiLine | Layout::Clipboard) if next == Some('\n') => Treatment::Drop,
        _ if character.is_control() => Treatment::Escape,
        _ if is_joiner(character) && joins_visibly(previous) && joins_visibly(next) => {
            Treatment::Keep
        }
        _ if is_invisible_format(character) => Treatment::ShowCodePoint,
        _ => Treatment::Keep,
    }
}

fn sanitize(text: &str, layout: Layout) -> Cow<'_, str> {
    let mut characters = text.char_indices().peekable();
    let mut previous = None;
    let mut output: Option<String> = None;
    while let Some((index, character)) = characters.next() {
        let next = characters.peek().map(|(_, next)| *next);
        let treatment = treatment(character, previous, next, layout);
        previous = Some(character);
        if let Treatment::Keep = treatment {
            if let Some(output) = output.as_mut() {
                output.push(character);
            }
            continue;
        }
        let output = output.get_or_insert_with(|| {
            let mut output = String::with_capacity(text.len() + 16);
            output.push_str(&text[..index]);
            output
        });
        match treatment {
            Treatment::Keep | Treatment::Drop => {}
            Treatment::Replace(replacement) => output.push(replacement),
            Treatment::Escape => output.extend(character.escape_default()),
            Treatment::ShowCodePoint => {
                // Writing to a String cannot fail.
                let _ = write!(output, "<U+{:04X}>", u32::from(character));
            }
        }
    }
    match output {
        Some(output) => Cow::Owned(output),
        None => Cow::Borrowed(text),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn is_borrowed(text: Cow<'_, str>) -> bool {
        matches!(text, Cow::Borrowed(_))
    }

    #[test]
    fn clipboard_text_keeps_lines_and_tabs_and_loses_every_escape() {
        let template =
            "Dear customer,\n\tyour id: x\u{1b}[201~; touch pwned\r\nbye\u{7}\u{9b}\u{202e}";
        let copied = for_clipboard(template);
        assert_eq!(
            copied,
            "Dear customer,\n\tyour id: x\\u{1b}[201~; touch pwned\nbye\\u{7}\\u{9b}<U+202E>"
        );
        assert!(
            !copied
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        );
        assert!(is_borrowed(for_clipboard("line one\n\tline two")));
    }

    #[test]
    fn printable_text_is_borrowed_unchanged() {
        for text in [
            "",
            "Acme SARL",
            "Numéro de TVA : FR40303265045 — déjà vérifié",
            "迁移完成 / 移行 / 이전",
            "emoji 🎉👍🏽 and flags 🇫🇷",
            "family 👨\u{200D}👩\u{200D}👧 coder 👩\u{200D}💻 rainbow 🏳\u{FE0F}\u{200D}🌈",
            "Persian می\u{200C}خواهم and Hindi क्\u{200D}ष",
            "back\\slash and \"quotes\" and <angles>",
            "ligne 1\nligne 2",
        ] {
            assert!(is_borrowed(for_terminal(text)), "{text:?}");
        }
    }

    #[test]
    fn escape_sequences_cannot_reach_the_terminal() {
        assert_eq!(for_terminal("\u{1b}[2Jgone"), "\\u{1b}[2Jgone");
        assert_eq!(for_terminal("bell\u{7}"), "bell\\u{7}");
        assert_eq!(for_terminal("nul\0"), "nul\\u{0}");
        assert_eq!(for_terminal("del\u{7f}"), "del\\u{7f}");
        assert_eq!(for_terminal("csi\u{9b}31m"), "csi\\u{9b}31m");
        assert_eq!(for_terminal("next line\u{85}"), "next line\\u{85}");
    }

    #[test]
    fn multi_line_text_keeps_line_breaks() {
        assert_eq!(for_terminal("a\nb"), "a\nb");
        assert_eq!(for_terminal("a\r\nb\r\n"), "a\nb\n");
        assert_eq!(for_terminal("a\rb"), "a\\rb");
        assert_eq!(for_terminal("a\r\r\nb"), "a\\r\nb");
        assert_eq!(for_terminal("col\tcol"), "col col");
    }

    #[test]
    fn single_line_text_escapes_line_breaks_and_tabs() {
        assert_eq!(for_terminal_line("a\nb"), "a\\nb");
        assert_eq!(for_terminal_line("a\r\nb"), "a\\r\\nb");
        assert_eq!(for_terminal_line("col\tcol"), "col\\tcol");
        assert_eq!(
            for_terminal_line("\u{1b}]0;title\u{7}"),
            "\\u{1b}]0;title\\u{7}"
        );
        assert!(is_borrowed(for_terminal_line("Numéro 🎉")));
    }

    #[test]
    fn bidi_controls_are_shown_as_code_points() {
        assert_eq!(
            for_terminal("access\u{202E}nimda\u{202C}"),
            "access<U+202E>nimda<U+202C>"
        );
        for character in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            assert!(is_bidi_control(character));
            assert!(is_invisible_format(character));
            let expected = format!("x<U+{:04X}>y", u32::from(character));
            assert_eq!(for_terminal(&format!("x{character}y")), expected);
        }
        assert!(!is_bidi_control('a'));
    }

    #[test]
    fn invisible_format_characters_are_shown_as_code_points() {
        assert_eq!(for_terminal("pay\u{200B}pal"), "pay<U+200B>pal");
        assert_eq!(for_terminal("\u{FEFF}bom"), "<U+FEFF>bom");
        assert_eq!(for_terminal("soft\u{AD}hyphen"), "soft<U+00AD>hyphen");
        assert_eq!(for_terminal("a\u{2060}b\u{2064}c"), "a<U+2060>b<U+2064>c");
        assert_eq!(for_terminal("mongolian\u{180E}"), "mongolian<U+180E>");
        assert_eq!(
            for_terminal("line\u{2028}para\u{2029}"),
            "line<U+2028>para<U+2029>"
        );
        assert_eq!(for_terminal("tag\u{E0041}"), "tag<U+E0041>");
        assert_eq!(for_terminal("beam\u{1D173}"), "beam<U+1D173>");
    }

    #[test]
    fn joiners_are_shown_unless_they_join_two_non_ascii_characters() {
        assert_eq!(for_terminal("pay\u{200D}pal"), "pay<U+200D>pal");
        assert_eq!(for_terminal("\u{200D}👩"), "<U+200D>👩");
        assert_eq!(for_terminal("👩\u{200D}"), "👩<U+200D>");
        assert_eq!(for_terminal("é\u{200C} x"), "é<U+200C> x");
        assert_eq!(for_terminal("👩\u{200D}\u{200D}💻"), "👩<U+200D><U+200D>💻");
        assert_eq!(for_terminal("👩\u{200D}💻"), "👩\u{200D}💻");
    }

    #[test]
    fn subdivision_flags_show_their_tags() {
        let england = "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}";
        assert_eq!(
            for_terminal(england),
            "🏴<U+E0067><U+E0062><U+E0065><U+E006E><U+E0067><U+E007F>"
        );
    }

    #[test]
    fn changed_text_keeps_everything_around_the_change() {
        assert_eq!(
            for_terminal("déjà \u{1b} vu 🎉 \u{202E} fin"),
            "déjà \\u{1b} vu 🎉 <U+202E> fin"
        );
    }

    fn is_unsafe(character: char) -> bool {
        character.is_control() || is_invisible_format(character)
    }

    /// Joiners are the one format character allowed through, between two
    /// non-ASCII characters that are themselves safe.
    fn assert_only_safe(output: &str, allowed_control: Option<char>) {
        let characters: Vec<char> = output.chars().collect();
        for (index, character) in characters.iter().copied().enumerate() {
            if Some(character) == allowed_control {
                continue;
            }
            if is_joiner(character) {
                let previous = index.checked_sub(1).map(|i| characters[i]);
                let next = characters.get(index + 1).copied();
                assert!(joins_visibly(previous) && joins_visibly(next), "{output:?}");
                continue;
            }
            assert!(!is_unsafe(character), "{character:?} in {output:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn output_holds_no_unsafe_character(text in any::<String>()) {
            assert_only_safe(&for_terminal(&text), Some('\n'));
            assert_only_safe(&for_terminal_line(&text), None);
        }

        #[test]
        fn output_of_dense_unsafe_text_holds_no_unsafe_character(
            text in "[\\x00-\\x1f\\x7f-\\u{9f}\u{200b}-\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}a é👩💻]{0,64}"
        ) {
            assert_only_safe(&for_terminal(&text), Some('\n'));
            assert_only_safe(&for_terminal_line(&text), None);
        }

        #[test]
        fn safe_text_is_borrowed_unchanged(text in any::<String>()) {
            let safe: String = text
                .chars()
                .filter(|character| !is_unsafe(*character))
                .collect();
            prop_assert!(is_borrowed(for_terminal(&safe)));
            prop_assert!(is_borrowed(for_terminal_line(&safe)));
        }

        #[test]
        fn sanitizing_twice_changes_nothing_more(text in any::<String>()) {
            let once = for_terminal_line(&text).into_owned();
            prop_assert!(is_borrowed(for_terminal_line(&once)));
        }
    }
}

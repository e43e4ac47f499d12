//! Text cut to a column's width on a word boundary, with an ellipsis.

use unicode_width::UnicodeWidthStr as _;

/// `text` in at most `width` columns: whole words and `…` when it is
/// longer; a first word wider than that is cut, with `…`.
pub fn shortened(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(1);
    let mut kept = String::new();
    for word in text.split(' ') {
        let separator = usize::from(!kept.is_empty());
        if kept.width() + separator + word.width() > room {
            break;
        }
        if separator == 1 {
            kept.push(' ');
        }
        kept.push_str(word);
    }
    // Punctuation left at the end reads as part of the sentence, not of the cut.
    let trimmed = kept.trim_end_matches([' ', ',', ';', ':', '(', '—', '-']);
    let mut kept = if trimmed.is_empty() {
        let mut cut = String::new();
        for character in text.chars() {
            if cut.width() + character.to_string().width() > room {
                break;
            }
            cut.push(character);
        }
        cut
    } else {
        trimmed.to_string()
    };
    kept.push('…');
    kept
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr as _;

    use super::shortened;

    #[test]
    fn text_that_fits_is_kept_whole() {
        assert_eq!(shortened("in progress", 11), "in progress");
    }

    #[test]
    fn longer_text_ends_on_a_whole_word_and_an_ellipsis() {
        let text = "blocked (answer data_backed_up first: Les données ont-elles été sauvegardées)";
        let short = shortened(text, 40);
        assert_eq!(short, "blocked (answer data_backed_up first…");
        assert!(short.width() <= 40);
    }

    #[test]
    fn a_first_word_wider_than_the_column_is_cut() {
        assert_eq!(shortened("abcdefghij klm", 6), "abcde…");
        assert_eq!(shortened("禅禅禅禅禅", 5), "禅禅…");
    }
}

//! Text cut to a column's width on a word boundary, with an ellipsis.

use unicode_width::UnicodeWidthStr as _;

/// `text` in at most `width` columns: whole words and `…` when it is
/// longer; a first word wider than that is cut, with `…`.
pub fn shortened(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(1);
    // The longest start of the text that ends where a word ends and fits.
    let mut end = 0;
    for (space, _) in text.match_indices(' ') {
        if text[..space].width() > room {
            break;
        }
        end = space;
    }
    let kept = text[..end].trim_end();
    // Punctuation left at the end reads as part of the sentence, not of the cut.
    let trimmed = kept.trim_end_matches([' ', ',', ';', ':', '(', '—', '-']);
    let mut kept = if !trimmed.is_empty() {
        trimmed.to_string()
    } else if !kept.is_empty() {
        kept.to_string()
    } else {
        // Not even the first word fits: it is cut.
        let mut cut = String::new();
        for character in text.chars() {
            if cut.width() + character.to_string().width() > room {
                break;
            }
            cut.push(character);
        }
        cut
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..proptest::prelude::ProptestConfig::default() })]

        /// What is kept fits, is the start of the text, and stops where a
        /// word ends (or inside a first word too wide for the column).
        #[test]
        fn what_is_kept_fits_and_starts_the_text(
            text in "[a-zé禅 (),]{0,80}",
            width in 2usize..40,
        ) {
            let short = shortened(&text, width);
            proptest::prop_assert!(short.width() <= width, "{:?}", short);
            match short.strip_suffix('…') {
                None => proptest::prop_assert_eq!(&short, &text),
                Some(kept) => {
                    proptest::prop_assert!(text.starts_with(kept), "{:?} / {:?}", kept, text);
                    let first_word_cut = !kept.trim().contains(' ');
                    let next = text[kept.len()..].chars().next();
                    proptest::prop_assert!(
                        first_word_cut || next.is_none_or(|c| !c.is_alphanumeric()),
                        "{:?} cut mid-word in {:?}", kept, text
                    );
                }
            }
        }
    }

    #[test]
    fn a_first_word_wider_than_the_column_is_cut() {
        assert_eq!(shortened("abcdefghij klm", 6), "abcde…");
        assert_eq!(shortened("禅禅禅禅禅", 5), "禅禅…");
    }
}

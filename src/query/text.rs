//! The text a filter's words are looked for in: a case's id, title,
//! playbook, assignee, status and fact values, folded once (lower case,
//! accents dropped) when the case is summarised, so that a keystroke only
//! compares bytes. Each value is kept apart from the next by a space, and a
//! word of the query never holds a space, so a match never spans two values
//! or two words.

use std::ops::Range;

use memchr::memmem::Finder;

use crate::engine::DerivedStatus;
use crate::queue_index::QueueRow;

/// How well one word of a query matched, best last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Closeness {
    /// The word's letters in order inside one word of the text, from its
    /// first letter (`blngr` in `boulangerie`).
    Abbreviation,
    /// Inside a word (`lange` in `boulangerie`).
    Inside,
    /// The start of a word (`boul` in `boulangerie`).
    Prefix,
    /// A whole word (`lyon` in `Salon Léa, Lyon`).
    Word,
}

impl Closeness {
    pub fn score(self) -> u32 {
        match self {
            Closeness::Abbreviation => 1,
            Closeness::Inside => 2,
            Closeness::Prefix => 3,
            Closeness::Word => 4,
        }
    }
}

/// A case's searchable text, folded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchText {
    folded: String,
    playbook: Range<usize>,
    assignee: Range<usize>,
}

impl SearchText {
    /// The text of one case as the queue index holds it.
    pub fn of_row(row: &QueueRow) -> SearchText {
        let status = row.standing.as_ref().map(|standing| standing.status);
        SearchText::new(
            &row.id,
            &row.title,
            &row.playbook,
            &row.assignee,
            status,
            row.facts.iter().map(|(_, value)| value.as_str()),
        )
    }

    pub fn new<'a>(
        id: &str,
        title: &str,
        playbook: &str,
        assignee: &str,
        status: Option<DerivedStatus>,
        facts: impl Iterator<Item = &'a str>,
    ) -> SearchText {
        let mut folded = String::with_capacity(96);
        let mut push = |text: &str| {
            let start = folded.len() + usize::from(!folded.is_empty());
            if !folded.is_empty() {
                folded.push(' ');
            }
            fold_into(text, &mut folded);
            start..folded.len()
        };
        push(id);
        push(title);
        let playbook = push(playbook);
        let assignee = push(assignee);
        if let Some(status) = status {
            push(status_words(status));
        }
        for value in facts {
            push(value);
        }
        SearchText {
            folded,
            playbook,
            assignee,
        }
    }

    /// How well `word` matches anywhere in the text.
    pub fn closeness(&self, word: &Needle) -> Option<Closeness> {
        closeness_in(&self.folded, word)
    }

    /// Whether the playbook id holds `part` (folded).
    pub fn playbook_holds(&self, part: &str) -> bool {
        self.folded
            .get(self.playbook.clone())
            .is_some_and(|playbook| playbook.contains(part))
    }

    /// Whether the assignee's name holds `part` (folded).
    pub fn assignee_holds(&self, part: &str) -> bool {
        self.folded
            .get(self.assignee.clone())
            .is_some_and(|assignee| assignee.contains(part))
    }
}

/// A status as people say it: `in_review` is "in review".
pub fn status_words(status: DerivedStatus) -> &'static str {
    match status {
        DerivedStatus::Blocked => "blocked",
        DerivedStatus::InReview => "in review",
        DerivedStatus::ChangesRequested => "changes requested",
        DerivedStatus::InProgress => "in progress",
        DerivedStatus::OnHold => "on hold",
        DerivedStatus::Done => "done",
        DerivedStatus::Cancelled => "cancelled",
    }
}

/// `text` in lower case with its accents dropped (`Zoé` → `zoe`, a
/// decomposed `e` + U+0301 too), whitespace runs as one space.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    folded
}

fn fold_into(text: &str, folded: &mut String) {
    let mut after_space = false;
    for character in text.chars() {
        if character.is_whitespace() {
            if !after_space {
                folded.push(' ');
            }
            after_space = true;
            continue;
        }
        after_space = false;
        // Combining accents (a decomposed é) carry no letter of their own.
        if ('\u{300}'..='\u{36f}').contains(&character) {
            continue;
        }
        let plain = nucleo_matcher::chars::normalize(character);
        folded.extend(plain.to_lowercase());
    }
}

/// One word of a query, folded, with its searcher built once for every
/// case it is looked for in.
#[derive(Debug, Clone)]
pub struct Needle {
    folded: String,
    finder: Finder<'static>,
}

impl Needle {
    pub fn new(word: &str) -> Needle {
        let folded = fold(word);
        let finder = Finder::new(folded.as_bytes()).into_owned();
        Needle { folded, finder }
    }

    pub fn folded(&self) -> &str {
        &self.folded
    }
}

impl PartialEq for Needle {
    fn eq(&self, other: &Needle) -> bool {
        self.folded == other.folded
    }
}

impl Eq for Needle {}

fn is_word_character(character: char) -> bool {
    character.is_alphanumeric()
}

/// Whether the character before byte `at` of `text` (a character
/// boundary) is not part of a word, or there is none.
fn word_starts_at(text: &str, at: usize) -> bool {
    match text.as_bytes()[..at].last() {
        None => true,
        Some(byte) if byte.is_ascii() => !byte.is_ascii_alphanumeric(),
        Some(_) => text[..at]
            .chars()
            .next_back()
            .is_none_or(|before| !is_word_character(before)),
    }
}

/// Whether the character at byte `at` of `text` is not part of a word, or
/// there is none.
fn word_ends_at(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None => true,
        Some(byte) if byte.is_ascii() => !byte.is_ascii_alphanumeric(),
        Some(_) => text[at..]
            .chars()
            .next()
            .is_none_or(|after| !is_word_character(after)),
    }
}

fn closeness_in(text: &str, needle: &Needle) -> Option<Closeness> {
    let word = needle.folded.as_str();
    if word.is_empty() {
        return Some(Closeness::Word);
    }
    let mut best = None;
    for start in needle.finder.find_iter(text.as_bytes()) {
        let end = start + word.len();
        let starts_word = word_starts_at(text, start);
        let ends_word = starts_word && word_ends_at(text, end);
        let found = match (starts_word, ends_word) {
            (true, true) => Closeness::Word,
            (true, false) => Closeness::Prefix,
            (false, _) => Closeness::Inside,
        };
        best = best.max(Some(found));
        if found == Closeness::Word {
            break;
        }
    }
    if best.is_some() {
        return best;
    }
    text.split(' ')
        .any(|text_word| abbreviates(word, text_word))
        .then_some(Closeness::Abbreviation)
}

/// Whether the letters of `word` appear in order in `text_word`, the first
/// one at the start of `text_word`'s first letter or digit.
fn abbreviates(word: &str, text_word: &str) -> bool {
    let mut wanted = word.chars();
    let Some(first) = wanted.next() else {
        return true;
    };
    let mut letters = text_word.trim_start_matches(|c: char| !is_word_character(c) && c != first);
    if !letters.starts_with(first) {
        return false;
    }
    letters = &letters[first.len_utf8()..];
    let mut next = wanted.next();
    for character in letters.chars() {
        match next {
            None => return true,
            Some(expected) if expected == character => next = wanted.next(),
            Some(_) => {}
        }
    }
    next.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_and_accents_precomposed_or_not() {
        assert_eq!(fold("Zoé.Bonnet"), "zoe.bonnet");
        assert_eq!(fold("Zoe\u{301}  BONNET"), "zoe bonnet");
        assert_eq!(fold("Spa Zen 禅"), "spa zen 禅");
    }

    #[test]
    fn a_match_is_graded_by_where_it_falls_in_a_word() {
        let text = "salon léa, lyon boulangerie 禅寺";
        let closeness = |word: &str| closeness_in(&fold(text), &Needle::new(word));
        assert_eq!(closeness("lyon"), Some(Closeness::Word));
        assert_eq!(closeness("Léa"), Some(Closeness::Word));
        assert_eq!(closeness("boul"), Some(Closeness::Prefix));
        assert_eq!(closeness("lange"), Some(Closeness::Inside));
        assert_eq!(closeness("寺"), Some(Closeness::Inside));
        assert_eq!(closeness("禅"), Some(Closeness::Prefix));
        assert_eq!(closeness("blngr"), Some(Closeness::Abbreviation));
        // Letters from several words are not a match.
        assert_eq!(closeness("sll"), None);
        assert_eq!(closeness("lngr"), None);
    }

    #[test]
    fn the_assignee_and_playbook_are_found_apart() {
        let text = SearchText::new(
            "MIG-0001",
            "Salon undo",
            "saas-pro-to-connect",
            "Zoé.Bonnet",
            Some(DerivedStatus::InReview),
            ["FR123"].into_iter(),
        );
        assert!(text.assignee_holds("zoe.b"));
        assert!(!text.assignee_holds("salon"));
        assert!(text.playbook_holds("pro-to"));
        assert!(!text.playbook_holds("undo"));
        assert_eq!(
            text.closeness(&Needle::new("review")),
            Some(Closeness::Word)
        );
        assert_eq!(text.closeness(&Needle::new("FR123")), Some(Closeness::Word));
    }
}

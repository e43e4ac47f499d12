//! The filter grammar shared by the app's queue filter and `migdesk list
//! --filter`: a query is words separated by spaces, and a case matches when
//! every word does.
//!
//! - `salon`: a word of the case's id, title, playbook, assignee, status or
//!   fact values holds it (letter case and accents aside), or has its
//!   letters in order from its first letter (`blngr`, `boulangerie`); never
//!   letters picked from several words.
//! - `MIG-0003`: an exact case id gives that case only.
//! - `@alice`, `assignee:alice`: the assignee's name holds it.
//! - `status:blocked`: a derived status, or the start of one of its words
//!   (`status:review`, `status:hold`).
//! - `pb:undo`, `playbook:undo`: the playbook id holds it.
//! - `is:overdue`, `is:mine`, `is:demo`.
//! - `-word` (any of the above): cases that do not match it.
//!
//! Everything here is pure: the caller says who is looking and gives each
//! case's fields; nothing is read or drawn.

#[cfg(test)]
mod tests;
mod text;

use std::fmt;

use crate::engine::DerivedStatus;

pub use text::{Closeness, Needle, SearchText, fold, status_words};

/// Every derived status, in the order `list --status` names them.
pub const STATUSES: [DerivedStatus; 7] = [
    DerivedStatus::Blocked,
    DerivedStatus::InReview,
    DerivedStatus::InProgress,
    DerivedStatus::OnHold,
    DerivedStatus::Done,
    DerivedStatus::Cancelled,
    DerivedStatus::ChangesRequested,
];

/// One bit per status; a new status fails to compile here until it is
/// given a bit (and a place in [`STATUSES`]).
fn status_bit(status: DerivedStatus) -> u16 {
    match status {
        DerivedStatus::Blocked => 1,
        DerivedStatus::InReview => 1 << 1,
        DerivedStatus::InProgress => 1 << 2,
        DerivedStatus::OnHold => 1 << 3,
        DerivedStatus::Done => 1 << 4,
        DerivedStatus::Cancelled => 1 << 5,
        DerivedStatus::ChangesRequested => 1 << 6,
    }
}

/// A case's flag that `is:` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    Overdue,
    Mine,
    Demo,
}

impl Flag {
    pub const ALL: [Flag; 3] = [Flag::Overdue, Flag::Mine, Flag::Demo];

    pub fn name(self) -> &'static str {
        match self {
            Flag::Overdue => "overdue",
            Flag::Mine => "mine",
            Flag::Demo => "demo",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Flag::Overdue => 1,
            Flag::Mine => 1 << 1,
            Flag::Demo => 1 << 2,
        }
    }
}

/// What one case offers a query.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub id: &'a str,
    pub assignee: &'a str,
    /// `None` when the case's playbook is not installed.
    pub status: Option<DerivedStatus>,
    pub overdue: bool,
    pub demo: bool,
    pub text: &'a SearchText,
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    /// A prefix or `-` with nothing after it yet: matches every case.
    Incomplete,
    /// Without spaces; boxed, as its searcher is large.
    Text(Box<Needle>),
    /// An exact case id, upper case.
    Id(String),
    /// Folded.
    Assignee(String),
    /// Folded.
    Playbook(String),
    /// The statuses the typed value names, and the value (folded).
    Status(u16, String),
    /// The flags the typed value names, and the value (folded).
    Is(u8, String),
    Not(Box<Term>),
}

/// A word of a query that names nothing: the command line refuses the
/// query; the app shows no case for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryProblem {
    UnknownStatus(String),
    UnknownFlag(String),
    MissingValue(String),
}

impl fmt::Display for QueryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryProblem::UnknownStatus(value) => {
                let known: Vec<&str> = STATUSES.iter().map(|status| status.as_str()).collect();
                write!(
                    f,
                    "no status `{value}` in the filter (statuses: {})",
                    known.join(", ")
                )
            }
            QueryProblem::UnknownFlag(value) => {
                let known: Vec<String> = Flag::ALL
                    .iter()
                    .map(|flag| format!("is:{}", flag.name()))
                    .collect();
                write!(
                    f,
                    "no `is:{value}` in the filter (known: {})",
                    known.join(", ")
                )
            }
            QueryProblem::MissingValue(word) => {
                write!(f, "`{word}` in the filter needs a value after it")
            }
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
    problems: Vec<QueryProblem>,
}

impl Query {
    /// Any text is a query: words that name nothing match no case and are
    /// listed by [`Query::problems`].
    pub fn parse(text: &str) -> Query {
        let mut problems = Vec::new();
        let terms = text
            .split_whitespace()
            .map(|word| parse_term(word, &mut problems))
            .collect();
        Query { terms, problems }
    }

    pub fn problems(&self) -> &[QueryProblem] {
        &self.problems
    }

    /// Whether the query has no word that narrows anything.
    pub fn is_empty(&self) -> bool {
        self.terms.iter().all(|term| *term == Term::Incomplete)
    }

    /// Whether a word asks for a status (`status:done`), so that a list
    /// of pending cases should not hide what it asks for.
    pub fn names_status(&self) -> bool {
        self.terms
            .iter()
            .any(|term| matches!(term, Term::Status(..)))
    }

    /// How well `subject` matches, higher is better, as seen by `me`;
    /// `None` when it does not.
    pub fn score(&self, subject: &Subject<'_>, me: &str) -> Option<u32> {
        self.terms.iter().try_fold(0, |total, term| {
            Some(total + term_score(term, subject, me)?)
        })
    }

    /// Whether every case that matches `self` is sure to match `shorter`,
    /// so that only what matched `shorter` needs scoring again: `self`
    /// has `shorter`'s words, each the same or typed further (not an exact
    /// id, a negation, which typing further can widen), and maybe more.
    pub fn refines(&self, shorter: &Query) -> bool {
        self.terms.len() >= shorter.terms.len()
            && shorter
                .terms
                .iter()
                .zip(&self.terms)
                .all(|(before, after)| term_refines(before, after))
    }
}

fn parse_term(word: &str, problems: &mut Vec<QueryProblem>) -> Term {
    if let Some(rest) = word.strip_prefix('-')
        && !rest.is_empty()
    {
        return match parse_term(rest, problems) {
            Term::Incomplete => Term::Incomplete,
            term => Term::Not(Box::new(term)),
        };
    }
    if word == "-" {
        return Term::Incomplete;
    }
    if let Some(name) = word.strip_prefix('@') {
        return value_term(word, name, problems, |value| Term::Assignee(fold(value)));
    }
    if let Some((field, value)) = word.split_once(':') {
        match field.to_ascii_lowercase().as_str() {
            "assignee" => {
                return value_term(word, value, problems, |value| Term::Assignee(fold(value)));
            }
            "pb" | "playbook" => {
                return value_term(word, value, problems, |value| Term::Playbook(fold(value)));
            }
            "status" => return value_term(word, value, problems, status_term),
            "is" => return value_term(word, value, problems, flag_term),
            // Anything else with a colon (a time, a link) is text.
            _ => {}
        }
    }
    let upper = word.to_ascii_uppercase();
    if crate::model::case::is_valid_case_id(&upper) {
        return Term::Id(upper);
    }
    Term::Text(Box::new(Needle::new(word)))
}

/// A field's term, or [`Term::Incomplete`] (and a problem) when no value
/// is typed after the field yet.
fn value_term(
    word: &str,
    value: &str,
    problems: &mut Vec<QueryProblem>,
    term: impl FnOnce(&str) -> Term,
) -> Term {
    if value.is_empty() {
        problems.push(QueryProblem::MissingValue(word.to_string()));
        return Term::Incomplete;
    }
    let term = term(value);
    match &term {
        Term::Status(0, _) => problems.push(QueryProblem::UnknownStatus(value.to_string())),
        Term::Is(0, _) => problems.push(QueryProblem::UnknownFlag(value.to_string())),
        _ => {}
    }
    term
}

/// The statuses whose name, or one of whose words, starts with `value`
/// (`in_review`, `in review`, `review`).
fn status_term(value: &str) -> Term {
    let value = fold(&value.replace(['_', '-'], " "));
    let statuses = STATUSES
        .iter()
        .filter(|status| {
            let words = status_words(**status);
            words.starts_with(&value) || words.split(' ').any(|word| word.starts_with(&value))
        })
        .fold(0, |bits, status| bits | status_bit(*status));
    Term::Status(statuses, value)
}

fn flag_term(value: &str) -> Term {
    let value = fold(value);
    let flags = Flag::ALL
        .iter()
        .filter(|flag| flag.name().starts_with(&value))
        .fold(0, |bits, flag| bits | flag.bit());
    Term::Is(flags, value)
}

fn has_flag(flag: Flag, subject: &Subject<'_>, me: &str) -> bool {
    match flag {
        Flag::Overdue => subject.overdue,
        Flag::Mine => crate::identity::names_same_person(subject.assignee, me),
        Flag::Demo => subject.demo,
    }
}

/// What a matching term adds to the score; `None` when it does not match.
fn term_score(term: &Term, subject: &Subject<'_>, me: &str) -> Option<u32> {
    let matched = |yes: bool| yes.then_some(0);
    match term {
        Term::Incomplete => Some(0),
        Term::Text(word) => subject.text.closeness(word).map(Closeness::score),
        Term::Id(id) => subject
            .id
            .eq_ignore_ascii_case(id)
            .then_some(Closeness::Word.score()),
        Term::Assignee(name) => matched(subject.text.assignee_holds(name)),
        Term::Playbook(part) => matched(subject.text.playbook_holds(part)),
        Term::Status(statuses, _) => matched(
            subject
                .status
                .is_some_and(|s| statuses & status_bit(s) != 0),
        ),
        Term::Is(flags, _) => matched(
            Flag::ALL
                .iter()
                .any(|flag| flags & flag.bit() != 0 && has_flag(*flag, subject, me)),
        ),
        Term::Not(inner) => matched(term_score(inner, subject, me).is_none()),
    }
}

/// Whether what matches `after` is sure to match `before`.
fn term_refines(before: &Term, after: &Term) -> bool {
    match (before, after) {
        (Term::Incomplete, _) => true,
        (Term::Text(before), Term::Text(after)) => after.folded().starts_with(before.folded()),
        // An exact id is also a word of the case's text.
        (Term::Text(before), Term::Id(after)) => fold(after).starts_with(before.folded()),
        (Term::Assignee(before), Term::Assignee(after))
        | (Term::Playbook(before), Term::Playbook(after))
        | (Term::Status(_, before), Term::Status(_, after))
        | (Term::Is(_, before), Term::Is(_, after)) => after.starts_with(before.as_str()),
        _ => before == after,
    }
}

//! The queue's fuzzy filter: every summary scored against the typed query
//! (on two threads for a large queue), and narrowing while the query grows.
//! Typing only adds to a query, and a case that does not match a query
//! cannot match it with more typed after it, so only the cases that matched
//! the shorter query are scored again: at 100,000 cases the first letter
//! scores every case, the letters after it only what is left.

use std::sync::atomic::{AtomicU64, Ordering};

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use super::cases::Summary;

/// Below this many candidates scoring stays on the calling thread: a
/// second thread costs more than it saves.
const PARALLEL_FILTER_FROM: usize = 2_000;

static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

/// A number no earlier set of summaries had: the cases take a new one at
/// every change, so what was matched against older summaries is not reused.
pub fn new_generation() -> u64 {
    NEXT_GENERATION.fetch_add(1, Ordering::Relaxed)
}

/// Queries typed so far, each with every case that matched it.
#[derive(Debug, Default)]
pub struct Narrowing {
    generation: u64,
    steps: Vec<(String, Vec<usize>)>,
}

impl Narrowing {
    /// Every case matching `query` with its score, in index order; `query`
    /// is not empty. `generation` names the summaries' version.
    pub fn matches(
        &mut self,
        summaries: &[Summary],
        generation: u64,
        query: &str,
    ) -> Vec<(usize, u32)> {
        if generation != self.generation || !can_narrow(query) {
            self.steps.clear();
            self.generation = generation;
        }
        while self
            .steps
            .last()
            .is_some_and(|(previous, _)| !query.starts_with(previous.as_str()))
        {
            self.steps.pop();
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let candidates = self.steps.last().map(|(_, matched)| matched.as_slice());
        let scored = score(summaries, candidates, &pattern);
        let repeated = self
            .steps
            .last()
            .is_some_and(|(previous, _)| previous == query);
        if can_narrow(query) && !repeated {
            let matched = scored.iter().map(|(index, _)| *index).collect();
            self.steps.push((query.to_string(), matched));
        }
        scored
    }
}

/// Whether what matches `query` with more typed after it is sure to match
/// `query`: not with a negation (`!`), a suffix anchor (`$`, which typing
/// after it turns into an ordinary letter) or an escape.
fn can_narrow(query: &str) -> bool {
    !query.contains(['!', '$', '\\'])
}

/// The score of each candidate (every summary when `None`) that matches,
/// in index order; many candidates are split between two threads, each
/// with its own matcher.
fn score(
    summaries: &[Summary],
    candidates: Option<&[usize]>,
    pattern: &Pattern,
) -> Vec<(usize, u32)> {
    let all: Vec<usize>;
    let candidates = match candidates {
        Some(candidates) => candidates,
        None => {
            all = (0..summaries.len()).collect();
            &all
        }
    };
    let score_some = |indexes: &[usize]| {
        let mut matcher = Matcher::new(Config::DEFAULT);
        indexes
            .iter()
            .filter_map(|index| {
                let summary = summaries.get(*index)?;
                let score = pattern.score(summary.haystack.slice(..), &mut matcher)?;
                Some((*index, score))
            })
            .collect::<Vec<_>>()
    };
    if candidates.len() < PARALLEL_FILTER_FROM {
        return score_some(candidates);
    }
    let (first, second) = candidates.split_at(candidates.len() / 2);
    std::thread::scope(|scope| {
        let second_half = scope.spawn(|| score_some(second));
        let mut scored = score_some(first);
        match second_half.join() {
            Ok(rest) => scored.extend(rest),
            // Scoring does not panic; if it ever did, the second half is scored here.
            Err(_) => scored.extend(score_some(second)),
        }
        scored
    })
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use nucleo_matcher::Utf32String;
    use proptest::prelude::*;

    use super::*;
    use crate::app::Urgency;
    use crate::engine::Progress;

    fn summary(text: &str) -> Summary {
        Summary {
            id: "MIG-0001".to_string(),
            title: text.to_string(),
            playbook: String::new(),
            progress: Progress { done: 0, total: 0 },
            due: None,
            urgency: Urgency::None,
            status: None,
            blocker: None,
            changes_requested: None,
            assignee: String::new(),
            last_change: Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap(),
            awaiting_review: Vec::new(),
            demo: false,
            haystack: Utf32String::from(text),
        }
    }

    /// What scoring every summary afresh gives.
    fn from_scratch(summaries: &[Summary], query: &str) -> Vec<(usize, u32)> {
        Narrowing::default().matches(summaries, new_generation(), query)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

        /// Typing, deleting and retyping: narrowing always gives what
        /// scoring every case afresh gives, special characters included.
        #[test]
        fn narrowing_matches_what_scoring_everything_gives(
            texts in proptest::collection::vec("[abcé ^'!$]{0,10}", 1..40),
            keys in proptest::collection::vec(prop_oneof![
                4 => "[abcé ^'!$\\\\]".prop_map(Some),
                1 => Just(None),
            ], 1..16),
        ) {
            let summaries: Vec<Summary> = texts.iter().map(|text| summary(text)).collect();
            let generation = new_generation();
            let mut narrowing = Narrowing::default();
            let mut typed = String::new();
            for key in keys {
                match key {
                    Some(character) => typed.push_str(&character),
                    None => { typed.pop(); }
                }
                let query = typed.trim();
                if query.is_empty() {
                    continue;
                }
                prop_assert_eq!(
                    narrowing.matches(&summaries, generation, query),
                    from_scratch(&summaries, query),
                    "query {:?}", query
                );
            }
        }
    }

    #[test]
    fn changed_summaries_are_scored_again() {
        let mut summaries = vec![summary("salon"), summary("garage")];
        let mut narrowing = Narrowing::default();
        let first = new_generation();
        assert_eq!(narrowing.matches(&summaries, first, "ga").len(), 1);
        summaries[0] = summary("garage du salon");
        let second = new_generation();
        let matched: Vec<usize> = narrowing
            .matches(&summaries, second, "gar")
            .into_iter()
            .map(|(index, _)| index)
            .collect();
        assert_eq!(matched, [0, 1]);
    }

    #[test]
    fn a_large_queue_is_scored_on_two_threads_in_index_order() {
        let summaries: Vec<Summary> = (0..5_000)
            .map(|number| {
                summary(&format!(
                    "case {number} {}",
                    if number % 3 == 0 { "salon" } else { "garage" }
                ))
            })
            .collect();
        let matched: Vec<usize> = from_scratch(&summaries, "salon")
            .into_iter()
            .map(|(index, _)| index)
            .collect();
        let expected: Vec<usize> = (0..5_000).filter(|number| number % 3 == 0).collect();
        assert_eq!(matched, expected);
    }
}

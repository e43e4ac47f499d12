//! The queue's filter: every summary scored against the typed query (the
//! grammar is `crate::query`'s, shared with `list --filter`; on two threads
//! for a large queue), and narrowing while the query grows. A case that
//! does not match a query cannot match one that refines it (the same words
//! typed further, or more words), so only the cases that matched the
//! shorter query are scored again: at 100,000 cases the first letter
//! scores every case, the letters after it only what is left.

use std::sync::atomic::{AtomicU64, Ordering};

use super::cases::{Summary, Urgency};
use crate::query::{Query, Subject};

/// Below this many candidates scoring stays on the calling thread: a
/// second thread costs more than it saves.
const PARALLEL_FILTER_FROM: usize = 2_000;

static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

/// A number no earlier set of summaries had: the cases take a new one at
/// every change, so what was matched against older summaries is not reused.
pub fn new_generation() -> u64 {
    NEXT_GENERATION.fetch_add(1, Ordering::Relaxed)
}

/// Queries typed so far, each with every case that matched it; each
/// refines the one before it.
#[derive(Debug, Default)]
pub struct Narrowing {
    generation: u64,
    steps: Vec<(Query, Vec<usize>)>,
}

impl Narrowing {
    /// Every case matching `query` with its score, in index order, as
    /// `me` sees it (`is:mine`); `query` is not empty. `generation` names
    /// the summaries' version.
    pub fn matches(
        &mut self,
        summaries: &[Summary],
        generation: u64,
        query: &str,
        me: &str,
    ) -> Vec<(usize, u32)> {
        if generation != self.generation {
            self.steps.clear();
            self.generation = generation;
        }
        let query = Query::parse(query);
        while self
            .steps
            .last()
            .is_some_and(|(previous, _)| !query.refines(previous))
        {
            self.steps.pop();
        }
        let candidates = self.steps.last().map(|(_, matched)| matched.as_slice());
        let scored = score(summaries, candidates, &query, me);
        let repeated = self
            .steps
            .last()
            .is_some_and(|(previous, _)| *previous == query);
        if !repeated {
            let matched = scored.iter().map(|(index, _)| *index).collect();
            self.steps.push((query, matched));
        }
        scored
    }
}

/// What the query grammar reads of a summary.
pub(super) fn subject(summary: &Summary) -> Subject<'_> {
    Subject {
        id: &summary.id,
        assignee: &summary.assignee,
        status: summary.status,
        overdue: summary.urgency == Urgency::Overdue,
        demo: summary.demo,
        text: &summary.haystack,
    }
}

/// The score of each candidate (every summary when `None`) that matches,
/// in index order; many candidates are split between two threads.
fn score(
    summaries: &[Summary],
    candidates: Option<&[usize]>,
    query: &Query,
    me: &str,
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
        indexes
            .iter()
            .filter_map(|index| {
                let summary = summaries.get(*index)?;
                let score = query.score(&subject(summary), me)?;
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
    use proptest::prelude::*;

    use super::*;
    use crate::engine::Progress;
    use crate::query::SearchText;

    /// The summary of case number `number`, titled `text`: assignees,
    /// statuses and flags vary with the number, for the query's fields.
    fn summary(number: usize, text: &str) -> Summary {
        let statuses = crate::query::STATUSES;
        let status = statuses[number % statuses.len()];
        let id = format!("MIG-{:04}", number % 20);
        let assignee = ["alice", "zoé.bonnet", "Bob"][number % 3];
        let playbook = ["undo-migration", "saas-pro-to-connect"][number % 2];
        Summary {
            id: id.clone(),
            title: text.to_string(),
            playbook: playbook.to_string(),
            progress: Progress { done: 0, total: 0 },
            due: None,
            urgency: if number.is_multiple_of(4) {
                Urgency::Overdue
            } else {
                Urgency::None
            },
            status: Some(status),
            blocker: None,
            changes_requested: None,
            assignee: assignee.to_string(),
            last_change: Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap(),
            awaiting_review: Vec::new(),
            demo: number.is_multiple_of(5),
            figures: crate::stats::CaseFigures::default(),
            haystack: SearchText::new(
                &id,
                text,
                playbook,
                assignee,
                Some(status),
                std::iter::empty(),
            ),
        }
    }

    fn summaries(texts: &[&str]) -> Vec<Summary> {
        texts
            .iter()
            .enumerate()
            .map(|(number, text)| summary(number, text))
            .collect()
    }

    /// What scoring every summary afresh gives.
    fn from_scratch(summaries: &[Summary], query: &str) -> Vec<(usize, u32)> {
        Narrowing::default().matches(summaries, new_generation(), query, "alice")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

        /// Typing, deleting and retyping: narrowing always gives what
        /// scoring every case afresh gives, field prefixes, negations and
        /// ids included.
        #[test]
        fn narrowing_matches_what_scoring_everything_gives(
            texts in proptest::collection::vec("[abcé -]{0,10}", 1..40),
            keys in proptest::collection::vec(prop_oneof![
                6 => "[abcé -]".prop_map(Some),
                1 => prop_oneof![
                    Just("@"), Just("status:"), Just("is:"), Just("pb:"),
                    Just("mig-000"), Just("1"), Just("0"), Just("in"), Just("o"),
                ].prop_map(|text| Some(text.to_string())),
                1 => Just(None),
            ], 1..16),
        ) {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let summaries = summaries(&texts);
            let generation = new_generation();
            let mut narrowing = Narrowing::default();
            let mut typed = String::new();
            for key in keys {
                match key {
                    Some(text) => typed.push_str(&text),
                    None => { typed.pop(); }
                }
                let query = typed.trim();
                if query.is_empty() {
                    continue;
                }
                prop_assert_eq!(
                    narrowing.matches(&summaries, generation, query, "alice"),
                    from_scratch(&summaries, query),
                    "query {:?}", query
                );
            }
        }
    }

    #[test]
    fn changed_summaries_are_scored_again() {
        let mut summaries = summaries(&["salon", "garage"]);
        let mut narrowing = Narrowing::default();
        let first = new_generation();
        assert_eq!(narrowing.matches(&summaries, first, "ga", "alice").len(), 1);
        summaries[0] = summary(0, "garage du salon");
        let second = new_generation();
        let matched: Vec<usize> = narrowing
            .matches(&summaries, second, "gar", "alice")
            .into_iter()
            .map(|(index, _)| index)
            .collect();
        assert_eq!(matched, [0, 1]);
    }

    #[test]
    fn an_exact_id_typed_further_is_looked_for_among_every_case() {
        // MIG-0001 and MIG-00011: the shorter id's one case does not hold the longer one's.
        let mut summaries = summaries(&["a", "b"]);
        summaries[1].id = "MIG-00011".to_string();
        summaries[1].haystack = SearchText::new("MIG-00011", "b", "", "", None, std::iter::empty());
        summaries[0].id = "MIG-0001".to_string();
        summaries[0].haystack = SearchText::new("MIG-0001", "a", "", "", None, std::iter::empty());
        let generation = new_generation();
        let mut narrowing = Narrowing::default();
        let found = |narrowing: &mut Narrowing, query: &str| -> Vec<usize> {
            narrowing
                .matches(&summaries, generation, query, "alice")
                .into_iter()
                .map(|(index, _)| index)
                .collect()
        };
        assert_eq!(found(&mut narrowing, "MIG-0001"), [0]);
        assert_eq!(found(&mut narrowing, "MIG-00011"), [1]);
    }

    #[test]
    fn a_large_queue_is_scored_on_two_threads_in_index_order() {
        let texts: Vec<String> = (0..5_000_usize)
            .map(|number| {
                format!(
                    "case {number} {}",
                    if number.is_multiple_of(3) {
                        "salon"
                    } else {
                        "garage"
                    }
                )
            })
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let matched: Vec<usize> = from_scratch(&summaries(&texts), "salon")
            .into_iter()
            .map(|(index, _)| index)
            .collect();
        let expected: Vec<usize> = (0..5_000_usize)
            .filter(|number| number.is_multiple_of(3))
            .collect();
        assert_eq!(matched, expected);
    }
}

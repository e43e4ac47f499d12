//! Shared by the shipped-playbook tests: a case of a shipped playbook driven
//! through the real engine (`Run`) or through the real binary
//! (`desk::Desk`), with the clock pinned.
#![allow(dead_code)]

pub mod desk;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use migdesk::catalog::{Catalog, ValidPlaybook};
use migdesk::engine::{
    self, Actor, Change, Evaluation, LockReason, Refusal, RefusalReason, StepStatus, apply,
    evaluate, new_case,
};
use migdesk::model::{Case, Verdict};

/// The assignee of every test case.
pub const ASSIGNEE: &str = "alice";
/// Someone else, for four-eyes reviews.
pub const REVIEWER: &str = "lead";

/// Monday 2026-11-02, 10:00 UTC: when the test cases are created.
pub fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()
}

/// `YYYY-MM-DD`.
pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// 10:00 UTC on `YYYY-MM-DD`.
pub fn morning(text: &str) -> DateTime<Utc> {
    date(text).and_hms_opt(10, 0, 0).unwrap().and_utc()
}

/// A shipped playbook, as embedded in the binary.
pub fn shipped(id: &str) -> ValidPlaybook {
    let catalog = Catalog::shipped();
    assert!(catalog.problems().is_empty(), "{:?}", catalog.problems());
    catalog
        .get(id)
        .unwrap_or_else(|| panic!("no shipped playbook `{id}`"))
        .clone()
}

/// One case of a shipped playbook and the clock it is worked on.
pub struct Run {
    pub playbook: ValidPlaybook,
    pub case: Case,
    /// When changes are made; moved with `on`.
    pub now: DateTime<Utc>,
}

impl Run {
    /// A case created on Monday 2026-11-02 with the given facts (typed as on the command line).
    pub fn open(playbook: &str, facts: &[(&str, &str)]) -> Run {
        Run::open_at(playbook, monday(), facts)
    }

    /// A case created at `now` with the given facts.
    pub fn open_at(playbook: &str, now: DateTime<Utc>, facts: &[(&str, &str)]) -> Run {
        let playbook = shipped(playbook);
        let facts = facts
            .iter()
            .map(|(fact, value)| {
                let parsed = engine::parse_fact_value(&playbook, fact, value)
                    .unwrap_or_else(|r| panic!("{fact}={value}: {r}"));
                (fact.to_string(), parsed)
            })
            .collect();
        let case = new_case(
            &playbook,
            "MIG-0001",
            "Test customer",
            ASSIGNEE,
            facts,
            &Actor::new(ASSIGNEE, now),
        )
        .unwrap();
        Run {
            playbook,
            case,
            now,
        }
    }

    /// Moves the clock to 10:00 on `day` for the next changes and evaluations.
    pub fn on(&mut self, day: &str) {
        self.now = morning(day);
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    pub fn eval(&self) -> Evaluation {
        evaluate(&self.playbook, &self.case, self.today())
    }

    pub fn eval_on(&self, day: &str) -> Evaluation {
        evaluate(&self.playbook, &self.case, date(day))
    }

    pub fn apply_as(&mut self, who: &str, change: Change) -> Result<(), Refusal> {
        let before = self.case.clone();
        let outcome = apply(
            &self.playbook,
            &mut self.case,
            change,
            &Actor::new(who, self.now),
        );
        if outcome.is_err() {
            assert_eq!(
                self.case, before,
                "a refused change must leave the case untouched"
            );
        }
        outcome.map(|_| ())
    }

    pub fn apply(&mut self, change: Change) -> Result<(), Refusal> {
        self.apply_as(ASSIGNEE, change)
    }

    /// Sets a fact as typed on the command line (`unknown` clears it).
    pub fn set(&mut self, fact: &str, value: &str) {
        let parsed = engine::parse_fact_value(&self.playbook, fact, value)
            .unwrap_or_else(|r| panic!("{fact}={value}: {r}"));
        self.apply(Change::SetFact {
            fact: fact.to_string(),
            value: parsed,
        })
        .unwrap_or_else(|r| panic!("{fact}={value}: {r}"));
    }

    pub fn check(&mut self, step: &str) -> Result<(), Refusal> {
        self.apply(Change::Check {
            step: step.to_string(),
            note: None,
            acknowledged: false,
        })
    }

    pub fn check_ack(&mut self, step: &str) -> Result<(), Refusal> {
        self.apply(Change::Check {
            step: step.to_string(),
            note: None,
            acknowledged: true,
        })
    }

    pub fn skip(&mut self, step: &str, reason: &str) -> Result<(), Refusal> {
        self.apply(Change::Skip {
            step: step.to_string(),
            reason: reason.to_string(),
            acknowledged: false,
        })
    }

    pub fn uncheck(&mut self, step: &str) -> Result<(), Refusal> {
        self.apply(Change::Uncheck {
            step: step.to_string(),
        })
    }

    pub fn review(&mut self, who: &str, step: &str, verdict: Verdict) -> Result<(), Refusal> {
        self.apply_as(
            who,
            Change::Review {
                step: step.to_string(),
                verdict,
                reason: "checked against the procedure".to_string(),
            },
        )
    }

    /// Ticks each step in order; panics with the refusal if one is refused.
    pub fn tick(&mut self, steps: &[&str]) {
        for step in steps {
            self.check(step)
                .unwrap_or_else(|r| panic!("ticking `{step}`: {r}"));
        }
    }

    /// Ticking `step` is refused; the refusal is returned for inspection.
    pub fn refused(&mut self, step: &str) -> Refusal {
        match self.check(step) {
            Ok(()) => panic!("ticking `{step}` was allowed"),
            Err(refusal) => refusal,
        }
    }

    pub fn state(&self, step: &str) -> StepStatus {
        self.eval()
            .step(step)
            .unwrap_or_else(|| panic!("no step `{step}`"))
            .state
    }

    pub fn reasons(&self, step: &str) -> Vec<LockReason> {
        self.eval()
            .step(step)
            .unwrap_or_else(|| panic!("no step `{step}`"))
            .reasons
            .clone()
    }

    pub fn blocker_ids(&self) -> Vec<String> {
        self.eval().blockers.into_iter().map(|b| b.id).collect()
    }

    pub fn warning_ids(&self) -> Vec<String> {
        self.eval().warnings.into_iter().map(|w| w.id).collect()
    }

    pub fn progress(&self) -> (usize, usize) {
        let progress = self.eval().progress;
        (progress.done, progress.total)
    }
}

/// Asserts the refusal names `rule` and that its remedy, as the command
/// line says it, says `remedy`.
pub fn assert_refusal(refusal: &Refusal, rule: RefusalReason, remedy: &str) {
    assert_eq!(refusal.reason, rule, "{refusal}");
    assert!(
        refusal.command_line_remedy().contains(remedy),
        "remedy of {refusal} lacks {remedy:?}"
    );
}

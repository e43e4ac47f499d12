//! Building one generated case: its facts, the steps done in the order an
//! agent would do them, notes, skips, reviews and holds, all through
//! `engine::apply`, up to the stage the case is to be left in.

use chrono::{
    DateTime, Datelike as _, Duration, FixedOffset, NaiveDate, TimeZone as _, Utc, Weekday,
};

use super::Stage;
use super::random::{
    AGENTS, BUSINESSES, CITIES, MULTI_LINE_NOTES, NAMES, NOTES, REVIEWERS, Random, SKIP_REASONS,
};
use crate::catalog::ValidPlaybook;
use crate::engine::{self, Actor, Change, Refusal, StepStatus};
use crate::model::{Case, CaseStatus, FactType, FactValue, Verdict};

pub(super) struct CaseGenerator<'a> {
    playbook: &'a ValidPlaybook,
    stage: Stage,
    random: Random,
    assignee: String,
    clock: DateTime<Utc>,
    now: DateTime<Utc>,
    company: String,
    id: String,
}

impl<'a> CaseGenerator<'a> {
    pub(super) fn new(
        playbook: &'a ValidPlaybook,
        id: &str,
        stage: Stage,
        mut random: Random,
        now: DateTime<Utc>,
    ) -> CaseGenerator<'a> {
        let assignee = random.pick(AGENTS).to_string();
        // Older cases are further along; all were opened in the last six months.
        let age_days = match stage {
            Stage::New => random.between(0, 10),
            Stage::Done | Stage::Cancelled => random.between(20, 180),
            _ => random.between(3, 90),
        } as i64;
        let created = business_time(now - Duration::days(age_days), &mut random);
        let company = format!(
            "{} {} {}",
            random.pick(BUSINESSES),
            random.pick(NAMES),
            random.pick(CITIES)
        );
        CaseGenerator {
            playbook,
            stage,
            random,
            assignee,
            clock: created.min(now),
            now,
            company,
            id: id.to_string(),
        }
    }

    /// The acting person for the next change, a little later than the last one.
    fn actor(&mut self, name: &str) -> Actor {
        let step = Duration::minutes(self.random.between(5, 60 * 20) as i64);
        let later = self.clock + step;
        // Changes stay in the past: squeezed into the time left before now.
        self.clock = if later < self.now {
            later
        } else {
            let squeezed = (self.now - self.clock).num_seconds() / 8;
            self.clock + Duration::seconds(squeezed.max(1))
        };
        let mut actor = Actor::new(name, self.clock);
        // The agents work in Central European Time.
        actor.utc_offset = FixedOffset::east_opt(3600).unwrap_or(actor.utc_offset);
        actor
    }

    fn apply(&mut self, case: &mut Case, change: Change) -> Result<(), Refusal> {
        let name = self.assignee.clone();
        let actor = self.actor(&name);
        engine::apply(self.playbook, case, change, &actor).map(|_| ())
    }

    fn note(&mut self, case: &mut Case) -> Result<(), Refusal> {
        let text = if self.random.percent(5) {
            self.random.pick(MULTI_LINE_NOTES).to_string()
        } else {
            self.random.pick(NOTES).to_string()
        };
        let author = if self.random.percent(20) {
            self.random.pick(AGENTS).to_string()
        } else {
            self.assignee.clone()
        };
        let actor = self.actor(&author);
        engine::apply(self.playbook, case, Change::Note { text }, &actor).map(|_| ())
    }

    pub(super) fn run(&mut self) -> Result<Case, Refusal> {
        let facts = good_facts(self.playbook, &self.company, self.clock, &mut self.random);
        let title = self.company.clone();
        let assignee = self.assignee.clone();
        let opening = self.actor(&assignee);
        // A few facts are known when the case is opened, the rest come later.
        let opened_with = self.random.between(0, facts.len().min(2) as u64) as usize;
        let (initial, later) = facts.split_at(opened_with);
        let initial = initial
            .iter()
            .map(|(fact, value)| (fact.clone(), Some(value.clone())))
            .collect();
        let mut case = engine::new_case(
            self.playbook,
            &self.id,
            &title,
            &assignee,
            initial,
            &opening,
        )?;
        // Most cases have a short history and a few a long one: 10 to 60
        // events, about 22 on average.
        let wanted_events =
            (10 + self.random.between(0, 50) * self.random.between(0, 50) / 50) as usize;

        let facts_to_set = match self.stage {
            Stage::New => later.len() / 2,
            _ => later.len(),
        };
        for (fact, value) in &later[..facts_to_set] {
            if self.random.percent(30) {
                self.note(&mut case)?;
            }
            self.apply(
                &mut case,
                Change::SetFact {
                    fact: fact.clone(),
                    value: Some(value.clone()),
                },
            )?;
        }

        let total_steps = self.playbook.definition().steps().count() as u64;
        let steps_wanted = match self.stage {
            Stage::New => 0,
            Stage::HalfDone | Stage::Blocked | Stage::OnHold => {
                self.random.between(1, (total_steps / 2).max(1))
            }
            Stage::Cancelled => self.random.between(0, total_steps / 2),
            Stage::InReview | Stage::Done => total_steps,
        };
        let mut steps_taken = 0;
        while steps_taken < steps_wanted {
            if self.random.percent(25) {
                self.note(&mut case)?;
            }
            if !self.work_one_step(&mut case)? {
                break;
            }
            steps_taken += 1;
        }

        match self.stage {
            Stage::Blocked => self.block(&mut case)?,
            Stage::OnHold => {
                self.note(&mut case)?;
                self.apply(
                    &mut case,
                    Change::SetStatus {
                        status: CaseStatus::OnHold,
                        reason: None,
                    },
                )?;
            }
            Stage::Cancelled => {
                self.apply(
                    &mut case,
                    Change::SetStatus {
                        status: CaseStatus::Cancelled,
                        reason: None,
                    },
                )?;
            }
            _ => {}
        }
        while case.history.len() < wanted_events {
            self.note(&mut case)?;
        }
        case.revision = case.history.len() as u64;
        Ok(case)
    }

    /// Ticks, skips or reviews the first step that can be worked on; false when none can.
    fn work_one_step(&mut self, case: &mut Case) -> Result<bool, Refusal> {
        let evaluation = engine::evaluate(self.playbook, case, self.clock.date_naive());
        let open = |step: &&engine::StepView| step.state == StepStatus::Todo && !step.locked;
        // Approvals come last, as a team lead reviews once the rest is ready.
        let Some(step) = (evaluation.steps.iter())
            .filter(open)
            .find(|step| !step.approval)
            .or_else(|| evaluation.steps.iter().find(open))
        else {
            return Ok(false);
        };
        let step_id = step.id.clone();
        if step.approval {
            if self.stage != Stage::Done {
                return Ok(false);
            }
            let reviewer = self.random.pick(REVIEWERS).to_string();
            if self.random.percent(20) {
                let actor = self.actor(&reviewer);
                engine::apply(
                    self.playbook,
                    case,
                    Change::Review {
                        step: step_id.clone(),
                        verdict: Verdict::Rejected,
                        reason: "le contrat joint n'est pas la version signée".to_string(),
                    },
                    &actor,
                )?;
                self.note(case)?;
            }
            let actor = self.actor(&reviewer);
            engine::apply(
                self.playbook,
                case,
                Change::Review {
                    step: step_id,
                    verdict: Verdict::Approved,
                    reason: "vérifié, c'est bon".to_string(),
                },
                &actor,
            )?;
            return Ok(true);
        }
        let change = if step.skippable && self.random.percent(12) {
            Change::Skip {
                step: step_id,
                reason: self.random.pick(SKIP_REASONS).to_string(),
                acknowledged: true,
            }
        } else {
            let note = self
                .random
                .percent(20)
                .then(|| self.random.pick(NOTES).to_string());
            Change::Check {
                step: step_id,
                note,
                acknowledged: true,
            }
        };
        self.apply(case, change)?;
        Ok(true)
    }

    /// Leaves the case blocked: a fact that fails eligibility, or one taken back to unknown.
    fn block(&mut self, case: &mut Case) -> Result<(), Refusal> {
        let blocking = blocking_fact(self.playbook, &mut self.random);
        let Some((fact, value)) = blocking else {
            return Ok(());
        };
        if case.facts.get(&fact) == value.as_ref() {
            return Ok(());
        }
        self.note(case)?;
        self.apply(case, Change::SetFact { fact, value })
    }
}

/// A moment during business hours on the given day, moved to a weekday.
fn business_time(moment: DateTime<Utc>, random: &mut Random) -> DateTime<Utc> {
    let mut date = moment.date_naive();
    while matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        date = date.pred_opt().unwrap_or(date);
    }
    at_time(
        date,
        random.between(8, 17) as u32,
        random.between(0, 59) as u32,
    )
}

fn at_time(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    date.and_hms_opt(hour, minute, 0)
        .map(|moment| Utc.from_utc_datetime(&moment))
        .unwrap_or_default()
}

fn next_weekday(mut date: NaiveDate) -> NaiveDate {
    while matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        date = date.succ_opt().unwrap_or(date);
    }
    date
}

/// Fact values that satisfy the playbook's eligibility rules, so that the
/// case can run to the end. Playbooks the generator does not know get a
/// plausible value of each fact's type.
fn good_facts(
    playbook: &ValidPlaybook,
    company: &str,
    created: DateTime<Utc>,
    random: &mut Random,
) -> Vec<(String, FactValue)> {
    let text = |value: &str| FactValue::Text(value.to_string());
    let day = |days: u64| {
        next_weekday(created.date_naive() + Duration::days(days as i64))
            .format("%Y-%m-%d")
            .to_string()
    };
    let vat = format!("FR{:011}", random.next_u64() % 100_000_000_000);
    let mut facts: Vec<(String, FactValue)> = Vec::new();
    for fact in &playbook.definition().facts {
        let value = match (playbook.id(), fact.id.as_str()) {
            (_, "has_debts") => FactValue::Bool(false),
            (_, "pro_company_name" | "new_company_name") => text(company),
            (_, "pro_vat_number" | "new_vat_number") => text(&vat),
            (_, "old_connect_id") => text(&format!("CNX-{:06}", random.between(1, 999_999))),
            (_, "seen_with") => text("Camille"),
            (_, "data_backed_up" | "vo_licenses_ok" | "admin_has_financier_role") => {
                FactValue::Bool(true)
            }
            (_, "vo_products") => text(
                "Lacerte, Microsoft Office et Exchange (à charger sur VO)\nFixed Assets, Document Management",
            ),
            (_, "downtime_start") => {
                let date = day(random.between(2, 10));
                text(&format!("{date} {:02}:00", random.between(9, 13)))
            }
            (_, "current_offering") => text("self-managed"),
            (_, "target_offering") => text("SaaS"),
            (_, "new_support_level") => text("Premium — réponse sous 4 h ouvrées"),
            (_, "target_date") => text(&day(random.between(10, 40))),
            (_, "allocated_subscriptions") => FactValue::Integer(random.between(20, 80) as i64),
            (_, "consumed_seats") => FactValue::Integer(random.between(5, 19) as i64),
            (_, "change_billing_cycle") => FactValue::Bool(random.percent(40)),
            (_, "billing_cycle_change_date" | "next_cycle_start") => text(&day(30)),
            (_, "has_epdoc") => FactValue::Bool(random.percent(35)),
            (_, "transition_date") => text(&day(random.between(5, 25))),
            (_, "saas_site_name") => {
                text(&format!("client{}.besaqsys.ch", random.between(100, 9999)))
            }
            (_, "acceptance_by") => text("Mme Éloïse Moreau (responsable RAI)"),
            _ => match fact.fact_type {
                FactType::Bool => FactValue::Bool(true),
                FactType::Number => FactValue::Integer(random.between(1, 100) as i64),
                FactType::Date => text(&day(10)),
                FactType::Datetime => text(&format!("{} 10:00", day(10))),
                FactType::Choice => match fact.choices.first() {
                    Some(choice) => text(choice),
                    None => continue,
                },
                FactType::Text => text(company),
            },
        };
        facts.push((fact.id.clone(), value));
    }
    facts
}

/// A change of fact that makes one of the playbook's blockers hold, if it has one.
fn blocking_fact(
    playbook: &ValidPlaybook,
    random: &mut Random,
) -> Option<(String, Option<FactValue>)> {
    let has = |fact: &str| playbook.definition().fact(fact).is_some();
    let candidates: Vec<(&str, Option<FactValue>)> = [
        ("has_debts", Some(FactValue::Bool(true))),
        (
            "new_vat_number",
            Some(FactValue::Text("BE0123456789".to_string())),
        ),
        ("data_backed_up", Some(FactValue::Bool(false))),
        ("vo_licenses_ok", Some(FactValue::Bool(false))),
        (
            "target_offering",
            Some(FactValue::Text("self-managed".to_string())),
        ),
        ("admin_has_financier_role", None),
        ("consumed_seats", Some(FactValue::Integer(500))),
    ]
    .into_iter()
    .filter(|(fact, _)| has(fact))
    .collect();
    if candidates.is_empty() {
        return None;
    }
    let (fact, value) = random.pick(&candidates).clone();
    Some((fact.to_string(), value))
}

//! Realistic generated case files, for benchmarks and load tests: a queue of
//! any size spread over the shipped playbooks, with new, half-done,
//! blocked, in-review, done, held and cancelled cases. Every case is built
//! through `engine::new_case` and `engine::apply`, so it is valid and its
//! history agrees with its steps; the same seed gives the same cases.

use std::fmt;
use std::fs::{OpenOptions, Permissions};
use std::io::{self, Write as _};
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use chrono::{
    DateTime, Datelike as _, Duration, FixedOffset, NaiveDate, TimeZone as _, Utc, Weekday,
};

use crate::catalog::{Catalog, ValidPlaybook};
use crate::engine::{self, Actor, Change, Refusal, StepStatus};
use crate::model::{Case, CaseStatus, FactType, FactValue, Verdict, case::is_valid_case_id};
use crate::store::{DataDir, StoreError, case_to_yaml};

/// Case files hold customer details: readable by their owner only, as the store writes them.
const CASE_FILE_MODE: u32 = 0o600;

/// The largest queue the id scheme allows (`MIG-` and at most nine digits).
pub const MAX_GENERATED_CASES: u64 = 999_999_999;

/// A small deterministic pseudo-random sequence (xorshift64*): good enough
/// to spread cases over states, and stable across platforms and builds.
#[derive(Debug, Clone)]
pub struct Random {
    state: u64,
}

impl Random {
    pub fn new(seed: u64) -> Random {
        // Mixed so that neighbouring seeds give unrelated sequences; never zero.
        let mut state = seed
            .wrapping_add(0x9E37_79B9_7F4A_7C15)
            .wrapping_mul(0xBF58_476D_1CE4_E5B9);
        state ^= state >> 31;
        Random { state: state | 1 }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }

    /// True with the given chance in percent.
    pub fn percent(&mut self, chance: u64) -> bool {
        self.next_u64() % 100 < chance
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

/// Where a generated case stands, as an agent would describe it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    New,
    HalfDone,
    Blocked,
    InReview,
    Done,
    OnHold,
    Cancelled,
}

const AGENTS: &[&str] = &[
    "léa.martin",
    "chloé.dubois",
    "jérôme.lefèvre",
    "amélie.rousseau",
    "françois.girard",
    "hélène.faure",
    "noël.mercier",
    "zoé.bonnet",
];

const REVIEWERS: &[&str] = &["team.lead", "inès.chevalier", "cédric.lemaître"];

const BUSINESSES: &[&str] = &[
    "Salon",
    "Institut",
    "Cabinet",
    "Boulangerie",
    "Hôtel",
    "Pharmacie",
    "Atelier",
    "Fiduciaire",
    "Clinique",
    "Brasserie",
];

const NAMES: &[&str] = &[
    "Léa",
    "Bellevue",
    "Dupré",
    "Gâteaux & Cie",
    "Éloïse",
    "du Château",
    "Müller",
    "Saint-Médard",
    "Côté Jardin",
    "Forêt-Noire",
    "Noémie",
    "Hervé & Fils",
];

const CITIES: &[&str] = &[
    "Lyon",
    "Genève",
    "Besançon",
    "Orléans",
    "Nîmes",
    "Zürich",
    "Québec",
    "Évry",
    "Montréal",
    "Fribourg",
];

const NOTES: &[&str] = &[
    "Appel avec le client : il confirme la date de migration prévue.",
    "Relance envoyée par e-mail à la gérante, pas de réponse pour l'instant.",
    "Le client demande un délai supplémentaire — à revoir jeudi.",
    "Échange avec l'équipe Finance : rien à signaler côté facturation.",
    "Contrat signé reçu, déposé dans les « files » du compte.",
    "Message vocal laissé ; le client préfère être rappelé après 14 h.",
    "Vérifié avec le support : l'accès à l'agenda reste ouvert pendant la bascule.",
    "Le partenaire a bien récupéré ses données ; sauvegarde vérifiée.",
    "Point hebdomadaire : tout est en ordre, prochaine étape côté équipe technique.",
    "Customer asked for a quick summary of the next steps; sent by e-mail.",
    "Rappel : prévoir la formation des employé·e·s avant le démarrage.",
    "Le client signale un souci d'accès ; ticket ouvert chez le support.",
];

const MULTI_LINE_NOTES: &[&str] = &[
    "Compte rendu de l'appel :\n- date de bascule validée\n- formation prévue la semaine suivante\n- pas de dette côté Pro\n",
    "Points ouverts :\n1. récupérer le fichier client\n2. confirmer les horaires des employés\nÀ revoir avec la responsable.",
];

const SKIP_REASONS: &[&str] = &[
    "déjà fait par le client lors de l'appel précédent",
    "pas d'interface chez le client",
    "not needed for this customer, confirmed by the team lead",
    "étape couverte par le ticket précédent",
];

/// What `write_cases` made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateSummary {
    pub cases: u64,
    pub bytes: u64,
}

/// Why generating stopped.
#[derive(Debug)]
pub enum GenerateError {
    /// The cases folder already holds cases; generated ones never overwrite real ones.
    NotEmpty {
        cases_dir: PathBuf,
    },
    TooMany {
        count: u64,
    },
    /// A generated change was refused by the rules: a bug in the generator.
    Refused {
        id: String,
        refusal: Refusal,
    },
    Store(StoreError),
    Io {
        path: PathBuf,
        source: io::Error,
    },
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::NotEmpty { cases_dir } => write!(
                f,
                "{} already holds case files; generate into an empty data directory",
                cases_dir.display()
            ),
            GenerateError::TooMany { count } => write!(
                f,
                "{count} cases is more than case ids allow ({MAX_GENERATED_CASES})"
            ),
            GenerateError::Refused { id, refusal } => {
                write!(f, "generating {id}: the rules refused a change: {refusal}")
            }
            GenerateError::Store(error) => write!(f, "{error}"),
            GenerateError::Io { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<StoreError> for GenerateError {
    fn from(error: StoreError) -> Self {
        GenerateError::Store(error)
    }
}

/// The id of generated case number `number` (1-based): `MIG-0001`, …, `MIG-100000`.
pub fn case_id(number: u64) -> String {
    format!("MIG-{number:04}")
}

/// Writes `count` generated cases, `MIG-0001` onwards, into the cases
/// folder of `data_dir`, on every core. Plain writes, not the store's
/// crash-safe saves: a half-written generated queue is simply generated again.
pub fn write_cases(
    data_dir: &DataDir,
    catalog: &Catalog,
    count: u64,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<GenerateSummary, GenerateError> {
    if count > MAX_GENERATED_CASES {
        return Err(GenerateError::TooMany { count });
    }
    data_dir.create_dirs()?;
    let cases_dir = data_dir.cases_dir();
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| GenerateError::Io { path, source }
    };
    let has_cases = std::fs::read_dir(&cases_dir)
        .map_err(io_error(&cases_dir))?
        .flatten()
        .any(|entry| {
            entry
                .file_name()
                .to_str()
                .and_then(|name| name.strip_suffix(".yaml"))
                .is_some_and(is_valid_case_id)
        });
    if has_cases {
        return Err(GenerateError::NotEmpty { cases_dir });
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let results: Vec<Result<GenerateSummary, GenerateError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                let cases_dir = &cases_dir;
                scope.spawn(move || {
                    let mut summary = GenerateSummary { cases: 0, bytes: 0 };
                    let mut number = worker + 1;
                    while number <= count {
                        let case = generate_case(catalog, number, seed, now)?;
                        let text = case_to_yaml(&case)?;
                        let path = cases_dir.join(format!("{}.yaml", case.id));
                        write_private_file(&path, text.as_bytes()).map_err(io_error(&path))?;
                        summary.cases += 1;
                        summary.bytes += text.len() as u64;
                        number += workers;
                    }
                    Ok(summary)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut total = GenerateSummary { cases: 0, bytes: 0 };
    for result in results {
        let summary = result?;
        total.cases += summary.cases;
        total.bytes += summary.bytes;
    }
    Ok(total)
}

fn write_private_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(CASE_FILE_MODE)
        .open(path)?;
    file.set_permissions(Permissions::from_mode(CASE_FILE_MODE))?;
    file.write_all(bytes)
}

/// The shipped playbook generated case `number` uses, with the stage it is left in.
fn shape(catalog: &Catalog, random: &mut Random) -> (usize, Stage) {
    let stage = match random.between(0, 99) {
        0..=14 => Stage::New,
        15..=44 => Stage::HalfDone,
        45..=59 => Stage::Blocked,
        60..=69 => Stage::InReview,
        70..=91 => Stage::Done,
        92..=96 => Stage::OnHold,
        _ => Stage::Cancelled,
    };
    let entries = catalog.entries();
    let with_approval = entries.iter().position(|entry| {
        entry
            .playbook
            .definition()
            .steps()
            .any(|(_, step)| step.approval)
    });
    // Only a playbook with an approval step can wait for a review.
    let index = match (stage, with_approval) {
        (Stage::InReview, Some(index)) => index,
        _ => (random.next_u64() % entries.len().max(1) as u64) as usize,
    };
    (index, stage)
}

/// Generated case `number` (1-based), the same for the same seed and clock.
pub fn generate_case(
    catalog: &Catalog,
    number: u64,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<Case, GenerateError> {
    let id = case_id(number);
    let mut random = Random::new(seed ^ number.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let (index, stage) = shape(catalog, &mut random);
    let Some(entry) = catalog.entries().get(index) else {
        return Err(GenerateError::Refused {
            id,
            refusal: Refusal::new(
                "catalog",
                "the catalog has no playbook".to_string(),
                "generate with the shipped playbooks".to_string(),
            ),
        });
    };
    let mut generator = CaseGenerator::new(&entry.playbook, &id, stage, random, now);
    generator.run().map_err(|refusal| GenerateError::Refused {
        id: id.clone(),
        refusal,
    })
}

struct CaseGenerator<'a> {
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
    fn new(
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

    fn run(&mut self) -> Result<Case, Refusal> {
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
                    },
                )?;
            }
            Stage::Cancelled => {
                self.apply(
                    &mut case,
                    Change::SetStatus {
                        status: CaseStatus::Cancelled,
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
        let change = if self.random.percent(12) {
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::engine::{DerivedStatus, audit, evaluate};

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-10T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn generated_cases_are_valid_varied_and_repeatable() {
        let catalog = Catalog::shipped();
        let mut statuses = std::collections::BTreeSet::new();
        let mut playbooks = std::collections::BTreeSet::new();
        let mut bytes = 0;
        for number in 1..=300 {
            let case = generate_case(&catalog, number, 7, now()).unwrap();
            assert_eq!(case, generate_case(&catalog, number, 7, now()).unwrap());
            let playbook = catalog.get(&case.playbook).unwrap();
            assert_eq!(audit(playbook, &case), Vec::<String>::new(), "{}", case.id);
            assert!((10..=60).contains(&case.history.len()), "{}", case.id);
            let text = case_to_yaml(&case).unwrap();
            assert!(text.len() < 32 * 1024, "{}: {} bytes", case.id, text.len());
            bytes += text.len();
            statuses.insert(evaluate(playbook, &case, now().date_naive()).status);
            playbooks.insert(case.playbook.clone());
        }
        assert_eq!(playbooks.len(), 7);
        let average = bytes / 300;
        assert!(
            (3_000..=7_000).contains(&average),
            "{average} bytes on average"
        );
        for status in [
            DerivedStatus::Blocked,
            DerivedStatus::InReview,
            DerivedStatus::InProgress,
            DerivedStatus::OnHold,
            DerivedStatus::Done,
            DerivedStatus::Cancelled,
        ] {
            assert!(
                statuses.contains(&status),
                "no {status} case in {statuses:?}"
            );
        }
    }

    #[test]
    fn ids_grow_to_nine_digits() {
        assert_eq!(case_id(1), "MIG-0001");
        assert_eq!(case_id(100_000), "MIG-100000");
        assert!(is_valid_case_id(&case_id(MAX_GENERATED_CASES)));
    }
}

//! Realistic generated case files, for benchmarks and load tests: a queue of
//! any size spread over the shipped playbooks, with new, half-done,
//! blocked, in-review, done, held and cancelled cases. Every case is built
//! through `engine::new_case` and `engine::apply`, so it is valid and its
//! history agrees with its steps; the same seed gives the same cases.

use std::fmt;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::catalog::Catalog;
use crate::engine::Refusal;
use crate::model::{Case, case::is_valid_case_id};
use crate::store::safe_open::create_new_file;
use crate::store::{DataDir, Store, StoreError, case_to_yaml};

/// Case files hold customer details: readable by their owner only, as the store writes them.
const CASE_FILE_MODE: u32 = 0o600;

/// The largest queue the id scheme allows (`MIG-` and at most nine digits).
pub const MAX_GENERATED_CASES: u64 = 999_999_999;

mod case;
mod random;

use case::CaseGenerator;
pub use random::Random;

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
    // Held to the end: `new` waits rather than taking an id a generated
    // case is about to be written under.
    let store = Store::open(data_dir.clone())?;
    let _create_lock = store.lock_create()?;
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

/// Creates the file exclusively: a file already there (a case made after
/// the emptiness check by something that ignored the lock) is never replaced.
fn write_private_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    create_new_file(path, CASE_FILE_MODE)?.write_all(bytes)
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
            .any(|(_, step)| step.approval.is_required())
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
                crate::engine::RefusalReason::UnknownPlaybook,
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

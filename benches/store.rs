//! One crash-safe save of a case (temporary file, fsync, rename, directory
//! fsync), in a folder of 100 cases and of 10,000: a save touches one file,
//! so both cost the same. And `Store::create`, which lists the folder to
//! find the next id.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use migdesk::catalog::Catalog;
use migdesk::generate::{generate_case, write_cases};
use migdesk::model::Case;
use migdesk::store::{DataDir, Store};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn store_of(cases: u64) -> (tempfile::TempDir, Store) {
    let directory = tempfile::tempdir().unwrap();
    let data_dir = DataDir::new(directory.path());
    write_cases(&data_dir, &Catalog::shipped(), cases, 1, now()).unwrap();
    (directory, Store::open(data_dir).unwrap())
}

fn save(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("save");
    for cases in [100, 10_000] {
        let (_directory, store) = store_of(cases);
        let loaded = store.load("MIG-0042").unwrap();
        let mut case = loaded.case;
        let mut fingerprint = loaded.fingerprint;
        group.bench_function(format!("one case among {cases}"), |bencher| {
            bencher.iter(|| {
                case.revision += 1;
                fingerprint = store.save(&case, Some(&fingerprint)).unwrap();
            })
        });
    }
    group.finish();
}

fn create(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("create");
    group.sample_size(20);
    let template = generate_case(&Catalog::shipped(), 1, 1, now()).unwrap();
    for cases in [100, 10_000] {
        let (_directory, store) = store_of(cases);
        group.bench_function(format!("a case among {cases}"), |bencher| {
            bencher.iter(|| {
                store
                    .create(|id| Case {
                        id,
                        ..template.clone()
                    })
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, save, create);
criterion_main!(benches);

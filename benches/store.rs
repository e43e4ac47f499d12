//! One crash-safe save of a case (temporary file, fsync, rename, directory
//! fsync), in a folder of 100 cases and of 10,000: a save touches one file,
//! so both cost the same. And `Store::create`, which lists the folder to
//! find the next id. And what reading one case costs: the store's YAML
//! reader against a JSON parse of the same case and a decode of its core
//! (what a playbook change reads instead of the file since the cores).
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use migdesk::catalog::Catalog;
use migdesk::generate::{generate_case, write_cases};
use migdesk::model::Case;
use migdesk::queue_index::CaseCore;
use migdesk::store::{DataDir, Store, case_from_yaml, case_to_yaml};

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

fn parse(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("read one case");
    let catalog = Catalog::shipped();
    // Generated cases of about the median size (5 KiB) and of the largest.
    let cases: Vec<Case> = (1..=200)
        .map(|number| generate_case(&catalog, number, 1, now()).unwrap())
        .collect();
    let yaml: Vec<String> = cases
        .iter()
        .map(|case| case_to_yaml(case).unwrap())
        .collect();
    let mut by_size: Vec<usize> = (0..yaml.len()).collect();
    by_size.sort_by_key(|&index| yaml[index].len());
    for (label, index) in [("median", by_size[100]), ("largest", by_size[199])] {
        let case = &cases[index];
        let text = &yaml[index];
        let name = format!("{}.yaml", case.id);
        let path = std::path::Path::new(&name);
        let size = text.len() / 1024;
        group.bench_function(
            format!("YAML, the store's reader, {label} ({size} KiB)"),
            |bencher| bencher.iter(|| case_from_yaml(path, text).unwrap()),
        );
        let json = serde_json::to_string(case).unwrap();
        group.bench_function(format!("JSON (serde_json), {label}"), |bencher| {
            bencher.iter(|| serde_json::from_str::<Case>(&json).unwrap())
        });
        let core = postcard::to_allocvec(&CaseCore::of(case, None)).unwrap();
        group.bench_function(
            format!("its core (postcard, {} bytes), {label}", core.len()),
            |bencher| bencher.iter(|| postcard::from_bytes::<CaseCore>(&core).unwrap().to_case()),
        );
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

criterion_group!(benches, save, create, parse);
criterion_main!(benches);

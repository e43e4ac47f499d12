//! Loading the queue of 1,000 and 10,000 generated cases: through the
//! summary index when it is current, after one case changed, and when it
//! must be rebuilt; and by parsing every case file as `Store::load_all`
//! does (what `list` did before the index).
#![allow(clippy::unwrap_used)]

use std::fs::{File, FileTimes};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use migdesk::catalog::Catalog;
use migdesk::engine;
use migdesk::generate::write_cases;
use migdesk::queue_index::{QueueIndex, cores_path};
use migdesk::store::{DataDir, Store};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn today() -> NaiveDate {
    now().date_naive()
}

/// Every playbook one version on, without its rules.
fn edited_playbooks(catalog: &Catalog) -> Catalog {
    let playbooks = catalog
        .entries()
        .iter()
        .map(|entry| {
            let mut definition = entry.playbook.definition().clone();
            definition.version += 1;
            definition.rules.clear();
            let text = serde_yaml::to_string(&definition).unwrap();
            migdesk::catalog::parse_playbook(&format!("{}.yaml", definition.id), &text).unwrap()
        })
        .collect();
    Catalog::from_playbooks(playbooks)
}

fn queue(criterion: &mut Criterion) {
    let catalog = Catalog::shipped();
    for cases in [1_000, 10_000] {
        let directory = tempfile::tempdir().unwrap();
        let data_dir = DataDir::new(directory.path());
        write_cases(&data_dir, &catalog, cases, 1, now()).unwrap();
        // Files changed in the last two seconds are not indexed yet (their
        // times cannot be trusted); the benchmark measures a settled queue.
        std::thread::sleep(Duration::from_secs(3));
        let store = Store::open(data_dir).unwrap();
        let index = QueueIndex::path(store.data_dir().root());
        let cores = cores_path(store.data_dir().root());

        let mut group = criterion.benchmark_group(format!("queue {cases}"));
        group.sample_size(if cases > 1_000 { 10 } else { 30 });
        QueueIndex::load_or_rebuild(&store, &catalog, today());
        group.bench_function("index current", |bencher| {
            bencher.iter(|| QueueIndex::load_or_rebuild(&store, &catalog, today()))
        });

        let changed = store.case_path("MIG-0042").unwrap();
        let mut seconds = 100;
        group.bench_function("one case changed", |bencher| {
            bencher.iter_batched(
                || {
                    seconds += 1;
                    let modified = SystemTime::now() - Duration::from_secs(seconds);
                    File::options()
                        .write(true)
                        .open(&changed)
                        .unwrap()
                        .set_times(FileTimes::new().set_modified(modified))
                        .unwrap();
                    std::thread::sleep(Duration::from_millis(2));
                },
                |()| QueueIndex::load_or_rebuild(&store, &catalog, today()),
                BatchSize::PerIteration,
            )
        });

        // A new version of every playbook: the index is void, the cores
        // answer (two catalogs in turn, so every load finds the index void).
        let edited = edited_playbooks(&catalog);
        let mut turn = 0;
        group.bench_function("playbooks changed (cores current)", |bencher| {
            bencher.iter(|| {
                turn += 1;
                let catalog = if turn % 2 == 0 { &catalog } else { &edited };
                QueueIndex::load_or_rebuild(&store, catalog, today())
            })
        });
        QueueIndex::load_or_rebuild(&store, &catalog, today());

        group.bench_function("index deleted (cores current)", |bencher| {
            bencher.iter_batched(
                || {
                    let _ = std::fs::remove_file(&index);
                },
                |()| QueueIndex::load_or_rebuild(&store, &catalog, today()),
                BatchSize::PerIteration,
            )
        });

        group.bench_function("index and cores deleted (every file parsed)", |bencher| {
            bencher.iter_batched(
                || {
                    let _ = std::fs::remove_file(&index);
                    let _ = std::fs::remove_file(&cores);
                },
                |()| QueueIndex::load_or_rebuild(&store, &catalog, today()),
                BatchSize::PerIteration,
            )
        });

        group.bench_function("every file parsed (load_all)", |bencher| {
            bencher.iter(|| {
                let report = store.load_all();
                report
                    .cases
                    .iter()
                    .map(|loaded| {
                        let playbook = catalog.get(&loaded.case.playbook).unwrap();
                        engine::evaluate(playbook, &loaded.case, today()).status
                    })
                    .count()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, queue);
criterion_main!(benches);

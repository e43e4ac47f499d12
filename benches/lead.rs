//! The team lead's figures at 10,000 generated cases: `migdesk stats`
//! (the summary index read, then every figure computed), the dashboard's
//! figures over the app's summaries, and the cases behind one bar (Enter).
//! Target: each ≤ 100 ms; no case file is read.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use migdesk::catalog::Catalog;
use migdesk::generate::write_cases;
use migdesk::queue_index::QueueIndex;
use migdesk::stats::{CaseFigures, DueBucket, Scope, Selection, Setting, compute};
use migdesk::store::{DataDir, Store};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn lead(criterion: &mut Criterion) {
    let catalog = Catalog::shipped();
    let cases = 10_000;
    let directory = tempfile::tempdir().unwrap();
    let data_dir = DataDir::new(directory.path());
    write_cases(&data_dir, &catalog, cases, 1, now()).unwrap();
    // Files changed in the last two seconds are not indexed yet; the
    // benchmark measures a settled queue, as `migdesk stats` meets it.
    std::thread::sleep(Duration::from_secs(3));
    let store = Store::open(data_dir).unwrap();
    let load = QueueIndex::load_or_rebuild(&store, &catalog, today());
    let again = QueueIndex::load_or_rebuild(&store, &catalog, today());
    assert_eq!(again.stats.parsed, 0, "the index answers for every case");
    let setting = Setting::new(today(), &catalog);
    let figures = CaseFigures::of_rows(&load.rows);

    let mut group = criterion.benchmark_group(format!("lead {cases}"));
    group.sample_size(20);
    group.bench_function("stats (index read, figures computed)", |bencher| {
        bencher.iter(|| {
            let load = QueueIndex::load_or_rebuild(&store, &catalog, today());
            let figures = CaseFigures::of_rows(&load.rows);
            compute(&figures, &Scope::default(), &setting)
        })
    });
    group.bench_function("the index read alone (as list does)", |bencher| {
        bencher.iter(|| QueueIndex::load_or_rebuild(&store, &catalog, today()))
    });
    group.bench_function("dashboard figures (over the summaries)", |bencher| {
        bencher.iter(|| compute(&figures, &Scope::default(), &setting))
    });
    let scope = Scope {
        playbook: Some("undo-migration".to_string()),
        assignee: Some("zoé.bonnet".to_string()),
        since: None,
    };
    group.bench_function("dashboard figures, one playbook and assignee", |bencher| {
        bencher.iter(|| compute(&figures, &scope, &setting))
    });
    let overdue = Selection::Due(DueBucket::Overdue);
    group.bench_function("the cases behind one bar", |bencher| {
        bencher.iter(|| {
            figures
                .iter()
                .filter(|case| overdue.selects(case, today()))
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, lead);
criterion_main!(benches);

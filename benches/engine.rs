//! `engine::evaluate` of one case, on the largest shipped playbook and on
//! the one with an approval step.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use migdesk::catalog::Catalog;
use migdesk::engine;
use migdesk::generate::generate_case;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn evaluate(criterion: &mut Criterion) {
    let catalog = Catalog::shipped();
    let today = now().date_naive();
    for playbook_id in ["onprem-to-saas", "undo-migration"] {
        // The first generated case of that playbook with some steps done and some open.
        let case = (1..)
            .map(|number| generate_case(&catalog, number, 1, now()).unwrap())
            .find(|case| {
                let progress =
                    engine::evaluate(catalog.get(&case.playbook).unwrap(), case, today).progress;
                case.playbook == playbook_id && progress.done > 2 && progress.done < progress.total
            })
            .unwrap();
        let playbook = catalog.get(playbook_id).unwrap();
        criterion.bench_function(&format!("evaluate/{playbook_id}"), |bencher| {
            bencher.iter(|| engine::evaluate(black_box(playbook), black_box(&case), today))
        });
    }
}

criterion_group!(benches, evaluate);
criterion_main!(benches);

//! Ten thousand cases: evaluation happens once at load, so a keystroke in
//! the filter and a redraw only read the precomputed summaries.

use std::time::{Duration, Instant};

use super::{Harness, render, text};
use crate::app::persistence::LoadedCase;
use crate::app::queue;
use crate::engine::{Actor, new_case};
use crate::model::FactValue;
use crate::store::Fingerprint;

#[test]
fn filtering_and_drawing_ten_thousand_cases_stays_fast() {
    let mut harness = Harness::empty();
    let catalog = super::catalog();
    let playbook = catalog.get("saas-pro-to-connect").unwrap();
    let template = new_case(
        playbook,
        "MIG-0000",
        "template",
        "alice",
        vec![("has_debts".to_string(), Some(FactValue::Bool(false)))],
        &Actor::new("alice", super::monday()),
    )
    .unwrap();
    let started = Instant::now();
    for number in 1..=10_000 {
        let mut case = template.clone();
        case.id = format!("MIG-{number:05}");
        case.title = format!("Customer {number} Boulangerie Élysée");
        case.facts.insert(
            "pro_company_name".to_string(),
            text(&format!("Company {number}")),
        );
        let loaded = LoadedCase {
            path: harness.dir.path().join(format!("{}.yaml", case.id)),
            fingerprint: Fingerprint::of(0, case.id.as_bytes()),
            read_only: None,
            case,
        };
        harness
            .app
            .cases
            .put(loaded, &harness.app.catalog, harness.app.today);
    }
    queue::refresh(&mut harness.app);
    let loading = started.elapsed();
    assert_eq!(harness.app.queue.counts[4], 10_000);

    let started = Instant::now();
    harness.press("/company 9999");
    let typing = started.elapsed() / 12;
    assert_eq!(
        harness.app.queue.selected_id(&harness.app),
        Some("MIG-09999")
    );
    let started = Instant::now();
    for _ in 0..10 {
        render(&harness.app, 120, 40);
    }
    let drawing = started.elapsed() / 10;
    harness.press("<esc>G");
    let started = Instant::now();
    render(&harness.app, 120, 40);
    let drawing_at_the_end = started.elapsed();
    eprintln!(
        "10,000 cases: loaded in {loading:?}, {typing:?} per filter keystroke, {drawing:?} per frame ({drawing_at_the_end:?} at the last row)"
    );
    // Generous bounds for an unoptimised build on a busy machine; the
    // release build is an order of magnitude faster.
    assert!(
        typing < Duration::from_millis(400),
        "{typing:?} per keystroke"
    );
    assert!(
        drawing < Duration::from_millis(100),
        "{drawing:?} per frame"
    );
    assert!(drawing_at_the_end < Duration::from_millis(150));
}

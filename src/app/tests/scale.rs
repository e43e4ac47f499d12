//! Ten thousand cases held as summaries only: filtering, moving and drawing
//! the queue read the precomputed summaries and never need a case file.
//! (Their speed is measured in `benches/app.rs`, not here.)

use super::{Harness, render, text};
use crate::app::Cases;
use crate::app::persistence::LoadedCase;
use crate::app::queue;
use crate::engine::{Actor, new_case};
use crate::model::FactValue;
use crate::queue_index::QueueRow;
use crate::store::Fingerprint;

#[test]
fn ten_thousand_summaries_filter_and_draw_without_reading_a_case() {
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
    let rows: Vec<QueueRow> = (1..=10_000)
        .map(|number| {
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
            QueueRow::of(&loaded, Some(playbook), harness.app.today())
        })
        .collect();
    harness.app.cases = Cases::from_rows(&rows, &harness.app.catalog, harness.app.today());
    queue::refresh(&mut harness.app);
    assert_eq!(harness.app.queue.counts[4], 10_000);

    harness.press("/company 9999");
    assert_eq!(
        harness.app.queue.selected_id(&harness.app),
        Some("MIG-09999")
    );
    let screen = render(&harness.app, 120, 40);
    assert!(screen.contains("Customer 9999 Boulangerie"), "{screen}");
    harness.press("<esc>G");
    let screen = render(&harness.app, 120, 40);
    assert!(screen.contains("MIG-10000"), "{screen}");
    assert!(
        harness.app.cases.loaded_ids().is_empty(),
        "no case file is needed to filter, move or draw"
    );
}

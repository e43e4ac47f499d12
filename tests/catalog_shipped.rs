//! The shipped playbooks all pass the real linter and are all embedded.
#![allow(clippy::unwrap_used)]

use migdesk::catalog::Catalog;

#[test]
fn every_shipped_playbook_lints_clean() {
    let catalog = Catalog::shipped();
    let problems: Vec<String> = catalog.problems().iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let mut ids: Vec<&str> = catalog.entries().iter().map(|e| e.playbook.id()).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "offering-migration-support",
            "onprem-to-saas",
            "saas-pro-to-connect",
            "saas-to-local-install",
            "saas-to-virtual-office",
            "subscription-allocation",
            "undo-migration"
        ]
    );
}

//! How a sync commits the cases changed here: one commit per case, which a
//! repository that signs its commits (`commit.gpgsign`) gets signed — the
//! one-`fast-import` path cannot sign, so such a repository keeps a
//! `git commit` per case.
#![allow(clippy::unwrap_used)]

mod team_harness;

use std::os::unix::fs::PermissionsExt as _;

use team_harness::{Team, stdout};

/// A stand-in for gpg that "signs" anything: what git needs on its status
/// descriptor, and an armoured block.
const FAKE_GPG: &str = r#"#!/bin/sh
cat > /dev/null
printf '\n[GNUPG:] SIG_CREATED D 1 8 00 1700000000 FAKE\n' >&2
printf -- '-----BEGIN PGP SIGNATURE-----\n\nZmFrZQ==\n-----END PGP SIGNATURE-----\n'
"#;

#[test]
fn a_repository_that_signs_its_commits_gets_each_case_commit_signed() {
    let team = Team::new();
    let machines = team.with_members("alice", &[]);
    let alice = &machines[0];
    let gpg = team.root.path().join("fake-gpg");
    std::fs::write(&gpg, FAKE_GPG).unwrap();
    std::fs::set_permissions(&gpg, std::fs::Permissions::from_mode(0o755)).unwrap();
    for (key, value) in [
        ("commit.gpgsign", "true"),
        ("gpg.program", &gpg.to_string_lossy()),
        ("user.signingkey", "FAKE"),
    ] {
        assert!(alice.git(&["config", key, value]).status.success());
    }
    let first = alice.new_case("tiny-approval", "Salon Léa");
    let second = alice.new_case("tiny-approval", "Boulangerie Paul");
    let report = alice.json(&["sync", "--json"]);
    assert_eq!(report["committed"].as_array().unwrap().len(), 2, "{report}");
    for (revision, id) in [("HEAD", &second), ("HEAD~1", &first)] {
        let commit = stdout(&alice.git(&["cat-file", "commit", revision]));
        assert!(
            commit.contains("\ngpgsig "),
            "{revision} is signed: {commit}"
        );
        assert!(commit.contains(&format!("{id}: new case")), "{commit}");
    }
    let status = stdout(&alice.git(&["status", "--porcelain"]));
    assert_eq!(status, "");
}

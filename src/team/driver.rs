//! The merge driver git calls for a case file changed on both sides
//! (`migdesk team merge-driver %O %A %B %P`): both versions are read as
//! cases, merged by the engine, and the result written over "ours". A
//! version that does not read, or a playbook that is missing, fails the
//! merge (git then stops and the sync names the case) — it is never
//! resolved by picking a side.

use std::path::Path;

use crate::catalog::Catalog;
use crate::store::{DataDir, case_from_yaml, case_to_yaml};

/// Merges `theirs` into `ours` for the case file at `path` (relative to the
/// data directory). The error says which side and why.
pub fn merge_files(
    data_dir: &DataDir,
    ours: &Path,
    theirs: &Path,
    path: &str,
) -> Result<(), String> {
    let named = data_dir.root().join(path);
    let read = |file: &Path, side: &str| {
        let text = std::fs::read_to_string(file)
            .map_err(|error| format!("{path}: cannot read {side} version: {error}"))?;
        case_from_yaml(&named, &text)
            .map_err(|error| format!("{path}: {side} version does not read as a case: {error}"))
    };
    let our_case = read(ours, "this machine's")?;
    let their_case = read(theirs, "the team's")?;
    let catalog = Catalog::load(Some(&data_dir.playbooks_dir()));
    let playbook = catalog.get(&our_case.playbook).ok_or_else(|| {
        format!(
            "{path}: playbook `{}` is not installed, so the case cannot be merged",
            our_case.playbook
        )
    })?;
    let merged = crate::engine::merge(playbook, &[&our_case, &their_case])
        .map_err(|error| format!("{path}: {error}"))?;
    let text = case_to_yaml(&merged).map_err(|error| format!("{path}: {error}"))?;
    std::fs::write(ours, text).map_err(|error| format!("{path}: cannot write the merge: {error}"))
}

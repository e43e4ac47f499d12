//! Evaluating a case from its stored core instead of its file, and keeping
//! the cores file up to date. The cores are read only when they can spare
//! parsing: when the index was unusable (a playbook changed, an upgrade, a
//! deleted or damaged index) or rows of unchanged files must be evaluated
//! again (a new day). A core that is missing, for another key or that does
//! not decode means the file is parsed, as without any cores.

use std::path::Path;

use chrono::NaiveDate;

use super::case_core::CaseCore;
use super::core_cache::{self, Cores};
use super::scan::{self, Listed, Parsed};
use super::{FileKey, QueueRow, is_racy, journal};
use crate::catalog::Catalog;

/// Frames after the header beyond this many per live core, and the file is
/// rewritten with one frame per file.
const MAX_FRAMES_PER_CORE: usize = 2;

/// What a load knows of the cores file.
pub enum CoresState {
    /// Not needed by this load.
    NotRead,
    /// Missing, for another format or damaged: written anew.
    Unusable,
    Read(Cores),
}

impl CoresState {
    /// The cores file when `wanted`, read under the index's shared lock.
    pub fn read_if(cores_path: &Path, index_path: &Path, wanted: bool) -> CoresState {
        if !wanted {
            return CoresState::NotRead;
        }
        let _reading = journal::lock(index_path, false);
        match core_cache::read(cores_path) {
            Some(cores) => CoresState::Read(cores),
            None => CoresState::Unusable,
        }
    }

    pub fn usable(&self) -> Option<&Cores> {
        match self {
            CoresState::Read(cores) => Some(cores),
            CoresState::NotRead | CoresState::Unusable => None,
        }
    }

    /// Appends the cores of the files just parsed; rewrites the file with
    /// one frame per live file when it was unusable or mostly replaced
    /// frames, and when the index was rewritten (so that a file never read
    /// does not grow without end). `live` is every listed file's key.
    pub fn update(
        self,
        cores_path: &Path,
        index_path: &Path,
        live: &[(String, FileKey)],
        new_frames: &[(String, Vec<u8>)],
        index_rewritten: bool,
    ) {
        let state = match self {
            CoresState::NotRead if index_rewritten => {
                CoresState::read_if(cores_path, index_path, true)
            }
            CoresState::NotRead if new_frames.is_empty() => return,
            state => state,
        };
        let Some(_writing) = journal::lock(index_path, true) else {
            return;
        };
        let appended = || new_frames.iter().map(|(_, frame)| frame.as_slice());
        // A cache: when it cannot be written, the next load parses more.
        let _ = match state {
            CoresState::NotRead => core_cache::append(cores_path, appended()),
            CoresState::Read(cores)
                if !index_rewritten
                    && cores.frames + new_frames.len()
                        <= MAX_FRAMES_PER_CORE * live.len().max(cores.live()) =>
            {
                if new_frames.is_empty() {
                    return;
                }
                core_cache::append(cores_path, appended())
            }
            CoresState::Read(cores) => rewrite(cores_path, Some(&cores), live, new_frames),
            CoresState::Unusable => rewrite(cores_path, None, live, new_frames),
        };
    }
}

/// One frame per live file: the new one, else the stored one for its key.
fn rewrite(
    cores_path: &Path,
    cores: Option<&Cores>,
    live: &[(String, FileKey)],
    new_frames: &[(String, Vec<u8>)],
) -> std::io::Result<()> {
    let fresh: std::collections::HashMap<&str, &[u8]> = new_frames
        .iter()
        .map(|(name, frame)| (name.as_str(), frame.as_slice()))
        .collect();
    let frames = live.iter().filter_map(|(name, key)| {
        fresh
            .get(name.as_str())
            .copied()
            .or_else(|| cores?.frame(name, *key))
    });
    core_cache::rewrite(cores_path, frames)
}

/// Makes the row of one listed file, from its core when one is stored for
/// its key, else from the file.
pub struct Evaluator<'a> {
    pub cores: Option<&'a Cores>,
    pub catalog: &'a Catalog,
    pub today: NaiveDate,
    /// Unix seconds at the start of the load: newer files get no core.
    pub started: i64,
}

impl Evaluator<'_> {
    pub fn row_of(&self, listed: &Listed) -> Parsed {
        if let Some(row) = self.row_from_core(listed) {
            return Parsed::Row {
                row: Box::new(row),
                frame: None,
                from_core: true,
            };
        }
        match scan::read(listed) {
            Ok(Some(loaded)) => {
                let playbook = self.catalog.get(&loaded.case.playbook);
                let row = QueueRow::of(&loaded, playbook, self.today);
                let frame = listed
                    .key
                    .filter(|key| !is_racy(key, self.started))
                    .and_then(|key| {
                        let core = CaseCore::of(&loaded.case, loaded.read_only.as_deref());
                        core_cache::encode(&listed.name, key, &core)
                    });
                Parsed::Row {
                    row: Box::new(row),
                    frame,
                    from_core: false,
                }
            }
            Ok(None) => Parsed::Gone,
            Err(error) => Parsed::Broken(Box::new(error)),
        }
    }

    fn row_from_core(&self, listed: &Listed) -> Option<QueueRow> {
        let core = self.cores?.get(&listed.name, listed.key?)?;
        // A core speaks only for the file it names, as a row does.
        if listed.name.strip_suffix(".yaml") != Some(core.id.as_str()) {
            return None;
        }
        let case = core.to_case();
        let playbook = self.catalog.get(&case.playbook);
        Some(QueueRow::of_case(
            &case,
            core.read_only.as_deref(),
            playbook,
            self.today,
        ))
    }
}

//! The queue's summary index: per case file, what the queue and `migdesk
//! list` show (id, title, playbook, assignee, derived status, first
//! blocker, progress, due date, last change, fact values), so that opening
//! a queue of 100,000 cases reads one file and stats the case files instead
//! of parsing every one. The case files stay the source of truth: each row
//! is trusted only while its file's size, modification and change times
//! and inode are the ones it was computed from, and the whole index only
//! while its format, the migdesk version and the playbooks are the same;
//! anything else is parsed again (on every core) and the index brought up
//! to date. Deleting the index loses nothing. The format is in
//! `docs/performance.md`.

mod case_core;
mod core_cache;
mod file_key;
mod journal;
mod lead;
pub mod reader_check;
mod reevaluate;
mod scan;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, ValidPlaybook};
use crate::engine::{self, DerivedStatus, Evaluation, Progress};
use crate::model::{Case, RuleKind};
use crate::store::{CaseFileError, LoadedCase, Store};

pub use case_core::CaseCore;
pub use core_cache::cores_path;
pub use file_key::FileKey;
pub use journal::INDEX_FORMAT;
use journal::{Entry, Header};
pub use lead::Hold;

/// One case as the queue shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueRow {
    pub id: String,
    pub title: String,
    pub playbook: String,
    pub assignee: String,
    /// With the agent's UTC offset, as the case file has it.
    pub created: DateTime<FixedOffset>,
    /// When the last history event happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    /// Why the case may only be shown (written by a newer migdesk).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<String>,
    /// Every stored fact as `(id, value as typed)`, for filtering.
    #[serde(default)]
    pub facts: Vec<(String, String)>,
    /// Where the case stands; `None` when its playbook is not installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standing: Option<Standing>,
    /// Id, title, playbook, assignee, status, blocker and fact values in
    /// one string, what a typed filter is matched against. Derived from
    /// the fields above, so it is not stored.
    #[serde(skip)]
    pub search_text: String,
}

/// What `engine::evaluate` says of a case, reduced to what the queue shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standing {
    pub status: DerivedStatus,
    /// The first blocker's short reason, whether or not it blocks an open step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocker: Option<String>,
    pub done: usize,
    pub total: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Approval steps ready for a reviewer (the app's review tab).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub awaiting_review: Vec<String>,
    /// The rejection the assignee has still to act on (who and why).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes_requested: Option<engine::ChangesRequested>,
    /// When a done case was finished (only when done).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<DateTime<Utc>>,
    /// Each step of `awaiting_review` with since when it has waited.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review_waits: Vec<(String, DateTime<Utc>)>,
    /// The rules that hold a pending case up now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holds: Vec<Hold>,
}

impl Standing {
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done,
            total: self.total,
        }
    }

    /// Overdue depends on the day, so it is computed when read, never stored.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status.is_pending() && self.due.is_some_and(|due| today > due)
    }
}

impl Standing {
    /// The one place a standing is made from an evaluation: every field
    /// added here is in both the index and a row evaluated from the cores.
    pub fn of(case: &Case, playbook: Option<&ValidPlaybook>, evaluation: &Evaluation) -> Standing {
        Standing {
            status: evaluation.status,
            blocker: evaluation.blockers.first().map(|b| b.short_reason()),
            done: evaluation.progress.done,
            total: evaluation.progress.total,
            due: evaluation.due,
            changes_requested: evaluation.changes_requested.clone(),
            awaiting_review: evaluation
                .steps
                .iter()
                .filter(|step| step.awaiting_review)
                .map(|step| step.id.clone())
                .collect(),
            done_at: (evaluation.status == DerivedStatus::Done).then(|| lead::done_at(case)),
            review_waits: lead::review_waits(case, playbook, evaluation),
            holds: lead::holds(evaluation),
        }
    }
}

impl QueueRow {
    /// The row of a case as evaluated on `today` (`playbook` is `None` when not installed).
    pub fn of(loaded: &LoadedCase, playbook: Option<&ValidPlaybook>, today: NaiveDate) -> QueueRow {
        QueueRow::of_case(&loaded.case, loaded.read_only.as_deref(), playbook, today)
    }

    /// [`QueueRow::of`] of a case and what the store's reader said of it.
    pub fn of_case(
        case: &Case,
        read_only: Option<&str>,
        playbook: Option<&ValidPlaybook>,
        today: NaiveDate,
    ) -> QueueRow {
        let evaluation = playbook.map(|playbook| engine::evaluate(playbook, case, today));
        QueueRow::evaluated_case(case, read_only, playbook, evaluation.as_ref())
    }

    /// The row of a case already evaluated against `playbook` (both `None`
    /// when its playbook is not installed).
    pub fn evaluated(
        loaded: &LoadedCase,
        playbook: Option<&ValidPlaybook>,
        evaluation: Option<&Evaluation>,
    ) -> QueueRow {
        QueueRow::evaluated_case(
            &loaded.case,
            loaded.read_only.as_deref(),
            playbook,
            evaluation,
        )
    }

    fn evaluated_case(
        case: &Case,
        read_only: Option<&str>,
        playbook: Option<&ValidPlaybook>,
        evaluation: Option<&Evaluation>,
    ) -> QueueRow {
        let standing = evaluation.map(|evaluation| Standing::of(case, playbook, evaluation));
        let mut row = QueueRow {
            id: case.id.clone(),
            title: case.title.clone(),
            playbook: case.playbook.clone(),
            assignee: case.assignee.clone(),
            created: case.created,
            updated: case.history.last().map(|event| event.at),
            demo: case.demo,
            read_only: read_only.map(str::to_string),
            facts: case
                .facts
                .iter()
                .map(|(id, value)| (id.clone(), value.to_string()))
                .collect(),
            standing,
            search_text: String::new(),
        };
        row.fill_search_text();
        row
    }

    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.standing
            .as_ref()
            .is_some_and(|standing| standing.overdue(today))
    }

    fn fill_search_text(&mut self) {
        let mut text = String::with_capacity(128);
        let _ = write!(
            text,
            "{} {} {} {}",
            self.id, self.title, self.playbook, self.assignee
        );
        if let Some(standing) = &self.standing {
            text.push(' ');
            text.push_str(standing.status.as_str());
            if let Some(blocker) = &standing.blocker {
                text.push(' ');
                text.push_str(blocker);
            }
        }
        for (_, value) in &self.facts {
            text.push(' ');
            text.push_str(value);
        }
        self.search_text = text;
    }
}

/// How the index file was brought up to date by a load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexUpdate {
    /// Every row was current.
    Unchanged,
    /// This many lines were appended (changed, new or removed case files).
    Appended(usize),
    /// Written whole: it was missing, damaged, for other playbooks, or mostly replaced lines.
    Rewritten,
    /// The cache folder or the index could not be written; the next load tries again.
    NotWritten,
}

/// How a load went, for tests, benchmarks and the startup trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    /// Rows taken from the index as they were.
    pub reused: usize,
    /// Case files parsed and evaluated.
    pub parsed: usize,
    /// Cases evaluated again from their stored cores, without parsing.
    pub reevaluated: usize,
    pub update: IndexUpdate,
}

/// The queue: every readable case's row, sorted by id, and every case file
/// that could not be read, sorted by path (reported, never indexed).
#[derive(Debug)]
pub struct QueueLoad {
    pub rows: Vec<QueueRow>,
    pub errors: Vec<CaseFileError>,
    pub stats: IndexStats,
    /// Case id to its file's key as listed, before any row was read: a
    /// watcher that compares against these sees every later change.
    pub keys: HashMap<String, FileKey>,
}

/// How far a load has got, updated as it goes, for a progress line drawn
/// by another thread.
#[derive(Debug, Default)]
pub struct LoadProgress {
    files: AtomicUsize,
    to_parse: AtomicUsize,
    parsed: AtomicUsize,
}

/// A moment of a load: `files` is 0 until the cases folder is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressCounts {
    pub files: usize,
    /// Files the index could not answer for, to be parsed.
    pub to_parse: usize,
    pub parsed: usize,
}

impl LoadProgress {
    pub fn counts(&self) -> ProgressCounts {
        ProgressCounts {
            files: self.files.load(Ordering::Relaxed),
            to_parse: self.to_parse.load(Ordering::Relaxed),
            parsed: self.parsed.load(Ordering::Relaxed),
        }
    }
}

/// Files whose times are this close to the load are parsed again next time:
/// a file system's clock ticks coarsely, so an edit made just after it was
/// read could leave its times unchanged.
const RACY_SECONDS: i64 = 2;

pub struct QueueIndex;

impl QueueIndex {
    /// Where the index of the data directory `root` lives.
    pub fn path(root: &Path) -> PathBuf {
        journal::index_path(root)
    }

    /// The queue of `store`, from the index where it is current and from
    /// the case files where it is not; then the index is brought up to
    /// date, appending only what changed.
    pub fn load_or_rebuild(store: &Store, catalog: &Catalog, today: NaiveDate) -> QueueLoad {
        QueueIndex::load_with_progress(store, catalog, today, &LoadProgress::default())
    }

    /// [`QueueIndex::load_or_rebuild`], counting in `progress` as it goes.
    pub fn load_with_progress(
        store: &Store,
        catalog: &Catalog,
        today: NaiveDate,
        progress: &LoadProgress,
    ) -> QueueLoad {
        load_at(store, catalog, today, Utc::now().timestamp(), progress)
    }
}

/// [`QueueIndex::load_with_progress`] with the wall clock (Unix seconds)
/// that decides which files changed too recently to be indexed.
fn load_at(
    store: &Store,
    catalog: &Catalog,
    today: NaiveDate,
    started: i64,
    progress: &LoadProgress,
) -> QueueLoad {
    let index_path = QueueIndex::path(store.data_dir().root());
    let header = Header {
        format: INDEX_FORMAT,
        migdesk: env!("CARGO_PKG_VERSION").to_string(),
        catalog: format!("{:016x}", catalog_fingerprint(catalog)),
    };
    if let Some(cache_dir) = index_path.parent() {
        // A listing of the cache folder is a few entries: what a killed rewrite left goes now.
        journal::remove_stale_temporaries(cache_dir);
    }
    let previous = {
        let _reading = journal::lock(&index_path, false);
        journal::read(&index_path, &header)
    };
    let (mut known, previous_lines) = match previous {
        Some(contents) => {
            let lines = contents.entries.len() + contents.replaced_lines;
            (contents.entries, Some(lines))
        }
        None => (HashMap::new(), None),
    };
    let today_sensitive = playbooks_reading_today(catalog);

    let listing = scan::list(&store.data_dir().cases_dir());
    let keys: HashMap<String, FileKey> = listing
        .files
        .iter()
        .filter_map(|listed| {
            let id = listed.name.strip_suffix(".yaml")?;
            Some((id.to_string(), listed.key?))
        })
        .collect();
    progress.files.store(listing.files.len(), Ordering::Relaxed);
    let live_keys: Vec<(String, FileKey)> = listing
        .files
        .iter()
        .filter_map(|listed| Some((listed.name.clone(), listed.key?)))
        .collect();
    let mut errors = listing.errors;
    let mut reused: Vec<Entry> = Vec::new();
    // Stale rows of files that did not change: their cores answer for them.
    let mut same_file_again = 0;
    // With whether the index had a (now stale) line for the file.
    let mut to_parse: Vec<(scan::Listed, bool)> = Vec::new();
    for listed in listing.files {
        let Some(entry) = known.remove(&listed.name) else {
            to_parse.push((listed, false));
            continue;
        };
        let sensitive = entry
            .row
            .as_ref()
            .is_some_and(|row| today_sensitive.contains(row.playbook.as_str()));
        // A row speaks only for the file it names: a forged or misfiled
        // row must not show a case under another file's name.
        let names_its_file = entry
            .row
            .as_ref()
            .is_some_and(|row| listed.name.strip_suffix(".yaml") == Some(row.id.as_str()));
        let fresh = listed.key.is_some()
            && names_its_file
            && entry.key == listed.key
            && (!sensitive || entry.evaluated_on == Some(today));
        if fresh {
            reused.push(entry);
        } else {
            same_file_again += usize::from(listed.key.is_some() && entry.key == listed.key);
            to_parse.push((listed, true));
        }
    }
    // What is left names files that are gone.
    let mut removed: Vec<String> = known.into_keys().collect();

    progress.to_parse.store(to_parse.len(), Ordering::Relaxed);
    let cores_path = core_cache::cores_path(store.data_dir().root());
    let cores = reevaluate::CoresState::read_if(
        &cores_path,
        &index_path,
        !to_parse.is_empty() && (previous_lines.is_none() || same_file_again > 0),
    );
    let evaluator = reevaluate::Evaluator {
        cores: cores.usable(),
        catalog,
        today,
        started,
    };
    let parsed = scan::parse_all(
        &to_parse,
        || {
            progress.parsed.fetch_add(1, Ordering::Relaxed);
        },
        |listed| evaluator.row_of(listed),
    );
    let mut fresh_entries: Vec<Entry> = Vec::new();
    let mut unindexed_rows: Vec<QueueRow> = Vec::new();
    let mut new_frames: Vec<(String, Vec<u8>)> = Vec::new();
    let mut from_cores = 0;
    for ((listed, had_entry), outcome) in to_parse.iter().zip(parsed) {
        let row = match outcome {
            scan::Parsed::Gone => None,
            scan::Parsed::Broken(error) => {
                errors.push(*error);
                None
            }
            scan::Parsed::Row {
                row,
                frame,
                from_core,
            } => {
                from_cores += usize::from(from_core);
                new_frames.extend(frame.map(|frame| (listed.name.clone(), frame)));
                Some(*row)
            }
        };
        let key = listed.key.filter(|key| !is_racy(key, started));
        match (row, key) {
            (Some(row), Some(key)) => fresh_entries.push(Entry {
                file: listed.name.clone(),
                key: Some(key),
                evaluated_on: today_sensitive
                    .contains(row.playbook.as_str())
                    .then_some(today),
                row: Some(row),
            }),
            (row, _) => {
                unindexed_rows.extend(row);
                if *had_entry {
                    removed.push(listed.name.clone());
                }
            }
        }
    }

    let update = update_index(
        &index_path,
        &header,
        previous_lines,
        &reused,
        &fresh_entries,
        &removed,
    );

    cores.update(
        &cores_path,
        &index_path,
        &live_keys,
        &new_frames,
        update == IndexUpdate::Rewritten,
    );
    drop(live_keys);

    let stats = IndexStats {
        reused: reused.len(),
        parsed: to_parse.len() - from_cores,
        reevaluated: from_cores,
        update,
    };
    let mut rows: Vec<QueueRow> =
        Vec::with_capacity(reused.len() + fresh_entries.len() + unindexed_rows.len());
    rows.extend(
        reused
            .into_iter()
            .filter_map(|entry| entry.row)
            .map(|mut row| {
                row.fill_search_text();
                row
            }),
    );
    rows.extend(fresh_entries.into_iter().filter_map(|entry| entry.row));
    rows.extend(unindexed_rows);
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    QueueLoad {
        rows,
        errors,
        stats,
        keys,
    }
}

/// Appends what changed, or rewrites the index when it was unusable or
/// would be mostly replaced lines; `previous_lines` is `None` when the old
/// index could not be used.
fn update_index(
    path: &Path,
    header: &Header,
    previous_lines: Option<usize>,
    reused: &[Entry],
    fresh: &[Entry],
    removed: &[String],
) -> IndexUpdate {
    if previous_lines.is_some() && fresh.is_empty() && removed.is_empty() {
        return IndexUpdate::Unchanged;
    }
    let Some(_writing) = journal::lock(path, true) else {
        return IndexUpdate::NotWritten;
    };
    let live = reused.len() + fresh.len();
    let appended = fresh.len() + removed.len();
    let written = match previous_lines {
        Some(lines) if lines + appended - live <= live => {
            let removals: Vec<Entry> = removed
                .iter()
                .map(|file| Entry {
                    file: file.clone(),
                    key: None,
                    evaluated_on: None,
                    row: None,
                })
                .collect();
            journal::append(path, fresh.iter().chain(&removals))
                .map(|()| IndexUpdate::Appended(appended))
        }
        _ => journal::rewrite(path, header, reused.iter().chain(fresh))
            .map(|()| IndexUpdate::Rewritten),
    };
    written.unwrap_or(IndexUpdate::NotWritten)
}

fn is_racy(key: &FileKey, started: i64) -> bool {
    key.modified_seconds >= started - RACY_SECONDS || key.changed_seconds >= started - RACY_SECONDS
}

/// Identifies the installed playbooks' exact definitions: the derived
/// status of every case depends on them.
fn catalog_fingerprint(catalog: &Catalog) -> u64 {
    let mut text = Vec::new();
    for entry in catalog.entries() {
        // Serialising a parsed playbook cannot fail; an empty one still changes the hash.
        let json = serde_json::to_vec(entry.playbook.definition()).unwrap_or_default();
        text.extend_from_slice(&(json.len() as u64).to_le_bytes());
        text.extend_from_slice(&json);
    }
    journal::checksum(&text)
}

/// Whether a row of some installed playbook can change from one day to the
/// next (see [`playbooks_reading_today`]): a new day must then load the
/// queue again; otherwise only urgency, computed when read, changes.
pub fn any_playbook_reads_today(catalog: &Catalog) -> bool {
    !playbooks_reading_today(catalog).is_empty()
}

/// Playbooks whose derived status, first blocker, progress or due date
/// can change from one day to the next (a blocker, `when` or extra-days
/// condition reads `today`): their rows are evaluated again each day.
fn playbooks_reading_today(catalog: &Catalog) -> HashSet<String> {
    let reads_today = |condition: Option<&crate::expr::Condition>| {
        condition.is_some_and(|condition| condition.names().contains(&"today"))
    };
    catalog
        .entries()
        .iter()
        .map(|entry| &entry.playbook)
        .filter(|playbook| {
            let definition = playbook.definition();
            let blockers = definition.rules.iter().enumerate().any(|(index, rule)| {
                rule.kind == RuleKind::Blocker && reads_today(playbook.rule_condition(index))
            });
            let steps = definition
                .steps()
                .any(|(_, step)| reads_today(playbook.step_condition(&step.id)));
            let timing = definition.timing.as_ref().is_some_and(|timing| {
                (0..timing.extra.len())
                    .any(|index| reads_today(playbook.extra_day_condition(index)))
            });
            blockers || steps || timing
        })
        .map(|playbook| playbook.id().to_string())
        .collect()
}

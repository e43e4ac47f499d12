//! The playbooks migdesk knows: the shipped ones embedded in the binary and
//! the user's own from `<data dir>/playbooks/`. Parsing, linting and
//! reporting a broken playbook with its file, line and column live here.

mod lint;
mod valid;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

pub use lint::LintError;
pub use valid::ValidPlaybook;

use crate::model::Playbook;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_playbooks.rs"));
}

/// Playbook files larger than this are refused before parsing.
pub const MAX_PLAYBOOK_FILE_BYTES: u64 = 1024 * 1024;

/// A problem with one playbook file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaybookError {
    /// The file, as a path for the user's files or `assets/playbooks/NAME` for shipped ones.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for PlaybookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PlaybookError {}

/// Where a playbook came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Shipped,
    User(PathBuf),
}

#[derive(Debug, Clone)]
pub struct CatalogEntry {
    pub playbook: ValidPlaybook,
    pub origin: Origin,
    /// A user playbook that replaces a shipped one of the same id.
    pub overrides_shipped: bool,
}

/// Every usable playbook, by id, and every file that could not be used.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<CatalogEntry>,
    problems: Vec<PlaybookError>,
}

/// Parses and lints one playbook file's text; `file` names it in errors.
pub fn parse_playbook(file: &str, text: &str) -> Result<ValidPlaybook, Vec<PlaybookError>> {
    let definition: Playbook = serde_yaml::from_str(text).map_err(|error| {
        let location = error.location();
        vec![PlaybookError {
            file: file.to_string(),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message: format!(
                "{}; fix the YAML (see docs/playbooks.md for the format)",
                without_position(&error.to_string())
            ),
        }]
    })?;
    ValidPlaybook::new(definition).map_err(|errors| {
        errors
            .into_iter()
            .map(|error| PlaybookError {
                file: file.to_string(),
                line: None,
                column: None,
                message: error.to_string(),
            })
            .collect()
    })
}

/// serde_yaml puts "at line L column C" in its messages; the position is
/// already in front of ours, so it is not repeated.
pub fn without_position(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(index) = rest.find(" at line ") {
        out.push_str(&rest[..index]);
        let after = &rest[index + " at line ".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let tail = &after[digits..];
        match tail.strip_prefix(" column ") {
            Some(column) if digits > 0 => {
                let column_digits = column.len()
                    - column
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .len();
                rest = &column[column_digits..];
            }
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads a playbook file from disk, refusing oversized files before parsing.
pub fn read_playbook_file(path: &Path) -> Result<ValidPlaybook, Vec<PlaybookError>> {
    let file = path.display().to_string();
    let problem = |message: String| {
        vec![PlaybookError {
            file: file.clone(),
            line: None,
            column: None,
            message,
        }]
    };
    // Opened without blocking and checked on the handle: a FIFO or a link
    // to a device is refused unread, and so is an oversized file.
    let bytes = crate::store::safe_open::read_regular_file(
        path,
        crate::store::safe_open::Links::Follow,
        MAX_PLAYBOOK_FILE_BYTES,
    )
    .map_err(|error| {
        problem(format!(
            "cannot read: {error}; a playbook must be a regular file within the {MAX_PLAYBOOK_FILE_BYTES}-byte limit"
        ))
    })?;
    let text = String::from_utf8(bytes).map_err(|error| {
        problem(format!(
            "not valid UTF-8 at byte {}; save the file as UTF-8",
            error.utf8_error().valid_up_to()
        ))
    })?;
    parse_playbook(&file, &text)
}

impl Catalog {
    /// The shipped playbooks only.
    pub fn shipped() -> Catalog {
        Catalog::load(None)
    }

    /// The shipped playbooks plus every `*.yaml` in `user_dir` (if it exists).
    pub fn load(user_dir: Option<&Path>) -> Catalog {
        let mut catalog = Catalog::default();
        for (name, text) in embedded::EMBEDDED {
            match parse_playbook(&format!("assets/playbooks/{name}"), text) {
                Ok(playbook) => catalog.entries.push(CatalogEntry {
                    playbook,
                    origin: Origin::Shipped,
                    overrides_shipped: false,
                }),
                Err(errors) => catalog.problems.extend(errors),
            }
        }
        if let Some(dir) = user_dir {
            catalog.load_user_dir(dir);
        }
        catalog.check_alternatives();
        catalog
            .entries
            .sort_by(|a, b| a.playbook.id().cmp(b.playbook.id()));
        catalog
    }

    fn load_user_dir(&mut self, dir: &Path) {
        let Ok(listing) = fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = listing
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml")
            })
            .collect();
        paths.sort();
        for path in paths {
            match read_playbook_file(&path) {
                Ok(playbook) => self.add_user(playbook, path),
                Err(errors) => self.problems.extend(errors),
            }
        }
    }

    fn add_user(&mut self, playbook: ValidPlaybook, path: PathBuf) {
        if let Some(existing) = self
            .entries
            .iter_mut()
            .find(|e| e.playbook.id() == playbook.id())
        {
            if let Origin::User(first) = &existing.origin {
                self.problems.push(PlaybookError {
                    file: path.display().to_string(),
                    line: None,
                    column: None,
                    message: format!(
                        "playbook id `{}` is already defined by {}; rename one of them",
                        playbook.id(),
                        first.display()
                    ),
                });
                return;
            }
            *existing = CatalogEntry {
                playbook,
                origin: Origin::User(path),
                overrides_shipped: true,
            };
        } else {
            self.entries.push(CatalogEntry {
                playbook,
                origin: Origin::User(path),
                overrides_shipped: false,
            });
        }
    }

    /// An `alternative` must name a playbook that exists; otherwise the
    /// remedy would point nowhere, so the playbook is refused.
    fn check_alternatives(&mut self) {
        let ids: Vec<String> = self
            .entries
            .iter()
            .map(|e| e.playbook.id().to_string())
            .collect();
        let mut refused = Vec::new();
        for entry in &self.entries {
            for rule in &entry.playbook.definition().rules {
                if let Some(alternative) = &rule.alternative
                    && !ids.contains(alternative)
                {
                    refused.push(entry.playbook.id().to_string());
                    self.problems.push(PlaybookError {
                        file: match &entry.origin {
                            Origin::Shipped => {
                                format!("assets/playbooks/{}.yaml", entry.playbook.id())
                            }
                            Origin::User(path) => path.display().to_string(),
                        },
                        line: None,
                        column: None,
                        message: format!(
                            "rule `{}`: `alternative` names no known playbook `{alternative}`",
                            rule.id
                        ),
                    });
                }
            }
        }
        self.entries
            .retain(|e| !refused.iter().any(|id| id == e.playbook.id()));
    }

    pub fn get(&self, id: &str) -> Option<&ValidPlaybook> {
        self.entries
            .iter()
            .find(|e| e.playbook.id() == id)
            .map(|e| &e.playbook)
    }

    pub fn entries(&self) -> &[CatalogEntry] {
        &self.entries
    }

    pub fn problems(&self) -> &[PlaybookError] {
        &self.problems
    }

    /// A catalog of exactly the given playbooks (tests, tools).
    pub fn from_playbooks(playbooks: Vec<ValidPlaybook>) -> Catalog {
        let mut catalog = Catalog {
            entries: playbooks
                .into_iter()
                .map(|playbook| CatalogEntry {
                    playbook,
                    origin: Origin::Shipped,
                    overrides_shipped: false,
                })
                .collect(),
            problems: Vec::new(),
        };
        catalog.check_alternatives();
        catalog
    }
}

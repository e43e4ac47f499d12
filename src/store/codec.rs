//! Case ⇄ YAML text. Reading is defensive — a case file is hand-editable,
//! so anything in it may be wrong — and every refusal says where and why.

use std::path::Path;

use serde::Deserialize as _;
use serde_yaml::Value;

use super::error::{CaseFileError, CaseFileErrorKind, HINT_FIX_BY_HAND, StoreError};
use super::structure::check_structure;
use super::yaml_writer;
use crate::model::case::{CASE_SCHEMA, Case, is_valid_case_id};

/// No real case comes near this; a larger file is refused before it is read,
/// so a stray log or dump in the cases folder cannot stall the app.
pub const MAX_CASE_FILE_BYTES: u64 = 1024 * 1024;

const HINT_UPGRADE: &str = "upgrade migdesk to open it; this version will not change it";

/// The text migdesk writes for `case`.
pub fn case_to_yaml(case: &Case) -> Result<String, StoreError> {
    let unwritable = |reason: String| StoreError::Unwritable {
        id: case.id.clone(),
        reason,
    };
    let value = serde_yaml::to_value(case)
        .map_err(|error| unwritable(format!("it could not be turned into YAML ({error})")))?;
    yaml_writer::to_yaml_text(&value)
        .map_err(|reason| unwritable(format!("it could not be written as YAML: {reason}")))
}

/// Parses the text of the case file at `path`; `path` is used in messages and
/// its file stem must be the case id.
pub fn case_from_yaml(path: &Path, text: &str) -> Result<Case, CaseFileError> {
    let file_error =
        |kind, message: String, hint: &str| CaseFileError::new(path, kind, message, hint);
    if text.len() as u64 > MAX_CASE_FILE_BYTES {
        return Err(too_large(path, text.len() as u64));
    }
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    if !is_valid_case_id(stem) {
        return Err(not_a_case_file_name(path));
    }
    // Editors such as Notepad start UTF-8 files with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(offset) = text.find('\0') {
        let (line, column) = line_and_column(text, offset);
        return Err(file_error(
            CaseFileErrorKind::Invalid,
            "the file holds a NUL byte, which YAML text may not".to_string(),
            HINT_FIX_BY_HAND,
        )
        .at(line, column));
    }
    // Before the parser, whose time grows with the square of the nesting.
    if let Err(problem) = check_structure(text) {
        let (line, column) = problem.position();
        return Err(file_error(
            CaseFileErrorKind::Structure,
            problem.message(),
            HINT_FIX_BY_HAND,
        )
        .at(line, column));
    }

    let mut documents = serde_yaml::Deserializer::from_str(text).take(2);
    let first = match documents.next() {
        Some(document) => {
            Value::deserialize(document).map_err(|error| yaml_error(path, text, &error, None))?
        }
        None => Value::Null,
    };
    // The document iterator repeats a syntax error forever, so it is only
    // asked for a second document after the first one parsed.
    if documents.next().is_some() {
        let error = file_error(
            CaseFileErrorKind::MultipleDocuments,
            "the file holds more than one YAML document (a second `---` line); a case file holds exactly one case".to_string(),
            HINT_FIX_BY_HAND,
        );
        return Err(match second_document_line(text) {
            Some(line) => error.at(line, 1),
            None => error,
        });
    }
    if !first.is_mapping() {
        let found = match first {
            Value::Null => "nothing",
            Value::Sequence(_) => "a list",
            _ => "a single value",
        };
        return Err(file_error(
            CaseFileErrorKind::Invalid,
            format!(
                "the file holds {found}, not a case (`key: value` lines starting with `schema:`)"
            ),
            HINT_FIX_BY_HAND,
        ));
    }
    let newer_schema = first
        .get("schema")
        .and_then(Value::as_u64)
        .filter(|schema| *schema > u64::from(CASE_SCHEMA));

    // The document is already parsed; only a file that does not fit is
    // parsed again from its text, so that the error can say where.
    let case = match Case::deserialize(first) {
        Ok(case) => case,
        Err(_) => serde_yaml::from_str(text)
            .map_err(|error| yaml_error(path, text, &error, newer_schema))?,
    };
    if case.id != stem {
        let error = file_error(
            CaseFileErrorKind::IdMismatch,
            format!("the file says `id: {}` but is named {stem}.yaml", case.id),
            "make the id inside the file match the file name; migdesk will not write to it until they match",
        );
        return Err(match top_level_key_line(text, "id") {
            Some(line) => error.at(line, 1),
            None => error,
        });
    }
    Ok(case)
}

/// Like [`case_from_yaml`], for bytes as read from disk.
pub(crate) fn case_from_bytes(path: &Path, bytes: &[u8]) -> Result<Case, CaseFileError> {
    if bytes.len() as u64 > MAX_CASE_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        // The prefix up to `valid_up_to` is valid UTF-8 by definition.
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let (line, column) = line_and_column(valid, valid.len());
        CaseFileError::new(
            path,
            CaseFileErrorKind::InvalidUtf8,
            format!("the file is not UTF-8 text (bad byte at offset {})", error.valid_up_to()),
            "save it as UTF-8 in your editor, or restore it from a backup; migdesk will not write to it until it parses",
        )
        .at(line, column)
    })?;
    case_from_yaml(path, text)
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    (line, column)
}

pub(crate) fn too_large(path: &Path, len: u64) -> CaseFileError {
    CaseFileError::new(
        path,
        CaseFileErrorKind::TooLarge,
        format!(
            "the file is {len} bytes, more than a case file may be ({MAX_CASE_FILE_BYTES} bytes)"
        ),
        "no case grows this large; check what wrote it and move it out of the cases folder",
    )
}

pub(crate) fn not_a_case_file_name(path: &Path) -> CaseFileError {
    CaseFileError::new(
        path,
        CaseFileErrorKind::NotACaseFileName,
        "the file name is not a case id (MIG- followed by 4 to 9 digits, then .yaml)",
        "rename it to its case id, like MIG-0001.yaml, or move it out of the cases folder",
    )
}

fn yaml_error(
    path: &Path,
    text: &str,
    error: &serde_yaml::Error,
    newer_schema: Option<u64>,
) -> CaseFileError {
    let mut message = error.to_string();
    let location = error
        .location()
        .map(|location| (location.line(), location.column()));
    if let Some((line, column)) = location {
        message = message.replace(&format!(" at line {line} column {column}"), "");
    }
    let error = match newer_schema {
        Some(schema) => CaseFileError::new(
            path,
            CaseFileErrorKind::NewerSchema,
            format!(
                "written by a newer migdesk (case schema {schema}; this version reads schema {CASE_SCHEMA}) and not readable here: {message}"
            ),
            HINT_UPGRADE,
        ),
        None => CaseFileError::new(
            path,
            CaseFileErrorKind::Invalid,
            message.clone(),
            HINT_FIX_BY_HAND,
        ),
    };
    let location = duplicate_key_location(text, &message, location).or(location);
    match location {
        Some((line, column)) => error.at(line, column),
        None => error,
    }
}

/// The YAML library points a duplicate key at the start of its mapping; the
/// second occurrence of the key is what the reader needs to find.
fn duplicate_key_location(
    text: &str,
    message: &str,
    mapping_start: Option<(usize, usize)>,
) -> Option<(usize, usize)> {
    let (_, rest) = message.split_once("duplicate entry with key \"")?;
    let (key, _) = rest.split_once('"')?;
    let (start_line, start_column) = mapping_start?;
    let indent = start_column.saturating_sub(1);
    let spellings = [
        format!("{key}:"),
        format!("'{key}':"),
        format!("\"{key}\":"),
    ];
    text.lines()
        .enumerate()
        .skip(start_line.saturating_sub(1))
        .filter(|(_, line)| {
            let (Some(lead), Some(rest)) = (line.get(..indent), line.get(indent..)) else {
                return false;
            };
            lead.bytes().all(|b| b == b' ' || b == b'-')
                && spellings
                    .iter()
                    .any(|spelling| rest.starts_with(spelling.as_str()))
        })
        .nth(1)
        .map(|(index, _)| (index + 1, indent + 1))
}

fn top_level_key_line(text: &str, key: &str) -> Option<usize> {
    let prefix = format!("{key}:");
    text.lines()
        .position(|line| line.starts_with(&prefix))
        .map(|index| index + 1)
}

fn second_document_line(text: &str) -> Option<usize> {
    let mut seen_content = false;
    for (index, line) in text.lines().enumerate() {
        let is_marker = line == "---" || line.starts_with("--- ");
        if is_marker && seen_content {
            return Some(index + 1);
        }
        if !is_marker && !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            seen_content = true;
        }
    }
    None
}

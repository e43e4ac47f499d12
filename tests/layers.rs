//! The layering holds: the engine, model, expression language, calendar,
//! catalog and store know nothing of the terminal, and the engine does no I/O.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(path).unwrap() {
        files.extend(rust_files(&entry.unwrap().path()));
    }
    files
}

fn offenders(modules: &[&str], forbidden: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for module in modules {
        for file in rust_files(&src.join(module)) {
            let text = fs::read_to_string(&file).unwrap();
            for (number, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                for word in forbidden {
                    if code.contains(word) {
                        found.push(format!(
                            "{}:{}: {}",
                            file.display(),
                            number + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn core_modules_do_not_touch_the_terminal() {
    let core = [
        "engine",
        "model",
        "expr",
        "catalog",
        "store",
        "calendar.rs",
        "template.rs",
        "sanitize.rs",
        "stats",
    ];
    let found = offenders(&core, &["ratatui", "crossterm", "crate::tui", "crate::app"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_engine_is_pure() {
    let found = offenders(
        &["engine", "expr", "calendar.rs", "template.rs", "stats"],
        &[
            "std::fs",
            "std::io",
            "std::env",
            "std::process",
            "Utc::now",
            "Local::now",
            "SystemTime",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

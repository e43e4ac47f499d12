//! Embeds every `assets/playbooks/*.yaml` in the binary, so the shipped
//! playbooks need no installation and a new file needs no code change.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let dir = Path::new("assets/playbooks");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".yaml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from(
        "/// `(file name, contents)` of every shipped playbook.\npub const EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for name in &files {
        println!("cargo::rerun-if-changed={}/{name}", dir.display());
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/assets/playbooks/{name}\"))),"
        );
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("embedded_playbooks.rs");
    if let Err(error) = fs::write(&out, code) {
        panic!("cannot write {}: {error}", out.display());
    }
}

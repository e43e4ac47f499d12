//! The case loader on arbitrary bytes: it must never panic, and a case it
//! accepts must write back to a file that reads back the same.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use migdesk::store::{case_from_yaml, case_to_yaml};

fuzz_target!(|data: &[u8]| {
    // The store refuses invalid UTF-8 before the YAML parser sees it.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("cases/MIG-0001.yaml");
    let Ok(case) = case_from_yaml(path, text) else {
        return;
    };
    // Some loadable cases cannot be written (a key too long for a plain
    // YAML key); the store refuses to save those, which is fine.
    let Ok(written) = case_to_yaml(&case) else {
        return;
    };
    let reread = case_from_yaml(path, &written).expect("a file migdesk writes reads back");
    assert_eq!(
        case_to_yaml(&reread).expect("a case read back writes again"),
        written
    );
});

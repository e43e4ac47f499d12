//! The README's key table is the keymap: each view's keys and what they do,
//! written from the keymap the app answers keys with when the config file
//! binds none.
#![allow(clippy::unwrap_used)]

use migdesk::app::Context;
use migdesk::tui::keymap::{Bound, Keymap, display_key, takes_text};

/// Every context, under the name the README gives it, in the README's order.
const VIEWS: [(&str, Context); 15] = [
    ("Welcome (no cases yet)", Context::Welcome),
    ("Queue", Context::Queue),
    ("Queue, typing a filter", Context::QueueFilter),
    ("Case, checklist", Context::Case),
    ("Case, facts", Context::CaseFacts),
    ("Case, typing a fact's value", Context::FactInput),
    ("Review mode", Context::Review),
    ("New case, choosing the playbook", Context::PlaybookPicker),
    ("New case, a text field", Context::NewCaseText),
    ("New case, a yes/no or choice field", Context::NewCaseChoice),
    ("A question (yes or no)", Context::Confirm),
    ("A dialog asking for text", Context::Prompt),
    ("A dialog listing values", Context::Picker),
    ("A message", Context::Message),
    ("Help", Context::Help),
];

fn rows(bindings: &[Bound]) -> String {
    bindings
        .iter()
        .map(|binding| {
            let keys: Vec<String> = binding
                .keys
                .iter()
                .map(|key| format!("`{}`", display_key(key)))
                .collect();
            format!("| {} | {} |\n", keys.join(" "), binding.description)
        })
        .collect()
}

/// The key table as the README must have it.
fn key_table() -> String {
    let keymap = Keymap::default();
    let mut text = String::from("**Everywhere**\n\n| keys | what they do |\n| --- | --- |\n");
    text.push_str(&rows(keymap.global_bindings()));
    for (name, context) in VIEWS {
        text.push_str(&format!(
            "\n**{name}**\n\n| keys | what they do |\n| --- | --- |\n"
        ));
        text.push_str(&rows(keymap.own_bindings(context)));
        if takes_text(context) {
            let (keys, what) = keymap.help_lines(context).pop().unwrap();
            text.push_str(&format!("| {keys} | {what} |\n"));
        }
    }
    text
}

#[test]
fn the_readme_key_table_is_the_keymap() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = key_table();
    assert!(
        readme.contains(&table),
        "README.md's key table differs from the keymap; it should read:\n\n{table}"
    );
}

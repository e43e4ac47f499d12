//! The keymap tables and the key-string parser.
#![allow(clippy::unwrap_used)]

use super::*;
use crossterm::event::KeyEventKind;

const ALL_CONTEXTS: [Context; 17] = [
    Context::Welcome,
    Context::Queue,
    Context::QueueFilter,
    Context::Case,
    Context::CaseFacts,
    Context::FactInput,
    Context::Review,
    Context::Dashboard,
    Context::PlaybookPicker,
    Context::NewCaseText,
    Context::NewCaseChoice,
    Context::Confirm,
    Context::Prompt,
    Context::Picker,
    Context::Message,
    Context::Help,
    Context::History,
];

fn key(text: &str) -> KeyEvent {
    let keys = parse_keys(text).unwrap();
    assert_eq!(keys.len(), 1, "{text}");
    keys[0]
}

#[test]
fn parses_characters_and_named_keys_in_a_run() {
    let keys = parse_keys("n<down><enter>").unwrap();
    assert_eq!(
        keys,
        vec![
            KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
        ]
    );
}

#[test]
fn parses_modifiers_space_and_escapes() {
    assert_eq!(key("<esc>").code, KeyCode::Esc);
    assert_eq!(key("<space>").code, KeyCode::Char(' '));
    assert_eq!(
        key("<c-c>"),
        KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
    );
    assert_eq!(key("<a-x>").modifiers, KeyModifiers::ALT);
    assert_eq!(
        key("<c-left>"),
        KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL)
    );
    assert_eq!(key("<lt>").code, KeyCode::Char('<'));
    assert_eq!(key("<s-tab>").code, KeyCode::BackTab);
    assert_eq!(parse_keys("é 🎉").unwrap().len(), 3);
    assert_eq!(parse_keys("").unwrap(), vec![]);
}

#[test]
fn refuses_unknown_and_unclosed_names() {
    let unknown = parse_keys("a<nope>").unwrap_err();
    assert!(unknown.reason.contains("<nope>"), "{unknown}");
    let unclosed = parse_keys("<enter").unwrap_err();
    assert!(unclosed.reason.contains("never closed"), "{unclosed}");
    assert!(parse_keys("<x-c>").is_err());
}

#[test]
fn every_key_of_every_table_parses_to_one_key() {
    for context in ALL_CONTEXTS {
        for binding in bindings(context) {
            for text in binding.keys {
                let keys = parse_keys(text).unwrap();
                assert_eq!(keys.len(), 1, "{context:?}: {text}");
            }
        }
    }
}

#[test]
fn no_key_is_bound_twice_in_a_context() {
    for context in ALL_CONTEXTS {
        let mut seen: Vec<(Key, &str)> = Vec::new();
        for binding in bindings(context) {
            for text in binding.keys {
                let pressed = Key::from_event(key(text));
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == pressed) {
                    panic!("{context:?}: {text} is bound twice (also as {first})");
                }
                seen.push((pressed, text));
            }
        }
    }
}

#[test]
fn every_context_can_quit_and_leave() {
    for context in ALL_CONTEXTS {
        assert_eq!(action_for(context, key("<c-c>")), Some(Action::Quit));
        assert_eq!(action_for(context, key("<c-z>")), Some(Action::Suspend));
        let leaves = bindings(context)
            .any(|b| matches!(b.action, Action::Back | Action::Quit | Action::ClearFilter));
        assert!(leaves, "{context:?} has no way out");
        assert!(
            !footer(context).is_empty(),
            "{context:?} has an empty footer"
        );
    }
}

#[test]
fn looks_up_keys_per_context() {
    assert_eq!(action_for(Context::Queue, key("j")), Some(Action::Down));
    assert_eq!(
        action_for(Context::Queue, key("<down>")),
        Some(Action::Down)
    );
    assert_eq!(action_for(Context::Queue, key("G")), Some(Action::Bottom));
    assert_eq!(
        action_for(Context::Case, key("<space>")),
        Some(Action::Toggle)
    );
    assert_eq!(action_for(Context::Case, key("x")), Some(Action::Toggle));
    assert_eq!(action_for(Context::Review, key("A")), Some(Action::Approve));
    assert_eq!(action_for(Context::Review, key("a")), None);
    assert_eq!(action_for(Context::Case, key("<f1>")), None);
}

#[test]
fn shift_is_part_of_a_character_but_not_of_a_match() {
    let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(action_for(Context::Queue, shifted), Some(Action::Bottom));
    let shift_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::NONE);
    assert_eq!(
        action_for(Context::Queue, shift_tab),
        Some(Action::PreviousTab)
    );
}

#[test]
fn text_contexts_type_what_they_do_not_bind() {
    assert_eq!(
        action_for(Context::QueueFilter, key("j")),
        Some(Action::Edit(InputRequest::InsertChar('j')))
    );
    assert_eq!(
        action_for(Context::Prompt, key("<space>")),
        Some(Action::Edit(InputRequest::InsertChar(' ')))
    );
    assert_eq!(
        action_for(Context::Prompt, key("<bs>")),
        Some(Action::Edit(InputRequest::DeletePrevChar))
    );
    assert_eq!(
        action_for(Context::Prompt, key("<enter>")),
        Some(Action::Confirm)
    );
    assert_eq!(action_for(Context::Queue, key("z")), None);
}

#[test]
fn release_events_do_nothing() {
    let mut release = key("j");
    release.kind = KeyEventKind::Release;
    assert_eq!(action_for(Context::Queue, release), None);
}

#[test]
fn help_lists_every_binding_and_the_footer_is_a_subset() {
    for context in ALL_CONTEXTS {
        let help = help_lines(context);
        for binding in bindings(context) {
            let shown = display_keys(binding.keys);
            assert!(
                help.iter()
                    .any(|(keys, what)| *keys == shown && *what == binding.description),
                "{context:?}: {shown} missing from help"
            );
        }
        for (keys, what) in footer(context) {
            assert!(help.iter().any(|(k, w)| k.starts_with(&keys) && *w == what));
        }
    }
}

#[test]
fn keys_are_shown_the_way_people_read_them() {
    assert_eq!(display_keys(&["j", "<down>"]), "j ↓");
    assert_eq!(display_key("<c-c>"), "Ctrl-C");
    assert_eq!(display_key("<esc>"), "Esc");
    assert_eq!(display_key("<s-tab>"), "Shift-Tab");
}

//! The config file's bindings over the shipped tables.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use super::*;

fn line(context: &str, action: &str, keys: &[&str], number: usize) -> UserBinding {
    UserBinding {
        context: context.to_string(),
        action: action.to_string(),
        keys: Some(keys.iter().map(|key| key.to_string()).collect()),
        place: Place {
            path: PathBuf::from("config.toml"),
            line: number,
            column: 1,
        },
    }
}

fn press(keymap: &Keymap, context: Context, key: &str) -> Option<Action> {
    keymap.action_for(context, parse_keys(key).unwrap()[0])
}

#[test]
fn a_binding_replaces_that_actions_keys_in_that_view_only() {
    let (keymap, warnings) = Keymap::with_user(&[line("queue", "quit", &["Q"], 3)]);
    assert_eq!(warnings, vec![]);
    assert_eq!(press(&keymap, Context::Queue, "Q"), Some(Action::Quit));
    assert_eq!(press(&keymap, Context::Queue, "q"), None);
    assert_eq!(press(&keymap, Context::Welcome, "q"), Some(Action::Quit));
    assert!(
        keymap
            .help_lines(Context::Queue)
            .contains(&("Q".to_string(), "quit".to_string()))
    );
    assert!(
        keymap
            .footer(Context::Queue)
            .contains(&("Q".to_string(), "quit".to_string()))
    );
    assert!(
        !keymap
            .footer(Context::Queue)
            .contains(&("q".to_string(), "quit".to_string()))
    );
}

#[test]
fn a_bad_binding_loses_only_itself_and_says_where_it_is() {
    let mut not_a_list = line("queue", "open", &[], 5);
    not_a_list.keys = None;
    let lines = [
        line("queue", "quit", &["Q"], 2),
        line("queue", "open", &["<entr>", "o"], 3),
        line("queue", "fly", &["f"], 4),
        not_a_list,
        line("qeue", "quit", &["x"], 6),
        line("queue", "start_filter", &["ab"], 7),
        line("queue_filter", "accept_filter", &["x"], 8),
        line("global", "suspend", &["z"], 9),
    ];
    let (keymap, warnings) = Keymap::with_user(&lines);
    let places: Vec<usize> = warnings.iter().map(|warning| warning.place.line).collect();
    assert_eq!(places, vec![3, 4, 5, 6, 7, 8, 9], "{warnings:#?}");
    let text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert!(
        text[0].starts_with("config.toml:3:1: ") && text[0].contains("<entr>"),
        "{}",
        text[0]
    );
    assert!(
        text[1].contains("`fly` is not an action") && text[1].contains("start_filter"),
        "{}",
        text[1]
    );
    assert!(text[2].contains("a list of keys"), "{}", text[2]);
    assert!(
        text[3].contains("no view `qeue`") && text[3].contains("queue_filter"),
        "{}",
        text[3]
    );
    assert!(text[4].contains("2 keys"), "{}", text[4]);
    assert!(text[5].contains("stop you typing"), "{}", text[5]);
    assert!(text[6].contains("stop you typing"), "{}", text[6]);
    // The good line applies; the bad ones leave the shipped keys.
    assert_eq!(press(&keymap, Context::Queue, "Q"), Some(Action::Quit));
    assert_eq!(
        press(&keymap, Context::Queue, "<enter>"),
        Some(Action::Open)
    );
    assert_eq!(press(&keymap, Context::Queue, "o"), None);
    assert_eq!(
        press(&keymap, Context::Queue, "/"),
        Some(Action::StartFilter)
    );
    assert_eq!(
        press(&keymap, Context::Queue, "<c-z>"),
        Some(Action::Suspend)
    );
}

#[test]
fn a_key_two_actions_claim_goes_to_the_line_in_the_file_and_is_reported() {
    let (keymap, warnings) = Keymap::with_user(&[line("queue", "quit", &["j"], 4)]);
    assert_eq!(press(&keymap, Context::Queue, "j"), Some(Action::Quit));
    assert_eq!(press(&keymap, Context::Queue, "<down>"), Some(Action::Down));
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let warning = warnings[0].to_string();
    assert!(warning.starts_with("config.toml:4:1: "), "{warning}");
    assert!(
        warning.contains("`quit`") && warning.contains("`down` keeps ↓"),
        "{warning}"
    );
}

#[test]
fn between_two_lines_of_the_file_the_first_keeps_the_key() {
    let (keymap, warnings) = Keymap::with_user(&[
        line("queue", "open", &["x"], 2),
        line("queue", "cycle_sort", &["x"], 3),
    ]);
    assert_eq!(press(&keymap, Context::Queue, "x"), Some(Action::Open));
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0]
            .to_string()
            .contains("`cycle_sort` has no key left"),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_view_key_that_hides_a_global_one_is_reported() {
    let (keymap, warnings) = Keymap::with_user(&[line("queue", "open", &["<c-c>"], 2)]);
    assert_eq!(press(&keymap, Context::Queue, "<c-c>"), Some(Action::Open));
    assert_eq!(press(&keymap, Context::Case, "<c-c>"), Some(Action::Quit));
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].message.contains("hides its global `quit`"),
        "{}",
        warnings[0]
    );
}

#[test]
fn an_empty_list_unbinds_and_the_action_leaves_help_and_footer() {
    let (keymap, warnings) = Keymap::with_user(&[line("queue", "cycle_sort", &[], 2)]);
    assert_eq!(warnings, vec![]);
    assert_eq!(press(&keymap, Context::Queue, "s"), None);
    assert!(
        keymap
            .help_lines(Context::Queue)
            .iter()
            .all(|(_, what)| *what != "sort")
    );
    assert!(
        keymap
            .footer(Context::Queue)
            .iter()
            .all(|(_, what)| *what != "sort")
    );
}

#[test]
fn the_shipped_keymap_answers_as_the_tables_say() {
    let keymap = Keymap::default();
    for context in Context::iter() {
        for binding in own_bindings(context) {
            for key in binding.keys {
                assert_eq!(
                    press(&keymap, context, key),
                    Some(binding.action.clone()),
                    "{key} in {context:?}"
                );
            }
        }
    }
}

#[test]
fn every_default_table_line_read_back_changes_nothing() {
    let text = default_tables().replace("\n# ", "\n");
    let file = crate::config::parse(std::path::Path::new("keys.toml"), &text).unwrap();
    let config = crate::config::resolve(
        crate::config::Overrides::default(),
        Some(PathBuf::from("keys.toml")),
        Some(file),
    );
    assert!(config.keys.len() > 50, "{}", config.keys.len());
    let (keymap, warnings) = Keymap::with_user(&config.keys);
    assert_eq!(warnings, vec![]);
    let shipped = Keymap::default();
    for context in Context::iter() {
        assert_eq!(
            keymap.help_lines(context),
            shipped.help_lines(context),
            "{context:?}"
        );
        assert_eq!(
            keymap.footer(context),
            shipped.footer(context),
            "{context:?}"
        );
    }
}

#[test]
fn action_and_view_names_are_snake_case() {
    assert_eq!(action_name(&Action::OpenEditor), "open_editor");
    assert_eq!(action_name(&Action::Quit), "quit");
    assert_eq!(context_name(Context::QueueFilter), "queue_filter");
}

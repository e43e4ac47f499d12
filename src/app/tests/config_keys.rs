//! Keys and colours from the config file, in the app.

use super::*;
use crate::app::Context;
use crate::config::{Place, UserBinding};
use crate::tui::keymap::Keymap;

fn rebind(harness: &mut Harness, context: &str, action: &str, keys: &[&str]) {
    let line = UserBinding {
        context: context.to_string(),
        action: action.to_string(),
        keys: Some(keys.iter().map(|key| key.to_string()).collect()),
        place: Place {
            path: "config.toml".into(),
            line: 1,
            column: 1,
        },
    };
    let (keymap, warnings) = Keymap::with_user(&[line]);
    assert!(warnings.is_empty(), "{warnings:?}");
    harness.app.keymap = keymap;
}

#[test]
fn a_rebound_key_opens_the_case_and_help_and_footer_show_it() {
    let mut harness = Harness::demo();
    rebind(&mut harness, "queue", "open", &["o", "<f2>"]);
    harness.press("<enter>");
    assert_eq!(
        harness.app.context(),
        Context::Queue,
        "Enter no longer opens"
    );
    let screen = harness.render(120, 40);
    let footer = screen.lines().last().unwrap_or_default();
    assert!(footer.contains("o open case"), "{footer}");
    assert!(!footer.contains("Enter open case"), "{footer}");
    harness.press("?");
    let help = harness.render(120, 40);
    assert!(help.contains("o F2"), "{help}");
    assert!(!help.contains("Enter      open case"), "{help}");
    harness.press("<esc>");
    harness.press("o");
    assert_eq!(harness.app.context(), Context::Case);
}

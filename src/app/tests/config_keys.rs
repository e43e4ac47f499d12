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

fn colours(harness: &Harness) -> Vec<ratatui::style::Color> {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(&harness.app, frame.area()))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    buffer
        .content()
        .iter()
        .flat_map(|cell| [cell.fg, cell.bg])
        .collect()
}

#[test]
fn the_light_theme_and_a_colour_from_the_file_reach_the_screen() {
    use crate::tui::render::theme::{Palette, Theme};
    use ratatui::style::Color;
    let text = "theme = \"light\"\n[colors]\naccent = \"#123456\"\n";
    let file = crate::config::parse(std::path::Path::new("config.toml"), text).unwrap();
    let config = crate::config::resolve(crate::config::Overrides::default(), None, Some(file));
    let mut harness = Harness::demo();
    harness.open("MIG-0001");
    let dark = colours(&harness);
    assert!(dark.contains(&Color::Cyan) && dark.contains(&Color::Red));
    harness.app.theme = Theme {
        color: true,
        palette: Palette::named(config.theme.value).with(&config.colors),
    };
    let light = colours(&harness);
    assert!(
        light.contains(&Color::Rgb(0x12, 0x34, 0x56)),
        "the file's accent"
    );
    assert!(
        light.contains(&Palette::LIGHT.danger.unwrap()),
        "the light theme's danger"
    );
    assert!(!light.contains(&Color::Cyan) && !light.contains(&Color::Red));
}

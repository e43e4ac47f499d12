//! Keys, colours and the log from the settings, in the app.

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

/// What the app logs while `run` runs, at `level`.
fn logged(level: tracing::level_filters::LevelFilter, run: impl FnOnce()) -> String {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Shared {
        fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buffer);
            Ok(buffer.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let shared = Shared::default();
    let writer = shared.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(level)
        .with_ansi(false)
        .finish();
    tracing::subscriber::with_default(subscriber, run);
    let bytes = shared.0.lock().unwrap().clone();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn a_change_the_app_refuses_is_logged_with_its_rule_and_details_only_at_trace() {
    use tracing::level_filters::LevelFilter;
    let mut harness = Harness::demo();
    harness.open("MIG-0007");
    harness.select_step("explain_support");
    let warn = logged(LevelFilter::WARN, || harness.press("<space>"));
    assert!(
        warn.contains("change refused case=MIG-0007 rule=needs"),
        "{warn}"
    );
    assert!(!warn.contains("TRACE"), "{warn}");
    harness.press("<esc>");
    let trace = logged(LevelFilter::TRACE, || harness.press("<space>"));
    assert!(trace.contains("refusal details case=MIG-0007"), "{trace}");
}

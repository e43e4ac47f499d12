//! Reading the file and resolving every setting in the one order.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use ratatui::style::Color;

use super::*;

const FILE: &str = r##"
data_dir = "/from/file"
language = "en"
theme = "light"
calendar = "mon-fri"

[user]
name = "file person"
email = "file@example.com"

[colors]
warning = "#112233"
accent = "light-blue"

[log]
level = "debug"

[team]
sync = false
interval_seconds = 60

[keys.queue]
quit = ["Q"]
"##;

fn file() -> FileConfig {
    parse(Path::new("config.toml"), FILE).unwrap()
}

fn flag<T>(value: T) -> Option<Given<T>> {
    Some(Given {
        value,
        source: Source::Flag,
    })
}

fn resolved(overrides: Overrides, file: Option<FileConfig>) -> Config {
    resolve(overrides, Some(PathBuf::from("config.toml")), file)
}

/// Every setting as the flags would give it, or the variables.
fn overrides(source: Source) -> Overrides {
    fn with<T>(value: T, source: Source) -> Option<Given<T>> {
        Some(Given { value, source })
    }
    Overrides {
        config_file: None,
        user: with("given person".to_string(), source),
        email: with("given@example.com".to_string(), source),
        data_dir: with(PathBuf::from("/given"), source),
        language: with(Language::En, source),
        theme: with(ThemeName::Dark, source),
        calendar: with(Calendar::MondayToFriday, source),
        log_level: with(LogLevel::Error, source),
        sync: with(true, source),
        sync_interval_seconds: with(900, source),
    }
}

#[test]
fn the_file_beats_the_defaults_for_every_setting() {
    let defaults = resolved(Overrides::default(), None);
    let config = resolved(Overrides::default(), Some(file()));
    assert!(config.file_read && !defaults.file_read);
    assert_eq!(config.user.value, "file person");
    assert_eq!(config.email.value.as_deref(), Some("file@example.com"));
    assert_eq!(
        config.data_dir.value.as_deref(),
        Some(Path::new("/from/file"))
    );
    assert_eq!(config.theme.value, ThemeName::Light);
    assert_eq!(config.log_level.value, LogLevel::Debug);
    assert!(!config.team.sync.value);
    assert_eq!(config.team.interval_seconds.value, 60);
    assert_eq!(
        config.colors.warning,
        Some(ColorValue(Color::Rgb(0x11, 0x22, 0x33)))
    );
    assert_eq!(config.colors.accent, Some(ColorValue(Color::LightBlue)));
    for source in [
        config.user.source,
        config.email.source,
        config.data_dir.source,
        config.language.source,
        config.theme.source,
        config.calendar.source,
        config.log_level.source,
        config.team.sync.source,
        config.team.interval_seconds.source,
    ] {
        assert_eq!(source, Source::File);
    }
    assert_eq!(defaults.theme.value, ThemeName::Dark);
    assert_eq!(defaults.log_level.value, LogLevel::Warn);
    assert!(defaults.team.sync.value);
    assert_eq!(
        defaults.team.interval_seconds.value,
        DEFAULT_SYNC_INTERVAL_SECONDS
    );
    assert_eq!(defaults.email.value, None);
    assert_eq!(defaults.user.value, login_name());
    assert_eq!(defaults.data_dir.value, paths::data_dir());
    assert_eq!(defaults.user.source, Source::Default);
}

#[test]
fn a_variable_beats_the_file_and_a_flag_is_recorded_as_one() {
    for expected in [Source::Environment, Source::Flag] {
        let config = resolved(overrides(expected), Some(file()));
        assert_eq!(config.user.value, "given person");
        assert_eq!(config.email.value.as_deref(), Some("given@example.com"));
        assert_eq!(config.data_dir.value.as_deref(), Some(Path::new("/given")));
        assert_eq!(config.theme.value, ThemeName::Dark);
        assert_eq!(config.log_level.value, LogLevel::Error);
        assert!(config.team.sync.value);
        assert_eq!(config.team.interval_seconds.value, 900);
        for source in [
            config.user.source,
            config.email.source,
            config.data_dir.source,
            config.language.source,
            config.theme.source,
            config.calendar.source,
            config.log_level.source,
            config.team.sync.source,
            config.team.interval_seconds.source,
        ] {
            assert_eq!(source, expected);
        }
    }
}

#[test]
fn key_bindings_keep_their_place_in_the_file() {
    let config = resolved(Overrides::default(), Some(file()));
    assert_eq!(
        config.keys,
        vec![UserBinding {
            context: "queue".to_string(),
            action: "quit".to_string(),
            keys: Some(vec!["Q".to_string()]),
            place: Place {
                path: PathBuf::from("config.toml"),
                line: 23,
                column: 1,
            },
        }]
    );
}

#[test]
fn a_single_key_may_be_written_without_a_list_and_other_shapes_are_kept_for_a_warning() {
    let text = "[keys.queue]\nquit = \"Q\"\nopen = 3\nup = [\"k\", 4]\n";
    let config = resolved(
        Overrides::default(),
        Some(parse(Path::new("c.toml"), text).unwrap()),
    );
    let keys: Vec<(&str, Option<Vec<String>>)> = config
        .keys
        .iter()
        .map(|binding| (binding.action.as_str(), binding.keys.clone()))
        .collect();
    assert_eq!(
        keys,
        vec![
            ("open", None),
            ("quit", Some(vec!["Q".to_string()])),
            ("up", None)
        ]
    );
}

#[test]
fn errors_name_the_file_line_and_column_and_what_is_expected() {
    let cases = [
        ("theme = \"blue\"\n", 1, 9, "expected `dark` or `light`"),
        (
            "\n[team]\ninterval_seconds = \"soon\"\n",
            3,
            20,
            "expected a whole number of seconds",
        ),
        (
            "[team]\ninterval_seconds = -5\n",
            2,
            20,
            "expected a whole number of seconds",
        ),
        (
            "\n\n[team]\ninterval_seconds = 1\n",
            4,
            20,
            "from 10 to 86400",
        ),
        ("[colors]\ndanger = \"reddish\"\n", 2, 10, "#rrggbb"),
        ("[user]\nname = \"\"\n", 2, 8, "empty"),
        ("data_dir = \"cases\"\n", 1, 12, "absolute"),
        ("[user]\nemail = \"nobody\"\n", 2, 9, "name@example.com"),
        ("language = \"de\"\n", 1, 12, "expected `en` or `fr`"),
        ("colour = 1\n", 1, 1, "unknown field `colour`"),
        ("[user]\nname = \"a\u{202E}b\"\n", 2, 8, "U+202E"),
    ];
    for (text, line, column, expected) in cases {
        let error = parse(Path::new("/home/a/config.toml"), text).unwrap_err();
        let place = error.place.clone().unwrap();
        assert_eq!(
            (place.line, place.column),
            (line, column),
            "{text:?}: {error}"
        );
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!("/home/a/config.toml:{line}:{column}: ")),
            "{shown}"
        );
        assert!(shown.contains(expected), "{text:?}: {shown}");
    }
}

#[test]
fn a_missing_default_file_is_no_file_but_a_named_one_is_an_error() {
    let folder = tempfile::tempdir().unwrap();
    let missing = folder.path().join("nope.toml");
    assert!(read(&missing, false).unwrap().is_none());
    let error = read(&missing, true).unwrap_err();
    assert!(error.to_string().contains("nope.toml"), "{error}");
    let overrides = Overrides {
        config_file: flag(missing),
        ..Overrides::default()
    };
    assert!(load(overrides).is_err());
}

#[test]
fn columns_count_characters_not_bytes() {
    let place = Place::of(Path::new("c"), "[user]\nname = \"é\" x", 19);
    assert_eq!((place.line, place.column), (2, 12));
}

//! The shape of `config.toml` and reading it: every field is known (an
//! unknown one is an error), every error names the file, the line and the
//! column, and says what is expected there. Key bindings are read loosely
//! here and checked one by one by the keymap, so a bad one loses only itself.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::values::{Calendar, Language, LogLevel, ThemeName};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    #[serde(default)]
    pub user: UserSection,
    pub data_dir: Option<Spanned<PathBuf>>,
    pub language: Option<Language>,
    pub theme: Option<ThemeName>,
    #[serde(default)]
    pub colors: ColorSection,
    pub calendar: Option<Calendar>,
    #[serde(default)]
    pub log: LogSection,
    #[serde(default)]
    pub team: TeamSection,
    /// `[keys.<context>]` tables of `action = ["key", …]`.
    #[serde(default)]
    pub keys: KeyTables,
    /// The text read, for the places of key bindings checked later.
    #[serde(skip)]
    pub source_text: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserSection {
    pub name: Option<Spanned<String>>,
    pub email: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSection {
    pub level: Option<LogLevel>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamSection {
    pub sync: Option<bool>,
    pub interval_seconds: Option<Spanned<Seconds>>,
}

/// A whole number of seconds, as the file writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub u64);

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Seconds;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a whole number of seconds, such as 300")
            }
            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Seconds, E> {
                Ok(Seconds(value))
            }
            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Seconds, E> {
                u64::try_from(value)
                    .map(Seconds)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(value), &self))
            }
        }
        deserializer.deserialize_u64(Visitor)
    }
}

/// Colours by role, each a name (`red`, `light-blue`, `gray`, `reset`…) or
/// `#rrggbb`; a role left out keeps the theme's colour.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColorSection {
    pub danger: Option<ColorValue>,
    pub warning: Option<ColorValue>,
    pub success: Option<ColorValue>,
    pub accent: Option<ColorValue>,
    pub muted: Option<ColorValue>,
    pub selection_foreground: Option<ColorValue>,
    pub selection_background: Option<ColorValue>,
    pub banner_foreground: Option<ColorValue>,
    pub banner_background: Option<ColorValue>,
    pub border: Option<ColorValue>,
    pub focused_border: Option<ColorValue>,
}

/// A colour as the file writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColorValue(pub Color);

impl<'de> Deserialize<'de> for ColorValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_color(&text).map(ColorValue).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a colour: expected a name (black, red, green, yellow, blue, magenta, cyan, gray, dark-gray, light-red, …, white, reset) or #rrggbb"
            ))
        })
    }
}

/// A colour name or `#rrggbb`; ratatui reads more forms (indexes, `rgb(…)`)
/// than the file documents, so the file's forms are checked here.
fn parse_color(text: &str) -> Option<Color> {
    let text = text.trim();
    if let Some(hex) = text.strip_prefix('#') {
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        return text.parse().ok();
    }
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_' || c == ' ')
    {
        return None;
    }
    text.parse().ok()
}

/// Context name → action name → the keys as written (a string or a list of
/// strings), each with where it is in the file.
pub type KeyTables = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<toml::Value>>>;

/// A place in a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Place {
    /// The line and column (from 1) where byte `offset` of `text` is.
    pub fn of(path: &Path, text: &str, offset: usize) -> Place {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let column = before[line_start..].chars().count() + 1;
        Place {
            path: path.to_path_buf(),
            line,
            column,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// What is wrong with a config file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// Where, when the problem has a place (a file that cannot be read has none).
    pub place: Option<Place>,
    pub path: PathBuf,
    pub message: String,
}

impl ConfigError {
    pub fn at(
        path: &Path,
        text: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError {
            place: Some(Place::of(path, text, span.start)),
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(place) => write!(f, "{place}: {}", self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Reads `text` (the contents of `path`) as a config file and checks the
/// values serde cannot: the data directory's form, the person's name, the
/// sync interval's range.
pub fn parse(path: &Path, text: &str) -> Result<FileConfig, ConfigError> {
    let mut config: FileConfig = toml::from_str(text).map_err(|error| {
        let message = error.message().trim_end().to_string();
        match error.span() {
            Some(span) => ConfigError::at(path, text, span, message),
            None => ConfigError {
                place: None,
                path: path.to_path_buf(),
                message,
            },
        }
    })?;
    check(&config).map_err(|(span, message)| ConfigError::at(path, text, span, message))?;
    config.source_text = Some(text.to_string());
    Ok(config)
}

/// The shortest and longest sync interval the file may ask for.
pub const SYNC_INTERVAL_SECONDS: std::ops::RangeInclusive<u64> = 10..=86_400;

fn check(config: &FileConfig) -> Result<(), (Range<usize>, String)> {
    if let Some(data_dir) = &config.data_dir {
        let path = data_dir.get_ref();
        if !(path.is_absolute() || path.starts_with("~")) {
            return Err((
                data_dir.span(),
                format!(
                    "data_dir `{}` is relative: write an absolute path or one starting with ~/",
                    path.display()
                ),
            ));
        }
    }
    for (field, value) in [
        ("user.name", &config.user.name),
        ("user.email", &config.user.email),
    ] {
        if let Some(value) = value {
            check_person_text(field, value.get_ref()).map_err(|message| (value.span(), message))?;
        }
    }
    if let Some(email) = &config.user.email
        && !looks_like_an_email(email.get_ref())
    {
        return Err((
            email.span(),
            format!(
                "user.email `{}` is not an address like name@example.com",
                email.get_ref()
            ),
        ));
    }
    if let Some(interval) = &config.team.interval_seconds
        && !SYNC_INTERVAL_SECONDS.contains(&interval.get_ref().0)
    {
        return Err((
            interval.span(),
            format!(
                "team.interval_seconds is {}: expected a number of seconds from {} to {}",
                interval.get_ref().0,
                SYNC_INTERVAL_SECONDS.start(),
                SYNC_INTERVAL_SECONDS.end()
            ),
        ));
    }
    Ok(())
}

/// A name or address goes into case histories: no blank, no control or
/// invisible formatting characters (which could disguise one person as another).
pub fn check_person_text(field: &str, text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err(format!(
            "{field} is empty: write a name, or leave the line out"
        ));
    }
    if let Some(bad) = text
        .chars()
        .find(|c| c.is_control() || is_invisible_format(*c))
    {
        return Err(format!(
            "{field} holds the invisible character U+{:04X}: write it without",
            u32::from(bad)
        ));
    }
    Ok(())
}

fn is_invisible_format(character: char) -> bool {
    matches!(character, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn looks_like_an_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

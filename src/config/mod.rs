//! migdesk's settings: `config.toml` in the config folder (or `--config`,
//! `$MIGDESK_CONFIG`), the flags and the environment variables, resolved
//! the same way for every setting: a flag beats a variable, which beats
//! the file, which beats the default. The command line hands over what the
//! flags and variables said (`Overrides`); `load` reads the file and
//! resolves; everything else reads the resulting `Config`.

mod file;
pub mod paths;
pub mod values;

use std::fmt;
use std::path::{Path, PathBuf};

pub use file::{
    ColorSection, ColorValue, ConfigError, FileConfig, Place, SYNC_INTERVAL_SECONDS,
    check_person_text, parse,
};
pub use values::{Calendar, Language, LogLevel, ThemeName, name_of};

/// The file's name in the config folder.
pub const FILE_NAME: &str = "config.toml";

/// The environment variables migdesk reads, all in one place.
pub mod variables {
    pub const CONFIG: &str = "MIGDESK_CONFIG";
    pub const USER: &str = "MIGDESK_USER";
    pub const EMAIL: &str = "MIGDESK_EMAIL";
    pub const DATA_DIR: &str = "MIGDESK_DATA_DIR";
    pub const LANGUAGE: &str = "MIGDESK_LANGUAGE";
    pub const THEME: &str = "MIGDESK_THEME";
    pub const CALENDAR: &str = "MIGDESK_CALENDAR";
    pub const LOG: &str = "MIGDESK_LOG";
    pub const SYNC: &str = "MIGDESK_SYNC";
    pub const SYNC_INTERVAL: &str = "MIGDESK_SYNC_INTERVAL";
    /// Pins the clock (RFC 3339), for tests, demos and screenshots.
    pub const NOW: &str = "MIGDESK_NOW";
    /// How long a command waits for a lock someone else holds (seconds).
    pub const LOCK_WAIT: &str = "MIGDESK_LOCK_WAIT_SECONDS";
    /// How long one git call of team mode may take (seconds).
    pub const GIT_TIMEOUT: &str = "MIGDESK_GIT_TIMEOUT";
    /// The locale, when neither the flag, `MIGDESK_LANGUAGE` nor the file
    /// chose the language: the first one set decides, as in POSIX.
    pub const LOCALE: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];
}

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Environment,
    File,
    /// The locale variables (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    Locale,
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Flag => "flag",
            Source::Environment => "environment",
            Source::File => "config file",
            Source::Locale => "locale",
            Source::Default => "default",
        })
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Setting<T> {
    fn pick(given: Option<Given<T>>, file: Option<T>, default: impl FnOnce() -> T) -> Setting<T> {
        match (given, file) {
            (Some(Given { value, source }), _) => Setting { value, source },
            (None, Some(value)) => Setting {
                value,
                source: Source::File,
            },
            (None, None) => Setting {
                value: default(),
                source: Source::Default,
            },
        }
    }
}

/// A value the command line or the environment gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given<T> {
    pub value: T,
    /// `Flag` or `Environment`.
    pub source: Source,
}

/// What the flags and environment variables said, setting by setting.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config_file: Option<Given<PathBuf>>,
    pub user: Option<Given<String>>,
    pub email: Option<Given<String>>,
    pub data_dir: Option<Given<PathBuf>>,
    pub language: Option<Given<Language>>,
    pub theme: Option<Given<ThemeName>>,
    pub calendar: Option<Given<Calendar>>,
    pub log_level: Option<Given<LogLevel>>,
    pub sync: Option<Given<bool>>,
    pub sync_interval_seconds: Option<Given<u64>>,
}

/// The team sync settings (team mode reads them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamSettings {
    /// Whether the app syncs with the team repository on its own.
    pub sync: Setting<bool>,
    /// How often it does, in seconds.
    pub interval_seconds: Setting<u64>,
}

/// The sync interval when nothing sets one.
pub const DEFAULT_SYNC_INTERVAL_SECONDS: u64 = 300;

/// One `action = [keys]` line of a `[keys.<context>]` table, as written;
/// the keymap checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserBinding {
    pub context: String,
    pub action: String,
    /// The keys, or `None` when the value is not a string or a list of strings.
    pub keys: Option<Vec<String>>,
    pub place: Place,
}

/// The settings of this run.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The config file read (or that would be read: it may not exist).
    pub path: Setting<Option<PathBuf>>,
    /// Whether that file exists and was read.
    pub file_read: bool,
    /// The acting person.
    pub user: Setting<String>,
    pub email: Setting<Option<String>>,
    /// `None` when there is no home folder to put it in.
    pub data_dir: Setting<Option<PathBuf>>,
    pub language: Setting<Language>,
    pub theme: Setting<ThemeName>,
    /// Colour roles the file changes from the theme's.
    pub colors: ColorSection,
    pub calendar: Setting<Calendar>,
    pub log_level: Setting<LogLevel>,
    pub team: TeamSettings,
    pub keys: Vec<UserBinding>,
}

impl Default for Config {
    /// The settings with no file, no flag and no variable.
    fn default() -> Config {
        resolve(Overrides::default(), None, None)
    }
}

/// Where the config file is: `--config`, else `$MIGDESK_CONFIG`, else
/// `config.toml` in the config folder (`None` without a home folder).
pub fn config_path(given: Option<Given<PathBuf>>) -> Setting<Option<PathBuf>> {
    match given {
        Some(Given { value, source }) => Setting {
            value: Some(value),
            source,
        },
        None => Setting {
            value: paths::config_dir().map(|dir| dir.join(FILE_NAME)),
            source: Source::Default,
        },
    }
}

/// Reads the config file (a missing default file is no file; a missing
/// named one is an error) and resolves every setting.
pub fn load(overrides: Overrides) -> Result<Config, ConfigError> {
    let path = config_path(overrides.config_file.clone());
    let file = match &path.value {
        Some(file_path) => read(file_path, path.source != Source::Default)?,
        None => None,
    };
    Ok(resolve(overrides, path.value.clone(), file))
}

fn read(path: &Path, required: bool) -> Result<Option<FileConfig>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(path, &text).map(Some),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !required => Ok(None),
        Err(error) => Err(ConfigError {
            place: None,
            path: path.to_path_buf(),
            message: format!(
                "cannot read the config file: {error} (`migdesk config default > FILE` writes one)"
            ),
        }),
    }
}

/// Every setting from the flags and variables, else the file, else its default.
pub fn resolve(overrides: Overrides, path: Option<PathBuf>, file: Option<FileConfig>) -> Config {
    let path_source = overrides
        .config_file
        .as_ref()
        .map_or(Source::Default, |given| given.source);
    let file_read = file.is_some();
    let file = file.unwrap_or_default();
    let keys = path
        .as_deref()
        .map(|path| user_bindings(path, &file))
        .unwrap_or_default();
    Config {
        path: Setting {
            value: path,
            source: path_source,
        },
        file_read,
        user: Setting::pick(
            overrides.user,
            file.user
                .name
                .map(|name| name.into_inner().trim().to_string()),
            login_name,
        ),
        email: Setting::pick(
            overrides.email.map(|given| Given {
                value: Some(given.value),
                source: given.source,
            }),
            file.user.email.map(|email| Some(email.into_inner())),
            || None,
        ),
        data_dir: Setting::pick(
            overrides.data_dir.map(|given| Given {
                value: Some(given.value),
                source: given.source,
            }),
            file.data_dir.map(|dir| paths::expand_home(dir.get_ref())),
            paths::data_dir,
        ),
        language: match Setting::pick(overrides.language, file.language, Language::default) {
            Setting {
                source: Source::Default,
                ..
            } => language_from_locale(|name| std::env::var(name).ok()),
            chosen => chosen,
        },
        theme: Setting::pick(overrides.theme, file.theme, ThemeName::default),
        colors: file.colors,
        calendar: Setting::pick(overrides.calendar, file.calendar, Calendar::default),
        log_level: Setting::pick(overrides.log_level, file.log.level, LogLevel::default),
        team: TeamSettings {
            sync: Setting::pick(overrides.sync, file.team.sync, || true),
            interval_seconds: Setting::pick(
                overrides.sync_interval_seconds,
                file.team
                    .interval_seconds
                    .map(|seconds| seconds.into_inner().0),
                || DEFAULT_SYNC_INTERVAL_SECONDS,
            ),
        },
        keys,
    }
}

/// The language the locale asks for: the first of `LC_ALL`, `LC_MESSAGES`
/// and `LANG` that is set decides (French for `fr_FR.UTF-8`, `fr_CH`, `fr`;
/// English for `C`, `POSIX` and every language migdesk has no catalog for).
/// A playbook's own `language` never decides: one queue holds cases of
/// playbooks in several languages, and the frame must not change language
/// from one case to the next.
pub fn language_from_locale(read: impl Fn(&str) -> Option<String>) -> Setting<Language> {
    let chosen = variables::LOCALE
        .into_iter()
        .filter_map(read)
        .find(|value| !value.trim().is_empty());
    match chosen {
        Some(locale) => Setting {
            value: Language::from_locale(&locale).unwrap_or_default(),
            source: Source::Locale,
        },
        None => Setting {
            value: Language::default(),
            source: Source::Default,
        },
    }
}

/// The login name, else `unknown`.
pub fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .into_iter()
        .filter_map(|variable| std::env::var(variable).ok())
        .map(|name| name.trim().to_string())
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

fn user_bindings(path: &Path, file: &FileConfig) -> Vec<UserBinding> {
    let text = file.source_text.as_deref().unwrap_or_default();
    let mut bindings = Vec::new();
    for (context, table) in &file.keys {
        for (action, value) in table {
            let keys = match value.get_ref() {
                toml::Value::String(key) => Some(vec![key.clone()]),
                toml::Value::Array(items) => items
                    .iter()
                    .map(|item| item.as_str().map(str::to_string))
                    .collect(),
                _ => None,
            };
            bindings.push(UserBinding {
                context: context.get_ref().clone(),
                action: action.get_ref().clone(),
                keys,
                place: Place::of(path, text, action.span().start),
            });
        }
    }
    bindings
}

#[cfg(test)]
mod tests;

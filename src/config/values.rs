//! The settings that take one of a few values. Each enum is read the same
//! way from a flag, an environment variable and the file (clap's
//! `ValueEnum` and serde agree on the names), so adding a value is adding
//! a variant here.

use clap::ValueEnum;
use serde::Deserialize;

/// The interface language. Playbook text stays in the playbook's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
}

impl Language {
    /// The language a locale name asks for (`fr_FR.UTF-8`, `fr_CH`, `fr`,
    /// `en_GB`, `C`, `POSIX`), or None when migdesk has no catalog for it.
    pub fn from_locale(locale: &str) -> Option<Language> {
        let tag = locale.trim();
        if tag.is_empty() {
            return None;
        }
        if tag == "C" || tag == "POSIX" || tag.starts_with("C.") {
            return Some(Language::En);
        }
        let code: String = tag
            .chars()
            .take_while(|character| character.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        match code.as_str() {
            "fr" => Some(Language::Fr),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

/// The colours the app starts from; `[colors]` changes roles one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// Bright colours for a dark terminal background.
    #[default]
    Dark,
    /// Deeper colours that read on a light background.
    Light,
}

/// The business calendar due dates count on when a playbook does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Deserialize)]
pub enum Calendar {
    /// Monday to Friday, 09:00–17:00, no public holidays.
    #[default]
    #[value(name = "mon-fri")]
    #[serde(rename = "mon-fri")]
    MondayToFriday,
}

/// How much goes into the log file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    /// Nothing.
    Off,
    Error,
    /// Warnings and errors, every refused change and every sync.
    #[default]
    Warn,
    Info,
    Debug,
    /// Everything, fact values included.
    Trace,
}

/// The name a value has in flags, variables and the file.
pub fn name_of<T: ValueEnum>(value: T) -> String {
    value
        .to_possible_value()
        .map_or_else(String::new, |possible| possible.get_name().to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The file and the flags must accept the same names.
    fn file_and_flag_agree<T>()
    where
        T: ValueEnum + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug,
    {
        for value in T::value_variants() {
            let name = name_of(value.clone());
            let from_file: T =
                serde::Deserialize::deserialize(serde::de::value::StrDeserializer::<
                    serde::de::value::Error,
                >::new(&name))
                .unwrap();
            assert_eq!(&from_file, value, "{name}");
        }
    }

    #[test]
    fn every_value_has_one_name_in_the_file_and_on_the_command_line() {
        file_and_flag_agree::<Language>();
        file_and_flag_agree::<ThemeName>();
        file_and_flag_agree::<Calendar>();
        file_and_flag_agree::<LogLevel>();
    }
}

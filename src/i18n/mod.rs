//! The interface language: the two Fluent catalogs (assets/i18n/en and
//! fr, embedded in the binary), the language a run speaks, and `t!`, which
//! every string a person reads goes through. `t!` is `fl!` on the current
//! language's loader, so each message id and its arguments are checked
//! against the English catalog when migdesk is compiled.
//!
//! The language is chosen once per run (`set_language`, from the settings);
//! a test picks one for its own thread (`with_language`), so tests in
//! English and in French can run side by side.
//!
//! Fluent's isolation marks (U+2068/U+2069 around every argument) are
//! turned off: a terminal prints them as they are, and the shipped
//! messages never mix writing directions.

pub mod events;
pub mod typography;

use std::cell::Cell;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

use i18n_embed::LanguageLoader as _;
use i18n_embed::fluent::FluentLanguageLoader;
use i18n_embed::unic_langid::LanguageIdentifier;
use rust_embed::RustEmbed;

pub use crate::config::Language;

/// The catalogs, one folder per language, each with `migdesk.ftl`.
#[derive(RustEmbed)]
#[folder = "assets/i18n/"]
struct Catalogs;

/// Every message is looked up through `t!`: `t!("id")` or
/// `t!("id", name = value, …)`, in the current language.
#[macro_export]
macro_rules! t {
    ($($arguments:tt)*) => {
        ::i18n_embed_fl::fl!($crate::i18n::loader(), $($arguments)*)
    };
}

/// The same message in a given language (JSON, logs and team commits stay
/// English whatever the interface speaks).
#[macro_export]
macro_rules! t_in {
    ($language:expr, $($arguments:tt)*) => {
        ::i18n_embed_fl::fl!($crate::i18n::loader_for($language), $($arguments)*)
    };
}

static ENGLISH: LazyLock<FluentLanguageLoader> = LazyLock::new(|| load(Language::En));
static FRENCH: LazyLock<FluentLanguageLoader> = LazyLock::new(|| load(Language::Fr));

/// The run's language, as `Language as u8`; English until the settings say.
static RUN_LANGUAGE: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// A test's own language, which beats the run's.
    static THREAD_LANGUAGE: Cell<Option<Language>> = const { Cell::new(None) };
}

/// The language tag of a catalog's folder.
pub fn tag(language: Language) -> &'static str {
    match language {
        Language::En => "en",
        Language::Fr => "fr",
    }
}

fn identifier(language: Language) -> LanguageIdentifier {
    tag(language)
        .parse()
        .unwrap_or_else(|_| LanguageIdentifier::default())
}

fn load(language: Language) -> FluentLanguageLoader {
    let loader = FluentLanguageLoader::new("migdesk", identifier(Language::En));
    let mut wanted = vec![identifier(language)];
    if language != Language::En {
        // A message missing in French (the drift tests forbid it) would
        // still read in English rather than as its id.
        wanted.push(identifier(Language::En));
    }
    // The catalogs are part of the binary and checked by the tests; a
    // failure here cannot come from the user's files.
    if let Err(error) = loader.load_languages(&Catalogs, &wanted) {
        tracing::error!("the {} catalog did not load: {error}", tag(language));
    }
    loader.set_use_isolating(false);
    loader
}

/// The loader of one language.
pub fn loader_for(language: Language) -> &'static FluentLanguageLoader {
    match language {
        Language::En => &ENGLISH,
        Language::Fr => &FRENCH,
    }
}

/// The loader of the current language.
pub fn loader() -> &'static FluentLanguageLoader {
    loader_for(language())
}

/// The language the interface speaks now.
pub fn language() -> Language {
    THREAD_LANGUAGE
        .with(Cell::get)
        .unwrap_or_else(|| match RUN_LANGUAGE.load(Ordering::Relaxed) {
            1 => Language::Fr,
            _ => Language::En,
        })
}

/// Sets the run's language (once, from the settings).
pub fn set_language(language: Language) {
    let code = match language {
        Language::En => 0,
        Language::Fr => 1,
    };
    RUN_LANGUAGE.store(code, Ordering::Relaxed);
}

/// Runs `work` with this thread speaking `language`, then restores it.
pub fn with_language<T>(language: Language, work: impl FnOnce() -> T) -> T {
    let before = THREAD_LANGUAGE.with(|cell| cell.replace(Some(language)));
    let result = work();
    THREAD_LANGUAGE.with(|cell| cell.set(before));
    result
}

/// The text of one catalog as shipped, for the tests that check them.
pub fn catalog_source(language: Language) -> String {
    let path = format!("{}/migdesk.ftl", tag(language));
    Catalogs::get(&path)
        .map(|file| String::from_utf8_lossy(&file.data).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;

/// The catalog id of a key's description: `key-` and the English
/// description as a slug (`"open case"` → `key-open-case`). The keymap's
/// tables stay in English (the README's key table is checked against
/// them); help and the footer read them through `key_description`.
pub fn key_message_id(english: &str) -> String {
    let mut id = String::from("key");
    let mut dash = true;
    for character in english.chars() {
        if character.is_ascii_alphanumeric() {
            if dash {
                id.push('-');
            }
            id.push(character.to_ascii_lowercase());
            dash = false;
        } else {
            dash = true;
        }
    }
    id
}

/// What a key does, in the interface language (the English description
/// itself when the catalog lacks it, which a test forbids).
pub fn key_description(english: &str) -> String {
    let id = key_message_id(english);
    let loader = loader();
    if loader.has(&id) {
        loader.get(&id)
    } else {
        english.to_string()
    }
}

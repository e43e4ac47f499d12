//! The key bindings in effect: this module's tables with the config file's
//! `[keys.<view>]` lines over them. An action's name is its `Action`
//! variant in snake_case (so actions added to the tables can be bound at
//! once); a line replaces that action's keys in that view. A bad line is
//! left out with a warning and loses only itself; a key claimed by two
//! actions in one view is reported, and the line in the file wins it.

use std::collections::HashMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use strum::IntoEnumIterator as _;

use super::{
    Binding, Key, display_key, display_keys, global_bindings, own_bindings, parse_keys, takes_text,
    text_edit,
};
use crate::app::{Action, Context};
use crate::config::{Place, UserBinding};

/// The name the config file gives the keys that work in every view.
pub const GLOBAL_NAME: &str = "global";

/// One binding in effect.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    /// Every key that does it, in the notation of `parse_keys`; empty when unbound.
    pub keys: Vec<String>,
    pub action: Action,
    pub description: &'static str,
    pub footer: bool,
    /// Where the config file set these keys, if it did.
    pub set_at: Option<Place>,
    pressed: Vec<Key>,
}

/// The help's line for the keys of a text field.
pub const TEXT_KEYS: &str = "text keys";
pub const TEXT_KEYS_DESCRIPTION: &str =
    "type; ← → Home End move, Backspace Del erase, Ctrl-W erase a word, Ctrl-U erase all";

impl Bound {
    fn from_table(binding: &Binding) -> Bound {
        let keys: Vec<String> = binding.keys.iter().map(|key| key.to_string()).collect();
        Bound {
            pressed: keys.iter().filter_map(|key| single_key(key).ok()).collect(),
            keys,
            action: binding.action.clone(),
            description: binding.description,
            footer: binding.footer,
            set_at: None,
        }
    }

    fn answers(&self, pressed: Key) -> bool {
        self.pressed.contains(&pressed)
    }

    fn forget(&mut self, key: Key) {
        let kept: Vec<(String, Key)> = self
            .keys
            .iter()
            .cloned()
            .zip(self.pressed.iter().copied())
            .filter(|(_, own)| *own != key)
            .collect();
        (self.keys, self.pressed) = kept.into_iter().unzip();
    }
}

/// The snake_case name of an action, as the config file writes it.
pub fn action_name(action: &Action) -> &'static str {
    action.into()
}

/// The snake_case name of a view, as the config file writes it.
pub fn context_name(context: Context) -> &'static str {
    context.into()
}

/// A config line the keymap could not use, or a clash it settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyWarning {
    pub place: Place,
    pub message: String,
}

impl fmt::Display for KeyWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// The bindings in effect in every view.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    global: Vec<Bound>,
    views: HashMap<Context, Vec<Bound>>,
}

impl Default for Keymap {
    /// The tables as shipped.
    fn default() -> Keymap {
        Keymap {
            global: global_bindings().iter().map(Bound::from_table).collect(),
            views: Context::iter()
                .map(|context| {
                    (
                        context,
                        own_bindings(context)
                            .iter()
                            .map(Bound::from_table)
                            .collect(),
                    )
                })
                .collect(),
        }
    }
}

impl Keymap {
    /// The shipped tables with `lines` over them, and what could not be used.
    pub fn with_user(lines: &[UserBinding]) -> (Keymap, Vec<KeyWarning>) {
        let mut keymap = Keymap::default();
        let mut warnings = Vec::new();
        for line in lines {
            if let Err(message) = keymap.apply(line) {
                warnings.push(KeyWarning {
                    place: line.place.clone(),
                    message,
                });
            }
        }
        keymap.settle_clashes(&mut warnings);
        (keymap, warnings)
    }

    /// The bindings of `context` alone, without the global ones.
    pub fn own_bindings(&self, context: Context) -> &[Bound] {
        self.views.get(&context).map_or(&[], Vec::as_slice)
    }

    /// The keys that work in every view.
    pub fn global_bindings(&self) -> &[Bound] {
        &self.global
    }

    /// The bindings of `context`, its own first, then the global ones.
    pub fn bindings(&self, context: Context) -> impl Iterator<Item = &Bound> {
        self.own_bindings(context).iter().chain(self.global.iter())
    }

    /// The action a key press asks for in `context`, if any.
    pub fn action_for(&self, context: Context, key: KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let pressed = Key::from_event(key);
        if let Some(bound) = self.bindings(context).find(|bound| bound.answers(pressed)) {
            return Some(bound.action.clone());
        }
        if takes_text(context) {
            return text_edit(key).map(Action::Edit);
        }
        None
    }

    /// The help screen's lines for `context`: keys as shown to people, and
    /// what they do; an action left without keys is not listed.
    pub fn help_lines(&self, context: Context) -> Vec<(String, String)> {
        let mut lines: Vec<(String, String)> = self
            .bindings(context)
            .filter(|bound| !bound.keys.is_empty())
            .map(|bound| {
                let what = crate::i18n::key_description(bound.description);
                (display_keys(&bound.keys), what)
            })
            .collect();
        if takes_text(context) {
            lines.push((
                crate::i18n::key_description(TEXT_KEYS),
                crate::i18n::key_description(TEXT_KEYS_DESCRIPTION),
            ));
        }
        lines
    }

    /// The first key that does `action` in `context`, as people read it;
    /// `None` when the config file left the action without keys.
    pub fn key_for(&self, context: Context, action: &Action) -> Option<String> {
        self.bindings(context)
            .find(|bound| bound.action == *action)
            .and_then(|bound| bound.keys.first())
            .map(|key| display_key(key))
    }

    /// The footer's list for `context` with the action of each entry, so
    /// the footer can tell the essential ones (help, quit, back) apart.
    pub fn footer_entries(&self, context: Context) -> Vec<(String, String, Action)> {
        self.own_bindings(context)
            .iter()
            .filter(|bound| bound.footer)
            .filter_map(|bound| {
                let key = display_key(bound.keys.first()?);
                Some((
                    key,
                    crate::i18n::key_description(bound.description),
                    bound.action.clone(),
                ))
            })
            .collect()
    }

    /// The footer's short list for `context`, in the interface language.
    pub fn footer(&self, context: Context) -> Vec<(String, String)> {
        self.own_bindings(context)
            .iter()
            .filter(|bound| bound.footer)
            .filter_map(|bound| {
                let what = crate::i18n::key_description(bound.description);
                Some((display_key(bound.keys.first()?), what))
            })
            .collect()
    }

    /// The table a config file's view name stands for: `None` for the global one.
    fn table_mut(&mut self, name: &str) -> Result<(Option<Context>, &mut Vec<Bound>), String> {
        if name == GLOBAL_NAME {
            return Ok((None, &mut self.global));
        }
        let Some(context) = Context::iter().find(|context| context_name(*context) == name) else {
            let names: Vec<&str> = std::iter::once(GLOBAL_NAME)
                .chain(Context::iter().map(context_name))
                .collect();
            return Err(format!(
                "[keys.{name}]: there is no view `{name}`; the views are {}",
                names.join(", ")
            ));
        };
        let table = self.views.entry(context).or_default();
        Ok((Some(context), table))
    }

    fn apply(&mut self, line: &UserBinding) -> Result<(), String> {
        let (context, table) = self.table_mut(&line.context)?;
        let view = &line.context;
        let action = &line.action;
        if !table
            .iter()
            .any(|bound| action_name(&bound.action) == action)
        {
            let mut names: Vec<&str> = table
                .iter()
                .map(|bound| action_name(&bound.action))
                .collect();
            names.dedup();
            return Err(format!(
                "[keys.{view}] {action}: `{action}` is not an action of this view; its actions are {}",
                names.join(", ")
            ));
        }
        let Some(keys) = &line.keys else {
            return Err(format!(
                "[keys.{view}] {action}: expected a key or a list of keys, such as [\"<enter>\", \"o\"]"
            ));
        };
        let mut parsed = Vec::new();
        let mut written = Vec::new();
        for text in keys {
            let key = single_key(text).map_err(|reason| {
                format!("[keys.{view}] {action}: {reason}; `{action}` keeps its default keys")
            })?;
            if stops_typing(context, key) {
                return Err(format!(
                    "[keys.{view}] {action}: `{text}` would stop you typing `{text}` in text fields; bind a named key or a Ctrl or Alt key instead"
                ));
            }
            if !parsed.contains(&key) {
                parsed.push(key);
                written.push(text.clone());
            }
        }
        for bound in table
            .iter_mut()
            .filter(|bound| action_name(&bound.action) == action)
        {
            bound.keys = written.clone();
            bound.pressed = parsed.clone();
            bound.set_at = Some(line.place.clone());
        }
        Ok(())
    }

    /// A key two actions claim in one view goes to the one the file set
    /// (the first such, if both were); global keys a view hides are reported.
    fn settle_clashes(&mut self, warnings: &mut Vec<KeyWarning>) {
        settle_table(GLOBAL_NAME, &mut self.global, warnings);
        for context in Context::iter() {
            let name = context_name(context);
            let Some(table) = self.views.get_mut(&context) else {
                continue;
            };
            settle_table(name, table, warnings);
            for global in &self.global {
                for (text, key) in global.keys.iter().zip(&global.pressed) {
                    let Some(local) = table.iter().find(|bound| bound.answers(*key)) else {
                        continue;
                    };
                    let Some(place) = local.set_at.clone().or_else(|| global.set_at.clone()) else {
                        continue;
                    };
                    warnings.push(KeyWarning {
                        place,
                        message: format!(
                            "`{text}` in {name} does `{}`, which hides its global `{}` there",
                            action_name(&local.action),
                            action_name(&global.action)
                        ),
                    });
                }
            }
        }
    }
}

fn settle_table(view: &str, table: &mut [Bound], warnings: &mut Vec<KeyWarning>) {
    for winner in 0..table.len() {
        for key_index in 0..table[winner].pressed.len() {
            let key = table[winner].pressed[key_index];
            let text = table[winner].keys[key_index].clone();
            for other in 0..table.len() {
                if other == winner
                    || table[other].action == table[winner].action
                    || !table[other].answers(key)
                {
                    continue;
                }
                // Set in the file beats shipped; between two lines of the file, the first.
                let winner_ranks = table[winner].set_at.is_some()
                    && (table[other].set_at.is_none() || other > winner);
                if !winner_ranks {
                    continue;
                }
                table[other].forget(key);
                let loser = action_name(&table[other].action);
                let left = if table[other].keys.is_empty() {
                    format!("`{loser}` has no key left there")
                } else {
                    format!("`{loser}` keeps {}", display_keys(&table[other].keys))
                };
                warnings.push(KeyWarning {
                    place: table[winner].set_at.clone().or_else(|| table[other].set_at.clone()).unwrap_or_else(unknown_place),
                    message: format!(
                        "[keys.{view}] `{text}` was bound to both `{}` and `{loser}`; `{}` has it, {left}",
                        action_name(&table[winner].action),
                        action_name(&table[winner].action),
                    ),
                });
            }
        }
    }
}

fn unknown_place() -> Place {
    Place {
        path: std::path::PathBuf::new(),
        line: 0,
        column: 0,
    }
}

/// One key of a binding, or why it is not one.
fn single_key(text: &str) -> Result<Key, String> {
    let keys = parse_keys(text).map_err(|error| error.to_string())?;
    match keys.as_slice() {
        [key] => Ok(Key::from_event(*key)),
        [] => Err("an empty key".to_string()),
        _ => Err(format!(
            "`{text}` is {} keys; a binding is one key (write `<lt>` for `<`)",
            keys.len()
        )),
    }
}

/// Whether binding `key` in `context` (`None`: everywhere) would take a
/// character away from text fields.
fn stops_typing(context: Option<Context>, key: Key) -> bool {
    let types = context.is_none_or(takes_text);
    types
        && matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// The `[keys.*]` tables of the config file that `config default` prints:
/// every view's shipped keys, commented out so a later release's defaults
/// still reach the user.
pub fn default_tables() -> String {
    let keymap = Keymap::default();
    let mut text = String::new();
    let tables = std::iter::once((GLOBAL_NAME, keymap.global_bindings())).chain(
        Context::iter().map(|context| (context_name(context), keymap.own_bindings(context))),
    );
    for (name, table) in tables {
        text.push_str(&format!("\n[keys.{name}]\n"));
        let mut seen: Vec<&'static str> = Vec::new();
        for bound in table {
            let action = action_name(&bound.action);
            if seen.contains(&action) {
                continue;
            }
            seen.push(action);
            let keys: Vec<String> = bound.keys.iter().map(|key| format!("{key:?}")).collect();
            text.push_str(&format!(
                "# {action} = [{}]  # {}\n",
                keys.join(", "),
                bound.description
            ));
        }
    }
    text
}

#[cfg(test)]
mod tests;

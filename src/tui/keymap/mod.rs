//! Keys to actions, one table per context. The same tables answer a key
//! press, write the help screen and the footer, so what the help says is
//! what the keys do.
//!
//! Keys are written as strings: a plain character (`j`, `G`, `?`), or a
//! name in angle brackets (`<enter>`, `<esc>`, `<space>`, `<down>`,
//! `<pgdn>`, `<s-tab>`, `<c-c>` for Ctrl-C, `<lt>` for `<`). `parse_keys`
//! reads a run of them (`"n<down><enter>"`), which is how tests type.
//!
//! `Keymap` (in `effective`) is what answers keys, the help and the footer:
//! these tables with the config file's bindings over them.

use std::fmt;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::InputRequest;

use crate::app::{Action, Context};

mod effective;

pub use effective::{
    Bound, GLOBAL_NAME, KeyWarning, Keymap, action_name, context_name, default_tables,
};

/// The shipped keymap, for callers without a config (tests, tools).
static SHIPPED: std::sync::LazyLock<Keymap> = std::sync::LazyLock::new(Keymap::default);

/// One line of a keymap table.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// Every key that does it, in the notation of `parse_keys`.
    pub keys: &'static [&'static str],
    pub action: Action,
    /// What it does, as help and the footer say it.
    pub description: &'static str,
    /// Shown in the footer (the few keys that matter most in the context).
    pub footer: bool,
}

const fn bind(keys: &'static [&'static str], action: Action, description: &'static str) -> Binding {
    Binding {
        keys,
        action,
        description,
        footer: false,
    }
}

/// A binding also shown in the footer.
const fn main(keys: &'static [&'static str], action: Action, description: &'static str) -> Binding {
    Binding {
        keys,
        action,
        description,
        footer: true,
    }
}

/// Keys that work everywhere.
const GLOBAL: &[Binding] = &[
    bind(&["<c-c>"], Action::Quit, "quit"),
    bind(
        &["<c-z>"],
        Action::Suspend,
        "suspend to the shell (fg resumes)",
    ),
];

const WELCOME: &[Binding] = &[
    main(&["n"], Action::NewCase, "new case"),
    main(&["d"], Action::LoadDemo, "load demo cases"),
    main(&["?"], Action::ShowHelp, "help"),
    main(&["q"], Action::Quit, "quit"),
];

const QUEUE: &[Binding] = &[
    bind(&["j", "<down>"], Action::Down, "next case"),
    bind(&["k", "<up>"], Action::Up, "previous case"),
    bind(&["g", "<home>"], Action::Top, "first case"),
    bind(&["G", "<end>"], Action::Bottom, "last case"),
    bind(&["<pgdn>", "<c-d>"], Action::PageDown, "next page"),
    bind(&["<pgup>", "<c-u>"], Action::PageUp, "previous page"),
    main(&["<enter>"], Action::Open, "open case"),
    main(&["/"], Action::StartFilter, "filter"),
    main(&["s"], Action::CycleSort, "sort"),
    main(&["<tab>", "l", "<right>"], Action::NextTab, "next tab"),
    bind(
        &["<s-tab>", "h", "<left>"],
        Action::PreviousTab,
        "previous tab",
    ),
    main(&["n"], Action::NewCase, "new case"),
    main(&["r"], Action::StartReview, "review mode"),
    bind(&["S"], Action::SyncNow, "sync with the team now"),
    bind(
        &["D"],
        Action::OpenDashboard,
        "dashboard of the whole queue",
    ),
    bind(
        &["<esc>"],
        Action::ClearFilter,
        "clear the filter, or the dashboard's figure",
    ),
    main(&["?"], Action::ShowHelp, "help"),
    main(&["q"], Action::Quit, "quit"),
];

const QUEUE_FILTER: &[Binding] = &[
    main(&["<enter>"], Action::AcceptFilter, "keep filter"),
    main(&["<esc>"], Action::ClearFilter, "clear filter"),
    bind(&["<down>"], Action::Down, "next row"),
    bind(&["<up>"], Action::Up, "previous row"),
];

const CASE: &[Binding] = &[
    bind(&["j", "<down>"], Action::Down, "next step"),
    bind(&["k", "<up>"], Action::Up, "previous step"),
    bind(&["g", "<home>"], Action::Top, "first step"),
    bind(&["G", "<end>"], Action::Bottom, "last step"),
    main(&["<space>", "x"], Action::Toggle, "tick/untick"),
    main(&["-"], Action::Skip, "skip"),
    main(&["a"], Action::AddNote, "note"),
    bind(&["@"], Action::Assign, "assign the case, or take it"),
    bind(&["H"], Action::Hold, "put the case on hold"),
    bind(&["X"], Action::Cancel, "cancel the case"),
    bind(&["O"], Action::Reopen, "reopen the case"),
    bind(&["T"], Action::Rename, "rename the case"),
    bind(&["D"], Action::EditDue, "set the due date by hand"),
    bind(&["L"], Action::ShowHistory, "the case's whole history"),
    bind(&["E"], Action::OpenEditor, "write a note in $EDITOR"),
    bind(&["y"], Action::CopyTemplate, "copy the step's template"),
    bind(&["M"], Action::ResolveNotice, "resolve the merge notice"),
    bind(&["S"], Action::SyncNow, "sync with the team now"),
    bind(&["<pgdn>"], Action::PageDown, "scroll the step detail down"),
    bind(&["<pgup>"], Action::PageUp, "scroll the step detail up"),
    main(&["u"], Action::Undo, "undo"),
    main(&["<tab>"], Action::SwitchFocus, "facts"),
    bind(
        &["o"],
        Action::OpenAlternative,
        "open the blocker's alternative playbook",
    ),
    bind(&["]"], Action::NextCase, "next case"),
    bind(&["["], Action::PreviousCase, "previous case"),
    main(&["<esc>", "q"], Action::Back, "back"),
    main(&["?"], Action::ShowHelp, "help"),
];

const CASE_FACTS: &[Binding] = &[
    bind(&["j", "<down>"], Action::Down, "next fact"),
    bind(&["k", "<up>"], Action::Up, "previous fact"),
    bind(&["g", "<home>"], Action::Top, "first fact"),
    bind(&["G", "<end>"], Action::Bottom, "last fact"),
    main(&["<enter>", "e"], Action::EditFact, "edit"),
    main(&["<space>"], Action::Toggle, "yes/no"),
    main(&["<del>", "<bs>"], Action::ClearFact, "unknown"),
    bind(&["E"], Action::OpenEditor, "edit a long fact in $EDITOR"),
    bind(&["a"], Action::AddNote, "add a note"),
    bind(&["@"], Action::Assign, "assign the case, or take it"),
    bind(&["M"], Action::ResolveNotice, "resolve the merge notice"),
    bind(&["S"], Action::SyncNow, "sync with the team now"),
    bind(&["H"], Action::Hold, "put the case on hold"),
    bind(&["X"], Action::Cancel, "cancel the case"),
    bind(&["O"], Action::Reopen, "reopen the case"),
    bind(&["T"], Action::Rename, "rename the case"),
    bind(&["D"], Action::EditDue, "set the due date by hand"),
    bind(&["L"], Action::ShowHistory, "the case's whole history"),
    main(&["u"], Action::Undo, "undo"),
    main(&["<tab>"], Action::SwitchFocus, "checklist"),
    bind(
        &["o"],
        Action::OpenAlternative,
        "open the blocker's alternative playbook",
    ),
    bind(&["]"], Action::NextCase, "next case"),
    bind(&["["], Action::PreviousCase, "previous case"),
    main(&["<esc>", "q"], Action::Back, "back"),
    main(&["?"], Action::ShowHelp, "help"),
];

const FACT_INPUT: &[Binding] = &[
    main(&["<enter>"], Action::Confirm, "save"),
    main(&["<esc>"], Action::Back, "cancel"),
];

const REVIEW: &[Binding] = &[
    main(&["A"], Action::Approve, "approve"),
    main(&["R"], Action::Reject, "reject"),
    main(&["]", "j", "<down>"], Action::NextCase, "next"),
    main(&["[", "k", "<up>"], Action::PreviousCase, "previous"),
    main(&["<enter>"], Action::Open, "open case"),
    main(&["<esc>", "q"], Action::Back, "back"),
    main(&["?"], Action::ShowHelp, "help"),
];

const DASHBOARD: &[Binding] = &[
    bind(&["j", "<down>"], Action::Down, "next figure"),
    bind(&["k", "<up>"], Action::Up, "previous figure"),
    bind(&["g", "<home>"], Action::Top, "first figure"),
    bind(&["G", "<end>"], Action::Bottom, "last figure"),
    main(&["<tab>", "l", "<right>"], Action::NextTab, "next panel"),
    bind(
        &["<s-tab>", "h", "<left>"],
        Action::PreviousTab,
        "previous panel",
    ),
    main(&["<enter>"], Action::Open, "these cases in the queue"),
    main(&["p"], Action::ScopePlaybook, "next playbook"),
    main(&["a"], Action::ScopeAssignee, "next assignee"),
    main(&["r"], Action::StartReview, "review, oldest first"),
    main(&["<esc>", "q"], Action::Back, "back"),
    main(&["?"], Action::ShowHelp, "help"),
];

const PLAYBOOK_PICKER: &[Binding] = &[
    bind(&["j", "<down>"], Action::Down, "next playbook"),
    bind(&["k", "<up>"], Action::Up, "previous playbook"),
    bind(&["g", "<home>"], Action::Top, "first playbook"),
    bind(&["G", "<end>"], Action::Bottom, "last playbook"),
    main(&["<enter>"], Action::Open, "choose"),
    main(&["<esc>", "q"], Action::Back, "cancel"),
    main(&["?"], Action::ShowHelp, "help"),
];

const NEW_CASE_TEXT: &[Binding] = &[
    main(&["<tab>", "<down>"], Action::NextField, "next field"),
    bind(
        &["<s-tab>", "<up>"],
        Action::PreviousField,
        "previous field",
    ),
    main(&["<enter>"], Action::Confirm, "create"),
    bind(
        &["<c-o>"],
        Action::AddFact,
        "add another fact of the playbook",
    ),
    main(&["<esc>"], Action::Back, "back, create nothing"),
];

const NEW_CASE_CHOICE: &[Binding] = &[
    main(
        &["<space>", "<right>", "l"],
        Action::NextValue,
        "next value",
    ),
    bind(&["<left>", "h"], Action::PreviousValue, "previous value"),
    main(&["<tab>", "<down>", "j"], Action::NextField, "next field"),
    bind(
        &["<s-tab>", "<up>", "k"],
        Action::PreviousField,
        "previous field",
    ),
    main(&["<enter>"], Action::Confirm, "create"),
    bind(
        &["<c-o>"],
        Action::AddFact,
        "add another fact of the playbook",
    ),
    main(&["<esc>"], Action::Back, "back, create nothing"),
    bind(&["?"], Action::ShowHelp, "help"),
];

const CONFIRM: &[Binding] = &[
    main(&["<enter>", "y"], Action::Confirm, "confirm"),
    main(&["<esc>", "n"], Action::Back, "cancel"),
];

const PROMPT: &[Binding] = &[
    main(&["<enter>"], Action::Confirm, "submit"),
    main(&["<esc>"], Action::Back, "cancel"),
];

const PICKER: &[Binding] = &[
    bind(&["j", "<down>"], Action::Down, "next"),
    bind(&["k", "<up>"], Action::Up, "previous"),
    main(&["<enter>"], Action::Confirm, "pick"),
    main(&["<esc>"], Action::Back, "cancel"),
];

const MESSAGE: &[Binding] = &[main(&["<esc>", "<enter>", "q"], Action::Back, "close")];

const HISTORY: &[Binding] = &[
    main(&["j", "<down>"], Action::Down, "scroll down"),
    main(&["k", "<up>"], Action::Up, "scroll up"),
    bind(&["<pgdn>", "<c-d>"], Action::PageDown, "next page"),
    bind(&["<pgup>", "<c-u>"], Action::PageUp, "previous page"),
    bind(&["g", "<home>"], Action::Top, "newest event"),
    bind(&["G", "<end>"], Action::Bottom, "oldest event"),
    main(&["<esc>", "q"], Action::Back, "back to the case"),
    main(&["?"], Action::ShowHelp, "help"),
];

const HELP: &[Binding] = &[main(&["<esc>", "?", "q"], Action::Back, "close help")];

/// The bindings of `context`, its own first, then the global ones.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    table(context).iter().chain(GLOBAL.iter())
}

/// The bindings of `context` alone, without the global ones.
pub fn own_bindings(context: Context) -> &'static [Binding] {
    table(context)
}

/// The keys that work in every context.
pub fn global_bindings() -> &'static [Binding] {
    GLOBAL
}

fn table(context: Context) -> &'static [Binding] {
    match context {
        Context::Welcome => WELCOME,
        Context::Queue => QUEUE,
        Context::QueueFilter => QUEUE_FILTER,
        Context::Case => CASE,
        Context::CaseFacts => CASE_FACTS,
        Context::FactInput => FACT_INPUT,
        Context::Review => REVIEW,
        Context::Dashboard => DASHBOARD,
        Context::PlaybookPicker => PLAYBOOK_PICKER,
        Context::NewCaseText => NEW_CASE_TEXT,
        Context::NewCaseChoice => NEW_CASE_CHOICE,
        Context::Confirm => CONFIRM,
        Context::Prompt => PROMPT,
        Context::Picker => PICKER,
        Context::Message => MESSAGE,
        Context::Help => HELP,
        Context::History => HISTORY,
    }
}

/// Whether typing in `context` goes into a text field (keys the table does
/// not bind are handed to the field).
pub fn takes_text(context: Context) -> bool {
    matches!(
        context,
        Context::QueueFilter | Context::FactInput | Context::NewCaseText | Context::Prompt
    )
}

/// The action a key press asks for in `context`, if any, with the shipped keys.
pub fn action_for(context: Context, key: KeyEvent) -> Option<Action> {
    SHIPPED.action_for(context, key)
}

/// What a key does to a text field, following the usual readline keys.
fn text_edit(key: KeyEvent) -> Option<InputRequest> {
    tui_input::backend::crossterm::to_input_request(&Event::Key(key))
}

/// The help screen's lines for `context`, with the shipped keys.
pub fn help_lines(context: Context) -> Vec<(String, String)> {
    SHIPPED.help_lines(context)
}

/// The footer's short list for `context`, with the shipped keys.
pub fn footer(context: Context) -> Vec<(String, String)> {
    SHIPPED.footer(context)
}

/// All keys of a binding as people read them: `j ↓`.
pub fn display_keys(keys: &[impl AsRef<str>]) -> String {
    keys.iter()
        .map(|key| display_key(key.as_ref()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One key as people read it: `<down>` is `↓`, `<c-c>` is `Ctrl-C`.
pub fn display_key(key: &str) -> String {
    let Some(name) = key.strip_prefix('<').and_then(|k| k.strip_suffix('>')) else {
        return key.to_string();
    };
    let named = match name {
        "enter" => "Enter",
        "esc" => "Esc",
        "space" => "Space",
        "tab" => "Tab",
        "s-tab" => "Shift-Tab",
        "bs" => "Backspace",
        "del" => "Del",
        "up" => "↑",
        "down" => "↓",
        "left" => "←",
        "right" => "→",
        "home" => "Home",
        "end" => "End",
        "pgup" => "PgUp",
        "pgdn" => "PgDn",
        "lt" => "<",
        _ => "",
    };
    if !named.is_empty() {
        return named.to_string();
    }
    if let Some(number) = name.strip_prefix('f').filter(|n| n.parse::<u8>().is_ok()) {
        return format!("F{number}");
    }
    match (name.strip_prefix("c-"), name.strip_prefix("a-")) {
        (Some(letter), _) => format!("Ctrl-{}", letter.to_uppercase()),
        (None, Some(letter)) => format!("Alt-{}", letter.to_uppercase()),
        (None, None) => key.to_string(),
    }
}

/// A key press with what does not matter for matching left out: the Shift of
/// a character is already in the character (`G`), and press, repeat and
/// release are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Key {
    fn from_event(event: KeyEvent) -> Key {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Char(character) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(character.to_ascii_lowercase())
            }
            // Terminals send Shift-Tab as BackTab, some with Shift held too.
            KeyCode::BackTab => KeyCode::BackTab,
            code => {
                if !matches!(code, KeyCode::Char(_)) {
                    modifiers |= event.modifiers & KeyModifiers::SHIFT;
                }
                code
            }
        };
        Key { code, modifiers }
    }
}

/// A key string that `parse_keys` cannot read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyParseError {
    pub text: String,
    pub reason: String,
}

impl fmt::Display for KeyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read keys `{}`: {}", self.text, self.reason)
    }
}

impl std::error::Error for KeyParseError {}

/// Reads a run of keys such as `"n<down><enter>"`, `"<esc>"`, `"<c-c>"`,
/// `"<space>"` into key presses.
pub fn parse_keys(text: &str) -> Result<Vec<KeyEvent>, KeyParseError> {
    let error = |reason: String| KeyParseError {
        text: text.to_string(),
        reason,
    };
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(character) = rest.chars().next() {
        if character != '<' {
            keys.push(KeyEvent::new(KeyCode::Char(character), KeyModifiers::NONE));
            rest = &rest[character.len_utf8()..];
            continue;
        }
        let Some(end) = rest.find('>') else {
            return Err(error(
                "`<` opens a key name that is never closed (write `<lt>` for `<`)".to_string(),
            ));
        };
        let name = &rest[1..end];
        keys.push(named_key(name).ok_or_else(|| error(format!("no key is named `<{name}>`")))?);
        rest = &rest[end + 1..];
    }
    Ok(keys)
}

fn named_key(name: &str) -> Option<KeyEvent> {
    let plain = |code| Some(KeyEvent::new(code, KeyModifiers::NONE));
    match name {
        "enter" | "cr" => plain(KeyCode::Enter),
        "esc" => plain(KeyCode::Esc),
        "space" => plain(KeyCode::Char(' ')),
        "tab" => plain(KeyCode::Tab),
        "s-tab" => Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        "bs" | "backspace" => plain(KeyCode::Backspace),
        "del" => plain(KeyCode::Delete),
        "up" => plain(KeyCode::Up),
        "down" => plain(KeyCode::Down),
        "left" => plain(KeyCode::Left),
        "right" => plain(KeyCode::Right),
        "home" => plain(KeyCode::Home),
        "end" => plain(KeyCode::End),
        "pgup" => plain(KeyCode::PageUp),
        "pgdn" => plain(KeyCode::PageDown),
        "lt" => plain(KeyCode::Char('<')),
        "gt" => plain(KeyCode::Char('>')),
        _ if name.starts_with('f')
            && name[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
        {
            plain(KeyCode::F(name[1..].parse().ok()?))
        }
        _ => {
            let (modifier, key) = name.split_once('-')?;
            let modifier = match modifier {
                "c" => KeyModifiers::CONTROL,
                "a" | "m" => KeyModifiers::ALT,
                _ => return None,
            };
            let mut characters = key.chars();
            let character = characters.next()?;
            if characters.next().is_some() {
                let base = named_key(key)?;
                return Some(KeyEvent::new(base.code, base.modifiers | modifier));
            }
            Some(KeyEvent::new(KeyCode::Char(character), modifier))
        }
    }
}

#[cfg(test)]
mod tests;

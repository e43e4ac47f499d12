//! The full-screen app's state and the one function that changes it,
//! `update(&mut App, Action)`. Rendering (in `tui::render`) only reads an
//! `App`; keys become actions in `tui::keymap`. Every change to a case goes
//! through `engine::apply`, and every lock or blocker shown comes from
//! `engine::evaluate`: the app decides no rule itself.

mod action;
mod case_view;
mod cases;
mod change;
mod dialog;
mod facts;
mod filter;
mod folder_watch;
mod new_case;
pub mod persistence;
mod queue;
mod review;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};

pub use action::Action;
pub use case_view::{CaseScreen, FactInput, Focus};
pub use cases::{Cases, Summary, Urgency};
pub use dialog::{Dialog, Pending, Prompt, PromptPurpose};
pub use new_case::{Field, FieldValue, Form, NewCaseScreen, Stage as NewCaseStage};
pub use queue::{Queue, Sort, Tab};
pub use review::{ReviewItem, ReviewScreen, since_submission as review_since_submission};

use crate::catalog::Catalog;
use crate::engine::Actor;
use crate::queue_index::LoadProgress;
use persistence::{Loaded, Persistence};

/// Which keymap applies: what has the keyboard right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The queue of an empty data directory.
    Welcome,
    Queue,
    /// Typing a filter over the queue.
    QueueFilter,
    /// A case, with the checklist focused.
    Case,
    /// A case, with the facts focused.
    CaseFacts,
    /// Typing a fact's value in place.
    FactInput,
    Review,
    /// The first step of a new case: choosing its playbook.
    PlaybookPicker,
    /// A new case's text field (title, text, number, date).
    NewCaseText,
    /// A new case's yes/no or choice field.
    NewCaseChoice,
    /// A yes/no question.
    Confirm,
    /// A dialog asking for a line of text.
    Prompt,
    /// A dialog listing values to pick from.
    Picker,
    /// A dialog that only informs.
    Message,
    Help,
}

/// Where the time comes from; tests and snapshots pin it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system clock, or `$MIGDESK_NOW` when set.
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// Now, and today's date.
    pub fn read(self) -> (DateTime<Utc>, NaiveDate) {
        let (now, today, _) = self.read_with_offset();
        (now, today)
    }

    /// Now, today's date and the agent's UTC offset (a fixed clock is in UTC).
    pub fn read_with_offset(self) -> (DateTime<Utc>, NaiveDate, FixedOffset) {
        match self {
            Clock::System => crate::session::local_clock(),
            Clock::Fixed(now) => (now, now.date_naive(), Utc.fix()),
        }
    }
}

/// A screen of the app; the queue is always at the bottom of the stack.
#[derive(Debug, Clone)]
pub enum Screen {
    Case(CaseScreen),
    Review(ReviewScreen),
    NewCase(NewCaseScreen),
}

/// How a status-line message reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Error,
}

/// One line under the screen saying what just happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub tone: Tone,
    pub text: String,
}

/// What `$EDITOR` is being used for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorPurpose {
    Note { case: String },
    Fact { case: String, fact: String },
}

/// Work only the terminal can do; the event loop takes these after each update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Suspend,
    /// Edit `text` in `$EDITOR`, then send `Action::EditorClosed`.
    OpenEditor {
        text: String,
    },
    /// Put `text` on the clipboard (OSC 52).
    Copy {
        text: String,
    },
}

/// A change made in this session, which `u` can reverse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoEntry {
    pub case: String,
    pub seq: u64,
}

pub struct App {
    pub persistence: Persistence,
    pub catalog: Catalog,
    /// The acting person.
    pub user: String,
    pub clock: Clock,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    pub cases: Cases,
    /// While the queue is being read: how far that has got.
    pub loading: Option<Arc<LoadProgress>>,
    /// How the last queue load used the summary index (for the startup trace).
    pub index_stats: Option<crate::queue_index::IndexStats>,
    /// Case files that could not be read, as one line each.
    pub load_errors: Vec<String>,
    pub queue: Queue,
    /// Screens above the queue, the current one last.
    pub screens: Vec<Screen>,
    pub dialog: Option<Dialog>,
    /// The context whose keys the help screen lists, while it is open.
    pub help: Option<Context>,
    pub status: Option<Status>,
    pub undo: Vec<UndoEntry>,
    pub effects: Vec<Effect>,
    pub editor: Option<EditorPurpose>,
    pub should_quit: bool,
    /// False under `NO_COLOR`: styles keep bold and reverse but drop colours.
    pub color: bool,
    pub width: u16,
    pub height: u16,
}

impl App {
    /// An app over everything `persistence` holds, its queue read before it returns.
    pub fn new(persistence: Persistence, catalog: Catalog, user: &str, clock: Clock) -> App {
        let mut app = App::opening(persistence, catalog, user, clock);
        app.reload_all();
        app
    }

    /// An app whose queue is still to be read: it draws a progress line
    /// until `Action::QueueLoaded` brings the queue, which the caller reads
    /// (on another thread, say) with `persistence.loader` and the app's `loading`.
    pub fn opening(persistence: Persistence, catalog: Catalog, user: &str, clock: Clock) -> App {
        let (now, today) = clock.read();
        App {
            persistence,
            catalog,
            user: user.to_string(),
            clock,
            now,
            today,
            cases: Cases::default(),
            loading: Some(Arc::new(LoadProgress::default())),
            index_stats: None,
            load_errors: Vec::new(),
            queue: Queue::default(),
            screens: Vec::new(),
            dialog: None,
            help: None,
            status: None,
            undo: Vec::new(),
            effects: Vec::new(),
            editor: None,
            should_quit: false,
            color: true,
            width: 80,
            height: 24,
        }
    }

    /// Reads the queue again, on this thread (from the summary index where
    /// it is current).
    pub fn reload_all(&mut self) {
        let progress = self.loading.clone().unwrap_or_default();
        let loaded = self
            .persistence
            .loader(&self.catalog, self.today)
            .run(&progress);
        update(self, Action::QueueLoaded(Box::new(loaded)));
    }

    /// Reads case `id` in full unless it already is; says why when it
    /// cannot be read. Opening, reviewing and changing a case start here.
    fn load_case(&mut self, id: &str) -> bool {
        if self.cases.get(id).is_some() {
            return true;
        }
        match self.persistence.load(id) {
            Ok(stored) => {
                let generation = self.cases.generation();
                self.cases.put(stored, &self.catalog, self.today);
                // The file may have changed since the queue was read.
                if self.cases.generation() != generation {
                    queue::refresh(self);
                }
                true
            }
            Err(error) => {
                self.say(Tone::Error, format!("cannot read {id}: {error}"));
                false
            }
        }
    }

    /// What has the keyboard.
    pub fn context(&self) -> Context {
        if self.help.is_some() {
            return Context::Help;
        }
        if let Some(dialog) = &self.dialog {
            return dialog.context();
        }
        match self.screens.last() {
            None if self.cases.is_empty() && self.loading.is_none() => Context::Welcome,
            None if self.queue.typing => Context::QueueFilter,
            None => Context::Queue,
            Some(Screen::Case(screen)) => screen.context(),
            Some(Screen::Review(_)) => Context::Review,
            Some(Screen::NewCase(screen)) => screen.context(),
        }
    }

    /// Someone acting now, as the acting person.
    pub fn actor(&self) -> Actor {
        Actor::local(&self.user, self.clock.read_with_offset())
    }

    /// Takes the work left for the terminal.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The cases shown on a screen of the stack, the queue aside.
    fn open_case_ids(&self) -> Vec<String> {
        self.screens
            .iter()
            .filter_map(|screen| match screen {
                Screen::Case(screen) => Some(screen.id.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn case_screen(&self) -> Option<&CaseScreen> {
        match self.screens.last() {
            Some(Screen::Case(screen)) => Some(screen),
            _ => None,
        }
    }

    fn case_screen_mut(&mut self) -> Option<&mut CaseScreen> {
        match self.screens.last_mut() {
            Some(Screen::Case(screen)) => Some(screen),
            _ => None,
        }
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.status = Some(Status {
            tone,
            text: text.into(),
        });
    }

    /// Rows a page key moves by, from the last known terminal height.
    fn page_size(&self) -> usize {
        usize::from(self.height.saturating_sub(8)).max(1)
    }
}

/// Applies `action` to the app: the only way its state changes.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Quit => {
            app.should_quit = true;
            return;
        }
        Action::Suspend => {
            app.effects.push(Effect::Suspend);
            return;
        }
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
            return;
        }
        Action::Tick => {
            tick(app);
            return;
        }
        Action::EditorClosed(outcome) => {
            case_view::editor_closed(app, outcome);
            return;
        }
        Action::QueueLoaded(loaded) => {
            queue_loaded(app, *loaded);
            return;
        }
        Action::DiskChanged(changes) => {
            for change in &changes {
                if let persistence::DiskChange::Changed(stored) = change {
                    app.persistence.note_read(stored);
                }
            }
            change::reload_from_disk(app, changes);
            return;
        }
        _ => {}
    }
    // A message stays until the next key, so it is read before it goes.
    app.status = None;
    if app.help.is_some() {
        if action == Action::Back || action == Action::ShowHelp {
            app.help = None;
        }
        return;
    }
    if action == Action::ShowHelp && !matches!(app.context(), Context::QueueFilter) {
        app.help = Some(app.context());
        return;
    }
    if app.dialog.is_some() {
        dialog::update(app, action);
        return;
    }
    match app.screens.last() {
        None => queue::update(app, action),
        Some(Screen::Case(_)) => case_view::update(app, action),
        Some(Screen::Review(_)) => review::update(app, action),
        Some(Screen::NewCase(_)) => new_case::update(app, action),
    }
}

/// Takes in a freshly read queue; every case read in full before (opened,
/// or created while the queue was being read) is read in full again.
fn queue_loaded(app: &mut App, mut loaded: Loaded) {
    app.persistence.adopt(&mut loaded);
    let kept = app.cases.loaded_ids();
    app.cases = Cases::from_rows(&loaded.rows, &app.catalog, app.today);
    app.index_stats = Some(loaded.stats);
    app.loading = None;
    for id in kept {
        if let Ok(stored) = app.persistence.load(&id) {
            app.cases.put(stored, &app.catalog, app.today);
        }
    }
    app.load_errors = loaded.errors;
    queue::refresh(app);
}

/// A second went by: a new day re-evaluates the queue, and case files
/// changed by someone else are read again.
fn tick(app: &mut App) {
    let (now, today) = app.clock.read();
    app.now = now;
    if app.loading.is_some() {
        // The load under way takes in every file; polling now would read them all twice.
        return;
    }
    if today != app.today {
        app.today = today;
        // The index evaluates again the rows whose playbooks read `today`.
        app.reload_all();
        case_view::refresh_open_case(app);
    }
    let changes = app.persistence.poll(&app.open_case_ids());
    if !changes.is_empty() {
        change::reload_from_disk(app, changes);
    }
}

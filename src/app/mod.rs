//! The full-screen app's state and the one function that changes it,
//! `update(&mut App, Action)`. Rendering (in `tui::render`) only reads an
//! `App`; keys become actions in `tui::keymap`. Every change to a case goes
//! through `engine::apply`, and every lock or blocker shown comes from
//! `engine::evaluate`: the app decides no rule itself.

mod action;
mod case_actions;
mod case_view;
mod cases;
mod change;
mod dashboard;
mod dialog;
mod disk_worker;
mod fact_chooser;
mod facts;
mod filter;
mod folder_watch;
mod history;
mod new_case;
mod notices;
pub mod persistence;
mod queue;
pub mod remedy;
mod review;
pub mod sync_schedule;
pub mod team_sync;

#[cfg(test)]
mod tests;

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};

pub use action::Action;
pub use case_view::{CaseScreen, FactInput, Focus};
pub use cases::{Cases, Summary, Urgency};
pub use dashboard::{Bar, DashboardScreen, Panel};
pub use dialog::{Dialog, Pending, Prompt, PromptPurpose};
pub use fact_chooser::{FactChooser, FactOption, type_text as fact_type_text};
pub use history::HistoryScreen;
pub use new_case::{Field, FieldValue, Form, NewCaseScreen, Stage as NewCaseStage};
pub use queue::{Drill, Queue, Sort, Tab};
pub use review::{Among, ReviewItem, ReviewScreen, since_submission as review_since_submission};

use crate::catalog::Catalog;
pub use crate::clock::{Clock, LocalTime};
use crate::engine::Actor;
use crate::queue_index::LoadProgress;
use persistence::{Loaded, Persistence};

/// Which keymap applies: what has the keyboard right now. The config file
/// names each by its snake_case name (`[keys.queue_filter]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
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
    /// The team lead's dashboard.
    Dashboard,
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
    /// A case's whole history.
    History,
}

/// A screen of the app; the queue is always at the bottom of the stack.
#[derive(Debug, Clone)]
pub enum Screen {
    Case(CaseScreen),
    Review(ReviewScreen),
    NewCase(NewCaseScreen),
    Dashboard(Box<DashboardScreen>),
    History(HistoryScreen),
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
    persistence: Persistence,
    catalog: Catalog,
    /// The acting person.
    user: String,
    /// The acting person's roles in team mode (`team.yaml`); `None` outside it.
    roles: Option<Vec<crate::model::Role>>,
    clock: Clock,
    /// The clock as last read (each tick, and for each change).
    time: LocalTime,
    cases: Cases,
    /// While the queue is being read: how far that has got.
    loading: Option<Arc<LoadProgress>>,
    /// How the last queue load used the summary index (for the startup trace).
    index_stats: Option<crate::queue_index::IndexStats>,
    /// Case files that could not be read, as one line each.
    load_errors: Vec<String>,
    queue: Queue,
    /// Screens above the queue, the current one last.
    screens: Vec<Screen>,
    dialog: Option<Dialog>,
    /// The context whose keys the help screen lists, while it is open.
    help: Option<Context>,
    status: Option<Status>,
    undo: Vec<UndoEntry>,
    effects: Vec<Effect>,
    editor: Option<EditorPurpose>,
    should_quit: bool,
    /// The colours; under `NO_COLOR` styles keep bold and reverse but drop colours.
    theme: crate::tui::render::theme::Theme,
    /// The keys in effect: the shipped tables with the config file's over them.
    keymap: crate::tui::keymap::Keymap,
    width: u16,
    height: u16,
    /// The change whose save the disk thread has not answered yet.
    saving: Option<change::OutstandingSave>,
    /// Keys pressed while a save was outstanding, taken once it is answered,
    /// so each works on the case as saved.
    deferred: VecDeque<Action>,
    /// Team mode's background sync, when the data directory is a team repository.
    team: Option<team_sync::TeamSync>,
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
        App {
            persistence,
            catalog,
            user: user.to_string(),
            roles: None,
            clock,
            time: clock.read(),
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
            theme: crate::tui::render::theme::Theme::default(),
            keymap: crate::tui::keymap::Keymap::default(),
            width: 80,
            height: 24,
            saving: None,
            deferred: VecDeque::new(),
            team: None,
        }
    }

    /// Takes what the disk thread answered (saves, changed files), waiting
    /// up to `wait` for the first answer.
    pub fn take_from_disk(&mut self, wait: Duration) {
        let mut wait = wait;
        while let Some(reply) = self.persistence.next_reply(wait) {
            wait = Duration::ZERO;
            let action = match reply {
                persistence::Reply::Saved { id, outcome } => Action::Saved { id, outcome },
                persistence::Reply::Changes(changes) => Action::DiskChanged(changes),
            };
            update(self, action);
        }
        team_sync::take_replies(self, Duration::ZERO);
    }

    /// Waits until the disk thread has answered everything asked of it, up
    /// to `timeout`; whether it has.
    pub fn settle(&mut self, timeout: Duration) -> bool {
        let start = Instant::now();
        while self.persistence.is_busy() {
            let left = timeout.saturating_sub(start.elapsed());
            if left.is_zero() {
                return false;
            }
            self.take_from_disk(left.min(Duration::from_millis(50)));
        }
        true
    }

    /// Whether a save is outstanding (keys wait for it, the screen says so).
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// The line under the screen: what a save is waiting for, else the
    /// last message.
    pub fn status_line(&self) -> Option<Status> {
        match &self.saving {
            Some(saving) => Some(Status {
                tone: Tone::Info,
                text: saving.waiting_text(),
            }),
            None => self.status.clone(),
        }
    }

    /// Reads the queue again, on this thread (from the summary index where
    /// it is current).
    /// Where the app reads the time from (a benchmark moves it to a new day).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn reload_all(&mut self) {
        let progress = self.loading.clone().unwrap_or_default();
        let loaded = self
            .persistence
            .loader(&self.catalog, self.today())
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
                self.cases.put(stored, &self.catalog, self.today());
                // The file may have changed since the queue was read.
                if self.cases.generation() != generation {
                    queue::refresh(self);
                }
                true
            }
            Err(error) => {
                self.say(
                    Tone::Error,
                    crate::t!("app-cannot-read", case = id, error = error.to_string()),
                );
                false
            }
        }
    }

    pub fn persistence(&self) -> &Persistence {
        &self.persistence
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The acting person.
    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn cases(&self) -> &Cases {
        &self.cases
    }

    /// While the queue is being read: how far that has got.
    pub fn loading(&self) -> Option<&Arc<LoadProgress>> {
        self.loading.as_ref()
    }

    /// How the last queue load used the summary index (for the startup trace).
    pub fn index_stats(&self) -> Option<crate::queue_index::IndexStats> {
        self.index_stats
    }

    /// Case files that could not be read, as one line each.
    pub fn load_errors(&self) -> &[String] {
        &self.load_errors
    }

    pub fn queue(&self) -> &Queue {
        &self.queue
    }

    /// Screens above the queue, the current one last.
    pub fn screens(&self) -> &[Screen] {
        &self.screens
    }

    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }

    /// The context whose keys the help screen lists, while it is open.
    pub fn help(&self) -> Option<Context> {
        self.help
    }

    /// The last message, until the next key.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    pub fn should_quit(&self) -> bool {
        self.should_quit
    }

    /// The colours the screen is drawn in.
    pub fn theme(&self) -> crate::tui::render::theme::Theme {
        self.theme
    }

    pub fn set_theme(&mut self, theme: crate::tui::render::theme::Theme) {
        self.theme = theme;
    }

    /// The keys in effect.
    pub fn keymap(&self) -> &crate::tui::keymap::Keymap {
        &self.keymap
    }

    pub fn set_keymap(&mut self, keymap: crate::tui::keymap::Keymap) {
        self.keymap = keymap;
    }

    /// Opens a message dialog (a warning at start, for instance).
    pub fn show_message(&mut self, title: &str, text: String) {
        self.dialog = Some(Dialog::message(title, text));
    }

    /// Syncs with the team in the background from now on.
    pub fn set_team_sync(&mut self, team: team_sync::TeamSync) {
        self.team = Some(team);
    }

    /// Team mode's background sync, if the data directory is a team repository.
    pub fn team(&self) -> Option<&team_sync::TeamSync> {
        self.team.as_ref()
    }

    /// The acting person's roles in team mode.
    pub fn set_roles(&mut self, roles: Option<Vec<crate::model::Role>>) {
        self.roles = roles;
    }

    /// Now, as the clock was last read.
    pub fn now(&self) -> DateTime<Utc> {
        self.time.now
    }

    /// The acting person's date, as the clock was last read.
    pub fn today(&self) -> NaiveDate {
        self.time.today
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
            Some(Screen::Dashboard(_)) => Context::Dashboard,
            Some(Screen::NewCase(screen)) => screen.context(),
            Some(Screen::History(_)) => Context::History,
        }
    }

    /// Someone acting now, as the acting person.
    pub fn actor(&self) -> Actor {
        Actor::local(&self.user, self.clock.read()).with_roles(self.roles.clone())
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
            change::quit(app);
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
            change::reload_from_disk(app, changes);
            return;
        }
        Action::Saved { id, outcome } => {
            change::saved(app, &id, outcome);
            while app.saving.is_none()
                && let Some(action) = app.deferred.pop_front()
            {
                update(app, action);
            }
            return;
        }
        _ => {}
    }
    if app.saving.is_some() && !change::answers_while_saving(app, &action) {
        app.deferred.push_back(action);
        return;
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
    // The case on screen when a key is pressed has been seen, news or not.
    team_sync::seen(app);
    if action == Action::SyncNow {
        team_sync::sync_now(app);
        return;
    }
    match app.screens.last() {
        None => queue::update(app, action),
        Some(Screen::Case(_)) => case_view::update(app, action),
        Some(Screen::Review(_)) => review::update(app, action),
        Some(Screen::NewCase(_)) => new_case::update(app, action),
        Some(Screen::Dashboard(_)) => dashboard::update(app, action),
        Some(Screen::History(_)) => history::update(app, action),
    }
    team_sync::seen(app);
}

/// Takes in a freshly read queue; every case read in full before (opened,
/// or created while the queue was being read) is read in full again.
fn queue_loaded(app: &mut App, mut loaded: Loaded) {
    app.persistence.adopt(&mut loaded);
    let kept = app.cases.loaded_ids();
    app.cases = Cases::from_rows(&loaded.rows, &app.catalog, app.today());
    app.index_stats = Some(loaded.stats);
    app.loading = None;
    for id in kept {
        if let Ok(stored) = app.persistence.load(&id) {
            app.cases.put(stored, &app.catalog, app.today());
        }
    }
    app.load_errors = loaded.errors;
    queue::refresh(app);
}

/// A second went by: a new day re-evaluates the queue, and case files
/// changed by someone else are read again.
fn tick(app: &mut App) {
    let time = app.clock.read();
    let today = time.today;
    let new_day = today != app.time.today;
    app.time = time;
    if app.loading.is_some() {
        // The load under way takes in every file; polling now would read them all twice.
        return;
    }
    if new_day {
        if crate::queue_index::any_playbook_reads_today(&app.catalog) {
            // The index evaluates again the rows whose playbooks read `today`.
            app.reload_all();
        } else {
            // Nothing but urgency depends on the day: no file, no index read.
            app.cases.new_day(&app.catalog, today);
            queue::refresh(app);
        }
        case_view::refresh_open_case(app);
    }
    let open = app.open_case_ids();
    app.persistence.poll(&open);
    team_sync::tick(app, Instant::now());
    if let Some(saving) = app.saving.as_mut() {
        saving.holder = app.persistence.lock_holder(&saving.case);
    }
}

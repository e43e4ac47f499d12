//! App-level tests: key strings go through the real keymap into `update`,
//! over a temporary data directory, with the clock pinned.
#![allow(clippy::unwrap_used)]

mod assignment;
mod case;
mod case_status;
mod changes_requested;
mod dashboard;
mod facts;
mod feedback;
mod footer;
mod history;
mod loading;
mod new_case;
mod opening;
mod own_saves;
mod queue;
mod rendering;
mod review;
mod scale;
mod settings;
mod snapshots;
mod team;

use chrono::{DateTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

use super::persistence::Persistence;
use super::{App, Clock, Screen, update};
use crate::catalog::{Catalog, ValidPlaybook, parse_playbook};
use crate::engine::{Actor, new_case};
use crate::model::{Case, FactValue};
use crate::store::{DataDir, Store};
use crate::tui::keymap::parse_keys;

/// Monday 2026-11-02, 10:00 UTC.
pub fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()
}

fn fixture(name: &str) -> ValidPlaybook {
    let path = format!("{}/tests/fixtures/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    parse_playbook(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The shipped playbooks plus the two tiny fixtures.
pub fn catalog() -> Catalog {
    let mut playbooks: Vec<ValidPlaybook> = Catalog::shipped()
        .entries()
        .iter()
        .map(|entry| entry.playbook.clone())
        .collect();
    playbooks.push(fixture("tiny-eligibility"));
    playbooks.push(fixture("tiny-approval"));
    Catalog::from_playbooks(playbooks)
}

/// The app over `store` as `user` on Monday, in a 120×40 terminal.
fn open_app(store: Store, user: &str) -> App {
    let mut app = App::new(
        Persistence::new(store),
        catalog(),
        user,
        Clock::Fixed(monday()),
    );
    update(
        &mut app,
        super::Action::Resize {
            width: 120,
            height: 40,
        },
    );
    app
}

pub struct Harness {
    pub app: App,
    pub dir: TempDir,
}

impl Harness {
    /// An empty data directory, acting as alice.
    pub fn empty() -> Harness {
        Harness::as_user("alice", |_| {})
    }

    /// The demo cases, loaded from the welcome screen, acting as alice.
    pub fn demo() -> Harness {
        let mut harness = Harness::empty();
        harness.press("d");
        assert_eq!(harness.app.cases.len(), 7, "{:?}", harness.app.status);
        // The message names the temporary folder; later screens start without it.
        harness.app.status = None;
        harness
    }

    /// A data directory prepared by `prepare`, then opened as `user`.
    pub fn as_user(user: &str, prepare: impl FnOnce(&Store)) -> Harness {
        let dir = TempDir::new().unwrap();
        let store = Store::open(DataDir::new(dir.path().join("data"))).unwrap();
        prepare(&store);
        Harness {
            app: open_app(store, user),
            dir,
        }
    }

    /// The same data directory opened again by someone else.
    pub fn reopen_as(self, user: &str) -> Harness {
        Harness {
            app: open_app(self.other_writer(), user),
            dir: self.dir,
        }
    }

    /// Another writer on the same data directory (another migdesk, a script).
    pub fn other_writer(&self) -> Store {
        Store::open(DataDir::new(self.dir.path().join("data"))).unwrap()
    }

    /// Types `keys` (`"n<down><enter>"`) through the keymap of whatever has the keyboard.
    pub fn press(&mut self, keys: &str) {
        for key in parse_keys(keys).unwrap() {
            if let Some(action) = self.app.keymap.action_for(self.app.context(), key) {
                update(&mut self.app, action);
                self.settle();
            }
        }
    }

    /// Lets the disk thread answer what the app asked of it, as the event
    /// loop would between keys.
    pub fn settle(&mut self) {
        assert!(
            self.app.settle(std::time::Duration::from_secs(20)),
            "the disk thread did not answer"
        );
    }

    /// A second went by: the clock is read and the disk thread looks for
    /// changed files; its answer is taken in.
    pub fn tick(&mut self) {
        update(&mut self.app, super::Action::Tick);
        self.settle();
    }

    /// The refusal a dialog prompt shows under its input; panics when no prompt is open.
    pub fn prompt_error(&self) -> String {
        match &self.app.dialog {
            Some(super::Dialog::Prompt(prompt)) => prompt.error.clone().unwrap_or_default(),
            other => panic!("the prompt stays open with the refusal, got {other:?}"),
        }
    }

    pub fn case(&self, id: &str) -> &Case {
        &self.app.cases.get(id).unwrap().case
    }

    /// Opens case `id` from the queue's All tab, as an agent would.
    pub fn open(&mut self, id: &str) {
        self.app.screens.clear();
        while self.app.queue.tab != super::Tab::All {
            self.press("<tab>");
        }
        self.press("g");
        for _ in 0..self.app.queue.rows.len() {
            if self.app.queue.selected_id(&self.app) == Some(id) {
                break;
            }
            self.press("j");
        }
        self.press("<enter>");
        assert_eq!(self.app.case_screen().map(|s| s.id.as_str()), Some(id));
    }

    /// Moves the checklist selection to `step` with j/k.
    pub fn select_step(&mut self, step: &str) {
        self.press("g");
        for _ in 0..40 {
            let selected = self
                .app
                .case_screen()
                .and_then(|s| s.selected_step())
                .map(|s| s.id.clone());
            if selected.as_deref() == Some(step) {
                return;
            }
            self.press("j");
        }
        panic!("no step {step}");
    }

    /// Moves the facts selection (facts focused) to `fact`.
    pub fn select_fact(&mut self, fact: &str) {
        let playbook = self
            .app
            .catalog
            .get(&self.case(&self.open_id()).playbook)
            .unwrap();
        let index = playbook
            .definition()
            .facts
            .iter()
            .position(|f| f.id == fact)
            .unwrap();
        self.press("g");
        for _ in 0..index {
            self.press("j");
        }
    }

    pub fn open_id(&self) -> String {
        self.app.case_screen().unwrap().id.clone()
    }

    pub fn top_is_review(&self) -> bool {
        matches!(self.app.screens.last(), Some(Screen::Review(_)))
    }

    /// The screen as text, at `width` × `height`.
    pub fn render(&self, width: u16, height: u16) -> String {
        render(&self.app, width, height)
    }
}

pub fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
    terminal.backend().to_string()
}

/// A tiny-eligibility case that nothing blocks, with its ticket known.
pub fn eligible_tiny() -> Harness {
    Harness::as_user("alice", |store| {
        create_case(
            store,
            "tiny-eligibility",
            "Acme",
            "alice",
            &[
                ("has_debts", FactValue::Bool(false)),
                ("old_vat", text("FR12345678901")),
                ("new_vat", text("FR12345678901")),
                ("ticket_key", text("OPS-12")),
            ],
        );
    })
}

/// Creates a case in `store` through `engine::new_case`, as alice on Monday.
pub fn create_case(
    store: &Store,
    playbook: &str,
    title: &str,
    assignee: &str,
    facts: &[(&str, FactValue)],
) -> String {
    let catalog = catalog();
    let playbook = catalog.get(playbook).unwrap();
    let facts = facts
        .iter()
        .map(|(fact, value)| (fact.to_string(), Some(value.clone())))
        .collect();
    let case = new_case(
        playbook,
        "MIG-0000",
        title,
        assignee,
        facts,
        &Actor::new(assignee, monday()),
    )
    .unwrap();
    store.create(move |id| Case { id, ..case }).unwrap().case.id
}

pub fn text(value: &str) -> FactValue {
    FactValue::Text(value.to_string())
}

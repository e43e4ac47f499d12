//! The real `migdesk` binary in a pseudo-terminal, driven by key presses
//! and read through a terminal emulator's parser: what a person would see.
//! Cases are made beforehand with the command line, in a temporary data
//! directory, with the clock pinned.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use serde_yaml::Value;

/// Monday 2026-11-02, 10:00 UTC.
const NOW: &str = "2026-11-02T10:00:00Z";
/// The assignee of every case made here.
const ASSIGNEE: &str = "alice";
/// Someone else, for four-eyes reviews.
const REVIEWER: &str = "lead";
/// How long to wait for the screen to show something. Generous: the tests
/// share two cores with other tests and builds.
const PATIENCE: Duration = Duration::from_secs(20);

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const CTRL_C: &str = "\x03";

/// A temporary data directory, and the binary run over it.
struct Desk {
    dir: tempfile::TempDir,
    /// A config file the app reads (`MIGDESK_CONFIG`), if any.
    config: Option<PathBuf>,
}

impl Desk {
    fn new() -> Desk {
        Desk {
            dir: tempfile::tempdir().unwrap(),
            config: None,
        }
    }

    fn command(&self, user: &str) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_migdesk"));
        command
            .env("MIGDESK_DATA_DIR", self.dir.path())
            .env("MIGDESK_USER", user)
            .env("MIGDESK_NOW", NOW)
            .env("XDG_CONFIG_HOME", self.dir.path().join("no-config"))
            .env("MIGDESK_LOG", "off")
            .env_remove("NO_COLOR");
        command
    }

    /// Runs a command as `user`, asserts it succeeded and returns its output.
    fn ok_as(&self, user: &str, args: &[&str]) -> String {
        let output = self.command(user).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// `migdesk new PLAYBOOK --title TITLE --set FACT=VALUE…` as the assignee; the new id.
    fn new_case(&self, playbook: &str, title: &str, facts: &[&str]) -> String {
        let mut args = vec!["new", playbook, "--title", title];
        for fact in facts {
            args.extend(["--set", fact]);
        }
        self.ok_as(ASSIGNEE, &args).trim().to_string()
    }

    fn check(&self, case: &str, step: &str) {
        self.ok_as(ASSIGNEE, &["check", case, step]);
    }

    fn case_path(&self, id: &str) -> PathBuf {
        self.dir.path().join("cases").join(format!("{id}.yaml"))
    }

    fn case_file(&self, id: &str) -> Value {
        serde_yaml::from_str(&fs::read_to_string(self.case_path(id)).unwrap()).unwrap()
    }

    /// The app, as `user`, in a terminal of `cols` × `rows`.
    fn app(&self, user: &str, cols: u16, rows: u16) -> Terminal {
        Terminal::start(self.dir.path(), user, cols, rows, self.config.as_deref())
    }
}

/// Facts under which an account may move (no debts, same company, same VAT number).
const ELIGIBLE: &[&str] = &[
    "has_debts=no",
    "pro_company_name=Salon Léa SARL",
    "new_company_name=Salon Léa SARL",
    "pro_vat_number=FR40303265045",
    "new_vat_number=FR40303265045",
];

/// The real binary in a pseudo-terminal, its output fed to a terminal emulator.
struct Terminal {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the app wrote, for the escape sequences.
    output: Arc<Mutex<Vec<u8>>>,
    /// Says when the app's side of the terminal is closed and all output read.
    closed: Receiver<()>,
    /// The terminal's modes before the app started.
    modes_before: String,
}

impl Terminal {
    fn start(data_dir: &Path, user: &str, cols: u16, rows: u16, config: Option<&Path>) -> Terminal {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let modes_before = modes(pair.master.as_ref());
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_migdesk"));
        command.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        command.env("TERM", "xterm-256color");
        command.env("LANG", "C.UTF-8");
        command.env("MIGDESK_DATA_DIR", data_dir);
        command.env("MIGDESK_USER", user);
        command.env("MIGDESK_NOW", NOW);
        if let Some(config) = config {
            command.env("MIGDESK_CONFIG", config);
        }
        command.cwd(data_dir);
        let child = pair.slave.spawn_command(command).unwrap();
        // Only the app holds the terminal's other side, so reading ends when it exits.
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let output = Arc::new(Mutex::new(Vec::new()));
        let (done, closed) = mpsc::channel();
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (to_parser, to_output) = (Arc::clone(&parser), Arc::clone(&output));
        thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            // Linux answers EIO once the app's side is closed.
            while let Ok(read) = reader.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                to_parser.lock().unwrap().process(&buffer[..read]);
                to_output.lock().unwrap().extend_from_slice(&buffer[..read]);
            }
            let _ = done.send(());
        });
        let writer = pair.master.take_writer().unwrap();
        Terminal {
            master: pair.master,
            writer,
            child,
            parser,
            output,
            closed,
            modes_before,
        }
    }

    /// The screen as text, one line per row, trailing blanks left out.
    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// One row of the screen, trailing blanks left out.
    fn row(&self, row: u16) -> String {
        let parser = self.parser.lock().unwrap();
        let (_, cols) = parser.screen().size();
        let text = parser
            .screen()
            .rows(0, cols.get())
            .nth(usize::from(row))
            .unwrap_or_default();
        text.trim_end().to_string()
    }

    /// What one cell of the screen holds.
    fn cell(&self, row: u16, col: u16) -> String {
        let parser = self.parser.lock().unwrap();
        parser
            .screen()
            .cell(row, col)
            .map(|cell| cell.contents().to_string())
            .unwrap_or_default()
    }

    /// Waits until the screen satisfies `ready`, and returns it; fails
    /// with the last screen after `PATIENCE`.
    fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if start.elapsed() > PATIENCE {
                panic!("the screen never showed {what}; it shows:\n{screen}");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows every one of `texts` at once, and returns it.
    fn expect(&self, texts: &[&str]) -> String {
        self.wait_until(&format!("all of {texts:?}"), |screen| {
            texts.iter().all(|text| screen.contains(text))
        })
    }

    /// Waits until the app has written nothing for a while (a frame can
    /// arrive in several writes), and returns the screen.
    fn settled(&self) -> String {
        let quiet = Duration::from_millis(300);
        let start = Instant::now();
        let mut seen = self.output.lock().unwrap().len();
        let mut since = Instant::now();
        while since.elapsed() < quiet {
            assert!(start.elapsed() < PATIENCE, "the app never stopped writing");
            thread::sleep(Duration::from_millis(20));
            let now = self.output.lock().unwrap().len();
            if now != seen {
                seen = now;
                since = Instant::now();
            }
        }
        self.screen()
    }

    /// Types keys: characters as they are, or the named constants. `ESC`
    /// goes alone and is waited on: followed at once by a key, the app
    /// would read the pair as Alt and that key.
    fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resizes the terminal, as a window manager would.
    fn resize(&mut self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Waits for the app to exit and its last output to be read; its exit code.
    fn exit_code(&mut self) -> u32 {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > PATIENCE {
                panic!("the app did not exit; it shows:\n{}", self.screen());
            }
            thread::sleep(Duration::from_millis(20));
        };
        self.closed
            .recv_timeout(PATIENCE)
            .expect("the terminal was never closed");
        status.exit_code()
    }

    fn output(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The terminal's input, output and local modes (echo, canonical input…), as text.
fn modes(master: &dyn MasterPty) -> String {
    let termios = master.get_termios().unwrap();
    format!(
        "{:?} {:?} {:?}",
        termios.input_flags, termios.output_flags, termios.local_flags
    )
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
}

/// The position of the last `needle` in `haystack`.
fn last_position(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

#[test]
fn opening_a_case_from_the_queue_and_ticking_a_step_saves_it() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app(ASSIGNEE, 100, 30);

    app.expect(&[&id, "Salon Léa", "0/10", "in progress"]);
    app.press(ENTER);
    app.expect(&[
        "MIG-0001  Salon Léa",
        "Checklist 0/10",
        "[ ] Créer l’opportunité Saas Migration",
        "id create_opportunity",
    ]);

    app.press(" ");
    app.expect(&[
        "Checklist 1/10",
        "[x] Créer l’opportunité Saas Migration",
        "Done by alice on 2026-11-02 10:00",
    ]);
    let file = desk.case_file(&id);
    let step = &file["steps"]["create_opportunity"];
    assert_eq!(step["state"], "done", "{file:?}");
    assert_eq!(step["by"], ASSIGNEE);
    assert_eq!(step["at"], NOW);

    app.press(ESC);
    app.expect(&["Pending 1", &id, "1/10"]);
}

#[test]
fn changes_made_from_the_command_line_appear_in_the_open_queue() {
    let desk = Desk::new();
    let first = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app(ASSIGNEE, 100, 30);
    app.expect(&[&first, "Salon Léa", "0/10"]);

    // Another process ticks a step and creates a case; the app's watch of
    // the cases folder (on its second thread) finds both within a tick or two.
    desk.check(&first, "create_opportunity");
    let second = desk.new_case("saas-pro-to-connect", "Garage Dupont", ELIGIBLE);
    app.expect(&["2 cases", &second, "Garage Dupont", "1/10"]);

    // The app still saves over the file the other process wrote, without a conflict.
    app.press("g");
    app.press(ENTER);
    app.expect(&["MIG-0001  Salon Léa", "Checklist 1/10"]);
    app.press(" ");
    app.expect(&["Checklist 2/10"]);
    let file = desk.case_file(&first);
    assert_eq!(file["revision"], 3, "{file:?}");
}

#[test]
fn a_locked_step_says_why_on_screen_and_the_file_is_untouched() {
    let desk = Desk::new();
    let mut facts = ELIGIBLE.to_vec();
    facts[0] = "has_debts=yes";
    let id = desk.new_case("saas-pro-to-connect", "Boulangerie Dupont", &facts);
    let path = desk.case_path(&id);
    let before = fs::read(&path).unwrap();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let mut app = desk.app(ASSIGNEE, 100, 30);

    app.expect(&[&id, "blocked"]);
    app.press(ENTER);
    app.expect(&[
        "Checklist 0/10",
        "BLOCKED",
        "[ ] Créer l’opportunité Saas Migration … locked",
    ]);

    app.press(" ");
    app.expect(&[
        "┌ Locked ─",
        "“Créer l’opportunité Saas Migration dans Salesforce” cannot change",
        "• blocked by `debts`",
        "→ Il faut résoudre la situation de la dette",
        "Esc closes",
    ]);

    app.press(ESC);
    app.wait_until("the dialog closed", |screen| {
        !screen.contains("cannot change") && screen.contains("Space tick/untick")
    });
    let after = app.settled();
    assert!(after.contains("Checklist 0/10"), "{after}");
    assert!(!after.contains("[x]"), "{after}");
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
}

/// An Undo Migration case whose three first steps are done, so its team
/// lead validation waits for a review.
fn case_waiting_for_review(desk: &Desk) -> String {
    let id = desk.new_case("undo-migration", "Spa Zen Kyoto", ELIGIBLE);
    for step in ["create_opportunity", "contract_in_files", "venue_usp"] {
        desk.check(&id, step);
    }
    id
}

#[test]
fn the_assignee_cannot_approve_in_review_mode() {
    let desk = Desk::new();
    let id = case_waiting_for_review(&desk);
    let before = fs::read(desk.case_path(&id)).unwrap();
    let mut app = desk.app(ASSIGNEE, 100, 30);

    app.expect(&[&id, "in review"]);
    app.press("r");
    app.expect(&[
        &format!("Review 1/1  {id}"),
        &format!("You are the assignee of {id}"),
    ]);
    app.press("A");
    app.expect(&[
        "Refused by rule `four-eyes`",
        &format!("alice is the assignee of {id} and cannot review it"),
    ]);
    assert_eq!(fs::read(desk.case_path(&id)).unwrap(), before);
}

#[test]
fn a_second_person_approves_in_review_mode() {
    let desk = Desk::new();
    let id = case_waiting_for_review(&desk);
    let mut app = desk.app(REVIEWER, 100, 30);

    app.expect(&["migdesk · lead · 1 case ", &id, "in review", "alice"]);
    app.press("r");
    app.expect(&[
        &format!("Review 1/1  {id}"),
        "assignee alice",
        "To approve: Faire valider l’opportunité au TL",
        "A approve",
    ]);
    assert!(!app.settled().contains("You are the assignee"));

    app.press("A");
    app.expect(&["Enter submits"]);
    app.press("checked against the procedure");
    app.expect(&["> checked against the procedure"]);
    app.press(ENTER);
    app.expect(&[
        &format!("{id}: approved “Faire valider l’opportunité au TL”; no other case is waiting"),
        "Review 0",
        "4/12",
        "in progress",
    ]);

    app.press(ENTER);
    app.expect(&["Checklist 4/12"]);
    app.press("gjjj");
    app.expect(&[
        "[x] Faire valider l’opportunité au TL",
        "id tl_validation",
        "Done by lead on 2026-11-02 10:00",
        "Approved by lead on 2026-11-02 10:00: checked",
        "against the procedure",
    ]);

    let file = desk.case_file(&id);
    let step = &file["steps"]["tl_validation"];
    assert_eq!(step["state"], "done", "{file:?}");
    assert_eq!(step["by"], REVIEWER);
    assert_eq!(step["review"]["verdict"], "approved");
    assert_eq!(step["review"]["by"], REVIEWER);
    assert_eq!(step["review"]["reason"], "checked against the procedure");
    let history = file["history"].as_sequence().unwrap();
    let last = history.last().unwrap();
    assert_eq!(last["by"], REVIEWER);
    assert_eq!(last["action"], "review");
    assert_eq!(last["verdict"], "approved");
}

#[test]
fn keys_rebound_in_the_config_file_work_and_a_bad_one_is_shown_at_start() {
    let mut desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let config = desk.dir.path().join("config.toml");
    fs::write(
        &config,
        "[keys.queue]\nopen = [\"o\"]\nquit = [\"<nope>\"]\n",
    )
    .unwrap();
    desk.config = Some(config);
    let mut app = desk.app(ASSIGNEE, 100, 30);
    let screen = app.expect(&["Key bindings", "config.toml:3:1"]);
    assert!(screen.contains("<nope>"), "{screen}");
    app.press(ESC);
    app.expect(&[&id, "o open case"]);
    let screen = app.settled();
    assert!(!screen.contains("Enter open case"), "{screen}");
    app.press(ENTER);
    app.press("o");
    app.expect(&["Checklist 0/10"]);
    app.settled();
    app.press(ESC);
    // The bad line lost only itself: `q` still quits. (Typed once the queue
    // is back whole, so it is not read with the Esc as Alt-q.)
    app.wait_until("the queue again", |screen| {
        !screen.contains("Checklist") && screen.contains("o open case")
    });
    app.settled();
    app.press("q");
    assert_eq!(app.exit_code(), 0);
}

#[test]
fn ctrl_c_quits_cleanly_and_gives_the_terminal_back() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app(ASSIGNEE, 100, 30);
    app.expect(&[&id]);
    app.press(ENTER);
    app.expect(&["Checklist 0/10"]);

    app.press(CTRL_C);
    assert_eq!(app.exit_code(), 0);
    let output = app.output();
    let entered =
        last_position(&output, b"\x1b[?1049h").expect("never entered the alternate screen");
    let left = last_position(&output, b"\x1b[?1049l").expect("never left the alternate screen");
    assert!(
        left > entered,
        "the alternate screen is not left at the end"
    );
    let hidden = last_position(&output, b"\x1b[?25l").expect("never hid the cursor");
    let shown = last_position(&output, b"\x1b[?25h").expect("never showed the cursor again");
    assert!(shown > hidden, "the cursor is left hidden");
    {
        let parser = app.parser.lock().unwrap();
        assert!(!parser.screen().alternate_screen());
        assert!(!parser.screen().hide_cursor());
    }
    assert_eq!(
        modes(app.master.as_ref()),
        app.modes_before,
        "the terminal's modes were not restored"
    );
}

#[test]
fn without_a_terminal_it_says_so_in_one_line_and_fails() {
    let desk = Desk::new();
    let output = desk
        .command(ASSIGNEE)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "{:?}", output.stdout);
    let message = String::from_utf8(output.stderr).unwrap();
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("needs a terminal"), "{message}");
    assert!(message.contains("migdesk list"), "{message}");
    assert!(!message.contains('\x1b'), "{message:?}");
}

#[test]
fn a_resize_redraws_at_the_new_size() {
    let desk = Desk::new();
    let id = desk.new_case("saas-pro-to-connect", "Salon Léa", ELIGIBLE);
    let mut app = desk.app(ASSIGNEE, 100, 30);
    let at_size = |app: &Terminal, cols: u16, rows: u16| {
        app.cell(0, cols - 1) == ")"
            && app.row(1).starts_with("Pending 1")
            && app.row(rows - 1).starts_with("Enter open case")
    };
    app.wait_until("the queue at 100×30", |_| at_size(&app, 100, 30));

    for (cols, rows) in [(120, 40), (80, 24)] {
        app.resize(cols, rows);
        app.wait_until(&format!("the queue at {cols}×{rows}"), |_| {
            at_size(&app, cols, rows)
        });
        let screen = app.settled();
        assert!(screen.contains(&id), "{screen}");
        assert_eq!(screen.matches("sort: due date (s)").count(), 1, "{screen}");
        assert_eq!(screen.matches("Pending 1").count(), 1, "{screen}");
    }
}

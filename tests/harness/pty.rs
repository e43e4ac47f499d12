//! The real `migdesk` binary in a pseudo-terminal, driven by key presses
//! and read through a terminal emulator's parser: what a person would see.
//! Shared by the end-to-end test files (`#[path]`-included, so each uses
//! only some of it).
#![allow(dead_code)]

use std::fs;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use serde_yaml::Value;

/// Monday 2026-11-02, 10:00 UTC.
pub const NOW: &str = "2026-11-02T10:00:00Z";
/// The assignee of every case made here.
pub const ASSIGNEE: &str = "alice";
/// Someone else, for four-eyes reviews.
pub const REVIEWER: &str = "lead";
/// How long to wait for the screen to show something. Generous: the tests
/// share two cores with other tests and builds.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const CTRL_C: &str = "\x03";

/// A temporary data directory, and the binary run over it.
pub struct Desk {
    pub dir: tempfile::TempDir,
    /// A config file the app reads (`MIGDESK_CONFIG`), if any.
    pub config: Option<PathBuf>,
}

impl Desk {
    pub fn new() -> Desk {
        Desk {
            dir: tempfile::tempdir().unwrap(),
            config: None,
        }
    }

    pub fn command(&self, user: &str) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_migdesk"));
        // The tests read English whatever the machine's locale.
        command
            .env_remove("MIGDESK_LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C");
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
    pub fn ok_as(&self, user: &str, args: &[&str]) -> String {
        let output = self.command(user).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// `migdesk new PLAYBOOK --title TITLE --set FACT=VALUE…` as the assignee; the new id.
    pub fn new_case(&self, playbook: &str, title: &str, facts: &[&str]) -> String {
        let mut args = vec!["new", playbook, "--title", title];
        for fact in facts {
            args.extend(["--set", fact]);
        }
        self.ok_as(ASSIGNEE, &args).trim().to_string()
    }

    pub fn check(&self, case: &str, step: &str) {
        self.ok_as(ASSIGNEE, &["check", case, step]);
    }

    pub fn case_path(&self, id: &str) -> PathBuf {
        self.dir.path().join("cases").join(format!("{id}.yaml"))
    }

    pub fn case_file(&self, id: &str) -> Value {
        serde_yaml::from_str(&fs::read_to_string(self.case_path(id)).unwrap()).unwrap()
    }

    /// The app, as `user`, in a terminal of `cols` × `rows`.
    pub fn app(&self, user: &str, cols: u16, rows: u16) -> Terminal {
        Terminal::start(self.dir.path(), user, cols, rows, self.config.as_deref())
    }

    /// The app under a given `LANG` (the language follows the locale).
    pub fn app_in_locale(&self, user: &str, cols: u16, rows: u16, locale: &str) -> Terminal {
        Terminal::start_in_locale(
            self.dir.path(),
            user,
            (cols, rows),
            self.config.as_deref(),
            locale,
        )
    }
}

/// Facts under which an account may move (no debts, same company, same VAT number).
pub const ELIGIBLE: &[&str] = &[
    "has_debts=no",
    "pro_company_name=Salon Léa SARL",
    "new_company_name=Salon Léa SARL",
    "pro_vat_number=FR40303265045",
    "new_vat_number=FR40303265045",
];

/// The real binary in a pseudo-terminal, its output fed to a terminal emulator.
pub struct Terminal {
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the app wrote, for the escape sequences.
    pub output: Arc<Mutex<Vec<u8>>>,
    /// Says when the app's side of the terminal is closed and all output read.
    pub closed: Receiver<()>,
    /// The terminal's modes before the app started.
    pub modes_before: String,
}

impl Terminal {
    pub fn start(
        data_dir: &Path,
        user: &str,
        cols: u16,
        rows: u16,
        config: Option<&Path>,
    ) -> Terminal {
        Terminal::start_with(data_dir, user, cols, rows, config, &[])
    }

    /// Like [`Terminal::start`], with `environment` set over the app's
    /// (team mode's `HOME` and git isolation, for instance).
    pub fn start_with(
        data_dir: &Path,
        user: &str,
        cols: u16,
        rows: u16,
        config: Option<&Path>,
        environment: &[(std::ffi::OsString, std::ffi::OsString)],
    ) -> Terminal {
        Terminal::launch(data_dir, user, (cols, rows), config, "C.UTF-8", environment)
    }

    /// Like [`Terminal::start`], in the locale `locale` (`LANG`).
    pub fn start_in_locale(
        data_dir: &Path,
        user: &str,
        size: (u16, u16),
        config: Option<&Path>,
        locale: &str,
    ) -> Terminal {
        Terminal::launch(data_dir, user, size, config, locale, &[])
    }

    fn launch(
        data_dir: &Path,
        user: &str,
        (cols, rows): (u16, u16),
        config: Option<&Path>,
        locale: &str,
        environment: &[(std::ffi::OsString, std::ffi::OsString)],
    ) -> Terminal {
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
        // The language follows the locale: English unless a test asks.
        command.env("LANG", locale);
        command.env("MIGDESK_DATA_DIR", data_dir);
        command.env("MIGDESK_USER", user);
        command.env("MIGDESK_NOW", NOW);
        command.env("XDG_CONFIG_HOME", data_dir.join("no-config"));
        command.env("MIGDESK_LOG", "off");
        if let Some(config) = config {
            command.env("MIGDESK_CONFIG", config);
        }
        for (name, value) in environment {
            command.env(name, value);
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
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// One row of the screen, trailing blanks left out.
    pub fn row(&self, row: u16) -> String {
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
    pub fn cell(&self, row: u16, col: u16) -> String {
        let parser = self.parser.lock().unwrap();
        parser
            .screen()
            .cell(row, col)
            .map(|cell| cell.contents().to_string())
            .unwrap_or_default()
    }

    /// Waits until the screen satisfies `ready`, and returns it; fails
    /// with the last screen after `PATIENCE`.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
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
    pub fn expect(&self, texts: &[&str]) -> String {
        self.wait_until(&format!("all of {texts:?}"), |screen| {
            texts.iter().all(|text| screen.contains(text))
        })
    }

    /// Waits until the app has written nothing for a while (a frame can
    /// arrive in several writes), and returns the screen.
    pub fn settled(&self) -> String {
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
    pub fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resizes the terminal, as a window manager would.
    pub fn resize(&mut self, cols: u16, rows: u16) {
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
    pub fn exit_code(&mut self) -> u32 {
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

    pub fn output(&self) -> Vec<u8> {
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
pub fn modes(master: &dyn MasterPty) -> String {
    let termios = master.get_termios().unwrap();
    format!(
        "{:?} {:?} {:?}",
        termios.input_flags, termios.output_flags, termios.local_flags
    )
}

pub fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
}

/// The position of the last `needle` in `haystack`.
pub fn last_position(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

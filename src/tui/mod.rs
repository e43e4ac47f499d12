//! The terminal side of the app: setting the terminal up and restoring it,
//! reading the queue on a second thread while the first frames are drawn,
//! the event loop (keys, resizes, a tick a second), and the work only a
//! terminal can do (suspending, `$EDITOR`, the clipboard).

pub mod editor;
pub mod keymap;
pub mod render;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use color_eyre::Result;
use color_eyre::eyre::WrapErr;
use crossterm::cursor::Hide;
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
use ratatui::DefaultTerminal;

use crate::app::persistence::{Loaded, Persistence};
use crate::app::{self, Action, App, Clock, Effect};
use crate::config::Config;
use crate::sanitize::for_terminal_line;
use crate::session::Session;
use keymap::Keymap;
use render::theme::{Palette, Theme};

/// How often the clock is read and case files are checked for changes.
const TICK: Duration = Duration::from_secs(1);

/// How long the first frame waits for the queue before it shows a progress
/// line instead: a load from a current index takes less, so there is no
/// flash of "reading…" then.
const FIRST_FRAME_WAIT: Duration = Duration::from_millis(150);

/// How often the progress line is redrawn while the queue is read.
const PROGRESS_REDRAW: Duration = Duration::from_millis(50);

/// How often the disk thread's answer is looked for while a save or a look
/// at the folder is under way: well within a frame, so a save lands at once.
const DISK_ANSWER_POLL: Duration = Duration::from_millis(5);

/// How often the sync thread's answer is looked for while a sync runs:
/// the header changes within a frame or two of its end.
const SYNC_ANSWER_POLL: Duration = Duration::from_millis(50);

/// Said (on standard error) instead of drawing when standard output is not a terminal.
pub const NOT_A_TERMINAL: &str = "migdesk: the full-screen app needs a terminal; use a subcommand instead (`migdesk --help` lists them, e.g. `migdesk list`)";

/// Runs the full-screen app with the settings of this run (data
/// directory, acting person, theme, keys) until the person quits.
pub fn run(config: &Config) -> ExitCode {
    if !std::io::stdout().is_terminal() {
        eprintln!("{NOT_A_TERMINAL}");
        return ExitCode::from(2);
    }
    let started = Instant::now();
    let startup =
        tracing::debug_span!(target: "migdesk::startup", "startup", cases = tracing::field::Empty);
    let session = match Session::open(
        config.data_dir.value.clone(),
        Some(config.user.value.clone()),
    ) {
        Ok(session) => session,
        Err(error) => {
            eprintln!("migdesk: {}", for_terminal_line(&error.to_string()));
            return ExitCode::FAILURE;
        }
    };
    match run_app(session, config, started, startup) {
        Ok(()) => ExitCode::SUCCESS,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::FAILURE
        }
    }
}

/// The theme the settings ask for; `NO_COLOR` (set and not empty) wins.
pub fn theme(config: &Config) -> Theme {
    Theme::from_environment(Palette::named(config.theme.value).with(&config.colors))
}

/// The keys in effect, and a message about the bindings that could not be used.
pub fn keymap(config: &Config) -> (Keymap, Option<String>) {
    let (keymap, warnings) = Keymap::with_user(&config.keys);
    if warnings.is_empty() {
        return (keymap, None);
    }
    for warning in &warnings {
        tracing::warn!(target: "migdesk::config", "{}", for_terminal_line(&warning.to_string()));
    }
    let lines: Vec<String> = warnings
        .iter()
        .map(|warning| format!("• {warning}"))
        .collect();
    let message = format!(
        "{} key binding(s) in the config file were not used as written; every other setting applies.\n\n{}\n\nThey are listed again each time the app starts, until the config file is fixed.",
        warnings.len(),
        lines.join("\n")
    );
    (keymap, Some(message))
}

fn run_app(
    session: Session,
    config: &Config,
    started: Instant,
    startup: tracing::Span,
) -> Result<()> {
    // Installed before the terminal is set up, so ratatui's panic hook runs
    // first and restores the terminal, then the report is printed.
    color_eyre::install()?;
    let team = team_sync(&session, config);
    let persistence = Persistence::new(session.store);
    let mut app = App::opening(persistence, session.catalog, &session.user, Clock::System);
    app.set_theme(theme(config));
    let (keymap, warning) = keymap(config);
    app.set_keymap(keymap);
    if let Some(warning) = warning {
        app.show_message("Key bindings", warning);
    }
    app.set_roles(session.membership.roles());
    if let Some(team) = team {
        app.set_team_sync(team);
    }
    let queue = read_queue(&mut app);
    let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    let mut first_frames = FirstFrames::default();
    let outcome = event_loop(&mut terminal, &mut app, &queue, started, &mut first_frames);
    ratatui::restore();
    if let Some(elapsed) = first_frames.with_queue {
        startup.record("cases", app.cases().len());
        let first = first_frames.any.unwrap_or(elapsed);
        let (from_index, parsed) = app
            .index_stats()
            .map_or((0, 0), |stats| (stats.reused, stats.parsed));
        tracing::debug!(
            target: "migdesk::startup",
            parent: &startup,
            first_frame_milliseconds = first.as_secs_f64() * 1000.0,
            queue_frame_milliseconds = elapsed.as_secs_f64() * 1000.0,
            from_index,
            parsed,
            "first frames drawn"
        );
    }
    drop(startup);
    outcome
}

/// Team mode's background sync, when the data directory is a team
/// repository, as the `[team]` settings ask.
fn team_sync(session: &Session, config: &Config) -> Option<app::team_sync::TeamSync> {
    let data_dir = session.store.data_dir();
    if !crate::team::is_team_repository(data_dir.root()) {
        return None;
    }
    let schedule = app::sync_schedule::SyncSchedule::new(
        config.team.sync.value,
        Duration::from_secs(config.team.interval_seconds.value),
        Instant::now(),
    );
    Some(app::team_sync::TeamSync::start(
        data_dir.clone(),
        &session.user,
        schedule,
    ))
}

/// When the first frames were drawn, from the start of the process.
#[derive(Default)]
struct FirstFrames {
    /// The first frame, perhaps with the progress line.
    any: Option<Duration>,
    /// The first frame with the queue read.
    with_queue: Option<Duration>,
}

/// Starts a second thread that reads the queue: reading 100,000 summaries
/// takes longer than a frame. The app's own disk thread then watches the
/// folder and saves (see `app::persistence`).
fn read_queue(app: &mut App) -> Receiver<Box<Loaded>> {
    let loader = app.persistence().loader(app.catalog(), app.today());
    let progress = app.loading().cloned().unwrap_or_default();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        // The app may have quit meanwhile: nobody listens then.
        let _ = sender.send(Box::new(loader.run(&progress)));
    });
    receiver
}

/// Hands the app the queue once it is read, waiting up to `wait` for it,
/// and whatever the disk thread answered.
fn take_from_background(app: &mut App, queue: &Receiver<Box<Loaded>>, wait: Duration) {
    if app.loading().is_some() {
        let outcome = if wait.is_zero() {
            queue.try_recv().map_err(|error| match error {
                TryRecvError::Empty => RecvTimeoutError::Timeout,
                TryRecvError::Disconnected => RecvTimeoutError::Disconnected,
            })
        } else {
            queue.recv_timeout(wait)
        };
        match outcome {
            Ok(loaded) => app::update(app, Action::QueueLoaded(loaded)),
            Err(RecvTimeoutError::Timeout) => {}
            // The thread has ended without a queue (it cannot, short of a
            // bug): read it on this thread instead.
            Err(RecvTimeoutError::Disconnected) => app.reload_all(),
        }
    }
    app.take_from_disk(Duration::ZERO);
}

/// Runs until the person quits; `first_frame` receives the time from
/// `started` to the first frame drawn.
fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    background: &Receiver<Box<Loaded>>,
    started: Instant,
    first_frames: &mut FirstFrames,
) -> Result<()> {
    fit_to_terminal(terminal, app)?;
    take_from_background(
        app,
        background,
        FIRST_FRAME_WAIT.saturating_sub(started.elapsed()),
    );
    let mut last_tick = Instant::now();
    loop {
        take_from_background(app, background, Duration::ZERO);
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        first_frames.any.get_or_insert_with(|| started.elapsed());
        if app.loading().is_none() {
            first_frames
                .with_queue
                .get_or_insert_with(|| started.elapsed());
        }
        let mut timeout = TICK.saturating_sub(last_tick.elapsed());
        if app.loading().is_some() {
            timeout = timeout.min(PROGRESS_REDRAW);
        }
        if app.persistence().is_busy() {
            timeout = timeout.min(DISK_ANSWER_POLL);
        }
        if app.team().is_some_and(|team| team.is_syncing()) {
            timeout = timeout.min(SYNC_ANSWER_POLL);
        }
        if event::poll(timeout)? {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    if let Some(action) = app.keymap().action_for(app.context(), key) {
                        app::update(app, action);
                    }
                }
                Event::Resize(width, height) => {
                    app::update(app, Action::Resize { width, height });
                }
                _ => {}
            }
        }
        if last_tick.elapsed() >= TICK {
            app::update(app, Action::Tick);
            last_tick = Instant::now();
        }
        for effect in app.take_effects() {
            perform(effect, terminal, app)?;
        }
        if app.should_quit() {
            return Ok(());
        }
    }
}

/// Tells the app the terminal's size, which may have changed while it was away.
fn fit_to_terminal(terminal: &DefaultTerminal, app: &mut App) -> Result<()> {
    let size = terminal.size()?;
    app::update(
        app,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
    );
    Ok(())
}

fn perform(effect: Effect, terminal: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    match effect {
        Effect::Suspend => {
            suspend(terminal)?;
            // The terminal may have been resized while it was away.
            fit_to_terminal(terminal, app)?;
            Ok(())
        }
        Effect::OpenEditor { text } => {
            ratatui::restore();
            let outcome = editor::edit(&text);
            resume(terminal)?;
            fit_to_terminal(terminal, app)?;
            app::update(app, Action::EditorClosed(outcome));
            Ok(())
        }
        Effect::Copy { text } => {
            let mut stdout = std::io::stdout();
            execute!(
                stdout,
                // Pasted into a shell, a raw escape in a fact would run commands.
                crossterm::clipboard::CopyToClipboard::to_clipboard_from(
                    crate::sanitize::for_clipboard(&text).into_owned()
                )
            )?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Gives the terminal back and stops, as Ctrl-Z does in a shell; `fg` resumes here.
fn suspend(terminal: &mut DefaultTerminal) -> Result<()> {
    ratatui::restore();
    nix::sys::signal::raise(nix::sys::signal::Signal::SIGTSTP).wrap_err("cannot suspend")?;
    resume(terminal)
}

/// Takes the terminal again after the shell or an editor had it.
fn resume(terminal: &mut DefaultTerminal) -> Result<()> {
    enable_raw_mode()?;
    execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        Hide
    )?;
    // Forget the last frame so the next one is drawn whole. (`clear` would
    // also work but asks the terminal for the cursor position and waits for
    // an answer some terminals never send.)
    terminal.swap_buffers();
    Ok(())
}

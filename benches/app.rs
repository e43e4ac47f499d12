//! The full-screen app over a queue of 10,000 generated cases (or
//! `$MIGDESK_BENCH_CASES`): opening it
//! (the queue from a current index, and its first frame), one keystroke of
//! the queue filter, a new day, and one 200x60 frame of the queue and of a case with
//! 60 steps.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use migdesk::app::{self, Action, App, Clock, persistence::Persistence};
use migdesk::catalog::{Catalog, parse_playbook};
use migdesk::engine::{self, Actor, Change};
use migdesk::generate::write_cases;
use migdesk::queue_index::LoadProgress;
use migdesk::store::{DataDir, Store};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget as _;
use tui_input::InputRequest;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// A playbook of four phases of fifteen steps, each step needing the one before.
fn sixty_steps() -> String {
    let mut text = String::from(
        "id: sixty-steps\nversion: 1\ntitle: \"Soixante étapes\"\nlanguage: fr\nfacts:\n  - id: has_debts\n    type: bool\n    label: \"Dettes ?\"\nphases:\n",
    );
    for phase in 0..4 {
        let _ = writeln!(
            text,
            "  - id: phase_{phase}\n    title: \"Phase {phase}\"\n    steps:"
        );
        for step in 0..15 {
            let number = phase * 15 + step;
            let _ = writeln!(
                text,
                "      - id: step_{number}\n        title: \"Étape {number} : vérifier le dossier du client et noter le résultat\""
            );
            if number > 0 {
                let _ = writeln!(text, "        needs: [step_{}]", number - 1);
            }
        }
    }
    text.push_str("rules:\n  - id: debts\n    kind: blocker\n    if: \"has_debts\"\n    blocks: [step_59]\n    message: \"Le partenaire a des dettes.\"\n");
    text
}

/// 10,000 cases, or `$MIGDESK_BENCH_CASES` (`MIGDESK_BENCH_CASES=100000
/// cargo bench --bench app` for the largest queue).
fn queue_size() -> u64 {
    std::env::var("MIGDESK_BENCH_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(10_000)
}

fn app_with_queue() -> (tempfile::TempDir, App, String) {
    let directory = tempfile::tempdir().unwrap();
    let data_dir = DataDir::new(directory.path());
    let shipped = Catalog::shipped();
    write_cases(&data_dir, &shipped, queue_size(), 1, now()).unwrap();
    let mut playbooks: Vec<_> = shipped
        .entries()
        .iter()
        .map(|e| e.playbook.clone())
        .collect();
    playbooks.push(parse_playbook("sixty-steps.yaml", &sixty_steps()).unwrap());
    let catalog = Catalog::from_playbooks(playbooks);

    // The long case: half of its steps done.
    let store = Store::open(data_dir).unwrap();
    let playbook = catalog.get("sixty-steps").unwrap();
    let actor = Actor::new("léa.martin", now());
    let mut case = engine::new_case(
        playbook,
        "MIG-0000",
        "Salon Léa Lyon",
        "léa.martin",
        vec![],
        &actor,
    )
    .unwrap();
    for number in 0..30 {
        let change = Change::Check {
            step: format!("step_{number}"),
            note: None,
            acknowledged: false,
        };
        engine::apply(playbook, &mut case, change, &actor).unwrap();
    }
    let long = store
        .create(move |id| migdesk::model::Case { id, ..case })
        .unwrap()
        .case
        .id;

    let mut app = App::new(
        Persistence::new(store),
        catalog,
        "léa.martin",
        Clock::Fixed(now()),
    );
    app::update(
        &mut app,
        Action::Resize {
            width: 200,
            height: 60,
        },
    );
    (directory, app, long)
}

fn render(app: &App) -> Buffer {
    let area = Rect::new(0, 0, 200, 60);
    let mut buffer = Buffer::empty(area);
    app.render(area, &mut buffer);
    buffer
}

/// How long `work` took.
fn time(work: impl FnOnce()) -> Duration {
    let started = Instant::now();
    work();
    started.elapsed()
}

/// The sum of what `iteration` says it measured, over `iterations` runs:
/// for a benchmark that times only part of each run.
fn sum_of(iterations: u64, mut iteration: impl FnMut(u64) -> Duration) -> Duration {
    (0..iterations).map(&mut iteration).sum()
}

fn type_request(app: &mut App, request: InputRequest) {
    app::update(app, Action::Edit(request));
}

/// `character` typed, or taken back.
fn toggle(character: char, type_it: bool) -> InputRequest {
    if type_it {
        InputRequest::InsertChar(character)
    } else {
        InputRequest::DeletePrevChar
    }
}

fn type_text(app: &mut App, text: &str) {
    for character in text.chars() {
        app::update(app, Action::Edit(InputRequest::InsertChar(character)));
    }
}

fn app_benches(criterion: &mut Criterion) {
    let (directory, mut app, long) = app_with_queue();
    let mut group = criterion.benchmark_group(format!("app {}", queue_size()));
    group.sample_size(20);

    // What the app does before its first frame, once the index is current.
    group.bench_function(
        "open: queue from the index and first frame, 200x60",
        |bencher| {
            bencher.iter(|| {
                let store = Store::open(DataDir::new(directory.path())).unwrap();
                let mut opened = App::new(
                    Persistence::new(store),
                    app.catalog().clone(),
                    "léa.martin",
                    Clock::Fixed(now()),
                );
                app::update(
                    &mut opened,
                    Action::Resize {
                        width: 200,
                        height: 60,
                    },
                );
                assert_eq!(opened.cases().len(), app.cases().len());
                render(&opened)
            })
        },
    );

    group.bench_function("render the queue, 200x60", |bencher| {
        bencher.iter(|| render(&app))
    });

    // After someone else changed the cases folder (here a file that is
    // not a case appears or goes), the folder is listed and every file's key
    // compared, to find which cases changed: on the app's second thread,
    // while the tick on the thread that answers keys looks at open cases only.
    let cases_dir = directory.path().join("cases");
    let marker = cases_dir.join("not-a-case.txt");
    let mut present = false;
    let mut change_the_folder = move || {
        if present {
            std::fs::remove_file(&marker).unwrap();
        } else {
            std::fs::write(&marker, "x").unwrap();
        }
        present = !present;
    };
    let loader = app.persistence().loader(app.catalog(), app.today());
    let mut watch = loader.watch_after(&loader.run(&LoadProgress::default()));
    group.bench_function("disk thread: list the folder after a change", |bencher| {
        bencher.iter_custom(|iterations| {
            sum_of(iterations, |_| {
                change_the_folder();
                time(|| assert_eq!(watch.folder_changes(), Some(Vec::new())))
            })
        })
    });
    group.bench_function("key thread: tick after the folder changed", |bencher| {
        bencher.iter_custom(|iterations| {
            sum_of(iterations, |_| {
                change_the_folder();
                let ticked = time(|| app::update(&mut app, Action::Tick));
                // The disk thread's answer is taken untimed, as the next
                // loop of the app would.
                assert!(app.settle(std::time::Duration::from_secs(60)));
                ticked
            })
        })
    });

    // Midnight: every case's urgency is decided again on the key thread.
    let mut days = 0;
    group.bench_function("key thread: a new day", |bencher| {
        bencher.iter_custom(|iterations| {
            sum_of(iterations, |_| {
                days += 1;
                app.set_clock(Clock::Fixed(now() + chrono::Days::new(days)));
                let ticked = time(|| app::update(&mut app, Action::Tick));
                assert!(app.settle(std::time::Duration::from_secs(60)));
                ticked
            })
        })
    });
    app.set_clock(Clock::Fixed(now()));
    app::update(&mut app, Action::Tick);

    // The first letter typed: every case is scored (the letters after it
    // score only what matched before them).
    app::update(&mut app, Action::StartFilter);
    group.bench_function("filter: the first letter", |bencher| {
        bencher.iter_custom(|iterations| {
            sum_of(iterations, |_| {
                let typed = time(|| type_request(&mut app, InputRequest::InsertChar('s')));
                type_request(&mut app, InputRequest::DeletePrevChar);
                typed
            })
        })
    });
    app::update(&mut app, Action::ClearFilter);

    // One keystroke: `n` typed after `salo`, then taken back; both are
    // timed. Which one comes next is kept across runs, not read from the
    // iteration's number: a run of an odd number of iterations would
    // otherwise leave `salon` typed, and the next run time `salonn`.
    app::update(&mut app, Action::StartFilter);
    type_text(&mut app, "salo");
    let mut typed = false;
    group.bench_function("filter keystroke", |bencher| {
        bencher.iter_custom(|iterations| {
            sum_of(iterations, |_| {
                typed = !typed;
                time(|| type_request(&mut app, toggle('n', typed)))
            })
        })
    });
    if typed {
        type_request(&mut app, InputRequest::DeletePrevChar);
    }
    app::update(&mut app, Action::ClearFilter);

    // The same with field words: `e` typed after `is:mine status:blocked
    // @zo`, then taken back.
    app::update(&mut app, Action::StartFilter);
    type_text(&mut app, "is:mine status:blocked @zo");
    let mut typed = false;
    group.bench_function("filter keystroke, field words", |bencher| {
        bencher.iter_custom(|iterations| {
            sum_of(iterations, |_| {
                typed = !typed;
                time(|| type_request(&mut app, toggle('e', typed)))
            })
        })
    });
    app::update(&mut app, Action::ClearFilter);

    app::update(&mut app, Action::StartFilter);
    type_text(&mut app, &long);
    app::update(&mut app, Action::AcceptFilter);
    app::update(&mut app, Action::Open);
    assert_eq!(
        app.case_screen().map(|screen| screen.id.as_str()),
        Some(long.as_str())
    );
    group.bench_function("render a 60-step case, 200x60", |bencher| {
        bencher.iter(|| render(&app))
    });
    group.finish();
}

criterion_group!(benches, app_benches);
criterion_main!(benches);

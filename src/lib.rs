//! migdesk: playbooks, cases, the rules engine, the case store, the
//! command line and the full-screen app. The engine, model, expression
//! language and store know nothing of the terminal (a test checks it).
//!
//! migdesk runs on Linux and macOS: it relies on Unix file modes (case
//! files 0600, folders 0700), file identities (inode, ctime) to notice
//! changed files, and signals (Ctrl-Z).

#[cfg(not(unix))]
compile_error!(
    "migdesk runs on Linux and macOS only: it relies on Unix file modes, file identities and signals"
);

pub mod app;
pub mod calendar;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod engine;
pub mod expr;
pub mod generate;
pub mod holidays;
pub mod i18n;
pub mod identity;
pub mod logging;
pub mod model;
pub mod parallel;
pub mod query;
pub mod queue_index;
pub mod sanitize;
pub mod session;
pub mod stats;
pub mod store;
pub mod team;
pub mod template;
pub mod tui;

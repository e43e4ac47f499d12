//! migdesk: playbooks, cases, the rules engine, the case store, the
//! command line and the full-screen app. The engine, model, expression
//! language and store know nothing of the terminal (a test checks it).

pub mod app;
pub mod calendar;
pub mod catalog;
pub mod cli;
pub mod demo;
pub mod engine;
pub mod expr;
pub mod generate;
pub mod holidays;
pub mod identity;
pub mod model;
pub mod parallel;
pub mod queue_index;
pub mod sanitize;
pub mod session;
pub mod store;
pub mod template;
pub mod tui;

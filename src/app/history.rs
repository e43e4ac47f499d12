//! The history screen: a case's whole audit trail (every event, who made
//! it and when, with notes and reasons), scrolled line by line. It owns
//! only where the view is scrolled to; what it shows is read from the case
//! when it is drawn.

use super::{Action, App, Screen};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryScreen {
    pub id: String,
    /// Rows the history is scrolled down by, from its newest event at the top.
    pub scroll: usize,
}

/// Opens the history of case `id` on top of the case screen.
pub(super) fn open(app: &mut App, id: &str) {
    app.screens.push(Screen::History(HistoryScreen {
        id: id.to_string(),
        scroll: 0,
    }));
}

/// About how many rows the history of case `id` takes at the terminal's
/// width: the bound for scrolling (drawing stops at the real end). An
/// event's line is about 90 columns; its text wraps six columns in.
fn rows_of(app: &App, id: &str) -> usize {
    let width = usize::from(app.width.saturating_sub(2)).max(20);
    let rows = |columns: usize| columns.div_ceil(width).max(1);
    app.cases.get(id).map_or(0, |entry| {
        entry
            .case
            .history
            .iter()
            .map(|event| {
                let text = event.text.as_deref().map_or(0, |text| {
                    text.lines()
                        .map(|line| rows(line.chars().count() + 6))
                        .sum()
                });
                rows(90) + text
            })
            .sum()
    })
}

pub(super) fn update(app: &mut App, action: Action) {
    let page = app.page_size();
    let Some(Screen::History(screen)) = app.screens.last() else {
        return;
    };
    let last = rows_of(app, &screen.id).saturating_sub(page.min(3));
    let Some(Screen::History(screen)) = app.screens.last_mut() else {
        return;
    };
    screen.scroll = match action {
        Action::Back => {
            app.screens.pop();
            return;
        }
        Action::Down => screen.scroll + 1,
        Action::Up => screen.scroll.saturating_sub(1),
        Action::PageDown => screen.scroll + page,
        Action::PageUp => screen.scroll.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        _ => screen.scroll,
    }
    .min(last);
}

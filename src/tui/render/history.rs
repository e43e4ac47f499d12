//! The history screen: every event of a case, newest first, each with its
//! number, when (and how long ago), who and what in words (facts by their
//! label, steps by their title), the note or reason under it, an undone
//! event marked with the number of the event that undid it.

use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::app::{App, HistoryScreen};
use crate::model::{Event, EventKind, FactValue, Playbook};
use crate::sanitize::for_terminal_line;

use super::{Theme, ago, timestamp, wrap};

pub(super) fn render(
    app: &App,
    screen: &HistoryScreen,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let Some(entry) = app.cases().get(&screen.id) else {
        Paragraph::new(gone_text(&screen.id)).render(area, buf);
        return;
    };
    let case = &entry.case;
    let playbook = app
        .catalog()
        .get(&case.playbook)
        .map(|playbook| playbook.definition());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.dim())
        .title(title_text(&case.id, &case.title, case.history.len()));
    let inner = block.inner(area);
    block.render(area, buf);
    let undone: HashMap<u64, u64> = case
        .history
        .iter()
        .filter_map(|event| Some((event.undoes?, event.seq)))
        .collect();
    let width = inner.width.saturating_sub(6).max(10);
    let mut lines = Vec::new();
    for event in case.history.iter().rev() {
        lines.push(event_line(app, event, playbook, &undone, theme));
        if let Some(text) = &event.text {
            for row in wrap(&for_terminal_line_keeping_breaks(text), width) {
                lines.push(Line::from(Span::raw(format!("      {row}"))));
            }
        }
    }
    // Long lines wrap rather than lose their end; the scroll counts rows.
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((u16::try_from(screen.scroll).unwrap_or(u16::MAX), 0))
        .render(inner, buf);
}

fn gone_text(id: &str) -> String {
    format!("{} is no longer there.", for_terminal_line(id))
}

fn title_text(id: &str, title: &str, events: usize) -> String {
    format!(
        " History of {} — {} · {events} events, newest first ",
        for_terminal_line(id),
        for_terminal_line(title)
    )
}

/// A note or reason line by line, each line made safe for the terminal.
fn for_terminal_line_keeping_breaks(text: &str) -> String {
    text.lines()
        .map(|line| for_terminal_line(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn event_line(
    app: &App,
    event: &Event,
    playbook: Option<&Playbook>,
    undone: &HashMap<u64, u64>,
    theme: Theme,
) -> Line<'static> {
    let mut spans = vec![
        Span::styled(format!("#{:<4} ", event.seq), theme.dim()),
        Span::styled(
            format!("{} ({}) ", timestamp(event.at), ago(app.now(), event.at)),
            theme.dim(),
        ),
        Span::styled(format!("{} ", for_terminal_line(&event.by)), theme.bold()),
        Span::raw(describe(event, playbook)),
    ];
    if let Some(undoing) = event.undoes {
        spans.push(Span::styled(undoes_text(undoing), theme.dim()));
    }
    if let Some(by) = undone.get(&event.seq) {
        spans.push(Span::styled(undone_text(*by), theme.warning()));
    }
    Line::from(spans)
}

fn undoes_text(seq: u64) -> String {
    format!(" (undoes #{seq})")
}

fn undone_text(seq: u64) -> String {
    format!(" — undone by #{seq}")
}

fn value_text(value: Option<&FactValue>) -> String {
    value.map_or_else(
        || "unknown".to_string(),
        |value| for_terminal_line(&value.to_string()).into_owned(),
    )
}

/// What one event did, in words: steps by title and facts by label, as the
/// case screen names them.
fn describe(event: &Event, playbook: Option<&Playbook>) -> String {
    let step = || {
        let id = event.step.as_deref().unwrap_or_default();
        let title = playbook
            .and_then(|playbook| playbook.step(id))
            .map_or(id, |step| step.title.as_str());
        format!("“{}”", for_terminal_line(title))
    };
    let fact = || {
        let id = event.fact.as_deref().unwrap_or_default();
        let label = playbook
            .and_then(|playbook| playbook.fact(id))
            .map_or(id, |fact| fact.label.as_str());
        format!("“{}”", for_terminal_line(label))
    };
    let from = value_text(event.from.as_ref());
    let to = value_text(event.to.as_ref());
    match event.action {
        EventKind::Created => "opened the case".to_string(),
        EventKind::SetFact => format!("set {} to {to} (was {from})", fact()),
        EventKind::Check => match &event.acknowledged {
            Some(_) => format!("ticked {}, confirming its warning", step()),
            None => format!("ticked {}", step()),
        },
        EventKind::Uncheck => format!("unticked {}", step()),
        EventKind::Skip => format!("skipped {}", step()),
        EventKind::Note => "added a note".to_string(),
        EventKind::Review => match event.verdict {
            Some(crate::model::Verdict::Approved) => format!("approved {}", step()),
            Some(crate::model::Verdict::Rejected) => format!("rejected {}", step()),
            None => format!("reviewed {}", step()),
        },
        EventKind::Status => format!("changed the status from {from} to {to}"),
        EventKind::Assign => format!("gave the case to {to} (was {from})"),
        EventKind::Rename => format!("renamed the case to “{to}” (was “{from}”)"),
        EventKind::Due => match &event.to {
            Some(_) => format!("set the due date to {to} by hand"),
            None => "gave the due date back to the playbook's timing".to_string(),
        },
        EventKind::Resolve => format!(
            "resolved merge notice {}",
            for_terminal_line(event.resolves.as_deref().unwrap_or("?"))
        ),
    }
}

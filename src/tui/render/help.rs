//! The help overlay: every key of the view it was opened from, read from the
//! same keymap table that answers the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::Context;
use crate::tui::keymap::Keymap;

use super::{Theme, centered};

/// What people call each context in the help title.
pub(super) fn context_name(context: Context) -> &'static str {
    match context {
        Context::Welcome => "welcome",
        Context::Queue => "queue",
        Context::QueueFilter => "queue filter",
        Context::Case => "case — checklist",
        Context::CaseFacts => "case — facts",
        Context::FactInput => "editing a fact",
        Context::Review => "review",
        Context::PlaybookPicker => "new case — playbook",
        Context::NewCaseText => "new case — text field",
        Context::NewCaseChoice => "new case — choice field",
        Context::Confirm => "confirmation",
        Context::Prompt => "text dialog",
        Context::Picker => "picking a value",
        Context::Message => "message",
        Context::Help => "help",
        Context::History => "case history",
    }
}

pub(super) fn render(
    keymap: &Keymap,
    context: Context,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let entries = keymap.help_lines(context);
    let key_width = entries
        .iter()
        .map(|(keys, _)| keys.width())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = entries
        .iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!("{keys:<key_width$}  "), theme.accent()),
                Span::raw(*what),
            ])
        })
        .collect();
    if matches!(context, Context::Case | Context::CaseFacts) {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "[ ] todo  [x] done  [-] skipped  ·  n/a  locked: see the step's reasons",
            theme.dim(),
        )));
    }
    let width = lines.iter().map(Line::width).max().unwrap_or(20) as u16 + 4;
    let height = lines.len() as u16 + 2;
    let popup = centered(area, width, height);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(theme.focused_border())
                .title(format!(" Keys: {} ", context_name(context)))
                .title_bottom(" Esc closes "),
        )
        .render(popup, buf);
}

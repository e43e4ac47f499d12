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
pub(super) fn context_name(context: Context) -> String {
    match context {
        Context::Welcome => crate::t!("view-welcome"),
        Context::Queue => crate::t!("view-queue"),
        Context::QueueFilter => crate::t!("view-queue-filter"),
        Context::Case => crate::t!("view-case-checklist"),
        Context::CaseFacts => crate::t!("view-case-facts"),
        Context::FactInput => crate::t!("view-fact-input"),
        Context::Review => crate::t!("view-review"),
        Context::Dashboard => crate::t!("view-dashboard"),
        Context::PlaybookPicker => crate::t!("view-playbook-picker"),
        Context::NewCaseText => crate::t!("view-new-case-text"),
        Context::NewCaseChoice => crate::t!("view-new-case-choice"),
        Context::Confirm => crate::t!("view-confirm"),
        Context::Prompt => crate::t!("view-prompt"),
        Context::Picker => crate::t!("view-picker"),
        Context::Message => crate::t!("view-message"),
        Context::Help => crate::t!("view-help"),
        Context::History => crate::t!("view-history"),
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
                Span::raw(what.clone()),
            ])
        })
        .collect();
    if matches!(context, Context::Case | Context::CaseFacts) {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            crate::t!("help-markers"),
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
                .title(format!(
                    " {} ",
                    crate::t!("help-title", view = context_name(context))
                ))
                .title_bottom(format!(" {} ", crate::t!("help-esc-closes"))),
        )
        .render(popup, buf);
}

//! Drawing the app. `impl Widget for &App` only reads the state; each view
//! has its own file. Every text that comes from a case or a playbook goes
//! through `sanitize` before it reaches the buffer (summaries are sanitised
//! once when they are built).

mod case;
mod case_detail;
mod dashboard;
mod dialog;
mod footer;
mod help;
mod history;
mod new_case;
mod notices;
mod queue;
mod review;
pub mod theme;

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};
use tui_input::Input;
use unicode_width::UnicodeWidthStr;

pub use theme::Theme;

use crate::app::{App, Screen, Tone};
use crate::sanitize::for_terminal_line;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let theme = self.theme();
        Clear.render(area, buf);
        let status_height = u16::from(self.status_line().is_some() && area.height >= 4);
        let footer_height = u16::from(area.height >= 3);
        let [main, status, footer] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(status_height),
            Constraint::Length(footer_height),
        ])
        .areas(area);
        match self.screens().last() {
            None if self.cases().is_empty() && self.loading().is_none() => {
                queue::render_welcome(self, main, buf, theme);
            }
            None => queue::render(self, main, buf, theme),
            Some(Screen::Case(screen)) => case::render(self, screen, main, buf, theme),
            Some(Screen::Review(screen)) => review::render(self, screen, main, buf, theme),
            Some(Screen::NewCase(screen)) => new_case::render(self, screen, main, buf, theme),
            Some(Screen::Dashboard(screen)) => dashboard::render(screen, main, buf, theme),
            Some(Screen::History(screen)) => history::render(self, screen, main, buf, theme),
        }
        if let Some(dialog) = &self.dialog() {
            dialog::render(self, dialog, main, buf, theme);
        }
        if let Some(context) = self.help() {
            help::render(self.keymap(), context, main, buf, theme);
        }
        render_status(self, status, buf, theme);
        render_footer(self, footer, buf, theme);
        drop_dangling_joiners(area, buf);
    }
}

/// Joiners (U+200C, U+200D) are let through only inside a character
/// sequence such as an emoji; a table or pane that clips text can cut such a
/// sequence after its joiner, which would then join whatever the terminal
/// draws next. A joiner at the end of a cell is always such a cut.
fn drop_dangling_joiners(area: Rect, buf: &mut Buffer) {
    const JOINERS: [char; 2] = ['\u{200C}', '\u{200D}'];
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let Some(cell) = buf.cell_mut((x, y)) else {
                continue;
            };
            if cell.symbol().ends_with(JOINERS) {
                let kept = cell.symbol().trim_end_matches(JOINERS).to_string();
                cell.set_symbol(if kept.is_empty() { " " } else { &kept });
            }
        }
    }
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let Some(status) = app.status_line() else {
        return;
    };
    let style = match status.tone {
        Tone::Info => theme.bold(),
        Tone::Success => theme.success(),
        Tone::Error => theme.danger(),
    };
    // Status text may quote case text; it is sanitised where it is built,
    // and once more here so a message can never carry a control character.
    Paragraph::new(Line::from(Span::styled(
        for_terminal_line(&status.text).into_owned(),
        style,
    )))
    .render(area, buf);
}

fn render_footer(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let mut spans = Vec::new();
    let entries = footer::entries(app, usize::from(area.width));
    for (index, (key, what)) in entries.into_iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled("  ", theme.dim()));
        }
        spans.push(Span::styled(key, theme.accent()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(what, theme.dim()));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// ` · in sync`, ` · 2 to send`…: where team mode stands, for a header
/// line; nothing outside team mode.
pub(crate) fn team_spans(app: &App, theme: Theme) -> Vec<Span<'static>> {
    let Some(team) = app.team() else {
        return Vec::new();
    };
    let style = if team.state().is_trouble() {
        theme.danger()
    } else {
        theme.dim()
    };
    vec![
        Span::styled(" · ", theme.dim()),
        Span::styled(team.header_text(), style),
    ]
}

/// A centred rectangle of at most `width` × `height` inside `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// `line` cut to `width` columns, with `…` when something was cut; each
/// span keeps its style.
pub(crate) fn truncate_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut room = width;
    let mut spans = Vec::new();
    for span in line.spans {
        let span_width = span.content.width();
        if span_width < room {
            room -= span_width;
            spans.push(span);
            continue;
        }
        // Something after this point is dropped, so the ellipsis always goes in.
        let mut kept = String::new();
        let mut used = 0;
        for character in span.content.chars() {
            let character_width = unicode_width::UnicodeWidthChar::width(character).unwrap_or(0);
            if used + character_width + 1 > room {
                break;
            }
            kept.push(character);
            used += character_width;
        }
        if room > 0 {
            kept.push('…');
        }
        spans.push(Span::styled(kept, span.style));
        break;
    }
    Line::from(spans).style(line.style)
}

/// `text` cut to `width` columns, with `…` when something was cut.
pub(crate) fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut kept = String::new();
    let mut used = 0;
    for character in text.chars() {
        let character_width = unicode_width::UnicodeWidthChar::width(character).unwrap_or(0);
        if used + character_width > width - 1 {
            break;
        }
        kept.push(character);
        used += character_width;
    }
    kept.push('…');
    kept
}

/// How long ago `then` was, in at most nine columns so a narrow column
/// never cuts it: `now`, `5m ago`, `3h ago`, `yesterday`, `2d ago`,
/// `3mo ago`, `2y ago`.
pub(crate) fn ago(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let elapsed = now.signed_duration_since(then);
    let days = elapsed.num_days();
    if elapsed.num_minutes() < 1 {
        crate::t!("ago-now")
    } else if elapsed.num_hours() < 1 {
        crate::t!("ago-minutes", count = elapsed.num_minutes())
    } else if days < 1 {
        crate::t!("ago-hours", count = elapsed.num_hours())
    } else if days < 2 {
        crate::t!("ago-yesterday")
    } else if days < 30 {
        crate::t!("ago-days", count = days)
    } else if days < 365 {
        {
            let months = days / 30;
            crate::t!("ago-months", count = months)
        }
    } else {
        let years = days / 365;
        crate::t!("ago-years", count = years)
    }
}

/// A date as the interface language writes it (`2026-11-02`, `02/11/2026`).
pub(crate) fn shown_date(date: chrono::NaiveDate) -> String {
    date.format(&crate::t!("date-format")).to_string()
}

/// A moment as the interface language writes it (`2026-11-02 10:00`,
/// `02/11/2026 10:00`).
pub(crate) fn timestamp(moment: DateTime<Utc>) -> String {
    moment.format(&crate::t!("timestamp-format")).to_string()
}

/// A text field as a line: what fits of the text around the cursor, the
/// cursor drawn reversed when the field has the keyboard.
pub(crate) fn input_line(input: &Input, width: u16, focused: bool, theme: Theme) -> Line<'static> {
    let value = input.value();
    let safe = for_terminal_line(value);
    if !focused {
        return Line::from(truncate(&safe, usize::from(width)));
    }
    let width = usize::from(width.max(1));
    if safe != value {
        // Escaped text no longer lines up with the cursor; show it whole.
        let mut text = truncate(&safe, width.saturating_sub(1));
        text.push(' ');
        return Line::from(vec![Span::raw(text)]).patch_style(theme.bold());
    }
    let scroll = input.visual_scroll(width.saturating_sub(1));
    let cursor = input.cursor();
    let mut before = String::new();
    let mut at = String::new();
    let mut after = String::new();
    let mut column = 0;
    for (index, character) in value.chars().enumerate() {
        let character_width = unicode_width::UnicodeWidthChar::width(character).unwrap_or(0);
        if column < scroll {
            column += character_width;
            continue;
        }
        match index.cmp(&cursor) {
            std::cmp::Ordering::Less => before.push(character),
            std::cmp::Ordering::Equal => at.push(character),
            std::cmp::Ordering::Greater => after.push(character),
        }
        column += character_width;
    }
    if at.is_empty() {
        at.push(' ');
    }
    Line::from(vec![
        Span::raw(before),
        Span::styled(at, theme.selected()),
        Span::raw(after),
    ])
}

/// Lines of `text` wrapped to `width` columns, breaking at spaces where it can.
pub(crate) fn wrap(text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split(' ') {
            let word_width = word.width();
            if used > 0 && used + 1 + word_width > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            if word_width > width {
                for character in word.chars() {
                    let character_width =
                        unicode_width::UnicodeWidthChar::width(character).unwrap_or(0);
                    if used + character_width > width {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push(character);
                    used += character_width;
                }
            } else {
                line.push_str(word);
                used += word_width;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::unwrap_used)]
    fn times_ago_are_relative_and_never_wider_than_nine_columns() {
        let now = DateTime::parse_from_rfc3339("2026-11-02T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let cases = [
            (0, "now"),
            (5 * 60, "5m ago"),
            (3 * 3600, "3h ago"),
            (30 * 3600, "yesterday"),
            (3 * 86400, "3d ago"),
            (95 * 86400, "3mo ago"),
            (800 * 86400, "2y ago"),
        ];
        for (seconds, expected) in cases {
            let then = now - chrono::Duration::seconds(seconds);
            let shown = ago(now, then);
            assert_eq!(shown, expected);
            assert!(shown.width() <= 9);
        }
    }

    #[test]
    fn a_joiner_left_at_the_end_of_a_cell_is_dropped() {
        let area = Rect::new(0, 0, 6, 1);
        let mut buf = Buffer::empty(area);
        buf[(0, 0)].set_symbol("👩\u{200C}");
        buf[(2, 0)].set_symbol("\u{200D}");
        buf[(3, 0)].set_symbol("👩\u{200D}💻");
        drop_dangling_joiners(area, &mut buf);
        assert_eq!(buf[(0, 0)].symbol(), "👩");
        assert_eq!(buf[(2, 0)].symbol(), " ");
        // A joiner inside a sequence joins two visible characters: kept.
        assert_eq!(buf[(3, 0)].symbol(), "👩\u{200D}💻");
    }
}

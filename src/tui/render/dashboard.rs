//! The dashboard: panels of bars drawn from the figures the app computed
//! (`app::dashboard`); the selected bar is reversed, so it reads without
//! colour, and every count is written out next to its bar.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::{Bar, DashboardScreen, Panel};
use crate::sanitize::for_terminal_line;

use super::{Theme, truncate};

const LEFT: [Panel; 3] = [Panel::Status, Panel::Due, Panel::Reviews];
const RIGHT: [Panel; 3] = [Panel::Overdue, Panel::Holds, Panel::Playbooks];

pub(super) fn render(screen: &DashboardScreen, area: Rect, buf: &mut Buffer, theme: Theme) {
    if area.is_empty() {
        return;
    }
    let heading = heading_text(screen);
    let scope = for_terminal_line(&screen.scope_text()).into_owned();
    let one_line = heading.width() + 2 + scope.width() <= usize::from(area.width);
    let [title, scope_line, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(!one_line)),
        Constraint::Fill(1),
    ])
    .areas(area);
    Paragraph::new(Span::styled(heading, theme.bold())).render(title, buf);
    let scope_area = if one_line { title } else { scope_line };
    Paragraph::new(Span::styled(scope, theme.dim()))
        .alignment(if one_line {
            Alignment::Right
        } else {
            Alignment::Left
        })
        .render(scope_area, buf);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .spacing(1)
            .areas(body);
    let left_heights = LEFT.map(|panel| Constraint::Length(rows_of(screen, panel) as u16 + 1));
    let left_areas: [Rect; 3] = Layout::vertical(left_heights).areas(left);
    for (panel, panel_area) in LEFT.into_iter().zip(left_areas) {
        render_list(screen, panel, panel_area, buf, theme);
    }
    let [chart, rest] = Layout::vertical([Constraint::Length(7), Constraint::Fill(1)]).areas(right);
    render_weeks(screen, chart, buf, theme);
    let right_areas: [Rect; 3] = Layout::vertical(
        RIGHT.map(|panel| Constraint::Min(rows_of(screen, panel).clamp(1, 2) as u16 + 1)),
    )
    .areas(rest);
    for (panel, panel_area) in RIGHT.into_iter().zip(right_areas) {
        render_list(screen, panel, panel_area, buf, theme);
    }
}

fn heading_text(screen: &DashboardScreen) -> String {
    format!(
        "Dashboard · {cases} cases, {pending} pending · {today}",
        cases = screen.stats.cases,
        pending = screen.stats.pending,
        today = screen.stats.today
    )
}

/// The lines a list panel wants: one per bar, and the reviews' note.
fn rows_of(screen: &DashboardScreen, panel: Panel) -> usize {
    let bars = screen.bars.iter().filter(|bar| bar.panel == panel).count();
    match panel {
        Panel::Reviews => bars + 1,
        _ => bars.max(1),
    }
}

/// The panel's bars with their index among all bars.
fn panel_bars(screen: &DashboardScreen, panel: Panel) -> Vec<(usize, &Bar)> {
    screen
        .bars
        .iter()
        .enumerate()
        .filter(|(_, bar)| bar.panel == panel)
        .collect()
}

fn title_line(screen: &DashboardScreen, panel: Panel, theme: Theme, extra: &str) -> Line<'static> {
    let focused = screen.selected_bar().is_some_and(|bar| bar.panel == panel);
    let marker = if focused { "▸ " } else { "  " };
    let style = match focused {
        true => theme.accent().add_modifier(Modifier::UNDERLINED),
        false => theme.bold(),
    };
    Line::from(vec![
        Span::styled(format!("{marker}{}", panel.title()), style),
        Span::styled(extra.to_string(), theme.dim()),
    ])
}

fn empty_text(panel: Panel) -> &'static str {
    match panel {
        Panel::Overdue => "nobody has an overdue case",
        Panel::Holds => "no rule holds a pending case",
        Panel::Playbooks => "no case",
        Panel::Status | Panel::Due | Panel::Reviews | Panel::Throughput => "",
    }
}

fn render_list(screen: &DashboardScreen, panel: Panel, area: Rect, buf: &mut Buffer, theme: Theme) {
    if area.is_empty() {
        return;
    }
    let bars = panel_bars(screen, panel);
    let room = usize::from(area.height.saturating_sub(1));
    let note_lines = usize::from(panel == Panel::Reviews);
    let shown = room.saturating_sub(note_lines).max(usize::from(room > 0));
    let position = bars.iter().position(|(index, _)| *index == screen.selected);
    let first = match position {
        Some(position) if position >= shown => position + 1 - shown,
        _ => 0,
    };
    let extra = match bars.len() > shown {
        true => format!(" ({} of {}, j/k)", shown.min(bars.len()), bars.len()),
        false => String::new(),
    };
    let mut lines = vec![title_line(screen, panel, theme, &extra)];
    if bars.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  {}", empty_text(panel)),
            theme.dim(),
        )));
    }
    let max = bars.iter().map(|(_, bar)| bar.value).max().unwrap_or(0);
    let label_width = bars
        .iter()
        .map(|(_, bar)| bar.label.width())
        .max()
        .unwrap_or(0)
        .min(usize::from(area.width) * 2 / 5);
    for (index, bar) in bars.iter().skip(first).take(shown) {
        let note = match panel {
            Panel::Reviews => None,
            _ => bar.note.as_deref(),
        };
        let text = bar_text(bar, note, label_width, max, usize::from(area.width));
        let style = match *index == screen.selected {
            true => theme.selected(),
            false => Style::new(),
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    if panel == Panel::Reviews
        && let Some((_, bar)) = bars.first()
        && let Some(note) = &bar.note
    {
        lines.push(Line::from(Span::styled(format!("  {note}"), theme.dim())));
    }
    Paragraph::new(lines).render(area, buf);
}

/// `  label     ██████     12  note`, fitted to `width`.
fn bar_text(bar: &Bar, note: Option<&str>, label_width: usize, max: usize, width: usize) -> String {
    let label = truncate(&for_terminal_line(&bar.label), label_width);
    let padding = " ".repeat(label_width.saturating_sub(label.width()));
    let count = format!("{:>5}", bar.value);
    let note = note.map(|note| format!("  {note}")).unwrap_or_default();
    let fixed = 2 + label_width + 1 + 1 + count.width();
    // The note says more than the bar: it goes last, the bar first.
    let (note, bar_room) = if width >= fixed + note.width() + 4 {
        let room = width - fixed - note.width();
        (note, room)
    } else if width >= fixed + note.width() {
        (note, 0)
    } else {
        (String::new(), width.saturating_sub(fixed))
    };
    let length = match (max, bar.value) {
        (0, _) | (_, 0) => 0,
        (max, value) => (value * bar_room).div_ceil(max).max(1),
    };
    let filled = "█".repeat(length.min(bar_room));
    let count = match bar_room {
        0 => count.trim_start().to_string(),
        _ => count,
    };
    let blank = " ".repeat(bar_room.saturating_sub(length));
    truncate(
        &format!("  {label}{padding} {filled}{blank} {count}{note}"),
        width,
    )
}

/// Done per week as columns, the selected week reversed, its figure below.
fn render_weeks(screen: &DashboardScreen, area: Rect, buf: &mut Buffer, theme: Theme) {
    if area.is_empty() {
        return;
    }
    let bars = panel_bars(screen, Panel::Throughput);
    let column = match usize::from(area.width) >= bars.len() * 4 + 2 {
        true => 4,
        false => 3,
    };
    let chart_rows = usize::from(area.height.saturating_sub(3));
    let max = bars.iter().map(|(_, bar)| bar.value).max().unwrap_or(0);
    let mut lines = vec![title_line(screen, Panel::Throughput, theme, "")];
    for row in (0..chart_rows).rev() {
        let mut spans = vec![Span::raw("  ")];
        for (index, bar) in &bars {
            let height = match max {
                0 => 0,
                max => (bar.value * chart_rows).div_ceil(max),
            };
            let cell = if height > row { "█" } else { " " };
            let style = week_style(*index == screen.selected, theme);
            spans.push(Span::styled(cell.repeat(column - 1), style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    let mut labels = vec![Span::raw("  ")];
    for (index, bar) in &bars {
        let number = bar.label.rsplit('W').next().unwrap_or("");
        let text = format!("{number:<width$}", width = column - 1);
        labels.push(Span::styled(
            text,
            week_style(*index == screen.selected, theme),
        ));
        labels.push(Span::raw(" "));
    }
    lines.push(Line::from(labels));
    let shown = bars
        .iter()
        .find(|(index, _)| *index == screen.selected)
        .or(bars.last())
        .map(|(_, bar)| bar);
    if let Some(bar) = shown {
        lines.push(Line::from(Span::styled(
            week_caption(&bar.label, bar.value),
            theme.dim(),
        )));
    }
    Paragraph::new(lines).render(area, buf);
}

fn week_style(selected: bool, theme: Theme) -> Style {
    match selected {
        true => theme.selected(),
        false => Style::new(),
    }
}

fn week_caption(week: &str, cases: usize) -> String {
    match cases {
        1 => format!("  week {week}: 1 case done"),
        cases => format!("  week {week}: {cases} cases done"),
    }
}

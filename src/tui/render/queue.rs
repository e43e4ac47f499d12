//! The queue (tabs, filter, table of cases) and the welcome screen of an
//! empty data directory. Only the rows that fit are built, from summaries
//! computed when the cases changed.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Widget, Wrap};

use crate::app::{App, Summary, Tab, Urgency};
use crate::engine::DerivedStatus;
use crate::queue_index::ProgressCounts;
use crate::sanitize::for_terminal_line;

use unicode_width::UnicodeWidthStr;

use super::{Theme, ago, centered, input_line, truncate};

/// Before the title of a case that came in by a sync, until it is opened.
const ARRIVED_MARK: &str = "↓ ";

fn drill_line(describe: &str) -> String {
    format!("From the dashboard: {describe} (Esc shows the whole queue)")
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let queue = &app.queue();
    let filter_shown = queue.typing || !queue.filter.value().is_empty();
    let errors_shown = !app.load_errors().is_empty();
    let [title, tabs, drill_area, filter, errors, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(queue.drill.is_some())),
        Constraint::Length(u16::from(filter_shown)),
        Constraint::Length(u16::from(errors_shown)),
        Constraint::Fill(1),
    ])
    .areas(area);
    if let Some(drill) = &queue.drill {
        let text = drill_line(&drill.describe());
        Paragraph::new(Span::styled(
            for_terminal_line(&text).into_owned(),
            theme.banner(),
        ))
        .render(drill_area, buf);
    }

    let sort = if queue.filter.value().trim().is_empty() {
        crate::t!("queue-sort", sort = queue.sort.label())
    } else {
        crate::t!("queue-sort-matching", sort = queue.sort.label())
    };
    let count = match app.loading() {
        Some(_) => crate::t!("queue-reading-short"),
        None => crate::t!(
            "queue-case-count",
            count = app.cases().len(),
            shown = thousands(app.cases().len())
        ),
    };
    let heading = format!("migdesk · {} · {count}", for_terminal_line(app.user()));
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(sort.len() as u16)])
            .areas(title);
    let mut heading = vec![Span::styled(heading, theme.bold())];
    heading.extend(super::team_spans(app, theme));
    Paragraph::new(Line::from(heading)).render(left, buf);
    Paragraph::new(Span::styled(sort, theme.dim()))
        .alignment(Alignment::Right)
        .render(right, buf);

    let mut spans = Vec::new();
    for (index, tab) in Tab::ALL.iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(" │ ", theme.dim()));
        }
        let label = format!("{} {}", tab.label(), thousands(queue.counts[index]));
        let style = if *tab == queue.tab {
            theme.selected().patch(theme.accent())
        } else {
            Style::new()
        };
        spans.push(Span::styled(label, style));
    }
    Paragraph::new(Line::from(spans)).render(tabs, buf);

    if filter_shown {
        let mut line = input_line(
            &queue.filter,
            filter.width.saturating_sub(2),
            queue.typing,
            theme,
        );
        line.spans.insert(0, Span::styled("/ ", theme.accent()));
        Paragraph::new(line).render(filter, buf);
    }
    if errors_shown {
        let text = unreadable_text(app.load_errors());
        Paragraph::new(Span::styled(text, theme.danger())).render(errors, buf);
    }
    render_table(app, table, buf, theme);
}

/// The files the queue could not read: how many, left untouched, and the
/// first one's error, which names the file and what is wrong in it.
fn unreadable_text(errors: &[String]) -> String {
    let first = errors.first().map_or("", String::as_str);
    crate::t!(
        "welcome-unreadable",
        count = errors.len(),
        first = for_terminal_line(first).into_owned()
    )
}

/// The progress line drawn while the queue is read.
fn loading_text(counts: ProgressCounts) -> String {
    match counts {
        ProgressCounts { files: 0, .. } => crate::t!("queue-reading"),
        ProgressCounts { to_parse: 0, .. } => {
            crate::t!("queue-reading-checked", files = thousands(counts.files))
        }
        ProgressCounts {
            files,
            to_parse,
            parsed,
        } => {
            let read = crate::t!(
                "queue-reading-progress",
                parsed = thousands(parsed),
                total = thousands(to_parse),
                percent = (parsed * 100 / to_parse.max(1)).to_string()
            );
            if files > to_parse {
                crate::t!(
                    "queue-reading-rest-indexed",
                    read = read,
                    rest = thousands(files - to_parse)
                )
            } else {
                format!(
                    "{read}. The summary index is being rebuilt: the next start reads it at once."
                )
            }
        }
    }
}

/// `12345` as `12,345`.
fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// How many columns the title and status cells have.
struct Fit {
    title: usize,
    status: usize,
}

/// Columns shown at a given width: the narrow terminal keeps what matters most.
struct Columns {
    playbook: bool,
    bar: bool,
    demo_tag: bool,
    assignee: bool,
    changed: bool,
}

impl Columns {
    fn for_width(width: u16) -> Columns {
        Columns {
            playbook: width >= 140,
            bar: width >= 100,
            demo_tag: width >= 100,
            assignee: width >= 100,
            changed: width >= 80,
        }
    }
}

fn render_table(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let queue = &app.queue();
    if area.height == 0 {
        return;
    }
    if queue.rows.is_empty() {
        let text = if let Some(progress) = &app.loading() {
            loading_text(progress.counts())
        } else if queue.filter.value().is_empty() {
            crate::t!("queue-empty-tab", tab = queue.tab.label())
        } else {
            crate::t!(
                "queue-no-match",
                filter = for_terminal_line(queue.filter.value()).into_owned(),
                tab = queue.tab.label()
            )
        };
        Paragraph::new(Span::styled(text, theme.dim()))
            .wrap(Wrap { trim: true })
            .render(area.inner(ratatui::layout::Margin::new(1, 1)), buf);
        return;
    }
    let columns = Columns::for_width(area.width);
    let visible = usize::from(area.height.saturating_sub(1)).max(1);
    // Keep the selection on screen whatever the stored offset says.
    let offset = queue
        .offset
        .min(queue.selected)
        .max((queue.selected + 1).saturating_sub(visible));
    // `MIG-0001`, or a team id (`MIG-AL-0001`) whole.
    let id_width = queue
        .rows
        .iter()
        .skip(offset)
        .take(visible)
        .filter_map(|index| app.cases().summary(*index))
        .map(|summary| summary.id.width())
        .max()
        .unwrap_or(0)
        .max(9);
    let mut widths = vec![Constraint::Length(id_width as u16), Constraint::Fill(2)];
    let mut header = vec![crate::t!("column-id"), crate::t!("column-title")];
    if columns.playbook {
        widths.push(Constraint::Length(22));
        header.push(crate::t!("column-playbook"));
    }
    widths.push(Constraint::Length(if columns.bar { 11 } else { 5 }));
    header.push(crate::t!("column-steps"));
    widths.push(Constraint::Length(11));
    header.push(crate::t!("column-due"));
    let status_column = widths.len();
    widths.push(Constraint::Fill(3));
    header.push(crate::t!("column-status"));
    if columns.assignee {
        widths.push(Constraint::Length(10));
        header.push(crate::t!("column-assignee"));
    }
    if columns.changed {
        widths.push(Constraint::Length(9));
        header.push(crate::t!("column-changed"));
    }
    // The table lays its columns out the same way; knowing the widths here
    // lets long titles and reasons end with `…` instead of being cut.
    let cells = Layout::horizontal(widths.clone())
        .flex(Flex::Start)
        .spacing(1)
        .split(area);
    let fit = Fit {
        title: usize::from(cells.get(1).map_or(0, |c| c.width)),
        status: usize::from(cells.get(status_column).map_or(0, |c| c.width)),
    };
    let rows: Vec<Row> = queue
        .rows
        .iter()
        .skip(offset)
        .take(visible)
        .enumerate()
        .filter_map(|(position, index)| {
            let summary = app.cases().summary(*index)?;
            let selected = offset + position == queue.selected;
            Some(row(app, summary, &columns, &fit, selected, theme))
        })
        .collect();
    Table::new(rows, widths)
        .header(Row::new(header).style(theme.bold()))
        .flex(Flex::Start)
        .column_spacing(1)
        .render(area, buf);
}

fn row<'a>(
    app: &App,
    summary: &'a Summary,
    columns: &Columns,
    fit: &Fit,
    selected: bool,
    theme: Theme,
) -> Row<'a> {
    let tag = if summary.demo && columns.demo_tag {
        " (demo)"
    } else {
        ""
    };
    // A case that came in by a sync is marked until it is opened.
    let arrived = app
        .team()
        .is_some_and(|team| team.arrival(&summary.id).is_some());
    let mark = if arrived { ARRIVED_MARK } else { "" };
    let room = fit.title.saturating_sub(mark.width());
    let mut title = vec![Span::styled(mark, theme.accent())];
    if summary.title.width() + tag.len() <= room {
        title.push(Span::raw(summary.title.as_str()));
        title.push(Span::styled(tag, theme.dim()));
    } else {
        title.push(Span::raw(truncate(&summary.title, room)));
    }
    let mut cells = vec![
        Cell::from(summary.id.as_str()),
        Cell::from(Line::from(title)),
    ];
    if columns.playbook {
        cells.push(Cell::from(Span::styled(
            summary.playbook.as_str(),
            theme.dim(),
        )));
    }
    cells.push(Cell::from(progress(summary, columns.bar)));
    let (due, due_style) = match (summary.due, summary.urgency) {
        (None, _) => ("—".to_string(), theme.dim()),
        (Some(due), Urgency::Overdue) => (format!("{due}!"), theme.danger()),
        (Some(due), Urgency::Soon) => (due.to_string(), theme.warning()),
        (Some(due), Urgency::None) => (due.to_string(), Style::new()),
    };
    cells.push(Cell::from(Span::styled(due, due_style)));
    cells.push(Cell::from(status(summary, fit.status, theme)));
    if columns.assignee {
        cells.push(Cell::from(summary.assignee.as_str()));
    }
    if columns.changed {
        cells.push(Cell::from(Span::styled(
            ago(app.now(), summary.last_change),
            theme.dim(),
        )));
    }
    let row = Row::new(cells);
    if selected {
        row.style(theme.selected())
    } else {
        row
    }
}

fn progress(summary: &Summary, bar: bool) -> String {
    let done = summary.progress.done;
    let total = summary.progress.total;
    let count = format!("{done}/{total}");
    if !bar {
        return count;
    }
    const CELLS: usize = 5;
    let filled = (done * CELLS).checked_div(total).unwrap_or(0);
    format!(
        "{}{} {count}",
        "█".repeat(filled),
        "░".repeat(CELLS - filled)
    )
}

fn status(summary: &Summary, width: usize, theme: Theme) -> Line<'_> {
    let Some(status) = summary.status else {
        return Line::from(Span::styled(
            crate::t!("queue-playbook-not-installed"),
            theme.danger(),
        ));
    };
    let style = match status {
        DerivedStatus::Blocked => theme.danger(),
        DerivedStatus::ChangesRequested | DerivedStatus::OnHold => theme.warning(),
        DerivedStatus::InReview => theme.accent(),
        DerivedStatus::InProgress => Style::new(),
        DerivedStatus::Done => theme.success(),
        DerivedStatus::Cancelled => theme.dim(),
    };
    let label = status.label();
    let label_width = label.width();
    let mut spans = vec![Span::styled(label, style)];
    let reason = match status {
        DerivedStatus::Blocked => summary.blocker.as_ref(),
        DerivedStatus::ChangesRequested => summary.changes_requested.as_ref(),
        DerivedStatus::InReview
        | DerivedStatus::InProgress
        | DerivedStatus::OnHold
        | DerivedStatus::Done
        | DerivedStatus::Cancelled => None,
    };
    if let Some(reason) = reason {
        let room = width.saturating_sub(label_width);
        spans.push(Span::styled(
            truncate(
                &crate::t!("queue-status-reason", reason = reason.as_str()),
                room,
            ),
            theme.dim(),
        ));
    }
    Line::from(spans)
}

pub(super) fn render_welcome(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let cases_dir =
        Some(for_terminal_line(&app.persistence().cases_dir().display().to_string()).into_owned());
    let mut lines = vec![
        Line::from(Span::styled(crate::t!("welcome-title"), theme.accent())),
        Line::from(""),
        Line::from(crate::t!("welcome-what-1")),
        Line::from(crate::t!("welcome-what-2")),
        Line::from(""),
    ];
    lines.push(Line::from(match &cases_dir {
        Some(dir) => crate::t!("welcome-no-cases-in", dir = dir.as_str()),
        None => crate::t!("welcome-no-cases"),
    }));
    lines.push(Line::from(""));
    let key = |key: &'static str, text: String| {
        Line::from(vec![
            Span::styled(format!("  {key:<4}"), theme.accent()),
            Span::raw(text),
        ])
    };
    lines.push(key("n", crate::t!("welcome-key-new")));
    lines.push(key("d", crate::t!("welcome-key-demo")));
    lines.push(key("?", crate::t!("welcome-key-help")));
    lines.push(key("q", crate::t!("welcome-key-quit")));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        crate::t!("welcome-demo-note"),
        theme.dim(),
    )));
    lines.push(Line::from(Span::styled(
        crate::t!("welcome-demo-delete", command = crate::demo::DELETE_COMMAND),
        theme.dim(),
    )));
    if !app.load_errors().is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            unreadable_text(app.load_errors()),
            theme.danger(),
        )));
    }
    let height = lines.len() as u16 + 2;
    let box_area = centered(area, 76, height);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(theme.border()),
        )
        .render(box_area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_progress_line_says_how_far_the_reading_is() {
        let counts = |files, to_parse, parsed| ProgressCounts {
            files,
            to_parse,
            parsed,
        };
        assert_eq!(loading_text(counts(0, 0, 0)), "Reading the queue…");
        assert!(loading_text(counts(100_000, 0, 0)).contains("100,000 case files, checked"));
        let line = loading_text(counts(100_000, 40_000, 10_000));
        assert!(
            line.contains("10,000 of 40,000 case files read (25%)"),
            "{line}"
        );
        assert!(
            line.contains("the other 60,000 come from the summary index"),
            "{line}"
        );
    }
}

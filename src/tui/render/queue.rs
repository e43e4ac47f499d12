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

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let queue = &app.queue();
    let filter_shown = queue.typing || !queue.filter.value().is_empty();
    let errors_shown = !app.load_errors().is_empty();
    let [title, tabs, filter, errors, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(filter_shown)),
        Constraint::Length(u16::from(errors_shown)),
        Constraint::Fill(1),
    ])
    .areas(area);

    let sort = if queue.filter.value().trim().is_empty() {
        format!("sort: {} (s)", queue.sort.label())
    } else {
        format!("sort: best match, then {} (s)", queue.sort.label())
    };
    let count = match app.loading() {
        Some(_) => "reading the queue…".to_string(),
        None if app.cases().len() == 1 => "1 case".to_string(),
        None => format!("{} cases", thousands(app.cases().len())),
    };
    let heading = format!("migdesk · {} · {count}", for_terminal_line(app.user()));
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(sort.len() as u16)])
            .areas(title);
    Paragraph::new(Span::styled(heading, theme.bold())).render(left, buf);
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
    format!(
        "{count} case file(s) could not be read and are left untouched; the first: {first}",
        count = errors.len(),
        first = for_terminal_line(first)
    )
}

/// The progress line drawn while the queue is read.
fn loading_text(counts: ProgressCounts) -> String {
    match counts {
        ProgressCounts { files: 0, .. } => "Reading the queue…".to_string(),
        ProgressCounts { to_parse: 0, .. } => format!(
            "Reading the queue: {} case files, checked against the summary index…",
            thousands(counts.files)
        ),
        ProgressCounts {
            files,
            to_parse,
            parsed,
        } => {
            let read = format!(
                "Reading the queue: {} of {} case files read ({}%)",
                thousands(parsed),
                thousands(to_parse),
                parsed * 100 / to_parse.max(1)
            );
            if files > to_parse {
                format!(
                    "{read}; the other {} come from the summary index, which is brought up to date.",
                    thousands(files - to_parse)
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
            format!("No case in {}.", queue.tab.label())
        } else {
            format!(
                "No case matches “{}” in {}. Esc clears the filter.",
                for_terminal_line(queue.filter.value()),
                queue.tab.label()
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
    let mut widths = vec![Constraint::Length(9), Constraint::Fill(2)];
    let mut header = vec!["ID", "Title"];
    if columns.playbook {
        widths.push(Constraint::Length(22));
        header.push("Playbook");
    }
    widths.push(Constraint::Length(if columns.bar { 11 } else { 5 }));
    header.push("Steps");
    widths.push(Constraint::Length(11));
    header.push("Due");
    let status_column = widths.len();
    widths.push(Constraint::Fill(3));
    header.push("Status");
    if columns.assignee {
        widths.push(Constraint::Length(10));
        header.push("Assignee");
    }
    if columns.changed {
        widths.push(Constraint::Length(9));
        header.push("Changed");
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
    let title = if summary.title.width() + tag.len() <= fit.title {
        vec![
            Span::raw(summary.title.as_str()),
            Span::styled(tag, theme.dim()),
        ]
    } else {
        vec![Span::raw(truncate(&summary.title, fit.title))]
    };
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
        return Line::from(Span::styled("playbook not installed", theme.danger()));
    };
    let (label, style) = match status {
        DerivedStatus::Blocked => ("blocked", theme.danger()),
        DerivedStatus::ChangesRequested => ("changes requested", theme.warning()),
        DerivedStatus::InReview => ("in review", theme.accent()),
        DerivedStatus::InProgress => ("in progress", Style::new()),
        DerivedStatus::OnHold => ("on hold", theme.warning()),
        DerivedStatus::Done => ("done", theme.success()),
        DerivedStatus::Cancelled => ("cancelled", theme.dim()),
    };
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
        let room = width.saturating_sub(label.len());
        spans.push(Span::styled(
            truncate(&format!(": {reason}"), room),
            theme.dim(),
        ));
    }
    Line::from(spans)
}

pub(super) fn render_welcome(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let cases_dir =
        Some(for_terminal_line(&app.persistence().cases_dir().display().to_string()).into_owned());
    let mut lines = vec![
        Line::from(Span::styled("Welcome to migdesk", theme.accent())),
        Line::from(""),
        Line::from("Each customer migration is a case: a checklist from a playbook"),
        Line::from("that enforces the procedure's rules."),
        Line::from(""),
    ];
    lines.push(Line::from(match &cases_dir {
        Some(dir) => format!("No cases yet in {dir}."),
        None => "No cases yet.".to_string(),
    }));
    lines.push(Line::from(""));
    let key = |key: &'static str, text: &'static str| {
        Line::from(vec![
            Span::styled(format!("  {key:<4}"), theme.accent()),
            Span::raw(text),
        ])
    };
    lines.push(key(
        "n",
        "start a new case: pick a playbook, answer its questions",
    ));
    lines.push(key("d", "load a few demo cases to try things out"));
    lines.push(key("?", "every key"));
    lines.push(key("q", "quit"));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Demo cases are ordinary cases marked `demo: true`; to remove them,",
        theme.dim(),
    )));
    lines.push(Line::from(Span::styled(
        crate::demo::HOW_TO_DELETE.to_string(),
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

//! Review mode: the case under review, what changed since the approval step
//! was submitted, the skipped steps with their reasons, and the four-eyes
//! warning before an assignee tries to approve their own case.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Widget, Wrap};

use crate::app::{App, ReviewScreen, review_since_submission};
use crate::engine::StepStatus;
use crate::model::{Event, EventKind, FactValue};
use crate::sanitize::for_terminal_line;

use super::{Theme, timestamp, wrap};

/// `Review 3/42 · 39 left after this one`.
fn position_text(position: usize, count: usize, left: usize) -> String {
    match left {
        0 => format!("Review {position}/{count} · the last one  "),
        left => format!("Review {position}/{count} · {left} left after this one  "),
    }
}

/// How long the current step has waited, in its playbook's business days.
fn waited_text(waited: i64, since: chrono::DateTime<chrono::Utc>) -> String {
    let day = since.date_naive();
    match waited {
        0 => format!("Waiting since today or a day off ({day})"),
        1 => format!("Waiting for 1 business day, since {day}"),
        waited => format!("Waiting for {waited} business days, since {day}"),
    }
}

fn among_text(among: &str) -> String {
    format!(" · oldest first, among {among}")
}

pub(super) fn render(app: &App, screen: &ReviewScreen, area: Rect, buf: &mut Buffer, theme: Theme) {
    let Some(item) = screen.current() else {
        Paragraph::new(crate::t!("review-nothing")).render(area, buf);
        return;
    };
    let Some(entry) = app.cases().get(&item.case) else {
        return;
    };
    let Some(playbook) = app.catalog().get(&entry.case.playbook) else {
        return;
    };
    let case = &entry.case;
    let step_title = playbook
        .definition()
        .step(&item.step)
        .map_or(item.step.as_str(), |s| s.title.as_str());
    let mut header = vec![
        Line::from(vec![
            Span::styled(
                position_text(screen.index + 1, screen.items.len(), screen.left()),
                theme.accent(),
            ),
            Span::styled(for_terminal_line(&case.id).into_owned(), theme.accent()),
            Span::raw("  "),
            Span::styled(for_terminal_line(&case.title).into_owned(), theme.bold()),
        ]),
        Line::from(vec![
            Span::raw(crate::t!(
                "case-assignee",
                person = for_terminal_line(&case.assignee).into_owned()
            )),
            Span::styled(" · ", theme.dim()),
            Span::raw(match &screen.evaluation {
                Some(e) => crate::t!(
                    "case-progress",
                    done = e.progress.done,
                    total = e.progress.total
                ),
                None => String::new(),
            }),
            Span::styled(" · ", theme.dim()),
            Span::raw(match app.cases().summary_of(&case.id).and_then(|s| s.due) {
                Some(due) => crate::t!("case-due", date = super::shown_date(due)),
                None => crate::t!("case-no-due-date"),
            }),
            Span::styled(" · ", theme.dim()),
            Span::styled(
                for_terminal_line(&playbook.definition().title).into_owned(),
                theme.dim(),
            ),
        ]),
        Line::from(vec![
            Span::styled(waited_text(item.waited, item.since), theme.bold()),
            Span::styled(
                screen
                    .among
                    .describe()
                    .map(|among| for_terminal_line(&among_text(&among)).into_owned())
                    .unwrap_or_default(),
                theme.dim(),
            ),
        ]),
        Line::from(vec![
            Span::raw(format!("{} ", crate::t!("review-to-approve"))),
            Span::styled(for_terminal_line(step_title).into_owned(), theme.bold()),
        ]),
    ];
    if crate::identity::names_same_person(&case.assignee, app.user()) {
        let warning = crate::t!(
            "review-own-case",
            case = for_terminal_line(&case.id).into_owned()
        );
        for line in wrap(&warning, area.width.saturating_sub(2)) {
            header.push(Line::from(Span::styled(
                format!(" {line} "),
                theme.banner(),
            )));
        }
    }
    let [header_area, body] =
        Layout::vertical([Constraint::Length(header.len() as u16), Constraint::Fill(1)])
            .areas(area);
    Paragraph::new(header).render(header_area, buf);
    if body.is_empty() {
        return;
    }

    let changes: Vec<Line> = review_since_submission(case, playbook.definition(), &item.step)
        .iter()
        .map(|event| event_line(event, playbook.definition(), theme))
        .collect();
    let mut skipped: Vec<Line> = Vec::new();
    if let Some(evaluation) = &screen.evaluation {
        for step in evaluation
            .steps
            .iter()
            .filter(|s| s.state == StepStatus::Skipped)
        {
            let reason = step
                .record
                .as_ref()
                .and_then(|r| r.skip_reason.as_deref())
                .unwrap_or("");
            skipped.push(Line::from(vec![
                Span::raw(format!("• {}", for_terminal_line(&step.title))),
                Span::styled(format!(" — {}", for_terminal_line(reason)), theme.dim()),
            ]));
        }
    }
    if skipped.is_empty() {
        skipped.push(Line::from(Span::styled(
            crate::t!("review-no-skip"),
            theme.dim(),
        )));
    }
    let facts: Vec<Row> = playbook
        .definition()
        .facts
        .iter()
        .map(|fact| {
            let value = case.facts.get(&fact.id).map_or_else(
                || Span::styled(FactValue::unknown_shown(), theme.dim()),
                |v| Span::raw(for_terminal_line(&v.shown()).into_owned()),
            );
            Row::new(vec![
                Cell::from(Span::styled(
                    for_terminal_line(&fact.label).into_owned(),
                    theme.dim(),
                )),
                Cell::from(value),
            ])
        })
        .collect();
    let pane = |title: &str| {
        Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(format!(" {title} "))
    };
    let changes_title = crate::t!("review-changes");
    let skipped_title = crate::t!("review-skipped");
    let facts_title = crate::t!("review-facts");
    if body.width >= 100 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(body);
        let [skipped_area, facts_area] = Layout::vertical([
            Constraint::Length(skipped.len() as u16 + 2),
            Constraint::Fill(1),
        ])
        .areas(right);
        Paragraph::new(changes)
            .wrap(Wrap { trim: false })
            .block(pane(&changes_title))
            .render(left, buf);
        Paragraph::new(skipped)
            .wrap(Wrap { trim: false })
            .block(pane(&skipped_title))
            .render(skipped_area, buf);
        Table::new(
            facts,
            [Constraint::Percentage(60), Constraint::Percentage(40)],
        )
        .column_spacing(1)
        .block(pane(&facts_title))
        .render(facts_area, buf);
    } else {
        let [top, bottom] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length((skipped.len() as u16 + 2).min(body.height / 2)),
        ])
        .areas(body);
        Paragraph::new(changes)
            .wrap(Wrap { trim: false })
            .block(pane(&changes_title))
            .render(top, buf);
        Paragraph::new(skipped)
            .wrap(Wrap { trim: false })
            .block(pane(&skipped_title))
            .render(bottom, buf);
    }
}

fn event_line(event: &Event, playbook: &crate::model::Playbook, theme: Theme) -> Line<'static> {
    let step_title = |id: &Option<String>| {
        id.as_deref()
            .map(|id| playbook.step(id).map_or(id, |s| s.title.as_str()))
            .map(|title| for_terminal_line(title).into_owned())
            .unwrap_or_default()
    };
    let fact = event.fact.as_deref().unwrap_or_default();
    let what = crate::i18n::events::event_in_words(event, &step_title(&event.step), fact);
    let what = match event.text.as_deref() {
        Some(text)
            if matches!(
                event.action,
                EventKind::Skip | EventKind::Note | EventKind::Review
            ) =>
        {
            crate::t!("event-with-text", what = what, text = text)
        }
        _ => what,
    };
    let what = for_terminal_line(&what).into_owned();
    let style = if event.action == EventKind::Review {
        theme.warning()
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(
            format!("{} {} ", timestamp(event.at), for_terminal_line(&event.by)),
            theme.dim(),
        ),
        Span::styled(what, style),
    ])
}

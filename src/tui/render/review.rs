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
use crate::model::{Event, EventKind};
use crate::sanitize::for_terminal_line;

use super::{Theme, timestamp, wrap};

pub(super) fn render(app: &App, screen: &ReviewScreen, area: Rect, buf: &mut Buffer, theme: Theme) {
    let Some(item) = screen.current() else {
        Paragraph::new("Nothing to review.").render(area, buf);
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
                format!("Review {}/{}  ", screen.index + 1, screen.items.len()),
                theme.accent(),
            ),
            Span::styled(for_terminal_line(&case.id).into_owned(), theme.accent()),
            Span::raw("  "),
            Span::styled(for_terminal_line(&case.title).into_owned(), theme.bold()),
        ]),
        Line::from(vec![
            Span::raw(format!("assignee {}", for_terminal_line(&case.assignee))),
            Span::styled(" · ", theme.dim()),
            Span::raw(match &screen.evaluation {
                Some(e) => format!("{}/{} steps", e.progress.done, e.progress.total),
                None => String::new(),
            }),
            Span::styled(" · ", theme.dim()),
            Span::raw(match app.cases().summary_of(&case.id).and_then(|s| s.due) {
                Some(due) => format!("due {due}"),
                None => "no due date".to_string(),
            }),
            Span::styled(" · ", theme.dim()),
            Span::styled(
                for_terminal_line(&playbook.definition().title).into_owned(),
                theme.dim(),
            ),
        ]),
        Line::from(vec![
            Span::raw("To approve: "),
            Span::styled(for_terminal_line(step_title).into_owned(), theme.bold()),
        ]),
    ];
    if crate::identity::names_same_person(&case.assignee, app.user()) {
        let warning = format!(
            "You are the assignee of {}: someone else must approve it (four eyes).",
            for_terminal_line(&case.id)
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
            "No step was skipped.",
            theme.dim(),
        )));
    }
    let facts: Vec<Row> = playbook
        .definition()
        .facts
        .iter()
        .map(|fact| {
            let value = case.facts.get(&fact.id).map_or_else(
                || Span::styled("unknown", theme.dim()),
                |v| Span::raw(for_terminal_line(&v.to_string()).into_owned()),
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
    let changes_title = "What changed since it was submitted";
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
            .block(pane(changes_title))
            .render(left, buf);
        Paragraph::new(skipped)
            .wrap(Wrap { trim: false })
            .block(pane("Skipped steps"))
            .render(skipped_area, buf);
        Table::new(
            facts,
            [Constraint::Percentage(60), Constraint::Percentage(40)],
        )
        .column_spacing(1)
        .block(pane("Facts"))
        .render(facts_area, buf);
    } else {
        let [top, bottom] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length((skipped.len() as u16 + 2).min(body.height / 2)),
        ])
        .areas(body);
        Paragraph::new(changes)
            .wrap(Wrap { trim: false })
            .block(pane(changes_title))
            .render(top, buf);
        Paragraph::new(skipped)
            .wrap(Wrap { trim: false })
            .block(pane("Skipped steps"))
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
    let what = match event.action {
        EventKind::SetFact => format!(
            "set {} {} → {}",
            for_terminal_line(event.fact.as_deref().unwrap_or("")),
            event
                .from
                .as_ref()
                .map_or("unknown".to_string(), |v| for_terminal_line(&v.to_string())
                    .into_owned()),
            event
                .to
                .as_ref()
                .map_or("unknown".to_string(), |v| for_terminal_line(&v.to_string())
                    .into_owned()),
        ),
        EventKind::Check => format!("ticked {}", step_title(&event.step)),
        EventKind::Uncheck => format!("unticked {}", step_title(&event.step)),
        EventKind::Skip => format!(
            "skipped {}: {}",
            step_title(&event.step),
            for_terminal_line(event.text.as_deref().unwrap_or(""))
        ),
        EventKind::Note => format!(
            "note: {}",
            for_terminal_line(event.text.as_deref().unwrap_or(""))
        ),
        EventKind::Review => format!(
            "{} {}{}",
            event
                .verdict
                .map_or("reviewed".to_string(), |v| v.to_string()),
            step_title(&event.step),
            event
                .text
                .as_deref()
                .map(|t| format!(": {}", for_terminal_line(t)))
                .unwrap_or_default()
        ),
        EventKind::Status => format!(
            "status → {}",
            event.to.as_ref().map(|v| v.to_string()).unwrap_or_default()
        ),
        EventKind::Assign => format!(
            "assigned to {}",
            event
                .to
                .as_ref()
                .map(|v| for_terminal_line(&v.to_string()).into_owned())
                .unwrap_or_default()
        ),
        EventKind::Due => format!(
            "due date → {}",
            event
                .to
                .as_ref()
                .map_or("the playbook's timing".to_string(), |v| v.to_string())
        ),
        EventKind::Rename => format!(
            "renamed to {}",
            event
                .to
                .as_ref()
                .map(|v| for_terminal_line(&v.to_string()).into_owned())
                .unwrap_or_default()
        ),
        EventKind::Created => "created the case".to_string(),
        EventKind::Resolve => "resolved a merge notice".to_string(),
    };
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

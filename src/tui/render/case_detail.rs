//! The case screen's side panes: the detail of the selected step (or fact),
//! everything its checklist row has no room for, and the facts pane.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use crate::app::persistence::LoadedCase;
use crate::app::{App, CaseScreen, Focus};
use crate::catalog::ValidPlaybook;
use crate::engine::{StepStatus, StepView};
use crate::model::{FactDef, StepState, Verdict};
use crate::sanitize::{for_terminal, for_terminal_line};

use super::case::pane;
use super::{Theme, input_line, timestamp, truncate};

fn heading(text: &str, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), theme.bold()))
}

/// Multi-line text from a case or playbook, one `Line` per line.
fn block_text(text: &str, style: Style) -> Vec<Line<'static>> {
    for_terminal(text)
        .trim_end()
        .lines()
        .map(|line| Line::from(Span::styled(line.to_string(), style)))
        .collect()
}

pub(super) fn step_detail(
    app: &App,
    entry: &LoadedCase,
    playbook: &ValidPlaybook,
    step: &StepView,
    theme: Theme,
) -> Vec<Line<'static>> {
    let case = &entry.case;
    let definition = playbook.definition().step(&step.id);
    let mut lines = vec![Line::from(Span::styled(
        for_terminal_line(&step.title).into_owned(),
        theme.bold(),
    ))];
    let mut meta = vec![format!("id {}", for_terminal_line(&step.id))];
    if let Some(owner) = definition.and_then(|d| d.owner.as_ref()) {
        meta.push(format!("owner: {}", for_terminal_line(owner)));
    }
    lines.push(Line::from(Span::styled(meta.join(" · "), theme.dim())));
    if let Some(record) = &step.record {
        let by = record
            .by
            .as_deref()
            .map(for_terminal_line)
            .unwrap_or_default();
        let at = record.at.map(timestamp).unwrap_or_default();
        match record.state {
            StepState::Done => lines.push(Line::from(Span::styled(
                format!("Done by {by} on {at}"),
                theme.success(),
            ))),
            StepState::Skipped => lines.push(Line::from(format!(
                "Skipped by {by} on {at}: {}",
                for_terminal_line(record.skip_reason.as_deref().unwrap_or(""))
            ))),
            StepState::Todo => {}
        }
        if let Some(note) = &record.note {
            lines.push(Line::from(format!("Note: {}", for_terminal_line(note))));
        }
        if let Some(acknowledged) = &record.acknowledged {
            lines.push(Line::from(Span::styled(
                format!("Confirmed: {}", for_terminal_line(acknowledged)),
                theme.dim(),
            )));
        }
        if let Some(review) = &record.review {
            let text = format!(
                "{} by {} on {}{}",
                match review.verdict {
                    Verdict::Approved => "Approved",
                    Verdict::Rejected => "Rejected",
                },
                for_terminal_line(&review.by),
                timestamp(review.at),
                if review.reason.is_empty() {
                    String::new()
                } else {
                    format!(": {}", for_terminal_line(&review.reason))
                }
            );
            let style = match review.verdict {
                Verdict::Approved => theme.success(),
                Verdict::Rejected => theme.warning(),
            };
            lines.push(Line::from(Span::styled(text, style)));
        }
    }
    if step.state == StepStatus::NotApplicable {
        lines.push(Line::from(Span::styled(
            "Does not apply to this case (its condition is false).",
            theme.dim(),
        )));
    }
    if step.approval {
        let text = if crate::identity::names_same_person(&case.assignee, app.user()) {
            format!(
                "Approval step: ticked only by a review from someone other than you, the assignee ({}).",
                for_terminal_line(&case.assignee)
            )
        } else {
            format!(
                "Approval step: ticked only by a review from someone other than the assignee ({}).",
                for_terminal_line(&case.assignee)
            )
        };
        lines.push(Line::from(Span::styled(text, theme.accent())));
    }
    if !step.reasons.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Locked:", theme.danger())));
        for reason in &step.reasons {
            lines.push(Line::from(Span::styled(
                format!("• {}", for_terminal_line(&reason.to_string())),
                theme.danger(),
            )));
            lines.push(Line::from(format!(
                "  → {}",
                for_terminal_line(&reason.remedy())
            )));
        }
    }
    if let Some(warning) = definition.and_then(|d| d.acknowledge.as_ref())
        && step.state == StepStatus::Todo
    {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "Asks you to confirm:",
            theme.warning(),
        )));
        lines.extend(block_text(warning, theme.warning()));
    }
    if let Some(instructions) = definition.and_then(|d| d.instructions.as_ref()) {
        lines.push(Line::from(""));
        lines.push(heading("Instructions", theme));
        lines.extend(block_text(instructions, Style::new()));
    }
    if let Some(template) = &step.rendered_template {
        lines.push(Line::from(""));
        lines.push(heading("Template (y copies it)", theme));
        lines.extend(block_text(template, theme.accent()));
    }
    if let Some(source) = definition.and_then(|d| d.source.as_ref()) {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("Source: “{}”", for_terminal_line(source)),
            theme.dim(),
        )));
    }
    let history: Vec<_> = case
        .history
        .iter()
        .filter(|event| event.step.as_deref() == Some(step.id.as_str()))
        .collect();
    if !history.is_empty() {
        lines.push(Line::from(""));
        lines.push(heading("History", theme));
        for event in history {
            let mut text = format!(
                "{} {} {}",
                timestamp(event.at),
                for_terminal_line(&event.by),
                event
                    .verdict
                    .map_or(event.action.to_string(), |v| v.to_string())
            );
            if let Some(detail) = &event.text {
                text.push_str(&format!(": {}", for_terminal_line(detail)));
            }
            if let Some(undone) = event.undoes {
                text.push_str(&format!(" (undoes #{undone})"));
            }
            lines.push(Line::from(Span::styled(text, theme.dim())));
        }
    }
    if !case.notes.is_empty() {
        lines.push(Line::from(""));
        lines.push(heading(
            &format!("Case notes ({})", case.notes.len()),
            theme,
        ));
        for note in case.notes.iter().rev().take(5) {
            lines.push(Line::from(Span::styled(
                format!("{} {}:", timestamp(note.at), for_terminal_line(&note.by)),
                theme.dim(),
            )));
            lines.extend(block_text(&note.text, Style::new()));
        }
    }
    let info = &playbook.definition().info;
    if !info.is_empty() {
        lines.push(Line::from(""));
        lines.push(heading("Good to know", theme));
        for item in info {
            lines.push(Line::from(format!("• {}", for_terminal_line(&item.text))));
        }
    }
    lines
}

pub(super) fn fact_detail(fact: &FactDef, entry: &LoadedCase, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(Span::styled(
            for_terminal_line(&fact.label).into_owned(),
            theme.bold(),
        )),
        Line::from(Span::styled(
            format!("{} · {}", for_terminal_line(&fact.id), fact.fact_type),
            theme.dim(),
        )),
    ];
    let value = entry.case.facts.get(&fact.id);
    lines.push(Line::from(match value {
        Some(value) => format!("Value: {}", for_terminal_line(&value.to_string())),
        None => "Value: unknown".to_string(),
    }));
    if let Some(help) = &fact.help {
        lines.push(Line::from(""));
        lines.extend(block_text(help, Style::new()));
    }
    if !fact.choices.is_empty() {
        lines.push(Line::from(format!(
            "Choices: {}",
            for_terminal_line(&fact.choices.join(", "))
        )));
    }
    if let Some(example) = &fact.example {
        lines.push(Line::from(format!(
            "Example: {}",
            for_terminal_line(example)
        )));
    }
    let how = match fact.fact_type {
        crate::model::FactType::Bool => "Space cycles yes / no / unknown; Del sets it unknown.",
        crate::model::FactType::Choice => "Enter picks a value; Del sets it unknown.",
        crate::model::FactType::Date => "Enter edits (YYYY-MM-DD); Del sets it unknown.",
        crate::model::FactType::Datetime => "Enter edits (YYYY-MM-DD HH:MM); Del sets it unknown.",
        crate::model::FactType::Text if fact.long => {
            "Enter or E edits it in $EDITOR; Del sets it unknown."
        }
        _ => "Enter edits in place, E in $EDITOR; Del sets it unknown.",
    };
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(how, theme.dim())));
    lines
}

pub(super) fn render_facts(
    screen: &CaseScreen,
    entry: &LoadedCase,
    playbook: &ValidPlaybook,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let focused = screen.focus == Focus::Facts;
    let facts = &playbook.definition().facts;
    let known = facts
        .iter()
        .filter(|f| entry.case.facts.contains_key(&f.id))
        .count();
    let block = pane(format!(" Facts {known}/{} ", facts.len()), focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let error = screen
        .fact_input
        .as_ref()
        .and_then(|input| input.error.clone());
    let error_height = u16::from(error.is_some()).min(inner.height.saturating_sub(1));
    let [table_area, error_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(error_height)]).areas(inner);
    let value_width = (table_area.width * 2 / 5).max(8);
    let label_width = usize::from(table_area.width.saturating_sub(value_width + 1));
    let rows: Vec<Row> = facts
        .iter()
        .enumerate()
        .map(|(index, fact)| {
            let editing = screen
                .fact_input
                .as_ref()
                .filter(|input| input.fact == fact.id && index == screen.fact);
            let value = match (editing, entry.case.facts.get(&fact.id)) {
                (Some(input), _) => Cell::from(input_line(&input.input, value_width, true, theme)),
                (None, Some(value)) if !value.fits(fact.fact_type) => Cell::from(Span::styled(
                    format!("{} (invalid)", for_terminal_line(&value.to_string())),
                    theme.danger(),
                )),
                (None, Some(value)) => {
                    Cell::from(for_terminal_line(&value.to_string()).into_owned())
                }
                (None, None) => Cell::from(Span::styled("unknown", theme.dim())),
            };
            let label = truncate(&for_terminal_line(&fact.label), label_width);
            Row::new(vec![Cell::from(label), value])
        })
        .collect();
    let highlight = if focused {
        theme.selected()
    } else {
        theme.selected_unfocused()
    };
    let table = Table::new(rows, [Constraint::Fill(1), Constraint::Length(value_width)])
        .column_spacing(1)
        .row_highlight_style(if screen.fact_input.is_some() {
            Style::new()
        } else {
            highlight
        });
    let mut state = TableState::default().with_selected(Some(screen.fact));
    StatefulWidget::render(table, table_area, buf, &mut state);
    if let Some(error) = error {
        Paragraph::new(Span::styled(
            for_terminal_line(&error).into_owned(),
            theme.danger(),
        ))
        .render(error_area, buf);
    }
}

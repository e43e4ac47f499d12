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
use crate::model::{FactDef, FactValue, StepState, Verdict};
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
    let mut meta = vec![crate::t!(
        "detail-id",
        id = for_terminal_line(&step.id).into_owned()
    )];
    if let Some(owner) = definition.and_then(|d| d.owner.as_ref()) {
        meta.push(crate::t!(
            "detail-owner",
            owner = for_terminal_line(owner).into_owned()
        ));
    }
    lines.push(Line::from(Span::styled(meta.join(" · "), theme.dim())));
    if let Some(record) = &step.record {
        let by = record
            .by
            .as_deref()
            .map(for_terminal_line)
            .unwrap_or_default()
            .into_owned();
        let at = record.at.map(timestamp).unwrap_or_default();
        match record.state {
            StepState::Done => lines.push(Line::from(Span::styled(
                crate::t!("detail-done-by", by = by.as_str(), at = at.as_str()),
                theme.success(),
            ))),
            StepState::Skipped => lines.push(Line::from(crate::t!(
                "detail-skipped-by",
                by = by.as_str(),
                at = at.as_str(),
                reason =
                    for_terminal_line(record.skip_reason.as_deref().unwrap_or("")).into_owned()
            ))),
            StepState::Todo => {}
        }
        if let Some(note) = &record.note {
            lines.push(Line::from(crate::t!(
                "detail-note",
                note = for_terminal_line(note).into_owned()
            )));
        }
        if let Some(acknowledged) = &record.acknowledged {
            lines.push(Line::from(Span::styled(
                crate::t!(
                    "detail-confirmed",
                    warning = for_terminal_line(acknowledged).into_owned()
                ),
                theme.dim(),
            )));
        }
        if let Some(review) = &record.review {
            let by = for_terminal_line(&review.by).into_owned();
            let at = timestamp(review.at);
            let text = match review.verdict {
                Verdict::Approved => crate::t!("detail-approved-by", by = by, at = at),
                Verdict::Rejected => crate::t!("detail-rejected-by", by = by, at = at),
            };
            let text = if review.reason.is_empty() {
                text
            } else {
                crate::t!(
                    "event-with-text",
                    what = text,
                    text = for_terminal_line(&review.reason).into_owned()
                )
            };
            let style = match review.verdict {
                Verdict::Approved => theme.success(),
                Verdict::Rejected => theme.warning(),
            };
            lines.push(Line::from(Span::styled(text, style)));
        }
    }
    if step.state == StepStatus::NotApplicable {
        lines.push(Line::from(Span::styled(
            crate::t!("detail-not-applicable"),
            theme.dim(),
        )));
    }
    if step.approval {
        let text = if crate::identity::names_same_person(&case.assignee, app.user()) {
            crate::t!(
                "detail-approval-yours",
                assignee = for_terminal_line(&case.assignee).into_owned()
            )
        } else {
            crate::t!(
                "detail-approval",
                assignee = for_terminal_line(&case.assignee).into_owned()
            )
        };
        lines.push(Line::from(Span::styled(text, theme.accent())));
    }
    if !step.reasons.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            crate::t!("detail-locked"),
            theme.danger(),
        )));
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
            crate::t!("detail-asks-to-confirm"),
            theme.warning(),
        )));
        lines.extend(block_text(warning, theme.warning()));
    }
    if let Some(instructions) = definition.and_then(|d| d.instructions.as_ref()) {
        lines.push(Line::from(""));
        lines.push(heading(&crate::t!("detail-instructions"), theme));
        lines.extend(block_text(instructions, Style::new()));
    }
    if let Some(template) = &step.rendered_template {
        lines.push(Line::from(""));
        lines.push(heading(&crate::t!("detail-template"), theme));
        lines.extend(block_text(template, theme.accent()));
    }
    if let Some(source) = definition.and_then(|d| d.source.as_ref()) {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            crate::t!(
                "detail-source",
                source = for_terminal_line(source).into_owned()
            ),
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
        lines.push(heading(&crate::t!("detail-history"), theme));
        for event in history {
            let what = crate::i18n::events::event_in_words(
                event,
                &step.title,
                event.fact.as_deref().unwrap_or_default(),
            );
            let what = match &event.text {
                Some(detail) => crate::t!("event-with-text", what = what, text = detail.as_str()),
                None => what,
            };
            let text = format!(
                "{} {} {}",
                timestamp(event.at),
                for_terminal_line(&event.by),
                for_terminal_line(&what)
            );
            lines.push(Line::from(Span::styled(text, theme.dim())));
        }
    }
    if !case.notes.is_empty() {
        lines.push(Line::from(""));
        lines.push(heading(
            &crate::t!("detail-case-notes", count = case.notes.len()),
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
        lines.push(heading(&crate::t!("detail-good-to-know"), theme));
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
        Some(value) => crate::t!(
            "detail-value",
            value = for_terminal_line(&value.shown()).into_owned()
        ),
        None => crate::t!("detail-value", value = FactValue::unknown_shown()),
    }));
    if let Some(help) = &fact.help {
        lines.push(Line::from(""));
        lines.extend(block_text(help, Style::new()));
    }
    if !fact.choices.is_empty() {
        lines.push(Line::from(crate::t!(
            "detail-choices",
            choices = for_terminal_line(&fact.choices.join(", ")).into_owned()
        )));
    }
    if let Some(example) = &fact.example {
        lines.push(Line::from(crate::t!(
            "detail-example",
            example = for_terminal_line(example).into_owned()
        )));
    }
    let how = match fact.fact_type {
        crate::model::FactType::Bool => crate::t!("detail-how-bool"),
        crate::model::FactType::Choice => crate::t!("detail-how-choice"),
        crate::model::FactType::Date => crate::t!("detail-how-date"),
        crate::model::FactType::Datetime => crate::t!("detail-how-datetime"),
        crate::model::FactType::Text if fact.long => crate::t!("detail-how-long-text"),
        crate::model::FactType::Text | crate::model::FactType::Number => {
            crate::t!("detail-how-text")
        }
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
    let block = pane(
        format!(
            " {} ",
            crate::t!("pane-facts", known = known, total = facts.len())
        ),
        focused,
        theme,
    );
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
                    crate::t!(
                        "fact-invalid",
                        value = for_terminal_line(&value.shown()).into_owned()
                    ),
                    theme.danger(),
                )),
                (None, Some(value)) => Cell::from(for_terminal_line(&value.shown()).into_owned()),
                (None, None) => Cell::from(Span::styled(FactValue::unknown_shown(), theme.dim())),
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

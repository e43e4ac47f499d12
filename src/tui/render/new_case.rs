//! The new-case screens: the playbook list with a description, then the form
//! with the eligibility verdict next to it, updated as facts are entered.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::app::{App, FieldValue, Form, NewCaseScreen, NewCaseStage};
use crate::sanitize::{for_terminal, for_terminal_line};

use super::{Theme, input_line, truncate};

pub(super) fn render(
    app: &App,
    screen: &NewCaseScreen,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    match &screen.stage {
        NewCaseStage::Pick { selected } => render_picker(app, *selected, area, buf, theme),
        NewCaseStage::Form(form) => render_form(app, screen, form, area, buf, theme),
    }
}

fn pane(title: &str, theme: Theme) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(format!(" {title} "))
}

fn render_picker(app: &App, selected: usize, area: Rect, buf: &mut Buffer, theme: Theme) {
    let entries = app.catalog().entries();
    let [heading, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    Paragraph::new(Span::styled(crate::t!("new-case-pick"), theme.accent())).render(heading, buf);
    let wide = body.width >= 90;
    let [list_area, detail_area] = if wide {
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body)
    } else {
        Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(body)
    };
    let list_block = pane(&crate::t!("new-case-playbooks"), theme);
    let inner = list_block.inner(list_area);
    list_block.render(list_area, buf);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let definition = entry.playbook.definition();
            let text = format!(
                "{} [{}]",
                for_terminal_line(&definition.title),
                for_terminal_line(&definition.language)
            );
            let line = Line::from(truncate(&text, width));
            if index == selected {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    let offset = (selected + 1).saturating_sub(usize::from(inner.height));
    Paragraph::new(lines)
        .scroll((offset as u16, 0))
        .render(inner, buf);

    let Some(entry) = entries.get(selected) else {
        return;
    };
    let definition = entry.playbook.definition();
    let steps = definition.steps().count();
    let mut detail = vec![
        Line::from(Span::styled(
            for_terminal_line(&definition.title).into_owned(),
            theme.bold(),
        )),
        Line::from(Span::styled(
            crate::t!(
                "new-case-playbook-line",
                id = for_terminal_line(&definition.id).into_owned(),
                version = definition.version.to_string(),
                language = for_terminal_line(&definition.language).into_owned(),
                phases = definition.phases.len(),
                steps = steps
            ),
            theme.dim(),
        )),
        Line::from(""),
    ];
    for line in for_terminal(&definition.description).lines() {
        detail.push(Line::from(line.to_string()));
    }
    if let Some(source) = &definition.source {
        detail.push(Line::from(""));
        detail.push(Line::from(Span::styled(
            format!("Source: {}", for_terminal_line(source)),
            theme.dim(),
        )));
    }
    Paragraph::new(detail)
        .wrap(Wrap { trim: false })
        .block(pane(&crate::t!("new-case-about"), theme))
        .render(detail_area, buf);
}

fn render_form(
    app: &App,
    screen: &NewCaseScreen,
    form: &Form,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let Some(playbook) = app.catalog().get(&form.playbook) else {
        return;
    };
    let title = match &screen.origin {
        Some(origin) => crate::t!(
            "new-case-title-instead",
            playbook = for_terminal_line(&playbook.definition().title).into_owned(),
            origin = for_terminal_line(origin).into_owned()
        ),
        None => crate::t!(
            "new-case-title",
            playbook = for_terminal_line(&playbook.definition().title).into_owned()
        ),
    };
    let [heading, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    Paragraph::new(Span::styled(
        truncate(&title, usize::from(heading.width)),
        theme.accent(),
    ))
    .render(heading, buf);
    let wide = body.width >= 100;
    let verdict = verdict_lines(form, playbook.definition(), theme);
    let [form_area, verdict_area] = if wide {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body)
    } else {
        Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length((verdict.len() as u16 + 2).min(body.height / 2)),
        ])
        .areas(body)
    };
    let form_block = pane(&crate::t!("new-case-answers"), theme);
    let inner = form_block.inner(form_area);
    form_block.render(form_area, buf);
    let value_width = inner.width.saturating_sub(2);
    let mut lines = Vec::new();
    let mut focused_line = 0;
    let label_style = |focused: bool| {
        if focused {
            theme.accent()
        } else {
            theme.bold()
        }
    };
    lines.push(Line::from(Span::styled(
        crate::t!("new-case-title-field"),
        label_style(form.focus == 0),
    )));
    if form.focus == 0 {
        focused_line = lines.len();
    }
    let mut title_line = input_line(&form.title, value_width, form.focus == 0, theme);
    title_line.spans.insert(0, Span::raw("  "));
    lines.push(title_line);
    for (index, field) in form.fields.iter().enumerate() {
        let focused = form.focus == index + 1;
        lines.push(Line::from(Span::styled(
            truncate(&for_terminal_line(&field.label), usize::from(inner.width)),
            label_style(focused),
        )));
        if focused {
            focused_line = lines.len();
        }
        let mut value = match &field.value {
            FieldValue::Text(input) => input_line(input, value_width, focused, theme),
            FieldValue::Choice { options, index } => {
                let current = options
                    .get(*index)
                    .cloned()
                    .flatten()
                    .map_or_else(crate::model::FactValue::unknown_shown, |v| {
                        for_terminal_line(&v).into_owned()
                    });
                let style = if focused {
                    theme.selected()
                } else {
                    Style::new()
                };
                Line::from(Span::styled(format!("‹ {current} ›"), style))
            }
        };
        value.spans.insert(0, Span::raw("  "));
        lines.push(value);
        if let Some(error) = &field.error {
            lines.push(Line::from(Span::styled(
                format!("  {}", for_terminal_line(error)),
                theme.warning(),
            )));
        }
    }
    let assignee_focused = form.focus == form.fields.len() + 1;
    lines.push(Line::from(Span::styled(
        crate::t!("new-case-assignee-field"),
        label_style(assignee_focused),
    )));
    if assignee_focused {
        focused_line = lines.len();
    }
    let mut assignee_line = input_line(&form.assignee, value_width, assignee_focused, theme);
    assignee_line.spans.insert(0, Span::raw("  "));
    lines.push(assignee_line);
    if !form.carried.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            crate::t!("new-case-carried"),
            theme.dim(),
        )));
        for (fact, value) in &form.carried {
            lines.push(Line::from(Span::styled(
                format!(
                    "  {} = {}",
                    for_terminal_line(fact),
                    for_terminal_line(&value.shown())
                ),
                theme.dim(),
            )));
        }
    }
    if let Some(error) = &form.error {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            for_terminal_line(error).into_owned(),
            theme.danger(),
        )));
    }
    let offset = (focused_line + 2).saturating_sub(usize::from(inner.height));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((offset as u16, 0))
        .render(inner, buf);
    Paragraph::new(verdict)
        .wrap(Wrap { trim: false })
        .block(pane(&crate::t!("new-case-eligibility"), theme))
        .render(verdict_area, buf);
}

fn verdict_lines(
    form: &Form,
    playbook: &crate::model::Playbook,
    theme: Theme,
) -> Vec<Line<'static>> {
    if form.blockers.is_empty() {
        return vec![
            Line::from(Span::styled(
                format!("✓ {}", crate::t!("new-case-nothing-blocks")),
                theme.success(),
            )),
            Line::from(Span::styled(
                crate::t!("new-case-enter-creates"),
                theme.dim(),
            )),
        ];
    }
    let mut lines = vec![Line::from(Span::styled(
        format!("✗ {}", crate::t!("new-case-not-eligible")),
        theme.danger(),
    ))];
    for blocker in &form.blockers {
        lines.push(Line::from(Span::styled(
            format!(
                "• {}",
                for_terminal_line(&blocker.short_reason_naming(&|fact| playbook.fact_name(fact)))
            ),
            theme.danger(),
        )));
        if let Some(remedy) = &blocker.remedy
            && blocker.unanswered.is_empty()
        {
            lines.push(Line::from(format!("  → {}", for_terminal_line(remedy))));
        }
    }
    lines.push(Line::from(Span::styled(
        crate::t!("new-case-nothing-created"),
        theme.dim(),
    )));
    lines
}

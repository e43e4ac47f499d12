//! Dialogs drawn over the screen: confirmations, lock reasons, refusals,
//! text prompts and value pickers.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::app::{App, Dialog};
use crate::sanitize::{for_terminal, for_terminal_line};

use super::{Theme, centered, input_line, wrap};

pub(super) fn render(app: &App, dialog: &Dialog, area: Rect, buf: &mut Buffer, theme: Theme) {
    let width = area.width.saturating_sub(4).clamp(1, 72);
    let text_width = width.saturating_sub(2).max(1);
    let mut lines: Vec<Line> = Vec::new();
    let wrapped = |text: &str, style: Style, lines: &mut Vec<Line>| {
        for part in wrap(text, text_width) {
            lines.push(Line::from(Span::styled(part, style)));
        }
    };
    let (title, border, hint) = match dialog {
        Dialog::Confirm { title, text, .. } => {
            wrapped(&for_terminal(text), Style::new(), &mut lines);
            (
                for_terminal_line(title).into_owned(),
                theme.warning(),
                crate::t!("dialog-confirm-hint"),
            )
        }
        Dialog::Locked { step, reasons } => {
            wrapped(
                &crate::t!(
                    "dialog-locked-step",
                    step = for_terminal_line(step).into_owned()
                ),
                theme.bold(),
                &mut lines,
            );
            // The case on screen names its facts by label.
            let definition = app
                .case_screen()
                .and_then(|screen| app.cases().get(&screen.id))
                .and_then(|entry| app.catalog().get(&entry.case.playbook))
                .map(|playbook| playbook.definition());
            let name = |fact: &str| match definition {
                Some(definition) => definition.fact_name(fact),
                None => fact.to_string(),
            };
            for reason in reasons {
                wrapped(
                    &format!("• {}", for_terminal_line(&reason.describe_naming(&name))),
                    theme.danger(),
                    &mut lines,
                );
                wrapped(
                    &format!("  → {}", for_terminal_line(&reason.remedy_naming(&name))),
                    Style::new(),
                    &mut lines,
                );
            }
            (
                crate::t!("dialog-locked"),
                theme.danger(),
                crate::t!("dialog-esc-closes"),
            )
        }
        Dialog::Refused(refusal) => {
            wrapped(
                &for_terminal_line(&refusal.message),
                theme.danger(),
                &mut lines,
            );
            lines.push(Line::from(""));
            wrapped(
                &format!(
                    "→ {}",
                    for_terminal_line(&crate::app::remedy::in_app(refusal, app.keymap()))
                ),
                Style::new(),
                &mut lines,
            );
            (
                crate::t!(
                    "dialog-refused-by",
                    rule = for_terminal_line(&refusal.rule()).into_owned()
                ),
                theme.danger(),
                crate::t!("dialog-esc-closes"),
            )
        }
        Dialog::Message { title, text } => {
            wrapped(&for_terminal(text), Style::new(), &mut lines);
            (
                for_terminal_line(title).into_owned(),
                theme.accent(),
                crate::t!("dialog-esc-closes"),
            )
        }
        Dialog::Prompt(prompt) => {
            wrapped(&for_terminal(&prompt.text), Style::new(), &mut lines);
            let mut field = input_line(&prompt.input, text_width.saturating_sub(2), true, theme);
            field.spans.insert(0, Span::styled("> ", theme.accent()));
            lines.push(field);
            if let Some(error) = &prompt.error {
                wrapped(&for_terminal_line(error), theme.danger(), &mut lines);
            }
            (
                prompt.title.clone(),
                theme.accent(),
                crate::t!("dialog-prompt-hint"),
            )
        }
        Dialog::Picker {
            label,
            options,
            selected,
            ..
        } => {
            wrapped(&for_terminal_line(label), theme.bold(), &mut lines);
            for (index, option) in options.iter().enumerate() {
                let text = option
                    .as_deref()
                    .map_or_else(crate::model::FactValue::unknown_shown, |o| {
                        for_terminal_line(o).into_owned()
                    });
                let style = if index == *selected {
                    theme.selected()
                } else {
                    Style::new()
                };
                lines.push(Line::from(Span::styled(format!("  {text}  "), style)));
            }
            (
                crate::t!("dialog-pick"),
                theme.accent(),
                crate::t!("dialog-pick-hint"),
            )
        }
        Dialog::FactChooser(chooser) => {
            for (index, option) in chooser.options.iter().enumerate() {
                let text = format!(
                    "  {} · {}  ",
                    for_terminal_line(&option.label),
                    crate::app::fact_type_text(option.fact_type)
                );
                let style = if index == chooser.selected {
                    theme.selected()
                } else {
                    Style::new()
                };
                lines.push(Line::from(Span::styled(text, style)));
            }
            (
                crate::t!("dialog-fact-chooser"),
                theme.accent(),
                crate::t!("dialog-fact-chooser-hint"),
            )
        }
    };
    let _ = app;
    let height = (lines.len() as u16).saturating_add(2);
    let popup = centered(area, width, height);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(border)
                .title(format!(" {title} "))
                .title_bottom(format!(" {hint} ")),
        )
        .render(popup, buf);
}

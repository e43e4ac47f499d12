//! The case screen: header, blocker banners and warnings, the checklist by
//! phase, the selected step's detail and the facts. Side by side on a wide
//! terminal; stacked, showing the focused pane, on a narrow one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::app::persistence::LoadedCase;
use crate::app::{App, CaseScreen, Focus};
use crate::catalog::ValidPlaybook;
use crate::engine::{DerivedStatus, Evaluation, StepStatus, StepView};
use crate::model::Verdict;
use crate::sanitize::for_terminal_line;

use super::case_detail::{fact_detail, render_facts, step_detail};
use super::{Theme, shown_date, truncate, wrap};
use unicode_width::UnicodeWidthStr as _;

pub(super) fn render(app: &App, screen: &CaseScreen, area: Rect, buf: &mut Buffer, theme: Theme) {
    let Some(entry) = app.cases().get(&screen.id) else {
        Paragraph::new(format!(
            "{} is no longer there.",
            for_terminal_line(&screen.id)
        ))
        .render(area, buf);
        return;
    };
    let playbook = app.catalog().get(&entry.case.playbook);
    let (Some(playbook), Some(evaluation)) = (playbook, screen.evaluation.as_ref()) else {
        let text = format!(
            "{} follows playbook `{}`, which is not installed. The case is left untouched; install the playbook to work on it.",
            for_terminal_line(&entry.case.id),
            for_terminal_line(&entry.case.playbook)
        );
        Paragraph::new(Span::styled(text, theme.danger()))
            .wrap(Wrap { trim: true })
            .render(area, buf);
        return;
    };
    let header: Vec<Line> = header_lines(app, entry, playbook, evaluation, theme)
        .into_iter()
        .map(|line| super::truncate_line(line, usize::from(area.width)))
        .collect();
    let mut banners = super::notices::lines(app, &entry.case, playbook, area.width, theme);
    banners.extend(banner_lines(entry, evaluation, playbook, area.width, theme));
    let banner_room = (area.height / 3).max(1);
    let banner_height = (banners.len() as u16).min(banner_room);
    let header_height = (header.len() as u16).min(area.height);
    let [header_area, banner_area, body] = Layout::vertical([
        Constraint::Length(header_height),
        Constraint::Length(banner_height),
        Constraint::Fill(1),
    ])
    .areas(area);
    Paragraph::new(header).render(header_area, buf);
    render_banners(banners, banner_area, buf, theme);
    if body.is_empty() {
        return;
    }
    let wide = body.width >= 100 && body.height >= 10;
    if wide {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(body);
        let fact_rows = playbook.definition().facts.len() as u16 + 2;
        let [detail, facts] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(fact_rows.min(right.height / 2).max(3)),
        ])
        .areas(right);
        render_checklist(screen, evaluation, left, buf, theme);
        render_detail(app, screen, entry, playbook, evaluation, detail, buf, theme);
        render_facts(screen, entry, playbook, facts, buf, theme);
    } else if body.height >= 8 {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
        match screen.focus {
            Focus::Checklist => {
                render_checklist(screen, evaluation, top, buf, theme);
                render_detail(app, screen, entry, playbook, evaluation, bottom, buf, theme);
            }
            Focus::Facts => {
                render_checklist(screen, evaluation, top, buf, theme);
                render_facts(screen, entry, playbook, bottom, buf, theme);
            }
        }
    } else {
        match screen.focus {
            Focus::Checklist => render_checklist(screen, evaluation, body, buf, theme),
            Focus::Facts => render_facts(screen, entry, playbook, body, buf, theme),
        }
    }
}

fn status_style(status: DerivedStatus, theme: Theme) -> Style {
    match status {
        DerivedStatus::Blocked => theme.danger(),
        DerivedStatus::ChangesRequested => theme.warning(),
        DerivedStatus::InReview => theme.accent(),
        DerivedStatus::Done => theme.success(),
        DerivedStatus::OnHold => theme.warning(),
        DerivedStatus::InProgress | DerivedStatus::Cancelled => Style::new(),
    }
}

fn header_lines(
    app: &App,
    entry: &LoadedCase,
    playbook: &ValidPlaybook,
    evaluation: &Evaluation,
    theme: Theme,
) -> Vec<Line<'static>> {
    let case = &entry.case;
    let mut first = vec![
        Span::styled(for_terminal_line(&case.id).into_owned(), theme.accent()),
        Span::raw("  "),
        Span::styled(for_terminal_line(&case.title).into_owned(), theme.bold()),
    ];
    if case.demo {
        first.push(Span::styled(
            format!("  {}", crate::t!("case-demo")),
            theme.dim(),
        ));
    }
    first.extend(super::team_spans(app, theme));
    let definition = playbook.definition();
    let mut second = vec![
        Span::styled(
            evaluation.status.label(),
            status_style(evaluation.status, theme),
        ),
        Span::styled(" · ", theme.dim()),
        Span::raw(crate::t!(
            "case-progress",
            done = evaluation.progress.done,
            total = evaluation.progress.total
        )),
        Span::styled(" · ", theme.dim()),
    ];
    match evaluation.due {
        Some(due) if evaluation.overdue => second.push(Span::styled(
            crate::t!("case-overdue-since", date = shown_date(due)),
            theme.danger(),
        )),
        Some(due) => {
            let soon =
                crate::calendar::business_days_between(playbook.calendar(), app.today(), due) <= 1
                    && evaluation.status.is_pending();
            let style = if soon { theme.warning() } else { Style::new() };
            second.push(Span::styled(
                crate::t!("case-due", date = shown_date(due)),
                style,
            ));
        }
        None => second.push(Span::styled(crate::t!("case-no-due-date"), theme.dim())),
    }
    if let Some(set_by_hand) = &case.due_override {
        second.push(Span::styled(
            format!(
                " (set by hand by {by}: {reason})",
                by = for_terminal_line(&set_by_hand.by),
                reason = for_terminal_line(&set_by_hand.reason)
            ),
            theme.dim(),
        ));
    }
    second.push(Span::styled(" · ", theme.dim()));
    second.push(Span::raw(crate::t!(
        "case-assignee",
        person = for_terminal_line(&case.assignee).into_owned()
    )));
    second.push(Span::styled(" · ", theme.dim()));
    second.push(Span::styled(
        format!(
            "{} ({})",
            for_terminal_line(&definition.title),
            for_terminal_line(&definition.language)
        ),
        theme.dim(),
    ));
    let mut lines = vec![Line::from(first), Line::from(second)];
    if let Some(rejection) = &evaluation.changes_requested
        && evaluation.status == DerivedStatus::ChangesRequested
    {
        let step = definition
            .step(&rejection.step)
            .map_or(rejection.step.as_str(), |step| step.title.as_str());
        lines.push(Line::from(Span::styled(
            crate::t!(
                "case-changes-requested",
                by = for_terminal_line(&rejection.by).into_owned(),
                step = for_terminal_line(step).into_owned(),
                reason = for_terminal_line(&rejection.reason).into_owned()
            ),
            theme.warning(),
        )));
    }
    if let Some(reason) = &entry.read_only {
        lines.push(Line::from(Span::styled(
            crate::t!(
                "case-read-only",
                reason = for_terminal_line(reason).into_owned()
            ),
            theme.warning(),
        )));
    }
    lines
}

/// Blockers (with remedy and alternative), then warnings and problems with the file.
fn banner_lines(
    entry: &LoadedCase,
    evaluation: &Evaluation,
    playbook: &ValidPlaybook,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let width = width.max(4);
    let mut lines = Vec::new();
    let mut push_wrapped = |text: &str, style: Style, indent: &str| {
        for (index, part) in wrap(text, width - indent.len() as u16)
            .into_iter()
            .enumerate()
        {
            let prefix = if index == 0 {
                indent.to_string()
            } else {
                " ".repeat(indent.len())
            };
            lines.push(Line::from(Span::styled(format!("{prefix}{part}"), style)));
        }
    };
    for blocker in &evaluation.blockers {
        let scope = match &blocker.steps {
            None => String::new(),
            Some(steps) => {
                let titles: Vec<String> = steps
                    .iter()
                    .map(|id| {
                        playbook
                            .definition()
                            .step(id)
                            .map_or(id.clone(), |s| s.title.clone())
                    })
                    .collect();
                crate::t!("case-blocks-steps", steps = titles.join(", "))
            }
        };
        let text = crate::t!(
            "case-blocked-banner",
            reason = for_terminal_line(
                &blocker.short_reason_naming(&|fact| playbook.definition().fact_name(fact))
            )
            .into_owned(),
            scope = for_terminal_line(&scope).into_owned()
        );
        push_wrapped(&text, theme.banner(), " ");
        if !blocker.unanswered.is_empty() {
            push_wrapped(
                &crate::t!(
                    "case-blocked-then",
                    message = for_terminal_line(&blocker.message).into_owned()
                ),
                theme.danger(),
                "   ",
            );
        }
        if let Some(remedy) = &blocker.remedy {
            push_wrapped(
                &format!("→ {}", for_terminal_line(remedy)),
                theme.danger(),
                "   ",
            );
        }
        if let Some(alternative) = &blocker.alternative {
            push_wrapped(
                &crate::t!(
                    "case-open-alternative",
                    playbook = for_terminal_line(alternative).into_owned()
                ),
                theme.accent(),
                "   ",
            );
        }
    }
    for warning in &evaluation.warnings {
        push_wrapped(
            &format!("⚠ {}", for_terminal_line(&warning.message)),
            theme.warning(),
            " ",
        );
    }
    for text in evaluation
        .comparisons
        .iter()
        .filter_map(|comparison| comparison.explanation())
    {
        push_wrapped(
            &format!("= {}", for_terminal_line(&text)),
            theme.accent(),
            " ",
        );
    }
    for problem in &evaluation.fact_problems {
        push_wrapped(
            &format!(
                "⚠ {}",
                crate::t!(
                    "show-fact-problem",
                    fact = for_terminal_line(&problem.fact).into_owned(),
                    message = for_terminal_line(&problem.message).into_owned()
                )
            ),
            theme.warning(),
            " ",
        );
    }
    if !evaluation.orphan_steps.is_empty() {
        push_wrapped(
            &format!(
                "⚠ {}",
                crate::t!(
                    "case-orphan-steps",
                    version = playbook.definition().version.to_string(),
                    steps = for_terminal_line(&evaluation.orphan_steps.join(", ")).into_owned()
                )
            ),
            theme.warning(),
            " ",
        );
    }
    let _ = entry;
    lines
}

fn render_banners(lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer, theme: Theme) {
    if area.is_empty() {
        return;
    }
    let room = usize::from(area.height);
    let mut shown: Vec<Line> = lines.iter().take(room).cloned().collect();
    if lines.len() > room
        && let Some(last) = shown.last_mut()
    {
        let hidden: usize = lines.len() - room + 1;
        *last = Line::from(Span::styled(
            format!("… {}", crate::t!("case-more-lines", count = hidden)),
            theme.danger(),
        ));
    }
    Paragraph::new(shown).render(area, buf);
}

pub(super) fn pane(title: String, focused: bool, theme: Theme) -> Block<'static> {
    let block = Block::new().borders(Borders::ALL).title(title);
    if focused {
        block.border_style(theme.focused_border())
    } else {
        block.border_style(theme.border())
    }
}

/// The marker, the label and its style of a step's row.
fn step_marks(step: &StepView, theme: Theme) -> (&'static str, String, Style) {
    let rejected = step
        .record
        .as_ref()
        .and_then(|r| r.review.as_ref())
        .is_some_and(|review| review.verdict == Verdict::Rejected);
    match step.state {
        StepStatus::Done => ("[x]", crate::t!("step-done"), theme.success()),
        StepStatus::Skipped => ("[-]", crate::t!("step-skipped"), theme.dim()),
        StepStatus::NotApplicable => (" · ", crate::t!("step-not-applicable"), theme.dim()),
        StepStatus::Todo if step.locked => {
            let blocked = step
                .reasons
                .iter()
                .any(|r| matches!(r, crate::engine::LockReason::Blocked { .. }));
            let style = if blocked { theme.danger() } else { theme.dim() };
            ("[ ]", crate::t!("step-locked"), style)
        }
        StepStatus::Todo if step.awaiting_review => {
            ("[ ]", crate::t!("step-to-review"), theme.accent())
        }
        StepStatus::Todo if rejected => ("[ ]", crate::t!("step-rejected"), theme.warning()),
        StepStatus::Todo => ("[ ]", crate::t!("step-todo"), Style::new()),
    }
}

fn render_checklist(
    screen: &CaseScreen,
    evaluation: &Evaluation,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let focused = screen.focus == Focus::Checklist && screen.fact_input.is_none();
    let title = format!(
        " {} ",
        crate::t!(
            "pane-checklist",
            done = evaluation.progress.done,
            total = evaluation.progress.total
        )
    );
    let block = pane(title, focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.is_empty() {
        return;
    }
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    let mut selected_line = 0;
    for phase in &evaluation.phases {
        let count = format!(" {}/{}", phase.progress.done, phase.progress.total);
        let title = truncate(
            &for_terminal_line(&phase.title),
            width.saturating_sub(count.len()),
        );
        lines.push(Line::from(Span::styled(
            format!("{title}{count}"),
            theme.bold(),
        )));
        for (index, step) in evaluation.steps.iter().enumerate() {
            if step.phase != phase.id {
                continue;
            }
            let (marker, label, style) = step_marks(step, theme);
            let title_width = width.saturating_sub(4 + label.width() + 2);
            let title = truncate(&for_terminal_line(&step.title), title_width);
            let padding =
                title_width.saturating_sub(unicode_width::UnicodeWidthStr::width(title.as_str()));
            let title_style = match step.state {
                StepStatus::NotApplicable | StepStatus::Skipped => theme.dim(),
                StepStatus::Todo if step.locked => theme.dim(),
                _ => Style::new(),
            };
            let mut line = Line::from(vec![
                Span::styled(format!(" {marker}"), style),
                Span::raw(" "),
                Span::styled(title, title_style),
                Span::raw(" ".repeat(padding + 1)),
                Span::styled(label, style),
            ]);
            if index == screen.step {
                selected_line = lines.len();
                line = line.style(if focused {
                    theme.selected()
                } else {
                    theme.selected_unfocused()
                });
            }
            lines.push(line);
        }
    }
    let height = usize::from(inner.height);
    let offset = (selected_line + 1).saturating_sub(height);
    Paragraph::new(lines)
        .scroll((offset as u16, 0))
        .render(inner, buf);
}

#[allow(clippy::too_many_arguments)]
fn render_detail(
    app: &App,
    screen: &CaseScreen,
    entry: &LoadedCase,
    playbook: &ValidPlaybook,
    evaluation: &Evaluation,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    if screen.focus == Focus::Facts {
        let fact = playbook.definition().facts.get(screen.fact);
        let block = pane(format!(" {} ", crate::t!("pane-fact")), false, theme);
        let lines = fact
            .map(|fact| fact_detail(fact, entry, theme))
            .unwrap_or_default();
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block)
            .render(area, buf);
        return;
    }
    let Some(step) = evaluation.steps.get(screen.step) else {
        pane(format!(" {} ", crate::t!("pane-step")), false, theme).render(area, buf);
        return;
    };
    let lines = step_detail(app, entry, playbook, step, theme);
    let inner_width = area.width.saturating_sub(2);
    let inner_height = usize::from(area.height.saturating_sub(2));
    let rows: usize = lines
        .iter()
        .map(|line| {
            let text: String = line
                .spans
                .iter()
                .map(|span| span.content.as_ref())
                .collect();
            wrap(&text, inner_width).len()
        })
        .sum();
    let last_start = rows.saturating_sub(inner_height);
    let scroll = usize::from(screen.detail_scroll).min(last_start);
    let title = match (scroll > 0, scroll < last_start) {
        (_, true) => format!(" {} ", crate::t!("pane-step-more")),
        (true, false) => format!(" {} ", crate::t!("pane-step-back")),
        (false, false) => format!(" {} ", crate::t!("pane-step")),
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
        .block(pane(title.to_string(), false, theme))
        .render(area, buf);
}

//! Making a change to a case: `engine::apply` on a copy, then a save that
//! names the version the change was made on, so an edit that raced another
//! is refused and offered again rather than lost. Also undo, and taking in
//! case files changed on disk.

use crate::engine::{self, Change, Refusal};
use crate::model::{CaseStatus, Event, EventKind, StepState};
use crate::sanitize::for_terminal_line;

use super::persistence::{DiskChange, LoadedCase, SaveError};
use super::{Action, App, Dialog, Pending, Screen, Tone, UndoEntry, case_view, queue};

/// Why a change did not land.
#[derive(Debug)]
pub(super) enum Failure {
    /// A rule forbids it; the caller shows it where it fits.
    Refused(Refusal),
    /// Already shown to the user (a conflict, a store error, a read-only case).
    Shown,
}

/// Applies `change` to case `id` and saves it; on success the case, its
/// summary, the queue and the open case screen are up to date.
pub(super) fn change_case(
    app: &mut App,
    id: &str,
    change: Change,
    undoes: Option<u64>,
) -> Result<Event, Failure> {
    if app.cases.index_of(id).is_none() {
        app.say(Tone::Error, crate::t!("app-case-gone", case = id));
        return Err(Failure::Shown);
    }
    if !app.load_case(id) {
        return Err(Failure::Shown);
    }
    let Some(entry) = app.cases.get(id) else {
        return Err(Failure::Shown);
    };
    if let Some(reason) = &entry.read_only {
        app.dialog = Some(Dialog::message(
            &crate::t!("app-read-only-title"),
            crate::t!("app-read-only", case = id, reason = reason.as_str()),
        ));
        return Err(Failure::Shown);
    }
    let Some(playbook) = app.catalog.get(&entry.case.playbook) else {
        let playbook = entry.case.playbook.clone();
        app.dialog = Some(Dialog::message(
            "Playbook not installed",
            format!(
                "{id} follows playbook `{playbook}`, which is not installed; the case is left untouched. Install the playbook to work on it."
            ),
        ));
        return Err(Failure::Shown);
    };
    let before = entry.clone();
    let mut case = entry.case.clone();
    let mut actor = app.actor();
    actor.undoes = undoes;
    let description = describe(&change, app, id);
    let event = engine::apply(playbook, &mut case, change.clone(), &actor).map_err(|refusal| {
        crate::logging::refused(id, &refusal);
        Failure::Refused(refusal)
    })?;
    app.persistence.save(&case, &before.fingerprint);
    app.time.now = actor.now;
    // Shown at once; put back as it was if the save fails. Keys wait for
    // the answer, so nothing builds on this version before it is saved.
    let applied = LoadedCase {
        case,
        ..before.clone()
    };
    let evaluation = app.cases.put(applied, &app.catalog, app.today());
    queue::refresh(app);
    case_view::set_evaluation(app, id, evaluation);
    app.saving = Some(OutstandingSave {
        case: id.to_string(),
        change,
        description,
        event: event.clone(),
        undoes,
        before: Box::new(before),
        holder: None,
    });
    Ok(event)
}

/// A change handed to the disk thread whose save is not answered yet.
#[derive(Debug, Clone)]
pub(super) struct OutstandingSave {
    pub case: String,
    change: Change,
    description: String,
    event: Event,
    undoes: Option<u64>,
    /// The case as it was before the change, put back if nothing was written.
    before: Box<LoadedCase>,
    /// Who holds the case's lock, when known (see `Persistence::lock_holder`).
    pub holder: Option<String>,
}

impl OutstandingSave {
    /// "waiting for MIG-0001 (held by pid 4242, bob)".
    pub fn waiting_text(&self) -> String {
        match &self.holder {
            Some(holder) => crate::t!(
                "app-waiting-held",
                case = self.case.as_str(),
                holder = holder.as_str()
            ),
            None => crate::t!("app-waiting", case = self.case.as_str()),
        }
    }
}

/// Whether `action` is answered at once while a save is outstanding: the
/// question whether to quit without it, and going back a screen when no
/// key waits before it (so `q` always answers); every other key waits for
/// the save and then works on the case as saved.
pub(super) fn answers_while_saving(app: &App, action: &Action) -> bool {
    let quitting = matches!(
        app.dialog,
        Some(Dialog::Confirm {
            pending: Pending::QuitUnsaved,
            ..
        })
    );
    quitting || (*action == Action::Back && app.dialog.is_none() && app.deferred.is_empty())
}

/// `q`: quits, unless a change is still waiting to be saved, which it asks
/// about first (asked twice, it quits).
pub(super) fn quit(app: &mut App) {
    let Some(saving) = &app.saving else {
        app.should_quit = true;
        return;
    };
    if answers_while_saving(app, &Action::Quit) && app.dialog.is_some() {
        app.should_quit = true;
        return;
    }
    app.dialog = Some(Dialog::Confirm {
        title: crate::t!("app-not-saved-yet-title"),
        text: crate::t!(
            "app-not-saved-yet",
            what = saving.description.as_str(),
            waiting = saving.waiting_text()
        ),
        pending: Pending::QuitUnsaved,
    });
}

/// The disk thread answered the save of case `id`.
pub(super) fn saved(app: &mut App, id: &str, outcome: Result<Box<LoadedCase>, SaveError>) {
    let Some(saving) = app.saving.take_if(|saving| saving.case == id) else {
        return;
    };
    let OutstandingSave {
        change,
        description,
        event,
        undoes,
        before,
        ..
    } = saving;
    let stored = match outcome {
        Ok(stored) => stored,
        Err(error) => {
            let dropped = app.deferred.len();
            app.deferred.clear();
            not_saved(app, id, error, change, &description, *before, dropped);
            return;
        }
    };
    let evaluation = app.cases.put(*stored, &app.catalog, app.today());
    queue::refresh(app);
    case_view::set_evaluation(app, id, evaluation);
    super::team_sync::case_saved(app);
    let undoable = matches!(
        event.action,
        EventKind::SetFact
            | EventKind::Check
            | EventKind::Uncheck
            | EventKind::Skip
            | EventKind::Status
            | EventKind::Assign
            | EventKind::Rename
            | EventKind::Due
    );
    if undoes.is_none() && undoable {
        app.undo.push(UndoEntry {
            case: id.to_string(),
            seq: event.seq,
        });
    }
}

/// Says a change was not saved, and offers it again where that is safe.
fn not_saved(
    app: &mut App,
    id: &str,
    error: SaveError,
    change: Change,
    description: &str,
    before: LoadedCase,
    dropped: usize,
) {
    let dropped = match dropped {
        0 => String::new(),
        count => format!(" {}", crate::t!("app-keys-dropped", count = count)),
    };
    match error {
        SaveError::Conflict => {
            crate::logging::not_saved(id, "the file changed on disk meanwhile");
            reload_one(app, id);
            app.dialog = Some(Dialog::Confirm {
                title: crate::t!("app-changed-on-disk-title"),
                text: crate::t!(
                    "app-changed-on-disk",
                    case = id,
                    what = description,
                    dropped = dropped.as_str()
                ),
                pending: Pending::Retry {
                    case: id.to_string(),
                    change,
                },
            });
        }
        SaveError::Failed(message) => {
            crate::logging::not_saved(id, &message);
            let evaluation = app.cases.put(before, &app.catalog, app.today());
            queue::refresh(app);
            case_view::set_evaluation(app, id, evaluation);
            // The change is kept with the dialog, so that once the cause is
            // fixed (disk space, permissions) it is saved without typing it again.
            app.dialog = Some(Dialog::Confirm {
                title: crate::t!("app-not-saved-title"),
                text: crate::t!(
                    "app-not-saved",
                    case = id,
                    what = description,
                    message = message.as_str(),
                    dropped = dropped.as_str()
                ),
                pending: Pending::Retry {
                    case: id.to_string(),
                    change,
                },
            });
        }
        SaveError::Written(message) => {
            tracing::warn!(target: "migdesk::save", case = %crate::logging::clean(id), reason = %crate::logging::clean(&message), "saved, but not safe yet");
            reload_one(app, id);
            app.dialog = Some(Dialog::message(
                &crate::t!("app-saved-not-safe-title"),
                format!("{message}{dropped}"),
            ));
        }
    }
}

/// Like `change_case`, showing a refusal in a dialog; true when it landed.
pub(super) fn change_or_explain(app: &mut App, id: &str, change: Change) -> bool {
    match change_case(app, id, change, None) {
        Ok(_) => true,
        Err(Failure::Refused(refusal)) => {
            app.dialog = Some(Dialog::Refused(refusal));
            false
        }
        Err(Failure::Shown) => false,
    }
}

/// A change in words, for messages: `tick “Créer l’opportunité”`.
pub(super) fn describe(change: &Change, app: &App, id: &str) -> String {
    let playbook = app
        .cases
        .get(id)
        .and_then(|entry| app.catalog.get(&entry.case.playbook));
    let step_title = |step: &str| {
        let title = playbook
            .and_then(|p| p.definition().step(step))
            .map_or(step, |s| s.title.as_str());
        crate::t!("quoted", text = for_terminal_line(title).into_owned())
    };
    let fact_name = |fact: &str| match playbook {
        Some(playbook) => for_terminal_line(&playbook.definition().fact_name(fact)).into_owned(),
        None => for_terminal_line(fact).into_owned(),
    };
    match change {
        Change::SetFact {
            fact,
            value: Some(value),
        } => crate::t!(
            "change-set-fact",
            fact = fact_name(fact),
            value = for_terminal_line(&value.shown()).into_owned()
        ),
        Change::SetFact { fact, value: None } => crate::t!(
            "change-set-fact",
            fact = fact_name(fact),
            value = crate::model::FactValue::unknown_shown()
        ),
        Change::Check { step, .. } => crate::t!("change-tick", step = step_title(step)),
        Change::Uncheck { step } => crate::t!("change-untick", step = step_title(step)),
        Change::Skip { step, .. } => crate::t!("change-skip", step = step_title(step)),
        Change::Note { .. } => crate::t!("change-note"),
        Change::Review {
            step,
            verdict: crate::model::Verdict::Approved,
            ..
        } => crate::t!("change-approve", step = step_title(step)),
        Change::Review {
            step,
            verdict: crate::model::Verdict::Rejected,
            ..
        } => crate::t!("change-reject", step = step_title(step)),
        Change::SetStatus { status, .. } => status_text(*status),
        Change::Rename { title } => crate::t!(
            "change-rename",
            title = for_terminal_line(title).into_owned()
        ),
        Change::SetDue { due: Some(due), .. } => crate::t!("change-due", date = due.to_string()),
        Change::SetDue { due: None, .. } => crate::t!("change-due-playbook"),
        Change::Resolve { .. } => crate::t!("change-resolve"),
        Change::Assign { assignee } => crate::t!(
            "change-assign",
            person = for_terminal_line(assignee).into_owned()
        ),
    }
}

fn status_text(status: CaseStatus) -> String {
    match status {
        CaseStatus::OnHold => crate::t!("change-hold"),
        CaseStatus::Cancelled => crate::t!("change-cancel"),
        CaseStatus::Open => crate::t!("change-reopen"),
    }
}

/// Reverses the last change made to case `id` in this session, through
/// `apply` with `undoes` set, so the history records it as an undo.
pub(super) fn undo(app: &mut App, id: &str) {
    let Some(position) = app.undo.iter().rposition(|entry| entry.case == id) else {
        app.say(Tone::Info, crate::t!("app-nothing-to-undo"));
        return;
    };
    let seq = app.undo[position].seq;
    let inverse = match app.cases.get(id).map(|entry| inverse_of(&entry.case, seq)) {
        Some(Ok(change)) => change,
        Some(Err(reason)) => {
            app.undo.remove(position);
            app.say(Tone::Error, crate::t!("app-cannot-undo", reason = reason));
            return;
        }
        None => return,
    };
    // The message names what was undone, not the change that undid it.
    let undone = (app.cases.get(id))
        .and_then(|entry| entry.case.history.iter().find(|event| event.seq == seq))
        .and_then(change_of)
        .map(|original| describe(&original, app, id))
        .unwrap_or_else(|| describe(&inverse, app, id));
    match change_case(app, id, inverse, Some(seq)) {
        Ok(_) => {
            app.undo.remove(position);
            app.say(Tone::Success, crate::t!("app-undone", what = undone));
        }
        Err(Failure::Refused(refusal)) => app.dialog = Some(Dialog::Refused(refusal)),
        Err(Failure::Shown) => {}
    }
}

/// The change event `event` made, as far as undo needs to name it.
fn change_of(event: &Event) -> Option<Change> {
    let step = || event.step.clone().unwrap_or_default();
    let to = || {
        event
            .to
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    Some(match event.action {
        EventKind::SetFact => Change::SetFact {
            fact: event.fact.clone().unwrap_or_default(),
            value: event.to.clone(),
        },
        EventKind::Check => Change::Check {
            step: step(),
            note: None,
            acknowledged: false,
        },
        EventKind::Uncheck => Change::Uncheck { step: step() },
        EventKind::Skip => Change::Skip {
            step: step(),
            reason: String::new(),
            acknowledged: false,
        },
        EventKind::Status => Change::SetStatus {
            status: match to().as_str() {
                "on_hold" => CaseStatus::OnHold,
                "cancelled" => CaseStatus::Cancelled,
                _ => CaseStatus::Open,
            },
            reason: None,
        },
        EventKind::Assign => Change::Assign { assignee: to() },
        EventKind::Rename => Change::Rename { title: to() },
        EventKind::Due => Change::SetDue {
            due: event
                .to
                .as_ref()
                .and_then(|date| date.to_string().parse().ok()),
            reason: String::new(),
        },
        EventKind::Created | EventKind::Note | EventKind::Review | EventKind::Resolve => {
            return None;
        }
    })
}

/// The change that reverses event `seq`, if the case still stands where that event left it.
fn inverse_of(case: &crate::model::Case, seq: u64) -> Result<Change, String> {
    let event = case
        .history
        .iter()
        .find(|event| event.seq == seq)
        .ok_or_else(|| "the change is no longer in the case's history".to_string())?;
    let step = || event.step.clone().unwrap_or_default();
    match event.action {
        EventKind::SetFact => {
            let fact = event.fact.clone().unwrap_or_default();
            if case.facts.get(&fact) != event.to.as_ref() {
                return Err(format!("`{fact}` was changed again since; set it by hand"));
            }
            Ok(Change::SetFact {
                fact,
                value: event.from.clone(),
            })
        }
        EventKind::Check | EventKind::Skip => {
            let expected = if event.action == EventKind::Check {
                StepState::Done
            } else {
                StepState::Skipped
            };
            if case.step_state(&step()) != expected {
                return Err(format!("step `{}` was changed again since", step()));
            }
            Ok(Change::Uncheck { step: step() })
        }
        EventKind::Uncheck => {
            let before = case
                .history
                .iter()
                .rev()
                .filter(|e| e.seq < seq && e.step == event.step)
                .find(|e| matches!(e.action, EventKind::Check | EventKind::Skip))
                .ok_or_else(|| format!("step `{}` was never ticked", step()))?;
            Ok(match before.action {
                EventKind::Skip => Change::Skip {
                    step: step(),
                    reason: before.text.clone().unwrap_or_default(),
                    acknowledged: before.acknowledged.is_some(),
                },
                _ => Change::Check {
                    step: step(),
                    note: before.text.clone(),
                    acknowledged: before.acknowledged.is_some(),
                },
            })
        }
        EventKind::Status => {
            let previous = match event.from.as_ref().and_then(|v| v.as_text()) {
                Some("on_hold") => CaseStatus::OnHold,
                Some("cancelled") => CaseStatus::Cancelled,
                _ => CaseStatus::Open,
            };
            Ok(Change::SetStatus {
                status: previous,
                reason: None,
            })
        }
        EventKind::Assign => Ok(Change::Assign {
            assignee: event
                .from
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        }),
        EventKind::Due => {
            let now = case.due_override.as_ref().map(|set| set.date.to_string());
            if now != event.to.as_ref().map(ToString::to_string) {
                return Err("the due date was changed again since; set it by hand".into());
            }
            Ok(Change::SetDue {
                due: event
                    .from
                    .as_ref()
                    .and_then(|date| date.to_string().parse().ok()),
                reason: "undone".to_string(),
            })
        }
        EventKind::Rename => {
            if event.to.as_ref().map(ToString::to_string).as_deref() != Some(case.title.as_str()) {
                return Err("the title was changed again since; rename it by hand".into());
            }
            Ok(Change::Rename {
                title: event
                    .from
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            })
        }
        EventKind::Note => {
            Err("a note stays in the history; add another note to correct it".into())
        }
        EventKind::Review => Err("a review stays; ask a reviewer to review again".into()),
        EventKind::Created => Err("the case's creation cannot be undone".into()),
        EventKind::Resolve => Err("a resolved merge notice stays resolved".into()),
    }
}

/// Reads case `id` again from the store (after a conflict).
fn reload_one(app: &mut App, id: &str) {
    match app.persistence.load(id) {
        Ok(stored) => {
            let evaluation = app.cases.put(stored, &app.catalog, app.today());
            queue::refresh(app);
            case_view::set_evaluation(app, id, evaluation);
        }
        Err(error) => app.say(
            Tone::Error,
            crate::t!("app-cannot-reread", case = id, error = error.to_string()),
        ),
    }
}

/// Takes in case files changed on disk by someone else.
pub(super) fn reload_from_disk(app: &mut App, changes: Vec<DiskChange>) {
    let open = app.case_screen().map(|screen| screen.id.clone());
    for change in changes {
        match change {
            DiskChange::Changed(stored) => {
                let id = stored.case.id.clone();
                let Some(known) = app.cases.get(&id).map(|entry| entry.fingerprint) else {
                    // Not read in full this session: only its summary is held.
                    app.cases.summarise(&stored, &app.catalog, app.today());
                    continue;
                };
                // The app's own earlier save, reported late, is not news.
                if known == stored.fingerprint || app.persistence.wrote(&id, &stored.fingerprint) {
                    continue;
                }
                let evaluation = app.cases.put(*stored, &app.catalog, app.today());
                case_view::set_evaluation(app, &id, evaluation);
                if open.as_deref() == Some(id.as_str()) {
                    let text = match app.team.as_ref().and_then(|team| team.arrival(&id)) {
                        Some(arrival) => super::team_sync::reloaded_arrival_text(arrival),
                        None => crate::t!("app-reloaded", case = id.as_str()),
                    };
                    app.say(Tone::Info, text);
                }
            }
            DiskChange::Removed(id) => {
                app.cases.remove(&id);
                if open.as_deref() == Some(id.as_str()) {
                    app.screens
                        .retain(|screen| !matches!(screen, Screen::Case(s) if s.id == id));
                    app.say(Tone::Error, crate::t!("app-deleted", case = id.as_str()));
                }
            }
        }
    }
    queue::refresh(app);
}

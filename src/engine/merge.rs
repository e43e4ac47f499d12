//! Merging versions of one case edited on several machines. A case's
//! history is a log of events with ids unique across machines; the merge is
//! the union of the versions' events (by id), ordered by Lamport clock then
//! id, replayed through [`apply`] onto the case as it was created. The
//! result depends only on the set of events (and the highest revision), so
//! merging is commutative, associative and idempotent, and every machine
//! converges on the same bytes. An event the replay refuses becomes a
//! [`MergeNotice`] on the case, kept whole, never dropped.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use crate::catalog::ValidPlaybook;
use crate::model::case::CASE_SCHEMA;
use crate::model::event_id::{event_clock, event_id};
use crate::model::{
    Case, CaseStatus, Event, EventKind, FactValue, MergeNotice, NoticeSide, Resolution, StepState,
};

use super::apply::{Actor, Change, apply};
use super::refusal::{Refusal, RefusalReason};

/// Why versions could not be merged at all (nothing is written then).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    pub message: String,
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MergeError {}

/// One event of the union, independent of any machine's numbering.
#[derive(Debug, Clone)]
struct Incoming {
    id: String,
    clock: u64,
    /// With `seq` 0 and no `undoes`: those are one history's numbering.
    event: Event,
    /// The id of the event it undoes.
    undoes: Option<String>,
}

/// Merges `versions` of one case (at least one) into the case every
/// machine agrees on.
pub fn merge(playbook: &ValidPlaybook, versions: &[&Case]) -> Result<Case, MergeError> {
    let first = versions.first().ok_or_else(|| MergeError {
        message: "nothing to merge".to_string(),
    })?;
    if let Some(other) = versions.iter().find(|case| case.id != first.id) {
        return Err(MergeError {
            message: format!("{} and {} are different cases", first.id, other.id),
        });
    }
    if let Some(newer) = versions.iter().find(|case| case.schema > CASE_SCHEMA) {
        return Err(MergeError {
            message: format!(
                "{} is in case schema {}, newer than this version's {CASE_SCHEMA}; upgrade migdesk to merge it",
                newer.id, newer.schema
            ),
        });
    }
    let events = union(versions);
    let (created, rest): (Vec<Incoming>, Vec<Incoming>) = events
        .into_iter()
        .partition(|incoming| incoming.event.action == EventKind::Created);
    if created.len() > 1 {
        return Err(MergeError {
            message: format!(
                "two different cases were both created as {} (by {} and by {}); rename one of the files to a free id by hand",
                first.id, created[0].event.by, created[1].event.by
            ),
        });
    }
    let header = versions
        .iter()
        .max_by_key(|case| header_key(case))
        .unwrap_or(first);
    let mut case = blank(header, versions);
    if let Some(created) = created.first() {
        record_replayed(&mut case, created.event.clone(), created);
    }
    let mut replayed_seq: HashMap<String, u64> = HashMap::new();
    for incoming in rest {
        replay(playbook, &mut case, &incoming, &mut replayed_seq);
    }
    Ok(case)
}

/// Every event of every version, once, ordered by clock then id.
fn union(versions: &[&Case]) -> Vec<Incoming> {
    let mut by_id: BTreeMap<String, Incoming> = BTreeMap::new();
    for case in versions {
        let id_of_seq: HashMap<u64, String> = case
            .history
            .iter()
            .map(|event| (event.seq, event_id(&case.id, event)))
            .collect();
        let from_history = case.history.iter().map(|event| Incoming {
            id: event_id(&case.id, event),
            clock: event_clock(event),
            event: normalised(event),
            undoes: event.undoes.and_then(|seq| id_of_seq.get(&seq).cloned()),
        });
        let from_notices = case.merge_notices.iter().map(|notice| Incoming {
            id: notice.id.clone(),
            clock: event_clock(&notice.event),
            event: normalised(&notice.event),
            undoes: notice.undoes_event.clone(),
        });
        for incoming in from_history.chain(from_notices) {
            match by_id.get(&incoming.id) {
                // One id, two different records of it (an edited file):
                // the same choice on every machine, whatever the order.
                Some(existing) if canonical(&existing.event) <= canonical(&incoming.event) => {}
                _ => {
                    by_id.insert(incoming.id.clone(), incoming);
                }
            }
        }
    }
    let mut events: Vec<Incoming> = by_id.into_values().collect();
    events.sort_by(|a, b| (a.clock, &a.id).cmp(&(b.clock, &b.id)));
    events
}

fn normalised(event: &Event) -> Event {
    let mut event = event.clone();
    event.seq = 0;
    event.undoes = None;
    event.id = None;
    event.clock = None;
    event
}

fn canonical(event: &Event) -> String {
    serde_json::to_string(event).unwrap_or_default()
}

/// The fields no event changes; if versions disagree (a hand edit), the
/// greatest wins on every machine alike.
fn header_key(case: &Case) -> (u32, u32, String, String, String, String, bool) {
    (
        case.schema,
        case.playbook_version,
        case.playbook.clone(),
        case.title.clone(),
        case.assignee.clone(),
        case.created.to_rfc3339(),
        case.demo,
    )
}

/// The case as created, before any event: what the replay starts from.
fn blank(header: &Case, versions: &[&Case]) -> Case {
    Case {
        schema: header.schema,
        id: header.id.clone(),
        playbook: header.playbook.clone(),
        playbook_version: header.playbook_version,
        title: header.title.clone(),
        assignee: header.assignee.clone(),
        created: header.created,
        // A playbook without timing never changes the due date: it is the header's.
        due: header.due,
        due_override: None,
        status: CaseStatus::Open,
        demo: header.demo,
        revision: versions.iter().map(|case| case.revision).max().unwrap_or(1),
        facts: BTreeMap::new(),
        steps: BTreeMap::new(),
        notes: Vec::new(),
        history: Vec::new(),
        merge_notices: Vec::new(),
    }
}

/// Appends `event` with the incoming event's id and clock, not new ones.
fn record_replayed(case: &mut Case, mut event: Event, incoming: &Incoming) -> u64 {
    event.seq = case.next_seq();
    event.id = Some(incoming.id.clone());
    event.clock = Some(incoming.clock);
    let seq = event.seq;
    case.history.push(event);
    seq
}

fn replay(
    playbook: &ValidPlaybook,
    case: &mut Case,
    incoming: &Incoming,
    replayed_seq: &mut HashMap<String, u64>,
) {
    let event = &incoming.event;
    if event.action == EventKind::Resolve
        && !case
            .merge_notices
            .iter()
            .any(|notice| Some(&notice.id) == event.resolves.as_ref())
    {
        // In this order the change it resolved went through: nothing to
        // resolve, but the event stays in the history.
        let seq = record_replayed(case, event.clone(), incoming);
        replayed_seq.insert(incoming.id.clone(), seq);
        return;
    }
    let outcome = change_of(event)
        .and_then(|change| concurrent_change(case, event).map(|()| change))
        .and_then(|change| {
            let mut actor = actor_of(case, event);
            actor.undoes = incoming
                .undoes
                .as_ref()
                .and_then(|target| replayed_seq.get(target).copied());
            apply(playbook, case, change, &actor)
        });
    match outcome {
        Ok(_) => {
            // `apply` recorded it with a fresh clock and id: it keeps its own.
            if let Some(last) = case.history.last_mut() {
                last.id = Some(incoming.id.clone());
                last.clock = Some(incoming.clock);
                replayed_seq.insert(incoming.id.clone(), last.seq);
            }
        }
        Err(refusal) => {
            let notice = notice_of(case, incoming, refusal);
            case.merge_notices.push(notice);
        }
    }
}

/// The person who made `event`, at the time they made it, on the case's clock.
fn actor_of(case: &Case, event: &Event) -> Actor {
    let offset = *case.created.offset();
    Actor {
        name: event.by.clone(),
        now: event.at,
        today: event.at.with_timezone(&offset).date_naive(),
        utc_offset: offset,
        undoes: None,
        // The role was checked on the machine that made the review.
        roles: None,
    }
}

/// The change an event records.
fn change_of(event: &Event) -> Result<Change, Refusal> {
    let incomplete = |field: &str| {
        Refusal::new(
            RefusalReason::Incomplete,
            format!("the {} event has no `{field}`", event.action),
            "fix the case file by hand".to_string(),
        )
    };
    let step = || event.step.clone().ok_or_else(|| incomplete("step"));
    Ok(match event.action {
        EventKind::SetFact => Change::SetFact {
            fact: event.fact.clone().ok_or_else(|| incomplete("fact"))?,
            value: event.to.clone(),
        },
        EventKind::Check => Change::Check {
            step: step()?,
            note: event.text.clone(),
            acknowledged: event.acknowledged.is_some(),
        },
        EventKind::Uncheck => Change::Uncheck { step: step()? },
        EventKind::Skip => Change::Skip {
            step: step()?,
            reason: event.text.clone().unwrap_or_default(),
            acknowledged: event.acknowledged.is_some(),
        },
        EventKind::Note => Change::Note {
            text: event.text.clone().unwrap_or_default(),
        },
        EventKind::Review => Change::Review {
            step: step()?,
            verdict: event.verdict.ok_or_else(|| incomplete("verdict"))?,
            reason: event.text.clone().unwrap_or_default(),
        },
        EventKind::Status => Change::SetStatus {
            status: status_named(event.to.as_ref()).ok_or_else(|| incomplete("to"))?,
            reason: event.text.clone(),
        },
        EventKind::Due => Change::SetDue {
            due: match event.to.as_ref() {
                Some(value) => Some(value.to_string().parse().map_err(|_| incomplete("to"))?),
                None => None,
            },
            reason: event.text.clone().unwrap_or_default(),
        },
        EventKind::Rename => Change::Rename {
            title: event
                .to
                .as_ref()
                .map(ToString::to_string)
                .ok_or_else(|| incomplete("to"))?,
        },
        EventKind::Assign => Change::Assign {
            assignee: event
                .to
                .as_ref()
                .map(ToString::to_string)
                .ok_or_else(|| incomplete("to"))?,
        },
        EventKind::Resolve => Change::Resolve {
            notice: event
                .resolves
                .clone()
                .ok_or_else(|| incomplete("resolves"))?,
            note: event.text.clone(),
        },
        EventKind::Created => {
            return Err(Refusal::new(
                RefusalReason::Created,
                "a case is created only once".to_string(),
                "fix the case file by hand".to_string(),
            ));
        }
    })
}

fn status_named(value: Option<&FactValue>) -> Option<CaseStatus> {
    match value?.as_text()? {
        "open" => Some(CaseStatus::Open),
        "on_hold" => Some(CaseStatus::OnHold),
        "cancelled" => Some(CaseStatus::Cancelled),
        _ => None,
    }
}

/// A fact or status change made from a value the case no longer has:
/// someone else changed it meanwhile. `apply` would take it (it is a valid
/// change), but keeping the later one would silently drop the other's.
fn concurrent_change(case: &Case, event: &Event) -> Result<(), Refusal> {
    let (current, subject) = match event.action {
        EventKind::SetFact => {
            let fact = event.fact.clone().unwrap_or_default();
            (case.facts.get(&fact).cloned(), format!("fact `{fact}`"))
        }
        EventKind::Status => (
            Some(FactValue::Text(case.status.to_string())),
            "the status".to_string(),
        ),
        EventKind::Rename => (
            Some(FactValue::Text(case.title.clone())),
            "the title".to_string(),
        ),
        EventKind::Due => (
            (case.due_override.as_ref()).map(|set| FactValue::Text(set.date.to_string())),
            "the due date".to_string(),
        ),
        _ => return Ok(()),
    };
    if current == event.from || current == event.to {
        // Unchanged since, or already what this change wanted (`apply` says so).
        return Ok(());
    }
    Err(Refusal::new(
        RefusalReason::Concurrent,
        format!(
            "{subject} was changed to {} on another machine while this change set it from {} to {}",
            shown(current.as_ref()),
            shown(event.from.as_ref()),
            shown(event.to.as_ref())
        ),
        "check which value is right, set it, and resolve the notice".to_string(),
    ))
}

fn shown(value: Option<&FactValue>) -> String {
    value.map_or_else(|| "unknown".to_string(), ToString::to_string)
}

fn notice_of(case: &Case, incoming: &Incoming, refusal: Refusal) -> MergeNotice {
    let event = &incoming.event;
    let agreed = refusal.reason == RefusalReason::Unchanged;
    let mut stored = event.clone();
    stored.id = Some(incoming.id.clone());
    stored.clock = Some(incoming.clock);
    MergeNotice {
        id: incoming.id.clone(),
        step: event.step.clone(),
        fact: event.fact.clone(),
        rule: refusal.rule(),
        message: refusal.message,
        kept: kept_side(case, event),
        refused: NoticeSide {
            value: wanted(event),
            by: Some(event.by.clone()),
            at: Some(event.at),
        },
        agreed,
        resolved: None,
        event: stored,
        undoes_event: incoming.undoes.clone(),
    }
}

/// What the refused event wanted, as a person reads it.
fn wanted(event: &Event) -> Option<String> {
    match event.action {
        EventKind::SetFact
        | EventKind::Status
        | EventKind::Assign
        | EventKind::Rename
        | EventKind::Due => Some(shown(event.to.as_ref())),
        EventKind::Check => Some("done".to_string()),
        EventKind::Skip => Some(format!(
            "skipped: {}",
            event.text.clone().unwrap_or_default()
        )),
        EventKind::Uncheck => Some("todo".to_string()),
        EventKind::Review => event.verdict.map(|verdict| verdict.to_string()),
        EventKind::Note | EventKind::Resolve | EventKind::Created => event.text.clone(),
    }
}

/// The case's value for the refused event's subject, and the last event that set it.
fn kept_side(case: &Case, event: &Event) -> NoticeSide {
    let same_subject = |other: &&Event| match event.action {
        EventKind::SetFact => other.action == EventKind::SetFact && other.fact == event.fact,
        EventKind::Status => other.action == EventKind::Status,
        EventKind::Assign => other.action == EventKind::Assign,
        EventKind::Rename => other.action == EventKind::Rename,
        EventKind::Due => other.action == EventKind::Due,
        EventKind::Check | EventKind::Uncheck | EventKind::Skip | EventKind::Review => {
            other.step.is_some() && other.step == event.step
        }
        EventKind::Note | EventKind::Resolve | EventKind::Created => false,
    };
    let last = case.history.iter().rev().find(same_subject);
    let value = match event.action {
        EventKind::SetFact => Some(shown(
            event.fact.as_ref().and_then(|fact| case.facts.get(fact)),
        )),
        EventKind::Status => Some(case.status.to_string()),
        EventKind::Assign => Some(case.assignee.clone()),
        EventKind::Rename => Some(case.title.clone()),
        EventKind::Due => Some(shown(
            (case.due_override.as_ref())
                .map(|set| FactValue::Text(set.date.to_string()))
                .as_ref(),
        )),
        EventKind::Check | EventKind::Uncheck | EventKind::Skip | EventKind::Review => {
            event.step.as_ref().map(|step| step_state_text(case, step))
        }
        EventKind::Note | EventKind::Resolve | EventKind::Created => None,
    };
    NoticeSide {
        value,
        by: last.map(|event| event.by.clone()),
        at: last.map(|event| event.at),
    }
}

fn step_state_text(case: &Case, step: &str) -> String {
    match case.steps.get(step) {
        None => "todo".to_string(),
        Some(record) => match record.state {
            StepState::Todo => "todo".to_string(),
            StepState::Done => "done".to_string(),
            StepState::Skipped => format!(
                "skipped: {}",
                record.skip_reason.clone().unwrap_or_default()
            ),
        },
    }
}

/// Marks merge notice `notice` resolved by `actor` (called by [`apply`]).
pub(super) fn resolve(
    case: &mut Case,
    notice: &str,
    note: Option<&str>,
    by: &str,
    at: DateTime<Utc>,
) -> Result<String, Refusal> {
    let open: Vec<String> = case
        .merge_notices
        .iter()
        .filter(|notice| notice.needs_attention())
        .map(|notice| notice.id.clone())
        .collect();
    // The first characters of an id are enough when they name one notice.
    let matching: Vec<usize> = case
        .merge_notices
        .iter()
        .enumerate()
        .filter(|(_, candidate)| {
            candidate.id == notice || (notice.len() >= 6 && candidate.id.starts_with(notice))
        })
        .map(|(index, _)| index)
        .collect();
    let found = match matching.as_slice() {
        [index] => case.merge_notices.get_mut(*index),
        _ => None,
    };
    let Some(found) = found else {
        return Err(Refusal::new(
            RefusalReason::Notice,
            format!("case {} has no merge notice `{notice}`", case.id),
            if open.is_empty() {
                "nothing to resolve".to_string()
            } else {
                format!("resolve one of: {}", open.join(", "))
            },
        ));
    };
    if found.resolved.is_some() {
        return Err(Refusal::new(
            RefusalReason::Unchanged,
            format!("merge notice `{notice}` is already resolved"),
            "nothing to do".to_string(),
        ));
    }
    found.resolved = Some(Resolution {
        by: by.to_string(),
        at,
        note: note
            .map(str::trim)
            .filter(|note| !note.is_empty())
            .map(str::to_string),
    });
    Ok(found.id.clone())
}

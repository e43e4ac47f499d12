//! How merge notices read on the command line: in `show --json` as
//! `merge_notices`, and as a block at the top of `show`.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::model::{Case, NoticeSide};
use crate::sanitize::for_terminal_line as line;

/// Every notice, resolved or not, without the stored event (it is in the file).
pub fn notices_json(case: &Case) -> Value {
    Value::Array(
        case.merge_notices
            .iter()
            .map(|notice| {
                json!({
                    "id": notice.id,
                    "step": notice.step,
                    "fact": notice.fact,
                    "rule": notice.rule,
                    "message": notice.message,
                    "kept": notice.kept,
                    "refused": notice.refused,
                    "agreed": notice.agreed,
                    "resolved": notice.resolved,
                    "needs_attention": notice.needs_attention(),
                })
            })
            .collect(),
    )
}

/// The notices that need someone, with how to resolve them; empty when none do.
pub fn notices_text(case: &Case) -> String {
    let open: Vec<_> = case
        .merge_notices
        .iter()
        .filter(|notice| notice.needs_attention())
        .collect();
    let mut out = String::new();
    if open.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\nMERGE NOTICES ({} to resolve)", open.len());
    for notice in open {
        let subject = notice
            .step
            .as_deref()
            .map(|step| format!("step {step}"))
            .or_else(|| notice.fact.as_deref().map(|fact| format!("fact {fact}")))
            .unwrap_or_else(|| "case".to_string());
        let _ = writeln!(
            out,
            "  {} {}: {}",
            &notice.id[..notice.id.len().min(8)],
            line(&subject),
            line(&notice.message)
        );
        let _ = writeln!(out, "    kept:    {}", side(&notice.kept));
        let _ = writeln!(out, "    refused: {}", side(&notice.refused));
    }
    let _ = writeln!(
        out,
        "  resolve with `migdesk resolve {} ID [--note TEXT]` once the case is right",
        case.id
    );
    out
}

fn side(side: &NoticeSide) -> String {
    format!(
        "{} (by {} at {})",
        line(side.value.as_deref().unwrap_or("—")),
        line(side.by.as_deref().unwrap_or("?")),
        side.at.map_or_else(
            || "?".to_string(),
            |at| at.format("%Y-%m-%d %H:%M").to_string()
        )
    )
}

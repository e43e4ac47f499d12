//! The footer at 80×24 and below: help and quit (or back) stay whatever
//! the width, less important keys go first, no entry is cut; and in the
//! facts pane it shows the keys of the selected fact's type.

use super::{Harness, eligible_tiny};

/// The footer row of the screen drawn at `width` × `height`.
fn footer(harness: &Harness, width: u16, height: u16) -> String {
    let screen = harness.render(width, height);
    let last = screen.lines().last().unwrap_or_default();
    last.trim_matches('"').trim_end().to_string()
}

#[test]
fn the_queue_footer_keeps_help_and_quit_at_every_width_and_cuts_no_entry() {
    let harness = Harness::demo();
    let wide = footer(&harness, 120, 40);
    assert!(wide.contains("n new case"), "{wide}");
    for width in [80, 60, 40, 24] {
        let shown = footer(&harness, width, 24);
        assert!(shown.contains("? help"), "{width}: {shown}");
        assert!(shown.contains("q quit"), "{width}: {shown}");
        // Every entry shown is one the wide footer has, whole.
        for entry in shown.split("  ").filter(|entry| !entry.is_empty()) {
            assert!(wide.contains(entry), "{width}: {entry:?} cut in {shown:?}");
        }
    }
    // At 80 columns, keys go from the end of the list, before help and quit.
    let narrow = footer(&harness, 60, 24);
    assert!(narrow.starts_with("Enter open case"), "{narrow}");
    assert!(!narrow.contains("r review mode"), "{narrow}");
}

#[test]
fn the_facts_footer_shows_space_only_on_a_yes_no_fact() {
    let mut harness = eligible_tiny();
    harness.open("MIG-0001");
    harness.press("<tab>");
    harness.select_fact("has_debts");
    let on_bool = footer(&harness, 120, 40);
    assert!(on_bool.contains("Space yes/no"), "{on_bool}");
    harness.select_fact("ticket_key");
    let on_text = footer(&harness, 120, 40);
    assert!(!on_text.contains("Space"), "{on_text}");
    assert!(on_text.contains("Enter edit"), "{on_text}");
    assert!(on_text.contains("Del unknown"), "{on_text}");
}

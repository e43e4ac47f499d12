//! `{{fact}}` placeholders in step templates: finding them (for linting)
//! and rendering them from a case's facts.

use std::collections::BTreeMap;

use crate::model::FactValue;

/// Every placeholder name in `template`, in order, with repeats.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        names.push(after[..end].trim());
        rest = &after[end + 2..];
    }
    names
}

/// Renders `template`, replacing each `{{fact}}` by the fact's value. A fact
/// with no value stays as `{{fact}}` so an incomplete text is visibly incomplete.
pub fn render(template: &str, facts: &BTreeMap<String, FactValue>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = after[..end].trim();
        match facts.get(name) {
            Some(value) => out.push_str(&value.to_string()),
            None => {
                out.push_str("{{");
                out.push_str(name);
                out.push_str("}}");
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The placeholders of `template` whose fact has no value.
pub fn missing<'a>(template: &'a str, facts: &BTreeMap<String, FactValue>) -> Vec<&'a str> {
    placeholders(template)
        .into_iter()
        .filter(|name| !facts.contains_key(*name))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn facts(pairs: &[(&str, &str)]) -> BTreeMap<String, FactValue> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), FactValue::Text(v.to_string())))
            .collect()
    }

    #[test]
    fn finds_placeholders_with_spaces_and_repeats() {
        assert_eq!(
            placeholders("Hi {{ name }}, id {{id}} and {{name}}"),
            vec!["name", "id", "name"]
        );
    }

    #[test]
    fn unterminated_placeholder_is_not_a_placeholder() {
        assert_eq!(placeholders("open {{ never closed"), Vec::<&str>::new());
        assert_eq!(render("open {{ never", &facts(&[])), "open {{ never");
    }

    #[test]
    fn renders_known_facts_and_leaves_unknown_visible() {
        let rendered = render(
            "Old Connect ID {{ old_id }} for {{venue}}.",
            &facts(&[("old_id", "C-42")]),
        );
        assert_eq!(rendered, "Old Connect ID C-42 for {{venue}}.");
    }

    #[test]
    fn renders_bools_as_yes_no() {
        let mut f = BTreeMap::new();
        f.insert("ok".to_string(), FactValue::Bool(true));
        assert_eq!(render("ok={{ok}}", &f), "ok=yes");
    }

    #[test]
    fn lists_missing_placeholders() {
        assert_eq!(missing("{{a}} {{b}}", &facts(&[("a", "1")])), vec!["b"]);
    }
}

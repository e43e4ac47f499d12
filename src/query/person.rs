//! Whether two names are the same person: the one comparison behind `list
//! --mine`, `list --assignee`, `is:mine` and `@name`.

/// Whether `assignee` and `person` name the same person: equal canonical
/// identities (see `crate::identity`). Plain ASCII names, most of them,
/// take a shortcut with the same answer: their canonical form is their
/// lowercase form.
pub fn same_person(assignee: &str, person: &str) -> bool {
    let assignee = assignee.trim();
    let person = person.trim();
    if assignee.is_ascii() && person.is_ascii() {
        return assignee.eq_ignore_ascii_case(person);
    }
    crate::identity::names_same_person(assignee, person)
}

#[cfg(test)]
mod tests {
    use super::same_person;

    #[test]
    fn spaces_around_and_letter_case_do_not_make_another_person() {
        assert!(same_person("alice", " Alice "));
        assert!(same_person("Zoé.Bonnet", "zoé.bonnet"));
        assert!(same_person("ÉLODIE", "élodie"));
        assert!(!same_person("alice", "alicia"));
        assert!(!same_person("zoé.bonnet", "zoe.bonnet"));
        assert!(!same_person("", "alice"));
        // Canonical identities: compatibility forms and invisible characters.
        assert!(same_person("ａｌｉｃｅ", "alice"));
        assert!(same_person("alice\u{200B}", "Alice"));
    }
}

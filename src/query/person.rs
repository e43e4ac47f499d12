//! Whether two names are the same person: the one comparison behind `list
//! --mine`, `list --assignee`, `is:mine` and `@name`.

/// Whether `assignee` and `person` name the same person. Until identities
/// are canonical (one person, one spelling), two spellings are the same
/// person when they differ only by surrounding spaces and letter case;
/// this is the one place to change when they are.
pub fn same_person(assignee: &str, person: &str) -> bool {
    let assignee = assignee.trim();
    let person = person.trim();
    if assignee.is_ascii() && person.is_ascii() {
        return assignee.eq_ignore_ascii_case(person);
    }
    assignee
        .chars()
        .flat_map(char::to_lowercase)
        .eq(person.chars().flat_map(char::to_lowercase))
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
    }
}

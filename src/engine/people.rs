//! Whether two names are the same person: the one comparison of people in
//! migdesk (four eyes, "my cases", taking a case).

/// Whether `a` and `b` name the same person. For now, the names trimmed
/// and compared without regard to case; the canonical identities (Unicode
/// normalisation, confusable skeletons) will replace this body, and every
/// comparison of people follows because it goes through here.
pub fn same_person(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::same_person;

    #[test]
    fn names_match_trimmed_and_whatever_their_case() {
        assert!(same_person("alice", "alice"));
        assert!(same_person(" Alice ", "alice"));
        assert!(same_person("ZOÉ.BONNET", "zoé.bonnet"));
        assert!(!same_person("alice", "alicia"));
        assert!(!same_person("alice", ""));
    }
}

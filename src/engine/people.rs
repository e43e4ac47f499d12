//! Whether two names are the same person: the one comparison of people in
//! migdesk (four eyes, "my cases", taking a case).

/// Whether `a` and `b` name the same person: equal canonical identities
/// (see `crate::identity`). Four eyes also refuses confusable names; that
/// check stays in the review rule.
pub fn same_person(a: &str, b: &str) -> bool {
    crate::identity::names_same_person(a, b)
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

use proptest::prelude::*;

use super::*;

/// A case as the filter sees it.
struct Case {
    id: String,
    assignee: String,
    status: Option<DerivedStatus>,
    overdue: bool,
    demo: bool,
    text: SearchText,
}

fn case(id: &str, title: &str, playbook: &str, assignee: &str, status: DerivedStatus) -> Case {
    Case {
        id: id.to_string(),
        assignee: assignee.to_string(),
        status: Some(status),
        overdue: false,
        demo: false,
        text: SearchText::new(
            id,
            title,
            playbook,
            assignee,
            Some(status),
            std::iter::empty(),
        ),
    }
}

impl Case {
    fn subject(&self) -> Subject<'_> {
        Subject {
            id: &self.id,
            assignee: &self.assignee,
            status: self.status,
            overdue: self.overdue,
            demo: self.demo,
            text: &self.text,
        }
    }
}

/// A queue like the one the filter was found wanting on.
fn queue() -> Vec<Case> {
    let mut cases = vec![
        case(
            "MIG-0001",
            "Institut Belle Peau",
            "saas-pro-to-connect",
            "alice",
            DerivedStatus::InProgress,
        ),
        case(
            "MIG-0002",
            "Pharmacie des Tilleuls",
            "undo-migration",
            "zoé.bonnet",
            DerivedStatus::InReview,
        ),
        case(
            "MIG-0003",
            "Boulangerie Dupont",
            "saas-to-local-install",
            "Zoé.Bonnet",
            DerivedStatus::Blocked,
        ),
        case(
            "MIG-0030",
            "Garage MIG-0003 bis",
            "undo-migration",
            "camille",
            DerivedStatus::OnHold,
        ),
        case(
            "MIG-0103",
            "Spa Zen 禅 Kyoto",
            "onprem-to-saas",
            "alice",
            DerivedStatus::InReview,
        ),
        case(
            "MIG-1003",
            "Institut Beauté & Spa",
            "saas-pro-to-connect",
            "bob",
            DerivedStatus::Done,
        ),
    ];
    cases[0].overdue = true;
    cases[4].demo = true;
    cases
}

/// The ids of the cases `query` matches, as `me`.
fn found(cases: &[Case], query: &str, me: &str) -> Vec<String> {
    let query = Query::parse(query);
    cases
        .iter()
        .filter(|case| query.score(&case.subject(), me).is_some())
        .map(|case| case.id.clone())
        .collect()
}

fn ids(expected: &[&str]) -> Vec<String> {
    expected.iter().map(ToString::to_string).collect()
}

#[test]
fn letters_scattered_over_several_words_do_not_match() {
    let cases = queue();
    assert_eq!(found(&cases, "tilleuls", "alice"), ids(&["MIG-0002"]));
    assert_eq!(found(&cases, "Tilleuls", "alice"), ids(&["MIG-0002"]));
    // Within one word, the letters in order from its start still match.
    assert_eq!(found(&cases, "blngr", "alice"), ids(&["MIG-0003"]));
}

#[test]
fn an_exact_id_gives_that_case_only() {
    let cases = queue();
    assert_eq!(found(&cases, "MIG-0003", "alice"), ids(&["MIG-0003"]));
    assert_eq!(found(&cases, "mig-0003", "alice"), ids(&["MIG-0003"]));
    // Part of an id is a word like any other.
    assert_eq!(
        found(&cases, "003", "alice"),
        ids(&["MIG-0003", "MIG-0030", "MIG-1003"])
    );
}

#[test]
fn names_with_dots_and_accents_match_with_or_without_the_accent() {
    let cases = queue();
    let zoe = ids(&["MIG-0002", "MIG-0003"]);
    assert_eq!(found(&cases, "zoé.bonnet", "alice"), zoe);
    assert_eq!(found(&cases, "zoe.bonnet", "alice"), zoe);
    assert_eq!(found(&cases, "@zoé.bonnet", "alice"), zoe);
    assert_eq!(found(&cases, "assignee:ZOE", "alice"), zoe);
    assert_eq!(found(&cases, "bonnet", "alice"), zoe);
    assert_eq!(found(&cases, "beaute", "alice"), ids(&["MIG-1003"]));
}

#[test]
fn a_status_is_found_in_the_words_people_use() {
    let cases = queue();
    let in_review = ids(&["MIG-0002", "MIG-0103"]);
    assert_eq!(found(&cases, "in review", "alice"), in_review);
    assert_eq!(found(&cases, "status:in_review", "alice"), in_review);
    assert_eq!(found(&cases, "status:review", "alice"), in_review);
    assert_eq!(found(&cases, "status:hold", "alice"), ids(&["MIG-0030"]));
    assert_eq!(found(&cases, "status:blocked", "alice"), ids(&["MIG-0003"]));
    assert_eq!(
        found(&cases, "status:in", "alice"),
        ids(&["MIG-0001", "MIG-0002", "MIG-0103"])
    );
}

#[test]
fn field_prefixes_aim_at_one_field() {
    let cases = queue();
    // `undo` is only in a playbook id; `pb:` looks nowhere else.
    assert_eq!(
        found(&cases, "pb:undo", "alice"),
        ids(&["MIG-0002", "MIG-0030"])
    );
    assert_eq!(
        found(&cases, "playbook:onprem", "alice"),
        ids(&["MIG-0103"])
    );
    assert_eq!(found(&cases, "pb:alice", "alice"), ids(&[]));
    assert_eq!(
        found(&cases, "@alice", "bob"),
        ids(&["MIG-0001", "MIG-0103"])
    );
    assert_eq!(
        found(&cases, "is:mine", "ALICE"),
        ids(&["MIG-0001", "MIG-0103"])
    );
    assert_eq!(found(&cases, "is:overdue", "alice"), ids(&["MIG-0001"]));
    assert_eq!(found(&cases, "is:demo", "alice"), ids(&["MIG-0103"]));
    assert_eq!(found(&cases, "is:mine spa", "alice"), ids(&["MIG-0103"]));
    assert_eq!(found(&cases, "is:mine -spa", "alice"), ids(&["MIG-0001"]));
    assert_eq!(
        found(&cases, "-@alice -status:done", "alice"),
        ids(&["MIG-0002", "MIG-0003", "MIG-0030"])
    );
}

#[test]
fn words_that_name_nothing_are_problems_and_match_nothing() {
    let cases = queue();
    let query = Query::parse("status:stuck is:late @");
    assert_eq!(
        query.problems(),
        [
            QueryProblem::UnknownStatus("stuck".to_string()),
            QueryProblem::UnknownFlag("late".to_string()),
            QueryProblem::MissingValue("@".to_string()),
        ]
    );
    assert!(query.problems()[0].to_string().contains("in_review"));
    assert!(query.problems()[1].to_string().contains("is:overdue"));
    assert_eq!(found(&cases, "status:stuck", "alice"), ids(&[]));
    // A colon that is not a field's is text, as in a time.
    assert!(Query::parse("10:30 https://x").problems().is_empty());
}

#[test]
fn a_whole_word_ranks_above_its_start_and_its_inside() {
    let text = SearchText::new("MIG-0001", "Salon", "p", "a", None, std::iter::empty());
    let subject = Subject {
        id: "MIG-0001",
        assignee: "a",
        status: None,
        overdue: false,
        demo: false,
        text: &text,
    };
    let score = |query: &str| Query::parse(query).score(&subject, "a");
    assert!(score("salon") > score("sal"));
    assert!(score("sal") > score("alo"));
    assert!(score("alo") > score("sln"));
    assert_eq!(score("xyz"), None);
    assert_eq!(score(""), Some(0));
}

fn any_word() -> impl Strategy<Value = String> {
    "[aéeb.:@_-]{1,4}|status:[a-z_]{0,5}|is:[a-z]{0,4}|pb:[a-z-]{0,3}|mig-000[0-9]"
}

fn any_case() -> impl Strategy<Value = (String, String, String, u8)> {
    ("[aeéb. ]{0,12}", "[abe.é]{1,6}", "[a-z-]{1,6}", 0u8..6)
        .prop_map(|(title, assignee, playbook, status)| (title, assignee, playbook, status))
}

fn build(
    number: usize,
    (title, assignee, playbook, status): &(String, String, String, u8),
) -> Case {
    let status = STATUSES[usize::from(*status) % STATUSES.len()];
    let mut built = case(
        &format!("MIG-000{}", number % 10),
        title,
        playbook,
        assignee,
        status,
    );
    built.overdue = number.is_multiple_of(3);
    built.demo = number.is_multiple_of(4);
    built
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    /// What `refines` promises, which the queue's narrowing relies on: a
    /// case matching the longer query matches the shorter one.
    #[test]
    fn a_refining_query_matches_no_case_the_shorter_one_missed(
        words in proptest::collection::vec(any_word(), 0..4),
        typed in "[aéeb.:@_ -]{1,4}",
        cases in proptest::collection::vec(any_case(), 1..12),
    ) {
        let shorter_text = words.join(" ");
        let longer_text = format!("{shorter_text}{typed}");
        let shorter = Query::parse(&shorter_text);
        let longer = Query::parse(&longer_text);
        let cases: Vec<Case> = cases.iter().enumerate().map(|(n, c)| build(n, c)).collect();
        if longer.refines(&shorter) {
            for case in &cases {
                if longer.score(&case.subject(), "b").is_some() {
                    prop_assert!(
                        shorter.score(&case.subject(), "b").is_some(),
                        "{:?} matches {} but not {:?}", longer_text, case.id, shorter_text
                    );
                }
            }
        }
    }

    /// Any text is a query, and scoring it against any case answers.
    #[test]
    fn any_text_parses_and_scores(
        query in "\\PC{0,24}",
        title in "\\PC{0,24}",
    ) {
        let parsed = Query::parse(&query);
        let built = case("MIG-0001", &title, "pb", "zoé.bonnet", DerivedStatus::Blocked);
        let _ = parsed.score(&built.subject(), "alice");
        prop_assert!(parsed.refines(&parsed));
    }

    /// A word of a query matches a case's text exactly when it matches one
    /// of its words on its own: never letters gathered from several.
    #[test]
    fn a_word_matches_within_one_word_of_the_text(
        words in proptest::collection::vec("[abcé]{1,5}", 1..6),
        query in "[abcé]{1,4}",
    ) {
        let whole = SearchText::new("", &words.join(" "), "", "", None, std::iter::empty());
        let in_one_word = words.iter().any(|word| {
            SearchText::new("", word, "", "", None, std::iter::empty())
                .closeness(&Needle::new(&query))
                .is_some()
        });
        prop_assert_eq!(whole.closeness(&Needle::new(&query)).is_some(), in_one_word);
    }
}

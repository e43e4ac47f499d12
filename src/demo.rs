//! Demo cases for trying migdesk on an empty data directory: ordinary cases
//! on the shipped playbooks, built through `engine::new_case` and `apply`
//! exactly as an agent would, and marked `demo: true` so they are easy to
//! find and delete. Pure: the caller stores them (each gets its id then).

use chrono::Duration;

use crate::catalog::{Catalog, ValidPlaybook};
use crate::engine::{Actor, Change, Refusal, apply, new_case};
use crate::model::{Case, FactValue};

/// How to get rid of the demo cases, as told to people.
pub const DELETE_COMMAND: &str = "grep -l '^demo: true' <data dir>/cases/*.yaml | xargs rm";

/// The shell command that deletes the demo cases in `cases_dir`.
pub fn delete_command(cases_dir: &std::path::Path) -> String {
    let dir = cases_dir.display().to_string().replace('\'', "'\\''");
    format!("grep -l '^demo: true' '{dir}'/*.yaml | xargs rm")
}

/// The id every demo case carries until the store gives it a real one.
const PLACEHOLDER_ID: &str = "MIG-0000";

/// A handful of cases in different states: blocked, in progress, waiting
/// for a review (by someone else, and by the acting person, which four eyes
/// forbids), overdue, due soon, done. `actor` is the acting person now;
/// older cases are dated back from `actor.now`.
pub fn demo_cases(catalog: &Catalog, user: &str, actor: &Actor) -> Result<Vec<Case>, Refusal> {
    let colleague = if user == "camille" {
        "dominique"
    } else {
        "camille"
    };
    let builder = Builder { catalog, actor };
    let yes = || Some(FactValue::Bool(true));
    let no = || Some(FactValue::Bool(false));
    let text = |value: &str| Some(FactValue::Text(value.to_string()));
    let same_company = |name: &str, vat: &str| {
        vec![
            ("pro_company_name", text(name)),
            ("new_company_name", text(name)),
            ("pro_vat_number", text(vat)),
            ("new_vat_number", text(vat)),
        ]
    };

    let mut cases = Vec::new();

    let mut facts = same_company("Boulangerie Dupont SARL", "FR40303265045");
    facts.push(("has_debts", yes()));
    cases.push(builder.case(
        "saas-pro-to-connect",
        "Boulangerie Dupont",
        user,
        1,
        facts,
        &[],
    )?);

    let mut facts = same_company("Salon Élégance", "FR12345678901");
    facts.push(("has_debts", no()));
    cases.push(builder.case(
        "saas-pro-to-connect",
        "Salon Élégance — Lyon",
        user,
        2,
        facts,
        &[
            Work::Tick("create_opportunity"),
            Work::Tick("fill_contacts"),
            Work::Tick("contract_in_files"),
            Work::Note("Le partenaire veut migrer avant la fin du mois."),
        ],
    )?);

    let ready_for_review = [
        Work::Tick("create_opportunity"),
        Work::Tick("contract_in_files"),
        Work::Tick("venue_usp"),
    ];
    let mut facts = same_company("Spa Zen 禅 Kyoto KK", "JP1234567890");
    facts.push(("has_debts", no()));
    facts.push(("old_connect_id", text("CNX-48213")));
    facts.push(("seen_with", text("Camille")));
    cases.push(builder.case(
        "undo-migration",
        "Spa Zen 禅 Kyoto",
        colleague,
        3,
        facts,
        &ready_for_review,
    )?);

    let mut facts = same_company("Institut Beauté & Co", "BE0123456789");
    facts.push(("has_debts", no()));
    cases.push(builder.case(
        "undo-migration",
        "Institut Beauté & Co",
        user,
        2,
        facts,
        &ready_for_review,
    )?);

    cases.push(builder.case(
        "saas-to-local-install",
        "Acme Accounting LLP",
        user,
        8,
        vec![("data_backed_up", yes())],
        &[Work::Tick("submit_cancellation_form")],
    )?);

    cases.push(builder.case(
        "saas-to-local-install",
        "Initech 🚀",
        colleague,
        2,
        vec![],
        &[],
    )?);

    cases.push(builder.case(
        "offering-migration-support",
        "Globex Corporation",
        user,
        5,
        vec![
            ("current_offering", text("self-managed")),
            ("target_offering", text("SaaS")),
            ("new_support_level", text("Premium")),
            (
                "target_date",
                text(&(actor.today + Duration::days(30)).to_string()),
            ),
        ],
        &[
            Work::Tick("explain_support"),
            Work::Tick("confirm_support_level"),
            Work::Tick("ask_target_date"),
            Work::Tick("open_support_ops_issue"),
            Work::Tick("support_ops_add_tag"),
            Work::Tick("support_ops_org_notes"),
            Work::Tick("remove_extra_tag"),
        ],
    )?);

    Ok(cases)
}

/// Something an agent did on a demo case after creating it.
enum Work {
    Tick(&'static str),
    Note(&'static str),
}

struct Builder<'a> {
    catalog: &'a Catalog,
    actor: &'a Actor,
}

impl Builder<'_> {
    fn playbook(&self, id: &str) -> Result<&ValidPlaybook, Refusal> {
        self.catalog.get(id).ok_or_else(|| {
            Refusal::new(
                crate::engine::RefusalReason::UnknownPlaybook,
                format!("the demo needs the shipped playbook `{id}`, which is not installed"),
                "restore the shipped playbook or remove the file that replaces it".to_string(),
            )
        })
    }

    /// A case created `days_ago` days ago and worked on since, an hour per change.
    fn case(
        &self,
        playbook: &str,
        title: &str,
        assignee: &str,
        days_ago: i64,
        facts: Vec<(&str, Option<FactValue>)>,
        work: &[Work],
    ) -> Result<Case, Refusal> {
        let playbook = self.playbook(playbook)?;
        let created = self.actor.now - Duration::days(days_ago);
        let mut actor = Actor::new(assignee, created);
        let facts = facts
            .into_iter()
            .map(|(fact, value)| (fact.to_string(), value))
            .collect();
        let mut case = new_case(playbook, PLACEHOLDER_ID, title, assignee, facts, &actor)?;
        case.demo = true;
        for item in work {
            actor = Actor::new(assignee, actor.now + Duration::hours(1));
            let change = match item {
                Work::Tick(step) => Change::Check {
                    step: (*step).to_string(),
                    note: None,
                    acknowledged: false,
                },
                Work::Note(text) => Change::Note {
                    text: (*text).to_string(),
                },
            };
            apply(playbook, &mut case, change, &actor)?;
        }
        Ok(case)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::engine::{DerivedStatus, evaluate};

    #[test]
    fn demo_cases_cover_the_states_an_agent_meets() {
        let catalog = Catalog::shipped();
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
        let actor = Actor::new("alice", now);
        let cases = demo_cases(&catalog, "alice", &actor).unwrap();
        assert!(cases.iter().all(|case| case.demo));
        let statuses: Vec<DerivedStatus> = cases
            .iter()
            .map(|case| {
                let playbook = catalog.get(&case.playbook).unwrap();
                evaluate(playbook, case, actor.today).status
            })
            .collect();
        for wanted in [
            DerivedStatus::Blocked,
            DerivedStatus::InProgress,
            DerivedStatus::InReview,
            DerivedStatus::Done,
        ] {
            assert!(
                statuses.contains(&wanted),
                "no {wanted} case in {statuses:?}"
            );
        }
        let overdue = cases.iter().any(|case| {
            let playbook = catalog.get(&case.playbook).unwrap();
            evaluate(playbook, case, actor.today).overdue
        });
        assert!(overdue);
        assert!(cases.iter().any(|case| case.assignee == "alice"));
        assert!(cases.iter().any(|case| case.assignee == "camille"));
    }

    #[test]
    fn the_colleague_is_never_the_acting_person() {
        let catalog = Catalog::shipped();
        let actor = Actor::new(
            "camille",
            Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap(),
        );
        let cases = demo_cases(&catalog, "camille", &actor).unwrap();
        assert!(cases.iter().any(|case| case.assignee == "dominique"));
    }

    #[test]
    fn the_delete_command_quotes_the_folder() {
        let command = delete_command(std::path::Path::new("/home/o'brien/cases"));
        assert_eq!(
            command,
            "grep -l '^demo: true' '/home/o'\\''brien/cases'/*.yaml | xargs rm"
        );
    }
}

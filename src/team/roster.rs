//! `team.yaml`: who is on the team, with which roles, and the short code
//! each person's case ids start with. Read defensively (a typo is refused
//! with the file and the field) and written whole, crash-safely.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::identity::names_same_person;
use crate::model::Role;

pub const ROSTER_FILE: &str = "team.yaml";
const ROSTER_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub schema: u32,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The name people act as (`--as`, `$MIGDESK_USER`), recorded in histories.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Two to four capital letters; the cases this person opens are `MIG-CODE-0001`.
    pub code: String,
    pub roles: Vec<Role>,
}

/// Why `team.yaml` could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for RosterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for RosterError {}

impl Member {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The email git records as the author: the roster's, else a placeholder
    /// under `.invalid` (a domain that never exists), so commits still say who.
    pub fn commit_email(&self) -> String {
        self.email
            .clone()
            .unwrap_or_else(|| format!("{}@migdesk.invalid", self.name.trim()))
    }
}

impl Roster {
    /// A roster whose only member is `name`, with every role.
    pub fn founded_by(name: &str) -> Roster {
        let mut roster = Roster {
            schema: ROSTER_SCHEMA,
            members: Vec::new(),
        };
        let code = roster.free_code(name);
        roster.members.push(Member {
            name: name.trim().to_string(),
            display_name: None,
            email: None,
            code,
            roles: vec![Role::Agent, Role::TeamLead],
        });
        roster
    }

    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members
            .iter()
            .find(|member| names_same_person(&member.name, name))
    }

    /// Adds `name`, or changes the roles and details of the member already called that.
    pub fn upsert(
        &mut self,
        name: &str,
        roles: Vec<Role>,
        display_name: Option<String>,
        email: Option<String>,
    ) {
        if let Some(member) = self
            .members
            .iter_mut()
            .find(|member| names_same_person(&member.name, name))
        {
            member.roles = roles;
            member.display_name = display_name.or(member.display_name.take());
            member.email = email.or(member.email.take());
            return;
        }
        let code = self.free_code(name);
        self.members.push(Member {
            name: name.trim().to_string(),
            display_name,
            email,
            code,
            roles,
        });
    }

    /// Removes `name`; refuses to remove the last team lead, which would
    /// leave nobody able to approve.
    pub fn remove(&mut self, name: &str) -> Result<Member, String> {
        let index = self
            .members
            .iter()
            .position(|member| names_same_person(&member.name, name))
            .ok_or_else(|| format!("`{name}` is not on the team"))?;
        let leads_left = self
            .members
            .iter()
            .enumerate()
            .filter(|(other, member)| *other != index && member.has_role(Role::TeamLead))
            .count();
        if self.members[index].has_role(Role::TeamLead) && leads_left == 0 {
            return Err(format!(
                "`{name}` is the last team lead; add another (`migdesk team add NAME --role team_lead`) first"
            ));
        }
        Ok(self.members.remove(index))
    }

    /// A code no member has: the first letters of the name, then longer prefixes, then variants.
    fn free_code(&self, name: &str) -> String {
        let mut letters: Vec<char> = name
            .chars()
            .filter(char::is_ascii_alphabetic)
            .map(|letter| letter.to_ascii_uppercase())
            .collect();
        while letters.len() < 4 {
            letters.push('X');
        }
        let taken = |code: &str| self.members.iter().any(|member| member.code == code);
        let prefixes = (2..=4).map(|length| letters[..length].iter().collect::<String>());
        let variants = ('A'..='Z').flat_map(|second| {
            ('A'..='Z').map(move |third| [second, third].iter().collect::<String>())
        });
        prefixes
            .chain(variants.map(|tail| format!("{}{tail}", letters[0])))
            .find(|code| !taken(code))
            .unwrap_or_else(|| "ZZZZ".to_string())
    }
}

pub fn roster_path(root: &Path) -> PathBuf {
    root.join(ROSTER_FILE)
}

/// `team.yaml` of the data directory at `root`; `None` when there is none.
pub fn load(root: &Path) -> Result<Option<Roster>, RosterError> {
    let path = roster_path(root);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(RosterError {
                path,
                message: format!("cannot read it: {error}"),
            });
        }
    };
    parse(&path, &text).map(Some)
}

pub fn parse(path: &Path, text: &str) -> Result<Roster, RosterError> {
    let roster: Roster = serde_yaml::from_str(text).map_err(|error| RosterError {
        path: path.to_path_buf(),
        message: format!(
            "{error}; fix the file by hand (fields: name, display_name, email, code, roles: [agent, team_lead])"
        ),
    })?;
    let invalid = |message: String| RosterError {
        path: path.to_path_buf(),
        message,
    };
    if roster.schema > ROSTER_SCHEMA {
        return Err(invalid(format!(
            "schema {} is newer than this migdesk's {ROSTER_SCHEMA}; upgrade migdesk",
            roster.schema
        )));
    }
    for (index, member) in roster.members.iter().enumerate() {
        if member.name.trim().is_empty() {
            return Err(invalid(format!("members[{index}].name is empty")));
        }
        if !is_valid_code(&member.code) {
            return Err(invalid(format!(
                "members[{index}].code `{}` must be two to four capital letters (A-Z)",
                member.code
            )));
        }
        let duplicate = roster.members[..index].iter().find(|other| {
            names_same_person(&other.name, &member.name) || other.code == member.code
        });
        if let Some(other) = duplicate {
            return Err(invalid(format!(
                "members[{index}] (`{}`, code {}) repeats `{}` (code {}): names and codes must be unique",
                member.name, member.code, other.name, other.code
            )));
        }
    }
    Ok(roster)
}

pub fn is_valid_code(code: &str) -> bool {
    (2..=4).contains(&code.len()) && code.bytes().all(|byte| byte.is_ascii_uppercase())
}

/// Writes `team.yaml` whole through a temporary file, so it is never torn.
pub fn save(root: &Path, roster: &Roster) -> Result<(), RosterError> {
    let path = roster_path(root);
    let failed = |message: String| RosterError {
        path: path.clone(),
        message,
    };
    let text = serde_yaml::to_string(roster).map_err(|error| failed(error.to_string()))?;
    let mut file = tempfile::Builder::new()
        .prefix(".team.yaml.")
        .suffix(".tmp")
        .tempfile_in(root)
        .map_err(|error| failed(format!("cannot write it: {error}")))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.as_file().sync_all())
        .map_err(|error| failed(format!("cannot write it: {error}")))?;
    file.persist(&path)
        .map_err(|error| failed(format!("cannot write it: {}", error.error)))?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn people_are_the_same_whatever_the_case_and_spaces() {
        assert!(names_same_person(" Alice", "alice "));
        assert!(!names_same_person("alice", "alicia"));
    }

    #[test]
    fn codes_are_unique_and_readable() {
        let mut roster = Roster::founded_by("alice");
        roster.upsert("alain", vec![Role::Agent], None, None);
        roster.upsert("al", vec![Role::Agent], None, None);
        let codes: Vec<&str> = roster.members.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, ["AL", "ALA", "ALX"]);
        assert!(codes.iter().all(|code| is_valid_code(code)));
    }

    #[test]
    fn the_founder_has_both_roles_and_the_last_lead_stays() {
        let mut roster = Roster::founded_by("alice");
        assert_eq!(roster.members[0].roles, [Role::Agent, Role::TeamLead]);
        let refusal = roster.remove("ALICE").unwrap_err();
        assert!(refusal.contains("last team lead"), "{refusal}");
        roster.upsert("bob", vec![Role::TeamLead], None, None);
        assert_eq!(roster.remove("alice").unwrap().name, "alice");
        assert!(roster.member("Bob").is_some());
    }

    #[test]
    fn a_bad_roster_names_the_file_and_the_field() {
        let path = Path::new("/data/team.yaml");
        let error = parse(
            path,
            "schema: 1\nmembers:\n- name: a\n  code: a1\n  roles: [agent]\n",
        )
        .unwrap_err();
        assert!(error.to_string().contains("members[0].code"), "{error}");
        let error = parse(
            path,
            "schema: 1\nmembers:\n- name: a\n  code: AB\n  roles: [boss]\n",
        )
        .unwrap_err();
        assert!(error.to_string().contains("team.yaml"), "{error}");
        let error = parse(
            path,
            "schema: 1\nmembers:\n- {name: a, code: AB, roles: []}\n- {name: A, code: CD, roles: []}\n",
        )
        .unwrap_err();
        assert!(error.to_string().contains("unique"), "{error}");
    }
}

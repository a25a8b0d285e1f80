//! Members: PostgreSQL logins in one of the program's groups, each with the volunteer record
//! their time goes to. Only a director can add, change or remove them: the server refuses
//! anyone else (CREATEROLE and the member table's policies), whatever the app shows.

use postgres::Client;
use probono_core::{Error, Result};
use uuid::Uuid;

use crate::error::PgResult;
use crate::schema::Roles;

/// The four parts a member can play (docs/team-mode.md, "Roles").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamRole {
    Director,
    Attorney,
    Student,
    Volunteer,
}

impl TeamRole {
    pub const ALL: [TeamRole; 4] = [TeamRole::Director, TeamRole::Attorney, TeamRole::Student, TeamRole::Volunteer];

    pub fn as_str(self) -> &'static str {
        match self {
            TeamRole::Director => "director",
            TeamRole::Attorney => "attorney",
            TeamRole::Student => "student",
            TeamRole::Volunteer => "volunteer",
        }
    }

    pub fn parse(text: &str) -> Result<TeamRole> {
        TeamRole::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| Error::invalid("role", "must be one of director, attorney, student, volunteer"))
    }

    fn group(self, roles: &Roles) -> &str {
        match self {
            TeamRole::Director => &roles.director,
            TeamRole::Attorney => &roles.attorney,
            TeamRole::Student => &roles.student,
            TeamRole::Volunteer => &roles.volunteer,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub login: String,
    pub name: String,
    pub email: Option<String>,
    /// `None` once removed.
    pub role: Option<TeamRole>,
    pub volunteer_id: Uuid,
    pub active: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct NewMember<'a> {
    pub login: &'a str,
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub role: TeamRole,
    /// `None`: a one-time password is made and returned.
    pub password: Option<&'a str>,
}

/// The shortest password a member may be given.
pub const MIN_PASSWORD: usize = 12;

fn validate_login(login: &str) -> Result<()> {
    let ok_start = login.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    let ok_chars = login.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
    if login.is_empty() || login.len() > 63 || !ok_start || !ok_chars {
        return Err(Error::invalid(
            "login",
            "a login is 1–63 lower-case letters, digits, '_' or '.', starting with a letter (e.g. jdoe)",
        ));
    }
    if login.starts_with("pg_") || matches!(login, "postgres" | "public" | "none" | "current_user" | "session_user") {
        return Err(Error::invalid("login", "that name is reserved by PostgreSQL"));
    }
    Ok(())
}

fn validate_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(Error::invalid("password", format!("at least {MIN_PASSWORD} characters")));
    }
    Ok(())
}

/// A password to hand over once: 120 bits from the system's random source in lower-case
/// base32 (letters and the digits 2–7, no 0 or 1 to mistake), in groups of six.
fn one_time_password() -> Result<String> {
    let mut bytes = [0u8; 15];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("no random numbers: {e}")))?;
    let text = data_encoding::BASE32_NOPAD.encode(&bytes).to_ascii_lowercase();
    let groups: Vec<&str> = (0..text.len()).step_by(6).map(|i| &text[i..(i + 6).min(text.len())]).collect();
    Ok(groups.join("-"))
}

/// The password to set — the one given (checked), else a new one-time password, which is
/// also returned to be shown once.
fn given_or_one_time(given: Option<&str>) -> Result<(String, Option<String>)> {
    match given {
        Some(p) => {
            validate_password(p)?;
            Ok((p.to_owned(), None))
        }
        None => {
            let p = one_time_password()?;
            Ok((p.clone(), Some(p)))
        }
    }
}

/// The SCRAM-SHA-256 verifier of `password`, made here so the password itself never
/// reaches the server (nor its logs), as psql's \password does.
fn verifier(password: &str) -> String {
    postgres_protocol::password::scram_sha_256(password.as_bytes())
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A director-only change refused by the server.
fn refine(err: &postgres::Error) -> Error {
    match crate::error::from_pg(err) {
        Error::NotAllowed(_) => Error::NotAllowed("only a director can manage the team's members".into()),
        other => other,
    }
}

/// Adds a member through the owner's `add_member` function (the server checks that the
/// caller is a director): login, group, volunteer record and audit event in one transaction.
pub fn add(client: &mut Client, new: &NewMember<'_>) -> Result<(Member, Option<String>)> {
    validate_login(new.login)?;
    let name = new.name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "a member's name is needed"));
    }
    // The vault's own rule: what a team database holds must fit a vault (backups are vaults).
    let email = match new.email {
        Some(e) => probono_core::validate::email("email", e)?,
        None => None,
    };
    let email = email.as_deref();
    let (password, made) = given_or_one_time(new.password)?;
    if client.query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&new.login]).pg()?.is_some() {
        return Err(Error::invalid(
            "login",
            format!("{} already exists on this server; choose another login", new.login),
        ));
    }
    let volunteer = Uuid::now_v7();
    client
        .execute(
            "SELECT add_member($1, $2, $3, $4, $5, $6)",
            &[&new.login, &verifier(&password), &new.role.as_str(), &volunteer, &name, &email],
        )
        .map_err(|e| refine(&e))?;
    let member = Member {
        login: new.login.to_owned(),
        name: name.to_owned(),
        email: email.map(str::to_owned),
        role: Some(new.role),
        volunteer_id: volunteer,
        active: true,
    };
    Ok((member, made))
}

pub fn list(client: &mut Client, roles: &Roles) -> Result<Vec<Member>> {
    let rows = client
        .query(
            "SELECT m.login::text, v.name, v.email, m.volunteer_id, m.removed_at IS NULL,
                    (SELECT g.rolname::text FROM pg_auth_members am
                       JOIN pg_roles g ON g.oid = am.roleid
                       JOIN pg_roles u ON u.oid = am.member
                      WHERE u.rolname = m.login AND g.rolname = ANY($1) LIMIT 1)
             FROM member m JOIN volunteer v ON v.id = m.volunteer_id
             ORDER BY m.removed_at IS NOT NULL, v.name",
            &[&roles.groups().to_vec()],
        )
        .pg()?;
    Ok(rows
        .iter()
        .map(|r| {
            let group: Option<String> = r.get(5);
            Member {
                login: r.get(0),
                name: r.get(1),
                email: r.get(2),
                volunteer_id: r.get(3),
                active: r.get(4),
                role: group.and_then(|g| TeamRole::ALL.into_iter().find(|t| t.group(roles) == g)),
            }
        })
        .collect())
}

fn find(client: &mut Client, roles: &Roles, login: &str) -> Result<Member> {
    list(client, roles)?
        .into_iter()
        .find(|m| m.login == login)
        .ok_or_else(|| Error::not_found(format!("team member {login}")))
}

/// The role of the member logged in.
pub fn my_role(client: &mut Client, roles: &Roles) -> Result<Option<TeamRole>> {
    for role in TeamRole::ALL {
        let yes: bool =
            client.query_one("SELECT pg_has_role(session_user, $1, 'MEMBER')", &[&role.group(roles)]).pg()?.get(0);
        if yes {
            return Ok(Some(role));
        }
    }
    Ok(None)
}

/// Moves a member to another group (director only; never the last director away).
pub fn set_role(client: &mut Client, roles: &Roles, login: &str, role: TeamRole) -> Result<Member> {
    client.execute("SELECT set_member_role($1, $2)", &[&login, &role.as_str()]).map_err(|e| refine(&e))?;
    find(client, roles, login)
}

/// Removes a member: the login can no longer connect and loses its group; their volunteer
/// record, time and the audit trail stay.
pub fn remove(client: &mut Client, roles: &Roles, login: &str) -> Result<Member> {
    client.execute("SELECT remove_member($1)", &[&login]).map_err(|e| refine(&e))?;
    find(client, roles, login)
}

/// Gives a member a new password (director only); returns the one-time password made when
/// none is given.
pub fn reset_password(client: &mut Client, login: &str, password: Option<&str>) -> Result<Option<String>> {
    let (password, made) = given_or_one_time(password)?;
    client.execute("SELECT set_member_password($1, $2)", &[&login, &verifier(&password)]).map_err(|e| refine(&e))?;
    Ok(made)
}

/// Changes the password of the member logged in (any member may).
pub fn change_own_password(client: &mut Client, password: &str) -> Result<()> {
    validate_password(password)?;
    client.batch_execute(&format!("ALTER ROLE CURRENT_USER PASSWORD {}", literal(&verifier(password)))).pg()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_checked_and_one_time_passwords_are_long_and_readable() {
        for ok in ["jdoe", "maria.lopez", "s2027_12"] {
            validate_login(ok).expect("a valid login");
        }
        for bad in ["", "JDoe", "1st", "pg_admin", "postgres", "a b", "x\"y", &"a".repeat(64)] {
            assert!(validate_login(bad).is_err(), "{bad:?} was accepted");
        }
        let p = one_time_password().expect("random");
        assert_eq!(p.len(), 24 + 3, "{p}");
        assert_ne!(p, one_time_password().expect("random"));
        assert!(validate_password(&p).is_ok());
        assert!(validate_password("short").is_err());
        let v = verifier("correct horse battery");
        assert!(v.starts_with("SCRAM-SHA-256$4096:") && !v.contains("horse"), "{v}");
    }
}

//! The team database's schema: numbered migrations (append-only, as the vault's), the group
//! roles they grant to, and the version check every connection makes.

use postgres::Client;
use probono_core::{Error, Result};

use crate::error::PgResult;

/// The schema version this program reads and writes.
pub const SCHEMA_VERSION: i32 = 3;

/// `{owner}`, `{director}`, `{attorney}`, `{student}`, `{volunteer}` in the SQL become the
/// quoted names of this database's roles.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../migrations/0001_team.sql")),
    (2, include_str!("../migrations/0002_supervisors.sql")),
    (3, include_str!("../migrations/0003_volunteer_statements.sql")),
];

/// The PostgreSQL roles that play each part in one program's database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roles {
    pub owner: String,
    pub director: String,
    pub attorney: String,
    pub student: String,
    pub volunteer: String,
}

impl Roles {
    /// The names a new team database gets: its own name first, so two programs on one
    /// server never share a group.
    fn for_database(db: &str) -> Roles {
        let mut prefix: String =
            db.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        prefix.truncate(40);
        let name = |part: &str| format!("{prefix}_{part}");
        Roles {
            owner: name("owner"),
            director: name("director"),
            attorney: name("attorney"),
            student: name("student"),
            volunteer: name("volunteer"),
        }
    }

    pub fn parts(&self) -> [(&'static str, &str); 5] {
        [
            ("owner", &self.owner),
            ("director", &self.director),
            ("attorney", &self.attorney),
            ("student", &self.student),
            ("volunteer", &self.volunteer),
        ]
    }

    /// The four groups members can be in.
    pub fn groups(&self) -> [&str; 4] {
        [&self.director, &self.attorney, &self.student, &self.volunteer]
    }

    fn template(&self, sql: &str) -> String {
        let mut out = sql.to_owned();
        for (part, role) in self.parts() {
            out = out.replace(&format!("{{{part}}}"), &ident(role));
        }
        out
    }
}

/// A quoted SQL identifier.
pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The PostgreSQL schema (namespace) that holds a program's tables, owned by its owner role.
pub const SCHEMA: &str = "probono";

/// The schema version on the server; `None` when the database has no team schema.
pub fn version(client: &mut Client) -> Result<Option<i32>> {
    let exists: bool = client.query_one("SELECT to_regclass('probono.schema_version') IS NOT NULL", &[]).pg()?.get(0);
    if !exists {
        return Ok(None);
    }
    let row = client.query_opt("SELECT version FROM probono.schema_version", &[]).pg()?;
    Ok(Some(row.map_or(0, |r| r.get(0))))
}

/// Refuses a database whose schema is missing, older or newer than this program's.
pub fn check(client: &mut Client, shown: &str) -> Result<()> {
    match version(client)? {
        None => Err(Error::ServerSchema(format!(
            "the database {shown} holds no Pro Bono Desk team yet: its director sets it up first (team init)"
        ))),
        Some(v) if v < SCHEMA_VERSION => Err(Error::ServerSchema(format!(
            "the team database {shown} has schema version {v}, older than this program's {SCHEMA_VERSION}: its director upgrades it (team init) before members connect"
        ))),
        Some(v) if v > SCHEMA_VERSION => Err(Error::ServerSchema(format!(
            "the team database {shown} has schema version {v}, newer than this program knows ({SCHEMA_VERSION}): install the newer Pro Bono Desk"
        ))),
        Some(_) => Ok(()),
    }
}

/// The roles of a database set up by `init`.
pub fn roles(client: &mut Client) -> Result<Roles> {
    let rows = client.query("SELECT part, pg_role::text FROM probono.team_role", &[]).pg()?;
    let get = |part: &str| -> Result<String> {
        rows.iter()
            .find(|r| r.get::<_, String>(0) == part)
            .map(|r| r.get(1))
            .ok_or_else(|| Error::ServerSchema(format!("the team database names no {part} role")))
    };
    Ok(Roles {
        owner: get("owner")?,
        director: get("director")?,
        attorney: get("attorney")?,
        student: get("student")?,
        volunteer: get("volunteer")?,
    })
}

/// The director who runs `team init` on a new database.
#[derive(Debug, Clone)]
pub struct Director<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
}

/// What `init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitReport {
    /// The version found (`None`: a new database).
    pub from: Option<i32>,
    pub to: i32,
    pub roles: Roles,
}

/// Sets up a new team database, or brings an older one up to [`SCHEMA_VERSION`], in one
/// transaction: nothing is half-made if any step fails.
///
/// Setting up needs the login that owns the database and has CREATEROLE (docs/team-mode.md).
/// It makes the program's roles — the owner (NOLOGIN, the only one with CREATEROLE from then
/// on) and the four groups — and the schema `probono`, owned by the owner, whose tables,
/// functions and policies are made as the owner. At the end the director gives up the owner
/// role and CREATEROLE: from then on they are subject to the same grants and policies as
/// everyone (the audit trail's included), and manage members through the owner's functions.
///
/// Upgrading (a schema older than this program's) runs the newer migrations as the owner, so
/// it needs a login that may act as the owner: the server's administrator.
pub fn init(client: &mut Client, director: &Director<'_>) -> Result<InitReport> {
    let found = version(client)?;
    if let Some(v) = found
        && v > SCHEMA_VERSION
    {
        return Err(Error::ServerSchema(format!(
            "this team database has schema version {v}, newer than this program knows ({SCHEMA_VERSION}): install the newer Pro Bono Desk"
        )));
    }
    let row = client
        .query_one(
            "SELECT current_database()::text, session_user::text, r.rolcreaterole, r.rolsuper,
                    pg_catalog.pg_get_userbyid(d.datdba)::text = session_user::text
             FROM pg_roles r, pg_database d WHERE r.rolname = session_user AND d.datname = current_database()",
            &[],
        )
        .pg()?;
    let (db, me, createrole, superuser, owns): (String, String, bool, bool, bool) =
        (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
    match found {
        Some(v) if v == SCHEMA_VERSION => Ok(InitReport { from: found, to: SCHEMA_VERSION, roles: roles(client)? }),
        Some(v) => upgrade(client, v, &db, superuser),
        None => set_up(client, director, &db, &me, createrole, owns),
    }
}

fn set_up(
    client: &mut Client,
    director: &Director<'_>,
    db: &str,
    me: &str,
    createrole: bool,
    owns: bool,
) -> Result<InitReport> {
    if !createrole || !owns {
        return Err(Error::NotAllowed(format!(
            "setting up the team database needs the login that owns database {db} and may create roles (CREATEROLE); {me} {}",
            if owns { "may not create roles" } else { "does not own it" }
        )));
    }
    validate_director(director)?;
    let roles = Roles::for_database(db);
    let mut tx = client.transaction().pg()?;
    for (_, role) in roles.parts() {
        // Two programs must never share a group: names that exist already (another database
        // whose name folds to the same, or a role someone made) stop the setup.
        if tx.query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&role]).pg()?.is_some() {
            return Err(Error::Conflict(format!(
                "the role {role} exists already on this server (another program's database, or a role made by hand); give this program's database a distinct name, or ask the server's administrator"
            )));
        }
    }
    let (owner, me_q, dbq) = (ident(&roles.owner), ident(me), ident(db));
    tx.batch_execute(&format!("CREATE ROLE {owner} NOLOGIN CREATEROLE")).pg()?;
    for group in roles.groups() {
        tx.batch_execute(&format!("CREATE ROLE {} NOLOGIN", ident(group))).pg()?;
    }
    tx.batch_execute(&format!(
        "GRANT {owner} TO {me_q};
         CREATE SCHEMA {SCHEMA} AUTHORIZATION {owner};
         SET LOCAL ROLE {owner};
         SET LOCAL search_path = {SCHEMA};"
    ))
    .pg()?;
    run_migrations(&mut tx, &roles, 0)?;
    for (part, role) in roles.parts() {
        tx.execute("INSERT INTO team_role (part, pg_role) VALUES ($1, $2)", &[&part, &role]).pg()?;
    }
    let volunteer = uuid::Uuid::now_v7();
    tx.execute(
        "INSERT INTO volunteer (id, name, email, role) VALUES ($1, $2, $3, 'attorney')",
        &[&volunteer, &director.name.trim(), &director.email.map(str::trim)],
    )
    .pg()?;
    tx.execute("INSERT INTO member (login, volunteer_id) VALUES ($1, $2)", &[&me, &volunteer]).pg()?;
    let groups: Vec<String> = roles.groups().iter().map(|g| ident(g)).collect();
    tx.batch_execute(&format!(
        "RESET ROLE;
         GRANT {director} TO {me_q};
         REVOKE {owner} FROM {me_q};
         REVOKE ALL ON DATABASE {dbq} FROM PUBLIC;
         GRANT CONNECT ON DATABASE {dbq} TO {groups};
         ALTER DATABASE {dbq} SET search_path = {SCHEMA};
         ALTER ROLE {me_q} NOCREATEROLE;",
        director = ident(&roles.director),
        groups = groups.join(", ")
    ))
    .pg()?;
    tx.commit().pg()?;
    Ok(InitReport { from: None, to: SCHEMA_VERSION, roles })
}

fn upgrade(client: &mut Client, from: i32, db: &str, superuser: bool) -> Result<InitReport> {
    let roles = roles(client)?;
    let may_own: bool =
        client.query_one("SELECT pg_has_role(session_user, $1, 'MEMBER')", &[&roles.owner]).pg()?.get(0);
    if !superuser && !may_own {
        return Err(Error::NotAllowed(format!(
            "upgrading the team database {db} from schema {from} to {SCHEMA_VERSION} runs as its owner role {}: the server's administrator runs `team init` (docs/team-mode.md, \"Upgrading\")",
            roles.owner
        )));
    }
    let mut tx = client.transaction().pg()?;
    tx.batch_execute(&format!("SET LOCAL ROLE {}; SET LOCAL search_path = {SCHEMA};", ident(&roles.owner))).pg()?;
    run_migrations(&mut tx, &roles, from)?;
    tx.commit().pg()?;
    Ok(InitReport { from: Some(from), to: SCHEMA_VERSION, roles })
}

fn run_migrations(tx: &mut postgres::Transaction<'_>, roles: &Roles, from: i32) -> Result<()> {
    for (number, sql) in MIGRATIONS.iter().filter(|(n, _)| *n > from) {
        tx.batch_execute(&roles.template(sql)).map_err(|e| {
            let inner = crate::error::from_pg(&e);
            Error::ServerSchema(format!("team migration {number} failed: {inner}"))
        })?;
    }
    tx.batch_execute("DELETE FROM schema_version").pg()?;
    tx.execute("INSERT INTO schema_version (version) VALUES ($1)", &[&SCHEMA_VERSION]).pg()?;
    Ok(())
}

fn validate_director(director: &Director<'_>) -> Result<()> {
    if director.name.trim().is_empty() {
        return Err(Error::invalid(
            "name",
            "the director's name is needed: it is shown on their work and in the audit trail",
        ));
    }
    if let Some(email) = director.email {
        probono_core::validate::email("email", email)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_roles_carry_the_database_name_and_every_placeholder_is_filled() {
        let roles = Roles::for_database("Clinic-2027");
        assert_eq!(roles.student, "clinic_2027_student");
        let sql = roles.template(MIGRATIONS[0].1);
        for part in ["owner", "director", "attorney", "student", "volunteer"] {
            assert!(!sql.contains(&format!("{{{part}}}")), "{{{part}}} left in the SQL");
        }
        assert!(sql.contains("\"clinic_2027_director\""));
        assert_eq!(MIGRATIONS.last().map(|m| m.0), Some(SCHEMA_VERSION));
    }
}

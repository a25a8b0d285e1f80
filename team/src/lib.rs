//! Team mode: a program's records on a PostgreSQL server, shared by its members
//! (docs/team-mode.md).
//!
//! - [`server`]: the connection URL and the TLS policy (verify-full unless local and asked).
//! - [`schema`]: numbered migrations, the program's group roles, the version check.
//! - [`members`]: logins in groups, managed by directors.
//! - [`Team`]: one member's connection.
//!
//! Who may see and change what is decided by the server (grants and row-level security in
//! `migrations/`), never here: this crate only asks.

pub mod error;
pub mod members;
pub mod push;
pub mod records;
pub mod reports;
pub mod schema;
pub mod server;
pub mod snapshot;
pub mod time;

use postgres::Client;
use probono_core::{Error, Result};
use uuid::Uuid;

use crate::error::PgResult;
pub use crate::members::{Member, NewMember, TeamRole};
pub use crate::push::PushReport;
pub use crate::schema::{Director, InitReport, Roles, SCHEMA_VERSION};
pub use crate::server::{ServerUrl, Tls};

/// One member's connection to the team database.
pub struct Team {
    /// In a cell: the data layer's reads take `&self`, and a query needs the client mutably.
    client: std::cell::RefCell<Client>,
    /// The version of each client and matter as this connection last read it: an update
    /// sends it, so a save over someone else's newer one is refused ([`records`]).
    versions: records::Versions,
    /// The settings as this connection last read them (key, value): a save writes only what
    /// was changed from them, and refuses a key someone else changed meanwhile.
    settings_read: std::cell::RefCell<Option<Vec<(String, String)>>>,
    roles: Roles,
    url: ServerUrl,
}

impl std::fmt::Debug for Team {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Team").field("url", &self.url).finish_non_exhaustive()
    }
}

/// What `assign` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assigned {
    Now,
    Already,
}

impl Team {
    fn new(client: Client, roles: Roles, url: &ServerUrl) -> Team {
        Team {
            client: client.into(),
            versions: Default::default(),
            settings_read: Default::default(),
            roles,
            url: url.clone(),
        }
    }

    /// Connects and checks the schema version: an older or newer team database is refused
    /// with a message saying which, before anything is read.
    pub fn connect(url: &ServerUrl, password: &str) -> Result<Team> {
        let mut client = url.connect(password)?;
        // The program's tables, whatever the login's or the database's own setting says.
        client.batch_execute("SET search_path = probono").map_err(|e| error::from_pg(&e))?;
        schema::check(&mut client, url.shown())?;
        let roles = schema::roles(&mut client)?;
        Ok(Team::new(client, roles, url))
    }

    /// Sets up (or upgrades) the team database as its director, then connects.
    pub fn init(url: &ServerUrl, password: &str, director: &Director<'_>) -> Result<(Team, InitReport)> {
        let mut client = url.connect(password)?;
        let report = schema::init(&mut client, director)?;
        client.batch_execute("SET search_path = probono").map_err(|e| error::from_pg(&e))?;
        let roles = report.roles.clone();
        Ok((Team::new(client, roles, url), report))
    }

    pub fn url(&self) -> &ServerUrl {
        &self.url
    }

    pub fn roles(&self) -> &Roles {
        &self.roles
    }

    /// The connection, for what this crate does not wrap yet.
    pub fn client(&mut self) -> &mut Client {
        self.client.get_mut()
    }

    pub fn my_role(&mut self) -> Result<Option<TeamRole>> {
        members::my_role(self.client.get_mut(), &self.roles)
    }

    pub fn add_member(&mut self, new: &NewMember<'_>) -> Result<(Member, Option<String>)> {
        members::add(self.client.get_mut(), new)
    }

    pub fn members(&mut self) -> Result<Vec<Member>> {
        members::list(self.client.get_mut(), &self.roles)
    }

    pub fn set_member_role(&mut self, login: &str, role: TeamRole) -> Result<Member> {
        members::set_role(self.client.get_mut(), &self.roles, login, role)
    }

    pub fn remove_member(&mut self, login: &str) -> Result<Member> {
        members::remove(self.client.get_mut(), &self.roles, login)
    }

    pub fn reset_member_password(&mut self, login: &str, password: Option<&str>) -> Result<Option<String>> {
        members::reset_password(self.client.get_mut(), login, password)
    }

    pub fn change_own_password(&mut self, password: &str) -> Result<()> {
        members::change_own_password(self.client.get_mut(), password)
    }

    /// Copies a vault's records (as `Store::records_out` reads them) into this team database,
    /// which must hold none yet: ids kept, one transaction. Directors only.
    pub fn push(
        &mut self,
        records: Vec<(&'static str, probono_core::exchange::Rows)>,
        settings: &[(String, String)],
        progress: impl FnMut(&str, usize, usize),
    ) -> Result<PushReport> {
        if self.my_role()? != Some(TeamRole::Director) {
            return Err(Error::NotAllowed("only a director can copy a vault into the team database".into()));
        }
        push::push(self.client.get_mut(), records, settings, progress)
    }

    /// Logs time as `id` (made by the caller, e.g. `Uuid::now_v7()`): the same id sent again
    /// stores nothing new. An empty volunteer means the member logged in.
    pub fn log_time(
        &mut self,
        id: Uuid,
        draft: &probono_core::model::TimeEntryDraft,
        today: jiff::civil::Date,
    ) -> Result<probono_core::model::TimeEntry> {
        time::log(self.client.get_mut(), id, draft, today)
    }

    /// Every record this member may see, as of one moment, in the shape of the vault's export
    /// files (for a backup restorable as a vault).
    pub fn snapshot(&mut self, progress: impl FnMut(&str, usize, usize)) -> Result<snapshot::Snapshot> {
        snapshot::take(self.client.get_mut(), progress)
    }

    pub fn settings(&mut self) -> Result<probono_core::store::Settings> {
        reports::settings(self.client.get_mut())
    }

    /// The impact report over what this member may see (docs/report-definitions.md).
    pub fn impact_report(
        &mut self,
        period: probono_core::reports::Period,
    ) -> Result<probono_core::reports::impact::ImpactReport> {
        reports::impact(self.client.get_mut(), period)
    }

    /// The volunteer-hour report over what this member may see.
    pub fn hours_report(
        &mut self,
        period: probono_core::reports::Period,
    ) -> Result<probono_core::reports::hours::HoursReport> {
        reports::hours(self.client.get_mut(), period)
    }

    /// Writes to the audit trail that this member took something out (a report, a PDF).
    pub fn record_access(&mut self, what: &str, entity: &str, id: &str) -> Result<()> {
        self.client.get_mut().execute("SELECT record_access($1, $2, $3)", &[&what, &entity, &id]).pg()?;
        Ok(())
    }

    /// Puts a volunteer (member login, e-mail or id) on a matter (case reference or id).
    /// Says whether the assignment is new; the assignment table's one writer is the data
    /// layer's (`records`), shared with `Records::assign`.
    pub fn assign(&mut self, matter: &str, volunteer: &str) -> Result<Assigned> {
        if volunteer.trim().is_empty() {
            return Err(Error::invalid("volunteer", "name the volunteer: a member's login, an e-mail or an id"));
        }
        let new = records::assign_volunteer(self.client.get_mut(), volunteer, matter).map_err(|e| match e.field() {
            Some("matter") => Error::not_found(format!("matter {}", matter.trim())),
            Some("volunteer") => Error::not_found(format!("volunteer {}", volunteer.trim())),
            _ => e,
        })?;
        Ok(if new { Assigned::Now } else { Assigned::Already })
    }
}

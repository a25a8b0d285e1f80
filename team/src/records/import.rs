//! Spreadsheet import on a team server: the core's import rules (`probono_core::import::run`)
//! over this engine's reads and writes, all in one transaction, through the tables' own writers
//! here. What the member may add or change is the server's decision, as for any write: a role
//! that may not add clients gets "your role on the team server does not allow this" and
//! nothing is written. The audit trail holds one row per record written, with the login.

use std::collections::HashSet;

use postgres::Transaction;
use probono_core::Result;
use probono_core::conflict::Person;
use probono_core::import::target::{ExistingEntry, FoundVolunteer, Identity, ImportTarget, KnownClient, NewEntry};
use probono_core::import::{ImportRequest, ImportSummary};
use probono_core::model::Role;
use probono_core::store::valid;
use probono_core::task::TaskContext;
use probono_core::validate::fold_key;
use uuid::Uuid;

use super::{clients, date, matters, people};
use crate::error::PgResult;

struct ServerTarget<'a, 't> {
    tx: &'a mut Transaction<'t>,
    /// (volunteer, matter) pairs already put on the matter by this import.
    assigned: HashSet<(Uuid, Uuid)>,
    /// The facilities' first spellings, read once for the whole import.
    facilities: matters::Facilities,
}

/// Runs an import in one transaction: committed when every row was good and it is not a dry
/// run, rolled back otherwise (and on any error or a cancel).
pub(super) fn import(
    client: &mut postgres::Client,
    request: ImportRequest<'_>,
    task: &TaskContext,
) -> Result<ImportSummary> {
    let mut tx = client.transaction().pg()?;
    let summary = probono_core::import::run(
        &mut ServerTarget { tx: &mut tx, assigned: HashSet::new(), facilities: Default::default() },
        request,
        task,
    )?;
    if summary.written() {
        tx.commit().pg()?;
    } else {
        tx.rollback().pg()?;
    }
    Ok(summary)
}

impl ImportTarget for ServerTarget<'_, '_> {
    type Key = Uuid;

    fn matter_exists(&mut self, case_ref: &str) -> Result<bool> {
        Ok(self.tx.query_opt("SELECT 1 FROM matter WHERE case_ref = $1", &[&case_ref]).pg()?.is_some())
    }

    fn matter(&mut self, case_ref: &str) -> Result<Option<(Uuid, Uuid)>> {
        Ok(self
            .tx
            .query_opt("SELECT id, client_id FROM matter WHERE case_ref = $1", &[&case_ref])
            .pg()?
            .map(|r| (r.get(0), r.get(1))))
    }

    fn find_volunteer(&mut self, identity: &Identity, name: &str) -> Result<Option<FoundVolunteer<Uuid>>> {
        let row_of = |r: &postgres::Row| -> Result<FoundVolunteer<Uuid>> {
            let role = Role::parse("role", r.get(2)).map_err(|_| {
                probono_core::Error::Database("the team database holds an unknown volunteer role".into())
            })?;
            Ok(FoundVolunteer { key: r.get(0), organization: r.get(1), role })
        };
        match identity {
            Identity::Email(email) => self
                .tx
                .query_opt("SELECT id, organization_id, role FROM volunteer WHERE lower(email) = $1", &[email])
                .pg()?
                .as_ref()
                .map(row_of)
                .transpose(),
            // The vault's rule: the first volunteer (in the order they were added) by folded name.
            Identity::Name(_) => {
                let wanted = fold_key(name);
                let rows = self
                    .tx
                    .query("SELECT id, organization_id, role, name FROM volunteer ORDER BY created_at, id", &[])
                    .pg()?;
                rows.iter().find(|r| fold_key(r.get::<_, &str>(3)) == wanted).map(row_of).transpose()
            }
        }
    }

    fn clients(&mut self) -> Result<Vec<KnownClient<Uuid>>> {
        let sql = format!("SELECT id, name, a_number, {} FROM client ORDER BY created_at, id", date("date_of_birth"));
        Ok(self
            .tx
            .query(&sql, &[])
            .pg()?
            .iter()
            .map(|r| KnownClient { key: r.get(0), name: r.get(1), a_number: r.get(2), date_of_birth: r.get(3) })
            .collect())
    }

    fn conflict_people(&mut self) -> Result<(Vec<Person>, f64)> {
        let threshold = crate::reports::settings(self.tx)?.conflict_threshold;
        Ok((super::conflicts::people(self.tx)?, threshold))
    }

    fn insert_client(&mut self, client: &valid::Client) -> Result<Uuid> {
        clients::insert(self.tx, client)
    }

    fn merge_client(&mut self, client: Uuid, row: &valid::Client) -> Result<bool> {
        clients::merge_import(self.tx, client, row)
    }

    fn insert_matter(&mut self, client: Uuid, matter: &valid::Matter) -> Result<Uuid> {
        matters::insert(self.tx, client, matter, &mut self.facilities)
    }

    fn merge_matter(&mut self, matter: Uuid, row: &valid::Matter) -> Result<bool> {
        matters::merge_import(self.tx, matter, row, &mut self.facilities)
    }

    fn organization_count(&mut self) -> Result<i64> {
        Ok(self.tx.query_one("SELECT count(*) FROM organization", &[]).pg()?.get(0))
    }

    fn organization(&mut self, name: &str) -> Result<Uuid> {
        people::organization(self.tx, name)
    }

    fn insert_volunteer(&mut self, volunteer: &valid::Volunteer) -> Result<Uuid> {
        people::insert(self.tx, volunteer)
    }

    fn set_organization_and_role(&mut self, volunteer: Uuid, organization: Option<Uuid>, role: Role) -> Result<()> {
        people::set_organization_and_role(self.tx, volunteer, organization, role)
    }

    fn service(&mut self, volunteer: Uuid) -> Result<(Option<String>, Vec<String>)> {
        let sql = format!("SELECT {}, bar_admissions FROM volunteer WHERE id = $1", date("law_school_start"));
        let row = self.tx.query_one(&sql, &[&volunteer]).pg()?;
        Ok((row.get(0), row.get(1)))
    }

    fn set_service(&mut self, volunteer: Uuid, start: Option<&str>, admissions: &[String]) -> Result<()> {
        people::set_service(self.tx, volunteer, start, admissions)
    }

    /// Oldest first: by when each was added, then by id (ids are time-ordered, so entries
    /// added in one transaction keep their order).
    fn entries_of_matter(&mut self, matter: Uuid, each: &mut dyn FnMut(ExistingEntry<'_, Uuid>)) -> Result<()> {
        let sql = format!(
            "SELECT id, volunteer_id, {}, activity, minutes FROM time_entry WHERE matter_id = $1 ORDER BY created_at, id",
            date("date")
        );
        for r in &self.tx.query(&sql, &[&matter]).pg()? {
            each(ExistingEntry {
                id: r.get(0),
                volunteer: r.get(1),
                date: r.get(2),
                activity: r.get(3),
                minutes: i64::from(r.get::<_, i32>(4)),
            });
        }
        Ok(())
    }

    fn update_minutes(&mut self, entry: Uuid, minutes: u32) -> Result<()> {
        crate::time::update_minutes(self.tx, entry, i32::try_from(minutes).unwrap_or(i32::MAX))
    }

    /// As the vault's time writer does, the volunteer is put on the matter (once).
    fn insert_entry(&mut self, e: &NewEntry<'_, Uuid>) -> Result<()> {
        let minutes = i32::try_from(e.minutes).unwrap_or(i32::MAX);
        crate::time::insert(self.tx, Uuid::now_v7(), e.matter, e.volunteer, e.date, minutes, e.activity)?;
        if self.assigned.insert((e.volunteer, e.matter)) {
            people::put_on_matter(self.tx, e.volunteer, e.matter, Some(e.date))?;
        }
        Ok(())
    }

    fn supervise(&mut self, volunteer: Uuid, matter: Uuid, supervisor: &str, since: &str) -> Result<()> {
        let supervisor = people::resolve(self.tx, supervisor, "supervisor")?;
        people::put_on_matter(self.tx, volunteer, matter, Some(since))?;
        people::supervise(self.tx, volunteer, matter, Some(supervisor))
    }

    /// Each row written is already in the audit trail (the server's triggers, with the login).
    fn audit(&mut self, _detail: &str) -> Result<()> {
        Ok(())
    }
}

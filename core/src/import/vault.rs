//! An import's reads and writes in a vault, inside its one write transaction: through the
//! tables' own writers (`store::clients`, `store::matters`, `store::volunteers`, the time
//! writer), keyed by the tables' row numbers.

use rusqlite::{OptionalExtension, Transaction};
use uuid::Uuid;

use super::target::{ExistingEntry, FoundVolunteer, Identity, ImportTarget, KnownClient, NewEntry};
use crate::conflict::Person;
use crate::error::Result;
use crate::model::Role;
use crate::store::{self, NameTable, Stamp, clients, intern, matters, time, valid, volunteers};

pub(super) struct VaultTarget<'a, 'c> {
    tx: &'a Transaction<'c>,
    writer: time::TimeWriter<'a>,
}

impl<'a, 'c> VaultTarget<'a, 'c> {
    pub fn new(tx: &'a Transaction<'c>) -> Self {
        VaultTarget { tx, writer: time::TimeWriter::new(tx) }
    }
}

impl ImportTarget for VaultTarget<'_, '_> {
    type Key = i64;

    fn matter_exists(&mut self, case_ref: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM matter WHERE case_ref = ?1)")?
            .query_row([case_ref], |r| r.get(0))?)
    }

    fn matter(&mut self, case_ref: &str) -> Result<Option<(i64, i64)>> {
        Ok(self
            .tx
            .prepare_cached("SELECT seq, client_seq FROM matter WHERE case_ref = ?1")?
            .query_row([case_ref], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn find_volunteer(&mut self, identity: &Identity, name: &str) -> Result<Option<FoundVolunteer<i64>>> {
        let (sql, key) = match identity {
            Identity::Email(e) => ("SELECT seq, organization_seq, role FROM volunteer WHERE email_key = ?1", e.clone()),
            Identity::Name(_) => (
                "SELECT seq, organization_seq, role FROM volunteer WHERE name_key = ?1 ORDER BY seq LIMIT 1",
                crate::validate::fold_key(name),
            ),
        };
        Ok(self
            .tx
            .prepare_cached(sql)?
            .query_row([key], |r| Ok(FoundVolunteer { key: r.get(0)?, organization: r.get(1)?, role: r.get(2)? }))
            .optional()?)
    }

    fn clients(&mut self) -> Result<Vec<KnownClient<i64>>> {
        let mut stmt = self.tx.prepare("SELECT seq, name, a_number, date_of_birth FROM client")?;
        let rows = stmt.query_map([], |r| {
            Ok(KnownClient { key: r.get(0)?, name: r.get(1)?, a_number: r.get(2)?, date_of_birth: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn conflict_people(&mut self) -> Result<(Vec<Person>, f64)> {
        let threshold = store::settings::read(self.tx)?.conflict_threshold;
        Ok((store::conflicts::people(self.tx, false)?, threshold))
    }

    fn insert_client(&mut self, client: &valid::Client) -> Result<i64> {
        Ok(clients::insert(self.tx, client, &Stamp::new())?.0)
    }

    fn merge_client(&mut self, client: i64, row: &valid::Client) -> Result<bool> {
        clients::merge_import(self.tx, client, row)
    }

    fn insert_matter(&mut self, client: i64, matter: &valid::Matter) -> Result<i64> {
        Ok(matters::insert(self.tx, client, matter, &Stamp::new())?.0)
    }

    fn merge_matter(&mut self, matter: i64, row: &valid::Matter) -> Result<bool> {
        matters::merge_import(self.tx, matter, row)
    }

    fn organization_count(&mut self) -> Result<i64> {
        Ok(self.tx.query_row("SELECT count(*) FROM organization", [], |r| r.get(0))?)
    }

    fn organization(&mut self, name: &str) -> Result<i64> {
        intern(self.tx, NameTable::Organization, name)
    }

    fn insert_volunteer(&mut self, volunteer: &valid::Volunteer) -> Result<i64> {
        Ok(volunteers::insert(self.tx, volunteer, &Stamp::new())?.0)
    }

    fn set_organization_and_role(&mut self, volunteer: i64, organization: Option<i64>, role: Role) -> Result<()> {
        volunteers::update_org_role(self.tx, volunteer, organization, role)
    }

    fn service(&mut self, volunteer: i64) -> Result<(Option<String>, Vec<String>)> {
        let (start, admissions): (Option<String>, String) = self.tx.query_row(
            "SELECT law_school_start, bar_admissions FROM volunteer WHERE seq = ?1",
            [volunteer],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((start, store::from_json_list(&admissions)))
    }

    fn set_service(&mut self, volunteer: i64, start: Option<&str>, admissions: &[String]) -> Result<()> {
        volunteers::update_service(self.tx, volunteer, start, admissions)
    }

    /// One range of the clustered table; it also tells the time writer the matter's last
    /// entry number (saving it a query per matter).
    fn entries_of_matter(&mut self, matter: i64, each: &mut dyn FnMut(ExistingEntry<'_, i64>)) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT seq, id, volunteer_seq, date, activity, minutes FROM time_entry WHERE matter_seq = ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([matter])?;
        let mut last_seq = 0;
        while let Some(r) = rows.next()? {
            last_seq = r.get(0)?;
            each(ExistingEntry {
                id: r.get(1)?,
                volunteer: r.get(2)?,
                date: text(r, 3)?,
                activity: text(r, 4)?,
                minutes: r.get(5)?,
            });
        }
        self.writer.start_matter(matter, last_seq);
        Ok(())
    }

    fn update_minutes(&mut self, entry: Uuid, minutes: u32) -> Result<()> {
        time::update_minutes(self.tx, entry, minutes, self.writer.stamp())
    }

    fn insert_entry(&mut self, e: &NewEntry<'_, i64>) -> Result<()> {
        let entry = time::NewEntry {
            volunteer_seq: e.volunteer,
            matter_seq: e.matter,
            date: e.date,
            minutes: e.minutes,
            activity: e.activity,
        };
        self.writer.insert(store::new_id(), &entry)
    }

    fn supervise(&mut self, volunteer: i64, matter: i64, supervisor: &str, since: &str) -> Result<()> {
        let (supervisor, _) = volunteers::resolve(self.tx, supervisor, "supervisor")?;
        volunteers::assign(self.tx, volunteer, matter, since, &Stamp::new())?;
        volunteers::set_supervisor(self.tx, volunteer, matter, Some(supervisor))
    }

    fn audit(&mut self, detail: &str) -> Result<()> {
        store::audit(self.tx, "import", "import", None, detail)
    }
}

/// A text column without copying it.
fn text<'r>(row: &'r rusqlite::Row<'_>, index: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(index)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

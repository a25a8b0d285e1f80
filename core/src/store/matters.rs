//! Matters: one client's case, with its type, detention, venue, dates and outcomes.

use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{NameTable, Stamp, Store, audit, intern, now, parse_id};
use crate::error::{Error, Result};
use crate::geo;
use crate::model::{
    CaseType, Matter, MatterDetail, MatterDraft, MatterStatus, Party, PartyRole, ReleaseOutcome, ReliefOutcome,
};
use crate::validate::{self, Problems};

/// The most adverse parties named when opening a matter (more are added from its page).
pub const MAX_PARTIES_ON_OPEN: usize = 20;

/// A matter draft that passed validation (the client still given by reference).
#[derive(Debug, Clone)]
pub struct ValidMatter {
    pub case_ref: Option<String>,
    pub case_type: CaseType,
    pub detained: bool,
    pub facility: Option<String>,
    pub state_of_residence: Option<String>,
    pub court: Option<String>,
    pub opened: String,
    pub closed: Option<String>,
    pub relief_outcome: ReliefOutcome,
    pub decided_on: Option<String>,
    pub release_requested: bool,
    pub release_outcome: Option<ReleaseOutcome>,
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks every field and the rules between them; returns all the problems found. Field
/// names follow the CSV import columns, so a message reads the same in both places.
pub fn validate(draft: &MatterDraft) -> std::result::Result<ValidMatter, Vec<Error>> {
    let mut p = Problems::default();
    let case_ref = p.take(present(&draft.case_ref).map(|r| validate::case_ref("case_ref", r)).transpose());
    let case_type = p.take(CaseType::parse("case_type", &draft.case_type));
    let facility =
        p.take(present(&draft.detention_facility).map(|f| validate::name("detention_facility", f)).transpose());
    if present(&draft.detention_facility).is_some() && !draft.detained {
        p.push(Error::invalid("detention_facility", "applies only when the client is detained"));
    }
    let state_of_residence = p.take(
        present(&draft.state_of_residence)
            .map(|s| geo::us_state("state_of_residence", s).map(str::to_owned))
            .transpose(),
    );
    let court = p.take(present(&draft.court).map(|c| validate::line("court", c)).transpose());
    let opened = p.take(validate::date("opened", &draft.opened));
    let closed = p.take(present(&draft.closed).map(|c| validate::date("closed", c)).transpose());
    if let (Some(opened), Some(Some(closed))) = (opened, closed)
        && closed < opened
    {
        p.push(Error::invalid("closed", "must be on or after the opened date"));
    }
    let relief_outcome = p.take(match present(&draft.relief_outcome) {
        Some(o) => ReliefOutcome::parse("relief_outcome", o),
        None => Ok(ReliefOutcome::Pending),
    });
    let decided_on = p.take(present(&draft.decided_on).map(|d| validate::date("decided_on", d)).transpose());
    if let (Some(Some(decided)), Some(opened)) = (decided_on, opened)
        && decided < opened
    {
        p.push(Error::invalid("decided_on", "must be on or after the opened date"));
    }
    if present(&draft.decided_on).is_some() && matches!(relief_outcome, Some(ReliefOutcome::Pending)) {
        p.push(Error::invalid("decided_on", "applies only once the relief outcome is recorded"));
    }
    let release_outcome =
        p.take(present(&draft.release_outcome).map(|o| ReleaseOutcome::parse("release_outcome", o)).transpose());
    if present(&draft.release_outcome).is_some() && !draft.release_requested {
        p.push(Error::invalid("release_outcome", "applies only when release was requested"));
    }
    match (case_ref, case_type, facility, state_of_residence, court, opened, closed, relief_outcome, release_outcome) {
        (
            Some(case_ref),
            Some(case_type),
            Some(facility),
            Some(state_of_residence),
            Some(court),
            Some(opened),
            Some(closed),
            Some(relief_outcome),
            Some(release_outcome),
        ) if p.is_empty() => Ok(ValidMatter {
            case_ref,
            case_type,
            detained: draft.detained,
            facility,
            state_of_residence,
            court: court.flatten(),
            opened: opened.to_string(),
            closed: closed.map(|c| c.to_string()),
            relief_outcome,
            decided_on: decided_on.flatten().map(|d| d.to_string()),
            release_requested: draft.release_requested,
            // A release request with no outcome yet is pending.
            release_outcome: release_outcome.or(draft.release_requested.then_some(ReleaseOutcome::Pending)),
        }),
        _ => Err(p.into_vec()),
    }
}

/// A fresh case reference `PB-<year opened>-NNNN`.
fn next_case_ref(tx: &Transaction<'_>, opened: &str) -> Result<String> {
    let year = opened.get(0..4).unwrap_or("0000");
    let prefix = format!("PB-{year}-");
    let count: i64 =
        tx.query_row("SELECT count(*) FROM matter WHERE case_ref LIKE ?1 || '%'", [&prefix], |r| r.get(0))?;
    let mut n = count + 1;
    loop {
        let candidate = format!("{prefix}{n:04}");
        let taken: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM matter WHERE case_ref = ?1)", [&candidate], |r| r.get(0))?;
        if !taken {
            return Ok(candidate);
        }
        n += 1;
    }
}

/// Opens a matter (the matter table's one writer, with the functions below it). A missing
/// case reference gets the next `PB-<year>-NNNN`; a taken one is refused.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    client_seq: i64,
    m: &ValidMatter,
    stamp: &Stamp,
) -> Result<(i64, Uuid, String)> {
    let case_ref = match &m.case_ref {
        Some(r) => {
            if case_ref_taken(tx, r)? {
                return Err(Error::invalid("case_ref", format!("{r} is already used by another matter")));
            }
            r.clone()
        }
        None => next_case_ref(tx, &m.opened)?,
    };
    let facility_seq = m.facility.as_deref().map(|f| intern(tx, NameTable::Facility, f)).transpose()?;
    tx.prepare_cached(
        "INSERT INTO matter (id, case_ref, client_seq, case_type, detained, facility_seq, state_of_residence, court,
                             opened, closed, relief_outcome, release_requested, release_outcome, created_at, updated_at,
                             decided_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        stamp.id,
        case_ref,
        client_seq,
        m.case_type,
        m.detained,
        facility_seq,
        m.state_of_residence,
        m.court,
        m.opened,
        m.closed,
        m.relief_outcome,
        m.release_requested,
        m.release_outcome,
        stamp.created_at,
        stamp.updated_at,
        m.decided_on
    ])?;
    Ok((tx.last_insert_rowid(), stamp.id, case_ref))
}

fn case_ref_taken(tx: &Transaction<'_>, case_ref: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM matter WHERE case_ref = ?1)")?
        .query_row([case_ref], |row| row.get(0))?)
}

/// Gives a matter another case reference (refused when another matter has it).
pub(crate) fn set_case_ref(tx: &Transaction<'_>, seq: i64, case_ref: &str) -> Result<()> {
    if case_ref_taken(tx, case_ref)? {
        return Err(Error::invalid("case_ref", format!("{case_ref} is already used by another matter")));
    }
    tx.execute("UPDATE matter SET case_ref = ?2 WHERE seq = ?1", params![seq, case_ref])?;
    Ok(())
}

/// Closes a matter, with the relief outcome when one is given; a decided outcome without a
/// decision date is taken as decided on the closing date.
pub(crate) fn close(tx: &Transaction<'_>, seq: i64, closed: &str, outcome: Option<ReliefOutcome>) -> Result<()> {
    let decided = outcome.filter(|o| *o != ReliefOutcome::Pending).map(|_| closed);
    tx.execute(
        "UPDATE matter SET closed = ?2, relief_outcome = coalesce(?3, relief_outcome),
            decided_on = coalesce(decided_on, ?4), updated_at = ?5 WHERE seq = ?1",
        params![seq, closed, outcome, decided, now()],
    )?;
    Ok(())
}

/// Brings an existing matter up to date with a spreadsheet row (the court is not in the
/// spreadsheet and is kept). Returns whether anything changed.
pub(crate) fn merge_import(tx: &Transaction<'_>, seq: i64, m: &ValidMatter) -> Result<bool> {
    let facility_seq = m.facility.as_deref().map(|f| intern(tx, NameTable::Facility, f)).transpose()?;
    let changed = tx.prepare_cached(
        "UPDATE matter SET case_type = ?2, detained = ?3, facility_seq = ?4, state_of_residence = ?5, opened = ?6,
            closed = ?7, relief_outcome = ?8, release_requested = ?9, release_outcome = ?10, updated_at = ?11,
            decided_on = coalesce(?12, decided_on)
         WHERE seq = ?1 AND NOT (case_type IS ?2 AND detained IS ?3 AND facility_seq IS ?4 AND state_of_residence IS ?5
            AND opened IS ?6 AND closed IS ?7 AND relief_outcome IS ?8 AND release_requested IS ?9 AND release_outcome IS ?10
            AND (?12 IS NULL OR decided_on IS ?12))",
    )?
    .execute(params![
        seq,
        m.case_type,
        m.detained,
        facility_seq,
        m.state_of_residence,
        m.opened,
        m.closed,
        m.relief_outcome,
        m.release_requested,
        m.release_outcome,
        now(),
        m.decided_on
    ])?;
    Ok(changed > 0)
}

/// A party to a matter that passed validation.
#[derive(Debug, Clone)]
pub struct ValidParty {
    pub role: PartyRole,
    pub name: String,
    pub relationship: Option<String>,
}

/// Moves every matter of one client to another (merging duplicate clients). Returns how many.
pub(crate) fn move_to_client(tx: &Transaction<'_>, from_client_seq: i64, to_client_seq: i64) -> Result<usize> {
    Ok(tx
        .prepare_cached("UPDATE matter SET client_seq = ?2, updated_at = ?3 WHERE client_seq = ?1")?
        .execute(params![from_client_seq, to_client_seq, super::now()])?)
}

/// The adverse parties named on the new-matter form (at most [`MAX_PARTIES_ON_OPEN`]); a bad
/// name refuses them all (field `adverse_parties`).
pub fn validate_adverse_parties(names: &[String]) -> Result<Vec<ValidParty>> {
    if names.len() > MAX_PARTIES_ON_OPEN {
        return Err(Error::invalid(
            "adverse_parties",
            format!("at most {MAX_PARTIES_ON_OPEN} when opening a matter; add more from its page"),
        ));
    }
    names
        .iter()
        .map(|name| {
            validate_party(PartyRole::AdverseParty.code(), name, None)
                .map_err(|e| Error::invalid("adverse_parties", format!("the name {}", e.message())))
        })
        .collect()
}

pub fn validate_party(role: &str, name: &str, relationship: Option<&str>) -> Result<ValidParty> {
    Ok(ValidParty {
        role: PartyRole::parse("role", role)?,
        name: validate::name("name", name)?,
        relationship: relationship.map(|r| validate::line("relationship", r)).transpose()?.flatten(),
    })
}

/// Adds a party to a matter (the party table's one writer).
pub(crate) fn insert_party(tx: &Transaction<'_>, matter_seq: i64, p: &ValidParty, stamp: &Stamp) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO party (id, matter_seq, role, name, relationship, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![stamp.id, matter_seq, p.role, p.name, p.relationship, stamp.created_at])?;
    Ok(())
}

/// Updates every field of an existing matter (import of a corrected spreadsheet, edit form).
pub(crate) fn update(tx: &Transaction<'_>, seq: i64, client_seq: i64, m: &ValidMatter) -> Result<()> {
    let facility_seq = m.facility.as_deref().map(|f| intern(tx, NameTable::Facility, f)).transpose()?;
    tx.execute(
        "UPDATE matter SET client_seq = ?2, case_type = ?3, detained = ?4, facility_seq = ?5, state_of_residence = ?6,
            court = ?7, opened = ?8, closed = ?9, relief_outcome = ?10, release_requested = ?11, release_outcome = ?12,
            updated_at = ?13, decided_on = ?14 WHERE seq = ?1",
        params![
            seq,
            client_seq,
            m.case_type,
            m.detained,
            facility_seq,
            m.state_of_residence,
            m.court,
            m.opened,
            m.closed,
            m.relief_outcome,
            m.release_requested,
            m.release_outcome,
            now(),
            m.decided_on
        ],
    )?;
    Ok(())
}

pub(crate) const SELECT: &str = "SELECT m.id, m.case_ref, c.id, c.name, m.case_type, m.detained, f.name,
        m.state_of_residence, m.court, m.opened, m.closed, m.relief_outcome, m.release_requested,
        m.release_outcome, m.created_at, m.updated_at, m.decided_on
    FROM matter m JOIN client c ON c.seq = m.client_seq LEFT JOIN facility f ON f.seq = m.facility_seq";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Matter> {
    let closed: Option<String> = row.get(10)?;
    Ok(Matter {
        id: row.get(0)?,
        case_ref: row.get(1)?,
        client_id: row.get(2)?,
        client_name: row.get(3)?,
        case_type: row.get(4)?,
        detained: row.get(5)?,
        facility: row.get(6)?,
        state_of_residence: row.get(7)?,
        court: row.get(8)?,
        opened: row.get(9)?,
        status: if closed.is_some() { MatterStatus::Closed } else { MatterStatus::Open },
        closed,
        relief_outcome: row.get(11)?,
        release_requested: row.get(12)?,
        release_outcome: row.get(13)?,
        created_at: row.get(14)?,
        updated_at: row.get(15)?,
        decided_on: row.get(16)?,
    })
}

/// Resolves a matter reference (case reference or id) to its seq.
pub(crate) fn resolve(conn: &rusqlite::Connection, reference: &str, field: &str) -> Result<(i64, Uuid)> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    let by_ref = conn
        .query_row("SELECT seq, id FROM matter WHERE case_ref = ?1", [reference], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some(found) = by_ref {
        return Ok(found);
    }
    if let Some(id) = parse_id(reference) {
        let by_id = conn
            .query_row("SELECT seq, id FROM matter WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some(found) = by_id {
            return Ok(found);
        }
    }
    Err(Error::invalid(field, format!("no matter has the case reference or id {reference}")))
}

/// Filters for the matter list; every field narrows the list.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", ts(optional_fields))]
pub struct MatterFilter {
    pub status: Option<MatterStatus>,
    pub case_type: Option<CaseType>,
    pub detained: Option<bool>,
    /// Matters this volunteer (id, e-mail or name) is assigned to.
    pub volunteer: Option<String>,
    /// Matters of this client (id, A-number or name).
    pub client: Option<String>,
    /// Text in the case reference or the client's name.
    pub search: Option<String>,
}

pub(crate) fn matter_by_id(conn: &rusqlite::Connection, id: Uuid) -> Result<Matter> {
    conn.query_row(&format!("{SELECT} WHERE m.id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("matter {id}")))
}

/// The matter list (what `Store::list_matters` returns), over any connection.
pub fn list(conn: &rusqlite::Connection, filter: &MatterFilter) -> Result<Vec<Matter>> {
    let mut sql = format!("{SELECT} WHERE 1=1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    match filter.status {
        Some(MatterStatus::Open) => sql.push_str(" AND m.closed IS NULL"),
        Some(MatterStatus::Closed) => sql.push_str(" AND m.closed IS NOT NULL"),
        None => {}
    }
    if let Some(t) = filter.case_type {
        args.push(t.code().to_string().into());
        sql.push_str(&format!(" AND m.case_type = ?{}", args.len()));
    }
    if let Some(d) = filter.detained {
        args.push(i64::from(d).into());
        sql.push_str(&format!(" AND m.detained = ?{}", args.len()));
    }
    if let Some(v) = filter.volunteer.as_deref().filter(|v| !v.trim().is_empty()) {
        let (vseq, _) = super::volunteers::resolve(conn, v, "volunteer")?;
        args.push(vseq.into());
        sql.push_str(&format!(
            " AND m.seq IN (SELECT matter_seq FROM assignment WHERE volunteer_seq = ?{})",
            args.len()
        ));
    }
    if let Some(c) = filter.client.as_deref().filter(|c| !c.trim().is_empty()) {
        let (cseq, _) = super::clients::resolve(conn, c, "client")?;
        args.push(cseq.into());
        sql.push_str(&format!(" AND m.client_seq = ?{}", args.len()));
    }
    sql.push_str(" ORDER BY m.opened DESC, m.seq DESC");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), from_row)?;
    let needle = filter.search.as_deref().map(validate::fold_key).filter(|s| !s.is_empty());
    let mut out = Vec::new();
    for row in rows {
        let m = row?;
        let keep = needle.as_ref().is_none_or(|n| {
            m.case_ref.to_lowercase().contains(n.as_str()) || validate::fold_key(&m.client_name).contains(n.as_str())
        });
        if keep {
            out.push(m);
        }
    }
    Ok(out)
}

/// The matter page: the matter, its client, parties, volunteers with their hours,
/// hearings, time entries and notes.
pub fn detail(conn: &rusqlite::Connection, reference: &str) -> Result<MatterDetail> {
    let (seq, _) = resolve(conn, reference, "matter")?;
    // Look up by integer key, not by id: the id indexes are spread over many pages, and every
    // page not in the cache costs a decryption.
    let matter = conn.query_row(&format!("{SELECT} WHERE m.seq = ?1"), [seq], from_row)?;
    let client_seq: i64 = conn.query_row("SELECT client_seq FROM matter WHERE seq = ?1", [seq], |r| r.get(0))?;
    let client = super::clients::client_by_seq(conn, client_seq)?;
    let mut stmt = conn.prepare("SELECT id, role, name, relationship FROM party WHERE matter_seq = ?1 ORDER BY seq")?;
    let parties = stmt
        .query_map([seq], |r| Ok(Party { id: r.get(0)?, role: r.get(1)?, name: r.get(2)?, relationship: r.get(3)? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let volunteers = super::volunteers::assignments_of_matter(conn, seq)?;
    let hearings = super::calendar::hearings_of_matter(conn, seq)?;
    let time_entries = super::time::entries_of_matter(conn, seq)?;
    let notes = super::calendar::notes_of_matter(conn, seq)?;
    let total_minutes = time_entries.iter().map(|e| e.minutes).sum();
    let deadlines = super::deadlines::of_matter(conn, seq)?;
    let conflict_checks = super::conflicts::checks_of_matter(conn, seq)?;
    Ok(MatterDetail {
        matter,
        client,
        parties,
        volunteers,
        hearings,
        time_entries,
        notes,
        total_minutes,
        deadlines,
        conflict_checks,
    })
}

impl Store {
    /// The matter page: the matter, its client, parties, volunteers with their hours,
    /// hearings, time entries and notes.
    pub fn matter_detail(&self, reference: &str) -> Result<MatterDetail> {
        detail(self.conn(), reference)
    }

    pub fn create_matter(&mut self, draft: &MatterDraft) -> Result<Matter> {
        self.open_matter(draft, &[])
    }

    /// Opens a matter with the adverse parties named on the new-matter form, in one
    /// transaction: a bad name refuses the whole (error field `adverse_parties`), nothing
    /// written.
    pub fn open_matter(&mut self, draft: &MatterDraft, adverse_parties: &[String]) -> Result<Matter> {
        let valid = validate(draft).map_err(validate::first)?;
        let parties = validate_adverse_parties(adverse_parties)?;
        let id = self.write(|tx| {
            let (client_seq, _) = super::clients::resolve(tx, &draft.client, "client")?;
            let (seq, id, _) = insert(tx, client_seq, &valid, &Stamp::new())?;
            audit(tx, "create", "matter", Some(id), "")?;
            for party in &parties {
                let stamp = Stamp::new();
                insert_party(tx, seq, party, &stamp)?;
                audit(tx, "create", "party", Some(stamp.id), &format!("on matter {id}"))?;
            }
            Ok(id)
        })?;
        self.matter(id)
    }

    pub fn update_matter(&mut self, id: Uuid, draft: &MatterDraft) -> Result<Matter> {
        let valid = validate(draft).map_err(validate::first)?;
        self.write(|tx| {
            let (seq, case_ref): (i64, String) = tx
                .query_row("SELECT seq, case_ref FROM matter WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or_else(|| Error::not_found(format!("matter {id}")))?;
            let (client_seq, _) = super::clients::resolve(tx, &draft.client, "client")?;
            if let Some(new_ref) = &valid.case_ref
                && *new_ref != case_ref
            {
                set_case_ref(tx, seq, new_ref)?;
            }
            update(tx, seq, client_seq, &valid)?;
            audit(tx, "update", "matter", Some(id), "")
        })?;
        self.matter(id)
    }

    /// Closes a matter on `date` (default today), optionally recording the relief outcome.
    pub fn close_matter(&mut self, reference: &str, date: Option<&str>, outcome: Option<&str>) -> Result<Matter> {
        let closed = match date.map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => validate::date("closed", d)?,
            None => super::today(),
        };
        let outcome = outcome.map(|o| ReliefOutcome::parse("relief_outcome", o)).transpose()?;
        let id = self.write(|tx| {
            let (seq, id) = resolve(tx, reference, "matter")?;
            let (opened, was_closed): (String, Option<String>) =
                tx.query_row("SELECT opened, closed FROM matter WHERE seq = ?1", [seq], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            if was_closed.is_some() {
                return Err(Error::Conflict(format!("matter {reference} is already closed")));
            }
            if closed.to_string() < opened {
                return Err(Error::invalid("closed", "must be on or after the opened date"));
            }
            close(tx, seq, &closed.to_string(), outcome)?;
            audit(tx, "update", "matter", Some(id), "closed")?;
            Ok(id)
        })?;
        self.matter(id)
    }

    pub fn matter(&self, id: Uuid) -> Result<Matter> {
        matter_by_id(self.conn(), id)
    }

    /// Finds a matter by case reference or id.
    pub fn find_matter(&self, reference: &str) -> Result<Matter> {
        let (_, id) = resolve(self.conn(), reference, "matter")?;
        self.matter(id)
    }

    pub fn list_matters(&self, filter: &MatterFilter) -> Result<Vec<Matter>> {
        list(self.conn(), filter)
    }

    /// The matters changed most recently, newest first.
    pub fn recent_matters(&self, limit: usize) -> Result<Vec<Matter>> {
        let mut stmt = self.conn().prepare(&format!("{SELECT} ORDER BY m.updated_at DESC, m.seq DESC LIMIT ?1"))?;
        let rows = stmt.query_map([limit as i64], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a party (adverse party, co-respondent, family member, witness, interpreter,
    /// opposing counsel or other) to a matter.
    pub fn add_party(&mut self, matter: &str, role: &str, name: &str, relationship: Option<&str>) -> Result<Party> {
        let party = validate_party(role, name, relationship)?;
        let stamp = Stamp::new();
        self.write(|tx| {
            let (mseq, mid) = resolve(tx, matter, "matter")?;
            insert_party(tx, mseq, &party, &stamp)?;
            audit(tx, "create", "party", Some(stamp.id), &format!("on matter {mid}"))
        })?;
        Ok(Party { id: stamp.id, role: party.role, name: party.name, relationship: party.relationship })
    }
}

/// Every problem with a matter draft, for a form that checks as the user types (the client
/// reference is checked on save).
pub fn check(draft: &MatterDraft) -> Vec<crate::PublicError> {
    validate(draft).err().unwrap_or_default().iter().map(crate::Error::to_public).collect()
}

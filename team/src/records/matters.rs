//! Matters on a team server, and what hangs off them: parties, notes, hearings.

use postgres::{Client, GenericClient, Row};
use probono_core::model::{
    Assignment, CaseType, ConflictCheck, ConflictDecision, Hearing, HearingDraft, HearingKind, Matter, MatterDetail,
    MatterDraft, MatterStatus, Note, Party, PartyRole, ReleaseOutcome, ReliefOutcome, Role,
};
use probono_core::records::{HearingQuery, NewParty};
use probono_core::store::{MatterFilter, valid};
use probono_core::validate::{self, fold_key};
use probono_core::{Error, Result};
use uuid::Uuid;

use super::{Args, Versions, date, stamp};
use crate::error::PgResult;

fn select() -> String {
    format!(
        "SELECT m.id, m.case_ref, m.client_id, coalesce(c.name, ''), m.case_type, m.detained, m.detention_facility,
                m.state_of_residence, m.court, {opened}, {closed}, m.relief_outcome, m.release_requested,
                m.release_outcome, {created}, {updated}, {decided}, m.version
         FROM matter m LEFT JOIN client c ON c.id = m.client_id",
        opened = date("m.opened"),
        closed = date("m.closed"),
        created = stamp("m.created_at"),
        updated = stamp("m.updated_at"),
        decided = date("m.decided_on"),
    )
}

/// A stored choice read back (the table's CHECK keeps them to the codes).
fn choice<T>(parse: impl Fn(&str, &str) -> Result<T>, field: &str, code: &str) -> Result<T> {
    parse(field, code).map_err(|_| Error::Database(format!("the team database holds an unknown {field}")))
}

/// A matter as read; `versions`: remember its version (a record opened to be edited; a list
/// does not, so a list read between opening a form and saving it cannot move the version on).
fn from_row(r: &Row, versions: Option<&Versions>) -> Result<Matter> {
    let closed: Option<String> = r.get(10);
    let matter = Matter {
        id: r.get(0),
        case_ref: r.get(1),
        client_id: r.get(2),
        client_name: r.get(3),
        case_type: choice(CaseType::parse, "case_type", r.get(4))?,
        detained: r.get(5),
        facility: r.get(6),
        state_of_residence: r.get(7),
        court: r.get(8),
        opened: r.get(9),
        status: if closed.is_some() { MatterStatus::Closed } else { MatterStatus::Open },
        closed,
        relief_outcome: choice(ReliefOutcome::parse, "relief_outcome", r.get(11))?,
        release_requested: r.get(12),
        release_outcome: r
            .get::<_, Option<&str>>(13)
            .map(|o| choice(ReleaseOutcome::parse, "release_outcome", o))
            .transpose()?,
        created_at: r.get(14),
        updated_at: r.get(15),
        decided_on: r.get(16),
    };
    if let Some(versions) = versions {
        versions.read(matter.id, r.get(17));
    }
    Ok(matter)
}

pub(super) fn by_id(c: &mut Client, versions: &Versions, id: Uuid) -> Result<Matter> {
    let row = c
        .query_opt(&format!("{} WHERE m.id = $1", select()), &[&id])
        .pg()?
        .ok_or_else(|| Error::not_found(format!("matter {id}")))?;
    from_row(&row, Some(versions))
}

/// A case reference or id, among the matters this member may see.
pub(super) fn resolve(c: &mut Client, reference: &str, field: &str) -> Result<Uuid> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    if let Some(row) = c.query_opt("SELECT id FROM matter WHERE case_ref = $1", &[&reference]).pg()? {
        return Ok(row.get(0));
    }
    if let Ok(id) = reference.parse::<Uuid>()
        && let Some(row) = c.query_opt("SELECT id FROM matter WHERE id = $1", &[&id]).pg()?
    {
        return Ok(row.get(0));
    }
    Err(Error::invalid(field, format!("no matter you can see has the case reference or id {reference}")))
}

pub(super) fn list(c: &mut Client, filter: &MatterFilter) -> Result<Vec<Matter>> {
    let mut sql = format!("{} WHERE true", select());
    let mut args = Args::default();
    match filter.status {
        Some(MatterStatus::Open) => sql.push_str(" AND m.closed IS NULL"),
        Some(MatterStatus::Closed) => sql.push_str(" AND m.closed IS NOT NULL"),
        None => {}
    }
    if let Some(t) = filter.case_type {
        sql.push_str(&format!(" AND m.case_type = {}", args.push(t.code().to_owned())));
    }
    if let Some(d) = filter.detained {
        sql.push_str(&format!(" AND m.detained = {}", args.push(d)));
    }
    if let Some(v) = filter.volunteer.as_deref().filter(|v| !v.trim().is_empty()) {
        let id = super::people::resolve(c, v, "volunteer")?;
        sql.push_str(&format!(
            " AND m.id IN (SELECT matter_id FROM assignment WHERE volunteer_id = {})",
            args.push(id)
        ));
    }
    if let Some(client) = filter.client.as_deref().filter(|c| !c.trim().is_empty()) {
        let id = super::clients::resolve(c, client, "client")?;
        sql.push_str(&format!(" AND m.client_id = {}", args.push(id)));
    }
    sql.push_str(" ORDER BY m.opened DESC, m.created_at DESC, m.id DESC");
    let rows = c.query(&sql, &args.refs()).pg()?;
    let needle = filter.search.as_deref().map(fold_key).filter(|s| !s.is_empty());
    let mut out = Vec::new();
    for row in &rows {
        let m = from_row(row, None)?;
        if needle.as_ref().is_none_or(|n| {
            m.case_ref.to_lowercase().contains(n.as_str()) || fold_key(&m.client_name).contains(n.as_str())
        }) {
            out.push(m);
        }
    }
    Ok(out)
}

pub(super) fn recent(c: &mut Client, limit: i64) -> Result<Vec<Matter>> {
    let rows = c.query(&format!("{} ORDER BY m.updated_at DESC, m.id DESC LIMIT $1", select()), &[&limit]).pg()?;
    rows.iter().map(|r| from_row(r, None)).collect()
}

/// The next free `PB-<year>-NNNN` (the vault's rule).
fn next_case_ref(tx: &mut impl GenericClient, opened: &str) -> Result<String> {
    let prefix = format!("PB-{}-", opened.get(0..4).unwrap_or("0000"));
    let count: i64 =
        tx.query_one("SELECT count(*) FROM matter WHERE starts_with(case_ref, $1)", &[&prefix]).pg()?.get(0);
    let mut n = count + 1;
    loop {
        let candidate = format!("{prefix}{n:04}");
        if tx.query_opt("SELECT 1 FROM matter WHERE case_ref = $1", &[&candidate]).pg()?.is_none() {
            return Ok(candidate);
        }
        n += 1;
    }
}

/// Opens a matter with the adverse parties named on its form, in one transaction.
pub(super) fn open(
    c: &mut Client,
    versions: &Versions,
    draft: &MatterDraft,
    adverse_parties: &[String],
) -> Result<Matter> {
    let v = valid::matter(draft).map_err(validate::first)?;
    let parties = valid::adverse_parties(adverse_parties)?;
    let client_id = super::clients::resolve(c, &draft.client, "client")?;
    let mut tx = c.transaction().pg()?;
    let id = insert(&mut tx, client_id, &v, &mut Facilities::default())?;
    for party in &parties {
        insert_party(&mut tx, id, party)?;
    }
    tx.commit().pg()?;
    by_id(c, versions, id)
}

/// Adds a matter (the matter table's writer, with [`update`], [`close`] and [`merge_import`]):
/// a missing case reference gets the next `PB-<year>-NNNN`, a taken one is refused.
pub(super) fn insert(
    tx: &mut postgres::Transaction<'_>,
    client_id: Uuid,
    v: &valid::Matter,
    facilities: &mut Facilities,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let case_ref = match &v.case_ref {
        Some(r) => {
            if tx.query_opt("SELECT 1 FROM matter WHERE case_ref = $1", &[r]).pg()?.is_some() {
                return Err(Error::invalid("case_ref", "is already used by another matter"));
            }
            r.clone()
        }
        None => next_case_ref(tx, &v.opened)?,
    };
    let facility = v.facility.as_deref().map(|f| facilities.spelling(tx, f)).transpose()?;
    tx.execute(
        "INSERT INTO matter (id, case_ref, client_id, case_type, detained, detention_facility, state_of_residence,
                             court, opened, closed, relief_outcome, release_requested, release_outcome, decided_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::date, $10::text::date, $11, $12, $13, $14::text::date)",
        &[
            &id,
            &case_ref,
            &client_id,
            &v.case_type.code(),
            &v.detained,
            &facility,
            &v.state_of_residence,
            &v.court,
            &v.opened,
            &v.closed,
            &v.relief_outcome.code(),
            &v.release_requested,
            &v.release_outcome.map(|o| o.code()),
            &v.decided_on,
        ],
    )
    .pg()?;
    Ok(id)
}

/// Moves every matter of one client to another (merging duplicate clients). How many.
pub(super) fn move_to_client(tx: &mut impl GenericClient, from: Uuid, to: Uuid) -> Result<u64> {
    tx.execute("UPDATE matter SET client_id = $2, version = version WHERE client_id = $1", &[&from, &to]).pg()
}

/// Detention facilities as first written (the vault keeps one spelling per facility: case,
/// spacing and accents aside): read from the server once per use (one save, or a whole
/// import), then kept up to date with the spellings it adds.
#[derive(Debug, Default)]
pub(super) struct Facilities(Option<Vec<String>>);

impl Facilities {
    pub(super) fn spelling(&mut self, c: &mut impl GenericClient, name: &str) -> Result<String> {
        let known = match &mut self.0 {
            Some(known) => known,
            slot @ None => slot.insert(
                c.query(
                    "SELECT detention_facility FROM matter WHERE detention_facility IS NOT NULL
                     GROUP BY detention_facility ORDER BY min(created_at), detention_facility",
                    &[],
                )
                .pg()?
                .iter()
                .map(|r| r.get::<_, String>(0))
                .collect(),
            ),
        };
        let wanted = fold_key(name);
        if let Some(first) = known.iter().find(|f| fold_key(f) == wanted) {
            return Ok(first.clone());
        }
        known.push(name.to_owned());
        Ok(name.to_owned())
    }
}

/// Sets every field an import row gives (`decided_on` only when given), as the vault does.
/// Whether anything changed.
pub(super) fn merge_import(
    tx: &mut impl GenericClient,
    id: Uuid,
    v: &valid::Matter,
    facilities: &mut Facilities,
) -> Result<bool> {
    let facility = v.facility.as_deref().map(|f| facilities.spelling(tx, f)).transpose()?;
    // The import's own transaction read the row: the version it carries is current.
    let n = tx
        .execute(
            "UPDATE matter SET case_type = $2, detained = $3, detention_facility = $4, state_of_residence = $5,
                opened = $6::text::date, closed = $7::text::date, relief_outcome = $8, release_requested = $9,
                release_outcome = $10, decided_on = coalesce($11::text::date, decided_on), version = version
             WHERE id = $1 AND NOT (case_type = $2 AND detained = $3
                AND detention_facility IS NOT DISTINCT FROM $4 AND state_of_residence IS NOT DISTINCT FROM $5
                AND opened = $6::text::date AND closed IS NOT DISTINCT FROM $7::text::date AND relief_outcome = $8
                AND release_requested = $9 AND release_outcome IS NOT DISTINCT FROM $10
                AND ($11::text IS NULL OR decided_on IS NOT DISTINCT FROM $11::text::date))",
            &[
                &id,
                &v.case_type.code(),
                &v.detained,
                &facility,
                &v.state_of_residence,
                &v.opened,
                &v.closed,
                &v.relief_outcome.code(),
                &v.release_requested,
                &v.release_outcome.map(|o| o.code()),
                &v.decided_on,
            ],
        )
        .pg()?;
    Ok(n > 0)
}

fn insert_party(tx: &mut postgres::Transaction<'_>, matter: Uuid, p: &valid::Party) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let kind =
        if matches!(p.role, PartyRole::AdverseParty | PartyRole::OpposingCounsel) { "adverse" } else { "related" };
    tx.execute(
        "INSERT INTO party (id, matter_id, kind, role, name, relationship) VALUES ($1, $2, $3, $4, $5, $6)",
        &[&id, &matter, &kind, &p.role.code(), &p.name, &p.relationship],
    )
    .pg()?;
    Ok(id)
}

/// Replaces every field over the version this connection read.
pub(super) fn update(c: &mut Client, versions: &Versions, id: Uuid, draft: &MatterDraft) -> Result<Matter> {
    let v = valid::matter(draft).map_err(validate::first)?;
    let client_id = super::clients::resolve(c, &draft.client, "client")?;
    let read = versions.for_update(c, "matter", id)?;
    let facility = v.facility.as_deref().map(|f| Facilities::default().spelling(c, f)).transpose()?;
    let updated = c
        .execute(
            "UPDATE matter SET case_ref = coalesce($2, case_ref), client_id = $3, case_type = $4, detained = $5,
                detention_facility = $6, state_of_residence = $7, court = $8, opened = $9::text::date,
                closed = $10::text::date, relief_outcome = $11, release_requested = $12, release_outcome = $13,
                decided_on = $14::text::date, version = $15
             WHERE id = $1",
            &[
                &id,
                &v.case_ref,
                &client_id,
                &v.case_type.code(),
                &v.detained,
                &facility,
                &v.state_of_residence,
                &v.court,
                &v.opened,
                &v.closed,
                &v.relief_outcome.code(),
                &v.release_requested,
                &v.release_outcome.map(|o| o.code()),
                &v.decided_on,
                &read,
            ],
        )
        .pg()?;
    super::changed(updated, "matter")?;
    by_id(c, versions, id)
}

pub(super) fn close(
    c: &mut Client,
    versions: &Versions,
    reference: &str,
    date: Option<&str>,
    outcome: Option<&str>,
    today: jiff::civil::Date,
) -> Result<Matter> {
    let closed = match date.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => validate::date("closed", d)?,
        None => today,
    };
    let outcome = outcome.map(|o| ReliefOutcome::parse("relief_outcome", o)).transpose()?;
    let id = resolve(c, reference, "matter")?;
    // The version the person's page showed (taken before the re-read below remembers a newer).
    let read = versions.for_update(c, "matter", id)?;
    let matter = by_id(c, versions, id)?;
    if matter.closed.is_some() {
        return Err(Error::Conflict(format!("matter {} is already closed", matter.case_ref)));
    }
    if closed.to_string() < matter.opened {
        return Err(Error::invalid("closed", "must be on or after the opened date"));
    }
    // A decided outcome without a decision date is taken as decided on the closing date (the
    // vault's rule: the appeal deadlines count from it).
    let decided = outcome.filter(|o| *o != ReliefOutcome::Pending).map(|_| closed.to_string());
    let updated = c
        .execute(
            "UPDATE matter SET closed = $2::text::date, relief_outcome = coalesce($3, relief_outcome),
                decided_on = coalesce(decided_on, $5::text::date), version = $4
             WHERE id = $1",
            &[&id, &closed.to_string(), &outcome.map(|o| o.code()), &read, &decided],
        )
        .pg()?;
    super::changed(updated, "matter")?;
    by_id(c, versions, id)
}

pub(super) fn add_party(c: &mut Client, party: NewParty<'_>) -> Result<Party> {
    let p = valid::party(party.role, party.name, party.relationship)?;
    let matter = resolve(c, party.matter, "matter")?;
    let mut tx = c.transaction().pg()?;
    let id = insert_party(&mut tx, matter, &p)?;
    tx.commit().pg()?;
    Ok(Party { id, role: p.role, name: p.name, relationship: p.relationship })
}

/// A note; its author is the login that wrote it (the server's trigger), a director's named
/// author aside.
pub(super) fn add_note(c: &mut Client, matter: &str, body: &str, author: Option<&str>) -> Result<Note> {
    let n = valid::note(body, author)?;
    let matter = resolve(c, matter, "matter")?;
    let id = Uuid::now_v7();
    let row = c
        .query_one(
            &format!(
                "INSERT INTO note (id, matter_id, author, body) VALUES ($1, $2, $3, $4)
                 RETURNING author, {}",
                stamp("created_at")
            ),
            &[&id, &matter, &n.author, &n.body],
        )
        .pg()?;
    Ok(Note { id, matter_id: matter, author: Some(row.get(0)), body: n.body, created_at: row.get(1) })
}

pub(super) const SELECT_HEARING: &str = "SELECT h.id, h.matter_id, coalesce(m.case_ref, ''), h.at, h.kind, h.place,
        h.description, h.time_zone, h.rule, to_char(h.counted_from, 'YYYY-MM-DD'), h.done_at
    FROM hearing h LEFT JOIN matter m ON m.id = h.matter_id";

pub(super) fn hearing_from_row(r: &Row) -> Result<Hearing> {
    Ok(Hearing {
        id: r.get(0),
        matter_id: r.get(1),
        case_ref: r.get(2),
        at: r.get(3),
        kind: choice(HearingKind::parse, "kind", r.get(4))?,
        place: r.get(5),
        description: r.get(6),
        time_zone: r.get(7),
        rule: r.get(8),
        counted_from: r.get(9),
        done_at: r.get(10),
    })
}

pub(super) fn add_hearing(c: &mut Client, draft: &HearingDraft) -> Result<Hearing> {
    let h = valid::hearing(
        &draft.at,
        &draft.kind,
        draft.place.as_deref(),
        draft.description.as_deref(),
        draft.time_zone.as_deref(),
    )?;
    let matter = resolve(c, &draft.matter, "matter")?;
    let id = Uuid::now_v7();
    c.execute(
        "INSERT INTO hearing (id, matter_id, at, kind, place, description, time_zone) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[&id, &matter, &h.at, &h.kind.code(), &h.place, &h.description, &h.time_zone],
    )
    .pg()?;
    let row = c.query_one(&format!("{SELECT_HEARING} WHERE h.id = $1"), &[&id]).pg()?;
    hearing_from_row(&row)
}

pub(super) fn list_hearings(c: &mut Client, query: HearingQuery<'_>) -> Result<Vec<Hearing>> {
    let mut sql = format!("{SELECT_HEARING} WHERE true");
    let mut args = Args::default();
    if let Some(m) = query.matter.filter(|m| !m.trim().is_empty()) {
        let id = resolve(c, m, "matter")?;
        sql.push_str(&format!(" AND h.matter_id = {}", args.push(id)));
    }
    if let Some(from) = query.from.filter(|s| !s.trim().is_empty()) {
        sql.push_str(&format!(" AND h.at >= {}", args.push(validate::date("from", from)?.to_string())));
    }
    if let Some(to) = query.to.filter(|s| !s.trim().is_empty()) {
        // `at` may carry a time: compare against the end of that day.
        sql.push_str(&format!(" AND h.at <= {}", args.push(format!("{}T99", validate::date("to", to)?))));
    }
    if let Some(v) = query.volunteer.filter(|v| !v.trim().is_empty()) {
        let id = super::people::resolve(c, v, "volunteer")?;
        sql.push_str(&format!(
            " AND h.matter_id IN (SELECT matter_id FROM assignment WHERE volunteer_id = {})",
            args.push(id)
        ));
    }
    // `at` is ISO text: byte order is date order, whatever the server's collation.
    sql.push_str(" ORDER BY h.at COLLATE \"C\", h.id");
    c.query(&sql, &args.refs()).pg()?.iter().map(hearing_from_row).collect()
}

/// The matter page, as far as this member may see it.
pub(super) fn detail(c: &mut Client, versions: &Versions, reference: &str) -> Result<MatterDetail> {
    let id = resolve(c, reference, "matter")?;
    let matter = by_id(c, versions, id)?;
    let client = super::clients::by_id(c, versions, matter.client_id)?;
    let parties = c
        .query("SELECT id, role, name, relationship FROM party WHERE matter_id = $1 ORDER BY created_at, id", &[&id])
        .pg()?
        .iter()
        .map(|r| {
            Ok(Party {
                id: r.get(0),
                role: choice(PartyRole::parse, "role", r.get::<_, Option<&str>>(1).unwrap_or("other"))?,
                name: r.get(2),
                relationship: r.get(3),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let volunteers = c
        .query(
            "SELECT v.id, coalesce(v.name, ''), coalesce(v.role, 'community_volunteer'), o.name, to_char(a.since, 'YYYY-MM-DD'),
                    (SELECT coalesce(sum(t.minutes), 0)::bigint FROM time_entry t
                      WHERE t.matter_id = a.matter_id AND t.volunteer_id = a.volunteer_id),
                    a.supervisor_id, s.name
             FROM assignment a LEFT JOIN volunteer v ON v.id = a.volunteer_id
             LEFT JOIN organization o ON o.id = v.organization_id
             LEFT JOIN volunteer s ON s.id = a.supervisor_id
             WHERE a.matter_id = $1 ORDER BY a.since, v.name",
            &[&id],
        )
        .pg()?
        .iter()
        .map(|r| {
            Ok(Assignment {
                volunteer_id: r.get(0),
                volunteer_name: r.get(1),
                role: choice(Role::parse, "role", r.get(2))?,
                organization: r.get(3),
                since: r.get(4),
                minutes: r.get(5),
                supervisor_id: r.get(6),
                supervisor_name: r.get(7),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let hearings = list_hearings(c, HearingQuery { matter: Some(&id.to_string()), ..Default::default() })?;
    let time_entries = super::time::list_of_matter(c, id)?;
    let notes = c
        .query(
            &format!(
                "SELECT id, matter_id, author, body, {} FROM note WHERE matter_id = $1 ORDER BY created_at, id",
                stamp("created_at")
            ),
            &[&id],
        )
        .pg()?
        .iter()
        .map(|r| Note { id: r.get(0), matter_id: r.get(1), author: r.get(2), body: r.get(3), created_at: r.get(4) })
        .collect();
    let total_minutes = time_entries.iter().map(|e| e.minutes).sum();
    Ok(MatterDetail {
        matter,
        client,
        parties,
        volunteers,
        hearings,
        time_entries,
        notes,
        total_minutes,
        deadlines: super::deadlines::of_matter(c, id)?,
        conflict_checks: conflict_checks(c, id)?,
    })
}

/// The conflict checks recorded on a matter, newest first. Staff read the matches shown; a
/// student's role reads the rest (the matches name people of other matters), so theirs come
/// without them.
fn conflict_checks(c: &mut Client, matter: Uuid) -> Result<Vec<ConflictCheck>> {
    let unreadable = || Error::Database("a recorded conflict check on the team server cannot be read".into());
    let staff: bool = c.query_one("SELECT is_staff()", &[]).pg()?.get(0);
    let matches = if staff { "matches" } else { "'[]'" };
    c.query(
        &format!(
            "SELECT id, checked_at, checked_by, searched, {matches}, decision, note FROM conflict_check
             WHERE matter_id = $1 ORDER BY checked_at DESC, id DESC"
        ),
        &[&matter],
    )
    .pg()?
    .iter()
    .map(|r| {
        Ok(ConflictCheck {
            id: r.get(0),
            checked_at: r.get(1),
            checked_by: r.get(2),
            searched: serde_json::from_str(r.get(3)).map_err(|_| unreadable())?,
            matches: serde_json::from_str(r.get(4)).map_err(|_| unreadable())?,
            decision: ConflictDecision::parse("decision", r.get(5)).map_err(|_| unreadable())?,
            note: r.get(6),
        })
    })
    .collect()
}

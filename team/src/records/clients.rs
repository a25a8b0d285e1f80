//! Clients on a team server: what the server lets this member see, checked by the vault's own
//! rules before anything is sent.

use postgres::{Client, GenericClient, Row};
use probono_core::model::{Client as ClientRecord, ClientDraft};
use probono_core::store::valid;
use probono_core::validate::{self, fold_key};
use probono_core::{Error, Result};
use uuid::Uuid;

use super::{Versions, date, stamp};
use crate::error::PgResult;

fn select() -> String {
    format!(
        "SELECT c.id, c.name, c.other_names, c.a_number, {dob}, c.country, c.languages, c.interpreter_needed,
                c.contact, {entry}, c.notes, {created}, {updated}, c.version
         FROM client c",
        dob = date("c.date_of_birth"),
        entry = date("c.entry_date"),
        created = stamp("c.created_at"),
        updated = stamp("c.updated_at"),
    )
}

/// A client as read; `versions`: remember its version (opened to be edited, not listed).
fn from_row(r: &Row, versions: Option<&Versions>) -> ClientRecord {
    let client = ClientRecord {
        id: r.get(0),
        name: r.get(1),
        other_names: r.get(2),
        a_number: r.get(3),
        date_of_birth: r.get(4),
        country: r.get(5),
        languages: r.get(6),
        interpreter_needed: r.get(7),
        contact: r.get(8),
        entry_date: r.get(9),
        notes: r.get(10),
        created_at: r.get(11),
        updated_at: r.get(12),
    };
    if let Some(versions) = versions {
        versions.read(client.id, r.get(13));
    }
    client
}

pub(super) fn by_id(c: &mut Client, versions: &Versions, id: Uuid) -> Result<ClientRecord> {
    c.query_opt(&format!("{} WHERE c.id = $1", select()), &[&id])
        .pg()?
        .map(|r| from_row(&r, Some(versions)))
        .ok_or_else(|| Error::not_found(format!("client {id}")))
}

/// A client reference as the vault reads one: an id, an A-number, or the exact name (case and
/// accents aside); only among the clients this member may see.
pub(super) fn resolve(c: &mut Client, reference: &str, field: &str) -> Result<Uuid> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    if let Ok(id) = reference.parse::<Uuid>() {
        return c
            .query_opt("SELECT id FROM client WHERE id = $1", &[&id])
            .pg()?
            .map(|r| r.get(0))
            .ok_or_else(|| Error::invalid(field, "no client you can see has this id"));
    }
    if let Ok(a) = validate::a_number(field, reference)
        && let Some(row) = c.query_opt("SELECT id FROM client WHERE a_number = $1 LIMIT 1", &[&a]).pg()?
    {
        return Ok(row.get(0));
    }
    let wanted = fold_key(reference);
    let matches: Vec<Uuid> = c
        .query("SELECT id, name FROM client", &[])
        .pg()?
        .iter()
        .filter(|r| fold_key(r.get::<_, &str>(1)) == wanted)
        .map(|r| r.get(0))
        .collect();
    match matches.as_slice() {
        [] => Err(Error::invalid(field, "no client you can see has this id, A-number or name")),
        [one] => Ok(*one),
        _ => Err(Error::invalid(field, "matches more than one client; use its id instead")),
    }
}

/// Clients whose name, other names or A-number contain `search`, by name (as the vault).
pub(super) fn list(c: &mut Client, search: Option<&str>) -> Result<Vec<ClientRecord>> {
    let rows = c.query(&format!("{} ORDER BY lower(c.name), c.id", select()), &[]).pg()?;
    let needle = search.map(fold_key).filter(|s| !s.is_empty());
    let digits: Option<String> =
        search.map(|s| s.chars().filter(char::is_ascii_digit).collect()).filter(|d: &String| d.len() >= 3);
    let mut out: Vec<ClientRecord> = rows
        .iter()
        .map(|r| from_row(r, None))
        .filter(|client| match &needle {
            None => true,
            Some(n) => {
                fold_key(&client.name).contains(n.as_str())
                    || client.other_names.iter().any(|o| fold_key(o).contains(n.as_str()))
                    || matches!((&digits, &client.a_number), (Some(d), Some(a)) if a.contains(d.as_str()))
            }
        })
        .collect();
    // The vault sorts without case; the server's lower() depends on its locale, so sort here.
    out.sort_by_cached_key(|client| client.name.to_lowercase());
    Ok(out)
}

pub(super) fn create(c: &mut Client, versions: &Versions, draft: &ClientDraft) -> Result<ClientRecord> {
    let v = valid::client(draft).map_err(validate::first)?;
    let id = insert(c, &v)?;
    by_id(c, versions, id)
}

/// Adds a client (the client table's writer, with [`update`] and [`merge_import`]).
pub(super) fn insert(c: &mut impl GenericClient, v: &valid::Client) -> Result<Uuid> {
    let id = Uuid::now_v7();
    c.execute(
        "INSERT INTO client (id, name, other_names, a_number, date_of_birth, country, languages,
                             interpreter_needed, contact, entry_date, notes)
         VALUES ($1, $2, $3, $4, $5::text::date, $6, $7, $8, $9, $10::text::date, $11)",
        &[
            &id,
            &v.name,
            &v.other_names,
            &v.a_number,
            &v.date_of_birth,
            &v.country,
            &v.languages,
            &v.interpreter_needed,
            &v.contact,
            &v.entry_date,
            &v.notes,
        ],
    )
    .pg()?;
    Ok(id)
}

/// Sets what an import row gives: the name always, the rest where the row has it (the vault's
/// rule). Whether anything changed.
pub(super) fn merge_import(c: &mut impl GenericClient, id: Uuid, row: &valid::Client) -> Result<bool> {
    let current = c
        .query_one(
            &format!(
                "SELECT c.name, c.a_number, {}, c.country, c.languages FROM client c WHERE c.id = $1",
                date("c.date_of_birth")
            ),
            &[&id],
        )
        .pg()?;
    let languages: Vec<String> = current.get(4);
    let same = current.get::<_, &str>(0) == row.name
        && (row.a_number.is_none() || current.get::<_, Option<String>>(1) == row.a_number)
        && (row.date_of_birth.is_none() || current.get::<_, Option<String>>(2) == row.date_of_birth)
        && (row.country.is_none() || current.get::<_, Option<String>>(3) == row.country)
        && (row.languages.is_empty()
            || languages.iter().map(|l| fold_key(l)).eq(row.languages.iter().map(|l| fold_key(l))));
    if same {
        return Ok(false);
    }
    // The import's own transaction read the row just now: the version it carries is current.
    let n = c
        .execute(
            "UPDATE client SET name = $2, a_number = coalesce($3, a_number),
                date_of_birth = coalesce($4::text::date, date_of_birth), country = coalesce($5, country),
                languages = CASE WHEN cardinality($6::text[]) = 0 THEN languages ELSE $6 END, version = version
             WHERE id = $1",
            &[&id, &row.name, &row.a_number, &row.date_of_birth, &row.country, &row.languages],
        )
        .pg()?;
    super::changed(n, "client")?;
    Ok(true)
}

/// Replaces every field, over the version this connection read (a newer one is refused by
/// the server: "changed by NAME at TIME — reload to see it").
pub(super) fn update(c: &mut Client, versions: &Versions, id: Uuid, draft: &ClientDraft) -> Result<ClientRecord> {
    let v = valid::client(draft).map_err(validate::first)?;
    let read = versions.for_update(c, "client", id)?;
    write(c, id, &v, read)?;
    by_id(c, versions, id)
}

/// Saves every field of a client over `version` (the client table's writer for updates).
fn write(c: &mut impl GenericClient, id: Uuid, v: &valid::Client, version: i32) -> Result<()> {
    let updated = c
        .execute(
            "UPDATE client SET name = $2, other_names = $3, a_number = $4, date_of_birth = $5::text::date,
            country = $6, languages = $7, interpreter_needed = $8, contact = $9, entry_date = $10::text::date,
            notes = $11, version = $12
         WHERE id = $1",
            &[
                &id,
                &v.name,
                &v.other_names,
                &v.a_number,
                &v.date_of_birth,
                &v.country,
                &v.languages,
                &v.interpreter_needed,
                &v.contact,
                &v.entry_date,
                &v.notes,
                &version,
            ],
        )
        .pg()?;
    super::changed(updated, "client")
}

/// What merging the duplicate client `drop` into `keep` does (the core's rules, as in a
/// vault); with `write`, it is done in one transaction: the kept client saved over the version
/// this connection read, the other's matters moved to it, the other removed. Who may merge is
/// the server's decision (removing a client is a director's).
pub(super) fn merge(
    c: &mut Client,
    versions: &Versions,
    keep: &str,
    drop: &str,
    write_it: bool,
) -> Result<probono_core::store::MergePlan> {
    let keep_id = resolve(c, keep, "keep")?;
    let drop_id = resolve(c, drop, "drop")?;
    if keep_id == drop_id {
        return Err(Error::invalid("drop", "is the same client as the one kept"));
    }
    let kept = by_id(c, versions, keep_id)?;
    let dropped = by_id(c, versions, drop_id)?;
    let moved: Vec<String> = c
        .query("SELECT case_ref FROM matter WHERE client_id = $1 ORDER BY created_at, id", &[&drop_id])
        .pg()?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let (draft, mut plan) = probono_core::store::plan_merge(kept, dropped, moved)?;
    if !write_it {
        return Ok(plan);
    }
    let v = valid::client(&draft).map_err(validate::first)?;
    let read = versions.for_update(c, "client", keep_id)?;
    let mut tx = c.transaction().pg()?;
    write(&mut tx, keep_id, &v, read)?;
    super::matters::move_to_client(&mut tx, drop_id, keep_id)?;
    let removed = tx.execute("DELETE FROM client WHERE id = $1", &[&drop_id]).pg()?;
    super::changed(removed, "client")?;
    tx.commit().pg()?;
    plan.kept = by_id(c, versions, keep_id)?;
    Ok(plan)
}

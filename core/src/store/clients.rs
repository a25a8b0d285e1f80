//! Clients: the people the program represents.

use rusqlite::{OptionalExtension, Row, Transaction, params};
use uuid::Uuid;

use super::{NameTable, Stamp, Store, ambiguous, audit, from_json_list, intern, json_list, now, parse_id};
use crate::error::{Error, Result};
use crate::geo;
use crate::model::{Client, ClientDraft};
use crate::validate::{self, Problems};

/// A client draft that passed validation.
#[derive(Debug, Clone)]
pub struct ValidClient {
    pub name: String,
    pub other_names: Vec<String>,
    pub a_number: Option<String>,
    pub date_of_birth: Option<String>,
    pub country: Option<String>,
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    pub contact: Option<String>,
    pub entry_date: Option<String>,
    pub notes: Option<String>,
}

/// Checks every field; returns all the problems found, each naming its field.
pub fn validate(draft: &ClientDraft) -> std::result::Result<ValidClient, Vec<Error>> {
    let mut p = Problems::default();
    let opt = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let name = p.take(validate::name("name", &draft.name));
    let other_names = p.take(
        draft
            .other_names
            .iter()
            .filter(|n| !n.trim().is_empty())
            .map(|n| validate::name("other_names", n))
            .collect::<Result<Vec<_>>>(),
    );
    let a_number = p.take(opt(&draft.a_number).map(|v| validate::a_number("a_number", &v)).transpose());
    let today = super::today();
    let date_of_birth = p.take(
        opt(&draft.date_of_birth)
            .map(|v| {
                let d = validate::date("date_of_birth", &v)?;
                if d > today {
                    return Err(Error::invalid("date_of_birth", "must not be in the future"));
                }
                Ok(d.to_string())
            })
            .transpose(),
    );
    let country = p.take(opt(&draft.country).map(|v| geo::country("country", &v).map(str::to_owned)).transpose());
    let languages = p.take(languages_of(&draft.languages));
    let entry_date =
        p.take(opt(&draft.entry_date).map(|v| validate::date("entry_date", &v).map(|d| d.to_string())).transpose());
    let contact = p.take(draft.contact.as_deref().map(|c| validate::text("contact", c)).transpose());
    let notes = p.take(draft.notes.as_deref().map(|n| validate::text("notes", n)).transpose());
    match (name, other_names, a_number, date_of_birth, country, languages, entry_date, contact, notes) {
        (
            Some(name),
            Some(other_names),
            Some(a_number),
            Some(date_of_birth),
            Some(country),
            Some(languages),
            Some(entry_date),
            Some(contact),
            Some(notes),
        ) if p.is_empty() => Ok(ValidClient {
            name,
            other_names,
            a_number,
            date_of_birth,
            country,
            languages,
            interpreter_needed: draft.interpreter_needed,
            contact: contact.flatten(),
            entry_date,
            notes: notes.flatten(),
        }),
        _ => Err(p.into_vec()),
    }
}

/// Languages as typed (a list, each item may hold several separated by `;`): trimmed,
/// de-duplicated case- and space-insensitively, first spelling kept.
pub(crate) fn languages_of(input: &[String]) -> Result<Vec<String>> {
    let mut languages: Vec<String> = Vec::new();
    for lang in input.iter().flat_map(|l| l.split(';')).filter(|l| !l.trim().is_empty()) {
        let lang = validate::language("languages", lang)?;
        if !languages.iter().any(|l| validate::fold_key(l) == validate::fold_key(&lang)) {
            languages.push(lang);
        }
    }
    Ok(languages)
}

/// Adds a client (the client table's one writer, with [`update`] and [`merge_import`]).
pub(crate) fn insert(tx: &Transaction<'_>, client: &ValidClient, stamp: &Stamp) -> Result<(i64, Uuid)> {
    tx.prepare_cached(
        "INSERT INTO client (id, name, other_names, a_number, date_of_birth, country, interpreter_needed,
                             contact, entry_date, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        stamp.id,
        client.name,
        json_list(&client.other_names),
        client.a_number,
        client.date_of_birth,
        client.country,
        client.interpreter_needed,
        client.contact,
        client.entry_date,
        client.notes,
        stamp.created_at,
        stamp.updated_at
    ])?;
    let seq = tx.last_insert_rowid();
    set_languages(tx, seq, &client.languages)?;
    Ok((seq, stamp.id))
}

/// Replaces every field of a client (the edit form).
pub(crate) fn update(tx: &Transaction<'_>, seq: i64, c: &ValidClient) -> Result<()> {
    tx.execute(
        "UPDATE client SET name = ?2, other_names = ?3, a_number = ?4, date_of_birth = ?5, country = ?6,
            interpreter_needed = ?7, contact = ?8, entry_date = ?9, notes = ?10, updated_at = ?11 WHERE seq = ?1",
        params![
            seq,
            c.name,
            json_list(&c.other_names),
            c.a_number,
            c.date_of_birth,
            c.country,
            c.interpreter_needed,
            c.contact,
            c.entry_date,
            c.notes,
            now()
        ],
    )?;
    set_languages(tx, seq, &c.languages)
}

/// Brings a client up to date with a spreadsheet row: the columns the spreadsheet covers;
/// empty cells and fields it lacks (contact, notes…) keep what the vault knows. Returns
/// whether anything changed.
pub(crate) fn merge_import(tx: &Transaction<'_>, seq: i64, c: &ValidClient) -> Result<bool> {
    let current: (String, Option<String>, Option<String>, Option<String>) =
        tx.query_row("SELECT name, a_number, date_of_birth, country FROM client WHERE seq = ?1", [seq], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let languages: Vec<String> = tx
        .prepare_cached(
            "SELECT l.name_key FROM client_language cl JOIN language l ON l.seq = cl.language_seq
             WHERE cl.client_seq = ?1 ORDER BY cl.position",
        )?
        .query_map([seq], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let wanted_languages: Vec<String> = c.languages.iter().map(|l| validate::fold_key(l)).collect();
    let same = current.0 == c.name
        && (c.a_number.is_none() || current.1 == c.a_number)
        && (c.date_of_birth.is_none() || current.2 == c.date_of_birth)
        && (c.country.is_none() || current.3 == c.country)
        && (c.languages.is_empty() || languages == wanted_languages);
    if same {
        return Ok(false);
    }
    tx.execute(
        "UPDATE client SET name = ?2, a_number = coalesce(?3, a_number), date_of_birth = coalesce(?4, date_of_birth),
            country = coalesce(?5, country), updated_at = ?6 WHERE seq = ?1",
        params![seq, c.name, c.a_number, c.date_of_birth, c.country, now()],
    )?;
    if !c.languages.is_empty() {
        set_languages(tx, seq, &c.languages)?;
    }
    Ok(true)
}

fn set_languages(tx: &Transaction<'_>, client_seq: i64, languages: &[String]) -> Result<()> {
    tx.prepare_cached("DELETE FROM client_language WHERE client_seq = ?1")?.execute([client_seq])?;
    for (position, lang) in languages.iter().enumerate() {
        let lang_seq = intern(tx, NameTable::Language, lang)?;
        tx.prepare_cached("INSERT INTO client_language (client_seq, position, language_seq) VALUES (?1, ?2, ?3)")?
            .execute(params![client_seq, position as i64, lang_seq])?;
    }
    Ok(())
}

const SELECT: &str = "SELECT c.id, c.name, c.other_names, c.a_number, c.date_of_birth, c.country,
        c.interpreter_needed, c.contact, c.entry_date, c.notes, c.created_at, c.updated_at,
        (SELECT json_group_array(name) FROM (SELECT l.name FROM client_language cl JOIN language l ON l.seq = cl.language_seq
          WHERE cl.client_seq = c.seq ORDER BY cl.position)) AS languages
    FROM client c";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Client> {
    Ok(Client {
        id: row.get(0)?,
        name: row.get(1)?,
        other_names: from_json_list(&row.get::<_, String>(2)?),
        a_number: row.get(3)?,
        date_of_birth: row.get(4)?,
        country: row.get(5)?,
        interpreter_needed: row.get(6)?,
        contact: row.get(7)?,
        entry_date: row.get(8)?,
        notes: row.get(9)?,
        created_at: row.get(10)?,
        updated_at: row.get(11)?,
        languages: from_json_list(&row.get::<_, String>(12)?),
    })
}

/// Resolves a client reference (id, A-number, or exact name, case-insensitive) to its seq.
pub(crate) fn resolve(tx: &rusqlite::Connection, reference: &str, field: &str) -> Result<(i64, Uuid)> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    if let Some(id) = parse_id(reference) {
        return tx
            .query_row("SELECT seq, id FROM client WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| Error::invalid(field, "no client has this id"));
    }
    if let Ok(a) = validate::a_number(field, reference) {
        let found = tx
            .query_row("SELECT seq, id FROM client WHERE a_number = ?1", [a], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some(found) = found {
            return Ok(found);
        }
    }
    let mut stmt = tx.prepare("SELECT seq, id, name FROM client")?;
    let wanted = validate::fold_key(reference);
    let mut matches = Vec::new();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Uuid>(1)?, r.get::<_, String>(2)?)))?;
    for row in rows {
        let (seq, id, name) = row?;
        if validate::fold_key(&name) == wanted {
            matches.push((seq, id));
        }
    }
    match matches.len() {
        0 => Err(Error::invalid(field, "no client has this id, A-number or name")),
        1 => Ok(matches[0]),
        _ => Err(ambiguous("client", field)),
    }
}

pub(crate) fn client_by_seq(conn: &rusqlite::Connection, seq: i64) -> Result<Client> {
    Ok(conn.query_row(&format!("{SELECT} WHERE c.seq = ?1"), [seq], from_row)?)
}

pub(crate) fn client_by_id(conn: &rusqlite::Connection, id: Uuid) -> Result<Client> {
    conn.query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("client {id}")))
}

impl Store {
    pub fn create_client(&mut self, draft: &ClientDraft) -> Result<Client> {
        let valid = validate(draft).map_err(validate::first)?;
        let id = self.write(|tx| {
            let (_, id) = insert(tx, &valid, &Stamp::new())?;
            audit(tx, "create", "client", Some(id), "")?;
            Ok(id)
        })?;
        self.client(id)
    }

    pub fn update_client(&mut self, id: Uuid, draft: &ClientDraft) -> Result<Client> {
        let c = validate(draft).map_err(validate::first)?;
        self.write(|tx| {
            let seq: i64 = tx
                .query_row("SELECT seq FROM client WHERE id = ?1", [id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| Error::not_found(format!("client {id}")))?;
            update(tx, seq, &c)?;
            audit(tx, "update", "client", Some(id), "")
        })?;
        self.client(id)
    }

    pub fn client(&self, id: Uuid) -> Result<Client> {
        client_by_id(self.conn(), id)
    }

    /// Finds a client by id, A-number or exact name.
    pub fn find_client(&self, reference: &str) -> Result<Client> {
        let (_, id) = resolve(self.conn(), reference, "client")?;
        self.client(id)
    }

    /// Clients whose name, other names or A-number contain `search` (all when `None`),
    /// sorted by name.
    pub fn list_clients(&self, search: Option<&str>) -> Result<Vec<Client>> {
        let mut stmt = self.conn().prepare(&format!("{SELECT} ORDER BY c.name COLLATE NOCASE, c.seq"))?;
        let rows = stmt.query_map([], from_row)?;
        let needle = search.map(validate::fold_key).filter(|s| !s.is_empty());
        let digits: Option<String> =
            search.map(|s| s.chars().filter(char::is_ascii_digit).collect()).filter(|d: &String| d.len() >= 3);
        let mut out = Vec::new();
        for row in rows {
            let client = row?;
            let keep = match &needle {
                None => true,
                Some(n) => {
                    validate::fold_key(&client.name).contains(n.as_str())
                        || client.other_names.iter().any(|o| validate::fold_key(o).contains(n.as_str()))
                        || matches!((&digits, &client.a_number), (Some(d), Some(a)) if a.contains(d.as_str()))
                }
            };
            if keep {
                out.push(client);
            }
        }
        Ok(out)
    }
}

/// Every problem with a client draft, for a form that checks as the user types.
pub fn check(draft: &ClientDraft) -> Vec<crate::PublicError> {
    validate(draft).err().unwrap_or_default().iter().map(Error::to_public).collect()
}

/// What merging one client into another does, before (a preview) or after it is done.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MergePlan {
    /// The client kept, as it is (preview) or as it became (done).
    pub kept: Client,
    /// The client merged away (removed once done).
    pub dropped: Client,
    /// Case references of the matters that move to the kept client (with their parties,
    /// hearings, notes, time and conflict checks).
    pub matters_moved: Vec<String>,
    /// Fields of the kept client that were empty and are filled from the other.
    pub fields_filled: Vec<String>,
    /// Names added to the kept client's other names (the other's name and its other names).
    pub names_added: Vec<String>,
    pub languages_added: Vec<String>,
    /// Both had notes: the other's are appended to the kept client's.
    pub notes_appended: bool,
}

/// The kept client as the merge makes it, and what changes.
fn plan(conn: &rusqlite::Connection, keep: &str, drop: &str) -> Result<(i64, i64, ClientDraft, MergePlan)> {
    let (keep_seq, _) = resolve(conn, keep, "keep")?;
    let (drop_seq, _) = resolve(conn, drop, "drop")?;
    if keep_seq == drop_seq {
        return Err(Error::invalid("drop", "is the same client as the one kept"));
    }
    let kept = client_by_seq(conn, keep_seq)?;
    let dropped = client_by_seq(conn, drop_seq)?;
    let mut stmt = conn.prepare("SELECT case_ref FROM matter WHERE client_seq = ?1 ORDER BY seq")?;
    let matters_moved = stmt.query_map([drop_seq], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    let (draft, plan) = plan_merge(kept, dropped, matters_moved)?;
    Ok((keep_seq, drop_seq, draft, plan))
}

/// What merging the client `dropped` into `kept` makes of the kept client (its draft, to be
/// saved), and what changes; `matters_moved`: the case references of the dropped client's
/// matters. The same rules on either engine. Refused when both have A-numbers and they differ.
pub fn plan_merge(kept: Client, dropped: Client, matters_moved: Vec<String>) -> Result<(ClientDraft, MergePlan)> {
    if let (Some(a), Some(b)) = (&kept.a_number, &dropped.a_number)
        && a != b
    {
        return Err(Error::invalid(
            "drop",
            "has a different A-number from the client kept: they are different people, so nothing was merged",
        ));
    }
    let mut draft = ClientDraft {
        name: kept.name.clone(),
        other_names: kept.other_names.clone(),
        a_number: kept.a_number.clone(),
        date_of_birth: kept.date_of_birth.clone(),
        country: kept.country.clone(),
        languages: kept.languages.clone(),
        interpreter_needed: kept.interpreter_needed || dropped.interpreter_needed,
        contact: kept.contact.clone(),
        entry_date: kept.entry_date.clone(),
        notes: kept.notes.clone(),
    };
    let mut fields_filled = Vec::new();
    for (field, mine, theirs) in [
        ("a_number", &mut draft.a_number, &dropped.a_number),
        ("date_of_birth", &mut draft.date_of_birth, &dropped.date_of_birth),
        ("country", &mut draft.country, &dropped.country),
        ("contact", &mut draft.contact, &dropped.contact),
        ("entry_date", &mut draft.entry_date, &dropped.entry_date),
    ] {
        if mine.is_none() && theirs.is_some() {
            mine.clone_from(theirs);
            fields_filled.push(field.to_owned());
        }
    }
    let mut notes_appended = false;
    match (&draft.notes, &dropped.notes) {
        (None, Some(theirs)) => {
            draft.notes = Some(theirs.clone());
            fields_filled.push("notes".to_owned());
        }
        (Some(mine), Some(theirs)) if mine != theirs => {
            draft.notes = Some(format!("{mine}\n\n(From the merged record of {}:)\n{theirs}", dropped.name));
            notes_appended = true;
        }
        _ => {}
    }
    let known = |draft: &ClientDraft, n: &str| {
        let key = validate::fold_key(n);
        validate::fold_key(&draft.name) == key || draft.other_names.iter().any(|o| validate::fold_key(o) == key)
    };
    let mut names_added = Vec::new();
    for name in std::iter::once(&dropped.name).chain(dropped.other_names.iter()) {
        if !known(&draft, name) {
            draft.other_names.push(name.clone());
            names_added.push(name.clone());
        }
    }
    let mut languages_added = Vec::new();
    for language in &dropped.languages {
        if !draft.languages.iter().any(|l| l.eq_ignore_ascii_case(language)) {
            draft.languages.push(language.clone());
            languages_added.push(language.clone());
        }
    }
    let plan = MergePlan { kept, dropped, matters_moved, fields_filled, names_added, languages_added, notes_appended };
    Ok((draft, plan))
}

impl Store {
    /// What merging `drop` into `keep` would do (nothing is written).
    pub fn merge_preview(&self, keep: &str, drop: &str) -> Result<MergePlan> {
        plan(self.conn(), keep, drop).map(|(_, _, _, plan)| plan)
    }

    /// Merges the duplicate client `drop` into `keep`: its matters move (with their parties,
    /// hearings, notes and time), its name and other names become other names of the kept
    /// client, its languages are added, empty fields are filled from it, and it is removed.
    /// Refused when both have A-numbers and they differ. Audited on both clients.
    pub fn merge_clients(&mut self, keep: &str, drop: &str) -> Result<MergePlan> {
        let (keep_seq, drop_seq, draft, mut plan) = plan(self.conn(), keep, drop)?;
        let valid = validate(&draft).map_err(validate::first)?;
        self.write(|tx| {
            update(tx, keep_seq, &valid)?;
            let moved = super::matters::move_to_client(tx, drop_seq, keep_seq)?;
            tx.prepare_cached("DELETE FROM client WHERE seq = ?1")?.execute([drop_seq])?;
            audit(
                tx,
                "update",
                "client",
                Some(plan.kept.id),
                &format!("merged the duplicate client {} into this one ({moved} matters moved)", plan.dropped.id),
            )?;
            audit(tx, "delete", "client", Some(plan.dropped.id), &format!("merged into client {}", plan.kept.id))
        })?;
        plan.kept = client_by_seq(self.conn(), keep_seq)?;
        Ok(plan)
    }
}

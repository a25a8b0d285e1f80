//! A JSON export back into an empty vault. Every record is checked by the rules the forms use
//! and written by its table's own writer, with its id and timestamps kept; the first record
//! that breaks a rule stops the import with the file, the record and the field named, and
//! the transaction leaves the vault as it was.

use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{ClientDraft, MatterDraft, VolunteerDraft};
use crate::store::{Stamp, calendar, clients, deadlines, matters, settings, time, volunteers};
use crate::validate;

/// One record of an export file, with its place for messages.
struct Record<'a> {
    file: &'static str,
    number: usize,
    fields: &'a Map<String, Value>,
}

impl<'a> Record<'a> {
    fn new(file: &'static str, index: usize, row: &'a Value, known: &[&str]) -> Result<Record<'a>> {
        let error = |field: &str, message: &str| Error::InvalidRecord {
            file: format!("{file}.json"),
            record: Some(index + 1),
            field: field.to_owned(),
            message: message.to_owned(),
        };
        let fields = row.as_object().ok_or_else(|| error("record", "must be a JSON object"))?;
        if let Some(unknown) = fields.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(error(unknown, "is not a field of this file"));
        }
        Ok(Record { file, number: index + 1, fields })
    }

    fn error(&self, field: &str, message: impl Into<String>) -> Error {
        Error::InvalidRecord {
            file: format!("{}.json", self.file),
            record: Some(self.number),
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// A rule the forms apply, broken here: the same message, placed in the file.
    fn valid<T>(&self, result: Result<T>) -> Result<T> {
        result.map_err(|e| match e {
            Error::Invalid { field, message } => self.error(&field, message),
            other => other,
        })
    }

    fn valid_all<T>(&self, result: std::result::Result<T, Vec<Error>>) -> Result<T> {
        self.valid(result.map_err(validate::first))
    }

    fn value(&self, field: &str) -> Option<&'a Value> {
        self.fields.get(field).filter(|v| !v.is_null())
    }

    fn text(&self, field: &str) -> Result<&'a str> {
        match self.value(field) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(self.error(field, "must be text")),
            None => Err(self.error(field, "is missing")),
        }
    }

    fn opt_text(&self, field: &str) -> Result<Option<&'a str>> {
        match self.value(field) {
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.error(field, "must be text or null")),
            None => Ok(None),
        }
    }

    fn boolean(&self, field: &str) -> Result<bool> {
        match self.value(field) {
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.error(field, "must be true or false")),
            None => Err(self.error(field, "is missing (true or false)")),
        }
    }

    fn list(&self, field: &str) -> Result<Vec<String>> {
        match self.value(field) {
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned).ok_or_else(|| self.error(field, "must be a list of texts")))
                .collect(),
            Some(_) => Err(self.error(field, "must be a list of texts")),
            None => Ok(Vec::new()),
        }
    }

    fn id(&self, field: &str) -> Result<Uuid> {
        Uuid::parse_str(self.text(field)?).map_err(|_| self.error(field, "is not an id"))
    }

    fn opt_id(&self, field: &str) -> Result<Option<Uuid>> {
        self.opt_text(field)?.map(|t| Uuid::parse_str(t).map_err(|_| self.error(field, "is not an id"))).transpose()
    }

    fn timestamp(&self, field: &str) -> Result<String> {
        let text = self.text(field)?;
        text.parse::<jiff::Timestamp>()
            .map_err(|_| self.error(field, "must be a time such as 2026-03-01T14:05:00Z"))?;
        Ok(text.to_owned())
    }

    fn stamp(&self) -> Result<Stamp> {
        let created_at = self.timestamp("created_at")?;
        let updated_at = match self.fields.contains_key("updated_at") {
            true => self.timestamp("updated_at")?,
            false => created_at.clone(),
        };
        Ok(Stamp { id: self.id("id")?, created_at, updated_at })
    }

    /// The integer key of the record `field` names in `table` (imported earlier in this run).
    fn seq_of(&self, tx: &Transaction<'_>, table: &str, field: &str) -> Result<i64> {
        let id = self.id(field)?;
        tx.prepare_cached(&format!("SELECT seq FROM {table} WHERE id = ?1"))?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| self.error(field, format!("names a {table} that is not in the export")))
    }

    /// A write the database refused (a duplicate id, name or case reference).
    fn written(&self, result: Result<()>) -> Result<()> {
        self.valid(result).map_err(|e| match e {
            Error::Database(_) => self.error("id", "repeats an id or a unique value of another record"),
            other => other,
        })
    }
}

/// Writes the rows of one export file (`file` as in [`super::TABLES`]).
pub(super) fn insert(tx: &Transaction<'_>, file: &'static str, rows: &[Value]) -> Result<()> {
    let mut times = time::TimeWriter::new(tx);
    // The links of the exported audit events, checked among themselves from the first.
    let mut exported_chain = crate::audit::GENESIS.to_vec();
    for (index, row) in rows.iter().enumerate() {
        let known: Vec<&str> =
            super::TABLES.iter().find(|t| t.file == file).map(|t| t.columns().collect()).unwrap_or_default();
        let r = Record::new(file, index, row, &known)?;
        let outcome = match file {
            "organizations" => organization(tx, &r),
            "clients" => client(tx, &r),
            "matters" => matter(tx, &r),
            "parties" => party(tx, &r),
            "volunteers" => volunteer(tx, &r),
            "assignments" => assignment(tx, &r),
            "time_entries" => time_entry(tx, &mut times, &r),
            "hearings" => hearing(tx, &r),
            "deadline_decisions" => deadline_decision(tx, &r),
            "deleted_time_entries" => deleted_time_entry(tx, &r),
            "conflict_checks" => conflict_check(tx, &r),
            "notes" => note(tx, &r),
            "audit_events" => audit_event(tx, &r, &mut exported_chain),
            other => Err(Error::Internal(format!("no importer for {other}"))),
        };
        r.written(outcome)?;
    }
    Ok(())
}

fn organization(tx: &Transaction<'_>, r: &Record<'_>) -> Result<()> {
    let name = r.valid(validate::name("name", r.text("name")?))?;
    crate::store::names::insert_organization(tx, &name, &r.stamp()?).map(|_| ())
}

fn client(tx: &Transaction<'_>, r: &Record<'_>) -> Result<()> {
    let draft = ClientDraft {
        name: r.text("name")?.to_owned(),
        other_names: r.list("other_names")?,
        a_number: r.opt_text("a_number")?.map(str::to_owned),
        date_of_birth: r.opt_text("date_of_birth")?.map(str::to_owned),
        country: r.opt_text("country")?.map(str::to_owned),
        languages: r.list("languages")?,
        interpreter_needed: r.boolean("interpreter_needed")?,
        contact: r.opt_text("contact")?.map(str::to_owned),
        entry_date: r.opt_text("entry_date")?.map(str::to_owned),
        notes: r.opt_text("notes")?.map(str::to_owned),
    };
    let valid = r.valid_all(clients::validate(&draft))?;
    clients::insert(tx, &valid, &r.stamp()?).map(|_| ())
}

fn matter(tx: &Transaction<'_>, r: &Record<'_>) -> Result<()> {
    let client_seq = r.seq_of(tx, "client", "client_id")?;
    let draft = MatterDraft {
        decided_on: r.opt_text("decided_on")?.map(str::to_owned),
        case_ref: Some(r.text("case_ref")?.to_owned()),
        client: String::new(),
        case_type: r.text("case_type")?.to_owned(),
        detained: r.boolean("detained")?,
        detention_facility: r.opt_text("detention_facility")?.map(str::to_owned),
        state_of_residence: r.opt_text("state_of_residence")?.map(str::to_owned),
        court: r.opt_text("court")?.map(str::to_owned),
        opened: r.text("opened")?.to_owned(),
        closed: r.opt_text("closed")?.map(str::to_owned),
        relief_outcome: Some(r.text("relief_outcome")?.to_owned()),
        release_requested: r.boolean("release_requested")?,
        release_outcome: r.opt_text("release_outcome")?.map(str::to_owned),
    };
    let valid = r.valid_all(matters::validate(&draft))?;
    matters::insert(tx, client_seq, &valid, &r.stamp()?).map(|_| ())
}

fn party(tx: &Transaction<'_>, r: &Record<'_>) -> Result<()> {
    let matter_seq = r.seq_of(tx, "matter", "matter_id")?;
    // An export from before schema 8 has only `kind` (adverse or related), which reads as the
    // role adverse party or other; a later one has both, and `role` says more.
    let role = match r.opt_text("role")? {
        Some(role) => role,
        None => r.text("kind")?,
    };
    let valid = r.valid(matters::validate_party(role, r.text("name")?, r.opt_text("relationship")?))?;
    matters::insert_party(tx, matter_seq, &valid, &r.stamp()?)
}

fn volunteer(tx: &Transaction<'_>, r: &Record<'_>) -> Result<()> {
    let organization = match r.opt_id("organization_id")? {
        Some(id) => Some(
            tx.query_row("SELECT name FROM organization WHERE id = ?1", [id], |row| row.get::<_, String>(0))
                .optional()?
                .ok_or_else(|| r.error("organization_id", "names an organization that is not in the export"))?,
        ),
        None => None,
    };
    let draft = VolunteerDraft {
        name: r.text("name")?.to_owned(),
        email: r.opt_text("email")?.map(str::to_owned),
        organization,
        role: r.text("role")?.to_owned(),
        languages: r.list("languages")?,
        bar_number: r.opt_text("bar_number")?.map(str::to_owned),
        // Exports before schema 9 have neither.
        law_school_start: r.opt_text("law_school_start")?.map(str::to_owned),
        bar_admissions: r.list("bar_admissions")?,
    };
    let valid = r.valid_all(volunteers::validate(&draft))?;
    volunteers::insert(tx, &valid, &r.stamp()?).map(|_| ())
}

fn assignment(tx: &Transaction<'_>, r: &Record<'_>) -> Result<()> {
    let volunteer_seq = r.seq_of(tx, "volunteer", "volunteer_id")?;
    let matter_seq = r.seq_of(tx, "matter", "matter_id")?;
    let since = r.valid(validate::date("since", r.text("since")?))?.to_string();
    volunteers::assign(tx, volunteer_seq, matter_seq, &since, &r.stamp()?)?;
    // Exports before schema 9 name no supervisor.
    if r.opt_text("supervisor_id")?.is_some() {
        let supervisor = r.seq_of(tx, "volunteer", "supervisor_id")?;
        volunteers::set_supervisor(tx, volunteer_seq, matter_seq, Some(supervisor))?;
    }
    Ok(())
}

fn time_entry(tx: &Transaction<'_>, writer: &mut time::TimeWriter<'_>, r: &Record<'_>) -> Result<()> {
    let volunteer_seq = r.seq_of(tx, "volunteer", "volunteer_id")?;
    let matter_seq = r.seq_of(tx, "matter", "matter_id")?;
    let date = r.valid(validate::date("date", r.text("date")?))?.to_string();
    let minutes = match r.value("minutes").and_then(Value::as_u64) {
        Some(m) if (1..=u64::from(validate::MAX_ENTRY_MINUTES)).contains(&m) => m as u32,
        _ => return Err(r.error("minutes", format!("must be whole minutes from 1 to {}", validate::MAX_ENTRY_MINUTES))),
    };
    let activity = r.valid(validate::text("activity", r.text("activity")?))?.unwrap_or_default();
    let entry = time::NewEntry { volunteer_seq, matter_seq, date: &date, minutes, activity: &activity };
    writer.insert_stamped(r.id("id")?, &entry, &r.timestamp("updated_at")?)
}

fn hearing(tx: &Transaction<'_>, r: &Record<'_>) -> Result<()> {
    let matter_seq = r.seq_of(tx, "matter", "matter_id")?;
    let mut valid = r.valid(calendar::validate_hearing(
        r.text("at")?,
        r.text("kind")?,
        r.opt_text("place")?,
        r.opt_text("description")?,
        r.opt_text("time_zone")?,
    ))?;
    valid.rule = r.opt_text("rule")?.map(str::to_owned);
    valid.counted_from = r
        .opt_text("counted_from")?
        .map(|d| r.valid(validate::date("counted_from", d)))
        .transpose()?
        .map(|d| d.to_string());
    let seq = calendar::insert_hearing(tx, matter_seq, &valid, &r.stamp()?)?;
    if r.opt_text("done_at")?.is_some() {
        calendar::mark_done(tx, seq, Some(&r.timestamp("done_at")?))?;
    }
    Ok(())
}

fn deleted_time_entry(tx: &Transaction<'_>, r: &Record<'_>) -> Result<()> {
    let id = r.id("id")?;
    if tx.query_row("SELECT EXISTS (SELECT 1 FROM time_entry WHERE id = ?1)", [id], |row| row.get::<_, bool>(0))? {
        return Err(r.error("id", "names a time entry that the export also holds"));
    }
    time::insert_deleted(tx, id, &r.timestamp("deleted_at")?)
}

fn conflict_check(tx: &Transaction<'_>, r: &Record<'_>) -> Result<()> {
    let matter_seq = r.seq_of(tx, "matter", "matter_id")?;
    let searched: Vec<String> =
        serde_json::from_str(r.text("searched")?).map_err(|_| r.error("searched", "must be a JSON list of names"))?;
    let matches: Vec<crate::model::ShownMatch> = serde_json::from_str(r.text("matches")?)
        .map_err(|_| r.error("matches", "must be a JSON list of {kind, id, name, score}"))?;
    let draft = crate::model::ConflictCheckDraft {
        matter: String::new(),
        checked_by: r.text("checked_by")?.to_owned(),
        searched,
        matches,
        decision: r.text("decision")?.to_owned(),
        note: r.opt_text("note")?.map(str::to_owned),
    };
    let valid = r.valid(crate::store::conflicts::validate_draft(&draft))?;
    crate::store::conflicts::insert_check(tx, matter_seq, r.id("id")?, &r.timestamp("checked_at")?, &valid.row())
}

fn deadline_decision(tx: &Transaction<'_>, r: &Record<'_>) -> Result<()> {
    let matter_seq = r.seq_of(tx, "matter", "matter_id")?;
    let rule = r.text("rule")?;
    let source = r.text("source")?;
    if rule.trim().is_empty() || source.trim().is_empty() {
        return Err(r.error(if rule.trim().is_empty() { "rule" } else { "source" }, "must not be empty"));
    }
    let counted_from = r.valid(validate::date("counted_from", r.text("counted_from")?))?.to_string();
    let confirmed = match r.text("decision")? {
        "confirmed" => true,
        "dismissed" => false,
        _ => return Err(r.error("decision", "must be confirmed or dismissed")),
    };
    let reason = r.valid(r.opt_text("reason")?.map(|t| validate::line("reason", t)).transpose())?.flatten();
    if !confirmed && reason.is_none() {
        return Err(r.error("reason", "is required for a dismissed deadline"));
    }
    let hearing_seq = match r.opt_id("hearing_id")? {
        Some(_) => Some(r.seq_of(tx, "hearing", "hearing_id")?),
        None => None,
    };
    deadlines::put_decision(
        tx,
        &deadlines::StoredDecision {
            matter_seq,
            rule,
            source,
            counted_from: &counted_from,
            confirmed,
            reason: reason.as_deref(),
            hearing_seq,
            decided_at: &r.timestamp("decided_at")?,
        },
    )
}

fn note(tx: &Transaction<'_>, r: &Record<'_>) -> Result<()> {
    let matter_seq = r.seq_of(tx, "matter", "matter_id")?;
    let valid = r.valid(calendar::validate_note(r.text("body")?, r.opt_text("author")?))?;
    calendar::insert_note(tx, matter_seq, &valid, &r.stamp()?)
}

/// An audit event of the export, appended to this vault's log (linked onto its chain). An
/// export from schema 6 on carries each event's link: those must chain among themselves
/// exactly as they did in the vault they came from, from the first event on, or the file
/// was altered. An older export has no links; its events are linked as they arrive.
fn audit_event(tx: &Transaction<'_>, r: &Record<'_>, exported_chain: &mut Vec<u8>) -> Result<()> {
    let action = r.text("action")?;
    let entity = r.text("entity")?;
    if action.trim().is_empty() || entity.trim().is_empty() {
        return Err(r.error(if action.trim().is_empty() { "action" } else { "entity" }, "must not be empty"));
    }
    let detail = r.text("detail")?;
    r.valid(validate::text("detail", detail))?;
    let (at, entity_id) = (r.timestamp("at")?, r.opt_id("entity_id")?);
    if let Some(given) = r.opt_text("hash")? {
        let expected = crate::audit::link(exported_chain, &at, action, entity, entity_id, detail);
        if !given.eq_ignore_ascii_case(&data_encoding::HEXLOWER.encode(&expected)) {
            return Err(
                r.error("hash", "does not follow from the events before it: the audit log in this export was altered")
            );
        }
        *exported_chain = expected.to_vec();
    }
    crate::store::audit_at(tx, &at, action, entity, entity_id, detail)
}

/// The settings of an export: each known setting checked as the Settings screen checks it,
/// the program's own bookkeeping (when the exported vault was last backed up) left out, and
/// anything else refused.
pub(super) fn insert_settings(tx: &Transaction<'_>, given: &Map<String, Value>) -> Result<()> {
    let problem = |field: &str, message: &str| Error::InvalidRecord {
        file: "settings.json".into(),
        record: None,
        field: field.to_owned(),
        message: message.to_owned(),
    };
    let defaults = serde_json::to_value(settings::Settings::default()).map_err(|e| Error::Internal(e.to_string()))?;
    let mut merged = defaults.clone();
    let mut kept = Vec::new();
    for (key, value) in given {
        if settings::STATE_KEYS.contains(&key.as_str()) {
            continue;
        }
        if !settings::KEYS.contains(&key.as_str()) {
            return Err(problem(key, "is not a setting this version knows"));
        }
        // Each value on its own over the defaults, so a value of the wrong kind is named.
        let mut alone = defaults.clone();
        alone[key] = value.clone();
        serde_json::from_value::<settings::Settings>(alone)
            .map_err(|_| problem(key, "has a value of the wrong kind for this setting"))?;
        merged[key] = value.clone();
        kept.push(key.as_str());
    }
    let parsed: settings::Settings =
        serde_json::from_value(merged.clone()).map_err(|_| problem("settings", "cannot be read"))?;
    parsed.check().map_err(|e| match e {
        Error::Invalid { field, message } => problem(&field, &message),
        other => other,
    })?;
    for key in kept {
        settings::put(tx, key, &merged[key].to_string())?;
    }
    Ok(())
}

//! hours.csv: one row per time entry, with the volunteer who worked it.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Transaction};

use super::table::{self, Column};
use super::{ImportSummary, RowError};
use crate::error::{Error, Result};
use crate::model::{Role, VolunteerDraft};
use crate::store::volunteers::{self, ValidVolunteer};
use crate::store::{NameTable, Stamp, intern, time};
use crate::task::TaskContext;
use crate::validate;

const COLUMNS: &[Column] = &[
    Column { name: "volunteer_name", required: true },
    Column { name: "volunteer_email", required: false },
    Column { name: "organization", required: false },
    Column { name: "role", required: false },
    Column { name: "case_ref", required: true },
    Column { name: "date", required: true },
    Column { name: "hours", required: true },
    Column { name: "activity", required: false },
    Column { name: "law_school_start", required: false },
    Column { name: "bar_admissions", required: false },
    Column { name: "supervisor", required: false },
];

const RENAME: &[(&str, &str)] = &[("name", "volunteer_name"), ("email", "volunteer_email")];

/// Who a row's volunteer is: the lower-cased e-mail when there is one, else the folded name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    Email(String),
    Name(String),
}

struct Entry {
    identity: Identity,
    case_ref: String,
    date: String,
    minutes: u32,
    activity: String,
}

/// A row naming the attorney who supervises its volunteer on its matter.
struct Supervision {
    identity: Identity,
    case_ref: String,
    /// The attorney's e-mail or name, as the file gives it.
    supervisor: String,
    date: String,
}

pub(super) struct Plan {
    /// Each volunteer as first seen in the file (first spelling wins), in file order.
    volunteers: Vec<(Identity, ValidVolunteer, bool)>,
    entries: Vec<Entry>,
    supervisions: Vec<Supervision>,
}

/// Reads and checks every row against the vault (and the case references of a matters
/// file imported alongside). `None` when the file could not be read at all.
pub(super) fn plan(
    conn: &Connection,
    bytes: &[u8],
    new_case_refs: &[String],
    summary: &mut ImportSummary,
) -> Option<Plan> {
    let (table, warnings) = match table::read(bytes, COLUMNS) {
        Ok(t) => t,
        Err(errors) => {
            summary.errors.extend(errors);
            return None;
        }
    };
    summary.warnings.extend(warnings.into_iter().map(|w| format!("hours file, {w}")));
    summary.rows += table.rows.len();
    let new_refs: HashSet<&str> = new_case_refs.iter().map(String::as_str).collect();
    let mut known_refs: HashMap<String, bool> = HashMap::new();
    let mut case_ref_exists = |r: &str| -> bool {
        if new_refs.contains(r) {
            return true;
        }
        if let Some(&known) = known_refs.get(r) {
            return known;
        }
        let known = conn
            .query_row("SELECT EXISTS (SELECT 1 FROM matter WHERE case_ref = ?1)", [r], |row| row.get(0))
            .unwrap_or(false);
        known_refs.insert(r.to_owned(), known);
        known
    };
    let tomorrow = crate::store::today().tomorrow().ok();
    let mut volunteers: Vec<(Identity, ValidVolunteer, bool)> = Vec::new();
    let mut volunteer_index: HashMap<Identity, usize> = HashMap::new();
    let mut entries = Vec::with_capacity(table.rows.len());
    let mut supervisions: Vec<(u64, Supervision)> = Vec::new();
    type Spelling = (String, Option<String>, Option<String>, String, Option<String>, Vec<String>);
    let mut checked: HashMap<Spelling, ValidVolunteer> = HashMap::new();

    for row in &table.rows {
        let line = row.line;
        let mut errors: Vec<RowError> = Vec::new();
        let role_given = !table.get(row, "role").is_empty();
        let draft = VolunteerDraft {
            name: table.get(row, "volunteer_name").to_owned(),
            email: table.opt(row, "volunteer_email"),
            organization: table.opt(row, "organization"),
            // Checked below: a role is needed only for a volunteer not yet in the vault.
            role: if role_given {
                table.get(row, "role").to_owned()
            } else {
                Role::CommunityVolunteer.code().to_owned()
            },
            law_school_start: table.opt(row, "law_school_start"),
            bar_admissions: table.opt(row, "bar_admissions").into_iter().collect(),
            ..Default::default()
        };
        // A file repeats each volunteer on many rows: check each spelling once.
        let key = (
            draft.name.clone(),
            draft.email.clone(),
            draft.organization.clone(),
            draft.role.clone(),
            draft.law_school_start.clone(),
            draft.bar_admissions.clone(),
        );
        let volunteer = match checked.get(&key) {
            Some(valid) => Some(valid.clone()),
            None => match volunteers::validate(&draft) {
                Ok(valid) => {
                    checked.insert(key, valid.clone());
                    Some(valid)
                }
                Err(problems) => {
                    errors.extend(problems.into_iter().map(|e| RowError::from_error(line, e, RENAME)));
                    None
                }
            },
        };
        let case_ref = table.get(row, "case_ref");
        if case_ref.is_empty() {
            errors.push(RowError::new(line, "case_ref", "is required"));
        } else if !case_ref_exists(case_ref) {
            errors.push(RowError::new(
                line,
                "case_ref",
                format!("no matter {case_ref} in the vault or in the matters file of this import"),
            ));
        }
        let date = match validate::date("date", table.get(row, "date")) {
            Ok(d) if tomorrow.is_some_and(|t| d > t) => {
                errors.push(RowError::new(line, "date", "must not be in the future"));
                None
            }
            Ok(d) => Some(d.to_string()),
            Err(e) => {
                errors.push(RowError::from_error(line, e, RENAME));
                None
            }
        };
        let minutes = validate::hours("hours", table.get(row, "hours"))
            .map_err(|e| errors.push(RowError::from_error(line, e, RENAME)))
            .ok();
        let activity = validate::text("activity", table.get(row, "activity"))
            .map_err(|e| errors.push(RowError::from_error(line, e, RENAME)))
            .ok()
            .flatten()
            .unwrap_or_default();

        let (Some(volunteer), Some(date), Some(minutes), true) = (volunteer, date, minutes, errors.is_empty()) else {
            summary.errors.extend(errors);
            continue;
        };
        let identity = match &volunteer.email {
            Some(e) => Identity::Email(e.to_lowercase()),
            None => Identity::Name(validate::fold_key(&volunteer.name)),
        };
        match volunteer_index.get(&identity) {
            Some(&i) => {
                // Later rows may fill in what the first row left empty.
                let (_, first, first_role_given) = &mut volunteers[i];
                if first.organization.is_none() {
                    first.organization = volunteer.organization.clone();
                }
                if first.law_school_start.is_none() {
                    first.law_school_start = volunteer.law_school_start.clone();
                }
                if first.bar_admissions.is_empty() {
                    first.bar_admissions = volunteer.bar_admissions.clone();
                }
                if !*first_role_given && role_given {
                    first.role = volunteer.role;
                    *first_role_given = true;
                }
            }
            None => {
                volunteer_index.insert(identity.clone(), volunteers.len());
                volunteers.push((identity.clone(), volunteer, role_given));
            }
        }
        if let Some(supervisor) = table.opt(row, "supervisor") {
            supervisions.push((
                line,
                Supervision {
                    identity: identity.clone(),
                    case_ref: case_ref.to_owned(),
                    supervisor,
                    date: date.clone(),
                },
            ));
        }
        entries.push(Entry { identity, case_ref: case_ref.to_owned(), date, minutes, activity });
    }
    // A supervisor must be an attorney, in the vault or in this file, other than the volunteer.
    let mut checked_supervisions = Vec::with_capacity(supervisions.len());
    for (line, s) in supervisions {
        let wanted = if s.supervisor.contains('@') {
            Identity::Email(s.supervisor.trim().to_lowercase())
        } else {
            Identity::Name(validate::fold_key(&s.supervisor))
        };
        let role = match volunteers.iter().find(|(identity, ..)| *identity == wanted) {
            Some((_, v, _)) => Some(v.role),
            None => find(conn, &wanted, &s.supervisor).ok().flatten().map(|(_, _, role)| role),
        };
        let problem = match role {
            None => Some("names no volunteer in the vault or in this file (an attorney's e-mail or name)".to_owned()),
            Some(_) if wanted == s.identity => Some("must be someone other than the row's volunteer".to_owned()),
            Some(Role::Attorney) => None,
            Some(role) => Some(format!("must be an attorney (this volunteer is recorded as {})", role.label())),
        };
        match problem {
            Some(message) => summary.errors.push(RowError::new(line, "supervisor", message)),
            None => checked_supervisions.push(s),
        }
    }
    // A volunteer new to the vault needs a role on at least one of their rows.
    for (identity, v, role_given) in &volunteers {
        if !role_given && find(conn, identity, &v.name).ok().flatten().is_none() {
            let line = table.rows.iter().find(|r| identity_of_row(&table, r) == *identity).map_or(0, |r| r.line);
            summary.errors.push(RowError::new(
                line,
                "role",
                format!(
                    "is required for a volunteer not yet in the vault (one of: {})",
                    Role::ALL.iter().map(|r| r.code()).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    Some(Plan { volunteers, entries, supervisions: checked_supervisions })
}

fn identity_of_row(table: &table::Table, row: &table::Row) -> Identity {
    match table.opt(row, "volunteer_email") {
        Some(e) => Identity::Email(e.to_lowercase()),
        None => Identity::Name(validate::fold_key(table.get(row, "volunteer_name"))),
    }
}

/// The vault's volunteer for an identity: by e-mail, or by name among all volunteers.
fn find(conn: &Connection, identity: &Identity, name: &str) -> Result<Option<(i64, Option<i64>, Role)>> {
    let sql = match identity {
        Identity::Email(_) => "SELECT seq, organization_seq, role FROM volunteer WHERE email_key = ?1",
        Identity::Name(_) => {
            "SELECT seq, organization_seq, role FROM volunteer WHERE name_key = ?1 ORDER BY seq LIMIT 1"
        }
    };
    let key = match identity {
        Identity::Email(e) => e.clone(),
        Identity::Name(_) => validate::fold_key(name),
    };
    Ok(conn.prepare_cached(sql)?.query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?)
}

impl Plan {
    pub fn apply(&self, tx: &Transaction<'_>, summary: &mut ImportSummary, task: &TaskContext) -> Result<()> {
        let orgs_before: i64 = tx.query_row("SELECT count(*) FROM organization", [], |r| r.get(0))?;
        let mut seq_of: HashMap<&Identity, i64> = HashMap::new();
        for (identity, v, role_given) in &self.volunteers {
            let org_seq = v.organization.as_deref().map(|o| intern(tx, NameTable::Organization, o)).transpose()?;
            match find(tx, identity, &v.name)? {
                Some((seq, current_org, current_role)) => {
                    let new_org = org_seq.or(current_org);
                    let new_role = if *role_given { v.role } else { current_role };
                    let mut updated = false;
                    if new_org != current_org || new_role != current_role {
                        volunteers::update_org_role(tx, seq, new_org, new_role)?;
                        updated = true;
                    }
                    // A file that gives the law-school start or bar admissions sets them.
                    if v.law_school_start.is_some() || !v.bar_admissions.is_empty() {
                        let (start, admissions): (Option<String>, String) = tx.query_row(
                            "SELECT law_school_start, bar_admissions FROM volunteer WHERE seq = ?1",
                            [seq],
                            |r| Ok((r.get(0)?, r.get(1)?)),
                        )?;
                        let admissions = crate::store::from_json_list(&admissions);
                        let new_start = v.law_school_start.clone().or(start.clone());
                        let new_admissions =
                            if v.bar_admissions.is_empty() { admissions.clone() } else { v.bar_admissions.clone() };
                        if new_start != start || new_admissions != admissions {
                            volunteers::update_service(tx, seq, new_start.as_deref(), &new_admissions)?;
                            updated = true;
                        }
                    }
                    if updated {
                        summary.updated.volunteers += 1;
                    }
                    seq_of.insert(identity, seq);
                }
                None => {
                    let (seq, _) = volunteers::insert(tx, v, &Stamp::new())?;
                    summary.created.volunteers += 1;
                    seq_of.insert(identity, seq);
                }
            }
        }
        let orgs_after: i64 = tx.query_row("SELECT count(*) FROM organization", [], |r| r.get(0))?;
        summary.created.organizations += (orgs_after - orgs_before) as usize;

        let mut matter_seq: HashMap<&str, i64> = HashMap::new();
        let total = self.entries.len();
        let mut writer = time::TimeWriter::new(tx);
        let at = writer.stamp().to_owned();
        // Resolve matters first, then write in (matter, date) order: neighbouring rows land on
        // the same pages of the clustered table. The sort is stable, so repeated rows keep
        // their file order (which the occurrence matching below relies on).
        let mut ordered: Vec<(i64, &Entry)> = Vec::with_capacity(total);
        for e in &self.entries {
            let mseq = match matter_seq.get(e.case_ref.as_str()) {
                Some(&s) => s,
                None => {
                    let s: i64 =
                        tx.query_row("SELECT seq FROM matter WHERE case_ref = ?1", [&e.case_ref], |r| r.get(0))?;
                    matter_seq.insert(&e.case_ref, s);
                    s
                }
            };
            ordered.push((mseq, e));
        }
        ordered.sort_by(|a, b| (a.0, &a.1.date).cmp(&(b.0, &b.1.date)));

        // Each matter's entries are read once (one range of the clustered table): they give
        // the entries this file may already have written and the matter's last number.
        let mut of_matter = tx.prepare(
            "SELECT seq, id, volunteer_seq, date, activity, minutes FROM time_entry WHERE matter_seq = ?1 ORDER BY seq",
        )?;
        let mut done = 0;
        for group in ordered.chunk_by(|a, b| a.0 == b.0) {
            let mseq = group[0].0;
            // The n-th row of the file with a given (volunteer, date, activity) on this matter
            // matches the n-th such entry already in the vault.
            let mut keys: Vec<Wanted<'_>> = Vec::new();
            let mut by_volunteer: HashMap<i64, Vec<usize>> = HashMap::new();
            let mut slots = Vec::with_capacity(group.len());
            for (_, e) in group {
                let vseq = *seq_of.get(&e.identity).ok_or_else(|| Error::Internal("volunteer not planned".into()))?;
                let same = by_volunteer.entry(vseq).or_default();
                let slot = match same.iter().find(|&&k| keys[k].date == e.date && keys[k].activity == e.activity) {
                    Some(&k) => k,
                    None => {
                        keys.push(Wanted { date: &e.date, activity: &e.activity, found: Vec::new(), used: 0 });
                        same.push(keys.len() - 1);
                        keys.len() - 1
                    }
                };
                slots.push((vseq, slot));
            }
            let mut last_seq = 0;
            let mut rows = of_matter.query([mseq])?;
            while let Some(r) = rows.next()? {
                last_seq = r.get(0)?;
                let Some(same) = by_volunteer.get(&r.get::<_, i64>(2)?) else { continue };
                let (date, activity) = (text(r, 3)?, text(r, 4)?);
                if let Some(&k) = same.iter().find(|&&k| keys[k].date == date && keys[k].activity == activity) {
                    keys[k].found.push((r.get(1)?, r.get(5)?));
                }
            }
            drop(rows);
            writer.start_matter(mseq, last_seq);
            for ((_, e), (vseq, slot)) in group.iter().zip(slots) {
                if done % 2000 == 0 {
                    task.step("hours", done as u64, total as u64)?;
                }
                done += 1;
                let key = &mut keys[slot];
                let found = key.found.get(key.used).copied();
                key.used += 1;
                match found {
                    Some((_, minutes)) if minutes == i64::from(e.minutes) => summary.unchanged += 1,
                    Some((id, _)) => {
                        time::update_minutes(tx, id, e.minutes, &at)?;
                        summary.updated.time_entries += 1;
                    }
                    None => {
                        let entry = time::NewEntry {
                            volunteer_seq: vseq,
                            matter_seq: mseq,
                            date: &e.date,
                            minutes: e.minutes,
                            activity: &e.activity,
                        };
                        writer.insert(crate::store::new_id(), &entry)?;
                        summary.created.time_entries += 1;
                    }
                }
            }
        }
        // Supervisors named in the file, once every volunteer of the file is in the vault.
        for s in &self.supervisions {
            let vseq = *seq_of.get(&s.identity).ok_or_else(|| Error::Internal("volunteer not planned".into()))?;
            let mseq =
                *matter_seq.get(s.case_ref.as_str()).ok_or_else(|| Error::Internal("matter not planned".into()))?;
            let (sseq, _) = volunteers::resolve(tx, &s.supervisor, "supervisor")?;
            volunteers::assign(tx, vseq, mseq, &s.date, &Stamp::new())?;
            volunteers::set_supervisor(tx, vseq, mseq, Some(sseq))?;
        }
        task.step("hours", total as u64, total as u64)?;
        Ok(())
    }
}

/// Entries of one matter with the same volunteer, date and activity: those already in the
/// vault (id, minutes) in order, and how many rows of the file have been matched to them.
struct Wanted<'a> {
    date: &'a str,
    activity: &'a str,
    found: Vec<(uuid::Uuid, i64)>,
    used: usize,
}

/// A text column without copying it.
fn text<'r>(row: &'r rusqlite::Row<'_>, index: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(index)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

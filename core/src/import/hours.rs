//! hours.csv: one row per time entry, with the volunteer who worked it.

use std::collections::{HashMap, HashSet};

use super::table::{self, Column};
use super::target::{ExistingEntry, FoundVolunteer, Identity, ImportTarget, NewEntry};
use super::{ImportSummary, RowError};
use crate::error::{Error, Result};
use crate::model::{Role, VolunteerDraft};
use crate::store::volunteers::{self, ValidVolunteer};
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

/// Reads and checks every row against the records (and the case references of a matters
/// file imported alongside). `None` when the file could not be read at all; an
/// error when the records could not be read.
pub(super) fn plan<T: ImportTarget>(
    target: &mut T,
    bytes: &[u8],
    new_case_refs: &[String],
    summary: &mut ImportSummary,
) -> Result<Option<Plan>> {
    let (table, warnings) = match table::read(bytes, COLUMNS) {
        Ok(t) => t,
        Err(errors) => {
            summary.errors.extend(errors);
            return Ok(None);
        }
    };
    summary.warnings.extend(warnings.into_iter().map(|w| format!("hours file, {w}")));
    summary.rows += table.rows.len();
    let new_refs: HashSet<&str> = new_case_refs.iter().map(String::as_str).collect();
    let mut known_refs: HashMap<String, bool> = HashMap::new();
    let mut case_ref_exists = |target: &mut T, r: &str| -> Result<bool> {
        if new_refs.contains(r) {
            return Ok(true);
        }
        if let Some(&known) = known_refs.get(r) {
            return Ok(known);
        }
        let known = target.matter_exists(r)?;
        known_refs.insert(r.to_owned(), known);
        Ok(known)
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
        } else if !case_ref_exists(target, case_ref)? {
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
            None => target.find_volunteer(&wanted, &s.supervisor)?.map(|found| found.role),
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
        if !role_given && target.find_volunteer(identity, &v.name)?.is_none() {
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
    Ok(Some(Plan { volunteers, entries, supervisions: checked_supervisions }))
}

fn identity_of_row(table: &table::Table, row: &table::Row) -> Identity {
    match table.opt(row, "volunteer_email") {
        Some(e) => Identity::Email(e.to_lowercase()),
        None => Identity::Name(validate::fold_key(table.get(row, "volunteer_name"))),
    }
}

impl Plan {
    pub fn apply<T: ImportTarget>(
        &self,
        target: &mut T,
        summary: &mut ImportSummary,
        task: &TaskContext,
    ) -> Result<()> {
        let orgs_before = target.organization_count()?;
        let mut key_of: HashMap<&Identity, T::Key> = HashMap::new();
        for (identity, v, role_given) in &self.volunteers {
            let org = v.organization.as_deref().map(|o| target.organization(o)).transpose()?;
            match target.find_volunteer(identity, &v.name)? {
                Some(FoundVolunteer { key, organization: current_org, role: current_role }) => {
                    let new_org = org.or(current_org);
                    let new_role = if *role_given { v.role } else { current_role };
                    let mut updated = false;
                    if new_org != current_org || new_role != current_role {
                        target.set_organization_and_role(key, new_org, new_role)?;
                        updated = true;
                    }
                    // A file that gives the law-school start or bar admissions sets them.
                    if v.law_school_start.is_some() || !v.bar_admissions.is_empty() {
                        let (start, admissions) = target.service(key)?;
                        let new_start = v.law_school_start.clone().or(start.clone());
                        let new_admissions =
                            if v.bar_admissions.is_empty() { admissions.clone() } else { v.bar_admissions.clone() };
                        if new_start != start || new_admissions != admissions {
                            target.set_service(key, new_start.as_deref(), &new_admissions)?;
                            updated = true;
                        }
                    }
                    if updated {
                        summary.updated.volunteers += 1;
                    }
                    key_of.insert(identity, key);
                }
                None => {
                    let key = target.insert_volunteer(v)?;
                    summary.created.volunteers += 1;
                    key_of.insert(identity, key);
                }
            }
        }
        let orgs_after = target.organization_count()?;
        summary.created.organizations += (orgs_after - orgs_before) as usize;

        let mut matter_key: HashMap<&str, T::Key> = HashMap::new();
        let total = self.entries.len();
        // Resolve matters first, then write in (matter, date) order: in a vault neighbouring
        // rows land on the same pages of the clustered table. The sort is stable, so repeated
        // rows keep their file order (which the occurrence matching below relies on).
        let mut ordered: Vec<(T::Key, &Entry)> = Vec::with_capacity(total);
        for e in &self.entries {
            let key = match matter_key.get(e.case_ref.as_str()) {
                Some(&k) => k,
                None => {
                    let (k, _) = target
                        .matter(&e.case_ref)?
                        .ok_or_else(|| Error::Internal("a planned matter is missing".into()))?;
                    matter_key.insert(&e.case_ref, k);
                    k
                }
            };
            ordered.push((key, e));
        }
        ordered.sort_by(|a, b| (a.0, &a.1.date).cmp(&(b.0, &b.1.date)));

        let mut done = 0;
        for group in ordered.chunk_by(|a, b| a.0 == b.0) {
            let matter = group[0].0;
            // The n-th row of the file with a given (volunteer, date, activity) on this matter
            // matches the n-th such entry already in the records.
            let mut keys: Vec<Wanted<'_>> = Vec::new();
            let mut by_volunteer: HashMap<T::Key, Vec<usize>> = HashMap::new();
            let mut slots = Vec::with_capacity(group.len());
            for (_, e) in group {
                let volunteer =
                    *key_of.get(&e.identity).ok_or_else(|| Error::Internal("volunteer not planned".into()))?;
                let same = by_volunteer.entry(volunteer).or_default();
                let slot = match same.iter().find(|&&k| keys[k].date == e.date && keys[k].activity == e.activity) {
                    Some(&k) => k,
                    None => {
                        keys.push(Wanted { date: &e.date, activity: &e.activity, found: Vec::new(), used: 0 });
                        same.push(keys.len() - 1);
                        keys.len() - 1
                    }
                };
                slots.push((volunteer, slot));
            }
            target.entries_of_matter(matter, &mut |entry: ExistingEntry<'_, T::Key>| {
                let Some(same) = by_volunteer.get(&entry.volunteer) else { return };
                if let Some(&k) =
                    same.iter().find(|&&k| keys[k].date == entry.date && keys[k].activity == entry.activity)
                {
                    keys[k].found.push((entry.id, entry.minutes));
                }
            })?;
            for ((_, e), (volunteer, slot)) in group.iter().zip(slots) {
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
                        target.update_minutes(id, e.minutes)?;
                        summary.updated.time_entries += 1;
                    }
                    None => {
                        target.insert_entry(&NewEntry {
                            volunteer,
                            matter,
                            date: &e.date,
                            minutes: e.minutes,
                            activity: &e.activity,
                        })?;
                        summary.created.time_entries += 1;
                    }
                }
            }
        }
        // Supervisors named in the file, once every volunteer of the file is in the records.
        for s in &self.supervisions {
            let volunteer = *key_of.get(&s.identity).ok_or_else(|| Error::Internal("volunteer not planned".into()))?;
            let matter =
                *matter_key.get(s.case_ref.as_str()).ok_or_else(|| Error::Internal("matter not planned".into()))?;
            target.supervise(volunteer, matter, &s.supervisor, &s.date)?;
        }
        task.step("hours", total as u64, total as u64)?;
        Ok(())
    }
}

/// Entries of one matter with the same volunteer, date and activity: those already in the
/// records (id, minutes) in order, and how many rows of the file have been matched to them.
struct Wanted<'a> {
    date: &'a str,
    activity: &'a str,
    found: Vec<(uuid::Uuid, i64)>,
    used: usize,
}

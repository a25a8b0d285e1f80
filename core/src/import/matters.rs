//! matters.csv: one row per matter, with its client.

use std::collections::{HashMap, HashSet};

use super::table::{self, Column, Table};
use super::target::{ImportTarget, KnownClient};
use super::{ImportSummary, RowError};
use crate::error::Result;
use crate::model::{ClientDraft, MatterDraft};
use crate::store::clients::{self, ValidClient};
use crate::store::matters::{self, ValidMatter};
use crate::task::TaskContext;
use crate::validate;

const COLUMNS: &[Column] = &[
    Column { name: "case_ref", required: true },
    Column { name: "client_name", required: true },
    Column { name: "a_number", required: false },
    Column { name: "date_of_birth", required: false },
    Column { name: "country_of_origin", required: false },
    Column { name: "languages", required: false },
    Column { name: "detained", required: false },
    Column { name: "detention_facility", required: false },
    Column { name: "state_of_residence", required: false },
    Column { name: "case_type", required: false },
    Column { name: "opened", required: true },
    Column { name: "closed", required: false },
    Column { name: "relief_outcome", required: false },
    Column { name: "decided_on", required: false },
    Column { name: "release_requested", required: false },
    Column { name: "release_outcome", required: false },
];

/// Record field -> CSV column, where they differ.
const RENAME: &[(&str, &str)] = &[("name", "client_name"), ("country", "country_of_origin")];

struct Planned {
    /// The row's line in the file.
    line: u64,
    client: ValidClient,
    matter: ValidMatter,
}

pub(super) struct Plan {
    rows: Vec<Planned>,
}

impl Plan {
    pub fn case_refs(&self) -> Vec<String> {
        self.rows.iter().filter_map(|r| r.matter.case_ref.clone()).collect()
    }
}

/// Reads and checks every row. `None` when the file could not be read at all.
pub(super) fn plan(bytes: &[u8], summary: &mut ImportSummary) -> Option<Plan> {
    let (table, warnings) = match table::read(bytes, COLUMNS) {
        Ok(t) => t,
        Err(errors) => {
            summary.errors.extend(errors);
            return None;
        }
    };
    summary.warnings.extend(warnings.into_iter().map(|w| format!("matters file, {w}")));
    summary.rows += table.rows.len();
    let mut rows = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in &table.rows {
        let line = row.line;
        let mut errors = Vec::new();
        let flag = |column: &str| -> std::result::Result<bool, RowError> {
            match table.get(row, column) {
                "" => Ok(false),
                v => validate::yes_no(column, v).map_err(|e| RowError::from_error(line, e, RENAME)),
            }
        };
        let detained = flag("detained").unwrap_or_else(|e| {
            errors.push(e);
            false
        });
        let release_requested = flag("release_requested").unwrap_or_else(|e| {
            errors.push(e);
            false
        });
        let client = clients::validate(&client_draft(&table, row));
        let case_type = match table.get(row, "case_type") {
            "" => "other".to_owned(),
            v => v.to_owned(),
        };
        let matter = matters::validate(&MatterDraft {
            case_ref: Some(table.get(row, "case_ref").to_owned()),
            client: String::new(),
            case_type,
            detained,
            detention_facility: table.opt(row, "detention_facility"),
            state_of_residence: table.opt(row, "state_of_residence"),
            court: None,
            opened: table.get(row, "opened").to_owned(),
            closed: table.opt(row, "closed"),
            relief_outcome: table.opt(row, "relief_outcome"),
            decided_on: table.opt(row, "decided_on"),
            release_requested,
            release_outcome: table.opt(row, "release_outcome"),
        });
        if table.get(row, "case_ref").is_empty() {
            errors.push(RowError::new(line, "case_ref", "is required"));
        }
        let blank_case_ref = table.get(row, "case_ref").is_empty();
        match (client, matter) {
            (Ok(client), Ok(matter)) => {
                if let Some(case_ref) = &matter.case_ref
                    && let Some(first) = seen.insert(case_ref.clone(), line)
                {
                    errors.push(RowError::new(
                        line,
                        "case_ref",
                        format!("{case_ref} appears twice in the file (first on line {first})"),
                    ));
                }
                if errors.is_empty() {
                    rows.push(Planned { line, client, matter });
                }
            }
            (client, matter) => {
                let client_errors = client.err().into_iter().flatten();
                // A blank case_ref is already reported as required.
                let matter_errors =
                    matter.err().into_iter().flatten().filter(|e| !(blank_case_ref && e.field() == Some("case_ref")));
                errors.extend(client_errors.chain(matter_errors).map(|e| RowError::from_error(line, e, RENAME)));
            }
        }
        summary.errors.extend(errors);
    }
    Some(Plan { rows })
}

fn client_draft(table: &Table, row: &table::Row) -> ClientDraft {
    ClientDraft {
        name: table.get(row, "client_name").to_owned(),
        a_number: table.opt(row, "a_number"),
        date_of_birth: table.opt(row, "date_of_birth"),
        country: table.opt(row, "country_of_origin"),
        languages: table.opt(row, "languages").into_iter().collect(),
        ..Default::default()
    }
}

/// Finds the client a row belongs to: same A-number, else same name (case- and
/// space-insensitive) and no conflicting date of birth.
struct ClientIndex<K> {
    by_a_number: HashMap<String, K>,
    by_name: HashMap<String, Vec<(K, Option<String>)>>,
}

impl<K: Copy + Eq + std::hash::Hash> ClientIndex<K> {
    fn load(known: Vec<KnownClient<K>>) -> ClientIndex<K> {
        let mut index = ClientIndex { by_a_number: HashMap::new(), by_name: HashMap::new() };
        for c in known {
            index.add(c.key, &c.name, c.a_number.as_deref(), c.date_of_birth);
        }
        index
    }

    fn add(&mut self, key: K, name: &str, a_number: Option<&str>, dob: Option<String>) {
        if let Some(a) = a_number {
            self.by_a_number.entry(a.to_owned()).or_insert(key);
        }
        self.by_name.entry(validate::fold_key(name)).or_default().push((key, dob));
    }

    fn find(&self, c: &ValidClient) -> Option<K> {
        if let Some(a) = &c.a_number {
            return self.by_a_number.get(a).copied();
        }
        let candidates = self.by_name.get(&validate::fold_key(&c.name))?;
        candidates
            .iter()
            .find(|(_, dob)| dob.is_some() && *dob == c.date_of_birth)
            .or_else(|| candidates.iter().find(|(_, dob)| dob.is_none() || c.date_of_birth.is_none()))
            .map(|(key, _)| *key)
    }
}

impl Plan {
    pub fn apply<T: ImportTarget>(
        &self,
        target: &mut T,
        summary: &mut ImportSummary,
        task: &TaskContext,
    ) -> Result<()> {
        let mut clients = ClientIndex::load(target.clients()?);
        let mut touched_clients = HashSet::new();
        let mut likely = LikelyDuplicates::default();
        let total = self.rows.len();
        for (done, p) in self.rows.iter().enumerate() {
            if done % 500 == 0 {
                task.step("matters", done as u64, total as u64)?;
            }
            let case_ref = p.matter.case_ref.clone().unwrap_or_default();
            let existing = target.matter(&case_ref)?;
            let client = match existing {
                Some((_, client)) => client,
                None => match clients.find(&p.client) {
                    Some(key) => {
                        likely.same_client(key, p.line);
                        key
                    }
                    None => {
                        let found = likely.check(target, &p.client)?;
                        let key = target.insert_client(&p.client)?;
                        likely.new_client(key, p.line, found);
                        clients.add(key, &p.client.name, p.client.a_number.as_deref(), p.client.date_of_birth.clone());
                        summary.created.clients += 1;
                        touched_clients.insert(key);
                        key
                    }
                },
            };
            // Two rows of one client may disagree (a corrected row); the later row wins, and
            // the client counts as updated once.
            if target.merge_client(client, &p.client)? && touched_clients.insert(client) {
                summary.updated.clients += 1;
            }
            match existing {
                None => {
                    target.insert_matter(client, &p.matter)?;
                    summary.created.matters += 1;
                }
                Some((matter, _)) => {
                    if target.merge_matter(matter, &p.matter)? {
                        summary.updated.matters += 1;
                    } else {
                        summary.unchanged += 1;
                    }
                }
            }
        }
        task.step("matters", total as u64, total as u64)?;
        summary.warnings.extend(likely.warnings());
        Ok(())
    }
}

/// New clients of an import that are likely clients already in the vault, found by the
/// conflict check's matching against the clients there before the import. The rows are still
/// imported; the warning names the lines and the existing clients' case references (never
/// names: warnings are shown and may be copied into e-mails).
struct LikelyDuplicates<K> {
    /// The records' clients before the first new one, and the threshold; built on first use.
    index: Option<(crate::conflict::Index, f64)>,
    /// New client -> the lines that name it, and what it likely duplicates.
    found: Vec<(K, Vec<u64>, Vec<crate::conflict::Match>)>,
}

impl<K> Default for LikelyDuplicates<K> {
    fn default() -> Self {
        LikelyDuplicates { index: None, found: Vec::new() }
    }
}

impl<K: Copy + Eq> LikelyDuplicates<K> {
    fn check<T: ImportTarget<Key = K>>(
        &mut self,
        target: &mut T,
        client: &ValidClient,
    ) -> Result<Vec<crate::conflict::Match>> {
        if self.index.is_none() {
            let (people, threshold) = target.conflict_people()?;
            self.index = Some((crate::conflict::Index::new(people), threshold));
        }
        let Some((index, threshold)) = &self.index else { return Ok(Vec::new()) };
        index.search(
            &crate::conflict::Query {
                name: client.name.clone(),
                a_number: client.a_number.clone(),
                date_of_birth: client.date_of_birth.clone(),
            },
            *threshold,
        )
    }

    fn new_client(&mut self, key: K, line: u64, found: Vec<crate::conflict::Match>) {
        if !found.is_empty() {
            self.found.push((key, vec![line], found));
        }
    }

    fn same_client(&mut self, key: K, line: u64) {
        if let Some((_, lines, _)) = self.found.iter_mut().find(|(k, ..)| *k == key) {
            lines.push(line);
        }
    }

    fn warnings(&self) -> Vec<String> {
        self.found
            .iter()
            .map(|(_, lines, found)| {
                let lines: Vec<String> = lines.iter().map(u64::to_string).collect();
                let which: Vec<String> = found
                    .iter()
                    .take(3)
                    .map(|m| {
                        let matters = if m.matters.is_empty() {
                            "a client with no matter yet".to_owned()
                        } else {
                            format!("the client of {}", m.matters.join(", "))
                        };
                        format!("{matters} ({:.0}%: {})", m.score * 100.0, m.reasons.join("; "))
                    })
                    .collect();
                format!(
                    "matters file, line{} {}: a new client that is likely one already in the vault: {}. \
                     The rows were imported with a new client; if they are one person, merge them \
                     (probono client duplicates, then probono client merge)",
                    if lines.len() == 1 { "" } else { "s" },
                    lines.join(", "),
                    which.join("; or ")
                )
            })
            .collect()
    }
}

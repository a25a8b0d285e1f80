//! The people a conflict check searches: every client (with other names, A-number, date of
//! birth), every party and every volunteer, each with the case references of their matters.
//! Reads only.

use uuid::Uuid;

use super::Store;
use crate::conflict::{Kind, Person};
use crate::error::Result;
use crate::model::PartyRole;

impl Store {
    pub fn conflict_people(&self) -> Result<Vec<Person>> {
        people(self.conn(), true)
    }
}

/// Every client, and with `everyone` every party and volunteer, as the conflict check sees
/// them.
pub(crate) fn people(conn: &rusqlite::Connection, everyone: bool) -> Result<Vec<Person>> {
    let mut people = Vec::new();
    let list = |json: Option<String>| -> Vec<String> {
        json.and_then(|j| serde_json::from_str::<Vec<Option<String>>>(&j).ok())
            .map(|v| v.into_iter().flatten().collect())
            .unwrap_or_default()
    };
    let mut stmt = conn.prepare(
        "SELECT c.id, c.name, c.other_names, c.a_number, c.date_of_birth,
                (SELECT json_group_array(m.case_ref) FROM matter m WHERE m.client_seq = c.seq)
         FROM client c ORDER BY c.seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, Uuid>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    for row in rows {
        let (id, name, other_names, a_number, date_of_birth, matters) = row?;
        people.push(Person {
            kind: Kind::Client,
            id: id.to_string(),
            name,
            other_names: serde_json::from_str(&other_names).unwrap_or_default(),
            a_number,
            date_of_birth,
            matters: list(matters),
            role: None,
        });
    }
    if !everyone {
        return Ok(people);
    }
    let mut stmt = conn.prepare(
        "SELECT p.id, p.name, m.case_ref, p.role FROM party p JOIN matter m ON m.seq = p.matter_seq ORDER BY p.seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, Uuid>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, PartyRole>(3)?))
    })?;
    for row in rows {
        let (id, name, case_ref, role) = row?;
        people.push(Person {
            kind: Kind::Party,
            id: id.to_string(),
            name,
            other_names: Vec::new(),
            a_number: None,
            date_of_birth: None,
            matters: vec![case_ref],
            role: Some(role.label().to_owned()),
        });
    }
    let mut stmt = conn.prepare(
        "SELECT v.id, v.name,
                (SELECT json_group_array(m.case_ref) FROM assignment a JOIN matter m ON m.seq = a.matter_seq
                 WHERE a.volunteer_seq = v.seq)
         FROM volunteer v ORDER BY v.seq",
    )?;
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, Uuid>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?;
    for row in rows {
        let (id, name, matters) = row?;
        people.push(Person {
            kind: Kind::Volunteer,
            id: id.to_string(),
            name,
            other_names: Vec::new(),
            a_number: None,
            date_of_birth: None,
            matters: list(matters),
            role: None,
        });
    }
    Ok(people)
}

/// How many names one check may record as searched, and matches as shown.
const MAX_SEARCHED: usize = 50;
const MAX_SHOWN: usize = 500;

/// A conflict check, validated.
pub struct ValidCheck {
    pub checked_by: String,
    pub searched: Vec<String>,
    pub matches: Vec<crate::model::ShownMatch>,
    pub decision: crate::model::ConflictDecision,
    pub note: Option<String>,
}

/// Checks a draft (the export importer checks each record the same way).
pub fn validate_draft(draft: &crate::model::ConflictCheckDraft) -> Result<ValidCheck> {
    use crate::error::Error;
    use crate::model::ConflictDecision;
    let checked_by = crate::validate::name("checked_by", &draft.checked_by)?;
    if draft.searched.is_empty() {
        return Err(Error::invalid("searched", "name at least one person searched for"));
    }
    if draft.searched.len() > MAX_SEARCHED {
        return Err(Error::invalid("searched", format!("at most {MAX_SEARCHED} names in one check")));
    }
    let searched = draft.searched.iter().map(|n| crate::validate::name("searched", n)).collect::<Result<Vec<_>>>()?;
    if draft.matches.len() > MAX_SHOWN {
        return Err(Error::invalid("matches", format!("at most {MAX_SHOWN} matches in one check")));
    }
    for m in &draft.matches {
        crate::validate::name("matches", &m.name)?;
        if !(0.0..=1.0).contains(&m.score) {
            return Err(Error::invalid("matches", "scores are between 0 and 1"));
        }
    }
    let decision = ConflictDecision::parse("decision", &draft.decision)?;
    let note = draft.note.as_deref().map(|n| crate::validate::text("note", n)).transpose()?.flatten();
    if decision != ConflictDecision::NoConflict && note.is_none() {
        return Err(Error::invalid(
            "note",
            "is required for a conflict or a waiver: say what was found and, for a waiver, how the clients consented",
        ));
    }
    Ok(ValidCheck { checked_by, searched, matches: draft.matches.clone(), decision, note })
}

/// Inserts a conflict check (the table's one writer).
pub(crate) fn insert_check(
    tx: &rusqlite::Transaction<'_>,
    matter_seq: i64,
    id: Uuid,
    checked_at: &str,
    check: &ValidCheckRow<'_>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO conflict_check (id, matter_seq, checked_at, checked_by, searched, matches, decision, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        id,
        matter_seq,
        checked_at,
        check.checked_by,
        serde_json::to_string(check.searched).map_err(|e| crate::error::Error::Internal(e.to_string()))?,
        serde_json::to_string(check.matches).map_err(|e| crate::error::Error::Internal(e.to_string()))?,
        check.decision.as_str(),
        check.note,
    ])?;
    Ok(())
}

impl ValidCheck {
    pub(crate) fn row(&self) -> ValidCheckRow<'_> {
        ValidCheckRow {
            checked_by: &self.checked_by,
            searched: &self.searched,
            matches: &self.matches,
            decision: self.decision,
            note: self.note.as_deref(),
        }
    }
}

/// The columns of one row, borrowed.
pub(crate) struct ValidCheckRow<'a> {
    pub checked_by: &'a str,
    pub searched: &'a [String],
    pub matches: &'a [crate::model::ShownMatch],
    pub decision: crate::model::ConflictDecision,
    pub note: Option<&'a str>,
}

/// The checks recorded on a matter, newest first.
pub(crate) fn checks_of_matter(
    conn: &rusqlite::Connection,
    matter_seq: i64,
) -> Result<Vec<crate::model::ConflictCheck>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, checked_at, checked_by, searched, matches, decision, note FROM conflict_check
         WHERE matter_seq = ?1 ORDER BY seq DESC",
    )?;
    let rows = stmt.query_map([matter_seq], |r| {
        Ok((
            r.get::<_, Uuid>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, checked_at, checked_by, searched, matches, decision, note) = row?;
        let damaged = || crate::error::Error::VaultDamaged("a recorded conflict check cannot be read".into());
        out.push(crate::model::ConflictCheck {
            id,
            checked_at,
            checked_by,
            searched: serde_json::from_str(&searched).map_err(|_| damaged())?,
            matches: serde_json::from_str(&matches).map_err(|_| damaged())?,
            decision: crate::model::ConflictDecision::parse("decision", &decision).map_err(|_| damaged())?,
            note,
        });
    }
    Ok(out)
}

impl Store {
    /// Records a conflict check on a matter, and says so in the audit log (the decision, the
    /// counts and who ran it; the names searched and found stay in the vault's own record).
    pub fn record_conflict_check(
        &mut self,
        draft: &crate::model::ConflictCheckDraft,
    ) -> Result<crate::model::ConflictCheck> {
        let valid = validate_draft(draft)?;
        let id = super::new_id();
        let at = super::now();
        let case_ref = self.write(|tx| {
            let (matter_seq, _) = super::matters::resolve(tx, &draft.matter, "matter")?;
            insert_check(tx, matter_seq, id, &at, &valid.row())?;
            let case_ref: String =
                tx.query_row("SELECT case_ref FROM matter WHERE seq = ?1", [matter_seq], |r| r.get(0))?;
            super::audit(
                tx,
                "create",
                "conflict_check",
                Some(id),
                &format!(
                    "matter {case_ref}: {} ({} searched, {} shown) by {}",
                    valid.decision.as_str(),
                    valid.searched.len(),
                    valid.matches.len(),
                    valid.checked_by
                ),
            )?;
            Ok(case_ref)
        })?;
        let _ = case_ref;
        Ok(crate::model::ConflictCheck {
            id,
            checked_at: at,
            checked_by: valid.checked_by,
            searched: valid.searched,
            matches: valid.matches,
            decision: valid.decision,
            note: valid.note,
        })
    }
}

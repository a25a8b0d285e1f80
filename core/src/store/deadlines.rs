//! Deadlines in the vault: what a matter's deadlines count from, the decisions people made
//! about suggested ones (the deadline_decision table's one writer), and confirming,
//! dismissing and marking deadlines done. The rules and the counting are `crate::deadlines`.

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use uuid::Uuid;

use super::calendar::{self, ValidHearing};
use super::{Stamp, Store, audit, now, settings};
use crate::deadlines::suggest::{Decision, HearingFact, MatterFacts, suggest};
use crate::deadlines::{Closed, MatterDeadlines, Rule, SuggestedDeadline, rules};
use crate::error::{Error, Result};
use crate::model::{CaseType, Hearing, HearingKind, ReliefOutcome};
use crate::validate;

/// The rules in force (built-in, with the program's own over them) and the closed days.
pub(crate) fn rules_and_closures(conn: &Connection) -> Result<(Vec<Rule>, Closed)> {
    let s = settings::read(conn)?;
    Ok((rules::effective(s.deadline_rules.as_deref())?, Closed::new(s.closure_days)))
}

fn date_of(text: &str) -> Option<Date> {
    text.get(..10).and_then(|d| d.parse().ok())
}

fn facts(conn: &Connection, matter_seq: i64) -> Result<MatterFacts> {
    let (case_type, detained, relief, entry, decided): (CaseType, bool, ReliefOutcome, Option<String>, Option<String>) =
        conn.prepare_cached(
            "SELECT m.case_type, m.detained, m.relief_outcome, c.entry_date, m.decided_on
             FROM matter m JOIN client c ON c.seq = m.client_seq WHERE m.seq = ?1",
        )?
        .query_row([matter_seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    let mut stmt = conn.prepare_cached("SELECT id, at, kind FROM hearing WHERE matter_seq = ?1 AND rule IS NULL")?;
    let hearings = stmt
        .query_map([matter_seq], |r| Ok((r.get::<_, Uuid>(0)?, r.get::<_, String>(1)?, r.get::<_, HearingKind>(2)?)))?
        .filter_map(|row| match row {
            Ok((id, at, kind)) => date_of(&at).map(|date| Ok(HearingFact { id, date, kind })),
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(MatterFacts {
        case_type,
        detained,
        relief_outcome: relief,
        last_arrival: entry.as_deref().and_then(date_of),
        decided_on: decided.as_deref().and_then(date_of),
        hearings,
    })
}

fn decisions(conn: &Connection, matter_seq: i64) -> Result<Vec<Decision>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.rule, d.source, d.counted_from, d.decision, h.id FROM deadline_decision d
         LEFT JOIN hearing h ON h.seq = d.hearing_seq WHERE d.matter_seq = ?1",
    )?;
    let rows = stmt.query_map([matter_seq], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (rule, source, counted_from, decision, hearing_id) = row?;
        let counted_from =
            date_of(&counted_from).ok_or_else(|| Error::VaultDamaged("a deadline decision has no date".into()))?;
        out.push(Decision { rule, source, counted_from, confirmed: decision == "confirmed", hearing_id });
    }
    Ok(out)
}

/// The deadlines of one matter that need a person (for the matter page).
pub(crate) fn of_matter(conn: &Connection, matter_seq: i64) -> Result<MatterDeadlines> {
    let (rules, closed) = rules_and_closures(conn)?;
    suggest(&rules, &facts(conn, matter_seq)?, &decisions(conn, matter_seq)?, &closed)
}

/// A suggestion across all open matters, with the matter it belongs to.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatterSuggestion {
    pub matter_id: Uuid,
    pub case_ref: String,
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub deadline: SuggestedDeadline,
}

/// A matter whose deadline cannot be computed, and why ("… the client's last arrival date is
/// not recorded").
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CannotCompute {
    pub matter_id: Uuid,
    pub case_ref: String,
    pub message: String,
}

/// The open matters' suggestions (soonest first) and the deadlines that cannot be computed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OpenSuggestions {
    pub suggested: Vec<MatterSuggestion>,
    pub cannot_compute: Vec<CannotCompute>,
}

/// A decision as stored (from a person now, or from an export being imported).
pub(crate) struct StoredDecision<'a> {
    pub matter_seq: i64,
    pub rule: &'a str,
    pub source: &'a str,
    pub counted_from: &'a str,
    pub confirmed: bool,
    pub reason: Option<&'a str>,
    pub hearing_seq: Option<i64>,
    pub decided_at: &'a str,
}

/// The deadline_decision table's one writer: a new decision, or a new one about the same
/// suggestion replacing the old.
pub(crate) fn put_decision(tx: &Transaction<'_>, d: &StoredDecision<'_>) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO deadline_decision (matter_seq, rule, source, counted_from, decision, reason, hearing_seq, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (matter_seq, rule, source) DO UPDATE SET counted_from = excluded.counted_from,
            decision = excluded.decision, reason = excluded.reason, hearing_seq = excluded.hearing_seq,
            decided_at = excluded.decided_at",
    )?
    .execute(params![
        d.matter_seq,
        d.rule,
        d.source,
        d.counted_from,
        if d.confirmed { "confirmed" } else { "dismissed" },
        d.reason,
        d.hearing_seq,
        d.decided_at
    ])?;
    Ok(())
}

/// Records what a person decided about a suggestion.
fn record_decision(
    tx: &Transaction<'_>,
    matter_seq: i64,
    s: &SuggestedDeadline,
    confirmed: bool,
    reason: Option<&str>,
    hearing_seq: Option<i64>,
) -> Result<()> {
    put_decision(
        tx,
        &StoredDecision {
            matter_seq,
            rule: &s.rule,
            source: &s.source,
            counted_from: &s.counted_from.to_string(),
            confirmed,
            reason,
            hearing_seq,
            decided_at: &now(),
        },
    )
}

fn the_suggestion(conn: &Connection, matter_seq: i64, rule: &str, source: Option<&str>) -> Result<SuggestedDeadline> {
    pick_suggestion(of_matter(conn, matter_seq)?, rule, source)
}

/// The one waiting suggestion of a matter's deadlines a person named by its rule (and its
/// source, when the rule gives the matter several): what confirm and dismiss act on, on
/// either engine.
pub fn pick_suggestion(deadlines: MatterDeadlines, rule: &str, source: Option<&str>) -> Result<SuggestedDeadline> {
    let mut found: Vec<SuggestedDeadline> = deadlines.suggested.into_iter().filter(|s| s.rule == rule).collect();
    if let Some(source) = source.filter(|s| !s.trim().is_empty()) {
        found.retain(|s| s.source == source.trim());
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Error::invalid("rule", "this matter has no such deadline waiting to be confirmed or dismissed")),
        _ => Err(Error::invalid("source", "this rule gives this matter several deadlines: say which (its source)")),
    }
}

/// The open matters' suggestions (soonest first) and what cannot be computed (by case
/// reference), from each matter's (id, case reference, facts, decisions): on either engine.
pub fn open_suggestions(
    rules: &[Rule],
    closed: &Closed,
    matters: impl IntoIterator<Item = (Uuid, String, MatterFacts, Vec<Decision>)>,
) -> Result<OpenSuggestions> {
    let mut out = OpenSuggestions::default();
    for (matter_id, case_ref, facts, decisions) in matters {
        let found = suggest(rules, &facts, &decisions, closed)?;
        for deadline in found.suggested {
            out.suggested.push(MatterSuggestion { matter_id, case_ref: case_ref.clone(), deadline });
        }
        for message in found.cannot_compute {
            out.cannot_compute.push(CannotCompute { matter_id, case_ref: case_ref.clone(), message });
        }
    }
    out.suggested.sort_by(|a, b| a.deadline.due.cmp(&b.deadline.due).then(a.case_ref.cmp(&b.case_ref)));
    out.cannot_compute.sort_by(|a, b| a.case_ref.cmp(&b.case_ref));
    Ok(out)
}

impl Store {
    /// Every waiting suggestion of the open matters, soonest first. Three queries for all
    /// matters (not three per matter): the dashboard asks on every visit.
    pub fn suggested_deadlines(&self) -> Result<OpenSuggestions> {
        let conn = self.conn();
        let (rules, closed) = rules_and_closures(conn)?;
        let mut matters: std::collections::BTreeMap<i64, (Uuid, String, MatterFacts, Vec<Decision>)> =
            std::collections::BTreeMap::new();
        let mut stmt = conn.prepare(
            "SELECT m.seq, m.id, m.case_ref, m.case_type, m.detained, m.relief_outcome, c.entry_date, m.decided_on
             FROM matter m JOIN client c ON c.seq = m.client_seq WHERE m.closed IS NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Uuid>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, CaseType>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, ReliefOutcome>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        for row in rows {
            let (seq, id, case_ref, case_type, detained, relief_outcome, entry, decided) = row?;
            let facts = MatterFacts {
                case_type,
                detained,
                relief_outcome,
                last_arrival: entry.as_deref().and_then(date_of),
                decided_on: decided.as_deref().and_then(date_of),
                hearings: Vec::new(),
            };
            matters.insert(seq, (id, case_ref, facts, Vec::new()));
        }
        let mut stmt = conn.prepare("SELECT matter_seq, id, at, kind FROM hearing WHERE rule IS NULL")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Uuid>(1)?, r.get::<_, String>(2)?, r.get::<_, HearingKind>(3)?))
        })?;
        for row in rows {
            let (seq, id, at, kind) = row?;
            if let (Some(m), Some(date)) = (matters.get_mut(&seq), date_of(&at)) {
                m.2.hearings.push(HearingFact { id, date, kind });
            }
        }
        let mut stmt = conn.prepare(
            "SELECT d.matter_seq, d.rule, d.source, d.counted_from, d.decision, h.id FROM deadline_decision d
             LEFT JOIN hearing h ON h.seq = d.hearing_seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<Uuid>>(5)?,
            ))
        })?;
        for row in rows {
            let (seq, rule, source, counted_from, decision, hearing_id) = row?;
            if let (Some(m), Some(counted_from)) = (matters.get_mut(&seq), date_of(&counted_from)) {
                m.3.push(Decision { rule, source, counted_from, confirmed: decision == "confirmed", hearing_id });
            }
        }
        open_suggestions(&rules, &closed, matters.into_values())
    }

    /// Confirms a suggested deadline: it becomes a filing deadline on the matter's calendar
    /// with its rule and the date it counts from (a confirmed one whose date changed is moved).
    /// `source` picks one when a rule gives the matter several (one per hearing).
    pub fn confirm_deadline(&mut self, matter: &str, rule: &str, source: Option<&str>) -> Result<Hearing> {
        let (matter_seq, _) = super::matters::resolve(self.conn(), matter, "matter")?;
        let s = the_suggestion(self.conn(), matter_seq, rule, source)?;
        let id = self.write(|tx| {
            let existing: Option<i64> = match s.confirmed_deadline {
                Some(id) => tx.query_row("SELECT seq FROM hearing WHERE id = ?1", [id], |r| r.get(0)).optional()?,
                None => None,
            };
            let (hearing_seq, id) = match existing {
                Some(seq) => {
                    calendar::move_deadline(tx, seq, &s.due.to_string(), &s.counted_from.to_string())?;
                    (seq, s.confirmed_deadline.unwrap_or_default())
                }
                None => {
                    let deadline = ValidHearing {
                        at: s.due.to_string(),
                        kind: HearingKind::FilingDeadline,
                        place: None,
                        description: Some(format!("{} ({})", s.title, s.citation)),
                        time_zone: None,
                        rule: Some(s.rule.clone()),
                        counted_from: Some(s.counted_from.to_string()),
                    };
                    let stamp = Stamp::new();
                    (calendar::insert_hearing(tx, matter_seq, &deadline, &stamp)?, stamp.id)
                }
            };
            record_decision(tx, matter_seq, &s, true, None, Some(hearing_seq))?;
            audit(tx, "confirm", "deadline", Some(id), &format!("rule {}", s.rule))?;
            Ok(id)
        })?;
        calendar::hearings_of_matter(self.conn(), matter_seq)?
            .into_iter()
            .find(|h| h.id == id)
            .ok_or_else(|| Error::Internal("the confirmed deadline was not found".into()))
    }

    /// Dismisses a suggested deadline with the reason (shown again if its date changes).
    pub fn dismiss_deadline(&mut self, matter: &str, rule: &str, source: Option<&str>, reason: &str) -> Result<()> {
        let reason = validate::line("reason", reason)?.ok_or_else(|| Error::invalid("reason", "is required"))?;
        let (matter_seq, matter_id) = super::matters::resolve(self.conn(), matter, "matter")?;
        let s = the_suggestion(self.conn(), matter_seq, rule, source)?;
        self.write(|tx| {
            record_decision(tx, matter_seq, &s, false, Some(&reason), None)?;
            audit(tx, "dismiss", "deadline", Some(matter_id), &format!("rule {}", s.rule))
        })
    }

    /// Marks a deadline done (filed) or not done again.
    pub fn mark_deadline_done(&mut self, id: Uuid, done: bool) -> Result<Hearing> {
        let matter_seq = self.write(|tx| {
            let (seq, matter_seq, kind): (i64, i64, HearingKind) = tx
                .query_row("SELECT seq, matter_seq, kind FROM hearing WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?
                .ok_or_else(|| Error::not_found(format!("deadline {id}")))?;
            if !matches!(kind, HearingKind::FilingDeadline | HearingKind::OtherDeadline) {
                return Err(Error::invalid("id", "is a hearing, not a deadline"));
            }
            calendar::mark_done(tx, seq, done.then(now).as_deref())?;
            audit(tx, if done { "done" } else { "reopen" }, "deadline", Some(id), "")?;
            Ok(matter_seq)
        })?;
        calendar::hearings_of_matter(self.conn(), matter_seq)?
            .into_iter()
            .find(|h| h.id == id)
            .ok_or_else(|| Error::Internal("the deadline was not found".into()))
    }

    /// The rules in force.
    pub fn deadline_rules(&self) -> Result<Vec<Rule>> {
        Ok(rules_and_closures(self.conn())?.0)
    }

    /// The closed days deadlines move off (the program's closure days).
    pub fn closed_days(&self) -> Result<Closed> {
        Ok(rules_and_closures(self.conn())?.1)
    }
}

//! Deadlines that follow from the rules, on a team server (docs/deadlines.md): the facts and
//! decisions read from PostgreSQL, the rules and closed days from the program's settings, and
//! the counting done by the core's own `suggest`, as for a vault.

use std::collections::BTreeMap;

use jiff::civil::Date;
use postgres::Client;
use probono_core::deadlines::suggest::{Decision, HearingFact, MatterFacts, suggest};
use probono_core::deadlines::{Closed, MatterDeadlines, Rule, SuggestedDeadline, rules};
use probono_core::model::{CaseType, Hearing, HearingKind, ReliefOutcome};
use probono_core::store::OpenSuggestions;
use probono_core::{Error, Result, validate};
use uuid::Uuid;

use super::matters;
use crate::error::PgResult;

/// The rules in force (built-in, with the program's own over them) and the closed days.
pub(super) fn rules_and_closures(c: &mut Client) -> Result<(Vec<Rule>, Closed)> {
    let s = crate::reports::settings(c)?;
    Ok((rules::effective(s.deadline_rules.as_deref())?, Closed::new(s.closure_days)))
}

fn date_of(text: &str) -> Option<Date> {
    text.get(..10).and_then(|d| d.parse().ok())
}

fn unreadable(what: &str) -> Error {
    Error::Database(format!("the team database holds an unknown {what}"))
}

/// What a matter's deadlines count from, without its hearings: (id, case_ref, facts).
const OPEN_FACTS: &str = "SELECT m.id, m.case_ref, m.case_type, m.detained, m.relief_outcome,
        to_char(c.entry_date, 'YYYY-MM-DD'), to_char(m.decided_on, 'YYYY-MM-DD')
    FROM matter m LEFT JOIN client c ON c.id = m.client_id";

fn facts_of(r: &postgres::Row) -> Result<(Uuid, String, MatterFacts)> {
    let facts = MatterFacts {
        case_type: CaseType::parse("case_type", r.get(2)).map_err(|_| unreadable("case type"))?,
        detained: r.get(3),
        relief_outcome: ReliefOutcome::parse("relief_outcome", r.get(4)).map_err(|_| unreadable("relief outcome"))?,
        last_arrival: r.get::<_, Option<&str>>(5).and_then(date_of),
        decided_on: r.get::<_, Option<&str>>(6).and_then(date_of),
        hearings: Vec::new(),
    };
    Ok((r.get(0), r.get(1), facts))
}

fn hearing_fact(r: &postgres::Row, first: usize) -> Result<Option<HearingFact>> {
    let kind = HearingKind::parse("kind", r.get(first + 2)).map_err(|_| unreadable("hearing kind"))?;
    Ok(date_of(r.get(first + 1)).map(|date| HearingFact { id: r.get(first), date, kind }))
}

fn decision_of(r: &postgres::Row, first: usize) -> Option<Decision> {
    Some(Decision {
        rule: r.get(first),
        source: r.get(first + 1),
        counted_from: date_of(r.get(first + 2))?,
        confirmed: r.get::<_, &str>(first + 3) == "confirmed",
        hearing_id: r.get(first + 4),
    })
}

const DECISIONS: &str =
    "SELECT matter_id, rule, source, to_char(counted_from, 'YYYY-MM-DD'), decision, hearing_id FROM deadline_decision";

/// The deadlines of one matter that need a person (the matter page).
pub(super) fn of_matter(c: &mut Client, matter: Uuid) -> Result<MatterDeadlines> {
    let (rules, closed) = rules_and_closures(c)?;
    let row = c
        .query_opt(&format!("{OPEN_FACTS} WHERE m.id = $1"), &[&matter])
        .pg()?
        .ok_or_else(|| Error::not_found(format!("matter {matter}")))?;
    let (_, _, mut facts) = facts_of(&row)?;
    for r in &c.query("SELECT id, at, kind FROM hearing WHERE matter_id = $1 AND rule IS NULL", &[&matter]).pg()? {
        facts.hearings.extend(hearing_fact(r, 0)?);
    }
    let decisions: Vec<Decision> = c
        .query(&format!("{DECISIONS} WHERE matter_id = $1"), &[&matter])
        .pg()?
        .iter()
        .filter_map(|r| decision_of(r, 1))
        .collect();
    suggest(&rules, &facts, &decisions, &closed)
}

/// Every waiting suggestion of the open matters this member may see, soonest first (three
/// queries for all matters, as the vault's).
pub(super) fn open_suggestions(c: &mut Client) -> Result<OpenSuggestions> {
    let (rules, closed) = rules_and_closures(c)?;
    let mut matters: BTreeMap<Uuid, (String, MatterFacts, Vec<Decision>)> = BTreeMap::new();
    for r in &c.query(&format!("{OPEN_FACTS} WHERE m.closed IS NULL"), &[]).pg()? {
        let (id, case_ref, facts) = facts_of(r)?;
        matters.insert(id, (case_ref, facts, Vec::new()));
    }
    for r in &c.query("SELECT matter_id, id, at, kind FROM hearing WHERE rule IS NULL", &[]).pg()? {
        if let (Some(m), Some(fact)) = (matters.get_mut(&r.get::<_, Uuid>(0)), hearing_fact(r, 1)?) {
            m.1.hearings.push(fact);
        }
    }
    for r in &c.query(DECISIONS, &[]).pg()? {
        if let (Some(m), Some(d)) = (matters.get_mut(&r.get::<_, Uuid>(0)), decision_of(r, 1)) {
            m.2.push(d);
        }
    }
    probono_core::store::open_suggestions(
        &rules,
        &closed,
        matters.into_iter().map(|(id, (case_ref, facts, decisions))| (id, case_ref, facts, decisions)),
    )
}

fn the_suggestion(c: &mut Client, matter: Uuid, rule: &str, source: Option<&str>) -> Result<SuggestedDeadline> {
    probono_core::store::pick_suggestion(of_matter(c, matter)?, rule, source)
}

/// Records what a person decided about a suggestion (a new decision about the same one
/// replaces the old).
fn record_decision(
    tx: &mut postgres::Transaction<'_>,
    matter: Uuid,
    s: &SuggestedDeadline,
    confirmed: bool,
    reason: Option<&str>,
    hearing: Option<Uuid>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO deadline_decision (matter_id, rule, source, counted_from, decision, reason, hearing_id, decided_at)
         VALUES ($1, $2, $3, $4::text::date, $5, $6, $7, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))
         ON CONFLICT (matter_id, rule, source) DO UPDATE SET counted_from = excluded.counted_from,
            decision = excluded.decision, reason = excluded.reason, hearing_id = excluded.hearing_id,
            decided_at = excluded.decided_at",
        &[
            &matter,
            &s.rule,
            &s.source,
            &s.counted_from.to_string(),
            &if confirmed { "confirmed" } else { "dismissed" },
            &reason,
            &hearing,
        ],
    )
    .pg()?;
    Ok(())
}

/// Confirms a suggested deadline: a filing deadline on the matter's calendar with its rule
/// and the date it counts from (a confirmed one whose date changed is moved).
pub(super) fn confirm(c: &mut Client, matter: &str, rule: &str, source: Option<&str>) -> Result<Hearing> {
    let matter = matters::resolve(c, matter, "matter")?;
    let s = the_suggestion(c, matter, rule, source)?;
    let mut tx = c.transaction().pg()?;
    let existing = match s.confirmed_deadline {
        Some(id) => tx.query_opt("SELECT id FROM hearing WHERE id = $1", &[&id]).pg()?.map(|r| r.get::<_, Uuid>(0)),
        None => None,
    };
    let id = match existing {
        Some(id) => {
            let moved = tx
                .execute(
                    "UPDATE hearing SET at = $2, counted_from = $3::text::date WHERE id = $1",
                    &[&id, &s.due.to_string(), &s.counted_from.to_string()],
                )
                .pg()?;
            super::changed(moved, "deadline")?;
            id
        }
        None => {
            let id = Uuid::now_v7();
            tx.execute(
                "INSERT INTO hearing (id, matter_id, at, kind, description, rule, counted_from)
                 VALUES ($1, $2, $3, 'filing_deadline', $4, $5, $6::text::date)",
                &[
                    &id,
                    &matter,
                    &s.due.to_string(),
                    &format!("{} ({})", s.title, s.citation),
                    &s.rule,
                    &s.counted_from.to_string(),
                ],
            )
            .pg()?;
            id
        }
    };
    record_decision(&mut tx, matter, &s, true, None, Some(id))?;
    tx.commit().pg()?;
    let row = c.query_one(&format!("{} WHERE h.id = $1", matters::SELECT_HEARING), &[&id]).pg()?;
    matters::hearing_from_row(&row)
}

/// Dismisses a suggested deadline with the reason (shown again if its date changes).
pub(super) fn dismiss(c: &mut Client, matter: &str, rule: &str, source: Option<&str>, reason: &str) -> Result<()> {
    let reason = validate::line("reason", reason)?.ok_or_else(|| Error::invalid("reason", "is required"))?;
    let matter = matters::resolve(c, matter, "matter")?;
    let s = the_suggestion(c, matter, rule, source)?;
    let mut tx = c.transaction().pg()?;
    record_decision(&mut tx, matter, &s, false, Some(&reason), None)?;
    tx.commit().pg()
}

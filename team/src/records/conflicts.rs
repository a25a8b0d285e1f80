//! Conflict checks on a team server: the people searched are the clients, parties and
//! volunteers this member may see (the server decides), matched by the core's own index.

use postgres::Client;
use probono_core::conflict::{Kind, Person};
use probono_core::model::{ConflictCheck, ConflictCheckDraft, PartyRole};
use probono_core::store::valid;
use probono_core::{Error, Result};
use uuid::Uuid;

use crate::error::PgResult;

/// Every client, party and volunteer this member may see, as the conflict check searches them.
pub(super) fn people(c: &mut impl postgres::GenericClient) -> Result<Vec<Person>> {
    let mut people = Vec::new();
    let clients = c
        .query(
            "SELECT c.id::text, c.name, c.other_names, c.a_number, to_char(c.date_of_birth, 'YYYY-MM-DD'),
                    coalesce((SELECT array_agg(m.case_ref ORDER BY m.opened, m.case_ref) FROM matter m
                              WHERE m.client_id = c.id), '{}')
             FROM client c ORDER BY c.created_at, c.id",
            &[],
        )
        .pg()?;
    for r in &clients {
        people.push(Person {
            kind: Kind::Client,
            id: r.get(0),
            name: r.get(1),
            other_names: r.get(2),
            a_number: r.get(3),
            date_of_birth: r.get(4),
            matters: r.get(5),
            role: None,
        });
    }
    let parties = c
        .query(
            "SELECT p.id::text, p.name, m.case_ref, p.role FROM party p JOIN matter m ON m.id = p.matter_id
             ORDER BY p.created_at, p.id",
            &[],
        )
        .pg()?;
    for r in &parties {
        let role = r.get::<_, Option<&str>>(3).and_then(|code| PartyRole::parse("role", code).ok());
        people.push(Person {
            kind: Kind::Party,
            id: r.get(0),
            name: r.get(1),
            other_names: Vec::new(),
            a_number: None,
            date_of_birth: None,
            matters: vec![r.get(2)],
            role: role.map(|role| role.label().to_owned()),
        });
    }
    let volunteers = c
        .query(
            "SELECT v.id::text, v.name,
                    coalesce((SELECT array_agg(m.case_ref ORDER BY m.opened, m.case_ref)
                              FROM assignment a JOIN matter m ON m.id = a.matter_id WHERE a.volunteer_id = v.id), '{}')
             FROM volunteer v ORDER BY v.created_at, v.id",
            &[],
        )
        .pg()?;
    for r in &volunteers {
        people.push(Person {
            kind: Kind::Volunteer,
            id: r.get(0),
            name: r.get(1),
            other_names: Vec::new(),
            a_number: None,
            date_of_birth: None,
            matters: r.get(2),
            role: None,
        });
    }
    Ok(people)
}

/// Records a conflict check on a matter, checked by the vault's rules; the server's trail
/// notes the insert with the login that made it.
pub(super) fn record(c: &mut Client, draft: &ConflictCheckDraft) -> Result<ConflictCheck> {
    let check = valid::conflict_check(draft)?;
    let matter = super::matters::resolve(c, &draft.matter, "matter")?;
    let id = Uuid::now_v7();
    let row = c
        .query_one(
            "INSERT INTO conflict_check (id, matter_id, checked_at, checked_by, searched, matches, decision, note)
             VALUES ($1, $2, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), $3, $4, $5, $6, $7)
             RETURNING checked_at",
            &[
                &id,
                &matter,
                &check.checked_by,
                &serde_json::to_string(&check.searched).map_err(|e| Error::Internal(e.to_string()))?,
                &serde_json::to_string(&check.matches).map_err(|e| Error::Internal(e.to_string()))?,
                &check.decision.as_str(),
                &check.note,
            ],
        )
        .pg()?;
    Ok(ConflictCheck {
        id,
        checked_at: row.get(0),
        checked_by: check.checked_by,
        searched: check.searched,
        matches: check.matches,
        decision: check.decision,
        note: check.note,
    })
}

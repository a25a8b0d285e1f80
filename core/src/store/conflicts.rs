//! The people a conflict check searches: every client (with other names, A-number, date of
//! birth), every party and every volunteer, each with the case references of their matters.
//! Reads only.

use uuid::Uuid;

use super::Store;
use crate::conflict::{Kind, Person};
use crate::error::Result;

impl Store {
    pub fn conflict_people(&self) -> Result<Vec<Person>> {
        let conn = self.conn();
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
            });
        }
        let mut stmt = conn.prepare(
            "SELECT p.id, p.name, m.case_ref FROM party p JOIN matter m ON m.seq = p.matter_seq ORDER BY p.seq",
        )?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, Uuid>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (id, name, case_ref) = row?;
            people.push(Person {
                kind: Kind::Party,
                id: id.to_string(),
                name,
                other_names: Vec::new(),
                a_number: None,
                date_of_birth: None,
                matters: vec![case_ref],
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
            });
        }
        Ok(people)
    }
}

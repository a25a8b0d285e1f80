//! Conflict checks: one name, or a list of adverse parties from a file, against every
//! client, party and volunteer of the vault (core::conflict does the matching).

use std::path::Path;

use probono_core::conflict::{Index, Match, Query};
use probono_core::{Error, Result};
use serde::Serialize;

use probono_core::records::Records;

use crate::session::Session;

/// The matches for one query, highest score first.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct ConflictResult {
    pub query: String,
    pub matches: Vec<Match>,
}

/// The longest names file read: a list of names, not a database.
pub const MAX_NAMES: usize = 10_000;

/// Checks each query in order, against the program's threshold (Settings).
pub fn check(records: &dyn Records, queries: &[Query]) -> Result<Vec<ConflictResult>> {
    let threshold = records.settings()?.conflict_threshold;
    let index = Index::new(records.conflict_people()?);
    queries.iter().map(|q| Ok(ConflictResult { query: q.name.clone(), matches: index.search(q, threshold)? })).collect()
}

/// The names in a file, one per line (blank lines and lines starting with `#` skipped),
/// each checked like a typed name; a bad line is refused with its number.
pub fn names_from_file(path: &Path) -> Result<Vec<Query>> {
    let bytes = crate::safety::read_input("names_file", path)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::invalid("names_file", "is not UTF-8 text"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut queries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let name = probono_core::validate::name("name", trimmed)
            .map_err(|e| Error::invalid("names_file", format!("line {}: the name {}", i + 1, e.message())))?;
        queries.push(Query { name, ..Default::default() });
        if queries.len() > MAX_NAMES {
            return Err(Error::invalid("names_file", format!("holds more than {MAX_NAMES} names")));
        }
    }
    if queries.is_empty() {
        return Err(Error::invalid("names_file", "holds no names (one name per line)"));
    }
    Ok(queries)
}

/// One check as a form types (the desktop's new-client and new-matter forms): the people are
/// read and indexed once, and again only after the vault changed (any write, by this
/// connection or another), so each keystroke costs a search, not a rebuild.
pub fn check_as_typed(session: &mut Session, query: &Query) -> Result<Vec<Match>> {
    let threshold = session.records().settings()?.conflict_threshold;
    let stamp = session.change_stamp()?;
    let fresh = matches!(&session.conflict_index, Some((s, _)) if *s == stamp);
    if !fresh {
        let index = Index::new(session.records().conflict_people()?);
        session.conflict_index = Some((stamp, index));
    }
    match &session.conflict_index {
        Some((_, index)) => index.search(query, threshold),
        None => Ok(Vec::new()),
    }
}

/// Likely duplicate clients, each pair once, highest score first (the program's threshold).
pub fn duplicates(records: &dyn Records) -> Result<Vec<probono_core::conflict::Duplicate>> {
    let threshold = records.settings()?.conflict_threshold;
    let clients =
        records.conflict_people()?.into_iter().filter(|p| p.kind == probono_core::conflict::Kind::Client).collect();
    Ok(Index::new(clients).duplicates(threshold))
}

/// Records a conflict check on a matter: who ran it, the names searched, the matches shown
/// and the decision (audited).
pub fn record(
    records: &mut dyn Records,
    draft: &probono_core::model::ConflictCheckDraft,
) -> Result<probono_core::model::ConflictCheck> {
    records.record_conflict_check(draft)
}

/// One check as a form types, on a team server: the people this member may see, read for
/// each search (there is no change stamp to tell when a cached index went stale).
pub fn check_on(records: &dyn Records, query: &Query) -> Result<Vec<Match>> {
    let threshold = records.settings()?.conflict_threshold;
    Index::new(records.conflict_people()?).search(query, threshold)
}

#[cfg(test)]
mod tests {
    use probono_core::conflict::{Kind, Query};
    use probono_core::model::{ClientDraft, ConflictCheckDraft, MatterDraft, ShownMatch};

    use super::*;

    #[test]
    fn the_as_typed_index_is_rebuilt_after_a_write_and_only_then() {
        let dir = tempfile::tempdir().expect("tmp");
        let pass = probono_core::Passphrase::new("a passphrase for this test");
        let mut session = crate::session::create(&dir.path().join("v"), &pass, None).expect("create").session;
        let query = Query { name: "Alexey Smirnoff".into(), ..Default::default() };
        assert!(check_as_typed(&mut session, &query).expect("check").is_empty());
        let stamp = session.change_stamp().expect("stamp");
        assert!(check_as_typed(&mut session, &query).expect("again").is_empty());
        assert_eq!(session.change_stamp().expect("stamp"), stamp, "a search writes nothing");
        session
            .records_mut()
            .create_client(&ClientDraft { name: "Алексей Смирнов".into(), ..Default::default() })
            .expect("client");
        let found = check_as_typed(&mut session, &query).expect("after the write");
        assert_eq!(found.len(), 1, "the new client is found: the index was rebuilt");
        assert_eq!(found[0].name, "Алексей Смирнов");
    }

    /// The app's two entry points (the check as a form types, and the check recorded on a
    /// matter) refuse an empty name, a 10,000-character name and control characters with a
    /// message naming the field, never echoing the name, and write nothing.
    #[test]
    fn the_app_refuses_bad_names_naming_the_field_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("tmp");
        let pass = probono_core::Passphrase::new("a passphrase for this test");
        let mut session = crate::session::create(&dir.path().join("v"), &pass, None).expect("create").session;
        let r = session.records_mut();
        r.create_client(&ClientDraft { name: "Fictional Rosa Example".into(), ..Default::default() }).expect("client");
        let matter = r
            .create_matter(&MatterDraft {
                case_ref: Some("PB-2026-0101".into()),
                client: "Fictional Rosa Example".into(),
                case_type: "asylum".into(),
                opened: "2026-01-05".into(),
                ..Default::default()
            })
            .expect("matter");
        let long = "Secretname ".repeat(1_000);
        assert!(long.chars().count() >= 10_000);
        let bad = [
            ("", "is required"),
            ("   ", "is required"),
            (long.as_str(), "at most"),
            ("Secretname\u{7}Bell", "control characters"),
            ("Secretname \u{1b}[31mred", "control characters"),
        ];
        let stamp = session.change_stamp().expect("stamp");
        let mut refused = 0;
        for (name, says) in bad {
            let query = Query { name: name.into(), ..Default::default() };
            let err = check_as_typed(&mut session, &query).expect_err("a bad typed name is refused");
            assert_eq!(err.field(), Some("name"), "{err}");
            assert!(err.message().contains(says), "{err}");
            assert!(!err.to_string().contains("Secretname"), "the name is not echoed: {err}");

            let searched = ConflictCheckDraft {
                matter: "PB-2026-0101".into(),
                checked_by: "Coordinator".into(),
                searched: vec![name.into()],
                matches: vec![],
                decision: "no_conflict".into(),
                note: None,
            };
            let err = record(session.records_mut(), &searched).expect_err("a bad searched name is refused");
            assert_eq!(err.field(), Some("searched"), "{err}");
            assert!(err.message().contains(says), "{err}");
            assert!(!err.to_string().contains("Secretname"), "the name is not echoed: {err}");

            let shown = ConflictCheckDraft {
                searched: vec!["Rosa Example".into()],
                matches: vec![ShownMatch { kind: Kind::Client, id: "x".into(), name: name.into(), score: 0.9 }],
                ..searched
            };
            let err = record(session.records_mut(), &shown).expect_err("a bad shown name is refused");
            assert_eq!(err.field(), Some("matches"), "{err}");

            let checked_by = ConflictCheckDraft { checked_by: name.into(), matches: vec![], ..shown };
            let err = record(session.records_mut(), &checked_by).expect_err("a bad checker is refused");
            assert_eq!(err.field(), Some("checked_by"), "{err}");
            refused += 4;
        }
        assert_eq!(refused, 20);
        assert_eq!(session.change_stamp().expect("stamp"), stamp, "nothing was written");
        let recorded = session.records().matter_detail(&matter.case_ref).expect("matter").conflict_checks;
        assert!(recorded.is_empty(), "no check was recorded: {recorded:?}");
    }
}

//! The name tables (organizations, detention facilities, languages): one row per name,
//! found by its folded form, the first spelling kept for display.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Stamp, new_id, now};
use crate::error::Result;

/// Finds or creates a row in a name table (organization, facility, language) by its folded
/// name; the first spelling seen is kept for display.
pub(crate) fn intern(tx: &Transaction<'_>, table: NameTable, name: &str) -> Result<i64> {
    let key = crate::validate::fold_key(name);
    let sql = format!("SELECT seq FROM {} WHERE name_key = ?1", table.name());
    if let Some(seq) = tx.prepare_cached(&sql)?.query_row([&key], |r| r.get(0)).optional()? {
        return Ok(seq);
    }
    match table {
        NameTable::Language => {
            tx.execute("INSERT INTO language (name, name_key) VALUES (?1, ?2)", params![name, key])?;
        }
        NameTable::Organization => return insert_organization(tx, name, &Stamp::new()),
        NameTable::Facility => {
            tx.execute(
                "INSERT INTO facility (id, name, name_key, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![new_id(), name, key, now()],
            )?;
        }
    }
    Ok(tx.last_insert_rowid())
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum NameTable {
    Language,
    Organization,
    Facility,
}

impl NameTable {
    fn name(self) -> &'static str {
        match self {
            NameTable::Language => "language",
            NameTable::Organization => "organization",
            NameTable::Facility => "facility",
        }
    }
}

/// Adds an organization (its one writer; [`intern`] calls it for a name not seen yet).
pub(crate) fn insert_organization(tx: &Transaction<'_>, name: &str, stamp: &Stamp) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO organization (id, name, name_key, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![stamp.id, name, crate::validate::fold_key(name), stamp.created_at, stamp.updated_at])?;
    Ok(tx.last_insert_rowid())
}

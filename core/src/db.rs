//! Opening the SQLCipher database and bringing its schema up to date.
//!
//! `PRAGMA key` is the first statement on every connection. Migrations are the numbered
//! files in `migrations/`, embedded at compile time and applied up to `PRAGMA user_version`
//! in one transaction; a database newer than this binary is refused before anything is
//! written.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::secret::DataKey;

/// The schema, in order. Append only: a released file never changes.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_records", include_str!("../migrations/0001_records.sql")),
    ("0002_settings", include_str!("../migrations/0002_settings.sql")),
    ("0003_submission_keys", include_str!("../migrations/0003_submission_keys.sql")),
    ("0004_deadlines", include_str!("../migrations/0004_deadlines.sql")),
    ("0005_deleted_time_entries", include_str!("../migrations/0005_deleted_time_entries.sql")),
    ("0006_audit_chain", include_str!("../migrations/0006_audit_chain.sql")),
    ("0007_conflict_checks", include_str!("../migrations/0007_conflict_checks.sql")),
    ("0008_party_roles", include_str!("../migrations/0008_party_roles.sql")),
    ("0009_service_records", include_str!("../migrations/0009_service_records.sql")),
    ("0010_outbox", include_str!("../migrations/0010_outbox.sql")),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How the pages of a vault database are authenticated. SQLCipher 4 encrypts every page
/// with AES-256-CBC and appends an HMAC; which HMAC is fixed for the life of the database,
/// so it is recorded in the vault's key file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Cipher {
    /// SQLCipher 4's defaults: AES-256-CBC, HMAC-SHA512. Vaults made before the choice was
    /// recorded use this.
    #[serde(rename = "sqlcipher4-aes256cbc-hmac-sha512")]
    HmacSha512,
    /// AES-256-CBC with HMAC-SHA256 (a 256-bit key, full-length tag): the same strength
    /// for a MAC, and about twice as fast to verify on CPUs with SHA extensions, which is
    /// most of the cost of reading a page (docs/performance.md). New vaults use this.
    #[serde(rename = "sqlcipher4-aes256cbc-hmac-sha256")]
    HmacSha256,
}

impl Cipher {
    pub const NEW_VAULTS: Cipher = Cipher::HmacSha256;

    fn pragmas(self) -> &'static str {
        match self {
            Cipher::HmacSha512 => "",
            Cipher::HmacSha256 => "PRAGMA cipher_hmac_algorithm = HMAC_SHA256;",
        }
    }
}

/// The key of an encrypted database and how its pages are protected.
#[derive(Clone, Copy)]
pub struct Keyed<'a> {
    pub key: &'a DataKey,
    pub cipher: Cipher,
}

/// Keys the connection (as `PRAGMA key` does) and applies the cipher settings: the first statements on a connection.
/// The page cipher runs through our SQLCipher provider (`core/page-crypto`), which SQLCipher
/// takes at `PRAGMA key`, so it is installed first.
pub(crate) fn apply_key(conn: &Connection, keyed: Keyed<'_>) -> Result<()> {
    probono_page_crypto::install();
    // What `PRAGMA key = "x'…'"` does, with SQLite's result code kept when it fails.
    probono_page_crypto::key(conn, keyed.key.sqlcipher_literal().as_bytes()).map_err(|code| {
        Error::Database(format!(
            "SQLCipher could not key the database: {} (code {code})",
            probono_page_crypto::result_words(code)
        ))
    })?;
    conn.execute_batch(keyed.cipher.pragmas())?;
    Ok(())
}

/// Which page-crypto provider keyed databases get: ours (core/page-crypto), or SQLCipher's
/// stock one, with the reason (`probono status` shows it).
pub fn page_crypto() -> probono_page_crypto::Installed {
    probono_page_crypto::install()
}

/// Page cache per connection. SQLCipher pays decrypt + HMAC per page moved into the cache,
/// so a larger cache is what keeps the encrypted/plain ratio near 1 (see docs/performance.md).
const CACHE_KIB: i64 = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    /// Opens an existing database without creating or migrating it.
    ReadOnly,
}

/// The path SQLite is given. On Windows, the verbatim form (`\\?\C:\…`, from
/// `std::fs::canonicalize` of the folder), which SQLite's Windows VFS accepts up to 32,767
/// characters: a plain path past 260 characters fails unless the computer has long paths
/// switched on. Elsewhere, the path as it is.
pub(crate) fn sqlite_path(path: &Path) -> std::borrow::Cow<'_, Path> {
    #[cfg(windows)]
    if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
        let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
        if let Ok(dir) = std::fs::canonicalize(parent) {
            return std::borrow::Cow::Owned(dir.join(name));
        }
    }
    std::borrow::Cow::Borrowed(path)
}

/// Opens (creating when `create` is set) the database at `path`, keyed with `key` when given.
/// An unkeyed database exists only for the encrypted-vs-plain benchmark.
pub fn open(path: &Path, key: Option<Keyed<'_>>, access: Access, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    flags |= match access {
        Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
        Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
    };
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(sqlite_path(path), flags)?;
    // SQLCipher writes its own diagnostics ("hmac check failed for pgno=…") to stderr by
    // default; our errors say what happened in plain words instead.
    conn.execute_batch("PRAGMA cipher_log = off; PRAGMA cipher_log_level = NONE;")?;
    if let Some(keyed) = key {
        apply_key(&conn, keyed)?;
    }
    // The first read is where a wrong key or a damaged file shows. The key was already proven
    // by the key file's AEAD tag, so a failure here means the database itself is damaged.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())).map_err(|e| match Error::from(e) {
        Error::Database(_) => Error::VaultDamaged("the database cannot be read".into()),
        other => other,
    })?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // One plan per statement whatever the bound values: this SQLite is built with STAT4,
    // which otherwise re-prepares some cached statements on every new binding (measured:
    // 6% of an import's time).
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    let mut pragmas = format!(
        "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -{CACHE_KIB}; PRAGMA synchronous = FULL;"
    );
    if access == Access::ReadWrite {
        pragmas.push_str(" PRAGMA journal_mode = WAL;");
    }
    conn.execute_batch(&pragmas)?;
    Ok(conn)
}

/// Page cache for bulk writes (imports, generated data): big enough to hold the indexes a
/// large batch touches, so each page is decrypted and encrypted once per batch rather than
/// once per eviction. Put back with [`end_bulk`].
const BULK_CACHE_KIB: i64 = 256 * 1024;

/// Returns the cache size to hand back to [`end_bulk`].
pub fn begin_bulk(conn: &Connection) -> Result<i64> {
    let everyday: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.execute_batch(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB};"))?;
    Ok(everyday)
}

/// Returns the cache to its everyday size (SQLite frees the pages beyond it).
pub fn end_bulk(conn: &Connection, everyday: i64) -> Result<()> {
    conn.execute_batch(&format!("PRAGMA cache_size = {everyday};"))?;
    Ok(())
}

/// Sets the everyday page cache of a connection, in KiB (at least 1 MiB). The desktop app
/// uses a smaller cache than the default to stay within its memory budget; bulk writes
/// still get [`BULK_CACHE_KIB`] for their duration.
pub fn set_cache_kib(conn: &Connection, kib: u32) -> Result<()> {
    let kib = kib.max(1024);
    conn.execute_batch(&format!("PRAGMA cache_size = -{kib};"))?;
    // Give back what a larger cache was holding.
    conn.execute_batch("PRAGMA shrink_memory;")?;
    Ok(())
}

/// Reads the first row of every table: a few pages (each table's root and first leaf), so a
/// damaged page there is found when the vault is unlocked rather than in the middle of work.
/// Damage elsewhere is found by the read that reaches it, or by the full check.
pub fn probe(conn: &Connection) -> Result<()> {
    let tables: Vec<String> = {
        let mut stmt =
            conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")?;
        stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
    };
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" LIMIT 1"))?;
        let mut rows = stmt.query([])?;
        rows.next()?;
    }
    Ok(())
}

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Refuses a database written by a newer binary. Called before any write.
pub fn check_not_newer(conn: &Connection) -> Result<i64> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::VaultTooNew { found, supported: SCHEMA_VERSION });
    }
    Ok(found)
}

/// How a vault database is brought to this program's schema, in the manner of Mozilla
/// application-services' `open_database::ConnectionInitializer`: an empty database gets the
/// whole schema (`init`), an older one each step after its version (`upgrade_from`), and both
/// end with `finish`; all of it in one transaction, so a failed upgrade leaves the database as
/// it was. (Connection settings, the "prepare" step, are [`open`]'s.)
struct VaultSchema;

impl VaultSchema {
    /// A new, empty database: every migration in order.
    fn init(tx: &rusqlite::Transaction<'_>, target: i64) -> Result<()> {
        for version in 0..target {
            Self::upgrade_from(tx, version)?;
        }
        Ok(())
    }

    /// From `version` to `version + 1`.
    fn upgrade_from(tx: &rusqlite::Transaction<'_>, version: i64) -> Result<()> {
        let (_name, sql) = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
            .ok_or_else(|| Error::Internal(format!("no migration from schema version {version}")))?;
        tx.execute_batch(sql)?;
        // What SQL cannot do: the events of the audit log linked into a hash chain.
        if version + 1 == 6 {
            crate::audit::chain_unlinked(tx)?;
        }
        Ok(())
    }

    /// After either: the references between records still hold.
    fn finish(tx: &rusqlite::Transaction<'_>) -> Result<()> {
        let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if broken > 0 {
            return Err(Error::VaultDamaged(format!("{broken} record(s) refer to records that do not exist")));
        }
        Ok(())
    }
}

/// Brings the database from its `user_version` up to `target`, in one transaction.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = check_not_newer(conn)?;
    if current >= target {
        return Ok(());
    }
    let tx = conn.transaction()?;
    if current == 0 {
        VaultSchema::init(&tx, target)?;
    } else {
        for version in current..target {
            VaultSchema::upgrade_from(&tx, version)?;
        }
    }
    VaultSchema::finish(&tx)?;
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// The schema as SQL text, sorted: two databases with equal dumps have equal schemas.
pub fn schema_dump(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row?);
    }
    out.push(format!("user_version {}", user_version(conn)?));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DataKey {
        DataKey::from_slice(&[7u8; 32]).expect("32 bytes")
    }

    #[test]
    fn a_database_upgraded_step_by_step_equals_a_fresh_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fresh_path = dir.path().join("fresh.db");
        let mut fresh =
            open(&fresh_path, Some(Keyed { key: &key(), cipher: Cipher::NEW_VAULTS }), Access::ReadWrite, true)
                .expect("open");
        migrate(&mut fresh).expect("migrate");

        for start in 1..SCHEMA_VERSION {
            let path = dir.path().join(format!("from-{start}.db"));
            let mut old = open(&path, Some(Keyed { key: &key(), cipher: Cipher::NEW_VAULTS }), Access::ReadWrite, true)
                .expect("open");
            migrate_to(&mut old, start).expect("old schema");
            assert_eq!(user_version(&old).expect("version"), start);
            drop(old);
            let mut reopened =
                open(&path, Some(Keyed { key: &key(), cipher: Cipher::NEW_VAULTS }), Access::ReadWrite, false)
                    .expect("reopen");
            migrate(&mut reopened).expect("upgrade");
            assert_eq!(
                schema_dump(&reopened).expect("dump"),
                schema_dump(&fresh).expect("dump"),
                "a vault created at migration {start} and upgraded must equal a fresh one"
            );
        }
    }

    #[test]
    fn a_newer_database_is_refused_without_being_changed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("newer.db");
        {
            let mut conn =
                open(&path, Some(Keyed { key: &key(), cipher: Cipher::NEW_VAULTS }), Access::ReadWrite, true)
                    .expect("open");
            migrate(&mut conn).expect("migrate");
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5).expect("bump");
        }
        let before = std::fs::read(&path).expect("read");
        let mut conn = open(&path, Some(Keyed { key: &key(), cipher: Cipher::NEW_VAULTS }), Access::ReadWrite, false)
            .expect("open");
        let err = migrate(&mut conn).expect_err("refused");
        assert!(
            matches!(err, Error::VaultTooNew { found, supported } if found == SCHEMA_VERSION + 5 && supported == SCHEMA_VERSION)
        );
        drop(conn);
        assert_eq!(std::fs::read(&path).expect("read"), before, "the file is unchanged");
    }

    #[test]
    fn cached_statements_keep_their_plan_across_bindings() {
        // With STAT4 and no query-planner stability, this statement was re-prepared on every
        // new value, costing an import 6% of its time.
        let dir = tempfile::tempdir().expect("tempdir");
        let mut conn = open(
            &dir.path().join("q.db"),
            Some(Keyed { key: &key(), cipher: Cipher::NEW_VAULTS }),
            Access::ReadWrite,
            true,
        )
        .expect("open");
        migrate(&mut conn).expect("migrate");
        let mut stmt =
            conn.prepare("SELECT coalesce(max(seq), 0) FROM time_entry WHERE matter_seq = ?1").expect("prepare");
        for matter in 0..5 {
            let _: i64 = stmt.query_row([matter], |r| r.get(0)).expect("query");
        }
        assert_eq!(stmt.get_status(rusqlite::StatementStatus::RePrepare), 0);
    }

    #[test]
    fn the_page_cipher_is_applied_and_fixed_for_the_life_of_a_database() {
        let dir = tempfile::tempdir().expect("tempdir");
        let algorithm = |conn: &Connection| -> String {
            conn.query_row("PRAGMA cipher_hmac_algorithm", [], |r| r.get(0)).expect("pragma")
        };
        for (cipher, expected, other) in [
            (Cipher::HmacSha256, "HMAC_SHA256", Cipher::HmacSha512),
            (Cipher::HmacSha512, "HMAC_SHA512", Cipher::HmacSha256),
        ] {
            let path = dir.path().join(format!("{expected}.db"));
            let k = key();
            let mut conn = open(&path, Some(Keyed { key: &k, cipher }), Access::ReadWrite, true).expect("create");
            migrate(&mut conn).expect("migrate");
            assert_eq!(algorithm(&conn), expected);
            drop(conn);
            // The right key with the other MAC cannot read a page: the setting is real.
            let wrong = open(&path, Some(Keyed { key: &k, cipher: other }), Access::ReadWrite, false);
            assert!(matches!(wrong, Err(Error::VaultDamaged(_))), "{expected} opened as {other:?}");
            let again = open(&path, Some(Keyed { key: &k, cipher }), Access::ReadWrite, false).expect("reopen");
            assert_eq!(user_version(&again).expect("version"), SCHEMA_VERSION);
        }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn vault_databases_are_encrypted_through_our_page_provider() {
        let dir = tempfile::tempdir().expect("tempdir");
        let k = key();
        let conn = open(
            &dir.path().join("p.db"),
            Some(Keyed { key: &k, cipher: Cipher::NEW_VAULTS }),
            Access::ReadWrite,
            true,
        )
        .expect("create");
        let provider: String = conn.query_row("PRAGMA cipher_provider", [], |r| r.get(0)).expect("pragma");
        assert_eq!(provider, probono_page_crypto::PROVIDER_NAME);
    }

    #[test]
    fn a_bulk_write_gets_a_large_cache_and_then_the_connections_own_size_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let k = key();
        let conn = open(
            &dir.path().join("c.db"),
            Some(Keyed { key: &k, cipher: Cipher::NEW_VAULTS }),
            Access::ReadWrite,
            true,
        )
        .expect("open");
        let cache = || -> i64 { conn.query_row("PRAGMA cache_size", [], |r| r.get(0)).expect("cache_size") };
        assert_eq!(cache(), -CACHE_KIB);
        set_cache_kib(&conn, 16 * 1024).expect("set");
        assert_eq!(cache(), -16 * 1024);
        let everyday = begin_bulk(&conn).expect("begin");
        assert_eq!(cache(), -BULK_CACHE_KIB);
        end_bulk(&conn, everyday).expect("end");
        assert_eq!(cache(), -16 * 1024, "not the default: the size this connection was given");
        set_cache_kib(&conn, 10).expect("set");
        assert_eq!(cache(), -1024, "at least 1 MiB");
    }

    #[test]
    fn every_connection_has_the_safety_pragmas() {
        let dir = tempfile::tempdir().expect("tempdir");
        let conn = open(
            &dir.path().join("p.db"),
            Some(Keyed { key: &key(), cipher: Cipher::NEW_VAULTS }),
            Access::ReadWrite,
            true,
        )
        .expect("open");
        let get =
            |p: &str| conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, rusqlite::types::Value>(0)).expect(p);
        use rusqlite::types::Value::{Integer, Text};
        assert_eq!(get("journal_mode"), Text("wal".into()));
        assert_eq!(get("synchronous"), Integer(2), "FULL");
        assert_eq!(get("foreign_keys"), Integer(1));
        assert_eq!(get("temp_store"), Integer(2), "MEMORY");
        assert_eq!(get("busy_timeout"), Integer(5000));
    }
}

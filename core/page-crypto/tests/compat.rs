//! The provider against SQLCipher's stock one, in a process of its own (the tests switch the
//! process-wide default provider, so they run as one test, in order).
#![cfg(target_os = "linux")]

use std::path::Path;

use probono_page_crypto::{
    Installed, PROVIDER_NAME, WRITTEN_FOR_SQLCIPHER, install, sqlcipher_version, switch_provider,
};
use rusqlite::Connection;

const KEY: &str = "x'2DD29CA851E7B56E4697B0E1F08507293D761A05CE4D1B628663F411A8086D99'";
const OTHER_KEY: &str = "x'0000000000000000000000000000000000000000000000000000000000000001'";
const PAGE: usize = 4096;

fn open(path: &Path, key: &str, hmac: &str) -> rusqlite::Result<Connection> {
    let c = Connection::open(path)?;
    // The wrong-key and tampered-page cases below are expected to fail; keep SQLCipher quiet.
    c.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    c.execute_batch(&format!("PRAGMA key = \"{key}\"; PRAGMA cipher_hmac_algorithm = {hmac};"))?;
    c.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
    c.execute_batch("PRAGMA journal_mode = WAL;")?;
    Ok(c)
}

fn provider(c: &Connection) -> String {
    c.query_row("PRAGMA cipher_provider", [], |r| r.get(0)).expect("cipher_provider")
}

fn write_rows(c: &Connection, from: i64, n: i64) {
    c.execute_batch("CREATE TABLE IF NOT EXISTS t (n INTEGER PRIMARY KEY, body TEXT NOT NULL)").expect("table");
    let tx = c.unchecked_transaction().expect("tx");
    for i in from..from + n {
        tx.execute(
            "INSERT INTO t VALUES (?1, ?2)",
            rusqlite::params![i, format!("Nguyễn Алексей José {i} {}", "x".repeat(150))],
        )
        .expect("insert");
    }
    tx.commit().expect("commit");
}

/// Reads every row back and checks the page MACs and the b-trees.
fn check_rows(c: &Connection, n: i64) {
    let (count, sum): (i64, i64) =
        c.query_row("SELECT count(*), sum(length(body) + n) FROM t", [], |r| Ok((r.get(0)?, r.get(1)?))).expect("rows");
    assert_eq!(count, n);
    let expected: i64 =
        (0..n).map(|i| format!("Nguyễn Алексей José {i} {}", "x".repeat(150)).chars().count() as i64 + i).sum();
    assert_eq!(sum, expected);
    let problems: Vec<String> = c
        .prepare("PRAGMA cipher_integrity_check")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    assert!(problems.is_empty(), "{problems:?}");
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(ok, "ok");
}

fn close(c: Connection) {
    c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").expect("checkpoint");
    c.close().map_err(|(_, e)| e).expect("close");
}

#[test]
fn the_provider_reads_and_writes_the_same_format_as_sqlciphers_own() {
    assert_eq!(install(), Installed::Ours, "the provider's self-test or registration failed");
    let dir = tempfile::tempdir().expect("tempdir");

    for (hmac, reserve) in [("HMAC_SHA256", 48), ("HMAC_SHA512", 80), ("HMAC_SHA1", 48)] {
        let path = dir.path().join(format!("{hmac}.db"));

        // Written by ours…
        assert!(switch_provider(true));
        let c = open(&path, KEY, hmac).expect("open (ours)");
        assert_eq!(provider(&c), PROVIDER_NAME);
        write_rows(&c, 0, 2_000);
        check_rows(&c, 2_000);
        close(c);

        // …read and extended by SQLCipher's stock provider…
        assert!(switch_provider(false));
        let c = open(&path, KEY, hmac).expect("open (stock)");
        assert_eq!(provider(&c), "openssl");
        check_rows(&c, 2_000);
        write_rows(&c, 2_000, 2_000);
        close(c);

        // …and read back by ours, every page verified.
        assert!(switch_provider(true));
        let c = open(&path, KEY, hmac).expect("reopen (ours)");
        assert_eq!(provider(&c), PROVIDER_NAME);
        check_rows(&c, 4_000);
        close(c);

        // Every page has its own IV (the reserve begins with it): none repeats, none is zero.
        let bytes = std::fs::read(&path).expect("read db");
        assert!(bytes.len() / PAGE > 100, "{hmac}: only {} pages", bytes.len() / PAGE);
        let mut ivs: Vec<&[u8]> = bytes.chunks(PAGE).map(|p| &p[PAGE - reserve..PAGE - reserve + 16]).collect();
        assert!(ivs.iter().all(|iv| iv.iter().any(|b| *b != 0)), "{hmac}: a zero IV");
        let pages = ivs.len();
        ivs.sort();
        ivs.dedup();
        assert_eq!(ivs.len(), pages, "{hmac}: an IV repeats");
        assert!(!bytes.windows(6).any(|w| w == "Nguyễn".as_bytes()), "{hmac}: plaintext on disk");
    }

    // Re-keying through ours reads every page with one key and writes it with another on
    // one connection; SQLCipher's stock provider then reads the result with the new key only.
    let path = dir.path().join("HMAC_SHA512.db");
    assert!(switch_provider(true));
    let c = open(&path, KEY, "HMAC_SHA512").expect("open for rekey");
    c.execute_batch("PRAGMA journal_mode = DELETE;").expect("rollback journal for rekey");
    c.execute_batch(&format!("PRAGMA rekey = \"{OTHER_KEY}\";")).expect("rekey");
    check_rows(&c, 4_000);
    close(c);
    assert!(switch_provider(false));
    assert!(open(&path, KEY, "HMAC_SHA512").is_err(), "the old key still opens the database");
    let c = open(&path, OTHER_KEY, "HMAC_SHA512").expect("open rekeyed (stock)");
    check_rows(&c, 4_000);
    close(c);
    assert!(switch_provider(true));

    // A wrong key is refused.
    let path = dir.path().join("HMAC_SHA256.db");
    assert!(open(&path, OTHER_KEY, "HMAC_SHA256").is_err());

    // A changed byte in a page is caught by the page MAC, through ours.
    let mut bytes = std::fs::read(&path).expect("read db");
    bytes[5 * PAGE + 100] ^= 0x01;
    std::fs::write(&path, &bytes).expect("write db");
    let c = open(&path, KEY, "HMAC_SHA256").expect("open damaged");
    assert_eq!(provider(&c), PROVIDER_NAME);
    let read_all = c.query_row("SELECT count(*), sum(length(body)) FROM t", [], |r| r.get::<_, i64>(0));
    assert!(read_all.is_err(), "a tampered page was read: {read_all:?}");
}

/// Fails when libsqlite3-sys (pinned with `=` in Cargo.toml) brings another SQLCipher than
/// the one csrc/provider.c copies its provider struct from: re-check the struct against the
/// new sqlcipher.h, then update WRITTEN_FOR_SQLCIPHER.
#[test]
fn the_sqlcipher_linked_in_is_the_release_the_provider_was_written_for() {
    assert_eq!(sqlcipher_version().as_deref(), Some(WRITTEN_FOR_SQLCIPHER));
    assert_eq!(install(), Installed::Ours);
}

//! The backup file: one self-contained file holding the vault's key file and an encrypted copy
//! of its database, so a clean machine with only this file and the passphrase (or recovery
//! key) can restore the vault.
//!
//! ```text
//! "PROBONO-BACKUP\0\x01"   16 bytes, magic and format version 1
//! header length            u32 little-endian
//! header                   JSON (BackupHeader): vault id, schema, sizes, the key file itself
//! database                 the SQLCipher file, encrypted with the vault's data key
//! SHA-256                  32 bytes over everything above: truncation and bit flips show
//! ```
//!
//! The database is encrypted and authenticated page by page (SQLCipher's HMAC) and the key
//! file is wrapped with AEAD; the trailing hash lets a damaged file be refused before any of
//! it is written anywhere.

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

pub const MAGIC: &[u8; 16] = b"PROBONO-BACKUP\x00\x01";
const MAX_HEADER: u32 = 1024 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BackupHeader {
    pub vault_id: String,
    pub schema_version: i64,
    pub created_at: String,
    pub app_version: String,
    pub db_len: u64,
    /// The vault's key file, as it was when the backup was made.
    pub key_file: serde_json::Value,
}

/// Writes the container to `out`: header, database bytes from `db`, trailing hash.
pub fn write(out: &mut impl Write, header: &BackupHeader, db: &mut impl Read) -> std::io::Result<()> {
    let header_bytes = serde_json::to_vec(header).map_err(std::io::Error::other)?;
    let mut hasher = Sha256::new();
    let mut put = |out: &mut dyn Write, bytes: &[u8]| -> std::io::Result<()> {
        hasher.update(bytes);
        out.write_all(bytes)
    };
    put(out, MAGIC)?;
    put(out, &(header_bytes.len() as u32).to_le_bytes())?;
    put(out, &header_bytes)?;
    let mut buf = vec![0u8; 1 << 20];
    let mut copied = 0u64;
    loop {
        let n = db.read(&mut buf)?;
        if n == 0 {
            break;
        }
        put(out, &buf[..n])?;
        copied += n as u64;
    }
    if copied != header.db_len {
        return Err(std::io::Error::other("the database changed size while it was being written"));
    }
    out.write_all(&hasher.finalize())
}

/// A backup file read back and checked: its header and the database bytes.
pub struct Opened {
    pub header: BackupHeader,
    pub db: Vec<u8>,
}

/// Reads and checks a whole backup file. Any damage — wrong magic, truncation, a flipped bit
/// anywhere — is an error before anything is written.
pub fn read(bytes: &[u8]) -> Result<Opened> {
    let damaged = |why: &str| Error::BackupDamaged(format!("file {why}"));
    if bytes.len() < MAGIC.len() + 4 + 32 || &bytes[..MAGIC.len()] != MAGIC {
        if bytes.starts_with(b"PROBONO-BACKUP\x00") {
            return Err(damaged("is from a newer version of Pro Bono Desk or is damaged"));
        }
        return Err(damaged("is not a Pro Bono Desk backup"));
    }
    let (body, trailer) = bytes.split_at(bytes.len() - 32);
    if Sha256::digest(body).as_slice() != trailer {
        return Err(damaged("is damaged or incomplete (its checksum does not match)"));
    }
    let mut at = MAGIC.len();
    let header_len = u32::from_le_bytes([body[at], body[at + 1], body[at + 2], body[at + 3]]);
    at += 4;
    if header_len > MAX_HEADER || at + header_len as usize > body.len() {
        return Err(damaged("has a damaged header"));
    }
    let header: BackupHeader = serde_json::from_slice(&body[at..at + header_len as usize])
        .map_err(|_| damaged("has a header that cannot be read"))?;
    at += header_len as usize;
    let db = &body[at..];
    if db.len() as u64 != header.db_len {
        return Err(damaged("has a database of the wrong size"));
    }
    Ok(Opened { header, db: db.to_vec() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let header = BackupHeader {
            vault_id: "v".into(),
            schema_version: 2,
            created_at: "2026-11-27T00:00:00Z".into(),
            app_version: "0.1.0".into(),
            db_len: 5000,
            key_file: serde_json::json!({"format": "x"}),
        };
        let mut out = Vec::new();
        write(&mut out, &header, &mut &vec![7u8; 5000][..]).expect("write");
        out
    }

    #[test]
    fn a_container_round_trips() {
        let opened = read(&sample()).expect("reads");
        assert_eq!(opened.db.len(), 5000);
        assert_eq!(opened.header.vault_id, "v");
    }

    #[test]
    fn any_flipped_bit_or_truncation_is_refused() {
        let good = sample();
        for at in [0, 17, 30, 200, good.len() / 2, good.len() - 1] {
            let mut bad = good.clone();
            bad[at] ^= 0x04;
            assert!(matches!(read(&bad), Err(Error::BackupDamaged(_))), "flip at {at}");
        }
        for len in [0, 10, 100, good.len() - 1] {
            assert!(read(&good[..len]).is_err(), "truncated to {len}");
        }
        assert!(read(b"not a backup at all, just some text that is long enough to check").is_err());
    }
}

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

use std::io::{Read, Seek, SeekFrom, Write};

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

/// Reads only the header of a backup file, without checking the rest (to tell which vault
/// made a file; never to restore from it).
pub fn read_header(file: &mut impl Read) -> Result<BackupHeader> {
    let mut start = [0u8; MAGIC.len() + 4];
    file.read_exact(&mut start).map_err(|_| damaged("is not a Pro Bono Desk backup"))?;
    if &start[..MAGIC.len()] != MAGIC {
        return Err(damaged("is not a Pro Bono Desk backup"));
    }
    let header_len = u32::from_le_bytes([start[16], start[17], start[18], start[19]]);
    if header_len > MAX_HEADER {
        return Err(damaged("has a damaged header"));
    }
    let mut header_bytes = vec![0u8; header_len as usize];
    file.read_exact(&mut header_bytes).map_err(|_| damaged("has a damaged header"))?;
    serde_json::from_slice(&header_bytes).map_err(|_| damaged("has a header that cannot be read"))
}

/// A backup file whose checksum was verified: its header, and where its database lies.
/// Checking and copying stream the file, so a restore needs a buffer, not the whole backup,
/// in memory.
#[derive(Debug)]
pub struct Checked {
    pub header: BackupHeader,
    db_at: u64,
    checksum: [u8; 32],
}

const BUFFER: usize = 1 << 20;

fn damaged(why: &str) -> Error {
    Error::BackupDamaged(format!("file {why}"))
}

fn read_err(e: std::io::Error) -> Error {
    Error::io("reading the backup", e)
}

/// Reads and checks a whole backup file. Any damage (wrong magic, truncation, a flipped bit
/// anywhere) is an error before anything is written.
pub fn check(file: &mut (impl Read + Seek)) -> Result<Checked> {
    let len = file.seek(SeekFrom::End(0)).map_err(read_err)?;
    file.seek(SeekFrom::Start(0)).map_err(read_err)?;
    let mut start = [0u8; MAGIC.len() + 4];
    let got = read_up_to(file, &mut start)?;
    if len < (MAGIC.len() + 4 + 32) as u64 || got < start.len() || &start[..MAGIC.len()] != MAGIC {
        if start[..got].starts_with(b"PROBONO-BACKUP\x00") {
            return Err(damaged("is from a newer version of Pro Bono Desk or is damaged"));
        }
        return Err(damaged("is not a Pro Bono Desk backup"));
    }
    let body_len = len - 32;
    let checksum = hash_body(file, body_len, &mut std::io::sink())?;
    let stored = read_checksum(file)?;
    if checksum != stored {
        return Err(damaged("is damaged or incomplete (its checksum does not match)"));
    }
    // The checksum holds, so what follows was written by us; still, every length is checked.
    let header_len = u32::from_le_bytes([start[16], start[17], start[18], start[19]]);
    let header_at = start.len() as u64;
    if header_len > MAX_HEADER || header_at + u64::from(header_len) > body_len {
        return Err(damaged("has a damaged header"));
    }
    let mut header_bytes = vec![0u8; header_len as usize];
    file.seek(SeekFrom::Start(header_at)).map_err(read_err)?;
    file.read_exact(&mut header_bytes).map_err(read_err)?;
    let header: BackupHeader =
        serde_json::from_slice(&header_bytes).map_err(|_| damaged("has a header that cannot be read"))?;
    let db_at = header_at + u64::from(header_len);
    if body_len - db_at != header.db_len {
        return Err(damaged("has a database of the wrong size"));
    }
    Ok(Checked { header, db_at, checksum })
}

impl Checked {
    /// Copies the database bytes into `out`, hashing the whole file again on the way: a file
    /// that changed since [`check`] is refused (and `out` is then the caller's to discard).
    pub fn copy_db(&self, file: &mut (impl Read + Seek), out: &mut impl Write) -> Result<()> {
        let body_len = self.db_at + self.header.db_len;
        let mut db_only = SkipFirst { skip: self.db_at, out };
        let checksum = hash_body(file, body_len, &mut db_only)?;
        if checksum != self.checksum || read_checksum(file)? != self.checksum {
            return Err(damaged("changed while it was being restored"));
        }
        Ok(())
    }
}

/// Hashes the first `body_len` bytes of `file`, passing them on to `out`.
fn hash_body(file: &mut (impl Read + Seek), body_len: u64, out: &mut impl Write) -> Result<[u8; 32]> {
    file.seek(SeekFrom::Start(0)).map_err(read_err)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; BUFFER];
    let mut left = body_len;
    while left > 0 {
        let want = left.min(BUFFER as u64) as usize;
        let n = read_up_to(file, &mut buf[..want])?;
        if n < want {
            return Err(damaged("is damaged or incomplete (it ends early)"));
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n]).map_err(|e| Error::io("writing the vault", e))?;
        left -= n as u64;
    }
    Ok(hasher.finalize().into())
}

fn read_checksum(file: &mut impl Read) -> Result<[u8; 32]> {
    let mut stored = [0u8; 32];
    if read_up_to(file, &mut stored)? < stored.len() {
        return Err(damaged("is damaged or incomplete (it ends early)"));
    }
    Ok(stored)
}

/// Fills `buf` as far as the file allows; returns how much was read.
fn read_up_to(file: &mut impl Read, buf: &mut [u8]) -> Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(read_err(e)),
        }
    }
    Ok(got)
}

/// A writer that drops the first `skip` bytes written to it (the magic and the header).
struct SkipFirst<'w, W: Write> {
    skip: u64,
    out: &'w mut W,
}

impl<W: Write> Write for SkipFirst<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let dropped = self.skip.min(buf.len() as u64) as usize;
        self.skip -= dropped as u64;
        self.out.write_all(&buf[dropped..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::io::Cursor;

    fn header(db_len: u64) -> BackupHeader {
        BackupHeader {
            vault_id: "v".into(),
            schema_version: 2,
            created_at: "2026-11-27T00:00:00Z".into(),
            app_version: "0.1.0".into(),
            db_len,
            key_file: serde_json::json!({"format": "x"}),
        }
    }

    fn sample() -> Vec<u8> {
        let header = header(5000);
        let mut out = Vec::new();
        write(&mut out, &header, &mut &vec![7u8; 5000][..]).expect("write");
        out
    }

    fn read(bytes: &[u8]) -> Result<(BackupHeader, Vec<u8>)> {
        let mut file = Cursor::new(bytes);
        let checked = check(&mut file)?;
        let mut db = Vec::new();
        checked.copy_db(&mut file, &mut db)?;
        Ok((checked.header, db))
    }

    #[test]
    fn a_container_round_trips() {
        let (header, db) = read(&sample()).expect("reads");
        assert_eq!(db, vec![7u8; 5000]);
        assert_eq!(header.vault_id, "v");
    }

    #[test]
    fn a_database_larger_than_the_buffer_streams_through_unchanged() {
        let db: Vec<u8> = (0..BUFFER * 2 + 12_345).map(|i| (i * 31 % 251) as u8).collect();
        let header = BackupHeader { db_len: db.len() as u64, ..header(0) };
        let mut file = Vec::new();
        write(&mut file, &header, &mut &db[..]).expect("write");
        let (_, copied) = read(&file).expect("reads");
        assert!(copied == db, "the database bytes come out exactly as they went in");
    }

    #[test]
    fn a_file_changed_between_the_check_and_the_copy_is_refused() {
        let good = sample();
        let mut file = Cursor::new(good.clone());
        let checked = check(&mut file).expect("checks");
        let mut changed = good;
        let at = changed.len() - 100;
        changed[at] ^= 1;
        let mut out = Vec::new();
        let err = checked.copy_db(&mut Cursor::new(changed), &mut out).expect_err("refused");
        assert!(matches!(err, Error::BackupDamaged(ref m) if m.contains("changed")), "{err:?}");
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

//! The vault's key file: the data key wrapped twice, once under a passphrase-derived key
//! (Argon2id) and once under the recovery key (HKDF), with XChaCha20-Poly1305.
//!
//! The file holds no secret in the clear. A checksum catches accidental damage; the AEAD tag
//! (whose associated data binds the vault id and the KDF parameters) catches the rest.

use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::db::Cipher;
use crate::error::{Error, Result};
use crate::fsutil::write_atomically;
use crate::secret::{DataKey, Passphrase, RecoveryKey, fill_random};

const FORMAT: &str = "pro-bono-desk-vault-key";
const VERSION: u32 = 1;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;

/// Argon2id cost. Stored in the key file so a later version can raise it on the next
/// passphrase change without locking anyone out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// 256 MiB, t=4, p=4: about 0.45 s on a 2-core machine (docs/performance.md). The floor
    /// is 64 MiB, t=3, p=4; raise, never lower.
    pub const DEFAULT: KdfParams = KdfParams { memory_kib: 256 * 1024, iterations: 4, parallelism: 4 };

    /// Each parameter at least `floor`'s: what a passphrase change uses, so the cost of
    /// guessing a passphrase only ever goes up.
    pub fn at_least(self, floor: KdfParams) -> KdfParams {
        KdfParams {
            memory_kib: self.memory_kib.max(floor.memory_kib),
            iterations: self.iterations.max(floor.iterations),
            parallelism: self.parallelism.max(floor.parallelism),
        }
    }

    /// The most a key file may ask for: 1 GiB, 16 passes, 16 lanes (about 7 s here, 16 times
    /// DEFAULT's work). A crafted key file or backup asking for more is refused before any
    /// work, instead of freezing the program or exhausting memory.
    pub const MAX: KdfParams = KdfParams { memory_kib: 1024 * 1024, iterations: 16, parallelism: 16 };

    /// Refuses parameters above [`KdfParams::MAX`], naming the one that is too high.
    pub fn check_bounds(self) -> Result<KdfParams> {
        let max = KdfParams::MAX;
        let too_high = if self.memory_kib > max.memory_kib {
            Some(format!("asks for {} MiB of memory (at most {} MiB)", self.memory_kib / 1024, max.memory_kib / 1024))
        } else if self.iterations > max.iterations {
            Some(format!("asks for {} passes (at most {})", self.iterations, max.iterations))
        } else if self.parallelism > max.parallelism {
            Some(format!("asks for {} lanes (at most {})", self.parallelism, max.parallelism))
        } else {
            None
        };
        match too_high {
            Some(why) => Err(Error::KeyFileDamaged(format!(
                "its passphrase key derivation {why}; a file this program wrote never does, so it was altered"
            ))),
            None => Ok(self),
        }
    }

    /// Weak parameters for unit tests of the wrapping logic only. Never used by the CLI or
    /// the app: `Vault::create` takes its parameters from the caller, and both pass DEFAULT.
    #[cfg(test)]
    pub const TEST_ONLY_WEAK: KdfParams = KdfParams { memory_kib: 256, iterations: 1, parallelism: 1 };
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "algorithm", rename_all = "kebab-case")]
enum Kdf {
    Argon2id {
        #[serde(flatten)]
        params: KdfParams,
        salt: String,
    },
    HkdfSha256 {
        salt: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct WrappedKey {
    kdf: Kdf,
    aead: String,
    nonce: String,
    wrapped_key: String,
}

/// Everything in the file except the checksum, in a fixed field order so the checksum is
/// stable.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct KeyFileBody {
    format: String,
    version: u32,
    vault_id: String,
    /// HKDF of the data key: lets a key from the OS keyring be checked without touching
    /// the database.
    key_check: String,
    passphrase: WrappedKey,
    recovery: WrappedKey,
    /// How the database's pages are protected. Absent in key files written before it was
    /// recorded: those vaults use SQLCipher 4's defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    database_cipher: Option<Cipher>,
    /// Only in a key file waiting beside the vault while its data key is replaced
    /// (`vault.key.next`): the new data key wrapped under the old one, so that every secret
    /// that opened the vault before still opens it until the rotation is settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous: Option<WrappedKey>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct KeyFileOnDisk {
    #[serde(flatten)]
    body: KeyFileBody,
    checksum: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFile {
    body: KeyFileBody,
}

#[derive(Clone, Copy)]
enum Slot {
    Passphrase,
    Recovery,
    /// The new data key under the old one, while a rotation is pending.
    Previous,
}

impl Slot {
    fn name(self) -> &'static str {
        match self {
            Slot::Passphrase => "passphrase",
            Slot::Recovery => "recovery",
            Slot::Previous => "previous",
        }
    }
}

impl KeyFile {
    pub fn new(
        vault_id: uuid::Uuid,
        data_key: &DataKey,
        passphrase: &Passphrase,
        recovery: &RecoveryKey,
        kdf: KdfParams,
    ) -> Result<Self> {
        let vault_id = vault_id.to_string();
        let passphrase_slot = wrap_with_passphrase(&vault_id, data_key, passphrase, kdf)?;
        let recovery_slot = wrap_with_recovery(&vault_id, data_key, recovery)?;
        Ok(KeyFile {
            body: KeyFileBody {
                format: FORMAT.into(),
                version: VERSION,
                key_check: b64(&key_check(data_key)),
                vault_id,
                passphrase: passphrase_slot,
                recovery: recovery_slot,
                database_cipher: Some(Cipher::NEW_VAULTS),
                previous: None,
            },
        })
    }

    /// The key file of this vault after its data key is replaced by `new_key`: the same vault
    /// id and page cipher, `passphrase` and a new `recovery` key wrapping the new key, and,
    /// until [`KeyFile::settled`] drops it, the new key wrapped under `old_key` too.
    pub fn rotated(
        &self,
        old_key: &DataKey,
        new_key: &DataKey,
        passphrase: &Passphrase,
        recovery: &RecoveryKey,
        kdf: KdfParams,
    ) -> Result<Self> {
        let vault_id = self.body.vault_id.clone();
        let mut salt = [0u8; SALT_LEN];
        fill_random(&mut salt)?;
        let kek = hkdf_previous(old_key, &salt)?;
        let previous = seal(&vault_id, Slot::Previous, Kdf::HkdfSha256 { salt: b64(&salt) }, &kek, new_key)?;
        Ok(KeyFile {
            body: KeyFileBody {
                format: FORMAT.into(),
                version: VERSION,
                key_check: b64(&key_check(new_key)),
                passphrase: wrap_with_passphrase(&vault_id, new_key, passphrase, kdf)?,
                recovery: wrap_with_recovery(&vault_id, new_key, recovery)?,
                vault_id,
                database_cipher: self.body.database_cipher,
                previous: Some(previous),
            },
        })
    }

    /// Whether this is a rotation's key file that still carries the new key under the old.
    pub fn is_pending(&self) -> bool {
        self.body.previous.is_some()
    }

    /// The new data key of a pending rotation, from the old one; `None` when `old_key` is not
    /// the key it was made from (or the file is not pending).
    pub fn unwrap_previous(&self, old_key: &DataKey) -> Option<DataKey> {
        let Some(Kdf::HkdfSha256 { salt }) = self.body.previous.as_ref().map(|w| &w.kdf) else {
            return None;
        };
        let salt = un_b64(salt, "salt").ok()?;
        let kek = hkdf_previous(old_key, &salt).ok()?;
        self.unwrap_slot(Slot::Previous, &kek)
    }

    /// The key file a settled rotation leaves: without the old key's way in.
    pub fn settled(&self) -> Self {
        let mut next = self.clone();
        next.body.previous = None;
        next
    }

    pub fn vault_id(&self) -> &str {
        &self.body.vault_id
    }

    /// How the vault's database pages are encrypted and authenticated.
    pub fn cipher(&self) -> Cipher {
        self.body.database_cipher.unwrap_or(Cipher::HmacSha512)
    }

    /// The key file as it was written before the page cipher was recorded (tests of old vaults).
    #[cfg(test)]
    pub(crate) fn without_recorded_cipher(mut self) -> Self {
        self.body.database_cipher = None;
        self
    }

    pub fn passphrase_kdf(&self) -> Option<KdfParams> {
        match &self.body.passphrase.kdf {
            Kdf::Argon2id { params, .. } => Some(*params),
            Kdf::HkdfSha256 { .. } => None,
        }
    }

    pub fn unwrap_with_passphrase(&self, passphrase: &Passphrase) -> Result<DataKey> {
        let Kdf::Argon2id { params, salt } = &self.body.passphrase.kdf else {
            return Err(Error::KeyFileDamaged("the passphrase slot has the wrong kind of KDF".into()));
        };
        let salt = un_b64(salt, "salt")?;
        let kek = argon2id(passphrase, &salt, *params)?;
        self.unwrap_slot(Slot::Passphrase, &kek).ok_or(Error::WrongPassphrase)
    }

    pub fn unwrap_with_recovery(&self, recovery: &RecoveryKey) -> Result<DataKey> {
        let Kdf::HkdfSha256 { salt } = &self.body.recovery.kdf else {
            return Err(Error::KeyFileDamaged("the recovery slot has the wrong kind of KDF".into()));
        };
        let salt = un_b64(salt, "salt")?;
        let kek = hkdf_recovery(recovery, &salt)?;
        self.unwrap_slot(Slot::Recovery, &kek).ok_or(Error::WrongRecoveryKey)
    }

    /// True when `key` is this vault's data key (used for keys read from the OS keyring).
    pub fn matches(&self, key: &DataKey) -> bool {
        b64(&key_check(key)) == self.body.key_check
    }

    /// A copy with the passphrase slot rewrapped under a new passphrase (fresh salt and
    /// nonce). The recovery slot and the data key are unchanged.
    pub fn with_new_passphrase(&self, data_key: &DataKey, new: &Passphrase, kdf: KdfParams) -> Result<Self> {
        let mut next = self.clone();
        next.body.passphrase = wrap_with_passphrase(&self.body.vault_id, data_key, new, kdf)?;
        Ok(next)
    }

    /// A copy with a new recovery key (for "I lost my Recovery Kit").
    pub fn with_new_recovery(&self, data_key: &DataKey, recovery: &RecoveryKey) -> Result<Self> {
        let mut next = self.clone();
        next.body.recovery = wrap_with_recovery(&self.body.vault_id, data_key, recovery)?;
        Ok(next)
    }

    pub fn read(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io("reading the vault key file", e))?;
        Self::from_bytes(&bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let on_disk: KeyFileOnDisk =
            serde_json::from_slice(bytes).map_err(|_| Error::KeyFileDamaged("it is not a readable key file".into()))?;
        if on_disk.body.format != FORMAT {
            return Err(Error::KeyFileDamaged("it is not a Pro Bono Desk key file".into()));
        }
        if on_disk.body.version > VERSION {
            return Err(Error::KeyFileDamaged(format!(
                "key file version {} is newer than this program understands",
                on_disk.body.version
            )));
        }
        if checksum(&on_disk.body)? != on_disk.checksum {
            return Err(Error::KeyFileDamaged("its checksum does not match".into()));
        }
        Ok(KeyFile { body: on_disk.body })
    }

    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let on_disk = KeyFileOnDisk { checksum: checksum(&self.body)?, body: self.body.clone() };
        let mut bytes = serde_json::to_vec_pretty(&on_disk)
            .map_err(|e| Error::Internal(format!("serialising the key file: {e}")))?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Replaces the file at `path` atomically: a crash leaves either the old or the new file,
    /// never a mix, so the vault always stays openable.
    pub fn write(&self, path: &Path) -> Result<()> {
        write_atomically(path, &self.to_bytes()?).map_err(|e| Error::io("writing the vault key file", e))
    }

    fn unwrap_slot(&self, slot: Slot, kek: &[u8; 32]) -> Option<DataKey> {
        let wrapped = match slot {
            Slot::Passphrase => &self.body.passphrase,
            Slot::Recovery => &self.body.recovery,
            Slot::Previous => self.body.previous.as_ref()?,
        };
        let nonce = un_b64(&wrapped.nonce, "nonce").ok()?;
        let ciphertext = un_b64(&wrapped.wrapped_key, "wrapped_key").ok()?;
        let cipher = XChaCha20Poly1305::new_from_slice(kek).ok()?;
        let nonce = XNonce::try_from(nonce.as_slice()).ok()?;
        let aad = associated_data(&self.body.vault_id, slot, &wrapped.kdf);
        let plain = Zeroizing::new(cipher.decrypt(&nonce, Payload { msg: &ciphertext, aad: &aad }).ok()?);
        DataKey::from_slice(&plain)
    }
}

fn wrap_with_passphrase(
    vault_id: &str,
    data_key: &DataKey,
    passphrase: &Passphrase,
    params: KdfParams,
) -> Result<WrappedKey> {
    let mut salt = [0u8; SALT_LEN];
    fill_random(&mut salt)?;
    let kek = argon2id(passphrase, &salt, params)?;
    seal(vault_id, Slot::Passphrase, Kdf::Argon2id { params, salt: b64(&salt) }, &kek, data_key)
}

fn wrap_with_recovery(vault_id: &str, data_key: &DataKey, recovery: &RecoveryKey) -> Result<WrappedKey> {
    let mut salt = [0u8; SALT_LEN];
    fill_random(&mut salt)?;
    let kek = hkdf_recovery(recovery, &salt)?;
    seal(vault_id, Slot::Recovery, Kdf::HkdfSha256 { salt: b64(&salt) }, &kek, data_key)
}

fn seal(vault_id: &str, slot: Slot, kdf: Kdf, kek: &[u8; 32], data_key: &DataKey) -> Result<WrappedKey> {
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    let cipher = XChaCha20Poly1305::new_from_slice(kek).map_err(|_| Error::Internal("wrapping key length".into()))?;
    let aad = associated_data(vault_id, slot, &kdf);
    let xnonce = XNonce::try_from(&nonce[..]).map_err(|_| Error::Internal("nonce length".into()))?;
    let ciphertext = cipher
        .encrypt(&xnonce, Payload { msg: data_key.expose(), aad: &aad })
        .map_err(|_| Error::Internal("encrypting the data key failed".into()))?;
    Ok(WrappedKey { kdf, aead: "xchacha20poly1305".into(), nonce: b64(&nonce), wrapped_key: b64(&ciphertext) })
}

/// Binds a wrapped key to its vault, its slot and its KDF parameters: lowering the Argon2
/// cost in the file, or moving a slot between vaults, makes the unwrap fail.
fn associated_data(vault_id: &str, slot: Slot, kdf: &Kdf) -> Vec<u8> {
    let kdf_json = serde_json::to_string(kdf).unwrap_or_default();
    format!("{FORMAT}/v{VERSION}/{vault_id}/{}/{kdf_json}", slot.name()).into_bytes()
}

fn argon2id(passphrase: &Passphrase, salt: &[u8], params: KdfParams) -> Result<Zeroizing<[u8; 32]>> {
    let params = params.check_bounds()?;
    let argon_params = argon2::Params::new(params.memory_kib, params.iterations, params.parallelism, Some(32))
        .map_err(|e| Error::KeyFileDamaged(format!("unusable Argon2 parameters: {e}")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, argon_params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.expose().as_bytes(), salt, &mut out[..])
        .map_err(|e| Error::Internal(format!("Argon2 failed: {e}")))?;
    Ok(out)
}

fn hkdf_recovery(recovery: &RecoveryKey, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    let hk = hkdf::Hkdf::<Sha256>::new(Some(salt), recovery.expose());
    let mut out = Zeroizing::new([0u8; 32]);
    hk.expand(b"pro-bono-desk recovery wrap v1", &mut out[..])
        .map_err(|_| Error::Internal("HKDF output length".into()))?;
    Ok(out)
}

fn hkdf_previous(old_key: &DataKey, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    let hk = hkdf::Hkdf::<Sha256>::new(Some(salt), old_key.expose());
    let mut out = Zeroizing::new([0u8; 32]);
    hk.expand(b"pro-bono-desk rotation wrap v1", &mut out[..])
        .map_err(|_| Error::Internal("HKDF output length".into()))?;
    Ok(out)
}

fn key_check(key: &DataKey) -> [u8; 16] {
    let hk = hkdf::Hkdf::<Sha256>::new(None, key.expose());
    let mut out = [0u8; 16];
    // 16 bytes is always a valid HKDF-SHA256 output length.
    let _ = hk.expand(b"pro-bono-desk key check v1", &mut out);
    out
}

fn checksum(body: &KeyFileBody) -> Result<String> {
    let bytes = serde_json::to_vec(body).map_err(|e| Error::Internal(format!("serialising the key file: {e}")))?;
    let digest = Sha256::digest(&bytes);
    Ok(data_encoding::HEXLOWER.encode(&digest))
}

fn b64(bytes: &[u8]) -> String {
    data_encoding::BASE64.encode(bytes)
}

fn un_b64(text: &str, what: &str) -> Result<Vec<u8>> {
    data_encoding::BASE64
        .decode(text.as_bytes())
        .map_err(|_| Error::KeyFileDamaged(format!("its {what} is not valid base64")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (KeyFile, DataKey, RecoveryKey) {
        let key = DataKey::generate().expect("random");
        let rk = RecoveryKey::generate().expect("random");
        let kf = KeyFile::new(
            uuid::Uuid::now_v7(),
            &key,
            &Passphrase::new("correct horse battery"),
            &rk,
            KdfParams::TEST_ONLY_WEAK,
        )
        .expect("wraps");
        (kf, key, rk)
    }

    #[test]
    fn both_slots_unwrap_to_the_same_data_key() {
        let (kf, key, rk) = sample();
        let via_pass = kf.unwrap_with_passphrase(&Passphrase::new("correct horse battery")).expect("passphrase");
        let via_recovery = kf.unwrap_with_recovery(&rk).expect("recovery key");
        assert_eq!(via_pass.expose(), key.expose());
        assert_eq!(via_recovery.expose(), key.expose());
        assert!(kf.matches(&key));
        assert!(!kf.matches(&DataKey::generate().expect("random")));
    }

    #[test]
    fn wrong_secrets_are_told_apart_from_damage() {
        let (kf, _, _) = sample();
        let wrong = kf.unwrap_with_passphrase(&Passphrase::new("incorrect horse battery"));
        assert!(matches!(wrong, Err(Error::WrongPassphrase)), "{wrong:?}");
        let wrong_rk = kf.unwrap_with_recovery(&RecoveryKey::generate().expect("random"));
        assert!(matches!(wrong_rk, Err(Error::WrongRecoveryKey)), "{wrong_rk:?}");
    }

    #[test]
    fn the_file_round_trips_and_holds_no_key_material() {
        let (kf, key, _) = sample();
        let bytes = kf.to_bytes().expect("serialises");
        let again = KeyFile::from_bytes(&bytes).expect("parses");
        assert_eq!(again, kf);
        let text = String::from_utf8(bytes).expect("utf-8 JSON");
        assert!(!text.contains(&data_encoding::BASE64.encode(key.expose())));
        assert!(!text.contains(&data_encoding::HEXLOWER.encode(key.expose())));
    }

    #[test]
    fn new_key_files_record_the_page_cipher_and_old_ones_mean_sqlcipher_defaults() {
        let (kf, _, _) = sample();
        assert_eq!(kf.cipher(), Cipher::HmacSha256);
        let text = String::from_utf8(kf.to_bytes().expect("serialises")).expect("utf-8");
        assert!(text.contains("\"database_cipher\": \"sqlcipher4-aes256cbc-hmac-sha256\""), "{text}");

        let old = kf.without_recorded_cipher();
        let bytes = old.to_bytes().expect("serialises");
        assert!(!String::from_utf8_lossy(&bytes).contains("database_cipher"));
        let read = KeyFile::from_bytes(&bytes).expect("an old key file still reads");
        assert_eq!(read.cipher(), Cipher::HmacSha512);
    }

    #[test]
    fn any_edit_to_the_file_is_caught() {
        let (kf, _, _) = sample();
        let text = String::from_utf8(kf.to_bytes().expect("serialises")).expect("utf-8");
        // Lowering the Argon2 cost without fixing the checksum: damage.
        let weakened = text.replace("\"iterations\": 1", "\"iterations\": 2");
        assert_ne!(weakened, text);
        assert!(matches!(KeyFile::from_bytes(weakened.as_bytes()), Err(Error::KeyFileDamaged(_))));
        // Not JSON at all.
        assert!(matches!(KeyFile::from_bytes(b"\x00\x01garbage"), Err(Error::KeyFileDamaged(_))));
    }

    #[test]
    fn lowering_the_kdf_cost_with_a_fixed_checksum_still_fails_to_unwrap() {
        let (mut kf, _, _) = sample();
        if let Kdf::Argon2id { params, .. } = &mut kf.body.passphrase.kdf {
            params.iterations = 2;
        }
        let reparsed = KeyFile::from_bytes(&kf.to_bytes().expect("serialises")).expect("checksum recomputed");
        let result = reparsed.unwrap_with_passphrase(&Passphrase::new("correct horse battery"));
        assert!(result.is_err(), "parameters are bound into the AEAD associated data");
    }

    #[test]
    fn a_key_file_asking_for_an_absurd_kdf_cost_is_refused_at_once() {
        let (kf, _, _) = sample();
        let absurd = [
            (KdfParams { memory_kib: 64 * 1024 * 1024, iterations: 1, parallelism: 1 }, "MiB of memory"),
            (KdfParams { memory_kib: 256, iterations: 4_000_000, parallelism: 1 }, "passes"),
            (KdfParams { memory_kib: 256, iterations: 1, parallelism: 1000 }, "lanes"),
        ];
        for (params, named) in absurd {
            let mut crafted = kf.clone();
            if let Kdf::Argon2id { params: p, .. } = &mut crafted.body.passphrase.kdf {
                *p = params;
            }
            let reparsed = KeyFile::from_bytes(&crafted.to_bytes().expect("serialises")).expect("checksum recomputed");
            let result = reparsed.unwrap_with_passphrase(&Passphrase::new("correct horse battery"));
            match result {
                // Refused before Argon2 ran (it would need 64 GiB, or hours).
                Err(Error::KeyFileDamaged(why)) => assert!(why.contains(named), "{why}"),
                other => panic!("expected the cost to be refused, got {other:?}"),
            }
        }
        assert!(KdfParams::DEFAULT.check_bounds().is_ok(), "what we write is within bounds");
    }

    #[test]
    fn a_new_passphrase_replaces_the_old_and_keeps_the_recovery_slot() {
        let (kf, key, rk) = sample();
        let next = kf
            .with_new_passphrase(&key, &Passphrase::new("a brand new passphrase"), KdfParams::TEST_ONLY_WEAK)
            .expect("rewraps");
        assert!(next.unwrap_with_passphrase(&Passphrase::new("correct horse battery")).is_err());
        assert_eq!(
            next.unwrap_with_passphrase(&Passphrase::new("a brand new passphrase")).expect("new").expose(),
            key.expose()
        );
        assert_eq!(next.unwrap_with_recovery(&rk).expect("recovery").expose(), key.expose());
    }
}

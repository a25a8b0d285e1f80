//! Types for secrets: the data key, passphrases and recovery keys.
//!
//! Each hides its value in `Debug`, cannot be serialised, and wipes its memory on drop, so a
//! secret cannot reach a log line, an IPC payload or a crash report by accident.

use std::fmt;

use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

pub const DATA_KEY_LEN: usize = 32;

/// The random 256-bit key SQLCipher encrypts the database with.
#[derive(Clone)]
pub struct DataKey(Box<[u8; DATA_KEY_LEN]>);

impl DataKey {
    pub fn generate() -> Result<Self> {
        let mut key = Box::new([0u8; DATA_KEY_LEN]);
        fill_random(&mut key[..])?;
        Ok(DataKey(key))
    }

    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let array: [u8; DATA_KEY_LEN] = bytes.try_into().ok()?;
        Some(DataKey(Box::new(array)))
    }

    pub fn expose(&self) -> &[u8; DATA_KEY_LEN] {
        &self.0
    }

    /// The key as SQLCipher's raw-key literal, `x'<64 hex digits>'`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(String::with_capacity(2 * DATA_KEY_LEN + 3));
        hex.push_str("x'");
        for byte in self.0.iter() {
            hex.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
            hex.push(char::from_digit(u32::from(byte & 0x0f), 16).unwrap_or('0'));
        }
        hex.push('\'');
        hex
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

/// A passphrase as typed. Minimum length is checked where one is chosen, not where one is
/// used, so that a vault made under an older rule still opens.
pub struct Passphrase(Zeroizing<String>);

pub const MIN_PASSPHRASE_CHARS: usize = 10;

impl Passphrase {
    pub fn new(text: impl Into<String>) -> Self {
        Passphrase(Zeroizing::new(text.into()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Checks a passphrase being chosen (init, passwd).
    pub fn check_new(&self) -> Result<()> {
        let chars = self.0.chars().count();
        if self.0.trim().is_empty() {
            return Err(Error::invalid("passphrase", "must not be empty"));
        }
        if chars < MIN_PASSPHRASE_CHARS {
            return Err(Error::invalid(
                "passphrase",
                format!("must be at least {MIN_PASSPHRASE_CHARS} characters (a few unrelated words work well)"),
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

pub const RECOVERY_KEY_LEN: usize = 32;

/// The high-entropy key shown once at vault creation and printed in the Recovery Kit.
/// Written as 13 groups of 4 base32 characters, e.g. `ABCD-EFGH-…`.
pub struct RecoveryKey(Box<[u8; RECOVERY_KEY_LEN]>);

impl RecoveryKey {
    pub fn generate() -> Result<Self> {
        let mut key = Box::new([0u8; RECOVERY_KEY_LEN]);
        fill_random(&mut key[..])?;
        Ok(RecoveryKey(key))
    }

    /// Parses what a person typed: case, spaces and dashes do not matter, and the digits
    /// people confuse with letters (0, 1, 8) are read as O, I, B.
    pub fn parse(text: &str) -> Result<Self> {
        let mut cleaned = Zeroizing::new(String::with_capacity(text.len()));
        for c in text.chars() {
            match c {
                ' ' | '-' | '\t' | '\n' | '\r' => {}
                '0' => cleaned.push('O'),
                '1' => cleaned.push('I'),
                '8' => cleaned.push('B'),
                c => cleaned.push(c.to_ascii_uppercase()),
            }
        }
        let invalid = || {
            Error::invalid(
                "recovery_key",
                "is not a recovery key: expected 52 letters and digits in groups of 4, as printed in the Recovery Kit",
            )
        };
        let bytes = Zeroizing::new(data_encoding::BASE32_NOPAD.decode(cleaned.as_bytes()).map_err(|_| invalid())?);
        let array: [u8; RECOVERY_KEY_LEN] = bytes.as_slice().try_into().map_err(|_| invalid())?;
        Ok(RecoveryKey(Box::new(array)))
    }

    pub fn expose(&self) -> &[u8; RECOVERY_KEY_LEN] {
        &self.0
    }

    /// The key for people: 13 dash-separated groups of 4 characters.
    pub fn display(&self) -> Zeroizing<String> {
        let encoded = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&self.0[..]));
        let mut out = Zeroizing::new(String::with_capacity(encoded.len() + encoded.len() / 4));
        for (i, c) in encoded.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }
}

impl Drop for RecoveryKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

pub(crate) fn fill_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|e| Error::Internal(format!("the system random generator failed: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_secret_material() {
        let key = DataKey::generate().expect("random");
        let pass = Passphrase::new("correct horse battery staple");
        let rk = RecoveryKey::generate().expect("random");
        let shown = format!("{key:?} {pass:?} {rk:?}");
        assert!(!shown.contains("horse"), "passphrase leaked into Debug: {shown}");
        assert!(shown.contains("redacted"));
        let display = rk.display();
        assert!(!shown.contains(display.as_str()));
    }

    #[test]
    fn recovery_key_round_trips_through_its_printed_form_and_tolerates_typing() {
        let rk = RecoveryKey::generate().expect("random");
        let printed = rk.display();
        assert_eq!(printed.len(), 52 + 12, "13 groups of 4 with 12 dashes");
        let typed = printed.to_lowercase().replace('-', " ").replace('o', "0");
        let parsed = RecoveryKey::parse(&typed).expect("typed form parses");
        assert_eq!(parsed.expose(), rk.expose());
    }

    #[test]
    fn recovery_key_rejects_wrong_length_and_alphabet() {
        for bad in ["", "ABCD-EFGH", "!!!!-!!!!", &"A".repeat(60)] {
            let err = RecoveryKey::parse(bad).expect_err("must be refused");
            assert_eq!(err.field(), Some("recovery_key"));
        }
    }

    #[test]
    fn new_passphrases_must_be_long_enough() {
        assert!(Passphrase::new("short").check_new().is_err());
        assert!(Passphrase::new("          ").check_new().is_err());
        assert!(Passphrase::new("four words are plenty").check_new().is_ok());
    }

    #[test]
    fn sqlcipher_literal_is_64_hex_digits_in_raw_key_syntax() {
        let key = DataKey::from_slice(&[0xab; 32]).expect("32 bytes");
        let lit = key.sqlcipher_literal();
        assert_eq!(lit.as_str(), format!("x'{}'", "ab".repeat(32)));
    }
}

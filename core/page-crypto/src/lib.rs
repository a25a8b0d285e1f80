//! SQLCipher's page encryption, with OpenSSL's objects kept between pages.
//!
//! SQLCipher encrypts each database page with AES-256-CBC and authenticates it with an HMAC.
//! Its stock OpenSSL provider sets OpenSSL up afresh for every page, which under OpenSSL 3.0
//! costs about as much as the HMAC itself. `csrc/provider.c` is a provider that does the
//! same cryptography through the same OpenSSL calls but keeps its contexts for as long as a
//! database is open (see the file's header and docs/performance.md).
//!
//! [`install`] registers it, once per process, before the first database is keyed. On other
//! platforms than Linux (where SQLCipher is built against CommonCrypto on macOS, or the
//! OpenSSL that `OPENSSL_DIR` names on Windows), or if the provider's known-answer self-test
//! fails, nothing is registered and SQLCipher keeps its stock provider; both write the same
//! format. Should a program call `sqlite3_shutdown`, SQLCipher frees its providers and goes
//! back to the stock one on the next initialisation (this program never does).

use std::sync::OnceLock;

/// The name `PRAGMA cipher_provider` reports for this provider.
pub const PROVIDER_NAME: &str = "openssl-probono";

/// The SQLCipher release whose provider struct `csrc/provider.c` copies. The provider is
/// registered only with exactly this SQLCipher; Cargo.toml pins the crate that carries it
/// (sqlcipher-src) with `=`, and a test fails when the two drift apart.
pub const WRITTEN_FOR_SQLCIPHER: &str = "4.20.0";

/// What [`install`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Installed {
    /// Databases keyed from now on use this provider.
    Ours,
    /// Not built on this platform: SQLCipher's stock provider is used.
    NotBuilt,
    /// The SQLCipher linked in is not [`WRITTEN_FOR_SQLCIPHER`]: its provider struct may
    /// differ, so SQLCipher's stock provider is used.
    OtherSqlcipher,
    /// The known-answer self-test or the registration failed (the code SQLite or the
    /// provider returned): SQLCipher's stock provider is used.
    Refused(i32),
}

impl Installed {
    /// Why SQLCipher's stock provider is in use, in words for `probono status`; `None` when
    /// ours is.
    pub fn stock_reason(self) -> Option<String> {
        match self {
            Installed::Ours => None,
            Installed::NotBuilt => Some("our provider is built on Linux only".into()),
            Installed::OtherSqlcipher => Some(format!(
                "this build links SQLCipher {}, not the {WRITTEN_FOR_SQLCIPHER} our provider was written for",
                sqlcipher_version().unwrap_or_else(|| "(unknown)".into())
            )),
            Installed::Refused(code) => {
                Some(format!("our provider failed its self-test or registration (code {code})"))
            }
        }
    }
}

static INSTALLED: OnceLock<Installed> = OnceLock::new();

/// Makes this provider SQLCipher's default for every database keyed after the call. Safe
/// to call from any thread, any number of times; the work happens once.
pub fn install() -> Installed {
    *INSTALLED.get_or_init(|| {
        if !written_for(sqlcipher_version().as_deref()) {
            return Installed::OtherSqlcipher;
        }
        register()
    })
}

/// Whether the provider struct matches this SQLCipher: only the exact release it was copied
/// from (a minor release may add or reorder members).
fn written_for(version: Option<&str>) -> bool {
    version == Some(WRITTEN_FOR_SQLCIPHER)
}

/// The version number of the SQLCipher linked into this program (`PRAGMA cipher_version`
/// without its edition suffix, e.g. "4.10.0").
pub fn sqlcipher_version() -> Option<String> {
    let conn = rusqlite::Connection::open_in_memory().ok()?;
    let full: String = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).ok()?;
    full.split_whitespace().next().map(str::to_owned)
}

/// Keys the main database of `conn` through SQLCipher's `sqlite3_key_v2`, the call `PRAGMA
/// key` makes, with the same bytes the pragma would pass (e.g. the raw-key literal
/// `x'…'`). Unlike the pragma, which turns every failure into one generic sentence, this
/// returns SQLite's result code (`SQLITE_NOMEM`, `SQLITE_ERROR`, …), so a failure says what
/// went wrong. On every platform: the Windows build keys its vaults the same way.
#[allow(unsafe_code)]
pub fn key(conn: &rusqlite::Connection, key: &[u8]) -> Result<(), std::ffi::c_int> {
    let len = std::ffi::c_int::try_from(key.len()).map_err(|_| rusqlite::ffi::SQLITE_TOOBIG)?;
    // SAFETY: the handle is valid while `conn` lives and is used on this thread only (the
    // borrow); `key` points to `len` readable bytes, which SQLCipher copies before returning;
    // the schema name is a NUL-terminated static string.
    let rc = unsafe { rusqlite::ffi::sqlite3_key_v2(conn.handle(), c"main".as_ptr(), key.as_ptr().cast(), len) };
    if rc == rusqlite::ffi::SQLITE_OK { Ok(()) } else { Err(rc) }
}

/// SQLite's words for a result code ("out of memory").
#[allow(unsafe_code)]
pub fn result_words(code: std::ffi::c_int) -> String {
    // SAFETY: sqlite3_errstr accepts any code and returns a static NUL-terminated string.
    let text = unsafe { std::ffi::CStr::from_ptr(rusqlite::ffi::sqlite3_errstr(code)) };
    text.to_string_lossy().into_owned()
}

#[cfg(page_crypto)]
#[allow(unsafe_code)]
mod ffi {
    use std::ffi::c_int;
    unsafe extern "C" {
        pub fn probono_page_crypto_register() -> c_int;
        pub fn probono_page_crypto_use(ours: c_int) -> c_int;
    }
}

#[cfg(page_crypto)]
#[allow(unsafe_code)]
fn register() -> Installed {
    // SAFETY: sqlite3_initialize takes no arguments and may be called any number of times
    // from any thread; it sets up the SQLCipher heap and mutexes the registration uses.
    let rc = unsafe { rusqlite::ffi::sqlite3_initialize() };
    if rc != rusqlite::ffi::SQLITE_OK {
        return Installed::Refused(rc);
    }
    // SAFETY: the C function takes no arguments; it tests the provider, allocates its table
    // with SQLCipher's allocator and registers it under SQLCipher's provider mutex.
    match unsafe { ffi::probono_page_crypto_register() } {
        0 => Installed::Ours,
        rc => Installed::Refused(rc),
    }
}

#[cfg(not(page_crypto))]
fn register() -> Installed {
    Installed::NotBuilt
}

/// For the compatibility tests and the benchmark's side-by-side figures only: makes
/// SQLCipher's stock OpenSSL provider (`false`) or this one (`true`) the default for
/// databases keyed from now on. Returns whether the provider was found. Connections already
/// keyed keep the provider they started with.
#[doc(hidden)]
#[cfg(page_crypto)]
#[allow(unsafe_code)]
pub fn switch_provider(ours: bool) -> bool {
    static SWITCHING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // Registration happens once, before; after it only this function changes SQLCipher's
    // provider list, one call at a time.
    install();
    let _one_at_a_time = SWITCHING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    // SAFETY: takes an int and walks SQLCipher's provider list, which nothing else changes
    // once `install` has returned (see above).
    unsafe { ffi::probono_page_crypto_use(std::ffi::c_int::from(ours)) == 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_sqlcipher_release_gets_our_provider() {
        assert!(written_for(Some(WRITTEN_FOR_SQLCIPHER)));
        for other in ["4.21.0", "4.2.0", "5.0.0", "", "4.20"] {
            assert!(!written_for(Some(other)), "{other} must fall back to the stock provider");
        }
        assert!(!written_for(None), "an unknown version falls back too");
        assert!(Installed::OtherSqlcipher.stock_reason().is_some_and(|r| r.contains(WRITTEN_FOR_SQLCIPHER)));
        assert_eq!(Installed::Ours.stock_reason(), None);
    }
}

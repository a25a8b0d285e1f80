//! The one error type of the core and its public face.
//!
//! Messages never carry client data (names, A-numbers, dates of birth, notes): they end up
//! in logs, terminals and bug reports. They may name a field, a line, a case reference or a
//! record id, which are the program's own identifiers.

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value a person typed or imported is not acceptable.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },

    /// A record of a file brought in (a JSON export) breaks a rule: which file, which record
    /// (1-based; none for a file of settings) and which field.
    #[error("{}, {field}: {message}", place(.file, .record))]
    InvalidRecord { file: String, record: Option<usize>, field: String, message: String },

    #[error("{what} was not found")]
    NotFound { what: String },

    #[error("{0}")]
    Conflict(String),

    #[error("wrong passphrase: the vault was not unlocked and nothing was changed")]
    WrongPassphrase,

    #[error("wrong recovery key: the vault was not unlocked and nothing was changed")]
    WrongRecoveryKey,

    #[error("the vault's key file is damaged or has been altered ({0}); restore it from a backup of the vault folder")]
    KeyFileDamaged(String),

    #[error("the vault database is damaged ({0}); it was not changed. Restore the last good backup into a new folder")]
    VaultDamaged(String),

    #[error(
        "this vault was written by a newer version of Pro Bono Desk (schema {found}; this program knows up to {supported}). Install the newer version to open it; nothing was changed"
    )]
    VaultTooNew { found: i64, supported: i64 },

    #[error("the backup {0}; nothing was restored")]
    BackupDamaged(String),

    #[error("no vault at {0}")]
    VaultMissing(String),

    #[error("a vault already exists at {0}; nothing was changed")]
    VaultExists(String),

    #[error("the vault is in use by another program; try again in a moment")]
    VaultBusy,

    #[error("the vault is locked")]
    Locked,

    #[error("{0}")]
    KeyringUnavailable(String),

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    /// A database failure that is not the user's doing. The text comes from SQLite and
    /// names no values (we never interpolate values into SQL).
    #[error("database error: {0}")]
    Database(String),

    #[error("cancelled: nothing was changed")]
    Cancelled,

    #[error(
        "this vault has no program key yet, so it cannot read hour submissions: make one and give it to volunteers"
    )]
    NoProgramKey,

    /// A volunteer's submission is signed by another key than the one accepted before.
    #[error(
        "this submission for {volunteer} is signed by a different key than their earlier ones; it was refused. Ask the volunteer: if they really have a new computer, reset their key and import again to confirm the new one"
    )]
    SigningKeyChanged { volunteer: String },

    /// Team mode: the server could not be reached (its address, never a password).
    #[error("the team server cannot be reached ({0})")]
    ServerUnreachable(String),

    /// Team mode: the server refused the login name or password.
    #[error("the team server refused the login: wrong login name or password")]
    ServerLogin,

    /// Team mode: the connection's security was refused (certificate, TLS, settings).
    #[error("{0}")]
    ServerSecurity(String),

    /// Team mode: the server's policies refused what was asked for this member's role.
    #[error("{0}")]
    NotAllowed(String),

    /// Team mode: the team database's schema is older or newer than this program's.
    #[error("{0}")]
    ServerSchema(String),

    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), message: message.into() }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound { what: what.into() }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io { context: context.into(), source }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid { .. } | Error::InvalidRecord { .. } => ErrorCode::Invalid,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::WrongPassphrase => ErrorCode::WrongPassphrase,
            Error::WrongRecoveryKey => ErrorCode::WrongRecoveryKey,
            Error::KeyFileDamaged(_) => ErrorCode::KeyFileDamaged,
            Error::VaultDamaged(_) => ErrorCode::VaultDamaged,
            Error::VaultTooNew { .. } => ErrorCode::VaultTooNew,
            Error::BackupDamaged(_) => ErrorCode::BackupDamaged,
            Error::VaultMissing(_) => ErrorCode::VaultMissing,
            Error::VaultExists(_) => ErrorCode::VaultExists,
            Error::VaultBusy => ErrorCode::VaultBusy,
            Error::Locked => ErrorCode::Locked,
            Error::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            Error::Io { .. } => ErrorCode::Io,
            Error::Database(_) => ErrorCode::Database,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::NoProgramKey => ErrorCode::NoProgramKey,
            Error::SigningKeyChanged { .. } => ErrorCode::SigningKeyChanged,
            Error::ServerUnreachable(_) => ErrorCode::ServerUnreachable,
            Error::ServerLogin => ErrorCode::ServerLogin,
            Error::ServerSecurity(_) => ErrorCode::ServerSecurity,
            Error::NotAllowed(_) => ErrorCode::NotAllowed,
            Error::ServerSchema(_) => ErrorCode::ServerSchema,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The field a validation error is about, for forms that put the message beside it.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } | Error::InvalidRecord { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The message without the field prefix (forms show the field themselves).
    pub fn message(&self) -> String {
        match self {
            Error::Invalid { message, .. } => message.clone(),
            Error::InvalidRecord { file, record, message, .. } => format!("{}: {message}", place(file, record)),
            other => other.to_string(),
        }
    }

    pub fn to_public(&self) -> PublicError {
        PublicError { code: self.code(), message: self.message(), field: self.field().map(str::to_owned) }
    }
}

fn place(file: &str, record: &Option<usize>) -> String {
    match record {
        Some(n) => format!("{file}, record {n}"),
        None => file.to_owned(),
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        if let rusqlite::Error::SqliteFailure(e, _) = &err {
            match e.code {
                C::DatabaseBusy | C::DatabaseLocked => return Error::VaultBusy,
                C::NotADatabase => return Error::VaultDamaged("not a readable database".into()),
                C::DatabaseCorrupt => return Error::VaultDamaged("corrupt database pages".into()),
                C::DiskFull => return Error::io("writing the vault", std::io::Error::other("the disk is full")),
                C::ReadOnly => return Error::io("writing the vault", std::io::Error::other("the vault is read-only")),
                _ => {}
            }
        }
        Error::Database(err.to_string())
    }
}

/// Stable codes that cross the IPC boundary and are mirrored in TypeScript. The UI matches on
/// these, never on message text.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Invalid,
    NotFound,
    Conflict,
    WrongPassphrase,
    WrongRecoveryKey,
    KeyFileDamaged,
    VaultDamaged,
    VaultTooNew,
    BackupDamaged,
    VaultMissing,
    VaultExists,
    VaultBusy,
    Locked,
    KeyringUnavailable,
    Io,
    Database,
    Cancelled,
    NoProgramKey,
    SigningKeyChanged,
    ServerUnreachable,
    ServerLogin,
    ServerSecurity,
    NotAllowed,
    ServerSchema,
    Internal,
}

/// `{ code, message, field? }`: what an error looks like outside the core.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub field: Option<String>,
}

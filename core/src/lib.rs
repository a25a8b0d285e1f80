//! Pro Bono Desk core: the domain (records and their validation, reports and their
//! definitions, PDFs, import formats, the vault and its keys) and the data layer (`store`,
//! the one writer of each table, behind the `records::Records` interface). No face lives here:
//! the application layer (probono-app) calls this crate for the `probono` CLI and the
//! desktop shell alike (docs/architecture.md).

pub mod audit;
pub mod backup;
pub mod conflict;
pub mod csv_out;
pub mod db;
pub mod deadlines;
pub mod demo;
pub mod error;
pub mod exchange;
pub mod filename;
pub mod fsutil;
pub mod geo;
pub mod ics;
pub mod import;
pub mod model;
pub mod pdf;
pub mod records;
pub mod reports;
#[cfg(test)]
mod schema_fixtures;
pub mod secret;
pub mod store;
pub mod submission;
pub mod task;
pub mod trace;
pub mod validate;
pub mod vault;

pub use error::{Error, ErrorCode, PublicError, Result};
pub use secret::{DataKey, Passphrase, RecoveryKey};
pub use store::Store;
pub use vault::{KdfParams, Keyring, Unlock, Vault};

//! Pro Bono Desk core: the encrypted vault, the records of a pro bono program, validation,
//! and (in later modules) import and reports. No GUI code lives here: the `probono` CLI and
//! the desktop shell are thin layers over this crate.

pub mod backup;
pub mod db;
pub mod demo;
pub mod error;
pub mod exchange;
pub mod fsutil;
pub mod geo;
pub mod import;
pub mod model;
pub mod pdf;
pub mod reports;
pub mod secret;
pub mod store;
pub mod submission;
pub mod validate;
pub mod vault;

pub use error::{Error, ErrorCode, PublicError, Result};
pub use secret::{DataKey, Passphrase, RecoveryKey};
pub use store::Store;
pub use vault::{KdfParams, Keyring, Unlock, Vault};

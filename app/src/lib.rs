//! Pro Bono Desk's application layer: one function per use case, called by both faces (the
//! `probono` command line and the desktop shell), so the two cannot drift apart.
//!
//! A face parses what a person typed or clicked, calls a function here and shows the result;
//! this crate decides where the vault is, which secret opens it, what a report export writes
//! and audits, how long work reports progress and is cancelled. Records are read and written
//! through the data layer's `Records` interface (probono-core). See docs/architecture.md.

pub mod calendar;
pub mod conflicts;
pub mod deadlines;
pub mod desk;
pub mod hours;
pub mod location;
pub mod outbox;
pub mod process;
pub mod reports;
pub mod safety;
pub mod secret;
pub mod session;
pub mod statements;
pub mod team;

pub use location::Locations;
pub use secret::{Secret, keyring_from_env};
pub use session::Session;

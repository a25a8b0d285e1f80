//! The Tauri commands: thin wrappers that convert, call `probono-core`, and return. The list
//! in `names.in` feeds build.rs (one permission per command) and is checked against the
//! handler list and the capability file by tests.

pub mod import;
pub mod records;
pub mod reports;
pub mod safety;
pub mod settings;
pub mod vault;

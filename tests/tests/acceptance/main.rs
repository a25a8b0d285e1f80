//! Acceptance tests: the real `probono` binary against temporary vaults.
//!
//! One test binary for the workspace (fast to link); modules by concern.

mod confidentiality;
mod conflicts;
mod data;
mod deadlines;
mod file_names;
mod keyring;
mod keys;
mod records;
mod reliability;
mod reports;
mod statements;
mod support;
mod vault;

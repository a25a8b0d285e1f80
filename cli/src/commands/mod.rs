//! One module per group of subcommands. Each command unlocks the vault, calls the core, and
//! prints; none holds logic of its own.

pub mod backup;
pub mod conflict;
pub mod deadlines;
pub mod import;
pub mod matters;
pub mod people;
pub mod report;
pub mod submission;
pub mod team;
pub mod time;
pub mod vault;

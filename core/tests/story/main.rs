//! Stories through the core API (no CLI), one module per concern; one test binary.

mod audit;
mod backup;
mod conflict;
mod deadlines;
mod import;
mod import_cases;
mod outside_input;
mod report_cases;
mod reports;
mod rotation;
mod submission;
mod upgrade;
mod vault;

use probono_core::vault::{Created, KdfParams};
use probono_core::{Passphrase, Vault};

/// Cheap Argon2 for tests that are not about Argon2 (the CLI tests use the real cost).
pub const FAST: KdfParams = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };

pub fn pass() -> Passphrase {
    Passphrase::new("correct horse battery staple")
}

pub fn new_vault() -> (tempfile::TempDir, Created) {
    let dir = tempfile::tempdir().expect("tempdir");
    let created = Vault::create(&dir.path().join("vault"), &pass(), FAST).expect("create");
    (dir, created)
}

//! Vaults made by earlier schema versions, with records in them (core/tests/fixtures, made
//! once per version by core/src/schema_fixtures.rs and kept), open with this program, are
//! upgraded in place, and keep every record: each field of each record is compared with what
//! the fixture was written with.

use std::path::Path;

use probono_core::db::SCHEMA_VERSION;
use probono_core::exchange::ExportFormat;
use probono_core::task::TaskContext;
use probono_core::{Passphrase, Unlock, Vault};
use serde_json::Value;

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The exported row that `wanted` describes: the same id, or for rows without one the same
/// values of the fields `wanted` names.
fn find<'a>(rows: &'a [Value], wanted: &Value) -> Option<&'a Value> {
    let fields = wanted.as_object().expect("an object");
    match fields.get("id") {
        Some(id) => rows.iter().find(|r| r["id"] == *id),
        None => rows.iter().find(|r| fields.iter().all(|(k, v)| r[k] == *v)),
    }
}

#[test]
fn fixture_vaults_of_every_earlier_schema_upgrade_with_their_records_intact() {
    let root =
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR when it runs tests"))
            .join("tests/fixtures");
    let mut upgraded = 0;
    for version in 1..SCHEMA_VERSION {
        let fixture = root.join(format!("schema-v{version}"));
        assert!(
            fixture.is_dir(),
            "no fixture vault for schema {version}: make it before leaving the version behind \
             (cargo test -p probono-core --lib -- --ignored make_schema_fixtures) and commit it"
        );
        let expected = read_json(&fixture.join("expected.json"));
        assert_eq!(expected["schema_version"], version);
        let work = tempfile::tempdir().expect("tmp");
        let vault_dir = work.path().join("vault");
        std::fs::create_dir(&vault_dir).expect("mkdir");
        for file in ["vault.db", "vault.key"] {
            std::fs::copy(fixture.join(file), vault_dir.join(file)).expect("copy the fixture");
        }

        let passphrase = Passphrase::new(expected["passphrase"].as_str().expect("passphrase"));
        let mut store =
            Vault::open(&vault_dir).expect("open").unlock(Unlock::Passphrase(&passphrase)).expect("upgrade");
        assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION, "schema {version} was upgraded");
        assert!(store.check().expect("check").ok(), "schema {version}: the upgraded vault passes its checks");

        let out = work.path().join("export");
        store.export_records(&out, ExportFormat::Json, &TaskContext::silent()).expect("export");
        let mut compared = 0;
        for (table, rows) in expected.as_object().expect("object") {
            if matches!(table.as_str(), "schema_version" | "passphrase" | "settings") {
                continue;
            }
            let exported = read_json(&out.join(format!("{table}.json")));
            let exported = exported.as_array().expect("an array");
            for wanted in rows.as_array().expect("rows") {
                let found = find(exported, wanted)
                    .unwrap_or_else(|| panic!("schema {version}: {table} lost a record: {wanted}"));
                for (field, value) in wanted.as_object().expect("object") {
                    assert_eq!(&found[field], value, "schema {version}: {table}.{field} changed in the upgrade");
                    compared += 1;
                }
            }
            if table != "audit_events" {
                assert_eq!(
                    exported.len(),
                    rows.as_array().map_or(0, Vec::len),
                    "schema {version}: {table} gained rows"
                );
            }
        }
        if let Some(settings) = expected.get("settings").and_then(Value::as_object) {
            let exported = read_json(&out.join("settings.json"));
            for (key, value) in settings {
                assert_eq!(&exported[key], value, "schema {version}: setting {key}");
            }
        }
        assert!(compared > 80, "schema {version}: every field was compared ({compared})");
        upgraded += 1;
    }
    assert_eq!(upgraded, SCHEMA_VERSION - 1, "a fixture for every earlier schema version");
}

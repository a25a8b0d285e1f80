//! Makes the checked-in fixture vaults of earlier schema versions (core/tests/fixtures/), which
//! the story test `upgrade` opens with the current code and compares record by record.
//!
//! Run before a new migration is added, so the version being left behind has its fixture:
//! `cargo test --workspace --lib -- --ignored make_schema_fixtures`. It never overwrites a
//! fixture: once made, a fixture is what that version wrote, and stays.
//!
//! Each fixture is a vault folder (vault.db, vault.key) whose database was migrated only up
//! to version N and filled through the tables' writers, with the key file of that era (the
//! page HMAC was recorded in key files from schema 3 on), and `expected.json`: the records
//! it holds, written from the same literal data as the export format names them, not read
//! back from the database.

use std::path::Path;

use rusqlite::Transaction;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::db::{self, Access, Cipher, Keyed};
use crate::error::Result;
use crate::model::{CaseType, HearingKind, PartyRole, ReleaseOutcome, ReliefOutcome, Role};
use crate::secret::{DataKey, Passphrase, RecoveryKey};
use crate::store::{Stamp, calendar, clients, matters, settings, time, volunteers};
use crate::vault::{DB_FILE, KEY_FILE, KdfParams, KeyFile};

/// The passphrase of every fixture vault (they hold fictional people only).
pub const FIXTURE_PASSPHRASE: &str = "fixture vault passphrase";

fn stamp(id: Uuid, at: &str) -> Stamp {
    Stamp { id, created_at: at.to_owned(), updated_at: at.to_owned() }
}

/// Writes the fixture of schema `version` into `dir` (which must not exist).
fn make(dir: &Path, version: i64) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| crate::Error::io("fixture folder", e))?;
    let key = DataKey::generate()?;
    let recovery = RecoveryKey::generate()?;
    let cheap = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
    let key_file = KeyFile::new(Uuid::now_v7(), &key, &Passphrase::new(FIXTURE_PASSPHRASE), &recovery, cheap)?;
    // Key files recorded the page HMAC from schema 3 on; before, SQLCipher's default.
    let (key_file, cipher) = if version < 3 {
        (key_file.without_recorded_cipher(), Cipher::HmacSha512)
    } else {
        (key_file, Cipher::HmacSha256)
    };
    let mut conn = db::open(&dir.join(DB_FILE), Some(Keyed { key: &key, cipher }), Access::ReadWrite, true)?;
    db::migrate_to(&mut conn, version)?;
    let tx = conn.transaction()?;
    let expected = fill(&tx, version)?;
    tx.commit()?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    drop(conn);
    key_file.write(&dir.join(KEY_FILE))?;
    let text = serde_json::to_string_pretty(&expected).map_err(|e| crate::Error::Internal(e.to_string()))?;
    std::fs::write(dir.join("expected.json"), text + "\n").map_err(|e| crate::Error::io("expected.json", e))?;
    for stale in ["vault.db-wal", "vault.db-shm"] {
        let _ = std::fs::remove_file(dir.join(stale));
    }
    Ok(())
}

/// The records of every fixture, written and described from the same literals.
fn fill(tx: &Transaction<'_>, version: i64) -> Result<Value> {
    let at = "2025-03-01T10:00:00Z";
    let ids: Vec<Uuid> = (0..12).map(|_| Uuid::now_v7()).collect();

    let maria = clients::ValidClient {
        name: "María José Hernández López".into(),
        other_names: vec!["Maria Hernandez".into()],
        a_number: Some("123456789".into()),
        date_of_birth: Some("1990-05-04".into()),
        country: Some("SV".into()),
        languages: vec!["Spanish".into()],
        interpreter_needed: true,
        contact: Some("Through her sister".into()),
        entry_date: Some("2024-11-20".into()),
        notes: None,
    };
    let alexei = clients::ValidClient {
        name: "Алексей Смирнов".into(),
        other_names: vec![],
        a_number: None,
        date_of_birth: None,
        country: Some("RU".into()),
        languages: vec!["Russian".into(), "English".into()],
        interpreter_needed: false,
        contact: None,
        entry_date: None,
        notes: Some("Prefers e-mail".into()),
    };
    let (maria_seq, _) = clients::insert(tx, &maria, &stamp(ids[0], at))?;
    let (alexei_seq, _) = clients::insert(tx, &alexei, &stamp(ids[1], at))?;

    let asylum = matters::ValidMatter {
        case_ref: Some("PB-2025-0001".into()),
        case_type: CaseType::Asylum,
        detained: false,
        facility: None,
        state_of_residence: Some("CA".into()),
        court: Some("San Francisco Immigration Court".into()),
        opened: "2025-02-03".into(),
        closed: None,
        relief_outcome: ReliefOutcome::Pending,
        decided_on: None,
        release_requested: false,
        release_outcome: None,
    };
    let bond = matters::ValidMatter {
        case_ref: Some("PB-2025-0002".into()),
        case_type: CaseType::Bond,
        detained: true,
        facility: Some("Otay Mesa Detention Center".into()),
        state_of_residence: None,
        court: None,
        opened: "2025-04-10".into(),
        closed: Some("2025-06-30".into()),
        relief_outcome: ReliefOutcome::Pending,
        decided_on: None,
        release_requested: true,
        release_outcome: Some(ReleaseOutcome::Granted),
    };
    let (asylum_seq, ..) = matters::insert(tx, maria_seq, &asylum, &stamp(ids[2], at))?;
    let (bond_seq, ..) = matters::insert(tx, alexei_seq, &bond, &stamp(ids[3], at))?;

    let priya = volunteers::ValidVolunteer {
        name: "Priya Sharma".into(),
        email: Some("psharma@example.org".into()),
        organization: Some("Hale Street LLP".into()),
        role: Role::Attorney,
        languages: vec!["Hindi".into()],
        bar_number: Some("NY 123456".into()),
        law_school_start: None,
        bar_admissions: vec!["New York, 2015".into()],
    };
    let (priya_seq, _) = volunteers::insert(tx, &priya, &stamp(ids[4], at))?;

    let mut writer = time::TimeWriter::new(tx);
    let entries = [
        (ids[5], asylum_seq, "2025-03-01", 90u32, "Drafted the I-589 declaration"),
        (ids[6], asylum_seq, "2025-03-05", 30, "Call with the client"),
        (ids[7], bond_seq, "2025-06-01", 120, "Bond hearing"),
    ];
    for (id, matter_seq, date, minutes, activity) in entries {
        let entry = time::NewEntry { volunteer_seq: priya_seq, matter_seq, date, minutes, activity };
        writer.insert_stamped(id, &entry, at)?;
    }
    let hearing = calendar::ValidHearing {
        at: "2026-01-15T09:00".into(),
        kind: HearingKind::Individual,
        place: Some("San Francisco Immigration Court".into()),
        description: None,
        time_zone: None,
        rule: None,
        counted_from: None,
    };
    let _ = calendar::insert_hearing(tx, asylum_seq, &hearing, &stamp(ids[8], at))?;
    let note =
        calendar::ValidNote { author: Some("Supervising attorney".into()), body: "Evidence checklist shared.".into() };
    calendar::insert_note(tx, asylum_seq, &note, &stamp(ids[9], at))?;
    let party = matters::ValidParty {
        role: PartyRole::AdverseParty,
        name: "DHS, ICE Office of the Principal Legal Advisor".into(),
        relationship: Some("Government counsel".into()),
    };
    matters::insert_party(tx, bond_seq, &party, &stamp(ids[10], at))?;
    crate::store::audit_at(tx, at, "create", "client", Some(ids[0]), "")?;
    if version >= 2 {
        settings::put(tx, "program_name", "\"Fixture Clinic\"")?;
        settings::put(tx, "paper", "\"a4\"")?;
    }

    let mut expected = json!({
        "schema_version": version,
        "passphrase": FIXTURE_PASSPHRASE,
        "clients": [
            {"id": ids[0].to_string(), "name": maria.name, "other_names": maria.other_names, "a_number": "123456789",
             "date_of_birth": "1990-05-04", "country": "SV", "languages": ["Spanish"], "interpreter_needed": true,
             "contact": "Through her sister", "entry_date": "2024-11-20", "notes": null, "created_at": at, "updated_at": at},
            {"id": ids[1].to_string(), "name": alexei.name, "other_names": [], "a_number": null, "date_of_birth": null,
             "country": "RU", "languages": ["Russian", "English"], "interpreter_needed": false, "contact": null,
             "entry_date": null, "notes": "Prefers e-mail", "created_at": at, "updated_at": at}
        ],
        "matters": [
            {"id": ids[2].to_string(), "case_ref": "PB-2025-0001", "client_id": ids[0].to_string(), "case_type": "asylum",
             "detained": false, "detention_facility": null, "state_of_residence": "CA",
             "court": "San Francisco Immigration Court", "opened": "2025-02-03", "closed": null,
             "relief_outcome": "pending", "release_requested": false, "release_outcome": null},
            {"id": ids[3].to_string(), "case_ref": "PB-2025-0002", "client_id": ids[1].to_string(), "case_type": "bond",
             "detained": true, "detention_facility": "Otay Mesa Detention Center", "state_of_residence": null,
             "court": null, "opened": "2025-04-10", "closed": "2025-06-30", "relief_outcome": "pending",
             "release_requested": true, "release_outcome": "granted"}
        ],
        "volunteers": [
            {"id": ids[4].to_string(), "name": "Priya Sharma", "email": "psharma@example.org", "role": "attorney",
             "languages": ["Hindi"], "bar_number": "NY 123456"}
        ],
        "organizations": [{"name": "Hale Street LLP"}],
        "time_entries": [
            {"id": ids[5].to_string(), "volunteer_id": ids[4].to_string(), "matter_id": ids[2].to_string(),
             "date": "2025-03-01", "minutes": 90, "activity": "Drafted the I-589 declaration", "updated_at": at},
            {"id": ids[6].to_string(), "volunteer_id": ids[4].to_string(), "matter_id": ids[2].to_string(),
             "date": "2025-03-05", "minutes": 30, "activity": "Call with the client", "updated_at": at},
            {"id": ids[7].to_string(), "volunteer_id": ids[4].to_string(), "matter_id": ids[3].to_string(),
             "date": "2025-06-01", "minutes": 120, "activity": "Bond hearing", "updated_at": at}
        ],
        "assignments": [
            {"volunteer_id": ids[4].to_string(), "matter_id": ids[2].to_string(), "since": "2025-03-01"},
            {"volunteer_id": ids[4].to_string(), "matter_id": ids[3].to_string(), "since": "2025-06-01"}
        ],
        "hearings": [
            {"id": ids[8].to_string(), "matter_id": ids[2].to_string(), "at": "2026-01-15T09:00", "kind": "individual",
             "place": "San Francisco Immigration Court", "description": null, "created_at": at}
        ],
        "notes": [
            {"id": ids[9].to_string(), "matter_id": ids[2].to_string(), "author": "Supervising attorney",
             "body": "Evidence checklist shared.", "created_at": at}
        ],
        "parties": [
            {"id": ids[10].to_string(), "matter_id": ids[3].to_string(), "kind": "adverse", "role": "adverse_party",
             "name": "DHS, ICE Office of the Principal Legal Advisor", "relationship": "Government counsel",
             "created_at": at}
        ],
        "audit_events": [
            {"at": at, "action": "create", "entity": "client", "entity_id": ids[0].to_string(), "detail": ""}
        ]
    });
    if version >= 2 {
        expected["settings"] = json!({"program_name": "Fixture Clinic", "paper": "a4"});
    }
    Ok(expected)
}

/// Not run by `cargo test`: makes the fixture of every schema version up to this program's
/// that has none yet (see the module docs); run it before adding a migration, so the version
/// being left has its fixture.
#[test]
#[ignore]
fn make_schema_fixtures() {
    let root =
        Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR when it runs tests"))
            .join("tests/fixtures");
    for version in 1..=db::SCHEMA_VERSION {
        let dir = root.join(format!("schema-v{version}"));
        if dir.exists() {
            continue;
        }
        make(&dir, version).expect("fixture");
        println!("made {}", dir.display());
    }
}

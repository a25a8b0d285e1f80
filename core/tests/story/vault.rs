//! A vault's life: create, unlock every way, remember on this computer, change passphrase,
//! and records staying whole on bad input.

use probono_core::model::{ClientDraft, MatterDraft, TimeEntryDraft, VolunteerDraft};
use probono_core::vault::KdfParams;
use probono_core::{Error, Keyring, Passphrase, RecoveryKey, Unlock, Vault};

use crate::{new_vault, pass};

#[test]
fn a_vault_unlocks_with_its_passphrase_its_recovery_key_or_a_remembered_key() {
    let (dir, created) = new_vault();
    let vault_dir = dir.path().join("vault");
    let mut store = created.store;
    store.create_client(&ClientDraft { name: "Ana Pérez".into(), ..Default::default() }).expect("client");
    let keyring = Keyring::in_memory().expect("mock keyring");
    store.remember(&keyring).expect("remember");
    store.lock();

    let by_pass = Vault::open(&vault_dir).expect("open").unlock(Unlock::Passphrase(&pass())).expect("passphrase");
    assert_eq!(by_pass.list_clients(None).expect("list").len(), 1);
    drop(by_pass);

    let rk = RecoveryKey::parse(created.recovery_key.display().as_str()).expect("parse");
    let by_rk = Vault::open(&vault_dir).expect("open").unlock(Unlock::RecoveryKey(&rk)).expect("recovery key");
    drop(by_rk);

    let by_keyring = Vault::open(&vault_dir).expect("open").unlock_with_keyring(&keyring).expect("keyring");
    let mut by_keyring = by_keyring.expect("a remembered key unlocks without the passphrase");
    by_keyring.forget(&keyring).expect("forget");
    drop(by_keyring);
    let after_forget = Vault::open(&vault_dir).expect("open").unlock_with_keyring(&keyring).expect("keyring");
    assert!(after_forget.is_none(), "after forget the passphrase is needed again");
}

#[test]
fn a_key_remembered_for_another_vault_does_not_unlock_this_one() {
    let (dir_a, a) = new_vault();
    let (_dir_b, mut b) = new_vault();
    let keyring = Keyring::in_memory().expect("mock keyring");
    // Plant vault B's key under vault A's id, as a confused or hostile keyring entry would.
    keyring.remember(a.store.vault().id(), b.store.data_key()).expect("plant");
    b.store.remember(&keyring).expect("remember b");
    drop(a);
    let result =
        Vault::open(&dir_a.path().join("vault")).expect("open").unlock_with_keyring(&keyring).expect("no error");
    assert!(result.is_none(), "a key that fails the key file's check is ignored");
}

#[test]
fn an_unavailable_keyring_is_reported_not_silently_skipped() {
    let (_dir, mut created) = new_vault();
    let keyring = Keyring::unavailable("no desktop session (D-Bus) is running");
    let err = created.store.remember(&keyring).expect_err("cannot remember");
    assert!(matches!(err, Error::KeyringUnavailable(_)));
    assert!(err.to_string().contains("unlock with the passphrase instead"), "{err}");
}

#[test]
fn changing_the_passphrase_rewraps_the_key_without_touching_the_database() {
    let (dir, created) = new_vault();
    let vault_dir = dir.path().join("vault");
    let mut store = created.store;
    store.create_client(&ClientDraft { name: "Ana Pérez".into(), ..Default::default() }).expect("client");
    drop(store);
    let db_before = std::fs::read(vault_dir.join("vault.db")).expect("db");

    let mut store = Vault::open(&vault_dir).expect("open").unlock(Unlock::Passphrase(&pass())).expect("unlock");
    let key_before = *store.data_key().expose();
    store.change_passphrase(&Passphrase::new("the new passphrase")).expect("change");
    assert_eq!(*store.data_key().expose(), key_before, "same data key: the database is not re-encrypted");
    assert_eq!(
        store.vault().key_file().passphrase_kdf(),
        Some(KdfParams::DEFAULT),
        "a vault made with a cheaper key derivation gets at least today's default on a passphrase change"
    );
    drop(store);
    let db_after = std::fs::read(vault_dir.join("vault.db")).expect("db");
    // Pages other than those the audit log touched are byte-identical: compare the first page
    // (its salt and encrypted header), which a re-encryption would change.
    assert_eq!(db_before[..4096], db_after[..4096]);

    assert!(matches!(
        Vault::open(&vault_dir).expect("open").unlock(Unlock::Passphrase(&pass())),
        Err(Error::WrongPassphrase)
    ));
    Vault::open(&vault_dir)
        .expect("open")
        .unlock(Unlock::Passphrase(&Passphrase::new("the new passphrase")))
        .expect("new passphrase");
}

#[test]
fn a_failed_validation_leaves_nothing_half_written() {
    let (_dir, created) = new_vault();
    let mut store = created.store;
    let bad = MatterDraft {
        client: "Nobody".into(),
        case_type: "asylum".into(),
        opened: "2026-01-01".into(),
        detention_facility: Some("Stewart".into()),
        detained: true,
        ..Default::default()
    };
    let err = store.create_matter(&bad).expect_err("unknown client");
    assert_eq!(err.field(), Some("client"));
    let facilities: i64 = store.conn().query_row("SELECT count(*) FROM facility", [], |r| r.get(0)).expect("count");
    assert_eq!(facilities, 0, "the facility interned before the failure was rolled back");
}

#[test]
fn logging_time_assigns_the_volunteer_and_sums_in_minutes() {
    let (_dir, created) = new_vault();
    let mut store = created.store;
    store.create_client(&ClientDraft { name: "Ana Pérez".into(), ..Default::default() }).expect("client");
    store
        .create_matter(&MatterDraft {
            client: "ana pérez".into(),
            case_type: "asylum".into(),
            opened: "2026-01-01".into(),
            case_ref: Some("M-1".into()),
            ..Default::default()
        })
        .expect("matter");
    store
        .create_volunteer(&VolunteerDraft {
            name: "Priya Sharma".into(),
            role: "attorney".into(),
            ..Default::default()
        })
        .expect("volunteer");
    for hours in ["1.5", "0.1", "2"] {
        store
            .log_time(&TimeEntryDraft {
                volunteer: "Priya Sharma".into(),
                matter: "M-1".into(),
                date: "2026-01-02".into(),
                hours: hours.into(),
                activity: None,
            })
            .expect("log");
    }
    let detail = store.matter_detail("M-1").expect("detail");
    assert_eq!(detail.total_minutes, 90 + 6 + 120);
    assert_eq!(detail.volunteers.len(), 1, "logging time put the volunteer on the matter");
    assert_eq!(detail.volunteers[0].minutes, 216);
}

#[test]
fn records_get_time_ordered_uuid_v7_ids() {
    let (_dir, created) = new_vault();
    let mut store = created.store;
    let a = store.create_client(&ClientDraft { name: "A".into(), ..Default::default() }).expect("a");
    let b = store.create_client(&ClientDraft { name: "B".into(), ..Default::default() }).expect("b");
    assert_eq!(a.id.get_version_num(), 7);
    assert!(a.id < b.id, "v7 ids sort by creation time");
}

//! Key rotation: `Store::rekey` replaces the data key and the recovery key, and a rotation
//! interrupted at any step leaves a vault that opens with the old secrets or the new ones.

use probono_core::db::{self, Access, Keyed};
use probono_core::model::ClientDraft;
use probono_core::task::TaskContext;
use probono_core::vault::{NEXT_KEY_FILE, Rotation};
use probono_core::{DataKey, Error, Passphrase, RecoveryKey, Unlock, Vault};

use crate::{FAST, new_vault, pass};

fn open(dir: &std::path::Path, unlock: Unlock<'_>) -> probono_core::Result<probono_core::Store> {
    Vault::open(dir)?.unlock(unlock)
}

fn clients(store: &probono_core::Store) -> Vec<String> {
    store.list_clients(None).expect("list").into_iter().map(|c| c.name).collect()
}

fn opens_with(db_path: &std::path::Path, key: &DataKey) -> bool {
    let vault_dir = db_path.parent().expect("dir");
    let cipher = Vault::open(vault_dir).expect("open").key_file().cipher();
    db::open(db_path, Some(Keyed { key, cipher }), Access::ReadOnly, false).is_ok()
}

#[test]
fn a_rotation_replaces_the_key_and_the_recovery_key_and_keeps_the_passphrase_and_the_records() {
    let (dir, created) = new_vault();
    let vault_dir = dir.path().join("vault");
    let old_recovery = RecoveryKey::parse(created.recovery_key.display().as_str()).expect("parse");
    let mut store = created.store;
    store.create_client(&ClientDraft { name: "Алексей Смирнов".into(), ..Default::default() }).expect("client");
    let backup = dir.path().join("before.pbbackup");
    store.backup(&backup, &TaskContext::silent()).expect("backup");
    let old_key = store.data_key().clone();

    let wrong = store.rekey(&Passphrase::new("not the passphrase at all"));
    assert!(matches!(wrong, Err(Error::WrongPassphrase)), "{wrong:?}");
    assert_eq!(store.data_key().expose(), old_key.expose(), "a refused rotation changes nothing");

    let new_recovery = store.rekey(&pass()).expect("rekey");
    assert_ne!(store.data_key().expose(), old_key.expose(), "a new data key");
    assert_eq!(clients(&store), ["Алексей Смирнов"], "the records are there under the new key");
    drop(store);

    assert!(!vault_dir.join(NEXT_KEY_FILE).exists(), "nothing pending once done");
    assert!(!opens_with(&vault_dir.join("vault.db"), &old_key), "the old key no longer reads the database");
    let by_new = open(&vault_dir, Unlock::RecoveryKey(&new_recovery)).expect("the new recovery key opens it");
    assert_eq!(clients(&by_new), ["Алексей Смирнов"]);
    drop(by_new);
    let old = open(&vault_dir, Unlock::RecoveryKey(&old_recovery));
    assert!(matches!(old, Err(Error::WrongRecoveryKey)), "the old recovery key is revoked: {old:?}");
    let by_pass = open(&vault_dir, Unlock::Passphrase(&pass())).expect("the passphrase still opens it");
    let audit = by_pass.audit_events(10).expect("audit");
    assert!(audit.iter().any(|e| e.detail.contains("key rotation")), "the rotation is audited");
    drop(by_pass);

    // A backup made before still opens with the old secrets (what the CLI and app warn of).
    let restored = dir.path().join("restored");
    probono_core::backup::restore(&backup, &restored, Unlock::RecoveryKey(&old_recovery), &TaskContext::silent())
        .expect("an old backup opens with the old recovery key");
}

/// The state a rotation leaves when it stops after writing `vault.key.next` (step 1), and,
/// when `reencrypted`, after re-encrypting the database too (step 2).
fn interrupted(reencrypted: bool) -> (tempfile::TempDir, std::path::PathBuf, RecoveryKey, RecoveryKey, DataKey) {
    let (dir, created) = new_vault();
    let vault_dir = dir.path().join("vault");
    let old_recovery = RecoveryKey::parse(created.recovery_key.display().as_str()).expect("parse");
    let mut store = created.store;
    store.create_client(&ClientDraft { name: "Nguyễn Thị Lan".into(), ..Default::default() }).expect("client");
    let old_key = store.data_key().clone();
    let new_key = DataKey::generate().expect("random");
    let new_recovery = RecoveryKey::generate().expect("random");
    let next = store.vault().key_file().rotated(&old_key, &new_key, &pass(), &new_recovery, FAST).expect("rotated");
    next.write(&vault_dir.join(NEXT_KEY_FILE)).expect("write next");
    let cipher = store.vault().key_file().cipher();
    drop(store);
    if reencrypted {
        let conn =
            db::open(&vault_dir.join("vault.db"), Some(Keyed { key: &old_key, cipher }), Access::ReadWrite, false)
                .expect("open");
        let hex: String = new_key.expose().iter().map(|b| format!("{b:02x}")).collect();
        conn.execute_batch(&format!("PRAGMA rekey = \"x'{hex}'\";")).expect("rekey");
        drop(conn);
    }
    (dir, vault_dir, old_recovery, new_recovery, new_key)
}

#[test]
fn a_rotation_stopped_before_the_database_was_reencrypted_is_undone_on_unlock() {
    let (_dir, vault_dir, old_recovery, new_recovery, _) = interrupted(false);
    let store = open(&vault_dir, Unlock::RecoveryKey(&old_recovery)).expect("the old recovery key opens it");
    assert_eq!(store.rotation_on_unlock(), Rotation::RolledBack);
    assert_eq!(clients(&store), ["Nguyễn Thị Lan"]);
    drop(store);
    assert!(!vault_dir.join(NEXT_KEY_FILE).exists(), "the leftover key file is removed");
    assert!(open(&vault_dir, Unlock::RecoveryKey(&new_recovery)).is_err(), "the never-used new key does not");
    open(&vault_dir, Unlock::Passphrase(&pass())).expect("the passphrase opens it");
}

#[test]
fn a_rotation_stopped_after_the_database_was_reencrypted_is_completed_on_unlock() {
    // Every old secret still opens the vault while the rotation is pending…
    let (_dir, vault_dir, old_recovery, new_recovery, new_key) = interrupted(true);
    let store = open(&vault_dir, Unlock::RecoveryKey(&old_recovery)).expect("the old recovery key opens it");
    assert_eq!(store.rotation_on_unlock(), Rotation::Completed, "and the unlock completes the rotation");
    assert_eq!(store.data_key().expose(), new_key.expose());
    assert_eq!(clients(&store), ["Nguyễn Thị Lan"]);
    assert!(store.audit_events(5).expect("audit").iter().any(|e| e.detail.contains("key rotation")), "audited");
    drop(store);
    assert!(!vault_dir.join(NEXT_KEY_FILE).exists());
    // …after which the new secrets are the vault's, and the old recovery key is revoked.
    open(&vault_dir, Unlock::RecoveryKey(&new_recovery)).expect("the new recovery key");
    assert!(matches!(open(&vault_dir, Unlock::RecoveryKey(&old_recovery)), Err(Error::WrongRecoveryKey)));
    let store = open(&vault_dir, Unlock::Passphrase(&pass())).expect("the passphrase");
    assert_eq!(store.rotation_on_unlock(), Rotation::None);

    // The same state reached with the passphrase, or with a remembered old key, completes too.
    for how in ["passphrase", "remembered key"] {
        let (_dir, vault_dir, _, _, new_key) = interrupted(true);
        let store = if how == "passphrase" {
            open(&vault_dir, Unlock::Passphrase(&pass())).expect(how)
        } else {
            let keyring = probono_core::Keyring::in_memory().expect("keyring");
            let vault = Vault::open(&vault_dir).expect("open");
            keyring.remember(vault.id(), &old_data_key(&vault_dir)).expect("remember the old key");
            vault.unlock_with_keyring(&keyring).expect("unlock").expect("the remembered old key opens it")
        };
        assert_eq!(store.rotation_on_unlock(), Rotation::Completed, "{how}");
        assert_eq!(store.data_key().expose(), new_key.expose(), "{how}");
        assert_eq!(clients(&store), ["Nguyễn Thị Lan"], "{how}");
    }
}

#[test]
fn a_read_only_unlock_reads_an_interrupted_rotation_without_settling_it() {
    let (_dir, vault_dir, _, _, new_key) = interrupted(true);
    let store = Vault::open(&vault_dir).expect("open").unlock_read_only(Unlock::Passphrase(&pass())).expect("read");
    assert_eq!(store.data_key().expose(), new_key.expose(), "it finds the key the database is encrypted with");
    assert_eq!(clients(&store), ["Nguyễn Thị Lan"]);
    drop(store);
    assert!(vault_dir.join(NEXT_KEY_FILE).exists(), "and leaves the files as they were");
}

/// The old data key of an interrupted rotation, from the old key file and the passphrase.
fn old_data_key(vault_dir: &std::path::Path) -> DataKey {
    Vault::open(vault_dir).expect("open").key_file().unwrap_with_passphrase(&pass()).expect("old key")
}

#[test]
fn a_rotation_file_from_another_vault_or_damaged_is_ignored() {
    let (_dir, vault_dir, _, _, _) = interrupted(false);
    std::fs::write(vault_dir.join(NEXT_KEY_FILE), b"{ not a key file").expect("damage");
    let store = open(&vault_dir, Unlock::Passphrase(&pass())).expect("opens with its own key file");
    assert_eq!(store.rotation_on_unlock(), Rotation::None);
}

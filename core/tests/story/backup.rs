//! Backups into a rotating folder shared by several vaults (one drive for a whole office):
//! each vault rotates only its own backups, and a killed backup's temporary copy does not
//! stay forever.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use probono_core::Store;
use probono_core::task::TaskContext;

use crate::new_vault;

fn id(store: &Store) -> String {
    store.vault().key_file().vault_id().to_owned()
}

fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A file last modified `ago`.
fn file_aged(path: &Path, bytes: &[u8], ago: Duration) {
    std::fs::write(path, bytes).expect("write");
    let file = std::fs::File::options().write(true).open(path).expect("open");
    file.set_modified(SystemTime::now() - ago).expect("set mtime");
}

#[test]
fn a_rotating_folder_keeps_each_vaults_newest_and_never_touches_another_vaults() {
    let folder = tempfile::tempdir().expect("folder");
    let f = folder.path();
    let silent = TaskContext::silent();
    let (_a, a) = new_vault();
    let mut a = a.store;
    let (_b, b) = new_vault();
    let mut b = b.store;
    let (id_a, id_b) = (id(&a), id(&b));
    assert_ne!(id_a, id_b);

    let first_a = PathBuf::from(a.backup_to_folder(f, 2, &silent).expect("backup A").path);
    let first_b = PathBuf::from(b.backup_to_folder(f, 2, &silent).expect("backup B").path);
    let name_a = first_a.file_name().expect("name").to_string_lossy().into_owned();
    assert!(name_a.starts_with(&format!("pro-bono-desk-{id_a}-")) && name_a.ends_with(".pbbackup"), "{name_a}");

    // Earlier backups of both vaults, some named the way earlier versions named them (no
    // vault id: only the header says whose they are).
    let at = |name: &str| f.join(name);
    std::fs::rename(&first_a, at(&format!("pro-bono-desk-{id_a}-20200105-000000.pbbackup"))).expect("rename");
    let a_bytes = std::fs::read(at(&format!("pro-bono-desk-{id_a}-20200105-000000.pbbackup"))).expect("read");
    let b_bytes = std::fs::read(&first_b).expect("read");
    std::fs::write(at(&format!("pro-bono-desk-{id_a}-20200101-000000.pbbackup")), &a_bytes).expect("copy");
    std::fs::write(at("pro-bono-desk-20200102-000000.pbbackup"), &a_bytes).expect("copy");
    std::fs::write(at(&format!("pro-bono-desk-{id_b}-20200101-000000.pbbackup")), &b_bytes).expect("copy");
    std::fs::write(at("pro-bono-desk-20200103-000000.pbbackup"), &b_bytes).expect("copy");
    std::fs::write(at("pro-bono-desk-20200104-000000.pbbackup"), b"not a backup at all").expect("junk");
    std::fs::write(at("notes.txt"), b"the office's own file").expect("other");
    let before = names(f);

    let newest = a.backup_to_folder(f, 2, &silent).expect("backup A again");
    let after = names(f);
    let removed: Vec<&String> = before.iter().filter(|n| !after.contains(n)).collect();
    assert_eq!(
        removed,
        vec![
            &format!("pro-bono-desk-{id_a}-20200101-000000.pbbackup"),
            &"pro-bono-desk-20200102-000000.pbbackup".to_owned()
        ],
        "exactly vault A's two oldest went; after: {after:?}"
    );
    assert!(after.contains(&format!("pro-bono-desk-{id_a}-20200105-000000.pbbackup")));
    assert!(Path::new(&newest.path).exists());
    for kept in [
        first_b.file_name().expect("name").to_string_lossy().into_owned(),
        format!("pro-bono-desk-{id_b}-20200101-000000.pbbackup"),
        "pro-bono-desk-20200103-000000.pbbackup".to_owned(),
        "pro-bono-desk-20200104-000000.pbbackup".to_owned(),
        "notes.txt".to_owned(),
    ] {
        assert!(after.contains(&kept), "{kept} is not vault A's and stays; after: {after:?}");
    }
}

#[test]
fn a_temporary_copy_left_by_a_killed_backup_is_removed_by_the_next_one() {
    let folder = tempfile::tempdir().expect("folder");
    let f = folder.path();
    let (_a, a) = new_vault();
    let mut a = a.store;
    let id_a = id(&a);
    let hours = |h: u64| Duration::from_secs(h * 3600);
    let stale = f.join(format!(".pro-bono-desk-backup.{id_a}.k1lled.db.tmp"));
    let running = f.join(format!(".pro-bono-desk-backup.{id_a}.runn1ng.db.tmp"));
    let others = f.join(".pro-bono-desk-backup.0000-another-vault.k1lled.db.tmp");
    file_aged(&stale, b"encrypted pages of a killed backup", hours(2));
    file_aged(&running, b"a backup another process is making now", Duration::ZERO);
    file_aged(&others, b"another vault's", hours(2));

    let report = a.backup(&f.join("tonight.pbbackup"), &TaskContext::silent()).expect("backup");
    assert!(report.verified);
    assert!(!stale.exists(), "this vault's copy left two hours ago was removed");
    assert!(running.exists(), "a copy younger than an hour may belong to a backup still running");
    assert!(others.exists(), "another vault's copy is not ours to remove");
    let temps: Vec<String> = names(f).into_iter().filter(|n| n.ends_with(".db.tmp")).collect();
    assert_eq!(temps.len(), 2, "the new backup left no copy of its own: {temps:?}");
}

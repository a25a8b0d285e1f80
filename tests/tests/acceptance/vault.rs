//! The vault through the CLI: creation, wrong secrets, damage, passphrase change, recovery.

use crate::support::{PASSPHRASE, TestVault};

#[test]
fn init_shows_a_recovery_key_once_and_refuses_to_overwrite_a_vault() {
    let (v, key) = TestVault::init();
    assert_eq!(key.len(), 64);
    let before = v.snapshot();
    let names: Vec<_> = before.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"vault.db") && names.contains(&"vault.key"), "{names:?}");
    let key_file =
        String::from_utf8(before.iter().find(|(n, _)| n == "vault.key").expect("key").1.clone()).expect("utf-8");
    assert!(!key_file.contains(&key), "the recovery key is never stored in the clear");

    let err = v.fails(1, &["init"]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(v.snapshot(), before, "a second init changes nothing");
}

#[test]
fn a_short_passphrase_is_refused_at_init_and_nothing_is_created() {
    let v = TestVault::empty();
    let out = v.cmd(&["init"]).env("PROBONO_PASSPHRASE", "short").output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("passphrase: must be at least 10 characters"));
    assert!(!v.dir().join("vault.key").exists());
}

#[test]
fn a_missing_vault_is_a_clear_error() {
    let v = TestVault::empty();
    let err = v.fails(1, &["client", "list"]);
    assert!(err.contains("no vault at") && err.contains("probono init"), "{err}");
}

#[test]
fn a_wrong_passphrase_says_so_and_changes_nothing_on_disk() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "Ana Pérez"]);
    let before = v.snapshot();
    let out = v.cmd(&["client", "list"]).env("PROBONO_PASSPHRASE", "not the passphrase").output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("wrong passphrase"), "{err}");
    assert!(!err.contains("hmac"), "SQLCipher's internal messages stay out of what the user sees: {err}");
    assert_eq!(v.snapshot(), before);
}

#[test]
fn a_wrong_or_malformed_recovery_key_says_so_and_changes_nothing() {
    let (v, key) = TestVault::init();
    let before = v.snapshot();
    // A well-formed key for some other vault: flip one character of ours.
    let mut other = key.into_bytes();
    other[0] = if other[0] == b'A' { b'B' } else { b'A' };
    let other = String::from_utf8(other).expect("ascii");
    let out = v
        .cmd(&["--recovery-key", "client", "list"])
        .env("PROBONO_RECOVERY_KEY", &other)
        .env_remove("PROBONO_PASSPHRASE")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong recovery key"));
    let out =
        v.cmd(&["client", "list", "--recovery-key"]).env("PROBONO_RECOVERY_KEY", "ABCD-EFGH").output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("recovery_key: is not a recovery key"));
    assert_eq!(v.snapshot(), before);
}

#[test]
fn a_tampered_key_file_is_reported_as_damaged_and_left_as_found() {
    let (v, _) = TestVault::init();
    let key_path = v.dir().join("vault.key");
    let text = std::fs::read_to_string(&key_path).expect("key file");
    // Change one character inside the wrapped passphrase key.
    let at = text.find("\"wrapped_key\": \"").expect("wrapped_key field") + 20;
    let mut bytes = text.into_bytes();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    std::fs::write(&key_path, &bytes).expect("tamper");
    let before = v.snapshot();
    let err = v.fails(1, &["client", "list"]);
    assert!(err.contains("key file is damaged or has been altered"), "{err}");
    assert_eq!(v.snapshot(), before);

    std::fs::write(&key_path, b"{ not json").expect("garble");
    let err = v.fails(1, &["status"]);
    assert!(err.contains("key file is damaged"), "{err}");
}

#[test]
fn a_truncated_database_is_refused_and_left_as_found() {
    for cut in [TruncateTo::HalfPages, TruncateTo::MidPage] {
        let (v, _) = TestVault::init();
        v.add_clients_directly(30, 2000);
        let db = v.dir().join("vault.db");
        let len = std::fs::metadata(&db).expect("db").len();
        assert!(len >= 4096 * 8, "the vault has several pages ({len} bytes)");
        let new_len = match cut {
            TruncateTo::HalfPages => (len / 4096 / 2) * 4096,
            TruncateTo::MidPage => len - 1000,
        };
        let file = std::fs::OpenOptions::new().write(true).open(&db).expect("open db");
        file.set_len(new_len).expect("truncate");
        drop(file);
        let before = v.snapshot();
        let err = v.fails(1, &["client", "list"]);
        assert!(
            err.contains("vault database is damaged") && err.contains("Restore the last good backup"),
            "{cut:?}: {err}"
        );
        assert_eq!(v.snapshot(), before, "{cut:?}: files unchanged");
    }
}

#[derive(Debug, Clone, Copy)]
enum TruncateTo {
    HalfPages,
    MidPage,
}

#[test]
fn a_vault_from_a_newer_version_is_refused_and_left_as_found() {
    let (v, _) = TestVault::init();
    {
        // Bump the schema version as a future binary would.
        let vault = probono_core::Vault::open(&v.dir()).expect("open");
        let pass = probono_core::Passphrase::new(PASSPHRASE);
        let store = vault.unlock(probono_core::Unlock::Passphrase(&pass)).expect("unlock");
        store.conn().pragma_update(None, "user_version", 99).expect("bump");
    }
    let before = v.snapshot();
    let err = v.fails(1, &["client", "list"]);
    assert!(err.contains("newer version of Pro Bono Desk") && err.contains("schema 99"), "{err}");
    assert_eq!(v.snapshot(), before);
}

#[test]
fn changing_the_passphrase_keeps_the_records_and_the_recovery_key() {
    let (v, key) = TestVault::init();
    v.ok(&["client", "add", "--name", "Ana Pérez"]);
    let new_pass = "a completely new passphrase";
    let mut cmd = v.cmd(&["passwd"]);
    cmd.env("PROBONO_NEW_PASSPHRASE", new_pass);
    let out = crate::keys::with_stdin(cmd, crate::support::PASSPHRASE);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // The old passphrase is refused…
    let err = v.fails(1, &["client", "list"]);
    assert!(err.contains("wrong passphrase"), "{err}");
    // …the new one opens the same records…
    let out = v.cmd(&["client", "list"]).env("PROBONO_PASSPHRASE", new_pass).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ana Pérez"));
    // …and the recovery key still works.
    let out = v.cmd(&["--recovery-key", "client", "list"]).env("PROBONO_RECOVERY_KEY", &key).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ana Pérez"));
}

#[test]
fn a_forgotten_passphrase_is_reset_with_the_recovery_key() {
    let (v, key) = TestVault::init();
    v.ok(&["client", "add", "--name", "Ana Pérez"]);
    let mut cmd = v.cmd(&["--recovery-key", "passwd"]);
    cmd.env("PROBONO_RECOVERY_KEY", key.to_lowercase().replace('-', " "))
        .env("PROBONO_PASSPHRASE", "i forgot it anyway")
        .env("PROBONO_NEW_PASSPHRASE", "remembered this time");
    // The recovery key typed again confirms it (the environment alone does not).
    let out = crate::keys::with_stdin(cmd, &key);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = v.cmd(&["client", "list"]).env("PROBONO_PASSPHRASE", "remembered this time").output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ana Pérez"));
}

#[test]
fn passwd_refuses_a_weak_new_passphrase_and_keeps_the_old_one() {
    let (v, _) = TestVault::init();
    let before = std::fs::read(v.dir().join("vault.key")).expect("key");
    let mut cmd = v.cmd(&["passwd"]);
    cmd.env("PROBONO_NEW_PASSPHRASE", "short");
    let out = crate::keys::with_stdin(cmd, crate::support::PASSPHRASE);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("passphrase: must be at least"));
    assert_eq!(std::fs::read(v.dir().join("vault.key")).expect("key"), before);
    v.ok(&["client", "list"]);
}

#[test]
fn status_reports_the_vault_and_its_counts() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "Ana Pérez"]);
    let status = v.json(&["status"]);
    assert_eq!(status["counts"]["clients"], 1);
    assert_eq!(status["schema_version"], probono_core::db::SCHEMA_VERSION);
    assert_eq!(status["kdf"]["memory_kib"], 262_144);
    assert!(status["keyring"].as_str().expect("text").contains("unavailable"));
    assert_eq!(status["page_encryption"]["cipher"], "AES-256-CBC");
    assert_eq!(status["page_encryption"]["hmac"], "HMAC_SHA256");
    if cfg!(target_os = "linux") {
        assert_eq!(status["page_encryption"]["provider"], "openssl-probono");
    }
    let text = v.ok(&["status"]);
    assert!(text.contains("page encryption") && text.contains("HMAC_SHA256"), "{text}");
}

#[test]
fn remember_without_a_keyring_says_so_plainly() {
    let (v, _) = TestVault::init();
    let err = v.fails(1, &["remember"]);
    assert!(err.contains("cannot remember the vault key") && err.contains("passphrase"), "{err}");
    // A headless session: no D-Bus, so no Secret Service.
    let mut cmd = v.cmd(&["remember"]);
    cmd.env_remove("PROBONO_KEYRING").env_remove("DBUS_SESSION_BUS_ADDRESS").env_remove("XDG_RUNTIME_DIR");
    let out = crate::keys::with_stdin(cmd, crate::support::PASSPHRASE);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no desktop session (D-Bus)") && err.contains("keep using the passphrase"), "{err}");
    // And nothing else changed: the passphrase still opens the vault.
    v.ok(&["client", "list"]);
}

#[test]
fn the_vault_flag_works_before_or_after_the_subcommand() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "Ana Pérez"]);
    let dir = v.dir();
    let dir = dir.to_str().expect("utf-8 path");
    for args in [vec!["--vault", dir, "client", "list"], vec!["client", "list", "--vault", dir]] {
        let out = v.cmd(&args).env_remove("PROBONO_VAULT").output().expect("runs");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Ana Pérez"), "{args:?}");
    }
}

/// Without --vault, probono uses the folder the desktop app uses: the shared default, or the
/// folder an earlier version of the app kept its vault in, adopted once with a note.
#[test]
fn without_a_vault_folder_probono_finds_the_one_the_app_uses() {
    let v = TestVault::empty();
    let data = v.root.path().join("data");
    let no_vault = |args: &[&str]| v.cmd(args).env_remove("PROBONO_VAULT").output().expect("runs");

    // A new vault goes to the default the app also uses.
    let created = no_vault(&["init"]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert!(data.join("pro-bono-desk/vault/vault.key").is_file(), "the shared default folder");

    // A vault where the app kept it before this version, and no vault at the default.
    std::fs::remove_dir_all(data.join("pro-bono-desk")).expect("clear the default");
    let earlier = data.join("org.probonodesk.desktop/vault");
    let made = v.cmd(&["init"]).env("PROBONO_VAULT", &earlier).output().expect("runs");
    assert!(made.status.success());
    let first = no_vault(&["status", "--json"]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let status: serde_json::Value = serde_json::from_slice(&first.stdout).expect("json");
    assert_eq!(status["vault"], earlier.display().to_string());
    let note = String::from_utf8_lossy(&first.stderr).to_string();
    assert!(note.contains("earlier version of the app"), "said once: {note}");
    let second = no_vault(&["status"]);
    assert!(second.status.success());
    assert!(!String::from_utf8_lossy(&second.stderr).contains("earlier version"), "and only once");
}

/// The CLI turns core dumps off before it asks for a secret. Seen from outside while it
/// waits at the passphrase prompt (`script` gives it a terminal, so the prompt really waits):
/// its core-file limit is zero, hard and soft, and (where this test is not root, which sees
/// everything) its /proc entries belong to root, which is what non-dumpable means there.
#[cfg(target_os = "linux")]
#[test]
fn the_cli_waiting_for_a_passphrase_can_write_no_core_file() {
    use std::io::Read;
    use std::os::unix::fs::MetadataExt;
    use std::process::{Command, Stdio};

    let (v, _) = TestVault::init();
    let bin = crate::support::probono_bin();
    let line = format!("'{}' --vault '{}' status", bin.display(), v.dir().display());
    let mut script = Command::new("script");
    script.args(["-qec", &line, "/dev/null"]);
    for (key, value) in v.cmd(&[]).get_envs() {
        match value {
            Some(value) => script.env(key, value),
            None => script.env_remove(key),
        };
    }
    let mut child = script
        .env_remove("PROBONO_PASSPHRASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script (util-linux) runs");
    // Wait for the prompt, read from the terminal's output on a thread of its own.
    let mut out = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 256];
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if String::from_utf8_lossy(&seen).contains("Passphrase: ") {
                let _ = tx.send(());
            }
        }
    });
    let prompted = rx.recv_timeout(std::time::Duration::from_secs(60));
    let pid = std::fs::read_dir("/proc").expect("/proc").flatten().map(|e| e.path()).find(|p| {
        let cmdline = std::fs::read(p.join("cmdline")).unwrap_or_default();
        let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
        args.first().is_some_and(|a| *a == bin.as_os_str().as_encoded_bytes())
            && args.iter().any(|a| *a == v.dir().as_os_str().as_encoded_bytes())
    });
    let limits = pid.as_ref().map(|p| std::fs::read_to_string(p.join("limits")).unwrap_or_default());
    let owner = pid.as_ref().and_then(|p| std::fs::metadata(p.join("environ")).ok()).map(|m| m.uid());
    let _ = child.kill();
    let _ = child.wait();
    assert!(prompted.is_ok(), "the CLI never showed its passphrase prompt");
    let limits = limits.expect("the waiting probono process was found in /proc");
    let core = limits.lines().find(|l| l.starts_with("Max core file size")).expect("a core limit line");
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(fields[fields.len() - 3..fields.len() - 1], ["0", "0"], "{core}");
    let me = std::fs::metadata("/proc/self/environ").expect("own /proc").uid();
    if me != 0 {
        assert_eq!(owner, Some(0), "a non-dumpable process's /proc entries belong to root");
    }
}

#[test]
fn opening_a_client_is_audited_and_the_audit_chain_is_verified_and_an_altered_event_named() {
    let (v, _) = TestVault::init();
    v.ok(&["client", "add", "--name", "Ana Torres"]);
    v.ok(&["client", "show", "Ana Torres"]);
    let events = v.json(&["audit"]);
    let viewed = events.as_array().expect("events").iter().any(|e| e["action"] == "view" && e["entity"] == "client");
    assert!(viewed, "opening the client was audited: {events}");
    let out = v.ok(&["audit", "verify"]);
    assert!(out.contains("events are intact"), "{out}");

    // Altered behind the program's back (the guard dropped first, as only someone with the key could).
    {
        let pass = probono_core::Passphrase::new(PASSPHRASE);
        let store = probono_core::Vault::open(&v.dir())
            .expect("open")
            .unlock(probono_core::Unlock::Passphrase(&pass))
            .expect("unlock");
        store
            .conn()
            .execute_batch(
                "DROP TRIGGER audit_event_append_only_update;
                 UPDATE audit_event SET action = 'update' WHERE action = 'view';",
            )
            .expect("tamper");
    }
    let err = v.fails(1, &["audit", "verify"]);
    assert!(err.contains("the audit log was altered: event") && err.contains("update client"), "{err}");
    let err = v.fails(1, &["check"]);
    assert!(err.contains("audit log check: the audit log was altered"), "{err}");
}

//! The vault's keys through the CLI: sensitive actions ask for the passphrase again (an
//! environment variable or a remembered key is not enough), `probono rekey` replaces the
//! data key and the recovery key, and killing a rekey at any moment leaves a vault that opens
//! with the old secrets or the new ones.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{PASSPHRASE, TestVault, recovery_key_in};

/// Runs a command with `typed` (and a newline) on its standard input: how a script gives
/// the confirmation a sensitive action asks for.
pub fn with_stdin(mut cmd: Command, typed: &str) -> Output {
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // The command may refuse before it reads (a closed pipe is then fine).
    let _ = writeln!(stdin, "{typed}");
    drop(stdin);
    child.wait_with_output().expect("wait")
}

/// Runs `args`, confirming with the test passphrase on standard input; asserts success.
pub fn ok_confirmed(v: &TestVault, args: &[&str]) -> String {
    let out = with_stdin(v.cmd(args), PASSPHRASE);
    assert!(
        out.status.success(),
        "probono {args:?} failed\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Each sensitive action: refused with the passphrase only in the environment (nothing typed)
/// and with a wrong one typed, each time naming the field and changing nothing on disk; done
/// with the right one typed.
#[test]
fn every_sensitive_action_asks_for_the_passphrase_again_and_the_environment_is_not_enough() {
    let (v, _) = TestVault::init();
    v.ok(&["volunteer", "add", "--name", "Priya Sharma", "--email", "psharma@example.org", "--role", "attorney"]);
    let export_dir = v.root.path().join("export");
    let export = export_dir.to_str().expect("utf-8").to_owned();
    type Env<'a> = &'a [(&'a str, &'a str)];
    let actions: Vec<(&str, Vec<&str>, Env<'_>)> = vec![
        ("passwd", vec!["passwd"], &[("PROBONO_NEW_PASSPHRASE", "a brand new passphrase here")]),
        ("rekey", vec!["rekey"], &[]),
        ("recovery-key new", vec!["recovery-key", "new"], &[]),
        ("export", vec!["export", "--out", &export], &[]),
        ("reset-key", vec!["volunteer", "reset-key", "psharma@example.org"], &[]),
        // `remember` needs a working keyring to get as far as asking: keyring.rs tests it.
    ];
    let mut refused = 0;
    for (name, args, env) in &actions {
        let before = v.snapshot();
        for typed in [None, Some("not the passphrase at all")] {
            let mut cmd = v.cmd(args);
            for (k, val) in env.iter() {
                cmd.env(k, val);
            }
            let out = match typed {
                None => cmd.stdin(Stdio::null()).output().expect("runs"),
                Some(t) => with_stdin(cmd, t),
            };
            assert_eq!(out.status.code(), Some(1), "{name} with {typed:?} typed must be refused: {}", stderr(&out));
            let err = stderr(&out);
            assert!(err.contains("current_passphrase"), "{name}: the error names the field: {err}");
            if typed.is_none() {
                assert!(err.contains("PROBONO_PASSPHRASE or a remembered key is not enough"), "{name}: {err}");
            } else {
                assert!(err.contains("is not this vault's passphrase"), "{name}: {err}");
            }
            refused += 1;
        }
        assert!(!export_dir.exists(), "{name}: a refused export writes nothing");
        // The audit log gained an unlock event per run; everything else is as it was.
        let after = v.snapshot();
        let key_file = |s: &[(String, Vec<u8>)]| s.iter().find(|(n, _)| n == "vault.key").map(|(_, b)| b.clone());
        assert_eq!(key_file(&before), key_file(&after), "{name}: the key file is unchanged");
        assert!(after.iter().all(|(n, _)| n != "vault.key.next"), "{name}: no rotation started");
    }
    assert_eq!(refused, actions.len() * 2);

    // With the passphrase typed, each goes through.
    ok_confirmed(&v, &["export", "--out", &export]);
    assert!(export_dir.join("manifest.json").exists());
    let out = ok_confirmed(&v, &["volunteer", "reset-key", "psharma@example.org"]);
    assert!(out.contains("No signing key was accepted"), "{out}");
    let out = ok_confirmed(&v, &["recovery-key", "new"]);
    let fresh = recovery_key_in(&out).expect("a new recovery key is shown");
    let out = v.cmd(&["--recovery-key", "client", "list"]).env("PROBONO_RECOVERY_KEY", &fresh).output().expect("runs");
    assert!(out.status.success(), "the new recovery key opens the vault: {}", stderr(&out));
    // Confirming with the recovery key works too (`--recovery-key`: the key typed again).
    let mut cmd = v.cmd(&["--recovery-key", "export", "--out", &format!("{export}-2")]);
    cmd.env("PROBONO_RECOVERY_KEY", &fresh);
    let out = with_stdin(cmd, &fresh);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut cmd = v.cmd(&["passwd"]);
    cmd.env("PROBONO_NEW_PASSPHRASE", "a brand new passphrase here");
    let out = with_stdin(cmd, PASSPHRASE);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("probono rekey"), "passwd offers the rotation");
}

/// A real terminal: the confirmation is asked for at a hidden prompt (`script` gives the
/// command a pseudo-terminal), even when PROBONO_PASSPHRASE is set.
#[test]
fn on_a_terminal_the_confirmation_is_a_prompt() {
    let (v, _) = TestVault::init();
    let export = v.root.path().join("export-tty");
    let bin = crate::support::probono_bin();
    let line = format!("{} export --out {}", bin.display(), export.display());
    let mut script = Command::new("script");
    script.args(["-qec", &line, "/dev/null"]);
    for (k, val) in v.cmd(&[]).get_envs() {
        match val {
            Some(val) => script.env(k, val),
            None => script.env_remove(k),
        };
    }
    let mut child = script.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("script");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = std::io::BufReader::new(stdout);
        let mut seen = Vec::new();
        let mut byte = [0u8; 1];
        while std::io::Read::read(&mut reader, &mut byte).unwrap_or(0) == 1 {
            seen.push(byte[0]);
            let _ = tx.send(String::from_utf8_lossy(&seen).into_owned());
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut prompt = String::new();
    while Instant::now() < deadline && !prompt.contains("again:") {
        if let Ok(text) = rx.recv_timeout(Duration::from_millis(200)) {
            prompt = text;
        }
    }
    assert!(prompt.contains("To export every record unencrypted, type the vault's passphrase again:"), "{prompt:?}");
    writeln!(stdin, "{PASSPHRASE}").expect("type");
    drop(stdin);
    let status = child.wait().expect("wait");
    assert!(status.success(), "the export went through after the prompt");
    assert!(export.join("manifest.json").exists());
}

#[test]
fn rekey_replaces_the_key_and_the_recovery_key_and_says_what_old_backups_still_open() {
    let (v, old_recovery) = TestVault::init();
    v.ok(&["client", "add", "--name", "Ana Pérez"]);
    let backup = v.root.path().join("before.pbbackup");
    v.ok(&["backup", backup.to_str().expect("utf-8")]);
    let db_before = std::fs::read(v.dir().join("vault.db")).expect("db");

    let out = ok_confirmed(&v, &["rekey"]);
    let new_recovery = recovery_key_in(&out).expect("the new recovery key is shown");
    assert_ne!(new_recovery, old_recovery);
    assert!(out.contains("old recovery key no longer opens this vault"), "{out}");
    assert!(out.contains("Backups made before still open with the old passphrase and the old recovery key"), "{out}");
    let db_after = std::fs::read(v.dir().join("vault.db")).expect("db");
    // Every page was re-encrypted (each page has a fresh IV whatever the key; the test is
    // that the old recovery key's data key no longer reads it, below).
    assert_ne!(db_before[16..4096], db_after[16..4096]);

    let with_recovery = |key: &str| {
        v.cmd(&["--recovery-key", "client", "list"]).env("PROBONO_RECOVERY_KEY", key).output().expect("runs")
    };
    let old = with_recovery(&old_recovery);
    assert_eq!(old.status.code(), Some(1), "the old recovery key is revoked");
    assert!(stderr(&old).contains("recovery key"), "{}", stderr(&old));
    let new = with_recovery(&new_recovery);
    assert!(new.status.success() && String::from_utf8_lossy(&new.stdout).contains("Ana Pérez"));
    assert!(v.ok(&["client", "list"]).contains("Ana Pérez"), "the passphrase is unchanged");
    v.ok(&["check"]);
    assert!(v.ok(&["audit", "verify"]).contains("intact") || v.run(&["audit", "verify"]).status.success());

    // The backup from before is still readable with the old recovery key, as the CLI warned.
    let restored = v.root.path().join("restored");
    let out = v
        .cmd(&["--recovery-key", "restore", backup.to_str().expect("utf-8")])
        .env("PROBONO_VAULT", &restored)
        .env("PROBONO_RECOVERY_KEY", &old_recovery)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));

    // With only the recovery key, rekey asks for a passphrase to be set first.
    let mut cmd = v.cmd(&["--recovery-key", "rekey"]);
    cmd.env("PROBONO_RECOVERY_KEY", &new_recovery);
    let out = with_stdin(cmd, &new_recovery);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("probono --recovery-key passwd"), "{}", stderr(&out));
}

/// What a `probono rekey` run printed on stderr (PROBONO_TRACE_WRITES), read on a thread.
struct Traced {
    child: std::process::Child,
    markers: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Traced {
    fn start(v: &TestVault) -> Traced {
        let mut child = v
            .cmd(&["rekey"])
            .env("PROBONO_TRACE_WRITES", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        writeln!(stdin, "{PASSPHRASE}").expect("confirm");
        drop(stdin);
        let stderr = child.stderr.take().expect("stderr");
        let (tx, markers) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufRead::lines(std::io::BufReader::new(stderr)).map_while(Result::ok) {
                if let Some(marker) = line.strip_prefix("probono-trace: ") {
                    let _ = tx.send(marker.to_owned());
                }
            }
        });
        Traced { child, markers, seen: Vec::new() }
    }

    /// Waits for `marker` (true) or the end of the process's stderr (false).
    fn wait_for(&mut self, marker: &str) -> bool {
        while let Ok(m) = self.markers.recv_timeout(Duration::from_secs(60)) {
            let found = m == marker;
            self.seen.push(m);
            if found {
                return true;
            }
        }
        false
    }

    /// Kills (SIGKILL) and returns whether it exited successfully anyway, its stdout, and every
    /// marker it printed.
    fn kill(mut self) -> (bool, String, Vec<String>) {
        let _ = self.child.kill();
        let out = self.child.wait_with_output().expect("wait");
        self.seen.extend(self.markers.iter());
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), self.seen)
    }
}

#[test]
fn killing_a_rekey_at_any_moment_leaves_a_vault_that_opens_with_the_old_or_the_new_secrets() {
    let _turn = crate::support::one_kill_loop_at_a_time();
    let (v, first_recovery) = TestVault::init();
    v.add_clients_directly(400, 12_000);
    let clients = v.json(&["client", "list"]).as_array().expect("array").len();
    assert_eq!(clients, 400);

    // How long the re-encryption itself takes here, from one rekey left to finish.
    let mut run = Traced::start(&v);
    assert!(run.wait_for("rekey-begin"));
    let began = Instant::now();
    assert!(run.wait_for("rekey-committed"));
    let reencrypt = began.elapsed();
    assert!(run.child.wait().expect("wait").success());
    let mut recovery: Option<String> = None; // the first run's key was not read: make one
    drop(first_recovery);

    let mut jitter: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |max_ms: u64| {
        jitter ^= jitter << 13;
        jitter ^= jitter >> 7;
        jitter ^= jitter << 17;
        jitter % max_ms.max(1)
    };
    let window_ms = (reencrypt.as_millis() as u64 * 13 / 10).max(20);
    let (mut before_write, mut inside, mut after_commit, mut finished) = (0, 0, 0, 0);
    let mut completed_on_unlock = 0;
    let rounds = 50;
    for round in 0..rounds {
        if recovery.is_none() {
            let out = ok_confirmed(&v, &["recovery-key", "new"]);
            recovery = recovery_key_in(&out);
        }
        let old_recovery = recovery.clone().expect("a known recovery key");
        let mut run = Traced::start(&v);
        if round % 10 == 9 {
            // Some kills land anywhere from the start: unlocking, confirming, the new key file.
            std::thread::sleep(Duration::from_millis(next(1800)));
        } else if round % 10 == 4 {
            // Some land late, past the re-encryption as measured (a loaded machine re-encrypts
            // slower than the measurement before the loop): after the commit, or finished.
            if run.wait_for("rekey-begin") {
                std::thread::sleep(Duration::from_millis(window_ms + next(2 * window_ms)));
            }
        } else if run.wait_for("rekey-begin") {
            std::thread::sleep(Duration::from_millis(next(window_ms)));
        }
        let (success, stdout, seen) = run.kill();
        let has = |m: &str| seen.iter().any(|s| s == m);
        let committed = has("rekey-committed");
        // The final key file may be in place once its replacement began after the commit (the
        // rename can land before the marker that follows it is printed).
        let settled = seen.iter().skip_while(|m| *m != "rekey-committed").any(|m| m == "file-replace-begin");
        if success {
            finished += 1;
        } else if committed {
            after_commit += 1;
        } else if has("rekey-begin") {
            inside += 1;
        } else {
            before_write += 1;
        }

        // The old recovery key first: an unlock settles a pending rotation.
        let by_old = v
            .cmd(&["--recovery-key", "client", "list", "--json"])
            .env("PROBONO_RECOVERY_KEY", &old_recovery)
            .output()
            .expect("runs");
        if success {
            assert!(!by_old.status.success(), "round {round}: a finished rekey revokes the old recovery key");
            let new = recovery_key_in(&stdout).expect("a finished rekey shows its key");
            let by_new =
                v.cmd(&["--recovery-key", "client", "list"]).env("PROBONO_RECOVERY_KEY", &new).output().expect("runs");
            assert!(by_new.status.success(), "round {round}: the new recovery key opens it: {}", stderr(&by_new));
            recovery = Some(new);
        } else if settled {
            // Killed once the final key file's replacement began, before its recovery key was
            // shown: the old one may no longer work (the rename landed), or it worked and that
            // unlock completed the rotation (the rename had not landed), which revokes it too
            // and says the new key was never shown. Either way the passphrase below must work.
            let completed = stderr(&by_old).contains("never shown");
            if completed {
                completed_on_unlock += 1;
            }
            if !by_old.status.success() || completed {
                recovery = None;
            }
        } else {
            assert!(
                by_old.status.success(),
                "round {round}: killed before the rotation finished ({seen:?}), the old recovery key still opens \
                 the vault: {}",
                stderr(&by_old)
            );
            let listed: serde_json::Value = serde_json::from_slice(&by_old.stdout).expect("json");
            assert_eq!(listed.as_array().expect("array").len(), clients, "round {round}: every record is there");
            // A re-encryption that committed (the kill may land between the commit and its
            // marker) is completed by that unlock, which says its recovery key was never shown.
            if stderr(&by_old).contains("never shown") {
                assert!(has("rekey-begin"), "round {round}: completed a rotation that never began: {seen:?}");
                completed_on_unlock += 1;
                recovery = None;
            } else {
                assert!(!committed, "round {round}: a committed re-encryption is completed by the next unlock");
            }
        }
        let by_pass = v.run(&["client", "list", "--json"]);
        assert!(by_pass.status.success(), "round {round}: the passphrase always opens it: {}", stderr(&by_pass));
        let listed: serde_json::Value = serde_json::from_slice(&by_pass.stdout).expect("json");
        assert_eq!(listed.as_array().expect("array").len(), clients, "round {round}: every record is there");
        assert!(!v.dir().join("vault.key.next").exists(), "round {round}: the unlock settled the rotation");
        if round % 10 == 9 {
            v.ok(&["check"]);
        }
    }
    eprintln!(
        "rekey kill loop: {rounds} rounds; killed before the re-encryption {before_write}, during it {inside}, \
         after it committed {after_commit}; finished {finished}; completed by the next unlock \
         {completed_on_unlock}; re-encryption takes {reencrypt:?}"
    );
    assert!(inside >= rounds / 3, "at least a third of the kills land inside the re-encryption: {inside}");
    assert!(before_write > 0 && after_commit + finished > 0, "kills land before and after it too");
}

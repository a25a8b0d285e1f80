//! The vault survives what real computers do: a process killed mid-write (import, backup,
//! passphrase change, an hour submission's import; key rotation is in keys.rs), a full disk, two programs at once, and a restore on a clean machine
//! from nothing but the backup and the recovery key.
//!
//! The kill -9 loops time each kill from the trace markers the CLI prints on stderr with
//! `PROBONO_TRACE_WRITES=1` (see core/src/trace.rs), not from the process start: a kill lands
//! somewhere in the write under test, and each loop counts where its kills landed and
//! asserts that at least a third of them cut the write.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{KillTally, KillTimer, PASSPHRASE, Run, TestVault, run_and_kill};

/// Every CLI command's first transaction is the unlock's audit event: the command's own
/// write is the second `write-begin`/`write-commit` pair.
const OWN_WRITE: usize = 2;

const ROUNDS: usize = 50;

fn count(v: &TestVault, what: &[&str]) -> usize {
    v.json(what).as_array().expect("array").len()
}

fn assert_sound(v: &TestVault) {
    let out = v.run(&["check"]);
    assert!(
        out.status.success(),
        "the vault must pass its integrity checks:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A vault (cheap to unlock, see `TestVault::init_cheap_unlock`) with 50 matters
/// (M-0..M-49).
fn vault_with_matters() -> TestVault {
    let (v, _) = TestVault::init_cheap_unlock();
    let mut csv = String::from("case_ref,client_name,opened\n");
    for i in 0..50 {
        csv.push_str(&format!("M-{i},Client {i},2026-01-0{}\n", 1 + i % 9));
    }
    let path = v.root.path().join("matters.csv");
    std::fs::write(&path, csv).expect("write");
    v.ok(&["import", "matters", path.to_str().expect("utf-8")]);
    v
}

/// An hours file of `rows` rows tagged `tag`, for the matters of `vault_with_matters`.
fn hours_file(v: &TestVault, tag: &str, rows: usize) -> PathBuf {
    let mut csv = String::from("volunteer_name,volunteer_email,role,case_ref,date,hours,activity\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "Volunteer {},v{}@example.org,attorney,M-{},2026-0{}-1{},1.{},{tag} work {i}\n",
            i % 20,
            i % 20,
            i % 50,
            1 + i % 9,
            i % 10,
            i % 10
        ));
    }
    let path = v.root.path().join(format!("hours-{tag}.csv"));
    std::fs::write(&path, csv).expect("write");
    path
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// A run that was not killed, to learn how long the start-to-begin and begin-to-end spans
/// of its write are.
fn spans(run: &Run, begin: (&str, usize), end: (&str, usize)) -> (Option<Duration>, Option<Duration>) {
    let b = run.at(begin.0, begin.1);
    let e = run.at(end.0, end.1);
    (b.map(|b| b - run.started), b.zip(e).map(|(b, e)| e.saturating_duration_since(b)))
}

fn assert_ok(run: &Run, what: &str) {
    assert!(run.status.success(), "{what} failed: {}\nmarkers: {:?}", run.stderr, run.markers());
}

#[test]
fn killing_an_import_leaves_the_old_or_the_new_state_never_a_mix() {
    let _turn = crate::support::one_kill_loop_at_a_time();
    let v = vault_with_matters();
    let rows = 1_500;
    let begin = ("write-begin", OWN_WRITE);
    let end = ("write-commit", OWN_WRITE);
    let import = |file: &Path| v.cmd(&["import", "hours", path_str(file)]);
    // One import left to finish, to learn how long the write takes here.
    let warmup = v.spawn_traced(import(&hours_file(&v, "warmup", rows))).finish();
    assert_ok(&warmup, "the first import");
    let (to_begin, write) = spans(&warmup, begin, end);
    let mut timer = KillTimer::new(
        0x1234_5678_9abc_def1,
        to_begin.expect("the import's write begins"),
        write.expect("and commits"),
    );
    let mut expected = rows;
    let mut tally = KillTally::default();
    let mut rolled_back = 0;
    for round in 0..ROUNDS {
        let file = hours_file(&v, &format!("r{round}"), rows);
        let run = run_and_kill(&v, import(&file), None, begin.0, begin.1, timer.next(round));
        let (b, w) = spans(&run, begin, end);
        timer.observe(b, w);
        let inside = tally.record(&run, begin, end);
        let after = count(&v, &["time", "list"]);
        if run.status.success() {
            expected += rows;
            assert_eq!(after, expected, "round {round}: an import reported as done is all there");
        } else {
            assert!(
                after == expected || after == expected + rows,
                "round {round}: {after} entries after the kill; expected {expected} or {}",
                expected + rows
            );
            // A kill inside the write that finds the new rows landed between the commit
            // and its marker: whole, but not counted as a cut write.
            if inside && after == expected {
                rolled_back += 1;
            }
            expected = after;
        }
        assert_sound(&v);
        std::fs::remove_file(&file).expect("rm");
    }
    tally.assert_spread("import");
    assert!(rolled_back * 3 >= ROUNDS, "a third of the kills cut an import, which was rolled back: {rolled_back}");
}

#[test]
fn killing_a_backup_never_leaves_a_partial_backup_looking_valid() {
    let _turn = crate::support::one_kill_loop_at_a_time();
    let v = vault_with_matters();
    let file = hours_file(&v, "base", 4_000);
    v.ok(&["import", "hours", path_str(&file)]);
    let target = v.root.path().join("backups").join("vault.pbbackup");
    std::fs::create_dir_all(target.parent().expect("dir")).expect("mkdir");
    // The backup's write: from the temporary copy's creation to the finished file's rename.
    let begin = ("backup-begin", 1);
    let end = ("file-replaced", 1);
    let backup = || v.cmd(&["backup", path_str(&target)]);
    let warmup = v.spawn_traced(backup()).finish();
    assert_ok(&warmup, "the first backup");
    let (to_begin, write) = spans(&warmup, begin, end);
    let mut timer = KillTimer::new(42, to_begin.expect("backup begins"), write.expect("and is renamed into place"));
    let mut tally = KillTally::default();
    let mut restores = 0;
    for round in 0..ROUNDS {
        let before = std::fs::read(&target).expect("a backup is at the target");
        let run = run_and_kill(&v, backup(), None, begin.0, begin.1, timer.next(round));
        let (b, w) = spans(&run, begin, end);
        timer.observe(b, w);
        tally.record(&run, begin, end);
        let now = std::fs::read(&target).expect("the target is never removed");
        if run.count("file-replace-begin") == 0 {
            assert!(now == before, "round {round}: the old backup stays untouched while the new one is written");
        }
        if now != before || round % 10 == 0 {
            // Whatever is at the target is a complete, restorable backup.
            let restored = v.root.path().join(format!("restored-{round}"));
            let out = v.cmd(&["restore", path_str(&target)]).env("PROBONO_VAULT", &restored).output().expect("restore");
            assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
            restores += 1;
            std::fs::remove_dir_all(&restored).expect("rm restored");
        }
        assert_sound(&v);
    }
    tally.assert_spread("backup");
    assert!(restores > 5, "new backups were written and restored: {restores}");
}

#[test]
fn killing_a_passphrase_change_leaves_one_working_passphrase_and_the_recovery_key() {
    let _turn = crate::support::one_kill_loop_at_a_time();
    let (v, recovery_key) = TestVault::init();
    v.ok(&["client", "add", "--name", "Ana Pérez"]);
    let passphrases = [PASSPHRASE, "the second passphrase here", "a third passphrase, longer"];
    // The change: from writing the new key file to recording the change in the audit log.
    let begin = ("file-replace-begin", 1);
    let end = ("write-commit", OWN_WRITE);
    // `passwd` asks for the current passphrase again: on its stdin when that is not a
    // terminal (PROBONO_PASSPHRASE is set too, for versions that read only that).
    let passwd = |from: &str, to: &str| {
        let mut cmd = v.cmd(&["passwd"]);
        cmd.env("PROBONO_PASSPHRASE", from).env("PROBONO_NEW_PASSPHRASE", to);
        cmd
    };
    let opens = |p: &str| {
        let out = v.cmd(&["client", "list", "--json"]).env("PROBONO_PASSPHRASE", p).output().expect("runs");
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let mut first = v.spawn_traced(passwd(passphrases[0], passphrases[1]));
    first.send_stdin(&format!("{}\n", passphrases[0]));
    let warmup = first.finish();
    assert_ok(&warmup, "the first passphrase change");
    assert!(opens(passphrases[1]).is_some_and(|l| l.contains("Ana Pérez")), "the new passphrase opens the vault");
    assert!(opens(passphrases[0]).is_none(), "the old one does not");
    let (to_begin, write) = spans(&warmup, begin, end);
    let mut timer = KillTimer::new(7, to_begin.expect("the key file is written"), write.expect("and recorded"));
    let mut current = 1;
    let mut tally = KillTally::default();
    let mut key_file_cut = 0;
    let mut full_checks = 0;
    for round in 0..ROUNDS {
        let next = (current + 1) % passphrases.len();
        let key_before = std::fs::read(v.dir().join("vault.key")).expect("key file");
        let run = run_and_kill(
            &v,
            passwd(passphrases[current], passphrases[next]),
            Some(&format!("{}\n", passphrases[current])),
            begin.0,
            begin.1,
            timer.next(round),
        );
        let (b, w) = spans(&run, begin, end);
        timer.observe(b, w);
        tally.record(&run, begin, end);
        if run.count("file-replace-begin") == 1 && run.count("file-replaced") == 0 {
            key_file_cut += 1;
        }
        let key_after = std::fs::read(v.dir().join("vault.key")).expect("key file");
        if run.status.success() {
            assert!(key_after != key_before, "round {round}: a change reported as done wrote a new key file");
        }
        // Exactly one of the old and the new passphrase opens the vault, the records with it.
        // Each try is a full Argon2id derivation (~0.5-1 s here), and a key file has one
        // passphrase slot: the one that should open it is tried when the file changed, both
        // after a change reported as done and every tenth round. A key file left byte for
        // byte as it was (the kill came before the rename) is the file only the old
        // passphrase was shown to open; the recovery key below opens the database with it.
        let changed = key_after != key_before;
        let (should, should_not) = if changed { (next, current) } else { (current, next) };
        let both = run.status.success() || round % 10 == 0;
        if changed || both {
            let listed = opens(passphrases[should]).unwrap_or_else(|| {
                panic!(
                    "round {round}: the {} passphrase must open the vault (exit {:?}, markers {:?})",
                    if changed { "new" } else { "old" },
                    run.status.code(),
                    run.markers()
                )
            });
            assert!(listed.contains("Ana Pérez"), "round {round}: the records survive");
        }
        if both {
            full_checks += 1;
            assert!(
                opens(passphrases[should_not]).is_none(),
                "round {round}: the {} passphrase does not open the vault",
                if changed { "old" } else { "new" }
            );
        }
        if changed {
            current = next;
        }
        let out = v
            .cmd(&["--recovery-key", "client", "list", "--json"])
            .env("PROBONO_RECOVERY_KEY", &recovery_key)
            .output()
            .expect("runs");
        assert!(out.status.success(), "round {round}: the recovery key always works");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Ana Pérez"), "round {round}: with the records");
    }
    tally.assert_spread("passphrase change");
    eprintln!(
        "passphrase change: {key_file_cut} kills cut the key file's replacement itself; \
         {full_checks} rounds tried both passphrases"
    );
}

/// A small filesystem (tmpfs) of `mib` MiB at `path`, for the full-disk tests.
///
/// As root it is mounted here, for everyone. Otherwise it is mounted inside a user and mount
/// namespace (`unshare --user --map-root-user --mount`, which an unprivileged user may
/// create), seen only by processes that join it: run the commands that use it through
/// [`SmallDisk::command`]. Failing both, `sudo -n mount`. When none works the test fails
/// and says why.
struct SmallDisk {
    path: PathBuf,
    how: Mounted,
}

enum Mounted {
    /// By this (root) process or with sudo: unmount on drop.
    Here { sudo: bool },
    /// In the namespace this process holds open.
    Namespace(Child),
}

fn running_as_root() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(2) == Some("0"))
}

impl SmallDisk {
    fn new(under: &Path, mib: u32) -> SmallDisk {
        let path = under.join(format!("small-disk-{mib}"));
        std::fs::create_dir_all(&path).expect("mkdir");
        let size = format!("size={mib}m");
        let mut why = Vec::new();
        if running_as_root() {
            let out = Command::new("mount").args(["-t", "tmpfs", "-o", &size, "tmpfs"]).arg(&path).output();
            match out {
                Ok(out) if out.status.success() => return SmallDisk { path, how: Mounted::Here { sudo: false } },
                Ok(out) => why.push(format!("mount as root: {}", String::from_utf8_lossy(&out.stderr).trim())),
                Err(e) => why.push(format!("mount as root: {e}")),
            }
        }
        // A namespace kept alive by a shell that mounts, says so, and waits for stdin to close.
        let holder = Command::new("unshare")
            .args(["--user", "--map-root-user", "--mount", "sh", "-c"])
            .arg("mount -t tmpfs -o \"$1\" tmpfs \"$2\" && echo mounted && exec cat >/dev/null")
            .args(["sh", &size])
            .arg(&path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        match holder {
            Ok(mut child) => {
                let mut line = String::new();
                let stdout = child.stdout.take().expect("stdout");
                let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
                if line.trim() == "mounted" {
                    return SmallDisk { path, how: Mounted::Namespace(child) };
                }
                drop(child.stdin.take());
                let out = child.wait_with_output().expect("unshare ends");
                why.push(format!(
                    "unshare --user --map-root-user --mount: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
            Err(e) => why.push(format!("unshare (util-linux): {e}")),
        }
        if !running_as_root() {
            let uid = std::fs::metadata(under).map(|m| std::os::unix::fs::MetadataExt::uid(&m)).unwrap_or(0);
            let out = Command::new("sudo")
                .args(["-n", "mount", "-t", "tmpfs", "-o", &format!("{size},uid={uid},mode=0700"), "tmpfs"])
                .arg(&path)
                .output();
            match out {
                Ok(out) if out.status.success() => return SmallDisk { path, how: Mounted::Here { sudo: true } },
                Ok(out) => why.push(format!("sudo -n mount: {}", String::from_utf8_lossy(&out.stderr).trim())),
                Err(e) => why.push(format!("sudo: {e}")),
            }
        }
        panic!(
            "cannot mount a small tmpfs for the full-disk test. Tried:\n  {}\nRun as root, allow unprivileged user \
             namespaces (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 also \
             kernel.apparmor_restrict_unprivileged_userns=0), or give passwordless sudo for mount.",
            why.join("\n  ")
        );
    }

    /// `cmd`, run where the small disk is mounted (inside its namespace, if it has one).
    fn command(&self, cmd: Command) -> Command {
        let Mounted::Namespace(holder) = &self.how else { return cmd };
        let mut wrapped = Command::new("nsenter");
        wrapped
            .args(["--target", &holder.id().to_string(), "--user", "--mount", "--preserve-credentials", "--"])
            .arg(cmd.get_program())
            .args(cmd.get_args());
        for (key, value) in cmd.get_envs() {
            match value {
                Some(value) => wrapped.env(key, value),
                None => wrapped.env_remove(key),
            };
        }
        if let Some(dir) = cmd.get_current_dir() {
            wrapped.current_dir(dir);
        }
        wrapped
    }

    /// The names of the files on the small disk.
    fn list(&self) -> Vec<String> {
        let mut ls = Command::new("ls");
        ls.arg("-A").arg(&self.path);
        let out = self.command(ls).output().expect("ls runs");
        assert!(out.status.success(), "ls: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        match &mut self.how {
            Mounted::Here { sudo: false } => {
                let _ = Command::new("umount").arg(&self.path).status();
            }
            Mounted::Here { sudo: true } => {
                let _ = Command::new("sudo").args(["-n", "umount"]).arg(&self.path).status();
            }
            Mounted::Namespace(holder) => {
                // Closing its stdin ends the holder, and with it the namespace and the tmpfs.
                drop(holder.stdin.take());
                let _ = holder.wait();
            }
        }
    }
}

#[test]
fn a_full_disk_during_import_is_a_clear_error_and_changes_nothing() {
    let work = tempfile::tempdir().expect("tmp");
    let disk = SmallDisk::new(work.path(), 3);
    let v = TestVault::empty();
    let vault = disk.path.join("vault");
    let run = |args: &[&str]| {
        let mut cmd = v.cmd(args);
        cmd.env("PROBONO_VAULT", &vault);
        disk.command(cmd).output().expect("runs")
    };
    let init = run(&["init"]);
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let mut csv = String::from("case_ref,client_name,opened\n");
    for i in 0..40 {
        csv.push_str(&format!("M-{i},Client {i},2026-01-05\n"));
    }
    let matters = v.root.path().join("m.csv");
    std::fs::write(&matters, csv).expect("write");
    assert!(run(&["import", "matters", path_str(&matters)]).status.success());
    let mut big = String::from("volunteer_name,role,case_ref,date,hours,activity\n");
    for i in 0..60_000 {
        big.push_str(&format!(
            "Volunteer {},attorney,M-{},2026-02-1{},1.5,{}\n",
            i % 9,
            i % 40,
            i % 10,
            "x".repeat(60)
        ));
    }
    let hours = v.root.path().join("h.csv");
    std::fs::write(&hours, big).expect("write");
    let out = run(&["import", "hours", path_str(&hours)]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("disk is full"), "{err}");
    let listed = run(&["time", "list", "--json"]);
    assert!(listed.status.success(), "the vault still opens: {}", String::from_utf8_lossy(&listed.stderr));
    let entries: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(entries.as_array().expect("array").len(), 0, "nothing half-written");
    assert!(run(&["check"]).status.success(), "the vault passes its checks");
}

#[test]
fn a_full_disk_during_backup_leaves_no_backup_file() {
    let v = vault_with_matters();
    let file = hours_file(&v, "base", 20_000);
    v.ok(&["import", "hours", path_str(&file)]);
    let work = tempfile::tempdir().expect("tmp");
    let disk = SmallDisk::new(work.path(), 1);
    let target = disk.path.join("vault.pbbackup");
    let out = disk.command(v.cmd(&["backup", path_str(&target)])).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "the backup fails");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("disk is full") || err.contains("No space left"), "{err}");
    assert_eq!(disk.list(), Vec::<String>::new(), "no backup and no temporary file left");
    assert_sound(&v);
}

/// Stops a process (SIGSTOP) and lets it go on (SIGCONT) when dropped, also when the test
/// fails halfway.
struct Paused(u32);

impl Paused {
    fn stop(pid: u32) -> Paused {
        signal(pid, "-STOP");
        Paused(pid)
    }
}

impl Drop for Paused {
    fn drop(&mut self) {
        signal(self.0, "-CONT");
    }
}

fn signal(pid: u32, which: &str) {
    let status = Command::new("kill").args([which, &pid.to_string()]).status().expect("kill runs");
    assert!(status.success(), "kill {which} {pid}");
}

#[test]
fn two_programs_writing_at_once_wait_or_say_the_vault_is_in_use() {
    let v = vault_with_matters();
    let rows = 100_000;
    let file = hours_file(&v, "big", rows);
    let mut importer = v.spawn_traced(v.cmd(&["import", "hours", path_str(&file)]));
    importer.wait_for("write-begin", OWN_WRITE, Duration::from_secs(120)).expect("the import's write begins");
    // The importer holds the write lock now (its immediate transaction began before the
    // marker). It is paused there, so its write stays open however slowly the second
    // program starts on a loaded machine.
    let paused = Paused::stop(importer.pid());
    assert!(
        importer.wait_for("write-commit", OWN_WRITE, Duration::ZERO).is_none(),
        "the import was paused inside its write"
    );
    let mut other = v.spawn_traced(v.cmd(&["client", "add", "--name", "Written meanwhile"]));
    // The second program's first write (its unlock's audit event) asks for the lock while
    // the import holds it.
    let Some(asked) = other.wait_for("write-wait", 1, Duration::from_secs(60)) else {
        let other = other.finish();
        panic!("the second program did not ask to write: {:?} {}", other.status, other.stderr);
    };
    // Let it wait on the lock a while (its busy timeout is 5 s), then let the import go on.
    std::thread::sleep(Duration::from_millis(500));
    assert!(other.running(), "the second program is still waiting for the lock");
    assert_eq!(other.wait_for("write-begin", 1, Duration::ZERO), None, "it did not write past the import's lock");
    drop(paused);
    let other = other.finish();
    let other_ended = Instant::now();
    let importer = importer.finish();
    assert_ok(&importer, "the import is not disturbed");
    assert_eq!(count(&v, &["time", "list"]), rows, "nothing lost from the import");
    let import_commit = importer.at("write-commit", OWN_WRITE).expect("the import committed");
    assert!(other.started < import_commit, "the second program started before the import committed");
    let clients = v.ok(&["client", "list"]);
    let import_began = importer.at("write-begin", OWN_WRITE).expect("began");
    eprintln!(
        "two writers: the import's write (paused while the second started) took {:?}; the second {} (markers {:?})",
        import_commit - import_began,
        if other.status.success() { "waited for the import, then wrote" } else { "said the vault is in use" },
        other.markers()
    );
    if other.status.success() {
        // It waited: it asked for the lock while the import's write was open, and its first
        // write (the unlock's audit event) began only after the import committed.
        assert!(asked < import_commit, "the second program asked to write before the import committed");
        // The order of the two programs' writes, from the audit log (the import's event is
        // in its transaction; the second program's first write is its unlock event): the
        // markers' arrival times cannot order events a few microseconds apart.
        let mut events = v.json(&["audit"]).as_array().expect("events").clone();
        events.reverse();
        let is = |e: &serde_json::Value, action: &str, entity: &str| e["action"] == action && e["entity"] == entity;
        let import = events.iter().rposition(|e| is(e, "import", "import")).expect("the import is audited");
        let create = events.iter().position(|e| is(e, "create", "client")).expect("the client is audited");
        assert!(is(&events[create - 1], "unlock", "vault"), "the second program's unlock: {:?}", events[create - 1]);
        assert!(import < create - 1, "its first write came after the import's: it waited");
        assert!(clients.contains("Written meanwhile"), "a write reported as done is there");
    } else {
        assert!(
            other.stderr.contains("in use by another program"),
            "the second writer gets a clear message: {}",
            other.stderr
        );
        assert_eq!(other.count("write-begin"), 0, "it wrote nothing");
        assert!(other_ended < import_commit, "it gave up while the import's write was still open");
        assert!(!clients.contains("Written meanwhile"));
    }
    assert_sound(&v);
}

#[test]
fn a_clean_machine_restores_from_only_the_backup_and_the_recovery_key() {
    let (v, recovery_key) = TestVault::init();
    v.ok(&["client", "add", "--name", "Nguyễn Thị Lan", "--a-number", "A123456789"]);
    let backup = v.root.path().join("vault.pbbackup");
    v.ok(&["backup", backup.to_str().expect("utf-8")]);
    // Another "machine": a fresh home, no vault, no keyring, no passphrase; only the file.
    let clean = TestVault::empty();
    let copied = clean.root.path().join("from-usb.pbbackup");
    std::fs::copy(&backup, &copied).expect("copy");
    drop(v);
    let out = clean
        .cmd(&["--recovery-key", "restore", copied.to_str().expect("utf-8")])
        .env_remove("PROBONO_PASSPHRASE")
        .env("PROBONO_RECOVERY_KEY", &recovery_key)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = clean
        .cmd(&["--recovery-key", "client", "list", "--json"])
        .env_remove("PROBONO_PASSPHRASE")
        .env("PROBONO_RECOVERY_KEY", &recovery_key)
        .output()
        .expect("runs");
    let clients: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(clients[0]["name"], "Nguyễn Thị Lan");
    // The restored vault's passphrase is the one the backup was made under.
    assert_eq!(clean.json(&["client", "list"])[0]["a_number"], "123456789");
    // Restoring again into the same folder is refused: it never overwrites.
    let err = clean.fails(1, &["restore", copied.to_str().expect("utf-8")]);
    assert!(err.contains("never overwrites"), "{err}");
}

/// `rows` hours of one volunteer (v0@example.org) on the matters of `vault_with_matters`,
/// tagged `tag`.
fn one_volunteers_hours(v: &TestVault, tag: &str, rows: usize) -> PathBuf {
    let mut csv = String::from("volunteer_name,volunteer_email,role,case_ref,date,hours,activity\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "Volunteer Zero,v0@example.org,attorney,M-{},2026-0{}-1{},0.5,{tag} {i}\n",
            i % 50,
            1 + i % 9,
            i % 10
        ));
    }
    let path = v.root.path().join(format!("mine-{tag}.csv"));
    std::fs::write(&path, csv).expect("write");
    path
}

#[test]
fn killing_an_hour_submission_import_leaves_none_or_all_of_its_entries() {
    let _turn = crate::support::one_kill_loop_at_a_time();
    let coord = vault_with_matters();
    let key = coord.ok(&["program-key"]).trim().to_owned();
    let vol = vault_with_matters();
    let rows = 200;
    // The volunteer logs more hours each round and submits everything so far; the
    // coordinator's import of that file is the write under test.
    let submit = |round: &str| -> (PathBuf, String) {
        vol.ok(&["import", "hours", path_str(&one_volunteers_hours(&vol, round, rows))]);
        let file = vol.root.path().join(format!("hours-{round}.pbhours"));
        let out = vol.ok(&[
            "submit-hours",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--program-key",
            &key,
            "--volunteer",
            "v0@example.org",
            "--out",
            path_str(&file),
        ]);
        (file, out)
    };
    let (first, out) = submit("warmup");
    let fingerprint = out
        .lines()
        .find_map(|l| l.split(": ").nth(1).filter(|f| f.len() == 39))
        .expect("the fingerprint is printed")
        .to_owned();
    let begin = ("write-begin", OWN_WRITE);
    let end = ("write-commit", OWN_WRITE);
    let warmup = coord
        .spawn_traced(coord.cmd(&["import", "submission", path_str(&first), "--accept-key", &fingerprint]))
        .finish();
    assert!(warmup.status.success(), "the first submission imports: {}", warmup.stderr);
    let (to_begin, write) = spans(&warmup, begin, end);
    let mut timer =
        KillTimer::new(0x005e_ed0f_5ab1, to_begin.expect("the import's write begins"), write.expect("and commits"));
    let mut expected = count(&coord, &["time", "list"]);
    assert_eq!(expected, rows);
    let mut tally = KillTally::default();
    let mut cut = 0;
    for round in 0..ROUNDS {
        let (file, _) = submit(&format!("r{round}"));
        let submitted = count(&vol, &["time", "list"]);
        let run = run_and_kill(
            &coord,
            coord.cmd(&["import", "submission", path_str(&file)]),
            None,
            begin.0,
            begin.1,
            timer.next(round),
        );
        let (b, w) = spans(&run, begin, end);
        timer.observe(b, w);
        let inside = tally.record(&run, begin, end);
        let after = count(&coord, &["time", "list"]);
        if run.status.success() {
            assert_eq!(after, submitted, "round {round}: a submission reported as imported is all there");
        } else {
            assert!(
                after == expected || after == submitted,
                "round {round}: {after} entries after the kill; expected {expected} (none of the file) or {submitted} (all)"
            );
            if inside && after == expected {
                cut += 1;
            }
        }
        expected = after;
        if round % 10 == 9 {
            assert_sound(&coord);
        }
        std::fs::remove_file(&file).expect("rm");
    }
    tally.assert_spread("hour-submission import");
    assert!(cut * 3 >= ROUNDS, "a third of the kills cut an import, which was rolled back: {cut}");
    // What was cut is brought in by the next import of the same (or a later) file.
    let (last, _) = submit("last");
    coord.ok(&["import", "submission", path_str(&last)]);
    assert_eq!(count(&coord, &["time", "list"]), count(&vol, &["time", "list"]));
    assert_sound(&coord);
}

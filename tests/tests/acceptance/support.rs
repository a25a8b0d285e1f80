//! A temp vault and a way to run the real `probono` binary against it.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const PASSPHRASE: &str = "correct horse battery staple";

/// The built `probono` binary. `make test` builds it first; run `cargo build -p probono-cli`
/// yourself when calling `cargo test` directly.
pub fn probono_bin() -> PathBuf {
    if let Some(path) = std::env::var_os("PROBONO_BIN") {
        return PathBuf::from(path);
    }
    // target/<profile>/deps/acceptance-<hash> -> target/<profile>/probono
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>");
    let bin = profile_dir.join(format!("probono{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build -p probono-cli` (make test does this)",
        bin.display()
    );
    bin
}

/// A temporary folder holding a vault folder and a private TMPDIR for the processes we run.
pub struct TestVault {
    pub root: tempfile::TempDir,
}

impl TestVault {
    /// An empty folder; the vault is not created yet.
    pub fn empty() -> TestVault {
        let root = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(root.path().join("tmp")).expect("tmp dir");
        TestVault { root }
    }

    /// A vault created with `probono init`; returns it and the recovery key it printed.
    pub fn init() -> (TestVault, String) {
        let v = TestVault::empty();
        let out = v.ok(&["init"]);
        let key = recovery_key_in(&out).expect("init prints a recovery key");
        (v, key)
    }

    pub fn dir(&self) -> PathBuf {
        self.root.path().join("vault")
    }

    pub fn tmp(&self) -> PathBuf {
        self.root.path().join("tmp")
    }

    /// The command with the vault, passphrase and a private TMPDIR/HOME set, and the
    /// keyring turned off (tests never touch a real keyring unless they set one up).
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(probono_bin());
        cmd.args(args)
            .env("PROBONO_VAULT", self.dir())
            .env("PROBONO_PASSPHRASE", PASSPHRASE)
            .env("PROBONO_KEYRING", "off")
            .env("TMPDIR", self.tmp())
            .env("HOME", self.root.path())
            .env("XDG_DATA_HOME", self.root.path().join("data"))
            .env("XDG_CONFIG_HOME", self.root.path().join("config"))
            .env_remove("PROBONO_RECOVERY_KEY")
            .env_remove("PROBONO_NEW_PASSPHRASE");
        cmd
    }

    /// Adds `n` clients with `notes_chars` of notes each through the library, with one
    /// unlock: for tests that need a vault of many pages and are not about adding clients
    /// (through the CLI each add pays a passphrase derivation, about half a second).
    pub fn add_clients_directly(&self, n: usize, notes_chars: usize) {
        let pass = probono_core::Passphrase::new(PASSPHRASE);
        let mut store = probono_core::Vault::open(&self.dir())
            .expect("open")
            .unlock(probono_core::Unlock::Passphrase(&pass))
            .expect("unlock");
        for i in 0..n {
            store
                .create_client(&probono_core::model::ClientDraft {
                    name: format!("Client number {i}"),
                    notes: Some("x".repeat(notes_chars)),
                    ..Default::default()
                })
                .expect("client");
        }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("probono runs")
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "probono {args:?} failed with {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs expecting exit code `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "probono {args:?} should exit {code}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).expect("utf-8 stderr")
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all: Vec<&str> = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("valid JSON")
    }

    /// Every file under the test root (vault folder, WAL, SHM, TMPDIR…), with contents.
    pub fn all_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![self.root.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read_dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(bytes) = std::fs::read(&path) {
                    out.push((path, bytes));
                }
            }
        }
        out
    }

    /// Path -> bytes of the vault folder's files, for "nothing changed" assertions.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir())
            .expect("vault dir")
            .map(|e| {
                let p = e.expect("entry").path();
                (p.file_name().expect("name").to_string_lossy().into_owned(), std::fs::read(&p).expect("read"))
            })
            .collect();
        files.sort();
        files
    }
}

/// The recovery key in `init`'s output: 13 dash-separated groups of 4.
pub fn recovery_key_in(text: &str) -> Option<String> {
    text.split_whitespace()
        .find(|w| w.len() == 64 && w.split('-').count() == 13 && w.split('-').all(|g| g.len() == 4))
        .map(str::to_owned)
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

impl TestVault {
    /// Like [`TestVault::init`], but made through the library with a cheap key derivation
    /// (256 KiB, one pass) instead of the ~0.5 s one `probono init` uses: for loops that run
    /// the CLI hundreds of times and are about writes, not about unlocking. The CLI opens it
    /// like any other vault (the key file records its cost). Returns the recovery key.
    pub fn init_cheap_unlock() -> (TestVault, String) {
        let v = TestVault::empty();
        let created = probono_core::Vault::create(
            &v.dir(),
            &probono_core::Passphrase::new(PASSPHRASE),
            probono_core::KdfParams { memory_kib: 256, iterations: 1, parallelism: 1 },
        )
        .expect("create");
        let key = created.recovery_key.display().as_str().to_owned();
        drop(created.store);
        (v, key)
    }

    /// Starts `cmd` with `PROBONO_TRACE_WRITES=1`, stdout discarded, stdin piped and stderr
    /// read on a thread that timestamps each `probono-trace:` marker as it arrives.
    pub fn spawn_traced(&self, mut cmd: Command) -> Traced {
        let mut child = cmd
            .env("PROBONO_TRACE_WRITES", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn probono");
        let started = Instant::now();
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut other = String::new();
            let mut line = Vec::new();
            loop {
                line.clear();
                match reader.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                let text = String::from_utf8_lossy(&line);
                // Only a whole line is a marker: a line cut short by the kill is not.
                match text.strip_prefix("probono-trace: ").and_then(|t| t.strip_suffix('\n')) {
                    Some(event) => {
                        let _ = tx.send((event.to_owned(), Instant::now()));
                    }
                    None => other.push_str(&text),
                }
            }
            other
        });
        Traced { child, started, rx, events: Vec::new(), reader: Some(reader) }
    }
}

/// A running `probono` whose trace markers the test reads (see [`TestVault::spawn_traced`]).
pub struct Traced {
    child: Child,
    pub started: Instant,
    rx: mpsc::Receiver<(String, Instant)>,
    events: Vec<(String, Instant)>,
    reader: Option<std::thread::JoinHandle<String>>,
}

impl Traced {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Writes `text` to the process's stdin and closes it (ignoring a process that has
    /// already exited or does not read it).
    pub fn send_stdin(&mut self, text: &str) {
        if let Some(mut stdin) = self.child.stdin.take() {
            let _ = stdin.write_all(text.as_bytes());
        }
    }

    /// Waits for the `nth` (from 1) `event` marker; `None` when the process closed its
    /// stderr (it ended) or `timeout` passed first.
    pub fn wait_for(&mut self, event: &str, nth: usize, timeout: Duration) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        loop {
            self.events.extend(self.rx.try_iter());
            if let Some(at) = nth_at(&self.events, event, nth) {
                return Some(at);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            match self.rx.recv_timeout(left) {
                Ok(e) => self.events.push(e),
                Err(_) => return None,
            }
        }
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().expect("try_wait").is_none()
    }

    /// SIGKILL now, then waits; the run includes every marker written before the kill.
    pub fn kill(mut self) -> Run {
        let killed_at = Instant::now();
        let _ = self.child.kill();
        let mut run = self.finish();
        run.killed_at = Some(killed_at);
        run
    }

    /// Waits for the process to end and for its stderr to close.
    pub fn finish(mut self) -> Run {
        drop(self.child.stdin.take());
        let status = self.child.wait().expect("wait");
        let stderr = self.reader.take().expect("reader").join().expect("stderr reader");
        self.events.extend(self.rx.try_iter());
        Run { status, started: self.started, events: std::mem::take(&mut self.events), stderr, killed_at: None }
    }
}

impl Drop for Traced {
    /// A test that fails halfway leaves no writer running.
    fn drop(&mut self) {
        if self.reader.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What a traced process did: its exit status, its markers (with when the test saw them)
/// and the rest of its stderr.
pub struct Run {
    pub status: ExitStatus,
    pub started: Instant,
    pub events: Vec<(String, Instant)>,
    pub stderr: String,
    pub killed_at: Option<Instant>,
}

impl Run {
    pub fn count(&self, event: &str) -> usize {
        self.events.iter().filter(|(e, _)| e == event).count()
    }

    /// When the `nth` (from 1) `event` marker arrived.
    pub fn at(&self, event: &str, nth: usize) -> Option<Instant> {
        nth_at(&self.events, event, nth)
    }

    pub fn markers(&self) -> Vec<&str> {
        self.events.iter().map(|(e, _)| e.as_str()).collect()
    }
}

fn nth_at(events: &[(String, Instant)], event: &str, nth: usize) -> Option<Instant> {
    events.iter().filter(|(e, _)| e == event).nth(nth.checked_sub(1)?).map(|(_, at)| *at)
}

/// Where a kill -9 lands, relative to the begin marker of the write under test.
#[derive(Debug, Clone, Copy)]
pub enum KillAt {
    /// This long after the process started (most of these land before the write).
    AfterStart(Duration),
    /// This long after the begin marker arrived.
    AfterBegin(Duration),
}

/// Kill times for the kill -9 loops: one round in five a time before the write (somewhere in
/// the unlock), the others a jittered delay after the write's begin marker, spread over
/// 1.2 times the write's typical duration, which it keeps learning from the rounds whose
/// write finished (so a loaded machine stretches the spread with it).
pub struct KillTimer {
    state: u64,
    /// Half the first measurement: the rounds it learns from are the ones whose write
    /// finished before the kill, which over-represents short writes, so it may not drift
    /// below this.
    floor: Duration,
    /// Start to begin marker, and begin marker to end marker, as last measured.
    pub to_begin: Duration,
    pub write: Duration,
}

impl KillTimer {
    pub fn new(seed: u64, to_begin: Duration, write: Duration) -> KillTimer {
        KillTimer { state: seed | 1, floor: write / 2, to_begin, write }
    }

    /// Where the jitter sequence is now (to start a timer again from it).
    pub fn seed(&self) -> u64 {
        self.state
    }

    fn fraction(&mut self) -> f64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        (self.state % 10_000) as f64 / 10_000.0
    }

    pub fn next(&mut self, round: usize) -> KillAt {
        let f = self.fraction();
        if round % 5 == 4 {
            KillAt::AfterStart(self.to_begin.mul_f64(f))
        } else {
            KillAt::AfterBegin(self.write.mul_f64(1.2 * f))
        }
    }

    /// Learns from a round that saw both markers.
    pub fn observe(&mut self, to_begin: Option<Duration>, write: Option<Duration>) {
        if let Some(d) = to_begin {
            self.to_begin = (self.to_begin * 3 + d) / 4;
        }
        if let Some(d) = write {
            self.write = ((self.write * 3 + d) / 4).max(self.floor);
        }
    }
}

/// Runs `cmd` traced and kills it as `at` says, waiting for the `nth` `begin` marker when
/// the kill is timed after it (a process that ends first is not killed).
pub fn run_and_kill(v: &TestVault, cmd: Command, stdin: Option<&str>, begin: &str, nth: usize, at: KillAt) -> Run {
    let mut child = v.spawn_traced(cmd);
    if let Some(text) = stdin {
        child.send_stdin(text);
    }
    match at {
        KillAt::AfterStart(delay) => std::thread::sleep(delay),
        KillAt::AfterBegin(delay) => {
            if child.wait_for(begin, nth, Duration::from_secs(120)).is_some() {
                std::thread::sleep(delay);
            }
        }
    }
    child.kill()
}

/// Kill loops time their kills from what they measured of the writes; two loops at once on a
/// two-core machine skew each other's timing (in one run both kept landing their kills
/// outside the writes and failed their spread). Each loop takes this first: one at a time,
/// beside the other tests.
pub fn one_kill_loop_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // A loop that failed while holding it poisons it; the next one may still run.
    TURN.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How the kill -9 rounds of a loop landed, for its assertions and its printout.
#[derive(Debug, Default)]
pub struct KillTally {
    pub rounds: usize,
    /// Killed before the begin marker.
    pub before: usize,
    /// Begin marker seen, end marker not, exit not successful: the write was cut.
    pub inside: usize,
    /// End marker seen, then killed before the process exited.
    pub after: usize,
    /// Exited successfully before the kill.
    pub completed: usize,
}

impl KillTally {
    /// Records a round; returns whether the kill landed inside the write.
    pub fn record(&mut self, run: &Run, begin: (&str, usize), end: (&str, usize)) -> bool {
        self.rounds += 1;
        if !run.status.success() {
            // Ended by our SIGKILL, not failing on its own.
            assert_eq!(
                std::os::unix::process::ExitStatusExt::signal(&run.status),
                Some(9),
                "the process failed by itself ({:?}): {}",
                run.status,
                run.stderr
            );
        }
        let began = run.count(begin.0) >= begin.1;
        let ended = run.count(end.0) >= end.1;
        if run.status.success() {
            self.completed += 1;
        } else if !began {
            self.before += 1;
        } else if !ended {
            self.inside += 1;
            return true;
        } else {
            self.after += 1;
        }
        false
    }

    /// At least a third of the rounds cut the write, and some landed on each side of it.
    pub fn assert_spread(&self, what: &str) {
        eprintln!("{what}: {self:?}");
        assert!(self.rounds >= 50, "{what}: at least 50 rounds, ran {}", self.rounds);
        assert!(
            self.inside * 3 >= self.rounds,
            "{what}: at least a third of the kills must land inside the write: {self:?}"
        );
        assert!(self.before > 0, "{what}: some kills land before the write: {self:?}");
    }
}

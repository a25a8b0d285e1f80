//! A temp vault and a way to run the real `probono` binary against it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

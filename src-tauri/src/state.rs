//! What the desktop process holds between commands: which vault is chosen, the unlocked
//! store (or none), when the user last did something, and the recovery key of a vault just
//! created (until its kit is saved or dismissed).
//!
//! Everything runs through [`AppState::run`], which takes the lock on a blocking thread, so
//! SQLite work never runs on the async runtime or the UI thread.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use probono_core::{Error, Keyring, PublicError, RecoveryKey, Result, Store};

pub struct AppState {
    inner: Mutex<Inner>,
    /// Folder for the app's own small config (last vault folder), not for client data.
    config_dir: PathBuf,
    /// Where new vaults and the demo go by default.
    data_dir: PathBuf,
    /// Where exports are offered by default.
    export_dir: PathBuf,
    next_task: AtomicU64,
    cancels: Mutex<Vec<(u64, Arc<AtomicBool>)>>,
}

pub struct Inner {
    pub vault_dir: PathBuf,
    pub store: Option<Store>,
    pub last_activity: Instant,
    pub auto_lock: Duration,
    pub pending_recovery: Option<RecoveryKey>,
    pub keyring: Keyring,
}

/// The desktop app's page cache per connection. The core's default (64 MiB) suits batch work
/// in the CLI; in the app it would take the process over its 200 MB budget on a large vault
/// for no visible gain: measured on the 1M-entry vault, the dashboard and the matter page take
/// the same time with 16 MiB (docs/performance.md).
pub const DESKTOP_CACHE_KIB: u32 = 16 * 1024;

impl Inner {
    /// Holds a freshly unlocked store, with the app's cache size.
    pub fn open_store(&mut self, store: Store) -> Result<()> {
        store.set_page_cache_kib(DESKTOP_CACHE_KIB)?;
        self.store = Some(store);
        Ok(())
    }

    pub fn store(&mut self) -> Result<&mut Store> {
        self.store.as_mut().ok_or(Error::Locked)
    }

    /// Closes the database and wipes the key; the UI clears its own state on the event.
    pub fn lock(&mut self) {
        if let Some(store) = self.store.take() {
            store.lock();
        }
        self.pending_recovery = None;
    }
}

impl AppState {
    pub fn new(config_dir: PathBuf, data_dir: PathBuf, export_dir: PathBuf, keyring: Keyring) -> AppState {
        let vault_dir = read_last_vault(&config_dir).unwrap_or_else(|| data_dir.join("vault"));
        AppState {
            inner: Mutex::new(Inner {
                vault_dir,
                store: None,
                last_activity: Instant::now(),
                auto_lock: Duration::from_secs(10 * 60),
                pending_recovery: None,
                keyring,
            }),
            config_dir,
            data_dir,
            export_dir,
            next_task: AtomicU64::new(1),
            cancels: Mutex::new(Vec::new()),
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn export_dir(&self) -> &Path {
        &self.export_dir
    }

    pub fn demo_dir(&self) -> PathBuf {
        self.data_dir.join("demo-vault")
    }

    /// Runs `f` with the state locked, on a blocking thread; marks the user active.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> std::result::Result<T, PublicError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Inner) -> Result<T> + Send + 'static,
    {
        let state = Arc::clone(self);
        tauri::async_runtime::spawn_blocking(move || {
            let mut inner =
                state.inner.lock().map_err(|_| Error::Internal("the app state lock was poisoned".into()))?;
            inner.last_activity = Instant::now();
            f(&mut inner)
        })
        .await
        .map_err(|e| Error::Internal(format!("a background task failed: {e}")).to_public())?
        .map_err(|e| e.to_public())
    }

    /// Locks the vault when the user has been idle longer than the auto-lock setting.
    /// Returns true when it locked.
    pub fn lock_if_idle(&self) -> bool {
        let Ok(mut inner) = self.inner.lock() else { return false };
        if inner.store.is_some() && inner.last_activity.elapsed() >= inner.auto_lock {
            inner.lock();
            return true;
        }
        false
    }

    pub fn remember_vault_dir(&self, dir: &Path) {
        let _ = std::fs::create_dir_all(&self.config_dir);
        let body = serde_json::json!({ "vault_dir": dir });
        let _ =
            probono_core::fsutil::write_atomically(&self.config_dir.join("config.json"), body.to_string().as_bytes());
    }

    /// A cancellation flag for a long task, and its id for the UI's Cancel button.
    pub fn new_task(&self) -> (u64, Arc<AtomicBool>) {
        let id = self.next_task.fetch_add(1, Ordering::Relaxed);
        let flag = Arc::new(AtomicBool::new(false));
        if let Ok(mut cancels) = self.cancels.lock() {
            cancels.push((id, Arc::clone(&flag)));
        }
        (id, flag)
    }

    pub fn task_flag(&self, id: u64) -> Option<Arc<AtomicBool>> {
        let cancels = self.cancels.lock().ok()?;
        cancels.iter().find(|(task, _)| *task == id).map(|(_, flag)| Arc::clone(flag))
    }

    pub fn finish_task(&self, id: u64) {
        if let Ok(mut cancels) = self.cancels.lock() {
            cancels.retain(|(task, _)| *task != id);
        }
    }

    pub fn cancel_task(&self, id: u64) -> bool {
        let Ok(cancels) = self.cancels.lock() else { return false };
        match cancels.iter().find(|(task, _)| *task == id) {
            Some((_, flag)) => {
                flag.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

fn read_last_vault(config_dir: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(config_dir.join("config.json")).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value.get("vault_dir")?.as_str().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use probono_core::vault::KdfParams;
    use probono_core::{Passphrase, Vault};

    fn state_with_open_vault(dir: &Path) -> AppState {
        let state =
            AppState::new(dir.join("config"), dir.join("data"), dir.to_path_buf(), Keyring::unavailable("test"));
        let kdf = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
        let created =
            Vault::create(&dir.join("vault"), &Passphrase::new("correct horse battery staple"), kdf).expect("vault");
        let mut inner = state.inner.lock().expect("lock");
        inner.open_store(created.store).expect("open store");
        inner.pending_recovery = Some(created.recovery_key);
        drop(inner);
        state
    }

    #[test]
    fn an_idle_vault_locks_itself_and_forgets_the_pending_recovery_key() {
        let dir = tempfile::tempdir().expect("tmp");
        let state = state_with_open_vault(dir.path());
        state.inner.lock().expect("lock").auto_lock = Duration::from_secs(600);
        assert!(!state.lock_if_idle(), "not idle long enough");
        state.inner.lock().expect("lock").auto_lock = Duration::ZERO;
        assert!(state.lock_if_idle(), "idle past the setting");
        let inner = state.inner.lock().expect("lock");
        assert!(inner.store.is_none() && inner.pending_recovery.is_none());
        drop(inner);
        assert!(!state.lock_if_idle(), "already locked: nothing to do");
    }

    #[test]
    fn an_unlocked_vault_gets_the_desktop_cache_size() {
        let dir = tempfile::tempdir().expect("tmp");
        let state = state_with_open_vault(dir.path());
        let mut inner = state.inner.lock().expect("lock");
        let cache: i64 =
            inner.store().expect("open").conn().query_row("PRAGMA cache_size", [], |r| r.get(0)).expect("pragma");
        assert_eq!(cache, -i64::from(DESKTOP_CACHE_KIB));
    }

    #[test]
    fn tasks_can_be_cancelled_until_finished() {
        let dir = tempfile::tempdir().expect("tmp");
        let state = AppState::new(
            dir.path().join("c"),
            dir.path().join("d"),
            dir.path().to_path_buf(),
            Keyring::unavailable("test"),
        );
        let (id, flag) = state.new_task();
        assert!(state.cancel_task(id));
        assert!(flag.load(Ordering::Relaxed));
        state.finish_task(id);
        assert!(!state.cancel_task(id), "a finished task is gone");
        assert!(state.task_flag(id).is_none());
    }

    #[test]
    fn the_last_vault_folder_is_remembered_between_runs() {
        let dir = tempfile::tempdir().expect("tmp");
        let state = AppState::new(
            dir.path().join("c"),
            dir.path().join("d"),
            dir.path().to_path_buf(),
            Keyring::unavailable("test"),
        );
        state.remember_vault_dir(&dir.path().join("elsewhere"));
        let again = AppState::new(
            dir.path().join("c"),
            dir.path().join("d"),
            dir.path().to_path_buf(),
            Keyring::unavailable("test"),
        );
        assert_eq!(again.inner.lock().expect("lock").vault_dir, dir.path().join("elsewhere"));
    }
}

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

impl Inner {
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

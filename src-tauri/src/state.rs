//! What the desktop process holds: the application layer's [`Desk`] (the open vault, its
//! tasks, auto-lock), where vaults live, and the keyring. Commands reach it through
//! [`AppState::screens`] and [`AppState::task`], which run the work on a blocking thread so
//! SQLite never runs on the async runtime or the UI thread.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use probono_app::Locations;
use probono_app::desk::{Desk, Screens};
use probono_app::session::Session;
use probono_core::task::{Progress, TaskContext};
use probono_core::{Error, Keyring, PublicError, Result};
use tauri::{AppHandle, Emitter};

use crate::dto::ProgressEvent;

pub struct AppState {
    pub desk: Desk,
    pub locations: Locations,
    /// Where save fields start when the vault names no export folder.
    pub export_dir: PathBuf,
    pub keyring: Keyring,
    /// Said once, on the first look at the vault's state.
    notice: std::sync::Mutex<Option<String>>,
}

/// The desktop app's page cache per connection. The core's default (64 MiB) suits batch work
/// in the CLI; in the app it would take the process over its 200 MB budget on a large vault
/// for no visible gain (docs/performance.md).
pub const DESKTOP_CACHE_KIB: u32 = 16 * 1024;

/// Auto-lock before a vault's own setting is read.
const DEFAULT_AUTO_LOCK: Duration = Duration::from_secs(10 * 60);

pub type Res<T> = std::result::Result<T, PublicError>;

impl AppState {
    /// The state at start-up, with the vault folder chosen last (or the default, or where an
    /// earlier version of the app kept it, which the first screen then says once).
    pub fn new(locations: Locations, export_dir: PathBuf, keyring: Keyring) -> AppState {
        let chosen = locations.chosen_vault();
        AppState {
            desk: Desk::new(chosen.dir, DEFAULT_AUTO_LOCK),
            locations,
            export_dir,
            keyring,
            notice: std::sync::Mutex::new(chosen.notice),
        }
    }

    /// The start-up notice, the first time it is asked for.
    pub fn take_notice(&self) -> Option<String> {
        self.notice.lock().ok().and_then(|mut n| n.take())
    }

    /// Short screen work, on a blocking thread.
    pub async fn screens<T, F>(self: &Arc<Self>, f: F) -> Res<T>
    where
        T: Send + 'static,
        F: FnOnce(&AppState, &mut Screens) -> Result<T> + Send + 'static,
    {
        let state = Arc::clone(self);
        blocking(move || state.desk.screens(|screens| f(&state, screens))).await
    }

    /// Unlocks the chosen vault with `open` (Argon2 and all) outside the screens' lock, then
    /// `install`s it ([`Desk::open_chosen`]).
    pub async fn open_chosen<T, O, I>(self: &Arc<Self>, open: O, install: I) -> Res<T>
    where
        T: Send + 'static,
        O: FnOnce(&std::path::Path) -> Result<Session> + Send + 'static,
        I: FnOnce(&AppState, &mut Screens, PathBuf, Session) -> Result<T> + Send + 'static,
    {
        let state = Arc::clone(self);
        blocking(move || state.desk.open_chosen(open, |screens, dir, session| install(&state, screens, dir, session)))
            .await
    }

    /// Long work over the open records, a vault's or a team server's
    /// ([`probono_app::desk::Desk::run_records_task`]), with progress events and Cancel.
    pub async fn records_task<T, F>(self: &Arc<Self>, app: AppHandle, task: u64, f: F) -> Res<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn probono_core::records::Records, &TaskContext) -> Result<T> + Send + 'static,
    {
        let state = Arc::clone(self);
        blocking(move || state.desk.run_records_task(task, progress_events(app, task), f)).await
    }

    /// Long work on a connection of its own, with progress events tagged `task` and Cancel.
    pub async fn task<T, F>(self: &Arc<Self>, app: AppHandle, task: u64, f: F) -> Res<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Session, &TaskContext) -> Result<T> + Send + 'static,
    {
        let state = Arc::clone(self);
        blocking(move || state.desk.run_task(task, progress_events(app, task), f)).await
    }
}

/// Progress as `progress` events for the UI's bars, tagged with the task's id.
pub fn progress_events(app: AppHandle, task: u64) -> impl Fn(&Progress<'_>) + Send + Sync + 'static {
    move |p: &Progress<'_>| {
        let _ = app.emit(
            "progress",
            ProgressEvent { task, stage: p.stage.to_owned(), done: p.done as usize, total: p.total as usize },
        );
    }
}

/// Runs blocking work off the async runtime and turns its error into the public shape.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Res<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| Error::Internal(format!("a background task failed: {e}")).to_public())?
        .map_err(|e| e.to_public())
}

/// Makes `session` the open vault: the app's cache size and the vault's auto-lock setting.
pub fn open_in(screens: &mut Screens, dir: PathBuf, session: Session) -> Result<()> {
    prepare(screens, &session)?;
    screens.open(dir, session);
    Ok(())
}

/// The desktop cache and the auto-lock period for a session about to become the open one.
pub fn prepare(screens: &mut Screens, session: &Session) -> Result<()> {
    session.set_page_cache_kib(DESKTOP_CACHE_KIB)?;
    let minutes = session.records().settings()?.auto_lock_minutes;
    screens.auto_lock = Duration::from_secs(u64::from(minutes) * 60);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use probono_core::Passphrase;
    use probono_core::vault::KdfParams;

    #[test]
    fn an_opened_vault_gets_the_desktop_cache_size_and_its_auto_lock_setting() {
        let dir = tempfile::tempdir().expect("tmp");
        let cheap = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
        let mut session = Session::from(
            probono_core::Vault::create(
                &dir.path().join("vault"),
                &Passphrase::new("correct horse battery staple"),
                cheap,
            )
            .expect("vault")
            .store,
        );
        session.records_mut().set_setting("auto_lock_minutes", "3").expect("setting");
        let desk = Desk::new(dir.path().join("vault"), DEFAULT_AUTO_LOCK);
        desk.screens(|s| {
            open_in(s, dir.path().join("vault"), session)?;
            assert_eq!(s.auto_lock, Duration::from_secs(180));
            assert_eq!(s.session()?.page_cache_kib()?, DESKTOP_CACHE_KIB);
            Ok(())
        })
        .expect("open");
    }
}

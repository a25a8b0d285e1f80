//! The desktop app's hold on a vault, shared by its threads: the session the screens read and
//! write through, long tasks on connections of their own, and auto-lock.
//!
//! - Screens never wait behind a long task: a task (backup, import, export, restore) runs on a
//!   second connection to the vault, outside the lock the screens take.
//! - Lock never waits behind a task: it closes the screens' session, wipes the key and cancels
//!   every running task, which then stops at its next step and closes its own connection.
//! - Auto-lock counts idle time from the person's last action or the end of the last task; a
//!   task still running keeps the vault open (the person is waiting for it).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use probono_core::task::{CancelHandle, ProgressSink, TaskContext};
use probono_core::{Error, RecoveryKey, Result};

use crate::session::Session;

/// What the screens work with.
pub struct Screens {
    /// The vault folder chosen (it may hold no vault yet).
    pub vault_dir: PathBuf,
    pub session: Option<Session>,
    /// The recovery key of a vault just created, until its kit is saved or dismissed.
    pub pending_recovery: Option<RecoveryKey>,
    pub auto_lock: Duration,
    /// A team server connected instead of a vault (docs/team-mode.md): while it is, the
    /// screens' records are the server's.
    pub team: Option<crate::team::Connected>,
    /// Changes whenever a vault is locked or opened, so a task that ends after a lock can
    /// tell that its result belongs to a vault no longer open.
    generation: u64,
}

impl Screens {
    /// The open vault, for what only a vault does. Connected to a team server, a plain
    /// refusal instead (not "locked": nothing is locked).
    pub fn session(&mut self) -> Result<&mut Session> {
        if self.team.is_some() {
            return Err(Error::invalid("server", "this works only in a vault, not on a team server yet"));
        }
        self.session.as_mut().ok_or(Error::Locked)
    }

    /// The records the screens show: the team server's when connected (connecting again if
    /// the server had closed the connection, e.g. it restarted), else the open vault's.
    pub fn records(&mut self) -> Result<&mut dyn probono_core::records::Records> {
        if let Some(connected) = self.team.as_mut() {
            connected.reconnect_if_closed()?;
            return Ok(&mut connected.team);
        }
        Ok(self.session.as_mut().ok_or(Error::Locked)?.records_mut())
    }

    /// Whether records are open (a vault unlocked or a team server connected).
    pub fn is_open(&self) -> bool {
        self.session.is_some() || self.team.is_some()
    }

    /// A client with their matters; opening the record is audited (not in a damaged vault).
    pub fn client_page(&mut self, id: uuid::Uuid) -> Result<crate::session::ClientPage> {
        match self.team.as_mut() {
            Some(connected) => crate::session::client_page(&mut connected.team, id),
            None => self.session()?.client_page(id),
        }
    }

    /// Makes a team server the screens' records, closing any open vault.
    pub fn connect_team(&mut self, connected: crate::team::Connected) {
        self.close();
        self.team = Some(connected);
    }

    /// Makes `session` the open vault (in `dir`), closing any other.
    pub fn open(&mut self, dir: PathBuf, session: Session) {
        self.close();
        self.vault_dir = dir;
        self.session = Some(session);
    }

    /// Chooses another vault folder (locked until unlocked), closing the open vault.
    pub fn open_folder(&mut self, dir: PathBuf) {
        self.close();
        self.vault_dir = dir;
    }

    fn close(&mut self) {
        if let Some(session) = self.session.take() {
            session.lock();
        }
        // Disconnecting drops the connection (and the password it was opened with).
        self.team = None;
        self.pending_recovery = None;
        self.generation += 1;
    }
}

struct Running {
    id: u64,
    cancel: CancelHandle,
    started: bool,
}

pub struct Desk {
    screens: Mutex<Screens>,
    tasks: Mutex<Vec<Running>>,
    next_task: AtomicU64,
    last_activity: Mutex<Instant>,
}

impl Desk {
    pub fn new(vault_dir: PathBuf, auto_lock: Duration) -> Desk {
        Desk {
            screens: Mutex::new(Screens {
                vault_dir,
                session: None,
                pending_recovery: None,
                auto_lock,
                team: None,
                generation: 0,
            }),
            tasks: Mutex::new(Vec::new()),
            next_task: AtomicU64::new(1),
            last_activity: Mutex::new(Instant::now()),
        }
    }

    fn lock_screens(&self) -> Result<MutexGuard<'_, Screens>> {
        self.screens.lock().map_err(|_| Error::Internal("the app state lock was poisoned".into()))
    }

    fn lock_tasks(&self) -> MutexGuard<'_, Vec<Running>> {
        self.tasks.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Marks the person active (postpones auto-lock).
    pub fn touch(&self) {
        *self.last_activity.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Instant::now();
    }

    fn idle_for(&self) -> Duration {
        self.last_activity.lock().unwrap_or_else(std::sync::PoisonError::into_inner).elapsed()
    }

    /// Runs a short piece of screen work with the screens' state; the person is active.
    /// A read that reaches a damaged page leaves the vault open read-only from then on.
    pub fn screens<T>(&self, f: impl FnOnce(&mut Screens) -> Result<T>) -> Result<T> {
        self.touch();
        let mut screens = self.lock_screens()?;
        let result = f(&mut screens);
        if let (Err(Error::VaultDamaged(why)), Some(session)) = (&result, screens.session.as_mut()) {
            // Best effort: if even a read-only connection cannot be made, the error stands.
            let _ = session.fall_back_to_read_only(why);
        }
        result
    }

    /// A new task's id, for the Cancel button and to tag its progress, before it starts.
    pub fn new_task(&self) -> u64 {
        let id = self.next_task.fetch_add(1, Ordering::Relaxed);
        self.lock_tasks().push(Running { id, cancel: CancelHandle::default(), started: false });
        id
    }

    /// Cancels a task; false when no such task is waiting or running.
    pub fn cancel_task(&self, id: u64) -> bool {
        match self.lock_tasks().iter().find(|t| t.id == id) {
            Some(task) => {
                task.cancel.cancel();
                true
            }
            None => false,
        }
    }

    /// How many tasks are running now.
    pub fn running_tasks(&self) -> usize {
        self.lock_tasks().iter().filter(|t| t.started).count()
    }

    fn begin(&self, id: u64, sink: impl ProgressSink + 'static) -> TaskContext {
        let mut tasks = self.lock_tasks();
        let cancel = match tasks.iter_mut().find(|t| t.id == id) {
            Some(task) => {
                task.started = true;
                task.cancel.clone()
            }
            None => {
                let cancel = CancelHandle::default();
                tasks.push(Running { id, cancel: cancel.clone(), started: true });
                cancel
            }
        };
        TaskContext::with_cancel(cancel, sink)
    }

    fn end(&self, id: u64) {
        self.lock_tasks().retain(|t| t.id != id);
        self.touch();
    }

    /// Runs long work on a connection of its own to the open vault. The screens stay free
    /// meanwhile; a lock cancels the work. Activity is stamped when it ends.
    pub fn run_task<T>(
        &self,
        id: u64,
        sink: impl ProgressSink + 'static,
        work: impl FnOnce(&mut Session, &TaskContext) -> Result<T>,
    ) -> Result<T> {
        let task = self.begin(id, sink);
        let result = (|| {
            let mut session = self.screens(|s| s.session()?.for_task())?;
            task.check()?;
            work(&mut session, &task)
        })();
        self.end(id);
        result
    }

    /// Runs long work over the open records: a vault's on a connection of its own (as
    /// [`Desk::run_task`]); a team server's on the app's one connection, holding the screens
    /// until it ends (other screens wait; a server does the work in one transaction).
    pub fn run_records_task<T>(
        &self,
        id: u64,
        sink: impl ProgressSink + 'static,
        work: impl FnOnce(&mut dyn probono_core::records::Records, &TaskContext) -> Result<T>,
    ) -> Result<T> {
        let task = self.begin(id, sink);
        let result = (|| {
            let mut screens = self.lock_screens()?;
            if screens.team.is_some() {
                task.check()?;
                return work(screens.records()?, &task);
            }
            let mut session = screens.session()?.for_task()?;
            drop(screens);
            task.check()?;
            work(session.records_mut(), &task)
        })();
        self.end(id);
        result
    }

    /// Runs long work that opens a vault of its own (restore), then hands it to `open` to
    /// become the open one, unless the app was locked or another vault opened meanwhile (the
    /// new vault is then closed and the task counts as cancelled).
    pub fn run_opening_task(
        &self,
        id: u64,
        sink: impl ProgressSink + 'static,
        work: impl FnOnce(&TaskContext) -> Result<(PathBuf, Session)>,
        open: impl FnOnce(&mut Screens, PathBuf, Session) -> Result<()>,
    ) -> Result<()> {
        let task = self.begin(id, sink);
        let generation = self.lock_screens().map(|s| s.generation);
        let result = generation.and_then(|generation| {
            let (dir, session) = work(&task)?;
            let mut screens = self.lock_screens()?;
            if task.is_cancelled() || screens.generation != generation {
                session.lock();
                return Err(Error::Cancelled);
            }
            open(&mut screens, dir, session)
        });
        self.end(id);
        result
    }

    /// Opens the chosen vault with `open`, which may take a while (deriving a key from a
    /// passphrase runs Argon2: about half a second, more for a key file that asks for more),
    /// without holding the screens' lock meanwhile, so Lock, auto-lock and every screen stay
    /// free. `install` then makes the session the open vault, unless another folder was
    /// chosen or a vault opened or locked meanwhile (the new session is closed and the result
    /// counts as cancelled).
    pub fn open_chosen<T>(
        &self,
        open: impl FnOnce(&std::path::Path) -> Result<Session>,
        install: impl FnOnce(&mut Screens, PathBuf, Session) -> Result<T>,
    ) -> Result<T> {
        self.touch();
        let (dir, generation) = {
            let screens = self.lock_screens()?;
            (screens.vault_dir.clone(), screens.generation)
        };
        let session = open(&dir)?;
        let mut screens = self.lock_screens()?;
        if screens.generation != generation || screens.vault_dir != dir {
            session.lock();
            return Err(Error::Cancelled);
        }
        install(&mut screens, dir, session)
    }

    /// Replaces the open vault's data key ([`Session::rekey`]). Refused while a task runs on a
    /// connection of its own (it would be left with the old key); tasks started meanwhile wait
    /// for the screens, then get a connection with the new key.
    pub fn rekey(
        &self,
        current: &probono_core::Passphrase,
        keyring: &probono_core::Keyring,
    ) -> Result<crate::session::Rekeyed> {
        self.screens(|screens| {
            if self.running_tasks() > 0 {
                return Err(Error::invalid(
                    "current_passphrase",
                    "a backup, import or export is running: wait for it to finish (or cancel it), then replace the key",
                ));
            }
            screens.session()?.rekey(current, keyring)
        })
    }

    /// Locks now: closes the vault, wipes the key and the pending recovery key, and cancels
    /// every running task without waiting for it.
    pub fn lock(&self) -> Result<()> {
        let mut screens = self.lock_screens()?;
        screens.close();
        for task in self.lock_tasks().iter() {
            task.cancel.cancel();
        }
        Ok(())
    }

    /// Locks when the vault is open, no task is running, and the person has been idle for
    /// the auto-lock period. Returns true when it locked.
    pub fn lock_if_idle(&self) -> bool {
        let Ok(mut screens) = self.lock_screens() else { return false };
        if !screens.is_open() || self.running_tasks() > 0 || self.idle_for() < screens.auto_lock {
            return false;
        }
        screens.close();
        true
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use probono_core::Passphrase;
    use probono_core::task::Progress;
    use probono_core::vault::KdfParams;

    use super::*;

    fn desk_with_open_vault(dir: &std::path::Path, auto_lock: Duration) -> Desk {
        let cheap = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
        let created =
            probono_core::Vault::create(&dir.join("vault"), &Passphrase::new("correct horse battery staple"), cheap)
                .expect("vault");
        let desk = Desk::new(dir.join("vault"), auto_lock);
        desk.screens(|s| {
            s.open(dir.join("vault"), Session::from(created.store));
            Ok(())
        })
        .expect("open");
        desk
    }

    fn is_open(desk: &Desk) -> bool {
        desk.screens(|s| Ok(s.session.is_some())).expect("screens")
    }

    /// Runs `work` as a task on a thread of its own; returns once the task is running.
    fn start_task<T: Send + 'static>(
        desk: &Arc<Desk>,
        work: impl FnOnce(&mut Session, &TaskContext) -> Result<T> + Send + 'static,
    ) -> std::thread::JoinHandle<Result<T>> {
        let id = desk.new_task();
        let worker = {
            let desk = Arc::clone(desk);
            std::thread::spawn(move || desk.run_task(id, |_: &Progress<'_>| {}, work))
        };
        while desk.running_tasks() == 0 {
            std::thread::sleep(Duration::from_millis(5));
        }
        worker
    }

    #[test]
    fn a_task_longer_than_the_auto_lock_period_keeps_the_vault_open_and_idle_time_starts_when_it_ends() {
        let dir = tempfile::tempdir().expect("tmp");
        let desk = Arc::new(desk_with_open_vault(dir.path(), Duration::from_millis(300)));
        let worker = start_task(&desk, |session, task| {
            for step in 0..10 {
                task.step("work", step, 10)?;
                std::thread::sleep(Duration::from_millis(100));
            }
            Ok(session.records().counts()?.len())
        });
        // Well past the auto-lock period while the task runs: the idle check must not lock.
        let mut checks_while_running = 0;
        std::thread::sleep(Duration::from_millis(400));
        while desk.running_tasks() > 0 {
            assert!(!desk.lock_if_idle(), "auto-lock fired while a task was running");
            checks_while_running += 1;
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(checks_while_running >= 5, "the idle check ran during the task ({checks_while_running} times)");
        assert!(worker.join().expect("task thread").is_ok(), "the task finished");
        // Its end counts as activity: not locked straight away…
        assert!(!desk.lock_if_idle(), "auto-lock fired right after a long task ended");
        assert!(is_open(&desk));
        // …but after the auto-lock period of idleness.
        std::thread::sleep(Duration::from_millis(350));
        assert!(desk.lock_if_idle(), "idle past the setting after the task");
        assert!(!is_open(&desk));
    }

    #[test]
    fn lock_cancels_a_running_task_at_once_and_the_task_stops() {
        let dir = tempfile::tempdir().expect("tmp");
        let desk = Arc::new(desk_with_open_vault(dir.path(), Duration::from_secs(600)));
        let worker = start_task(&desk, |_session, task| {
            let mut steps = 0u64;
            loop {
                task.step("work", steps, 0)?;
                steps += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        let started = Instant::now();
        desk.lock().expect("lock");
        assert!(started.elapsed() < Duration::from_millis(500), "lock waited for the task: {:?}", started.elapsed());
        assert!(!is_open(&desk));
        let outcome: Result<()> = worker.join().expect("task thread");
        assert!(matches!(outcome, Err(Error::Cancelled)), "the task was cancelled: {outcome:?}");
        assert_eq!(desk.running_tasks(), 0);
    }

    /// A vault of 60 clients with long notes, closed (its log folded into the database file);
    /// returns the database path, its page count and the audit log's root page (which every
    /// unlock writes to).
    fn closed_vault_of_many_pages(dir: &std::path::Path) -> (std::path::PathBuf, u64, u64) {
        let cheap = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
        let created =
            probono_core::Vault::create(&dir.join("vault"), &Passphrase::new("correct horse battery staple"), cheap)
                .expect("vault");
        let mut store = created.store;
        for i in 0..60 {
            store
                .create_client(&probono_core::model::ClientDraft {
                    name: format!("Client {i}"),
                    notes: Some("n".repeat(3000)),
                    ..Default::default()
                })
                .expect("client");
        }
        let root: i64 = store
            .conn()
            .query_row("SELECT rootpage FROM sqlite_master WHERE name = 'audit_event'", [], |r| r.get(0))
            .expect("root");
        store.lock();
        let db = dir.join("vault").join("vault.db");
        let pages = std::fs::metadata(&db).expect("db").len() / 4096;
        (db, pages, root as u64)
    }

    /// Flips bytes inside page `page` (1-based), as a failing disk would.
    fn damage_page(db: &std::path::Path, page: u64) -> Vec<u8> {
        let mut bytes = std::fs::read(db).expect("read");
        let at = ((page - 1) * 4096 + 200) as usize;
        for b in &mut bytes[at..at + 64] {
            *b ^= 0x5a;
        }
        std::fs::write(db, &bytes).expect("write");
        bytes
    }

    fn unlock(dir: &std::path::Path) -> Result<Session> {
        crate::session::open_even_damaged(
            &dir.join("vault"),
            &crate::secret::Secret::Passphrase(Passphrase::new("correct horse battery staple")),
        )
    }

    #[test]
    fn a_read_that_reaches_a_damaged_page_leaves_the_vault_open_read_only() {
        let dir = tempfile::tempdir().expect("tmp");
        let (db, pages, root) = closed_vault_of_many_pages(dir.path());
        assert!(pages > 40, "{pages} pages");
        // A few pages in the middle: client rows, not the audit log's root (which unlocking writes).
        let middle = pages / 2;
        for page in middle..middle + 3 {
            assert_ne!(page, root);
            damage_page(&db, page);
        }
        let damaged = std::fs::read(&db).expect("read");

        let session = unlock(dir.path()).expect("the damage is past what opening reads");
        assert_eq!(session.damaged(), None);
        let desk = Desk::new(dir.path().join("vault"), Duration::from_secs(600));
        desk.screens(|s| {
            s.open(dir.path().join("vault"), session);
            Ok(())
        })
        .expect("open");
        let read = desk.screens(|s| s.session()?.records().list_clients(None));
        assert!(matches!(read, Err(Error::VaultDamaged(_))), "the list reached the damage: {read:?}");
        let why = desk.screens(|s| Ok(s.session()?.damaged().map(str::to_owned))).expect("state");
        assert!(why.is_some(), "the vault is now marked damaged");
        let write = desk.screens(|s| {
            s.session()?
                .records_mut()
                .create_client(&probono_core::model::ClientDraft { name: "New".into(), ..Default::default() })
        });
        assert!(write.is_err(), "nothing is written to a damaged vault: {write:?}");
        // What is readable stays readable: the first client's page (its view is not audited,
        // as nothing can be written).
        let first = desk
            .screens(|s| {
                let id: uuid::Uuid =
                    s.session()?
                        .store()
                        .conn()
                        .query_row("SELECT id FROM client ORDER BY seq LIMIT 1", [], |r| r.get(0))?;
                Ok(id)
            })
            .expect("the first client's row is before the damage");
        let page = desk.screens(|s| s.session()?.client_page(first));
        assert!(page.is_ok_and(|p| p.client.name == "Client 0"), "a readable client opens in a damaged vault");
        desk.lock().expect("lock");
        assert_eq!(std::fs::read(&db).expect("read"), damaged, "the file is as the damage left it");
    }

    #[test]
    fn a_vault_damaged_where_unlocking_writes_opens_read_only_and_says_why() {
        let dir = tempfile::tempdir().expect("tmp");
        let (db, _, root) = closed_vault_of_many_pages(dir.path());
        let damaged = damage_page(&db, root);
        let session = unlock(dir.path()).expect("opens read-only rather than not at all");
        assert!(session.damaged().is_some_and(|why| !why.is_empty()), "{:?}", session.damaged());
        session.lock();
        assert_eq!(std::fs::read(&db).expect("read"), damaged, "opening wrote nothing (no audit event, no migration)");
    }

    #[test]
    fn a_vault_is_unlocked_without_holding_the_screens_lock_and_a_lock_meanwhile_wins() {
        let dir = tempfile::tempdir().expect("tmp");
        let cheap = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
        let pass = || Passphrase::new("correct horse battery staple");
        probono_core::Vault::create(&dir.path().join("vault"), &pass(), cheap).expect("vault");
        let desk = Desk::new(dir.path().join("vault"), Duration::from_secs(600));
        let unlock = |d: &std::path::Path| crate::session::open(d, &crate::secret::Secret::Passphrase(pass()));

        // While the key is derived the screens' lock is free…
        let opened = desk.open_chosen(
            |d| {
                assert!(desk.screens.try_lock().is_ok(), "the screens' lock was held while unlocking");
                unlock(d)
            },
            |screens, d, session| {
                screens.open(d, session);
                Ok(())
            },
        );
        assert!(opened.is_ok(), "{opened:?}");
        assert!(is_open(&desk));

        // …so Lock can come in meanwhile, and then the unlock does not open the vault.
        desk.lock().expect("lock");
        let raced = desk.open_chosen(
            |d| {
                let session = unlock(d)?;
                desk.lock()?;
                Ok(session)
            },
            |screens, d, session| {
                screens.open(d, session);
                Ok(())
            },
        );
        assert!(matches!(raced, Err(Error::Cancelled)), "{raced:?}");
        assert!(!is_open(&desk), "a Lock pressed during the unlock stands");
    }

    #[test]
    fn screens_read_while_a_task_holds_a_write_transaction() {
        let dir = tempfile::tempdir().expect("tmp");
        let desk = Arc::new(desk_with_open_vault(dir.path(), Duration::from_secs(600)));
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let worker = start_task(&desk, move |session, _task| {
            session.store_mut().write(|_tx| {
                started_tx.send(()).expect("signal");
                release_rx.recv().expect("release");
                Ok(())
            })
        });
        started_rx.recv().expect("the task is inside its transaction");
        let t = Instant::now();
        let counts = desk.screens(|s| s.session()?.records().counts()).expect("a screen reads meanwhile");
        assert!(!counts.is_empty());
        assert!(t.elapsed() < Duration::from_secs(1), "the read waited for the task");
        release_tx.send(()).expect("release");
        worker.join().expect("thread").expect("task");
    }
}

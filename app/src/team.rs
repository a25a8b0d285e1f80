//! Team mode's use cases (docs/team-mode.md): connecting to a program's PostgreSQL server,
//! setting it up, and managing its members. The engine is `probono_team`; this module is
//! what both faces call, so the CLI and the app agree on what a use case means.

pub use probono_team::{
    Assigned, Director, InitReport, Member, NewMember, PushReport, SCHEMA_VERSION, ServerUrl, Team, TeamRole,
};

use probono_core::Result;
use zeroize::Zeroizing;

use crate::Locations;

/// Reads a server URL (`--server`, `PROBONO_SERVER`, the app's connect form), applying the
/// TLS policy: verify-full unless the server is this computer and plain was asked for.
pub fn server_url(text: &str) -> Result<ServerUrl> {
    ServerUrl::parse(text)
}

/// A member's connection; refuses a team database older or newer than this program.
pub fn connect(url: &str, password: &str) -> Result<Team> {
    Team::connect(&server_url(url)?, password)
}

/// `team init`: sets up a new team database (its director runs it) or upgrades an older one.
pub fn init(url: &str, password: &str, director: &Director<'_>) -> Result<(Team, InitReport)> {
    Team::init(&server_url(url)?, password, director)
}

/// `team push`: copies the open vault's records into an empty team database (ids kept, one
/// transaction). Every record leaves the vault, so it takes the passphrase typed again, as an
/// export does.
pub fn push(
    team: &mut Team,
    session: &mut crate::session::Session,
    proof: &crate::session::Confirmed,
    progress: impl FnMut(&str, usize, usize),
) -> Result<PushReport> {
    session.check_confirmed(proof)?;
    let (records, settings) = session.store().records_out()?;
    let report = team.push(records, &settings, progress)?;
    // Every record left the vault: its audit log says where to.
    session.records_mut().record_export(&format!("team push to {}", team.url().shown()))?;
    Ok(report)
}

/// Logs time on the team server as `id` (made once by the caller, so that the same entry,
/// if its answer is lost and it goes to the outbox, keeps its id; today: this computer's date).
pub fn log_time(
    team: &mut Team,
    id: uuid::Uuid,
    draft: &probono_core::model::TimeEntryDraft,
) -> Result<probono_core::model::TimeEntry> {
    team.log_time(id, draft, crate::session::today())
}

/// What `backup` on a team server made.
pub struct TeamBackup {
    pub report: probono_core::backup::BackupReport,
    /// The recovery key of the backup (its vault's), shown once.
    pub recovery_key: probono_core::RecoveryKey,
    /// Records copied, per export file.
    pub counts: Vec<(String, usize)>,
}

/// `backup FILE` on a team server: one consistent snapshot (a single REPEATABLE READ
/// transaction) made into a vault under `passphrase` in a private temporary folder —
/// encrypted on disk like any vault — and written as a verified `.pbbackup`, restorable with
/// `restore` as a local vault. The temporary vault is removed afterwards.
pub fn backup(
    team: &mut Team,
    passphrase: &probono_core::Passphrase,
    file: &std::path::Path,
    task: &probono_core::task::TaskContext,
) -> Result<TeamBackup> {
    let (work, created, counts) = snapshot_vault(team, passphrase, task)?;
    let mut session = created.session;
    let report = session.store_mut().backup(file, task)?;
    session.lock();
    drop(work);
    team.record_access("export", "backup", &format!("{} records", counts.iter().map(|(_, n)| n).sum::<usize>()))?;
    Ok(TeamBackup { report, recovery_key: created.recovery_key, counts })
}

/// `export` on a team server: the records of one consistent snapshot written as a vault's
/// export writes them (JSON or CSV, docs/export-format.md), by way of a temporary encrypted
/// vault that is removed afterwards. Recorded in the server's audit trail.
pub fn export(
    team: &mut Team,
    dir: &std::path::Path,
    format: probono_core::exchange::ExportFormat,
    task: &probono_core::task::TaskContext,
) -> Result<probono_core::exchange::ExportSummary> {
    // The temporary vault's passphrase is never seen: made, used and dropped here.
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| probono_core::Error::Internal(format!("no random numbers: {e}")))?;
    let pass = probono_core::Passphrase::new(data_encoding::BASE32_NOPAD.encode(&bytes));
    let (work, created, _) = snapshot_vault(team, &pass, task)?;
    let mut session = created.session;
    let summary = session.store_mut().export_records(dir, format, task)?;
    session.lock();
    drop(work);
    team.record_access("export", "records", &format!("{} files", summary.files.len()))?;
    Ok(summary)
}

/// A snapshot made into a vault: its temporary folder (removed when dropped), the vault, and
/// the records copied per export file.
type SnapshotVault = (tempfile::TempDir, crate::session::Created, Vec<(String, usize)>);

/// A snapshot of the team database made into a new vault under `passphrase` in a private
/// temporary folder (removed when the returned folder is dropped).
fn snapshot_vault(
    team: &mut Team,
    passphrase: &probono_core::Passphrase,
    task: &probono_core::task::TaskContext,
) -> Result<SnapshotVault> {
    // A snapshot becomes a vault, which must be whole: only staff see every record it needs
    // (students and volunteers see part of the records and none of the audit trail).
    if !matches!(team.my_role()?, Some(TeamRole::Director | TeamRole::Attorney)) {
        return Err(probono_core::Error::NotAllowed(
            "a backup or export of the team database is taken by a director or an attorney".into(),
        ));
    }
    let (files, settings) = team.snapshot(|_, _, _| {})?;
    let work = tempfile::Builder::new()
        .prefix("pro-bono-desk-team-backup-")
        .tempdir()
        .map_err(|e| probono_core::Error::io("making a private temporary folder", e))?;
    let mut created = crate::session::create(&work.path().join("vault"), passphrase, None)?;
    let counts = created.session.store_mut().import_records(files, &settings, task)?;
    Ok((work, created, counts))
}

/// A member connected from the desktop: the connection, and who they are on the server, so
/// the screens can show only what their role allows (the server's policies are what protect
/// the records; hiding a button only spares a refusal). While connected it holds the
/// password, as an unlocked vault holds its key: to seal the outbox (time logged while the
/// server cannot be reached) and to connect again once the server is back.
pub struct Connected {
    pub team: Team,
    pub role: TeamRole,
    pub login: String,
    /// The server as shown to people (no password ever: the URL holds none).
    pub server: String,
    /// Time entries waiting in this computer's outbox for this server and login.
    pub waiting: usize,
    typed_url: String,
    password: Zeroizing<String>,
}

impl std::fmt::Debug for Connected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connected").field("server", &self.server).field("role", &self.role).finish_non_exhaustive()
    }
}

/// What logging time from the app did.
#[derive(Debug)]
pub enum Logged {
    Saved(probono_core::model::TimeEntry),
    /// The server could not be reached: the entry waits in the outbox (`waiting` in all).
    Kept {
        waiting: usize,
        why: String,
    },
}

impl Connected {
    /// A connection the server closed (it restarted, the network dropped) is made again.
    pub fn reconnect_if_closed(&mut self) -> Result<()> {
        if self.team.client().is_closed() {
            self.team = connect(&self.typed_url, &self.password)?;
        }
        Ok(())
    }

    /// Logs time as the app does: sent to the server (with whatever waited in the outbox
    /// first), or, when the server cannot be reached, kept encrypted in the outbox under the
    /// id it will have there, so that it is stored exactly once when sent.
    pub fn log_time(&mut self, locations: &Locations, draft: &probono_core::model::TimeEntryDraft) -> Result<Logged> {
        let id = uuid::Uuid::now_v7();
        let attempt = self.reconnect_if_closed().and_then(|()| {
            if self.waiting > 0 {
                // What waited goes first; a refusal of one of them does not stop this entry.
                let _ = self.send_outbox(locations);
            }
            log_time(&mut self.team, id, draft)
        });
        match attempt {
            Ok(entry) => Ok(Logged::Saved(entry)),
            Err(probono_core::Error::ServerUnreachable(why)) => {
                let url = server_url(&self.typed_url)?;
                self.waiting = crate::outbox::queue(locations, &url, &self.password, id, draft)?;
                Ok(Logged::Kept { waiting: self.waiting, why })
            }
            Err(e) => Err(e),
        }
    }

    /// Sends what waits in the outbox (connecting again first if the server had gone).
    pub fn send_outbox(&mut self, locations: &Locations) -> Result<crate::outbox::Sent> {
        self.reconnect_if_closed()?;
        let sent = crate::outbox::send(locations, &mut self.team, &self.password)?;
        self.waiting = sent.waiting;
        Ok(sent)
    }
}

/// The app's connect form: the server as typed, the password (empty: the one this computer
/// remembers for that server), and whether to remember a typed one.
#[derive(Debug, Clone, Copy)]
pub struct ConnectForm<'a> {
    pub server: &'a str,
    pub password: &'a str,
    pub remember: bool,
}

/// A connection made from the app's form, and what to tell the member besides.
#[derive(Debug)]
pub struct AppConnection {
    pub connected: Connected,
    /// Set when the password could not be remembered, or the outbox not sent (the
    /// connection stands).
    pub notice: Option<String>,
}

/// Connects from the app (the desktop's "Connect to a team server"). An empty password uses
/// the one this computer remembers for the server. A typed password, once the server has
/// accepted it, is remembered in the OS keyring when asked (as the vault key can be), and
/// otherwise any remembered one for that server is forgotten: unticking the box is how it is
/// forgotten. The server's address is written down for the form's next use, and whatever
/// this computer's outbox held for the server is sent.
pub fn connect_from_app(
    form: ConnectForm<'_>,
    keyring: &probono_core::Keyring,
    locations: &Locations,
) -> Result<AppConnection> {
    let url = server_url(form.server)?;
    let password = if form.password.is_empty() {
        keyring.recall_password(url.shown()).ok_or_else(|| {
            probono_core::Error::invalid("password", "type your password: this computer remembers none for this server")
        })?
    } else {
        Zeroizing::new(form.password.to_owned())
    };
    let mut connected = connect_member(form.server, &password)?;
    let mut notice = None;
    if !form.password.is_empty() {
        if form.remember {
            if let Err(e) = keyring.remember_password(url.shown(), form.password) {
                notice = Some(format!("Connected, but this computer could not remember the password: {}", e.message()));
            }
        } else {
            // Nothing remembered is fine; a keyring that cannot be reached remembers nothing.
            let _ = keyring.forget_password(url.shown());
        }
    }
    if let Err(e) = locations.remember_team_server(form.server.trim()) {
        notice.get_or_insert_with(|| {
            format!("Connected; the server's address was not saved for next time: {}", e.message())
        });
    }
    if crate::location::holds_vault(&crate::outbox::folder(locations, url.shown())) {
        match connected.send_outbox(locations) {
            Ok(sent) if sent.sent > 0 || !sent.refused.is_empty() => {
                let mut text = format!("Sent {} time {} kept on this computer.", sent.sent, entries(sent.sent));
                if !sent.refused.is_empty() {
                    text.push_str(&format!(
                        " The server refused {} (kept): {}",
                        sent.refused.len(),
                        sent.refused.join("; ")
                    ));
                }
                notice.get_or_insert(text);
            }
            Ok(_) => {}
            Err(e) => {
                notice.get_or_insert_with(|| format!("The time kept on this computer was not sent: {}", e.message()));
            }
        }
    }
    Ok(AppConnection { connected, notice })
}

fn entries(n: usize) -> &'static str {
    if n == 1 { "entry" } else { "entries" }
}

/// Whether this computer remembers a password for the server typed as `server`.
pub fn password_remembered(server: &str, keyring: &probono_core::Keyring) -> bool {
    server_url(server).ok().is_some_and(|url| keyring.recall_password(url.shown()).is_some())
}

/// Connects a member (the app's "Connect to a team server"): a login that is not a current
/// member of the program is refused here, before any screen opens.
pub fn connect_member(url: &str, password: &str) -> Result<Connected> {
    let mut team = connect(url, password)?;
    let role = team.my_role()?.ok_or_else(|| {
        probono_core::Error::NotAllowed(
            "this login is not a member of the program on this server (or was removed): ask its director".into(),
        )
    })?;
    Ok(Connected {
        login: team.url().login().to_owned(),
        server: team.url().shown().to_owned(),
        role,
        team,
        waiting: 0,
        typed_url: url.trim().to_owned(),
        password: Zeroizing::new(password.to_owned()),
    })
}

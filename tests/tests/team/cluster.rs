//! A throwaway PostgreSQL cluster for one test: `initdb` into a temp folder, a private port
//! and Unix socket, SCRAM passwords, TLS with a test CA made here; stopped when dropped.
//!
//! PostgreSQL refuses to run as root: when the tests run as root, the server runs as the
//! `postgres` user the Debian package creates (runuser), over files it owns.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use openssl::asn1::Asn1Time;
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::x509::extension::{BasicConstraints, KeyUsage, SubjectAlternativeName};
use openssl::x509::{X509, X509NameBuilder};

pub const ADMIN_PASSWORD: &str = "admin password for tests";

/// Where the server programs are: PROBONO_PG_BINDIR, else the newest
/// /usr/lib/postgresql/N/bin (Debian's layout), N >= 15.
fn bindir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PROBONO_PG_BINDIR") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let n: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            (n >= 15 && bin.join("initdb").exists()).then_some((n, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, b)| b).unwrap_or_else(|| {
        panic!("no PostgreSQL 15+ server programs in /usr/lib/postgresql: scripts/install-deps.sh installs them (postgresql-15)")
    })
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// What the server's certificate is like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerCert {
    /// Valid, for localhost and 127.0.0.1, signed by the test CA.
    Good,
    /// Signed by the test CA for localhost, but expired yesterday.
    Expired,
}

pub struct Cluster {
    root: tempfile::TempDir,
    port: u16,
    as_postgres: bool,
}

pub struct Cert {
    pub cert: X509,
    pub key: PKey<Private>,
}

fn key() -> PKey<Private> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("P-256");
    PKey::from_ec_key(EcKey::generate(&group).expect("EC key")).expect("pkey")
}

fn serial() -> openssl::asn1::Asn1Integer {
    let mut n = BigNum::new().expect("bignum");
    n.rand(64, MsbOption::MAYBE_ZERO, false).expect("random serial");
    n.to_asn1_integer().expect("serial")
}

/// A test certificate authority.
pub fn make_ca(name: &str) -> Cert {
    let key = key();
    let mut subject = X509NameBuilder::new().expect("name");
    subject.append_entry_by_text("CN", name).expect("CN");
    let subject = subject.build();
    let mut b = X509::builder().expect("x509");
    b.set_version(2).expect("v3");
    b.set_serial_number(&serial()).expect("serial");
    b.set_subject_name(&subject).expect("subject");
    b.set_issuer_name(&subject).expect("issuer");
    b.set_pubkey(&key).expect("pubkey");
    b.set_not_before(&Asn1Time::days_from_now(0).expect("now")).expect("not before");
    b.set_not_after(&Asn1Time::days_from_now(30).expect("later")).expect("not after");
    b.append_extension(BasicConstraints::new().critical().ca().build().expect("bc")).expect("bc");
    b.append_extension(KeyUsage::new().critical().key_cert_sign().crl_sign().build().expect("ku")).expect("ku");
    b.sign(&key, MessageDigest::sha256()).expect("sign");
    Cert { cert: b.build(), key }
}

/// A server certificate for localhost/127.0.0.1 signed by `ca`.
pub fn make_server_cert(ca: &Cert, expired: bool) -> Cert {
    let key = key();
    let mut subject = X509NameBuilder::new().expect("name");
    subject.append_entry_by_text("CN", "localhost").expect("CN");
    let mut b = X509::builder().expect("x509");
    b.set_version(2).expect("v3");
    b.set_serial_number(&serial()).expect("serial");
    b.set_subject_name(&subject.build()).expect("subject");
    b.set_issuer_name(ca.cert.subject_name()).expect("issuer");
    b.set_pubkey(&key).expect("pubkey");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64;
    let day = 86_400;
    let (from, to) = if expired { (now - 30 * day, now - day) } else { (now - day, now + 30 * day) };
    b.set_not_before(&Asn1Time::from_unix(from).expect("from")).expect("not before");
    b.set_not_after(&Asn1Time::from_unix(to).expect("to")).expect("not after");
    let ctx = b.x509v3_context(Some(&ca.cert), None);
    let san = SubjectAlternativeName::new().dns("localhost").ip("127.0.0.1").build(&ctx).expect("san");
    b.append_extension(san).expect("san");
    b.sign(&ca.key, MessageDigest::sha256()).expect("sign");
    Cert { cert: b.build(), key }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

impl Cluster {
    pub fn start() -> Cluster {
        Cluster::start_with(ServerCert::Good)
    }

    pub fn start_with(server_cert: ServerCert) -> Cluster {
        let root = tempfile::tempdir().expect("tempdir");
        let as_postgres = is_root();
        let dir = root.path().to_path_buf();
        let dir = dir.as_path();
        std::fs::create_dir_all(dir.join("sock")).expect("socket dir");
        let ca = make_ca("Pro Bono Desk test CA");
        let server = make_server_cert(&ca, server_cert == ServerCert::Expired);
        std::fs::write(dir.join("ca.pem"), ca.cert.to_pem().expect("pem")).expect("ca.pem");
        std::fs::write(dir.join("server.crt"), server.cert.to_pem().expect("pem")).expect("server.crt");
        std::fs::write(dir.join("server.key"), server.key.private_key_to_pem_pkcs8().expect("pem")).expect("key");
        std::fs::write(dir.join("pwfile"), ADMIN_PASSWORD).expect("pwfile");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.join("server.key"), std::fs::Permissions::from_mode(0o600)).expect("chmod key");
        if as_postgres {
            run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir), "chown the cluster folder");
        }
        let port = free_port();
        let cluster = Cluster { root, port, as_postgres };
        let data = cluster.data();
        cluster.server_cmd(
            "initdb",
            &[
                "-D",
                data.to_str().expect("utf-8 path"),
                "-U",
                "admin",
                "--pwfile",
                dir.join("pwfile").to_str().expect("utf-8"),
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        );
        let conf = format!(
            "\n# Pro Bono Desk tests\nlisten_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{sock}'\n\
             ssl = on\nssl_cert_file = '{crt}'\nssl_key_file = '{key}'\npassword_encryption = 'scram-sha-256'\n\
             max_connections = 80\nlog_statement = 'all'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n",
            sock = dir.join("sock").display(),
            crt = dir.join("server.crt").display(),
            key = dir.join("server.key").display(),
        );
        let mut pgconf = std::fs::read_to_string(data.join("postgresql.conf")).expect("postgresql.conf");
        pgconf.push_str(&conf);
        std::fs::write(data.join("postgresql.conf"), pgconf).expect("write postgresql.conf");
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all scram-sha-256\nlocal replication admin scram-sha-256\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 127.0.0.1/32 scram-sha-256\n",
        )
        .expect("pg_hba.conf");
        cluster.restart();
        cluster
    }

    /// A hot standby of this cluster by PostgreSQL's own streaming replication
    /// (`pg_basebackup -R`), on its own port and socket; read-only, as a read replica is.
    pub fn start_standby(&self) -> Cluster {
        let root = tempfile::tempdir().expect("tempdir");
        let dir = root.path().to_path_buf();
        std::fs::create_dir_all(dir.join("sock")).expect("socket dir");
        if self.as_postgres {
            run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(&dir), "chown the standby folder");
        }
        let standby = Cluster { root, port: free_port(), as_postgres: self.as_postgres };
        let data = standby.data();
        let source =
            format!("host={} port={} user=admin password='{ADMIN_PASSWORD}'", self.socket_dir().display(), self.port);
        standby.server_cmd(
            "pg_basebackup",
            &["-D", data.to_str().expect("utf-8"), "-R", "-X", "stream", "-c", "fast", "--no-sync", "-d", &source],
        );
        let mut conf = std::fs::read_to_string(data.join("postgresql.conf")).expect("postgresql.conf");
        conf.push_str(&format!(
            "\n# the standby\nport = {}\nunix_socket_directories = '{}'\nhot_standby = on\n",
            standby.port,
            dir.join("sock").display()
        ));
        std::fs::write(data.join("postgresql.conf"), conf).expect("write postgresql.conf");
        standby.restart();
        standby
    }

    /// Stops the server (as when the clinic's server or network goes away).
    pub fn stop(&self) {
        let data = self.data();
        self.server_cmd("pg_ctl", &["-D", data.to_str().expect("utf-8"), "-m", "fast", "-w", "stop"]);
    }

    /// Starts the server on its port (first, or again after [`Cluster::stop`]).
    pub fn restart(&self) {
        let data = self.data();
        let log = self.root.path().join("server.log");
        self.server_cmd(
            "pg_ctl",
            &["-D", data.to_str().expect("utf-8"), "-l", log.to_str().expect("utf-8"), "-w", "-t", "60", "start"],
        );
    }

    /// Waits until `standby` has replayed everything this cluster has written so far.
    pub fn wait_replayed(&self, standby: &Cluster) {
        let lsn: String =
            self.admin("postgres").query_one("SELECT pg_current_wal_lsn()::text", &[]).expect("lsn").get(0);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let done: bool = standby
                .admin("postgres")
                .query_one("SELECT coalesce(pg_last_wal_replay_lsn() >= $1::text::pg_lsn, false)", &[&lsn])
                .expect("replay lsn")
                .get(0);
            if done {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "the standby did not catch up in 60 s:\n{}", standby.log());
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }

    fn server_cmd(&self, program: &str, args: &[&str]) -> Output {
        let exe = bindir().join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        cmd.args(args).current_dir(self.root.path());
        run(&mut cmd, program)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The test CA's certificate (PEM file).
    pub fn ca(&self) -> PathBuf {
        self.root.path().join("ca.pem")
    }

    pub fn socket_dir(&self) -> PathBuf {
        self.root.path().join("sock")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.root.path().join("server.log")).unwrap_or_default()
    }

    /// A plain-SQL connection as `login` over the private Unix socket (not through the app).
    pub fn sql(&self, login: &str, password: &str, db: &str) -> Result<postgres::Client, postgres::Error> {
        postgres::Config::new()
            .host_path(self.socket_dir())
            .port(self.port)
            .user(login)
            .password(password)
            .dbname(db)
            .connect(postgres::NoTls)
    }

    /// The superuser, for setting up what a server administrator would.
    pub fn admin(&self, db: &str) -> postgres::Client {
        self.sql("admin", ADMIN_PASSWORD, db).expect("admin connects")
    }

    /// What a server administrator does for a new program (docs/team-mode.md): a director
    /// login that may create roles, and a database it owns.
    pub fn new_program(&self, db: &str, director: &str, password: &str) {
        let mut admin = self.admin("postgres");
        admin
            .batch_execute(&format!("CREATE ROLE \"{director}\" LOGIN CREATEROLE PASSWORD '{password}'"))
            .expect("create the director");
        admin.batch_execute(&format!("CREATE DATABASE \"{db}\" OWNER \"{director}\"")).expect("create the database");
    }

    /// The URL the program is given: TLS verify-full against the test CA.
    pub fn url(&self, login: &str, db: &str) -> String {
        format!("postgres://{login}@localhost:{}/{db}?sslrootcert={}", self.port, self.ca().display())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let exe = bindir().join("pg_ctl");
        let args = ["-D", data.to_str().unwrap_or_default(), "-m", "immediate", "-w", "stop"];
        let _ = if self.as_postgres {
            Command::new("runuser").args(["-u", "postgres", "--"]).arg(&exe).args(args).output()
        } else {
            Command::new(&exe).args(args).output()
        };
    }
}

fn run(cmd: &mut Command, what: &str) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what} did not start: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn write_pem(path: &Path, cert: &X509) {
    std::fs::write(path, cert.to_pem().expect("pem")).expect("write pem");
}

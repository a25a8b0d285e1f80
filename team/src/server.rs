//! Where the team server is and how to talk to it safely: a libpq connection URI, read into
//! rust-postgres's configuration plus the TLS policy this program enforces.
//!
//! - `sslmode` missing or `verify-full`: TLS, the server's certificate checked against
//!   `sslrootcert` (a PEM file; only its certificates are trusted) or, without it, the
//!   system's trusted roots, and its name checked against the host (OpenSSL's own check).
//! - `sslmode=disable`: no TLS, allowed only for a Unix socket or localhost, and only when
//!   written out. A Unix socket must say it (TLS never runs over one).
//! - anything else (`require`, `verify-ca`, `prefer`, `allow`) is refused: each lets a
//!   machine in the middle read or answer for the server.
//!
//! A password in the URL is refused too: it would stay in shell history and process lists.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use probono_core::{Error, Result};

/// How a connection is secured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tls {
    /// Plain connection to this computer (asked for with `sslmode=disable`).
    Disabled,
    /// TLS with the certificate and host name checked; `root`: the only CAs trusted.
    VerifyFull { root: Option<PathBuf> },
}

/// A parsed team server address.
#[derive(Clone)]
pub struct ServerUrl {
    config: postgres::Config,
    tls: Tls,
    shown: String,
}

impl std::fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerUrl").field("url", &self.shown).field("tls", &self.tls).finish()
    }
}

const FIELD: &str = "server";

fn bad(message: impl Into<String>) -> Error {
    Error::invalid(FIELD, message)
}

impl ServerUrl {
    pub fn parse(text: &str) -> Result<ServerUrl> {
        let url = url::Url::parse(text.trim())
            .map_err(|e| bad(format!("not a connection URL ({e}); write postgres://LOGIN@HOST/DATABASE")))?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(bad("a team server URL starts with postgres:// (postgres://LOGIN@HOST/DATABASE)"));
        }
        if url.password().is_some() {
            return Err(bad(
                "the URL holds a password: leave it out and set PROBONO_PASSWORD or type it when asked (a password in a URL stays in shell history and process lists)",
            ));
        }
        let mut sslmode = None;
        let mut root = None;
        let mut rest = url.clone();
        rest.set_query(None);
        {
            let mut pairs = rest.query_pairs_mut();
            for (key, value) in url.query_pairs() {
                match key.as_ref() {
                    "sslmode" => sslmode = Some(value.into_owned()),
                    "sslrootcert" => root = Some(PathBuf::from(value.as_ref())),
                    "password" => {
                        return Err(bad(
                            "the URL holds a password: leave it out and set PROBONO_PASSWORD or type it when asked",
                        ));
                    }
                    "hostaddr" => {
                        // The address connected to would not be the host checked as local
                        // or named in the certificate.
                        return Err(bad("hostaddr is not supported: name the server by its host name"));
                    }
                    "sslcert" | "sslkey" | "sslpassword" | "sslcrl" | "sslnegotiation" | "requiressl" => {
                        return Err(bad(format!(
                            "{key} is not supported; the server checks members by password (SCRAM)"
                        )));
                    }
                    _ => {
                        pairs.append_pair(&key, &value);
                    }
                }
            }
        }
        let mut cleaned = rest.to_string();
        if cleaned.ends_with('?') {
            cleaned.pop();
        }
        let mut config = postgres::Config::from_str(&cleaned).map_err(|e| bad(format!("{e}")))?;
        if config.get_user().is_none_or(str::is_empty) {
            return Err(bad("the URL names no login: write postgres://LOGIN@HOST/DATABASE"));
        }
        if config.get_dbname().is_none_or(str::is_empty) {
            return Err(bad("the URL names no database: write postgres://LOGIN@HOST/DATABASE"));
        }
        let hosts = config.get_hosts().to_vec();
        if hosts.len() != 1 {
            return Err(bad("name exactly one server host (replicas are given with --read-replica)"));
        }
        let (local, socket, host_shown) = match &hosts[0] {
            postgres::config::Host::Tcp(name) => {
                let local = matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1" | "[::1]");
                (local, false, name.clone())
            }
            #[cfg(unix)]
            postgres::config::Host::Unix(path) => (true, true, path.display().to_string()),
        };
        let tls = match sslmode.as_deref() {
            None | Some("verify-full") if socket => {
                return Err(bad(format!(
                    "a Unix socket ({host_shown}) carries no TLS: add sslmode=disable to the URL to connect through it"
                )));
            }
            None | Some("verify-full") => Tls::VerifyFull { root },
            Some("disable") if local => Tls::Disabled,
            Some("disable") => {
                return Err(bad(format!(
                    "sslmode=disable is allowed only for this computer (localhost or a Unix socket), not for {host_shown}: team records cross the network encrypted"
                )));
            }
            Some(other @ ("require" | "verify-ca" | "prefer" | "allow")) => {
                return Err(bad(format!(
                    "sslmode={other} does not check the server's name and certificate; use sslmode=verify-full (the default)"
                )));
            }
            Some(other) => return Err(bad(format!("sslmode {other:?} is not known; use verify-full (the default)"))),
        };
        if let Tls::VerifyFull { root: Some(path) } = &tls
            && !path.is_file()
        {
            return Err(bad(format!("sslrootcert: no certificate file at {}", path.display())));
        }
        config.ssl_mode(if tls == Tls::Disabled {
            postgres::config::SslMode::Disable
        } else {
            postgres::config::SslMode::Require
        });
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("pro-bono-desk");
        }
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let shown = format!(
            "{}@{}:{}/{}",
            config.get_user().unwrap_or_default(),
            host_shown,
            port,
            config.get_dbname().unwrap_or_default()
        );
        Ok(ServerUrl { config, tls, shown })
    }

    /// LOGIN@HOST:PORT/DATABASE, for messages (never a password).
    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub fn login(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    pub fn tls(&self) -> &Tls {
        &self.tls
    }

    /// Opens a connection with `password`.
    pub fn connect(&self, password: &str) -> Result<postgres::Client> {
        let mut config = self.config.clone();
        config.password(password);
        let connected = match &self.tls {
            Tls::Disabled => config.connect(postgres::NoTls),
            Tls::VerifyFull { root } => config.connect(tls_connector(root.as_deref())?),
        };
        connected.map_err(|e| self.connect_error(&e))
    }

    fn connect_error(&self, err: &postgres::Error) -> Error {
        if let Some(db) = err.as_db_error() {
            return match db.code().code() {
                "28P01" | "28000" => Error::ServerLogin,
                "3D000" => Error::ServerSchema(format!("the server at {} has no such database", self.shown)),
                _ => crate::error::from_pg(err),
            };
        }
        if is_tls_failure(err) {
            return Error::ServerSecurity(format!(
                "the connection to {} was refused as unsafe: {} (docs/team-mode.md, \"Certificates\")",
                self.shown,
                tls_reason(err)
            ));
        }
        Error::ServerUnreachable(format!("{}: {}", self.shown, plain_reason(err)))
    }
}

fn tls_connector(root: Option<&std::path::Path>) -> Result<postgres_openssl::MakeTlsConnector> {
    use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
    let security = |what: &str, e: openssl::error::ErrorStack| Error::ServerSecurity(format!("{what}: {e}"));
    let mut builder = SslConnector::builder(SslMethod::tls_client()).map_err(|e| security("TLS setup", e))?;
    builder.set_verify(SslVerifyMode::PEER);
    builder.set_min_proto_version(Some(openssl::ssl::SslVersion::TLS1_2)).map_err(|e| security("TLS setup", e))?;
    if let Some(path) = root {
        let pem = std::fs::read(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
        let certs = openssl::x509::X509::stack_from_pem(&pem)
            .map_err(|e| Error::invalid("sslrootcert", format!("{} holds no PEM certificate ({e})", path.display())))?;
        if certs.is_empty() {
            return Err(Error::invalid("sslrootcert", format!("{} holds no PEM certificate", path.display())));
        }
        // Only this file's certificates: a clinic's own CA should not be backed by every
        // public one.
        let mut store = openssl::x509::store::X509StoreBuilder::new().map_err(|e| security("TLS setup", e))?;
        for cert in certs {
            store.add_cert(cert).map_err(|e| security("sslrootcert", e))?;
        }
        builder.set_verify_cert_store(store.build()).map_err(|e| security("TLS setup", e))?;
    }
    Ok(postgres_openssl::MakeTlsConnector::new(builder.build()))
}

fn chain(err: &postgres::Error) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
    let first: &(dyn std::error::Error + 'static) = err;
    std::iter::successors(Some(first), |e| e.source())
}

fn is_tls_failure(err: &postgres::Error) -> bool {
    chain(err).any(|e| e.is::<openssl::ssl::Error>() || e.is::<openssl::error::ErrorStack>())
        || err.to_string().contains("TLS")
}

fn tls_reason(err: &postgres::Error) -> String {
    let text: Vec<String> = chain(err).map(ToString::to_string).collect();
    let all = text.join(": ");
    if all.contains("does not support TLS") {
        "the server does not offer TLS".into()
    } else if all.contains("certificate has expired") {
        "its certificate has expired".into()
    } else if all.contains("IP address mismatch") || all.contains("hostname mismatch") {
        "its certificate is for another host name".into()
    } else if all.contains("self-signed")
        || all.contains("unable to get local issuer")
        || all.contains("unable to get issuer")
    {
        "its certificate is not signed by a trusted authority (give the clinic's CA with sslrootcert=FILE)".into()
    } else {
        text.last().cloned().unwrap_or(all)
    }
}

fn plain_reason(err: &postgres::Error) -> String {
    let text: Vec<String> = chain(err).skip(1).map(ToString::to_string).collect();
    if text.is_empty() { err.to_string() } else { text.join(": ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(url: &str) -> String {
        match ServerUrl::parse(url) {
            Err(Error::Invalid { field, message }) => {
                assert_eq!(field, "server");
                message
            }
            Err(other) => panic!("{url}: unexpected error {other}"),
            Ok(u) => panic!("{url} was accepted: {u:?}"),
        }
    }

    #[test]
    fn verify_full_is_the_default_and_plain_connections_are_only_local_and_explicit() {
        let u = ServerUrl::parse("postgres://jdoe@db.clinic.example/probono").expect("valid");
        assert_eq!(u.tls(), &Tls::VerifyFull { root: None });
        assert_eq!(u.shown(), "jdoe@db.clinic.example:5432/probono");
        assert_eq!(u.login(), "jdoe");
        let local = ServerUrl::parse("postgres://jdoe@localhost:5544/probono?sslmode=disable").expect("valid");
        assert_eq!(local.tls(), &Tls::Disabled);
        assert!(
            refused("postgres://jdoe@db.clinic.example/probono?sslmode=disable").contains("only for this computer")
        );
        for mode in ["require", "verify-ca", "prefer", "allow"] {
            let m = refused(&format!("postgres://jdoe@db.clinic.example/probono?sslmode={mode}"));
            assert!(m.contains("verify-full"), "{mode}: {m}");
        }
        assert!(refused("postgres://jdoe@%2Ftmp%2Fpg/probono").contains("Unix socket"));
        let socket = ServerUrl::parse("postgres://jdoe@%2Ftmp%2Fpg:5544/probono?sslmode=disable").expect("valid");
        assert_eq!(socket.tls(), &Tls::Disabled);
    }

    #[test]
    fn passwords_do_not_belong_in_urls_and_other_mistakes_are_named() {
        let m = refused("postgres://jdoe:hunter2@db.clinic.example/probono");
        assert!(m.contains("PROBONO_PASSWORD") && !m.contains("hunter2"), "{m}");
        assert!(refused("postgres://jdoe@db.clinic.example/probono?password=hunter2").contains("PROBONO_PASSWORD"));
        assert!(refused("mysql://jdoe@db/probono").contains("postgres://"));
        assert!(refused("postgres://db.clinic.example/probono").contains("no login"));
        assert!(refused("postgres://jdoe@db.clinic.example").contains("no database"));
        assert!(refused("postgres://jdoe@db.clinic.example/p?sslrootcert=/nonexistent/ca.pem").contains("sslrootcert"));
        assert!(refused("postgres://jdoe@db.clinic.example/p?sslcert=me.pem").contains("not supported"));
        // "localhost" with a remote address would pass as local and go out unencrypted.
        let m = refused("postgres://dana@localhost/probono?sslmode=disable&hostaddr=203.0.113.9");
        assert!(m.contains("hostaddr"), "{m}");
    }
}

//! The vault itself: init, status, passwd, remember/forget, settings, audit.

use probono_core::vault::KdfParams;
use probono_core::{Error, Result, Vault, db};

use crate::args::{AuditArgs, InitArgs, SettingsCommand};
use crate::output;
use crate::session::{self, Session};

pub fn init(session: &Session, args: &InitArgs) -> Result<()> {
    let dir = session.vault_dir();
    if dir.join(probono_core::vault::KEY_FILE).exists() {
        return Err(Error::VaultExists(dir.display().to_string()));
    }
    let pass = session::new_passphrase("PROBONO_PASSPHRASE")?;
    let created = Vault::create(dir, &pass, KdfParams::DEFAULT)?;
    let mut store = created.store;
    println!("Created an encrypted vault in {}", dir.display());
    println!();
    println!("Recovery key (shown once; print it or write it down and keep it somewhere safe):");
    println!();
    println!("    {}", created.recovery_key.display().as_str());
    println!();
    println!("Anyone with this key can open the vault. Without the passphrase and this key, nobody can,");
    println!("including us. Use it with `probono --recovery-key passwd` if the passphrase is forgotten.");
    if args.remember {
        let keyring = session::keyring_or_unavailable();
        match store.remember(&keyring) {
            Ok(()) => println!("This computer will remember the vault key."),
            Err(e) => eprintln!("note: {e}"),
        }
    }
    Ok(())
}

/// `probono demo`: a new vault holding the fictional demo clinic.
pub fn demo(session: &Session) -> Result<()> {
    let dir = session.vault_dir();
    if dir.join(probono_core::vault::KEY_FILE).exists() {
        return Err(Error::VaultExists(dir.display().to_string()));
    }
    let pass = session::new_passphrase("PROBONO_PASSPHRASE")?;
    let created = Vault::create(dir, &pass, KdfParams::DEFAULT)?;
    let mut store = created.store;
    let summary = store.fill_demo(&mut |stage| eprintln!("creating the demo clinic: {stage}…"))?;
    println!("Created the demo clinic \"{}\" in {}", probono_core::demo::PROGRAM_NAME, dir.display());
    println!(
        "{} clients, {} matters, {} volunteers, {} time entries, {} hearings and deadlines, {} notes.",
        summary.clients, summary.matters, summary.volunteers, summary.time_entries, summary.hearings, summary.notes
    );
    println!("Every person in it is fictional. Try: probono report impact --year 2026 --format pdf --out impact.pdf");
    println!();
    println!("Recovery key for this demo vault: {}", created.recovery_key.display().as_str());
    Ok(())
}

pub fn status(session: &Session, json: bool) -> Result<()> {
    let dir = session.vault_dir();
    let vault = Vault::open(dir)?;
    let kdf = vault.key_file().passphrase_kdf();
    let keyring = session::keyring_or_unavailable();
    let keyring_state = match keyring.availability() {
        Ok(()) => match keyring.recall(vault.id())? {
            Some(key) if vault.key_file().matches(&key) => "remembered on this computer".to_string(),
            _ => "available, key not remembered".to_string(),
        },
        Err(why) => format!("unavailable: {why}"),
    };
    let vault_id = vault.id().to_string();
    let store = session.unlock()?;
    let schema = db::user_version(store.conn())?;
    let counts = store.counts()?;
    let pages = store.page_encryption()?;
    if json {
        let counts: serde_json::Map<String, serde_json::Value> =
            counts.iter().map(|(k, v)| (k.replace(' ', "_"), (*v).into())).collect();
        return output::json(&serde_json::json!({
            "vault": dir.display().to_string(),
            "vault_id": vault_id,
            "schema_version": schema,
            "kdf": kdf,
            "keyring": keyring_state,
            "page_encryption": pages,
            "counts": counts,
        }));
    }
    output::fields(&[
        ("vault", Some(dir.display().to_string())),
        ("vault id", Some(vault_id)),
        ("schema", Some(format!("version {schema} (this program: {})", db::SCHEMA_VERSION))),
        (
            "passphrase KDF",
            kdf.map(|k| {
                format!("Argon2id, {} MiB, {} passes, {} lanes", k.memory_kib / 1024, k.iterations, k.parallelism)
            }),
        ),
        ("keyring", Some(keyring_state)),
        (
            "page encryption",
            Some(format!("{}, {} ({}, {})", pages.cipher, pages.hmac, pages.provider, pages.provider_version)),
        ),
    ]);
    println!();
    for (label, n) in counts {
        println!("{n:>10}  {label}");
    }
    Ok(())
}

pub fn passwd(session: &Session) -> Result<()> {
    let mut store = session.unlock()?;
    let new = session::new_passphrase("PROBONO_NEW_PASSPHRASE")?;
    let kdf = store.vault().key_file().passphrase_kdf().unwrap_or(KdfParams::DEFAULT);
    // Never lower the cost below today's floor when rewrapping.
    let kdf = KdfParams {
        memory_kib: kdf.memory_kib.max(KdfParams::DEFAULT.memory_kib),
        iterations: kdf.iterations.max(KdfParams::DEFAULT.iterations),
        parallelism: kdf.parallelism.max(KdfParams::DEFAULT.parallelism),
    };
    store.change_passphrase(&new, kdf)?;
    println!("Passphrase changed. The recovery key still works; the old passphrase no longer does.");
    Ok(())
}

pub fn remember(session: &Session) -> Result<()> {
    let keyring = session::keyring_or_unavailable();
    if let Err(why) = keyring.availability() {
        return Err(Error::KeyringUnavailable(format!(
            "{why}. This computer cannot remember the vault key; keep using the passphrase"
        )));
    }
    let mut store = session.unlock()?;
    store.remember(&keyring)?;
    println!("This computer now remembers the vault key; commands will not ask for the passphrase.");
    println!("Anyone who can log in as you here can open the vault. Undo with `probono forget`.");
    Ok(())
}

pub fn forget(session: &Session) -> Result<()> {
    let keyring = session::keyring_or_unavailable();
    let vault = Vault::open(session.vault_dir())?;
    keyring.forget(vault.id())?;
    println!("This computer no longer remembers the vault key.");
    Ok(())
}

pub fn settings(session: &Session, command: SettingsCommand) -> Result<()> {
    let mut store = session.unlock()?;
    let settings = match command {
        SettingsCommand::Show(flag) => {
            let s = store.settings()?;
            if flag.json {
                return output::json(&s);
            }
            s
        }
        SettingsCommand::Set { key, value } => {
            let s = store.set_setting(&key, &value)?;
            println!("Saved {key}.");
            s
        }
    };
    let rate = |r: &probono_core::store::ComparisonRate| format!("{:.0}% ({}; {})", r.value * 100.0, r.year, r.source);
    output::fields(&[
        ("program_name", Some(settings.program_name.clone())),
        ("paper", Some(settings.paper.to_string())),
        ("national_relief_rate", Some(rate(&settings.national_relief_rate))),
        ("national_release_rate", Some(rate(&settings.national_release_rate))),
        ("auto_lock_minutes", Some(settings.auto_lock_minutes.to_string())),
        ("backup_reminder_days", Some(settings.backup_reminder_days.to_string())),
        ("export_folder", settings.export_folder.clone()),
    ]);
    Ok(())
}

pub fn audit(session: &Session, args: &AuditArgs) -> Result<()> {
    let store = session.unlock()?;
    let events = store.audit_events(args.limit)?;
    if args.json {
        return output::json(&events);
    }
    output::table(
        &["when", "action", "record", "id", "detail"],
        events
            .into_iter()
            .map(|e| vec![e.at, e.action, e.entity, e.entity_id.map(|i| i.to_string()).unwrap_or_default(), e.detail])
            .collect(),
    );
    Ok(())
}

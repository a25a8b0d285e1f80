//! The vault itself: init, demo, status, passwd, remember/forget, recovery key, settings, audit.

use probono_app::session;
use probono_core::task::TaskContext;
use probono_core::{Error, Result};

use crate::args::{AuditArgs, InitArgs, RecoveryKeyCommand, SettingsCommand};
use crate::output;
use crate::session::{Context, Place, new_passphrase};

pub fn init(cx: &Context, args: &InitArgs) -> Result<()> {
    let dir = cx.vault_dir();
    if probono_app::location::holds_vault(dir) {
        return Err(Error::VaultExists(dir.display().to_string()));
    }
    let pass = new_passphrase("PROBONO_PASSPHRASE")?;
    let keyring = cx.keyring();
    let created = session::create(dir, &pass, args.remember.then_some(&keyring))?;
    println!("Created an encrypted vault in {}", dir.display());
    println!();
    println!("Recovery key (shown once; print it or write it down and keep it somewhere safe):");
    println!();
    println!("    {}", created.recovery_key.display().as_str());
    println!();
    println!("Anyone with this key can open the vault. Without the passphrase and this key, nobody can,");
    println!("including us. Use it with `probono --recovery-key passwd` if the passphrase is forgotten.");
    if args.remember {
        match created.not_remembered {
            None => println!("This computer will remember the vault key."),
            Some(why) => eprintln!("note: {why}"),
        }
    }
    Ok(())
}

/// `probono demo`: a new vault holding the fictional demo clinic.
pub fn demo(cx: &Context) -> Result<()> {
    let dir = cx.vault_dir();
    if probono_app::location::holds_vault(dir) {
        return Err(Error::VaultExists(dir.display().to_string()));
    }
    let pass = new_passphrase("PROBONO_PASSPHRASE")?;
    let task = TaskContext::new(|p: &probono_core::task::Progress<'_>| {
        eprintln!("creating the demo clinic: {}…", p.stage);
    });
    let (created, summary) = session::create_demo(dir, &pass, &task)?;
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

pub fn status(cx: &Context, json: bool) -> Result<()> {
    let session = cx.unlock()?;
    let status = session.status(&cx.keyring())?;
    if json {
        let counts: serde_json::Map<String, serde_json::Value> =
            status.counts.iter().map(|(k, v)| (k.replace(' ', "_"), (*v).into())).collect();
        return output::json(&serde_json::json!({
            "vault": status.vault,
            "vault_id": status.vault_id,
            "schema_version": status.schema_version,
            "kdf": status.kdf,
            "keyring": status.keyring,
            "page_encryption": status.page_encryption,
            "stock_provider_reason": status.stock_provider_reason,
            "counts": counts,
        }));
    }
    let pages = &status.page_encryption;
    output::fields(&[
        ("vault", Some(status.vault.clone())),
        ("vault id", Some(status.vault_id.clone())),
        (
            "schema",
            Some(format!("version {} (this program: {})", status.schema_version, status.program_schema_version)),
        ),
        (
            "passphrase KDF",
            status.kdf.map(|k| {
                format!("Argon2id, {} MiB, {} passes, {} lanes", k.memory_kib / 1024, k.iterations, k.parallelism)
            }),
        ),
        ("keyring", Some(status.keyring.clone())),
        (
            "page encryption",
            Some(format!("{}, {} ({}, {})", pages.cipher, pages.hmac, pages.provider, pages.provider_version)),
        ),
        ("stock provider", status.stock_provider_reason.clone()),
    ]);
    println!();
    for (label, n) in &status.counts {
        println!("{n:>10}  {label}");
    }
    Ok(())
}

pub fn passwd(cx: &Context) -> Result<()> {
    let mut session = cx.unlock()?;
    let proof = cx.confirm(&session, "change the passphrase")?;
    let new = new_passphrase("PROBONO_NEW_PASSPHRASE")?;
    session.change_passphrase(&proof, &new)?;
    println!("Passphrase changed. The recovery key still works; the old passphrase no longer unlocks this vault here.");
    println!("The vault's key itself is unchanged, and backups made before still open with the old passphrase.");
    println!(
        "If someone may know the old passphrase, also run `probono rekey`: it replaces the key and the recovery key."
    );
    Ok(())
}

pub fn rekey(cx: &Context) -> Result<()> {
    let mut session = cx.unlock()?;
    let current = cx.current_passphrase("replace the vault's key")?;
    let keyring = cx.keyring();
    eprintln!("Re-encrypting every record under a new key…");
    let done = session.rekey(&current, &keyring)?;
    println!("The vault has a new key. The passphrase is the same; the recovery key is new.");
    println!();
    println!("New recovery key (shown once; print it or write it down and keep it somewhere safe):");
    println!();
    println!("    {}", done.recovery_key.display().as_str());
    println!();
    println!("The old recovery key no longer opens this vault.");
    println!("Backups made before still open with the old passphrase and the old recovery key: make a new backup");
    println!("now, and destroy older backups that may be in the wrong hands.");
    if done.remembered {
        println!("This computer remembers the new key in place of the old one.");
    }
    if let Some(why) = done.keyring_problem {
        println!("This computer no longer remembers the key ({why}); `probono remember` tries again.");
    }
    Ok(())
}

pub fn remember(cx: &Context) -> Result<()> {
    let keyring = cx.keyring();
    // Say so before asking for the passphrase when the keyring cannot be used at all.
    keyring.availability().map_err(|why| {
        Error::KeyringUnavailable(format!(
            "{why}. This computer cannot remember the vault key; keep using the passphrase"
        ))
    })?;
    let mut session = cx.unlock()?;
    let proof = cx.confirm(&session, "remember the vault key on this computer")?;
    session.remember(&proof, &keyring)?;
    println!("This computer now remembers the vault key; commands will not ask for the passphrase.");
    println!("Anyone who can log in as you here can open the vault. Undo with `probono forget`.");
    Ok(())
}

pub fn forget(cx: &Context) -> Result<()> {
    let mut session = cx.unlock()?;
    session.forget(&cx.keyring())?;
    println!("This computer no longer remembers the vault key.");
    Ok(())
}

pub fn recovery_key(cx: &Context, command: RecoveryKeyCommand) -> Result<()> {
    match command {
        RecoveryKeyCommand::New => {
            let mut session = cx.unlock()?;
            let proof = cx.confirm(&session, "make a new recovery key")?;
            let key = session.new_recovery_key(&proof)?;
            println!("New recovery key (shown once; print it or write it down and keep it somewhere safe):");
            println!();
            println!("    {}", key.display().as_str());
            println!();
            println!("The old recovery key no longer opens this vault. Backups made before still open with it.");
            Ok(())
        }
    }
}

pub fn settings(place: &mut Place, command: SettingsCommand) -> Result<()> {
    let settings = match command {
        SettingsCommand::Show(flag) => {
            let s = place.records().settings()?;
            if flag.json {
                return output::json(&s);
            }
            s
        }
        SettingsCommand::Set { key, value } => {
            let s = place.records_mut().set_setting(&key, &value)?;
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

/// `cx`: the vault's command context (on a team server: none; there the trail is kept by the
/// server's triggers and nobody can edit it, so there is no chain to verify).
pub fn audit(place: impl FnOnce() -> Result<Place>, cx: Option<&Context>, args: &AuditArgs) -> Result<()> {
    if let Some(crate::args::AuditCommand::Verify) = args.command {
        let Some(cx) = cx else {
            return Err(Error::invalid(
                "server",
                "audit verify checks a vault's hash chain; a team server's trail is insert-only, kept by its triggers",
            ));
        };
        let chain = probono_app::safety::verify_audit(&cx.unlock_read_only()?)?;
        if chain.intact() {
            match chain.events {
                1 => println!("The audit log's one event is intact."),
                n => println!("The audit log's {n} events are intact: each follows from the ones before it."),
            }
            return Ok(());
        }
        return Err(Error::Conflict(format!("{}; nothing was changed", chain.describe())));
    }
    let events = place()?.records().audit_events(args.limit)?;
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

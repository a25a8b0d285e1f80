//! Hours logged on other computers: a volunteer exports a signed, encrypted submission of
//! their time; the program's coordinator imports it.
//!
//! The submission is encrypted with age to the program's public key, so only the coordinator
//! can read it. age does not say who sent a file, so the content is also signed with the
//! volunteer's own Ed25519 key (made on first use, kept in their vault). The coordinator
//! accepts a volunteer's key once, after checking its fingerprint with them out of band, and
//! refuses later submissions signed by any other key. Entries merge by id.

use std::collections::BTreeSet;
use std::str::FromStr;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::Role;
use crate::reports::Period;
use crate::store::{Store, audit, now};
use crate::task::TaskContext;

const FORMAT: &str = "pro-bono-desk-hours-submission";
const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SubmittedVolunteer {
    pub name: String,
    pub email: Option<String>,
    pub organization: Option<String>,
    pub role: Role,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SubmittedEntry {
    pub id: Uuid,
    pub case_ref: String,
    pub date: String,
    pub minutes: u32,
    pub activity: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Payload {
    format: String,
    version: u32,
    volunteer: SubmittedVolunteer,
    /// Base64 Ed25519 public key that signed this payload.
    signing_key: String,
    period: Period,
    created_at: String,
    entries: Vec<SubmittedEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Envelope {
    payload: String,
    signature: String,
}

/// What an import of a submission did.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SubmissionSummary {
    pub volunteer: String,
    pub fingerprint: String,
    /// The key was accepted now (first submission from this volunteer).
    pub key_accepted: bool,
    pub volunteer_created: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Entries of the file that were deleted in this vault: not brought back.
    pub deleted_here: usize,
}

/// What importing a submission came to: its entries were imported, or the coordinator has a
/// question to answer first, and nothing was written.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SubmissionOutcome {
    Imported {
        summary: SubmissionSummary,
    },
    /// The volunteer's first submission: confirm this fingerprint with them out of band, then
    /// import again accepting it.
    ConfirmKey {
        volunteer: String,
        fingerprint: String,
    },
    /// The submission has time on case references this vault does not have (after the
    /// mapping given): map each to a matter here and import again. Nothing is dropped.
    MapCaseRefs {
        volunteer: String,
        unknown_case_refs: Vec<String>,
    },
}

/// How the coordinator answers the questions a submission raises.
#[derive(Debug, Clone, Default)]
pub struct SubmissionOptions {
    /// The fingerprint the coordinator confirmed with the volunteer (first submission only).
    pub accept_fingerprint: Option<String>,
    /// Case references renamed: (as submitted, as in this vault).
    pub map: Vec<(String, String)>,
}

fn b64(bytes: &[u8]) -> String {
    data_encoding::BASE64.encode(bytes)
}

fn un_b64(text: &str) -> Result<Vec<u8>> {
    data_encoding::BASE64.decode(text.as_bytes()).map_err(|_| bad_file("is damaged (bad base64)"))
}

/// Each entry of a submission checked like time typed here (the signature proves who made
/// the file, not that its text is sane): a real date within the submission's period, 1
/// minute to 24 hours, an activity within the length limit and without control characters,
/// a real time of last change. The first bad entry refuses the whole file, naming the entry
/// and the field; the activity is stored trimmed.
fn check_entries(entries: &mut [SubmittedEntry], period: &Period) -> Result<()> {
    let at = |n: usize, e: Error| match e {
        Error::Invalid { field, message } => {
            Error::InvalidRecord { file: "the submission".into(), record: Some(n + 1), field, message }
        }
        other => other,
    };
    for (n, e) in entries.iter_mut().enumerate() {
        let date = crate::validate::date("date", &e.date).map_err(|err| at(n, err))?;
        if date < period.from || date > period.to {
            let why = format!("is outside the submission's period ({} to {})", period.from, period.to);
            return Err(at(n, Error::invalid("date", why)));
        }
        crate::validate::case_ref("case_ref", &e.case_ref).map_err(|err| at(n, err))?;
        if !(1..=crate::validate::MAX_ENTRY_MINUTES).contains(&e.minutes) {
            return Err(at(n, Error::invalid("hours", "must be more than 0 and at most 24")));
        }
        e.activity = crate::validate::text("activity", &e.activity).map_err(|err| at(n, err))?.unwrap_or_default();
        timestamp("updated_at", &e.updated_at).map_err(|err| at(n, err))?;
    }
    Ok(())
}

/// A time of last change (RFC 3339, e.g. `2026-03-02T10:00:00Z`), compared as a time, not
/// as text (`…+01:00` and `…Z` name the same instant differently).
fn timestamp(field: &str, text: &str) -> Result<jiff::Timestamp> {
    text.parse::<jiff::Timestamp>()
        .map_err(|_| Error::invalid(field, "must be a date and time such as 2026-03-02T10:00:00Z"))
}

fn bad_file(why: &str) -> Error {
    Error::invalid("file", format!("the submission {why}"))
}

/// "AB12-CD34-…": the first 16 bytes of SHA-256 of the public key, for reading aloud.
pub fn fingerprint(public_key: &[u8]) -> String {
    let digest = Sha256::digest(public_key);
    let hex = data_encoding::HEXUPPER.encode(&digest[..16]);
    hex.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

impl Store {
    fn own_key(&self, kind: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn()
            .query_row("SELECT secret, public FROM own_key WHERE kind = ?1", [kind], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn save_own_key(&mut self, kind: &str, secret: &str, public: &str) -> Result<()> {
        let (kind, secret, public) = (kind.to_owned(), secret.to_owned(), public.to_owned());
        self.write(move |tx| {
            tx.execute(
                "INSERT INTO own_key (kind, secret, public, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![kind, secret, public, now()],
            )?;
            audit(tx, "create", "key", None, &kind)
        })
    }

    /// The program's public key (`age1…`) that volunteers encrypt submissions to; made on
    /// first use and kept (with its secret half) inside this vault.
    pub fn program_key(&mut self) -> Result<String> {
        if let Some((_, public)) = self.own_key("program_age_identity")? {
            return Ok(public);
        }
        let identity = age::x25519::Identity::generate();
        let public = identity.to_public().to_string();
        use age::secrecy::ExposeSecret;
        self.save_own_key("program_age_identity", identity.to_string().expose_secret(), &public)?;
        Ok(public)
    }

    fn signing_key(&mut self) -> Result<SigningKey> {
        if let Some((secret, _)) = self.own_key("volunteer_signing")? {
            let bytes = zeroize::Zeroizing::new(un_b64(&secret)?);
            let array: [u8; 32] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| Error::VaultDamaged("the stored signing key is damaged".into()))?;
            return Ok(SigningKey::from_bytes(&array));
        }
        let mut seed = zeroize::Zeroizing::new([0u8; 32]);
        crate::secret::fill_random(&mut seed[..])?;
        let key = SigningKey::from_bytes(&seed);
        self.save_own_key("volunteer_signing", &b64(seed.as_slice()), &b64(key.verifying_key().as_bytes()))?;
        Ok(key)
    }

    /// This vault's signing-key fingerprint, for the volunteer to read to the coordinator.
    pub fn signing_fingerprint(&mut self) -> Result<String> {
        Ok(fingerprint(self.signing_key()?.verifying_key().as_bytes()))
    }

    /// Forgets the signing key accepted for a volunteer (a new computer, a lost key): their
    /// next submission asks for its fingerprint to be confirmed again.
    pub fn reset_volunteer_key(&mut self, volunteer: &str) -> Result<bool> {
        let volunteer = volunteer.to_owned();
        self.write(move |tx| {
            let (seq, id) = crate::store::volunteers::resolve(tx, &volunteer, "volunteer")?;
            let removed = tx.execute("DELETE FROM volunteer_signing_key WHERE volunteer_seq = ?1", [seq])? > 0;
            if removed {
                audit(tx, "delete", "volunteer_key", Some(id), "")?;
            }
            Ok(removed)
        })
    }

    /// A volunteer's submission of their hours in `period`, encrypted to `program_key`.
    /// `volunteer` names the submitter's own record (id, e-mail or name).
    pub fn submit_hours(&mut self, volunteer: &str, period: Period, program_key: &str) -> Result<Vec<u8>> {
        let recipient = age::x25519::Recipient::from_str(program_key.trim())
            .map_err(|_| Error::invalid("program_key", "is not a program key (it starts with age1…)"))?;
        let me = self.find_volunteer(volunteer)?;
        let entries = self.list_time(&crate::store::TimeFilter {
            volunteer: Some(me.id.to_string()),
            from: Some(period.from.to_string()),
            to: Some(period.to.to_string()),
            ..Default::default()
        })?;
        if entries.is_empty() {
            return Err(Error::invalid("from", "there are no hours logged by this volunteer in the period"));
        }
        let mut submitted = Vec::with_capacity(entries.len());
        for e in entries {
            let updated_at: String =
                self.conn().query_row("SELECT updated_at FROM time_entry WHERE id = ?1", [e.id], |r| r.get(0))?;
            submitted.push(SubmittedEntry {
                id: e.id,
                case_ref: e.case_ref,
                date: e.date,
                minutes: e.minutes as u32,
                activity: e.activity,
                updated_at,
            });
        }
        let key = self.signing_key()?;
        let payload = Payload {
            format: FORMAT.into(),
            version: VERSION,
            volunteer: SubmittedVolunteer {
                name: me.name,
                email: me.email,
                organization: me.organization,
                role: me.role,
            },
            signing_key: b64(key.verifying_key().as_bytes()),
            period,
            created_at: now(),
            entries: submitted,
        };
        let encrypted = seal(&payload, &key, &recipient)?;
        self.record_event("export", "submission", Some(me.id), "hours submission")?;
        Ok(encrypted)
    }
}

/// The payload signed with `key` and encrypted to `recipient`: a submission file.
fn seal(payload: &Payload, key: &SigningKey, recipient: &age::x25519::Recipient) -> Result<Vec<u8>> {
    let payload = serde_json::to_vec(payload).map_err(|e| Error::Internal(e.to_string()))?;
    let signature: Signature = key.sign(&payload);
    let envelope = serde_json::to_vec(&Envelope { payload: b64(&payload), signature: b64(&signature.to_bytes()) })
        .map_err(|e| Error::Internal(e.to_string()))?;
    age::encrypt(recipient, &envelope).map_err(|e| Error::Internal(format!("age: {e}")))
}

impl Store {
    /// Imports a volunteer's submission (see the module docs). Unknown case references are all
    /// listed and nothing is imported until they are mapped; a first submission's key is
    /// confirmed before anything is written.
    pub fn import_submission(
        &mut self,
        file: &[u8],
        options: &SubmissionOptions,
        task: &TaskContext,
    ) -> Result<SubmissionOutcome> {
        task.step("checking", 0, 2)?;
        let (secret, _) = self.own_key("program_age_identity")?.ok_or(Error::NoProgramKey)?;
        let identity = age::x25519::Identity::from_str(&secret)
            .map_err(|_| Error::VaultDamaged("the stored program key is damaged".into()))?;
        let envelope = zeroize::Zeroizing::new(age::decrypt(&identity, file).map_err(|_| {
            bad_file("cannot be opened with this program's key (it was made for another program, or it is damaged)")
        })?);
        let envelope: Envelope = serde_json::from_slice(&envelope).map_err(|_| bad_file("is damaged"))?;
        let payload_bytes = un_b64(&envelope.payload)?;
        let payload: Payload = serde_json::from_slice(&payload_bytes).map_err(|_| bad_file("is damaged"))?;
        if payload.format != FORMAT || payload.version > VERSION {
            return Err(bad_file("is not an hours submission this version understands"));
        }
        let public = un_b64(&payload.signing_key)?;
        let public: [u8; 32] = public.as_slice().try_into().map_err(|_| bad_file("has a malformed signing key"))?;
        let verifying = VerifyingKey::from_bytes(&public).map_err(|_| bad_file("has a malformed signing key"))?;
        let signature: [u8; 64] =
            un_b64(&envelope.signature)?.as_slice().try_into().map_err(|_| bad_file("has a malformed signature"))?;
        verifying
            .verify_strict(&payload_bytes, &Signature::from_bytes(&signature))
            .map_err(|_| bad_file("is not correctly signed: it was altered after it was made"))?;
        let fp = fingerprint(&public);
        let mut payload = payload;
        check_entries(&mut payload.entries, &payload.period)?;
        let v = &payload.volunteer;

        // Every case reference must be known here (after renaming).
        let mapped = |case_ref: &str| -> String {
            options
                .map
                .iter()
                .find(|(from, _)| from == case_ref)
                .map_or_else(|| case_ref.to_owned(), |(_, to)| to.clone())
        };
        let mut unknown = BTreeSet::new();
        for e in &payload.entries {
            let r = mapped(&e.case_ref);
            let exists: bool =
                self.conn()
                    .query_row("SELECT EXISTS (SELECT 1 FROM matter WHERE case_ref = ?1)", [&r], |row| row.get(0))?;
            if !exists {
                unknown.insert(e.case_ref.clone());
            }
        }
        if !unknown.is_empty() {
            return Ok(SubmissionOutcome::MapCaseRefs {
                volunteer: v.name.clone(),
                unknown_case_refs: unknown.into_iter().collect(),
            });
        }
        // Read aloud or pasted: case, spaces and dashes do not matter.
        let plain = |f: &str| f.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_uppercase();
        let confirmed = options.accept_fingerprint.as_deref().map(plain) == Some(plain(&fp));
        if !confirmed && self.pinned_fingerprint(&v.name, v.email.as_deref())?.is_none() {
            return Ok(SubmissionOutcome::ConfirmKey { volunteer: v.name.clone(), fingerprint: fp });
        }

        task.step("importing", 1, 2)?;
        let summary = self.write(|tx| {
            let mut summary = SubmissionSummary { volunteer: v.name.clone(), fingerprint: fp.clone(), ..Default::default() };
            let found = crate::store::volunteers::find_by_identity(tx, &v.name, v.email.as_deref())?;
            let vseq = match found {
                Some(seq) => seq,
                None => {
                    let draft = crate::model::VolunteerDraft {
                        name: v.name.clone(),
                        email: v.email.clone(),
                        organization: v.organization.clone(),
                        role: v.role.code().into(),
                        ..Default::default()
                    };
                    let valid = crate::store::volunteers::validate(&draft).map_err(crate::validate::first)?;
                    summary.volunteer_created = true;
                    crate::store::volunteers::insert(tx, &valid, &crate::store::Stamp::new())?.0
                }
            };
            let pinned: Option<String> = tx
                .query_row("SELECT fingerprint FROM volunteer_signing_key WHERE volunteer_seq = ?1", [vseq], |r| r.get(0))
                .optional()?;
            match pinned {
                Some(known) if known == fp => {}
                Some(_) => return Err(Error::SigningKeyChanged { volunteer: v.name.clone() }),
                None => {
                    if !confirmed {
                        // Checked above; the transaction sees the same rows.
                        return Err(Error::Internal("a first submission reached the import unconfirmed".into()));
                    }
                    tx.execute(
                        "INSERT INTO volunteer_signing_key (volunteer_seq, public_key, fingerprint, accepted_at) VALUES (?1, ?2, ?3, ?4)",
                        params![vseq, payload.signing_key, fp, now()],
                    )?;
                    summary.key_accepted = true;
                }
            }
            let mut writer = crate::store::time::TimeWriter::new(tx);
            for e in &payload.entries {
                let date = crate::validate::date("date", &e.date)?.to_string();
                let mseq: i64 =
                    tx.query_row("SELECT seq FROM matter WHERE case_ref = ?1", [mapped(&e.case_ref)], |r| r.get(0))?;
                let existing: Option<(i64, i64, String, i64, String, String)> = tx
                    .query_row(
                        "SELECT volunteer_seq, matter_seq, date, minutes, activity, updated_at FROM time_entry WHERE id = ?1",
                        [e.id],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
                    )
                    .optional()?;
                let entry = crate::store::time::NewEntry {
                    volunteer_seq: vseq,
                    matter_seq: mseq,
                    date: &date,
                    minutes: e.minutes,
                    activity: &e.activity,
                };
                match existing {
                    None if crate::store::time::was_deleted(tx, e.id)? => {
                        // Deleted here after the volunteer's computer recorded it: it stays
                        // deleted, however often an older file is imported again.
                        summary.deleted_here += 1;
                    }
                    None => {
                        writer.insert_stamped(e.id, &entry, &e.updated_at)?;
                        summary.created += 1;
                    }
                    Some((owner, ..)) if owner != vseq => {
                        return Err(bad_file("claims an entry that belongs to another volunteer"));
                    }
                    Some((_, m, d, minutes, activity, _))
                        if m == mseq && d == date && minutes == i64::from(e.minutes) && activity == e.activity =>
                    {
                        summary.unchanged += 1;
                    }
                    Some((.., updated_at)) if timestamp("updated_at", &updated_at)? > timestamp("updated_at", &e.updated_at)? => {
                        // The vault holds a newer edit of this entry than the submission.
                        summary.unchanged += 1;
                    }
                    Some(_) => {
                        crate::store::time::remove_for_update(tx, e.id)?;
                        writer.insert_stamped(e.id, &entry, &e.updated_at)?;
                        summary.updated += 1;
                    }
                }
            }
            audit(
                tx,
                "import",
                "submission",
                None,
                &format!(
                    "{} created, {} updated, {} unchanged, {} deleted here",
                    summary.created, summary.updated, summary.unchanged, summary.deleted_here
                ),
            )?;
            Ok(summary)
        })?;
        task.step("done", 2, 2)?;
        Ok(SubmissionOutcome::Imported { summary })
    }

    /// The fingerprint accepted for the volunteer a submission names, if any.
    fn pinned_fingerprint(&self, name: &str, email: Option<&str>) -> Result<Option<String>> {
        let Some(seq) = crate::store::volunteers::find_by_identity(self.conn(), name, email)? else {
            return Ok(None);
        };
        Ok(self
            .conn()
            .query_row("SELECT fingerprint FROM volunteer_signing_key WHERE volunteer_seq = ?1", [seq], |r| r.get(0))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClientDraft, MatterDraft, VolunteerDraft};
    use crate::{KdfParams, Passphrase, Vault};

    fn vault(dir: &std::path::Path) -> Store {
        Vault::create(&dir.join("vault"), &Passphrase::new("correct horse battery staple"), KdfParams::TEST_ONLY_WEAK)
            .expect("vault")
            .store
    }

    /// The program never writes an entry outside the period it declares; a file made by hand
    /// (signed with the volunteer's own key) can, and is refused whole.
    #[test]
    fn an_entry_outside_the_submissions_period_refuses_the_file() {
        let (c, v) = (tempfile::tempdir().expect("tmp"), tempfile::tempdir().expect("tmp"));
        let mut coord = vault(c.path());
        coord.create_client(&ClientDraft { name: "A client".into(), ..Default::default() }).expect("client");
        coord
            .create_matter(&MatterDraft {
                case_ref: Some("JC-1".into()),
                client: "A client".into(),
                case_type: "asylum".into(),
                opened: "2026-01-01".into(),
                ..Default::default()
            })
            .expect("matter");
        let program_key = coord.program_key().expect("program key");
        let mut vol = vault(v.path());
        vol.create_volunteer(&VolunteerDraft {
            name: "Priya Sharma".into(),
            role: "attorney".into(),
            ..Default::default()
        })
        .expect("volunteer");
        let key = vol.signing_key().expect("signing key");
        let spring = Period::between("2026-03-01", "2026-05-31").expect("period");
        let entry = |date: &str| SubmittedEntry {
            id: Uuid::now_v7(),
            case_ref: "JC-1".into(),
            date: date.into(),
            minutes: 60,
            activity: "Drafting".into(),
            updated_at: now(),
        };
        let payload = Payload {
            format: FORMAT.into(),
            version: VERSION,
            volunteer: SubmittedVolunteer {
                name: "Priya Sharma".into(),
                email: None,
                organization: None,
                role: Role::Attorney,
            },
            signing_key: b64(key.verifying_key().as_bytes()),
            period: spring,
            created_at: now(),
            entries: vec![entry("2026-03-02"), entry("2026-06-15")],
        };
        let recipient = age::x25519::Recipient::from_str(&program_key).expect("recipient");
        let file = seal(&payload, &key, &recipient).expect("sealed");
        let accept = SubmissionOptions {
            accept_fingerprint: Some(vol.signing_fingerprint().expect("fp")),
            ..Default::default()
        };
        let err = coord.import_submission(&file, &accept, &TaskContext::silent()).expect_err("refused");
        match &err {
            Error::InvalidRecord { record: Some(2), field, message, .. } => {
                assert_eq!(field, "date");
                assert!(message.contains("outside the submission's period (2026-03-01 to 2026-05-31)"), "{message}");
            }
            other => panic!("expected the second entry's date to be refused, got {other:?}"),
        }
        let entries: i64 = coord.conn().query_row("SELECT count(*) FROM time_entry", [], |r| r.get(0)).expect("count");
        assert_eq!(entries, 0, "nothing of the file was written");

        // The same entries inside the period are imported, and an updated_at that is not a
        // time is refused rather than compared as text.
        let mut fixed = payload.clone();
        fixed.entries[1].date = "2026-05-31".into();
        fixed.entries[1].updated_at = "yesterday".into();
        let err = coord
            .import_submission(&seal(&fixed, &key, &recipient).expect("sealed"), &accept, &TaskContext::silent())
            .expect_err("refused");
        assert!(err.to_string().contains("updated_at"), "{err}");
        fixed.entries[1].updated_at = now();
        let outcome =
            coord.import_submission(&seal(&fixed, &key, &recipient).expect("sealed"), &accept, &TaskContext::silent());
        assert!(
            matches!(outcome, Ok(SubmissionOutcome::Imported { ref summary }) if summary.created == 2),
            "{outcome:?}"
        );
    }
}

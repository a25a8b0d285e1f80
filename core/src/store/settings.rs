//! Program settings kept inside the vault: the name on PDF headers, paper size, national
//! comparison rates for the impact report, auto-lock and backup reminders.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::{Store, audit, now};
use crate::error::{Error, Result};

use crate::pdf::Paper;

/// A national rate printed beside ours, with where it comes from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRate {
    /// A fraction, 0..1.
    pub value: f64,
    pub year: i32,
    pub source: String,
}

/// A state's pro bono goal for attorneys, in hours a year, with its year and source, and
/// whether the state requires attorneys to report their hours (goals and rules differ by
/// state; they are entered, not built in).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateGoal {
    pub hours: f64,
    pub year: i32,
    pub reporting_required: bool,
    /// The state and its rule, e.g. "New York, Rules of Professional Conduct 6.1".
    pub source: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub program_name: String,
    pub paper: Paper,
    pub national_relief_rate: ComparisonRate,
    pub national_release_rate: ComparisonRate,
    pub auto_lock_minutes: u32,
    pub backup_reminder_days: u32,
    /// Where save dialogs start (and where the app writes exports when no dialog is used).
    pub export_folder: Option<String>,
    /// Days the program's court or office is closed besides the federal holidays; deadlines
    /// move off them as off a holiday.
    pub closure_days: Vec<crate::deadlines::ClosureDay>,
    /// The program's own deadline rules (TOML, as core/deadlines/rules.toml), added to the
    /// built-in ones or replacing those with the same id.
    pub deadline_rules: Option<String>,
    /// The time zone of the program's court, for hearings that name none (IANA name).
    pub time_zone: String,
    /// Conflict-check matches scoring below this are not shown (docs/conflict-checks.md).
    pub conflict_threshold: f64,
    /// The state's pro bono goal for attorneys, when the program reports against one.
    pub state_goal: Option<StateGoal>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            program_name: "Pro Bono Program".into(),
            paper: Paper::Letter,
            national_relief_rate: ComparisonRate {
                value: 0.40,
                year: 2022,
                source: "national asylum and other relief rate quoted in the program's reporting; set the source in Settings".into(),
            },
            national_release_rate: ComparisonRate {
                value: 0.32,
                year: 2022,
                source: "national release-from-detention rate quoted in the program's reporting; set the source in Settings".into(),
            },
            auto_lock_minutes: 10,
            backup_reminder_days: 7,
            export_folder: None,
            closure_days: Vec::new(),
            deadline_rules: None,
            time_zone: "America/New_York".into(),
            conflict_threshold: crate::conflict::DEFAULT_THRESHOLD,
            state_goal: None,
        }
    }
}

/// The settings a person can change, and how each is checked.
pub const KEYS: &[&str] = &[
    "program_name",
    "paper",
    "national_relief_rate",
    "national_release_rate",
    "auto_lock_minutes",
    "backup_reminder_days",
    "export_folder",
    "closure_days",
    "deadline_rules",
    "time_zone",
    "conflict_threshold",
    "state_goal",
];

/// Keys the program keeps for itself in the setting table (not settings a person changes).
pub(crate) const STATE_KEYS: &[&str] = &[LAST_VERIFIED_BACKUP];

/// When the last verified backup was made (RFC 3339, as JSON text).
pub(crate) const LAST_VERIFIED_BACKUP: &str = "last_verified_backup";

/// Writes one row of the setting table, its value as JSON text (the table's one writer).
pub(crate) fn put(tx: &Transaction<'_>, key: &str, json: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO setting (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )?
    .execute(params![key, json, now()])?;
    Ok(())
}

/// The settings over any connection, with defaults for anything never set.
pub(crate) fn read(conn: &rusqlite::Connection) -> Result<Settings> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM setting")?;
    let pairs = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Settings::from_pairs(pairs).map_err(|_| Error::VaultDamaged("a stored setting cannot be read".into()))
}

impl Settings {
    /// Settings from stored (key, JSON text) pairs, the defaults for what is missing: the
    /// vault's `setting` table and a team database's `settings` hold the same pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Result<Settings> {
        let mut map = serde_json::Map::new();
        for (key, value) in pairs {
            if let Ok(v) = serde_json::from_str(&value) {
                map.insert(key, v);
            }
        }
        let mut merged = serde_json::to_value(Settings::default()).map_err(|e| Error::Internal(e.to_string()))?;
        if let Some(obj) = merged.as_object_mut() {
            obj.extend(map);
        }
        serde_json::from_value(merged).map_err(|_| Error::invalid("settings", "a stored setting cannot be read"))
    }
}

impl Settings {
    pub(crate) fn check(&self) -> Result<()> {
        crate::validate::name("program_name", &self.program_name)?;
        for (field, rate) in [
            ("national_relief_rate", &self.national_relief_rate),
            ("national_release_rate", &self.national_release_rate),
        ] {
            if !(0.0..=1.0).contains(&rate.value) {
                return Err(Error::invalid(field, "value must be a fraction between 0 and 1 (40% is 0.40)"));
            }
            let years = crate::reports::FIRST_YEAR..=crate::reports::LAST_YEAR;
            if !years.contains(&rate.year) {
                return Err(Error::invalid(
                    field,
                    format!("year must be between {} and {}", years.start(), years.end()),
                ));
            }
        }
        if let Some(goal) = &self.state_goal {
            if !(goal.hours > 0.0 && goal.hours <= 1_000.0) {
                return Err(Error::invalid("state_goal", "hours must be more than 0 and at most 1,000"));
            }
            let years = crate::reports::FIRST_YEAR..=crate::reports::LAST_YEAR;
            if !years.contains(&goal.year) {
                return Err(Error::invalid(
                    "state_goal",
                    format!("year must be between {} and {}", years.start(), years.end()),
                ));
            }
            crate::validate::line("state_goal", &goal.source)?
                .ok_or_else(|| Error::invalid("state_goal", "needs its source: the state and its rule"))?;
        }
        if !(1..=240).contains(&self.auto_lock_minutes) {
            return Err(Error::invalid("auto_lock_minutes", "must be between 1 and 240 minutes"));
        }
        if !(1..=365).contains(&self.backup_reminder_days) {
            return Err(Error::invalid("backup_reminder_days", "must be between 1 and 365 days"));
        }
        for day in &self.closure_days {
            crate::validate::line("closure_days", &day.reason)?
                .ok_or_else(|| Error::invalid("closure_days", "each closure day needs a reason"))?;
        }
        if let Some(rules) = &self.deadline_rules {
            crate::deadlines::rules::effective(Some(rules))
                .map_err(|e| Error::invalid("deadline_rules", e.message()))?;
        }
        if !(0.5..=1.0).contains(&self.conflict_threshold) {
            return Err(Error::invalid(
                "conflict_threshold",
                "must be between 0.5 and 1 (0.8 shows likely and possible matches; see docs/conflict-checks.md)",
            ));
        }
        if crate::validate::time_zone("time_zone", &self.time_zone)?.is_none() {
            return Err(Error::invalid("time_zone", "is required (a time zone such as America/New_York)"));
        }
        Ok(())
    }
}

impl Store {
    /// The settings, with defaults for anything never set.
    pub fn settings(&self) -> Result<Settings> {
        read(self.conn())
    }

    /// Saves every setting that differs from what is stored.
    pub fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        let pairs = settings.to_pairs()?;
        self.write(|tx| {
            for (key, text) in &pairs {
                let old: Option<String> =
                    tx.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?;
                if old.as_deref() != Some(text.as_str()) {
                    put(tx, key, text)?;
                    audit(tx, "update", "setting", None, key)?;
                }
            }
            Ok(())
        })
    }

    /// Sets one setting from text, as the CLI's `settings set KEY VALUE` does. Rates take
    /// `VALUE[,YEAR[,SOURCE]]` with VALUE as a percentage (`40%`) or a fraction (`0.4`).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<Settings> {
        let s = self.settings()?.with(key, value)?;
        self.save_settings(&s)?;
        Ok(s)
    }
}

impl Settings {
    /// These settings with one changed, as typed (`probono settings set KEY VALUE`); checked
    /// by the rules of that key. Any engine saves the result.
    pub fn with(mut self, key: &str, value: &str) -> Result<Settings> {
        let s = &mut self;
        let value = value.trim();
        match key {
            "program_name" => s.program_name = crate::validate::name("program_name", value)?,
            "paper" => s.paper = value.parse().map_err(|_| Error::invalid("paper", "must be letter or a4"))?,
            "national_relief_rate" => s.national_relief_rate = parse_rate(key, value, &s.national_relief_rate)?,
            "national_release_rate" => s.national_release_rate = parse_rate(key, value, &s.national_release_rate)?,
            "auto_lock_minutes" => {
                s.auto_lock_minutes =
                    value.parse().map_err(|_| Error::invalid(key, "must be a whole number of minutes"))?
            }
            "backup_reminder_days" => {
                s.backup_reminder_days =
                    value.parse().map_err(|_| Error::invalid(key, "must be a whole number of days"))?
            }
            "export_folder" => s.export_folder = Some(value.to_owned()).filter(|v| !v.is_empty()),
            "time_zone" => s.time_zone = value.to_owned(),
            "conflict_threshold" => {
                s.conflict_threshold = value
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| Error::invalid(key, "must be a number between 0.5 and 1, such as 0.8"))?
            }
            "state_goal" => s.state_goal = parse_state_goal(value)?,
            "closure_days" | "deadline_rules" => {
                return Err(Error::invalid(
                    key,
                    "is not set as one text: add closure days or load a rules file instead",
                ));
            }
            _ => return Err(Error::invalid("key", format!("unknown setting; known settings: {}", KEYS.join(", ")))),
        }
        Ok(self)
    }

    /// Each setting as stored: its key and its value as JSON text (checked first).
    pub fn to_pairs(&self) -> Result<Vec<(String, String)>> {
        self.check()?;
        let value = serde_json::to_value(self).map_err(|e| Error::Internal(e.to_string()))?;
        let Some(obj) = value.as_object() else { return Err(Error::Internal("settings are not an object".into())) };
        Ok(obj.iter().map(|(k, v)| (k.clone(), v.to_string())).collect())
    }
}

/// `HOURS,YEAR,required|voluntary,SOURCE` (the source may hold commas); empty clears it.
fn parse_state_goal(text: &str) -> Result<Option<StateGoal>> {
    if text.is_empty() {
        return Ok(None);
    }
    const FORM: &str =
        "must be HOURS,YEAR,required|voluntary,SOURCE such as 50,2026,voluntary,New York Rule 6.1 (empty clears it)";
    let parts: Vec<&str> = text.splitn(4, ',').map(str::trim).collect();
    let [hours, year, reporting, source] = parts.as_slice() else { return Err(Error::invalid("state_goal", FORM)) };
    let hours: f64 =
        hours.parse().ok().filter(|h: &f64| h.is_finite()).ok_or_else(|| Error::invalid("state_goal", FORM))?;
    let year: i32 = year.parse().map_err(|_| Error::invalid("state_goal", FORM))?;
    let reporting_required = match reporting.to_ascii_lowercase().as_str() {
        "required" | "mandatory" => true,
        "voluntary" => false,
        _ => return Err(Error::invalid("state_goal", FORM)),
    };
    Ok(Some(StateGoal { hours, year, reporting_required, source: (*source).to_owned() }))
}

fn parse_rate(field: &str, text: &str, current: &ComparisonRate) -> Result<ComparisonRate> {
    let mut parts = text.splitn(3, ',');
    let raw = parts.next().unwrap_or_default().trim();
    let value = if let Some(pct) = raw.strip_suffix('%') {
        pct.trim().parse::<f64>().map(|v| v / 100.0)
    } else {
        raw.parse::<f64>()
    }
    .map_err(|_| Error::invalid(field, "must be a rate such as 40% or 0.40, optionally followed by ,YEAR,SOURCE"))?;
    let year = match parts.next().map(str::trim).filter(|y| !y.is_empty()) {
        Some(y) => y.parse().map_err(|_| Error::invalid(field, "year must be a number such as 2022"))?,
        None => current.year,
    };
    let source =
        parts.next().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).unwrap_or_else(|| current.source.clone());
    Ok(ComparisonRate { value, year, source })
}

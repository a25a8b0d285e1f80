//! Deadlines: the calculator anyone in the program can use, the program's own rules file and
//! its closure days. Suggestions, confirming and dismissing are the data layer's
//! (`Records::suggested_deadlines` and the rest); the rules and the counting are
//! `probono_core::deadlines`; docs/deadlines.md explains both.

use probono_core::deadlines::{ClosureDay, Computed, Rule, compute as compute_from, rules};
use probono_core::{Error, Result, validate};

use probono_core::records::Records;

/// The rule `rule` (an id) counted from `from` (a date), moved off the closed days the vault
/// knows (weekends, federal holidays, the program's closure days).
pub fn compute(records: &dyn probono_core::records::Records, rule: &str, from: &str) -> Result<Computed> {
    let from = validate::date("from", from)?;
    let rules = records.deadline_rules()?;
    let id = rule.trim();
    let Some(rule) = rules.iter().find(|r| r.id == id) else {
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        return Err(Error::invalid("rule", format!("must be one of the rules: {}", ids.join(", "))));
    };
    compute_from(rule, from, &records.closed_days()?)
}

/// Loads the program's own rules (TOML, the format of core/deadlines/rules.toml), replacing
/// any loaded before. Rules with a built-in id replace the built-in one. Nothing is kept when
/// the file has an error. Returns the rules now in force.
pub fn load_rules(records: &mut dyn Records, file_name: &str, text: &str) -> Result<Vec<Rule>> {
    let own = rules::parse(file_name, text)?;
    if own.is_empty() {
        return Err(Error::invalid("rules", format!("{file_name} has no [[rule]] entries")));
    }
    let mut settings = records.settings()?;
    settings.deadline_rules = Some(text.to_owned());
    records.save_settings(&settings)?;
    records.deadline_rules()
}

/// Goes back to the built-in rules only.
pub fn unload_rules(records: &mut dyn Records) -> Result<Vec<Rule>> {
    let mut settings = records.settings()?;
    settings.deadline_rules = None;
    records.save_settings(&settings)?;
    records.deadline_rules()
}

/// The program's closure days, in date order.
pub fn closures(records: &dyn Records) -> Result<Vec<ClosureDay>> {
    let mut days = records.settings()?.closure_days;
    days.sort_by_key(|d| d.date);
    Ok(days)
}

/// Adds a day the court or office is closed (a court closed for weather): deadlines that
/// would end on it move as their rule says.
pub fn add_closure(records: &mut dyn Records, date: &str, reason: &str) -> Result<Vec<ClosureDay>> {
    let date = validate::date("date", date)?;
    let reason = validate::line("reason", reason)?.ok_or_else(|| Error::invalid("reason", "is required"))?;
    let mut settings = records.settings()?;
    if settings.closure_days.iter().any(|d| d.date == date) {
        return Err(Error::invalid("date", format!("{date} is already a closure day")));
    }
    settings.closure_days.push(ClosureDay { date, reason });
    settings.closure_days.sort_by_key(|d| d.date);
    records.save_settings(&settings)?;
    closures(records)
}

/// Removes a closure day.
pub fn remove_closure(records: &mut dyn Records, date: &str) -> Result<Vec<ClosureDay>> {
    let date = validate::date("date", date)?;
    let mut settings = records.settings()?;
    let before = settings.closure_days.len();
    settings.closure_days.retain(|d| d.date != date);
    if settings.closure_days.len() == before {
        return Err(Error::invalid("date", format!("{date} is not a closure day")));
    }
    records.save_settings(&settings)?;
    closures(records)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::session::Session;
    use probono_core::Passphrase;
    use probono_core::vault::KdfParams;

    pub(crate) fn session(dir: &std::path::Path) -> Session {
        let cheap = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
        let created =
            probono_core::Vault::create(&dir.join("vault"), &Passphrase::new("correct horse battery staple"), cheap)
                .expect("vault");
        Session::from(created.store)
    }

    #[test]
    fn the_calculator_uses_the_programs_closure_days() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = session(dir.path());
        // 2026-10-27 + 30 days = Thursday 2026-11-26, Thanksgiving: moved to Friday.
        let c = compute(s.records(), "bia-appeal", "2026-10-27").expect("compute");
        assert_eq!((c.unadjusted.to_string(), c.due.to_string()), ("2026-11-26".into(), "2026-11-27".into()));
        assert_eq!(c.moved_because.as_deref(), Some("Thanksgiving Day"));
        add_closure(s.records_mut(), "2026-11-27", "Court closed (snow)").expect("closure");
        let c = compute(s.records(), "bia-appeal", "2026-10-27").expect("compute");
        assert_eq!(c.due.to_string(), "2026-11-30", "Friday closed too: the next business day is Monday");
        let err = add_closure(s.records_mut(), "2026-11-27", "again").expect_err("twice");
        assert_eq!(err.field(), Some("date"));
        remove_closure(s.records_mut(), "2026-11-27").expect("remove");
        assert_eq!(compute(s.records(), "bia-appeal", "2026-10-27").expect("compute").due.to_string(), "2026-11-27");
        let err = compute(s.records(), "no-such-rule", "2026-10-27").expect_err("unknown rule");
        assert_eq!(err.field(), Some("rule"));
        assert!(err.to_string().contains("bia-appeal"), "{err}");
        assert_eq!(compute(s.records(), "bia-appeal", "27 Oct").expect_err("bad date").field(), Some("from"));
    }

    #[test]
    fn a_programs_rules_file_is_loaded_whole_or_not_at_all() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = session(dir.path());
        let built_in = s.records().deadline_rules().expect("rules").len();
        let bad = "[[rule]]\nid = \"x\"\n";
        assert_eq!(load_rules(s.records_mut(), "ours.toml", bad).expect_err("bad").field(), Some("rules"));
        assert_eq!(s.records().settings().expect("settings").deadline_rules, None, "nothing kept");
        let own = "[[rule]]\nid = \"state-answer\"\ntitle = \"Answer\"\ncounts_from = \"given\"\namount = 21\n\
                   unit = \"days\"\ndirection = \"after\"\nif_closed = \"next_business_day\"\ncitation = \"State rule 12\"\n\
                   quote = \"Within 21 days.\"\n";
        let rules = load_rules(s.records_mut(), "ours.toml", own).expect("load");
        assert_eq!(rules.len(), built_in + 1);
        assert_eq!(compute(s.records(), "state-answer", "2026-01-02").expect("own rule").due.to_string(), "2026-01-23");
        assert_eq!(unload_rules(s.records_mut()).expect("unload").len(), built_in);
    }
}

//! Deadline rules as data: the built-in file (core/deadlines/rules.toml) and a program's own
//! file, whose rules are added to the built-in ones or replace those with the same id.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{CaseType, HearingKind, ReliefOutcome};

/// The rules shipped with the program.
pub const BUILT_IN: &str = include_str!("../../deadlines/rules.toml");

/// What a period runs from.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountsFrom {
    /// The client's last arrival in the United States (the client's entry date).
    LastArrival,
    /// The date the immigration judge decided, recorded with the matter's relief outcome.
    Decision,
    /// The date of an individual hearing on the matter.
    Hearing,
    /// A date the person gives (the calculator only).
    Given,
}

impl CountsFrom {
    pub fn label(self) -> &'static str {
        match self {
            CountsFrom::LastArrival => "the client's last arrival",
            CountsFrom::Decision => "the judge's decision",
            CountsFrom::Hearing => "the hearing",
            CountsFrom::Given => "the date given",
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Days,
    Months,
    Years,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    After,
    Before,
}

/// Where a last day that falls on a Saturday, Sunday, legal holiday or closure day goes.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IfClosed {
    NextBusinessDay,
    PreviousBusinessDay,
    Stays,
}

/// Which matters a rule is suggested for; every field given must hold.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppliesTo {
    pub case_types: Vec<CaseType>,
    pub detained: Option<bool>,
    pub relief_outcome: Option<ReliefOutcome>,
    pub hearing_kind: Option<HearingKind>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub counts_from: CountsFrom,
    pub amount: u16,
    pub unit: Unit,
    pub direction: Direction,
    pub if_closed: IfClosed,
    pub citation: String,
    pub quote: String,
    #[serde(default)]
    pub applies_to: AppliesTo,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    rule: Vec<Rule>,
}

/// Reads a rules file (TOML); `name` names it in errors.
pub fn parse(name: &str, text: &str) -> Result<Vec<Rule>> {
    let file: RulesFile =
        toml::from_str(text).map_err(|e| Error::invalid("rules", format!("{name}: {}", e.message())))?;
    for (i, rule) in file.rule.iter().enumerate() {
        let id_ok = !rule.id.is_empty()
            && rule.id.len() <= 60
            && rule.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return Err(Error::invalid(
                "rules",
                format!("{name}, rule {}: id must be lower-case letters, digits and dashes", i + 1),
            ));
        }
        if rule.amount == 0 || rule.amount > 3660 {
            return Err(Error::invalid("rules", format!("{name}, rule {}: amount must be from 1 to 3660", rule.id)));
        }
        for (field, text) in [("title", &rule.title), ("citation", &rule.citation), ("quote", &rule.quote)] {
            crate::validate::text(field, text)
                .map_err(|e| Error::invalid("rules", format!("{name}, rule {}: {field} {}", rule.id, e.message())))?;
        }
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = file.rule.iter().find(|r| !seen.insert(r.id.as_str())) {
        return Err(Error::invalid("rules", format!("{name}: the id {} is used twice", twice.id)));
    }
    Ok(file.rule)
}

/// The built-in rules with a program's own over them (same id: the program's wins).
pub fn effective(program: Option<&str>) -> Result<Vec<Rule>> {
    let mut rules = parse("the built-in rules", BUILT_IN)?;
    if let Some(text) = program {
        for own in parse("the program's rules", text)? {
            match rules.iter_mut().find(|r| r.id == own.id) {
                Some(existing) => *existing = own,
                None => rules.push(own),
            }
        }
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_rules_read_and_name_their_sources() {
        let rules = effective(None).expect("built-in rules parse");
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        for wanted in [
            "one-year-asylum",
            "bia-appeal",
            "motion-to-reconsider",
            "motion-to-reopen",
            "petition-for-review",
            "eoir-filing-non-detained",
        ] {
            assert!(ids.contains(&wanted), "{wanted} is built in");
        }
        assert!(rules.iter().all(|r| !r.citation.is_empty() && !r.quote.is_empty()));
    }

    #[test]
    fn a_programs_file_adds_rules_and_replaces_those_with_the_same_id() {
        let own = r#"
[[rule]]
id = "bia-appeal"
title = "Appeal to the BIA (our practice: a week early)"
counts_from = "decision"
amount = 23
unit = "days"
direction = "after"
if_closed = "previous_business_day"
citation = "8 CFR 1003.38(b); program practice"
quote = "Filed a week before the 30-day deadline."

[[rule]]
id = "state-court-answer"
title = "Answer in state court"
counts_from = "given"
amount = 21
unit = "days"
direction = "after"
if_closed = "next_business_day"
citation = "State rule"
quote = "An answer is due within 21 days."
"#;
        let rules = effective(Some(own)).expect("merged");
        let bia = rules.iter().find(|r| r.id == "bia-appeal").expect("bia");
        assert_eq!(bia.amount, 23);
        assert!(rules.iter().any(|r| r.id == "state-court-answer"));
        assert_eq!(rules.iter().filter(|r| r.id == "bia-appeal").count(), 1);
    }

    #[test]
    fn a_bad_rules_file_is_refused_with_a_reason() {
        for (text, says) in [
            ("[[rule]]\nid = \"x\"\n", "missing field"),
            (
                "[[rule]]\nid = \"Bad Id\"\ntitle = \"t\"\ncounts_from = \"given\"\namount = 1\nunit = \"days\"\ndirection = \"after\"\nif_closed = \"stays\"\ncitation = \"c\"\nquote = \"q\"\n",
                "lower-case",
            ),
            (
                "[[rule]]\nid = \"x\"\ntitle = \"t\"\ncounts_from = \"sunrise\"\namount = 1\nunit = \"days\"\ndirection = \"after\"\nif_closed = \"stays\"\ncitation = \"c\"\nquote = \"q\"\n",
                "unknown variant",
            ),
            ("not toml at all [", ""),
        ] {
            let err = parse("test file", text).expect_err(text);
            assert_eq!(err.field(), Some("rules"));
            assert!(err.to_string().contains(says), "{err}");
        }
    }
}

//! Which deadlines follow from what a matter records: for each rule that applies, the date it
//! counts from (the client's last arrival, the judge's decision, an individual hearing), the
//! due date, and what a person already decided about it (confirmed, or dismissed with a
//! reason). A suggestion follows its date: change the date it counts from and an unconfirmed
//! suggestion moves with it, while a confirmed one is flagged for a person to look at again.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::compute::{Closed, compute};
use super::rules::{CountsFrom, Rule};
use crate::error::Result;
use crate::model::{CaseType, HearingKind, ReliefOutcome};

/// What a matter's deadlines can count from.
#[derive(Debug, Clone)]
pub struct MatterFacts {
    pub case_type: CaseType,
    pub detained: bool,
    pub relief_outcome: ReliefOutcome,
    pub last_arrival: Option<Date>,
    pub decided_on: Option<Date>,
    pub hearings: Vec<HearingFact>,
}

#[derive(Debug, Clone)]
pub struct HearingFact {
    pub id: Uuid,
    pub date: Date,
    pub kind: HearingKind,
}

/// A person's decision about a suggested deadline, as recorded.
#[derive(Debug, Clone)]
pub struct Decision {
    pub rule: String,
    pub source: String,
    pub counted_from: Date,
    pub confirmed: bool,
    pub hearing_id: Option<Uuid>,
}

/// A deadline the rules give for a matter, not yet confirmed or dismissed; or a confirmed one
/// whose date to count from has changed since (`was_counted_from`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedDeadline {
    pub rule: String,
    pub title: String,
    pub citation: String,
    /// What it counts from, in words ("the client's last arrival").
    pub counts_from: String,
    /// `last_arrival`, `decision` or `hearing:<id>`: which date, for confirming or dismissing.
    pub source: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub counted_from: Date,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub due: Date,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub unadjusted: Date,
    pub moved_because: Option<String>,
    /// Set when this deadline was confirmed counting from another date: the deadline on the
    /// calendar (the hearing row named) may be wrong now.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub was_counted_from: Option<Date>,
    pub confirmed_deadline: Option<Uuid>,
}

/// The deadlines of one matter that need a person, and what keeps others from being computed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterDeadlines {
    pub suggested: Vec<SuggestedDeadline>,
    /// "The one-year asylum filing deadline cannot be computed: …".
    pub cannot_compute: Vec<String>,
}

fn applies(rule: &Rule, facts: &MatterFacts) -> bool {
    let a = &rule.applies_to;
    (a.case_types.is_empty() || a.case_types.contains(&facts.case_type))
        && a.detained.is_none_or(|d| d == facts.detained)
        && a.relief_outcome.is_none_or(|o| o == facts.relief_outcome)
}

/// The suggestions of one matter.
pub fn suggest(
    rules: &[Rule],
    facts: &MatterFacts,
    decisions: &[Decision],
    closed: &Closed,
) -> Result<MatterDeadlines> {
    let mut out = MatterDeadlines::default();
    for rule in rules.iter().filter(|r| applies(r, facts)) {
        let anchors: Vec<(String, Date)> = match rule.counts_from {
            CountsFrom::Given => continue,
            CountsFrom::LastArrival => match facts.last_arrival {
                Some(d) => vec![("last_arrival".to_owned(), d)],
                None => {
                    out.cannot_compute.push(format!(
                        "{} cannot be computed: the client's last arrival date is not recorded.",
                        rule.title
                    ));
                    continue;
                }
            },
            CountsFrom::Decision => match facts.decided_on {
                Some(d) => vec![("decision".to_owned(), d)],
                None => {
                    out.cannot_compute.push(format!(
                        "{} cannot be computed: the date of the judge's decision is not recorded.",
                        rule.title
                    ));
                    continue;
                }
            },
            CountsFrom::Hearing => facts
                .hearings
                .iter()
                .filter(|h| rule.applies_to.hearing_kind.is_none_or(|k| k == h.kind))
                .map(|h| (format!("hearing:{}", h.id), h.date))
                .collect(),
        };
        for (source, from) in anchors {
            let decision = decisions.iter().find(|d| d.rule == rule.id && d.source == source);
            let was_counted_from = match decision {
                // Decided for this very date: nothing to ask.
                Some(d) if d.counted_from == from => continue,
                // Dismissed for another date: the date changed, so it is suggested afresh.
                Some(d) if !d.confirmed => None,
                Some(d) => Some(d.counted_from),
                None => None,
            };
            let computed = compute(rule, from, closed)?;
            out.suggested.push(SuggestedDeadline {
                rule: rule.id.clone(),
                title: rule.title.clone(),
                citation: rule.citation.clone(),
                counts_from: rule.counts_from.label().to_owned(),
                source,
                counted_from: from,
                due: computed.due,
                unadjusted: computed.unadjusted,
                moved_because: computed.moved_because,
                was_counted_from,
                confirmed_deadline: decision.filter(|d| d.confirmed).and_then(|d| d.hearing_id),
            });
        }
    }
    out.suggested.sort_by_key(|s| s.due);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::deadlines::rules::effective;

    fn asylum(last_arrival: Option<Date>) -> MatterFacts {
        MatterFacts {
            case_type: CaseType::Asylum,
            detained: false,
            relief_outcome: ReliefOutcome::Pending,
            last_arrival,
            decided_on: None,
            hearings: vec![],
        }
    }

    fn run(facts: &MatterFacts, decisions: &[Decision]) -> MatterDeadlines {
        suggest(&effective(None).expect("rules"), facts, decisions, &Closed::default()).expect("suggest")
    }

    #[test]
    fn an_asylum_matter_gets_its_one_year_deadline_or_says_why_not() {
        let with = run(&asylum(Some(date(2026, 3, 10))), &[]);
        assert_eq!(with.suggested.len(), 1);
        assert_eq!((with.suggested[0].rule.as_str(), with.suggested[0].due), ("one-year-asylum", date(2027, 3, 10)));
        let without = run(&asylum(None), &[]);
        assert!(without.suggested.is_empty());
        assert_eq!(without.cannot_compute.len(), 1);
        assert!(
            without.cannot_compute[0].contains("last arrival date is not recorded"),
            "{:?}",
            without.cannot_compute
        );
    }

    #[test]
    fn a_denial_suggests_the_appeal_and_motions_and_an_individual_hearing_its_filing_deadline() {
        let hearing = Uuid::now_v7();
        let facts = MatterFacts {
            case_type: CaseType::Withholding,
            detained: false,
            relief_outcome: ReliefOutcome::Denied,
            last_arrival: None,
            decided_on: Some(date(2026, 10, 27)),
            hearings: vec![
                HearingFact { id: hearing, date: date(2026, 12, 28), kind: HearingKind::Individual },
                HearingFact { id: Uuid::now_v7(), date: date(2026, 12, 1), kind: HearingKind::MasterCalendar },
            ],
        };
        let got = run(&facts, &[]);
        let rules: Vec<&str> = got.suggested.iter().map(|s| s.rule.as_str()).collect();
        // By due date; three fall on Friday 2026-11-27 (two moved off Thanksgiving).
        assert_eq!(rules, ["bia-appeal", "motion-to-reconsider", "eoir-filing-non-detained", "motion-to-reopen"]);
        let appeal = got.suggested.iter().find(|s| s.rule == "bia-appeal").expect("appeal");
        assert_eq!((appeal.due, appeal.moved_because.as_deref()), (date(2026, 11, 27), Some("Thanksgiving Day")));
        let filing = got.suggested.iter().find(|s| s.rule == "eoir-filing-non-detained").expect("filing");
        assert_eq!((filing.source.clone(), filing.due), (format!("hearing:{hearing}"), date(2026, 11, 27)));
        // Detained: no filing deadline counted from the hearing.
        let detained = MatterFacts { detained: true, ..facts };
        assert!(run(&detained, &[]).suggested.iter().all(|s| s.rule != "eoir-filing-non-detained"));
    }

    #[test]
    fn decisions_hide_a_suggestion_until_its_date_changes() {
        let facts = asylum(Some(date(2026, 3, 10)));
        let dismissed = Decision {
            rule: "one-year-asylum".into(),
            source: "last_arrival".into(),
            counted_from: date(2026, 3, 10),
            confirmed: false,
            hearing_id: None,
        };
        assert!(run(&facts, std::slice::from_ref(&dismissed)).suggested.is_empty(), "dismissed for this date");
        let moved = asylum(Some(date(2026, 3, 20)));
        let again = run(&moved, &[dismissed]);
        assert_eq!(again.suggested.len(), 1, "a new date is suggested again");
        assert_eq!(again.suggested[0].was_counted_from, None);

        let deadline = Uuid::now_v7();
        let confirmed = Decision {
            rule: "one-year-asylum".into(),
            source: "last_arrival".into(),
            counted_from: date(2026, 3, 10),
            confirmed: true,
            hearing_id: Some(deadline),
        };
        assert!(run(&facts, std::slice::from_ref(&confirmed)).suggested.is_empty(), "confirmed for this date");
        let flagged = run(&moved, &[confirmed]);
        assert_eq!(flagged.suggested[0].was_counted_from, Some(date(2026, 3, 10)), "the confirmed one is flagged");
        assert_eq!(flagged.suggested[0].confirmed_deadline, Some(deadline));
        assert_eq!(flagged.suggested[0].due, date(2027, 3, 22), "counted from the new date (a Saturday: moved)");
    }
}

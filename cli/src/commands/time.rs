//! Time entries, hearings and deadlines.

use probono_core::Result;
use probono_core::model::{HearingDraft, TimeEntryDraft};
use probono_core::records::HearingQuery;
use probono_core::store::TimeFilter;

use crate::args::{HearingCommand, TimeCommand};
use crate::output::{self, opt};
use crate::session::Place;

use probono_app::session::today;

pub fn time(place: &mut Place, command: TimeCommand) -> Result<()> {
    let store = place.records_mut();
    match command {
        TimeCommand::Log(a) => {
            let entry = store.log_time(&TimeEntryDraft {
                volunteer: a.volunteer,
                matter: a.matter,
                date: a.date.unwrap_or_else(|| today().to_string()),
                hours: a.hours,
                activity: a.activity,
            })?;
            if a.json {
                return output::json(&entry);
            }
            println!(
                "Logged {} hours on {} for {} ({}).",
                output::hours(entry.minutes),
                entry.case_ref,
                entry.date,
                entry.id
            );
        }
        TimeCommand::List(a) => {
            let entries = store.list_time(&TimeFilter {
                volunteer: a.volunteer,
                matter: a.matter,
                from: a.from,
                to: a.to,
                limit: a.limit,
            })?;
            if a.json {
                return output::json(&entries);
            }
            let total: i64 = entries.iter().map(|e| e.minutes).sum();
            output::table(
                &["date", "volunteer", "case", "hours:", "activity"],
                entries
                    .into_iter()
                    .map(|e| vec![e.date, e.volunteer_name, e.case_ref, output::hours(e.minutes), e.activity])
                    .collect(),
            );
            println!("\nTotal: {} hours", output::hours(total));
        }
    }
    Ok(())
}

pub fn hearing(place: &mut Place, command: HearingCommand) -> Result<()> {
    let store = place.records_mut();
    match command {
        HearingCommand::Add(a) => {
            let h = store.add_hearing(&HearingDraft {
                matter: a.matter,
                at: a.at,
                kind: a.kind,
                place: a.place,
                description: a.description,
                time_zone: a.time_zone,
            })?;
            if a.json {
                return output::json(&h);
            }
            println!("Added {} on {} to {}.", h.kind.label().to_lowercase(), h.at, h.case_ref);
        }
        HearingCommand::List(a) => {
            let (from, to) = if a.upcoming {
                let today = today();
                (Some(today.to_string()), Some((today + jiff::ToSpan::days(30)).to_string()))
            } else {
                (a.from, a.to)
            };
            let list = store.list_hearings(HearingQuery {
                matter: a.matter.as_deref(),
                from: from.as_deref(),
                to: to.as_deref(),
                volunteer: None,
            })?;
            if a.json {
                return output::json(&list);
            }
            output::table(
                &["when", "case", "kind", "place"],
                list.into_iter().map(|h| vec![h.at, h.case_ref, h.kind.label().into(), opt(&h.place)]).collect(),
            );
        }
    }
    Ok(())
}

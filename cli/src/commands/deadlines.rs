//! Deadlines and the calendar export.

use probono_app::calendar::{self, CLIENT_NAMES_WARNING, CalendarChoice};
use probono_app::deadlines;
use probono_core::deadlines::rules::{Direction, Unit};
use probono_core::{Error, Result};
use uuid::Uuid;

use crate::args::{CalendarCommand, ClosureCommand, DeadlineCommand};
use crate::output;
use crate::session::Place;

/// `open(read_only)`: the vault or the team server.
pub fn deadline(open: impl Fn(bool) -> Result<Place>, command: DeadlineCommand) -> Result<()> {
    match command {
        DeadlineCommand::Rules(a) => {
            let rules = if let Some(path) = &a.load {
                let text =
                    std::fs::read_to_string(path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
                let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
                let rules = deadlines::load_rules(open(false)?.records_mut(), &name, &text)?;
                eprintln!("Loaded the program's rules from {}.", path.display());
                rules
            } else if a.unload {
                let rules = deadlines::unload_rules(open(false)?.records_mut())?;
                eprintln!("Back to the built-in rules.");
                rules
            } else {
                open(true)?.records().deadline_rules()?
            };
            if a.json {
                return output::json(&rules);
            }
            output::table(
                &["rule", "period", "counts from", "citation"],
                rules
                    .iter()
                    .map(|r| {
                        let unit = match r.unit {
                            Unit::Days => "days",
                            Unit::Months => "months",
                            Unit::Years => "years",
                        };
                        let dir = match r.direction {
                            Direction::After => "after",
                            Direction::Before => "before",
                        };
                        let unit = if r.amount == 1 { unit.trim_end_matches('s') } else { unit };
                        vec![
                            r.id.clone(),
                            format!("{} {unit} {dir}", r.amount),
                            r.counts_from.label().into(),
                            r.citation.clone(),
                        ]
                    })
                    .collect(),
            );
        }
        DeadlineCommand::Compute(a) => {
            let c = deadlines::compute(open(true)?.records(), &a.rule, &a.from)?;
            if a.json {
                return output::json(&c);
            }
            output::fields(&[
                ("rule", Some(c.rule.clone())),
                ("from", Some(c.from.to_string())),
                ("due", Some(c.due.to_string())),
                ("moved", c.moved_because.as_ref().map(|why| format!("from {} ({why})", c.unadjusted))),
                ("citation", Some(c.citation.clone())),
            ]);
        }
        DeadlineCommand::Suggested(a) => {
            let place = open(true)?;
            let records = place.records();
            let mut open = records.suggested_deadlines()?;
            if let Some(m) = a.matter.as_deref() {
                let matter = records.find_matter(m)?;
                open.suggested.retain(|s| s.matter_id == matter.id);
                open.cannot_compute.retain(|c| c.matter_id == matter.id);
            }
            if a.json {
                return output::json(&open);
            }
            output::table(
                &["due", "case", "rule", "counted from", "source", "note"],
                open.suggested
                    .iter()
                    .map(|s| {
                        let d = &s.deadline;
                        let mut note = d.moved_because.as_ref().map(|w| format!("moved from {} ({w})", d.unadjusted));
                        if let Some(was) = d.was_counted_from {
                            note = Some(format!("CHANGED: confirmed counting from {was}; check the calendar"));
                        }
                        vec![
                            d.due.to_string(),
                            s.case_ref.clone(),
                            d.rule.clone(),
                            format!("{} ({})", d.counted_from, d.counts_from),
                            d.source.clone(),
                            note.unwrap_or_default(),
                        ]
                    })
                    .collect(),
            );
            for c in &open.cannot_compute {
                println!("{}: {}", c.case_ref, c.message);
            }
        }
        DeadlineCommand::Confirm(a) => {
            let d = &a.deadline;
            let h = open(false)?.records_mut().confirm_deadline(&d.matter, &d.rule, d.source.as_deref())?;
            if a.json {
                return output::json(&h);
            }
            println!("Confirmed: {} due {} on {} ({}).", d.rule.trim(), h.at, h.case_ref, h.id);
        }
        DeadlineCommand::Dismiss(a) => {
            let d = &a.deadline;
            open(false)?.records_mut().dismiss_deadline(&d.matter, &d.rule, d.source.as_deref(), &a.reason)?;
            println!("Dismissed {} on {}.", d.rule.trim(), d.matter.trim());
        }
        DeadlineCommand::Done(a) => {
            let id = Uuid::parse_str(a.id.trim())
                .map_err(|_| Error::invalid("id", "must be a deadline's id (as `hearing list --json` shows it)"))?;
            let h = open(false)?.records_mut().mark_deadline_done(id, !a.undo)?;
            if a.undo {
                println!("{} on {} ({}) is open again.", h.kind.label(), h.case_ref, &h.at);
            } else {
                println!("{} on {} ({}) marked done.", h.kind.label(), h.case_ref, &h.at);
            }
        }
        DeadlineCommand::Closure(c) => closure(open, c)?,
    }
    Ok(())
}

fn closure(open: impl Fn(bool) -> Result<Place>, command: ClosureCommand) -> Result<()> {
    let (days, json) = match command {
        ClosureCommand::Add { date, reason } => {
            (deadlines::add_closure(open(false)?.records_mut(), &date, &reason)?, false)
        }
        ClosureCommand::Remove { date } => (deadlines::remove_closure(open(false)?.records_mut(), &date)?, false),
        ClosureCommand::List(a) => (deadlines::closures(open(true)?.records())?, a.json),
    };
    if json {
        return output::json(&days);
    }
    output::table(&["date", "reason"], days.into_iter().map(|d| vec![d.date.to_string(), d.reason]).collect());
    Ok(())
}

/// `open`: the vault or the team server, once the choice is read.
pub fn calendar(open: impl FnOnce() -> Result<Place>, command: CalendarCommand) -> Result<()> {
    match command {
        CalendarCommand::Export(a) => {
            let choice = CalendarChoice {
                from: a.from,
                to: a.to,
                volunteer: a.volunteer,
                with_client_names: a.with_client_names,
            };
            if choice.with_client_names {
                eprintln!("Warning: {CLIENT_NAMES_WARNING}");
            }
            let written = calendar::export(open()?.records_mut(), &choice, &a.out)?;
            println!(
                "Wrote {} event{} to {}.",
                written.events,
                if written.events == 1 { "" } else { "s" },
                written.path
            );
        }
    }
    Ok(())
}

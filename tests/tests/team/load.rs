//! Load: 25 members at once (5 attorneys, 20 students) doing what a clinic's day looks like —
//! opening matter pages, logging time, adding notes, running the dashboard's figures — each
//! over their own TLS connection, for PROBONO_LOAD_SECONDS (60 by default). No errors, and
//! every write reported as committed is there afterwards (and nothing else).
//! Speed is measured by the benchmark, not here.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use probono_core::model::TimeEntryDraft;
use probono_team::{NewMember, ServerUrl, Team, TeamRole};
use uuid::Uuid;

use super::{DIRECTOR, DIRECTOR_PW, Program, count, push_demo};

#[derive(Default)]
struct Done {
    pages: u64,
    reports: u64,
    time: Vec<Uuid>,
    notes: Vec<Uuid>,
    errors: Vec<String>,
}

fn member(p: &Program, login: &str) -> Team {
    let url = ServerUrl::parse(&p.url(login)).expect("url");
    Team::connect(&url, &format!("{login} load password")).unwrap_or_else(|e| panic!("{login} connects: {e}"))
}

fn act(team: &mut Team, login: &str, matters: &[String], step: u64, done: &mut Done) -> probono_core::Result<()> {
    let today = jiff::civil::date(2026, 6, 1);
    let matter = &matters[(step as usize / 10) % matters.len()];
    match step % 10 {
        0..=4 => {
            // The matter page, as the app opens it: the matter, its client, parties,
            // volunteers, hearings, time, notes, deadlines and conflict checks.
            probono_core::records::Records::matter_detail(team, matter)?;
            done.pages += 1;
        }
        5..=7 => {
            let id = Uuid::now_v7();
            let draft = TimeEntryDraft {
                volunteer: String::new(),
                matter: matter.clone(),
                date: today.to_string(),
                hours: "0.5".into(),
                activity: Some(format!("load {login} {step}")),
            };
            team.log_time(id, &draft, today)?;
            done.time.push(id);
        }
        8 => {
            let note = probono_core::records::Records::add_note(team, matter, &format!("load note {step}"), None)?;
            done.notes.push(note.id);
        }
        _ => {
            // The dashboard: this year's figures, hours by month, deadlines due and suggested,
            // the next hearings and the matters changed last.
            probono_core::records::Records::dashboard(team, today)?;
            done.reports += 1;
        }
    }
    Ok(())
}

#[test]
fn twenty_five_members_at_once_lose_nothing_and_see_no_errors() {
    let p = Program::set_up();
    push_demo(&p);
    let mut director = member_with(&p, DIRECTOR, DIRECTOR_PW);
    let matters: Vec<String> = director
        .client()
        .query("SELECT case_ref FROM matter ORDER BY case_ref", &[])
        .expect("matters")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(matters.len() >= 6, "the demo has matters to work on");
    let mut logins = Vec::new();
    for i in 0..25 {
        let (login, role) =
            if i < 5 { (format!("atty{i}"), TeamRole::Attorney) } else { (format!("stud{i}"), TeamRole::Student) };
        let password = format!("{login} load password");
        director
            .add_member(&NewMember {
                login: &login,
                name: &format!("Load {login}"),
                email: None,
                role,
                password: Some(&password),
            })
            .expect("add member");
        logins.push((login, role));
    }
    // Each student on three matters; attorneys work on any.
    let mut assigned: Vec<Vec<String>> = Vec::new();
    for (i, (login, role)) in logins.iter().enumerate() {
        if *role == TeamRole::Student {
            let mine: Vec<String> = (0..3).map(|k| matters[(i * 3 + k) % matters.len()].clone()).collect();
            for m in &mine {
                director.assign(m, login).expect("assign");
            }
            assigned.push(mine);
        } else {
            assigned.push(matters.clone());
        }
    }
    let mut admin = p.cluster.admin(super::DB);
    let entries_before = count(&mut admin, "SELECT count(*) FROM probono.time_entry");
    let notes_before = count(&mut admin, "SELECT count(*) FROM probono.note");

    let seconds: u64 = std::env::var("PROBONO_LOAD_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let start = Arc::new(Barrier::new(logins.len()));
    let results: Vec<(String, Done)> = std::thread::scope(|scope| {
        let handles: Vec<_> = logins
            .iter()
            .zip(&assigned)
            .map(|((login, _), mine)| {
                let (p, start) = (&p, Arc::clone(&start));
                scope.spawn(move || {
                    let mut team = member(p, login);
                    let mut done = Done::default();
                    start.wait();
                    let until = Instant::now() + Duration::from_secs(seconds);
                    let mut step = login.len() as u64;
                    while Instant::now() < until {
                        if let Err(e) = act(&mut team, login, mine, step, &mut done) {
                            done.errors.push(format!("{login} step {step}: {e}"));
                        }
                        step += 1;
                    }
                    (login.clone(), done)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a member's thread")).collect()
    });

    let errors: Vec<&String> = results.iter().flat_map(|(_, d)| &d.errors).collect();
    assert!(errors.is_empty(), "{} errors, first: {:?}", errors.len(), errors.iter().take(5).collect::<Vec<_>>());
    let time: Vec<Uuid> = results.iter().flat_map(|(_, d)| d.time.iter().copied()).collect();
    let notes: Vec<Uuid> = results.iter().flat_map(|(_, d)| d.notes.iter().copied()).collect();
    let (pages, reports): (u64, u64) = results.iter().fold((0, 0), |a, (_, d)| (a.0 + d.pages, a.1 + d.reports));
    for (login, d) in &results {
        assert!(d.pages > 0 && !d.time.is_empty(), "{login} did next to nothing: the test would prove little");
    }
    // Every write reported as committed is there, and nothing else was written.
    let found: i64 =
        admin.query_one("SELECT count(*) FROM probono.time_entry WHERE id = ANY($1)", &[&time]).expect("count").get(0);
    assert_eq!(found, time.len() as i64, "time entries reported as logged are missing");
    assert_eq!(count(&mut admin, "SELECT count(*) FROM probono.time_entry"), entries_before + time.len() as i64);
    let found: i64 =
        admin.query_one("SELECT count(*) FROM probono.note WHERE id = ANY($1)", &[&notes]).expect("count").get(0);
    assert_eq!(found, notes.len() as i64, "notes reported as added are missing");
    assert_eq!(count(&mut admin, "SELECT count(*) FROM probono.note"), notes_before + notes.len() as i64);
    // Students' time went only to their own matters (the server's policies under load).
    let strays = count(
        &mut admin,
        "SELECT count(*) FROM probono.time_entry t JOIN probono.member m ON m.volunteer_id = t.volunteer_id
         WHERE m.login LIKE 'stud%' AND NOT EXISTS (SELECT 1 FROM probono.assignment a
               WHERE a.volunteer_id = t.volunteer_id AND a.matter_id = t.matter_id)",
    );
    assert_eq!(strays, 0);
    eprintln!(
        "load: 25 members for {seconds} s: {pages} matter pages, {} time entries, {} notes, {reports} dashboards, no errors",
        time.len(),
        notes.len()
    );
}

fn member_with(p: &Program, login: &str, password: &str) -> Team {
    let url = ServerUrl::parse(&p.url(login)).expect("url");
    Team::connect(&url, password).expect("connects")
}

//! The demo clinic: a fictional immigration program whose 2026 impact report reads the
//! figures of the program that inspired Pro Bono Desk — 212 volunteers; 221 cases for
//! detained individuals in 14 detention centers; 335 cases for non-detained individuals
//! across 32 states; clients from 30 countries speaking 19 languages; 71% relief, 85% release.
//!
//! The figures are built in, not fitted afterwards: the outcome counts are chosen to give
//! exactly those rates, and a handful of matters closed in 2025 (another facility, other
//! states, another country and language, volunteers who only worked in 2025) show the
//! report's definitions leaving them out.

mod names;
pub mod rng;

use rng::Rng;

use jiff::civil::{Date, date};
use rusqlite::Transaction;

use crate::error::Result;
use crate::model::{CaseType, HearingKind, PartyRole, ReleaseOutcome, ReliefOutcome, Role};
use crate::store::clients::{self, ValidClient};
use crate::store::matters::{self, ValidMatter};

use crate::store::volunteers::{self, ValidVolunteer};
use crate::store::{Settings, Stamp, Store, audit, calendar, new_id, time};
use crate::task::TaskContext;

pub const PROGRAM_NAME: &str = "Riverside Immigrant Justice Project";

/// The last day demo time is logged (the demo is "as of" late November 2026).
const LAST_DAY: Date = date(2026, 11, 20);

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    pub clients: usize,
    pub matters: usize,
    pub volunteers: usize,
    pub time_entries: usize,
    pub hearings: usize,
    pub notes: usize,
}

struct MatterSpec {
    client: usize,
    case_type: CaseType,
    detained: bool,
    facility: Option<&'static str>,
    court: &'static str,
    state: Option<&'static str>,
    opened: Date,
    closed: Option<Date>,
    relief: ReliefOutcome,
    release_requested: bool,
    release: Option<ReleaseOutcome>,
}

struct ClientSpec {
    country: usize,
    languages: Vec<&'static str>,
    name: String,
    other_names: Vec<String>,
    young: bool,
}

impl Store {
    /// Fills an empty vault with the demo clinic, reporting its stages to `task`.
    pub fn fill_demo(&mut self, task: &TaskContext) -> Result<DemoSummary> {
        let everyday = crate::db::begin_bulk(self.conn())?;
        let result = self.write(|tx| build(tx, task));
        crate::db::end_bulk(self.conn(), everyday)?;
        let summary = result?;
        self.save_settings(&Settings { program_name: PROGRAM_NAME.into(), ..self.settings()? })?;
        Ok(summary)
    }
}

/// A new record's stamp dated `at` (the demo's notes are written on the days they tell of).
fn stamp_at(at: &str) -> Stamp {
    Stamp { created_at: at.to_owned(), updated_at: at.to_owned(), ..Stamp::new() }
}

fn days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n)).unwrap_or(d)
}

fn day_between(rng: &mut Rng, from: Date, to: Date) -> Date {
    let span = (to - from).get_days().max(0) as usize;
    days(from, rng.below(span + 1) as i64)
}

/// Spreads `n` items over `classes` so that class `c` gets `counts[c]` of them, in a
/// scrambled but fixed order.
fn assign_classes(n: usize, counts: &[usize], step: usize) -> Vec<usize> {
    let mut classes = Vec::with_capacity(n);
    for (c, &k) in counts.iter().enumerate() {
        classes.extend(std::iter::repeat_n(c, k));
    }
    // step coprime to n gives a permutation.
    (0..n).map(|i| classes[(i * step) % n]).collect()
}

fn build(tx: &Transaction<'_>, task: &TaskContext) -> Result<DemoSummary> {
    let mut rng = Rng::new(2026);
    task.step("clients", 0, 5)?;

    // --- Clients: 30 countries, each at least once; then weighted towards Central America.
    let weights: Vec<usize> = names::COUNTRIES
        .iter()
        .map(|(code, ..)| match *code {
            "SV" | "GT" | "HN" => 14,
            "MX" | "VE" => 8,
            "HT" | "CU" | "NI" | "CO" | "EC" | "AF" => 4,
            _ => 2,
        })
        .collect();
    let total_weight: usize = weights.iter().sum();
    let pick_country = |i: usize, rng: &mut Rng| -> usize {
        if i < names::COUNTRIES.len() {
            return i;
        }
        let mut x = rng.below(total_weight);
        for (c, w) in weights.iter().enumerate() {
            if x < *w {
                return c;
            }
            x -= w;
        }
        0
    };
    let mut guatemalan = 0usize;
    let mut new_client = |i: usize, rng: &mut Rng, young: bool| -> ClientSpec {
        let country = pick_country(i, rng);
        let (code, langs, given, family) = names::COUNTRIES[country];
        let languages = if code == "GT" {
            guatemalan += 1;
            vec![langs[guatemalan % 3], "Spanish"]
        } else {
            langs.to_vec()
        };
        let name = names::full_name(code, given[rng.below(given.len())], family[rng.below(family.len())]);
        let mut other_names = Vec::new();
        if code == "CN" && rng.below(2) == 0 {
            other_names.push("王芳".to_owned());
        }
        ClientSpec { country, languages, name, other_names, young }
    };

    // --- Active matters of 2026.
    let mut clients: Vec<ClientSpec> = Vec::new();
    let mut specs: Vec<MatterSpec> = Vec::new();
    let start = date(2024, 3, 1);
    let last_open = date(2026, 10, 31);

    // 190 detained clients asking for release (160 bond, 30 parole): 153 granted, 27 denied,
    // 10 pending -> 85% release rate.
    let release = assign_classes(190, &[153, 27, 10], 7);
    for (i, outcome) in release.iter().enumerate() {
        let client = clients.len();
        clients.push(new_client(client, &mut rng, false));
        let f = if i < 14 { i } else { (i * 5 + rng.below(3)) % 14 };
        let (facility, court) = names::FACILITIES[f];
        let opened = day_between(&mut rng, date(2025, 9, 1), last_open);
        let release = [ReleaseOutcome::Granted, ReleaseOutcome::Denied, ReleaseOutcome::Pending][*outcome];
        let closed = (release != ReleaseOutcome::Pending)
            .then(|| day_between(&mut rng, days(opened, 14).max(date(2026, 1, 5)), LAST_DAY));
        specs.push(MatterSpec {
            client,
            case_type: if i % 19 < 16 { CaseType::Bond } else { CaseType::Parole },
            detained: true,
            facility: Some(facility),
            court,
            state: None,
            opened,
            closed: closed.filter(|c| *c >= opened),
            relief: ReliefOutcome::Pending,
            release_requested: true,
            release: Some(release),
        });
    }
    // 31 detained merits cases (26 of clients above, 5 new): 15 granted, 10 denied, 6 pending.
    let detained_relief = assign_classes(31, &[15, 10, 6], 3);
    for (i, outcome) in detained_relief.iter().enumerate() {
        let (client, facility, court) = if i < 26 {
            let bond = &specs[i * 7];
            (bond.client, bond.facility, bond.court)
        } else {
            let client = clients.len();
            clients.push(new_client(client, &mut rng, false));
            let (f, c) = names::FACILITIES[i % 14];
            (client, Some(f), c)
        };
        let relief = [ReliefOutcome::Granted, ReliefOutcome::Denied, ReliefOutcome::Pending][*outcome];
        let opened = day_between(&mut rng, date(2025, 6, 1), date(2026, 8, 31));
        let closed = (relief != ReliefOutcome::Pending)
            .then(|| day_between(&mut rng, days(opened, 60).max(date(2026, 1, 5)), LAST_DAY));
        specs.push(MatterSpec {
            client,
            case_type: [CaseType::Asylum, CaseType::Asylum, CaseType::Withholding, CaseType::Cat][i % 4],
            detained: true,
            facility,
            court,
            state: None,
            opened,
            closed: closed.filter(|c| *c >= opened),
            relief,
            release_requested: false,
            release: None,
        });
    }
    // 335 non-detained matters in 32 states: 127 granted, 48 denied, 16 withdrawn, 144
    // pending -> 142 granted of 200 decided overall = 71%.
    let outcomes = assign_classes(335, &[127, 48, 16, 144], 11);
    let types = [
        (CaseType::Asylum, 150),
        (CaseType::Sijs, 35),
        (CaseType::UVisa, 30),
        (CaseType::TVisa, 8),
        (CaseType::Tps, 25),
        (CaseType::Adjustment, 30),
        (CaseType::Cancellation, 35),
        (CaseType::Naturalization, 22),
    ];
    let type_of = assign_classes(335, &types.iter().map(|(_, n)| *n).collect::<Vec<_>>(), 13);
    for i in 0..335 {
        let case_type = types[type_of[i]].0;
        let client = clients.len();
        clients.push(new_client(client, &mut rng, case_type == CaseType::Sijs));
        let state = if i < names::STATES.len() {
            names::STATES[i]
        } else {
            // Most clients live in the larger states.
            names::STATES[(rng.below(12) + rng.below(names::STATES.len())) / 2 % names::STATES.len()]
        };
        let relief = [ReliefOutcome::Granted, ReliefOutcome::Denied, ReliefOutcome::Withdrawn, ReliefOutcome::Pending]
            [outcomes[i]];
        // A decided matter was opened early enough to have closed by the demo's last day.
        let latest = if relief == ReliefOutcome::Pending { last_open } else { date(2026, 10, 5) };
        let opened = day_between(&mut rng, start, latest);
        let closed = (relief != ReliefOutcome::Pending)
            .then(|| day_between(&mut rng, days(opened, 45).max(date(2026, 1, 5)), LAST_DAY));
        specs.push(MatterSpec {
            client,
            case_type,
            detained: false,
            facility: None,
            court: court_for_state(state),
            state: Some(state),
            opened,
            closed: closed.filter(|c| *c >= opened),
            relief,
            release_requested: false,
            release: None,
        });
    }
    let active = specs.len();

    // --- Matters closed in 2025: outside the 2026 report by definition.
    for i in 0..12 {
        let client = clients.len();
        clients.push(ClientSpec {
            country: usize::MAX, // Syria: a 31st country, only among closed matters
            languages: vec!["Arabic"],
            name: ["Yusuf Al-Hassan", "Rania Haddad", "Omar Khalil", "Lina Nasser"][i % 4].to_owned(),
            other_names: vec![["يوسف الحسن", "رانيا حداد", "عمر خليل", "لينا ناصر"][i % 4].to_owned()],
            young: false,
        });
        let detained = i < 4;
        let opened = day_between(&mut rng, date(2024, 9, 1), date(2025, 6, 30));
        // One closes on the very last day before 2026: still outside the period.
        let closed =
            if i == 0 { date(2025, 12, 31) } else { day_between(&mut rng, days(opened, 30), date(2025, 12, 20)) };
        specs.push(MatterSpec {
            client,
            case_type: if detained { CaseType::Bond } else { CaseType::Asylum },
            detained,
            facility: detained.then_some("Irwin County Detention Center"),
            court: if detained { "Atlanta Immigration Court, GA" } else { "Honolulu Immigration Court, HI" },
            state: (!detained).then_some(["AK", "HI", "ME", "VT"][i % 4]),
            opened,
            closed: Some(closed.max(opened)),
            relief: if detained {
                ReliefOutcome::Pending
            } else {
                [ReliefOutcome::Granted, ReliefOutcome::Denied][i % 2]
            },
            release_requested: detained,
            release: detained.then_some(ReleaseOutcome::Denied),
        });
    }

    // --- Write clients and matters.
    let mut client_seq = Vec::with_capacity(clients.len());
    for (i, c) in clients.iter().enumerate() {
        let country = if c.country == usize::MAX { "SY" } else { names::COUNTRIES[c.country].0 };
        let birth_year = if c.young { 2008 + rng.below(3) } else { 1962 + rng.below(42) };
        let valid = ValidClient {
            name: c.name.clone(),
            other_names: c.other_names.clone(),
            a_number: (rng.below(5) != 0).then(|| format!("{:09}", 200_000_000 + rng.below(700_000_000))),
            date_of_birth: Some(date(birth_year as i16, 1 + rng.below(12) as i8, 1 + rng.below(28) as i8).to_string()),
            country: Some(country.to_owned()),
            languages: c.languages.iter().map(|l| (*l).to_owned()).collect(),
            interpreter_needed: !matches!(c.languages.first(), Some(&"Spanish")) || i % 3 == 0,
            contact: Some(format!("via counsel; phone on file (client {})", i + 1)),
            entry_date: Some(
                date(2021 + rng.below(5) as i16, 1 + rng.below(12) as i8, 1 + rng.below(28) as i8).to_string(),
            ),
            notes: None,
        };
        client_seq.push(clients::insert(tx, &valid, &Stamp::new())?.0);
    }
    task.step("matters", 1, 5)?;
    let mut order: Vec<usize> = (0..specs.len()).collect();
    order.sort_by_key(|&i| (specs[i].opened, i));
    let mut per_year = std::collections::HashMap::new();
    let mut matter_seq = vec![0i64; specs.len()];
    let mut case_refs = vec![String::new(); specs.len()];
    for &i in &order {
        let s = &specs[i];
        let n = per_year.entry(s.opened.year()).or_insert(0);
        *n += 1;
        let case_ref = format!("RIJP-{}-{:04}", s.opened.year(), n);
        let valid = ValidMatter {
            case_ref: Some(case_ref.clone()),
            case_type: s.case_type,
            detained: s.detained,
            facility: s.facility.map(str::to_owned),
            state_of_residence: s.state.map(str::to_owned),
            court: Some(s.court.to_owned()),
            opened: s.opened.to_string(),
            closed: s.closed.map(|d| d.to_string()),
            relief_outcome: s.relief,
            // Decided when the matter closed (the appeal and motion deadlines count from it).
            decided_on: s.closed.filter(|_| s.relief != ReliefOutcome::Pending).map(|d| d.to_string()),
            release_requested: s.release_requested,
            release_outcome: s.release,
        };
        matter_seq[i] = matters::insert(tx, client_seq[s.client], &valid, &Stamp::new())?.0;
        case_refs[i] = case_ref;
        if !s.detained || matches!(s.case_type, CaseType::Asylum | CaseType::Withholding | CaseType::Cat) {
            let party = matters::ValidParty {
                role: PartyRole::OpposingCounsel,
                name: "DHS, ICE Office of the Principal Legal Advisor".into(),
                relationship: Some("Government counsel".into()),
            };
            matters::insert_party(tx, matter_seq[i], &party, &Stamp::new())?;
        }
    }

    // --- Volunteers: 212 who log time in 2026, and 10 who only worked on 2025 matters.
    task.step("volunteers", 2, 5)?;
    let roles: Vec<Role> = assign_classes(212, &[110, 62, 24, 10, 6], 5)
        .into_iter()
        .map(|c| [Role::Attorney, Role::LawStudent, Role::Interpreter, Role::Paralegal, Role::CommunityVolunteer][c])
        .collect();
    let mut volunteer_seq = Vec::new();
    let mut used_names = std::collections::HashSet::new();
    for i in 0..222 {
        let role = roles.get(i).copied().unwrap_or(Role::Attorney);
        let (org, domain) = match role {
            Role::Attorney | Role::Paralegal => names::FIRMS[i % names::FIRMS.len()],
            Role::LawStudent => names::SCHOOLS[i % names::SCHOOLS.len()],
            Role::Interpreter => names::INTERPRETERS,
            Role::CommunityVolunteer => (PROGRAM_NAME, "rijp.example"),
        };
        let mut k = i;
        let (given, family) = loop {
            let g = names::VOLUNTEER_GIVEN[k % names::VOLUNTEER_GIVEN.len()];
            let f = names::VOLUNTEER_FAMILY[(k * 7 + k / names::VOLUNTEER_GIVEN.len()) % names::VOLUNTEER_FAMILY.len()];
            if used_names.insert((g, f)) {
                break (g, f);
            }
            k += 1;
        };
        let local: String = format!("{}.{}", given, family)
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'á' | 'à' => 'a',
                'é' => 'e',
                'í' => 'i',
                'ó' | 'ö' => 'o',
                'ú' => 'u',
                'ñ' => 'n',
                c if c.is_ascii_alphanumeric() || c == '.' => c,
                _ => '-',
            })
            .collect();
        let languages = match role {
            Role::Interpreter => {
                vec![["Spanish", "Haitian Creole", "Dari", "Russian", "French", "K'iche'"][i % 6].to_owned()]
            }
            _ if i % 4 == 0 => vec!["Spanish".to_owned()],
            _ => vec![],
        };
        let valid = ValidVolunteer {
            name: format!("{given} {family}"),
            email: Some(format!("{local}@{domain}")),
            organization: Some(org.to_owned()),
            role,
            languages,
            bar_number: (role == Role::Attorney)
                .then(|| format!("{}{:06}", ["NY", "CA", "GA", "TX"][i % 4], 100_000 + i * 37)),
            // Students started law school in the autumn one or two years before 2026.
            law_school_start: (role == Role::LawStudent).then(|| format!("{}-08-{:02}", 2024 + i % 2, 18 + i % 10)),
            bar_admissions: if role == Role::Attorney {
                vec![format!("{}, {}", ["New York", "California", "Georgia", "Texas"][i % 4], 2005 + i % 18)]
            } else {
                vec![]
            },
        };
        volunteer_seq.push(volunteers::insert(tx, &valid, &Stamp::new())?.0);
    }

    // --- Assignments and time. Every active matter has a volunteer; every one of the 212
    // volunteers logs time in 2026 on an active matter.
    task.step("time entries", 3, 5)?;
    let mut entries = 0usize;
    let mut writer = time::TimeWriter::new(tx);
    let mut team: Vec<Vec<usize>> = vec![Vec::new(); specs.len()];
    for (m, members) in team.iter_mut().enumerate().take(active) {
        members.push(m % 212);
        if m % 5 < 2 {
            members.push((m * 37 + 11) % 212);
        }
    }
    for (k, m) in (active..specs.len()).enumerate() {
        team[m].push(212 + k % 10);
    }
    for (m, members) in team.iter().enumerate() {
        let s = &specs[m];
        let from = s.opened.max(if m < active { date(2026, 1, 2) } else { s.opened });
        let to = s.closed.unwrap_or(LAST_DAY).min(LAST_DAY);
        for &v in members {
            let count = 2 + rng.below(if s.detained { 6 } else { 9 });
            for _ in 0..count {
                let day = day_between(&mut rng, from.min(to), to);
                let minutes = 6 * (3 + rng.below(38)) as u32;
                let activity = names::ACTIVITIES[rng.below(names::ACTIVITIES.len())];
                let day = day.to_string();
                let entry = time::NewEntry {
                    volunteer_seq: volunteer_seq[v],
                    matter_seq: matter_seq[m],
                    date: &day,
                    minutes,
                    activity,
                };
                writer.insert(new_id(), &entry)?;
                entries += 1;
            }
            // Older matters carry some 2025 history too.
            if m < active && s.opened.year() < 2026 && rng.below(2) == 0 {
                let day = day_between(&mut rng, s.opened, date(2025, 12, 31));
                let day = day.to_string();
                let minutes = 6 * (5 + rng.below(20)) as u32;
                let entry = time::NewEntry {
                    volunteer_seq: volunteer_seq[v],
                    matter_seq: matter_seq[m],
                    date: &day,
                    minutes,
                    activity: "Case review",
                };
                writer.insert(new_id(), &entry)?;
                entries += 1;
            }
        }
    }

    // --- Hearings, deadlines and notes.
    task.step("calendar", 4, 5)?;
    let mut hearings = 0;
    let mut notes = 0;
    for (m, s) in specs.iter().enumerate() {
        let open = s.closed.is_none();
        let mut add = |at: String, kind: HearingKind, place: &str| -> Result<()> {
            let hearing = calendar::ValidHearing {
                at,
                kind,
                place: Some(place.to_owned()),
                description: None,
                time_zone: None,
                rule: None,
                counted_from: None,
            };
            calendar::insert_hearing(tx, matter_seq[m], &hearing, &Stamp::new())?;
            hearings += 1;
            Ok(())
        };
        let first = days(s.opened, 20 + rng.below(40) as i64);
        add(
            format!("{}T{:02}:{:02}", first, 8 + rng.below(8), [0, 30][rng.below(2)]),
            HearingKind::MasterCalendar,
            s.court,
        )?;
        if open {
            let next = day_between(&mut rng, date(2026, 12, 1), date(2027, 3, 31));
            let kind = match s.case_type {
                CaseType::Bond => HearingKind::Bond,
                CaseType::Asylum | CaseType::Withholding | CaseType::Cat | CaseType::Cancellation => {
                    HearingKind::Individual
                }
                _ => HearingKind::Interview,
            };
            add(format!("{next}T{:02}:00", 8 + rng.below(8)), kind, s.court)?;
            if s.case_type == CaseType::Asylum {
                add(
                    day_between(&mut rng, date(2026, 11, 28), date(2027, 1, 31)).to_string(),
                    HearingKind::FilingDeadline,
                    "File with the court (EOIR ECAS)",
                )?;
            }
        }
        let note = match (s.case_type, s.detained) {
            (CaseType::Bond, _) => {
                "Sponsor identified; letters of support and proof of address collected for the bond packet."
            }
            (CaseType::Parole, _) => {
                "Parole request drafted with medical records; follow up with the deportation officer weekly."
            }
            (_, true) => {
                "Client met in detention with an interpreter; declaration outline agreed. Request legal call slots early."
            }
            (CaseType::Sijs, _) => "State court predicate order obtained; I-360 to be filed before the 21st birthday.",
            (CaseType::UVisa, _) => {
                "Law enforcement certification (I-918 Supplement B) requested from the police department."
            }
            _ => "Evidence checklist shared with the client; country conditions research assigned to the student team.",
        };
        let written = format!("{}T10:00:00Z", days(s.opened, 3));
        let note = calendar::ValidNote { author: Some("Supervising attorney".into()), body: note.into() };
        calendar::insert_note(tx, matter_seq[m], &note, &stamp_at(&written))?;
        notes += 1;
    }
    // One matter with a long history note, to show notes flowing across pages.
    if let Some(first_asylum) = (0..active).find(|&m| specs[m].case_type == CaseType::Asylum && !specs[m].detained) {
        let body = LONG_NOTE.repeat(6);
        let written = format!("{}T15:30:00Z", days(specs[first_asylum].opened, 30));
        let note = calendar::ValidNote { author: Some("Law student team".into()), body: body.trim().to_owned() };
        calendar::insert_note(tx, matter_seq[first_asylum], &note, &stamp_at(&written))?;
        notes += 1;
    }
    audit(tx, "create", "demo", None, "demo clinic created")?;
    Ok(DemoSummary {
        clients: clients.len(),
        matters: specs.len(),
        volunteers: volunteer_seq.len(),
        time_entries: entries,
        hearings,
        notes,
    })
}

fn court_for_state(state: &str) -> &'static str {
    match state {
        "CA" => "San Francisco Immigration Court, CA",
        "NY" => "New York Broadway Immigration Court, NY",
        "TX" => "Houston Immigration Court, TX",
        "FL" => "Miami Immigration Court, FL",
        "NJ" => "Newark Immigration Court, NJ",
        "IL" => "Chicago Immigration Court, IL",
        "MA" => "Boston Immigration Court, MA",
        "GA" => "Atlanta Immigration Court, GA",
        "MD" => "Hyattsville Immigration Court, MD",
        "VA" => "Annandale Immigration Court, VA",
        "WA" => "Seattle Immigration Court, WA",
        _ => "Immigration court for the client's residence",
    }
}

const LONG_NOTE: &str = "Working notes from the student team. The client described events in detail over two \
meetings with an interpreter; the declaration now follows the order of events and notes where documents support \
each part. Country conditions research covers reports on the treatment of people in the client's situation and on \
the government's willingness to protect them. Open questions for the supervising attorney: whether to seek an expert \
declaration, how to present the gap in the client's travel history, and which witnesses can appear by telephone. \
Next steps: finish the exhibit index, confirm translations are certified, and schedule a practice session before the \
individual hearing.\n\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_spread_with_exact_counts() {
        let c = assign_classes(190, &[153, 27, 10], 7);
        assert_eq!(c.len(), 190);
        assert_eq!(c.iter().filter(|&&x| x == 0).count(), 153);
        assert_eq!(c.iter().filter(|&&x| x == 2).count(), 10);
        assert_ne!(&c[180..], &[2; 10], "scrambled, not grouped at the end");
    }

    #[test]
    fn the_demo_has_thirty_countries_and_nineteen_languages_to_draw_from() {
        assert_eq!(names::COUNTRIES.len(), 30);
        let mut langs: Vec<&str> = names::COUNTRIES.iter().flat_map(|(_, l, _, _)| l.iter().copied()).collect();
        langs.sort_unstable();
        langs.dedup();
        assert_eq!(langs.len(), 19, "{langs:?}");
        assert_eq!(names::FACILITIES.len(), 14);
        assert_eq!(names::STATES.len(), 32);
    }
}

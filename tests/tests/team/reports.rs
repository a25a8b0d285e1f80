//! The report story cases (`core/tests/story/report_cases.rs`, which the vault's story tests
//! run) on a team server: the same records written through the data layer, the same figures
//! asserted. Each case gets a new program database of its own on one cluster.

use probono_core::Passphrase;
use probono_core::records::Records;
use probono_core::reports::Period;
use probono_core::vault::{KdfParams, Vault};
use probono_team::{Director, ServerUrl, Team};

use crate::cluster::Cluster;
use crate::report_cases as cases;

const PASSWORD: &str = "story director password";

/// A new program database on `cluster`, set up by its director, who is connected.
pub fn program(cluster: &Cluster, n: usize) -> Team {
    let (db, director) = (format!("story{n}"), format!("director{n}"));
    cluster.new_program(&db, &director, PASSWORD);
    let url = ServerUrl::parse(&cluster.url(&director, &db)).expect("url");
    let (team, _) = Team::init(&url, PASSWORD, &Director { name: "Story Director", email: None }).expect("team init");
    team
}

/// The demo clinic, made in a vault and pushed to the team database; the vault is kept open
/// to compare with.
fn push_demo(team: &mut Team) -> (tempfile::TempDir, probono_core::Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let cheap = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
    let mut store =
        Vault::create(&dir.path().join("vault"), &Passphrase::new("demo pass phrase"), cheap).expect("vault").store;
    store.fill_demo(&probono_core::task::TaskContext::silent()).expect("demo");
    let (records, settings) = store.records_out().expect("records out");
    team.push(records, &settings, |_, _, _| {}).expect("push");
    (dir, store)
}

type Case = fn(&mut dyn Records);

#[test]
fn the_report_cases_give_the_vaults_figures_on_a_team_server() {
    let cluster = Cluster::start();
    let plain: &[(&str, Case)] = &[
        (
            "a_matter_is_active_if_opened_by_the_last_day_and_not_closed_before_the_first",
            cases::a_matter_is_active_if_opened_by_the_last_day_and_not_closed_before_the_first,
        ),
        (
            "rates_leave_out_pending_and_withdrawn_and_release_not_requested",
            cases::rates_leave_out_pending_and_withdrawn_and_release_not_requested,
        ),
        ("no_decided_matters_means_no_rate_not_zero_percent", cases::no_decided_matters_means_no_rate_not_zero_percent),
        (
            "distinct_counts_ignore_case_spacing_and_codes_versus_names",
            cases::distinct_counts_ignore_case_spacing_and_codes_versus_names,
        ),
        (
            "volunteers_and_hours_count_only_time_dated_in_the_period",
            cases::volunteers_and_hours_count_only_time_dated_in_the_period,
        ),
        (
            "the_hours_report_marks_the_aba_aspiration_and_splits_by_detention_and_case_type",
            cases::the_hours_report_marks_the_aba_aspiration_and_splits_by_detention_and_case_type,
        ),
        (
            "a_volunteer_named_like_a_formula_reaches_the_hours_csv_as_text",
            cases::a_volunteer_named_like_a_formula_reaches_the_hours_csv_as_text,
        ),
    ];
    let demo: &[(&str, Case)] = &[
        (
            "the_demo_clinic_reads_the_inspiring_programs_figures",
            cases::the_demo_clinic_reads_the_inspiring_programs_figures,
        ),
        (
            "the_dashboard_shows_the_same_figures_as_the_impact_report",
            cases::the_dashboard_shows_the_same_figures_as_the_impact_report,
        ),
    ];
    let mut n = 0;
    for (name, case) in plain {
        eprintln!("case on a team server: {name}");
        case(&mut program(&cluster, n));
        n += 1;
    }
    let mut team = program(&cluster, n);
    let (_dir, vault) = push_demo(&mut team);
    for (name, case) in demo {
        eprintln!("case on a team server (demo pushed): {name}");
        case(&mut team);
    }

    // Every volunteer's service statement of the year is the same on both engines: matters,
    // hours, supervisors, the law students' qualifying hours and what was left out.
    let year = Period::year(2026).expect("year");
    let people = vault.volunteers_with_time(year).expect("vault volunteers");
    assert_eq!(Records::volunteers_with_time(&team, year).expect("team volunteers"), people);
    assert!(people.len() > 100, "the demo's volunteers: {}", people.len());
    let mut students = 0;
    for (i, (id, name)) in people.iter().enumerate() {
        let with_names = i % 10 == 0;
        let on_vault = vault.service_statement(&id.to_string(), year, with_names, None).expect("vault statement");
        let on_team =
            Records::service_statement(&team, &id.to_string(), year, with_names, None).expect("team statement");
        students += usize::from(on_vault.qualifying.is_some());
        assert_eq!(
            serde_json::to_value(&on_team).expect("json"),
            serde_json::to_value(&on_vault).expect("json"),
            "{name}'s statement differs between the engines"
        );
    }
    assert!(students > 10, "law students' qualifying hours are compared too: {students}");

    // The volunteer list's hours (all time and this year) and matters, volunteer by volunteer.
    let figures = |list: Vec<probono_core::store::VolunteerSummary>| {
        let mut rows: Vec<_> =
            list.into_iter().map(|s| (s.volunteer.id, s.minutes, s.minutes_this_year, s.matters)).collect();
        rows.sort();
        rows
    };
    let on_vault = figures(vault.volunteer_summaries(None, 2026).expect("vault summaries"));
    let mut on_team = figures(Records::volunteer_summaries(&team, None, 2026).expect("team summaries"));
    assert!(on_vault.iter().filter(|r| r.2 > 0).count() > 100, "volunteers with hours this year");
    // The team database has one volunteer more: its director, made by `team init`.
    let before = on_team.len();
    on_team.retain(|r| on_vault.iter().any(|v| v.0 == r.0));
    assert_eq!(before - on_team.len(), 1, "only the director is not from the vault");
    assert_eq!(on_team, on_vault, "the volunteer list's figures differ between the engines");

    // Every organization's Challenge figures, too.
    let orgs = vault.list_organizations().expect("organizations");
    assert!(orgs.len() > 3, "the demo's firms: {}", orgs.len());
    for org in &orgs {
        let on_vault = vault.challenge_report(&org.name, year, 125_000.0).expect("vault challenge");
        let on_team = Records::challenge_report(&team, &org.name, year, 125_000.0).expect("team challenge");
        assert_eq!(
            serde_json::to_value(&on_team).expect("json"),
            serde_json::to_value(&on_vault).expect("json"),
            "{}'s Challenge figures differ between the engines",
            org.name
        );
    }
    let err = Records::challenge_report(&team, "No Such Firm", year, 1.0).expect_err("unknown firm");
    assert_eq!(err.field(), Some("org"));
}

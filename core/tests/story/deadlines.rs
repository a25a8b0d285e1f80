//! Deadlines that follow from what a matter records: suggested when the date they count from is
//! known, following that date until a person confirms them, flagged when it changes after,
//! dismissed with a reason, audited, and shown on the dashboard when due.

use jiff::civil::date;
use probono_core::Store;
use probono_core::model::{ClientDraft, HearingDraft, HearingKind, MatterDraft};

use crate::new_vault;

fn client(store: &mut Store, name: &str, entry_date: Option<&str>) -> uuid::Uuid {
    store
        .create_client(&ClientDraft { name: name.into(), entry_date: entry_date.map(Into::into), ..Default::default() })
        .expect("client")
        .id
}

fn matter(store: &mut Store, case_ref: &str, client: &str, case_type: &str, detained: bool) {
    store
        .create_matter(&MatterDraft {
            case_ref: Some(case_ref.into()),
            client: client.into(),
            case_type: case_type.into(),
            detained,
            detention_facility: detained.then(|| "Stewart Detention Center".into()),
            opened: "2026-01-05".into(),
            ..Default::default()
        })
        .expect("matter");
}

fn set_entry(store: &mut Store, id: uuid::Uuid, name: &str, entry: Option<&str>) {
    store
        .update_client(id, &ClientDraft { name: name.into(), entry_date: entry.map(Into::into), ..Default::default() })
        .expect("update client");
}

#[test]
fn an_asylum_matter_without_a_last_arrival_cannot_be_computed_until_the_date_is_recorded() {
    let (_dir, created) = new_vault();
    let mut store = created.store;
    let id = client(&mut store, "Fictional Client One", None);
    matter(&mut store, "PB-2026-0001", "Fictional Client One", "asylum", false);

    let d = store.matter_detail("PB-2026-0001").expect("detail").deadlines;
    assert!(d.suggested.is_empty());
    assert_eq!(d.cannot_compute.len(), 1, "{:?}", d.cannot_compute);
    assert!(d.cannot_compute[0].contains("last arrival date is not recorded"), "{}", d.cannot_compute[0]);
    let open = store.suggested_deadlines().expect("open");
    assert_eq!(open.cannot_compute.len(), 1);
    assert_eq!(open.cannot_compute[0].case_ref, "PB-2026-0001");

    set_entry(&mut store, id, "Fictional Client One", Some("2025-06-15"));
    let d = store.matter_detail("PB-2026-0001").expect("detail").deadlines;
    assert!(d.cannot_compute.is_empty());
    assert_eq!(d.suggested.len(), 1);
    let s = &d.suggested[0];
    assert_eq!((s.rule.as_str(), s.source.as_str()), ("one-year-asylum", "last_arrival"));
    assert_eq!((s.counted_from, s.due), (date(2025, 6, 15), date(2026, 6, 15)));
    assert!(s.citation.contains("208.4(a)(2)"), "{}", s.citation);
}

#[test]
fn a_suggestion_follows_its_date_until_confirmed_and_is_flagged_when_the_date_changes_after() {
    let (_dir, created) = new_vault();
    let mut store = created.store;
    let id = client(&mut store, "Fictional Client Two", Some("2025-06-15"));
    matter(&mut store, "PB-2026-0002", "Fictional Client Two", "asylum", false);

    // Not confirmed yet: a new arrival date moves it. 2026-07-04 is a Saturday (and the
    // observed holiday is Friday the 3rd): the next business day is Monday the 6th.
    set_entry(&mut store, id, "Fictional Client Two", Some("2025-07-04"));
    let s = store.matter_detail("PB-2026-0002").expect("detail").deadlines.suggested.remove(0);
    assert_eq!((s.unadjusted, s.due), (date(2026, 7, 4), date(2026, 7, 6)));
    assert_eq!(s.moved_because.as_deref(), Some("Saturday"));

    let confirmed = store.confirm_deadline("PB-2026-0002", "one-year-asylum", None).expect("confirm");
    assert_eq!(confirmed.kind, HearingKind::FilingDeadline);
    assert_eq!(confirmed.at, "2026-07-06");
    assert_eq!(confirmed.rule.as_deref(), Some("one-year-asylum"));
    assert_eq!(confirmed.counted_from.as_deref(), Some("2025-07-04"));
    let detail = store.matter_detail("PB-2026-0002").expect("detail");
    assert!(detail.deadlines.suggested.is_empty(), "confirmed: no longer waiting");
    assert_eq!(detail.hearings.len(), 1);
    let err = store.confirm_deadline("PB-2026-0002", "one-year-asylum", None).expect_err("twice");
    assert_eq!(err.field(), Some("rule"));

    // The date it counted from changes: the confirmed deadline is flagged, not silently moved.
    set_entry(&mut store, id, "Fictional Client Two", Some("2025-06-01"));
    let flagged = store.matter_detail("PB-2026-0002").expect("detail").deadlines.suggested.remove(0);
    assert_eq!(flagged.was_counted_from, Some(date(2025, 7, 4)));
    assert_eq!(flagged.confirmed_deadline, Some(confirmed.id));
    assert_eq!(flagged.due, date(2026, 6, 1));
    let hearings = store.matter_detail("PB-2026-0002").expect("detail").hearings;
    assert_eq!(hearings[0].at, "2026-07-06", "the calendar keeps the confirmed date until a person acts");

    // Confirming again moves the same deadline (same id: calendars update, not duplicate).
    let moved = store.confirm_deadline("PB-2026-0002", "one-year-asylum", None).expect("move");
    assert_eq!(moved.id, confirmed.id);
    assert_eq!((moved.at.as_str(), moved.counted_from.as_deref()), ("2026-06-01", Some("2025-06-01")));
    let detail = store.matter_detail("PB-2026-0002").expect("detail");
    assert!(detail.deadlines.suggested.is_empty());
    assert_eq!(detail.hearings.len(), 1);
}

#[test]
fn a_denial_suggests_the_appeal_and_motions_and_a_dismissal_needs_a_reason_and_is_audited() {
    let (_dir, created) = new_vault();
    let mut store = created.store;
    client(&mut store, "Fictional Client Three", Some("2019-02-01"));
    matter(&mut store, "PB-2026-0003", "Fictional Client Three", "withholding", true);
    let m = store.find_matter("PB-2026-0003").expect("matter");
    // A decided date without an outcome is refused: it means nothing while pending.
    let mut draft = MatterDraft {
        case_ref: Some("PB-2026-0003".into()),
        client: "Fictional Client Three".into(),
        case_type: "withholding".into(),
        detained: true,
        detention_facility: Some("Stewart Detention Center".into()),
        opened: "2026-01-05".into(),
        decided_on: Some("2026-10-27".into()),
        ..Default::default()
    };
    assert_eq!(store.update_matter(m.id, &draft).expect_err("pending").field(), Some("decided_on"));
    draft.relief_outcome = Some("denied".into());
    store.update_matter(m.id, &draft).expect("denied");

    let d = store.matter_detail("PB-2026-0003").expect("detail").deadlines;
    let due = |rule: &str| d.suggested.iter().find(|s| s.rule == rule).map(|s| (s.due, s.moved_because.clone()));
    // 2026-10-27 + 30 days is Thanksgiving Day: the next business day.
    assert_eq!(due("bia-appeal"), Some((date(2026, 11, 27), Some("Thanksgiving Day".into()))));
    assert_eq!(due("motion-to-reconsider"), Some((date(2026, 11, 27), Some("Thanksgiving Day".into()))));
    assert_eq!(due("motion-to-reopen"), Some((date(2027, 1, 25), None)));
    assert_eq!(due("one-year-asylum"), None, "not an asylum matter");
    assert_eq!(due("petition-for-review"), None, "counts from a date a person gives: calculator only");

    let err = store.dismiss_deadline("PB-2026-0003", "motion-to-reopen", None, "  ").expect_err("no reason");
    assert_eq!(err.field(), Some("reason"));
    store
        .dismiss_deadline("PB-2026-0003", "motion-to-reopen", None, "Client chose to appeal instead")
        .expect("dismiss");
    let bia = store.confirm_deadline("PB-2026-0003", "bia-appeal", None).expect("confirm");
    let left: Vec<String> =
        store.matter_detail("PB-2026-0003").expect("detail").deadlines.suggested.into_iter().map(|s| s.rule).collect();
    assert_eq!(left, vec!["motion-to-reconsider".to_owned()]);

    let events = store.audit_events(20).expect("audit");
    let confirm = events.iter().find(|e| e.action == "confirm").expect("confirmation audited");
    assert_eq!(
        (confirm.entity.as_str(), confirm.entity_id, confirm.detail.as_str()),
        ("deadline", Some(bia.id), "rule bia-appeal")
    );
    let dismiss = events.iter().find(|e| e.action == "dismiss").expect("dismissal audited");
    assert_eq!(
        (dismiss.entity.as_str(), dismiss.entity_id, dismiss.detail.as_str()),
        ("deadline", Some(m.id), "rule motion-to-reopen")
    );
    assert!(
        events.iter().all(|e| !e.detail.contains("Client chose")),
        "the reason (which may describe the client) stays out of the audit log"
    );

    // Dashboard on 2026-12-02: the confirmed appeal is overdue; the unconfirmed motion to
    // reconsider too, marked as a suggestion; the motion to reopen was dismissed.
    let dash = store.dashboard(date(2026, 12, 2)).expect("dashboard");
    let rows: Vec<(&str, &str, bool, bool)> =
        dash.deadlines.iter().map(|d| (d.case_ref.as_str(), d.due.as_str(), d.overdue, d.suggested)).collect();
    assert_eq!(rows, vec![("PB-2026-0003", "2026-11-27", true, false), ("PB-2026-0003", "2026-11-27", true, true)]);
    assert_eq!(dash.deadlines[0].hearing_id, Some(bia.id));

    store.mark_deadline_done(bia.id, true).expect("done");
    let dash = store.dashboard(date(2026, 12, 2)).expect("dashboard");
    assert_eq!(dash.deadlines.len(), 1, "a deadline marked done leaves the list");
    assert!(dash.deadlines[0].suggested);
    let undone = store.mark_deadline_done(bia.id, false).expect("undo");
    assert_eq!(undone.done_at, None);
    let events = store.audit_events(5).expect("audit");
    assert_eq!(
        events.iter().filter(|e| e.entity == "deadline" && (e.action == "done" || e.action == "reopen")).count(),
        2
    );
}

#[test]
fn an_individual_hearing_of_a_non_detained_client_gives_a_filing_deadline_counted_back() {
    let (_dir, created) = new_vault();
    let mut store = created.store;
    client(&mut store, "Fictional Client Four", Some("2018-01-01"));
    client(&mut store, "Fictional Client Five", Some("2018-01-01"));
    matter(&mut store, "PB-2026-0004", "Fictional Client Four", "cancellation", false);
    matter(&mut store, "PB-2026-0005", "Fictional Client Five", "cancellation", true);
    for m in ["PB-2026-0004", "PB-2026-0005"] {
        store
            .add_hearing(&HearingDraft {
                matter: m.into(),
                at: "2026-09-14T08:30".into(),
                kind: "individual".into(),
                place: Some("Immigration Court".into()),
                ..Default::default()
            })
            .expect("hearing");
    }
    let open = store.suggested_deadlines().expect("open");
    let found: Vec<_> = open.suggested.iter().filter(|s| s.deadline.rule == "eoir-filing-non-detained").collect();
    assert_eq!(found.len(), 1, "only the non-detained matter");
    let s = &found[0].deadline;
    assert_eq!(found[0].case_ref, "PB-2026-0004");
    // 30 days before Monday 2026-09-14 is Saturday 2026-08-15: counted back, the earlier
    // business day, Friday 2026-08-14.
    assert_eq!((s.unadjusted, s.due), (date(2026, 8, 15), date(2026, 8, 14)));
    assert!(s.source.starts_with("hearing:"), "{}", s.source);
    let confirmed =
        store.confirm_deadline("PB-2026-0004", "eoir-filing-non-detained", Some(&s.source)).expect("confirm");
    assert_eq!(confirmed.at, "2026-08-14");
    assert!(store.suggested_deadlines().expect("open").suggested.is_empty());
    // A confirmed deadline is itself not a hearing that starts new deadlines.
    assert_eq!(store.matter_detail("PB-2026-0004").expect("detail").hearings.len(), 2);
}

#[test]
fn the_dashboard_shows_ten_cannot_compute_notices_and_counts_the_rest() {
    let (_dir, created) = new_vault();
    let mut store = created.store;
    client(&mut store, "Fictional Client Six", None);
    for i in 1..=12 {
        matter(&mut store, &format!("PB-2026-{i:04}"), "Fictional Client Six", "asylum", false);
    }
    let dash = store.dashboard(date(2026, 12, 2)).expect("dashboard");
    assert_eq!(dash.cannot_compute_total, 12);
    assert_eq!(dash.cannot_compute.len(), probono_core::reports::dashboard::CANNOT_COMPUTE_SHOWN);
    assert_eq!(dash.cannot_compute[0].case_ref, "PB-2026-0001", "by case reference");
    assert_eq!(store.suggested_deadlines().expect("all").cannot_compute.len(), 12, "the CLI lists them all");
}

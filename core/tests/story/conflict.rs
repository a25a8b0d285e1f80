//! The conflict check against a hand-written set of names as intake staff type them
//! (core/tests/fixtures/conflicts, README there): at least 95% of the variants found among
//! the shown matches, and no match for at least 95% of the people who are not there.

use std::path::PathBuf;

use probono_core::conflict::{DEFAULT_THRESHOLD, Index, Kind, Person, Query};

fn fixture(name: &str) -> Vec<Vec<String>> {
    let dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir")).join("tests/fixtures/conflicts");
    let text = std::fs::read_to_string(dir.join(name)).expect("fixture");
    text.lines()
        .skip(1)
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

fn opt(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_owned())
}

fn roster() -> Index {
    let people = fixture("roster.tsv")
        .into_iter()
        .map(|r| Person {
            kind: match r[1].as_str() {
                "client" => Kind::Client,
                "party" => Kind::Party,
                _ => Kind::Volunteer,
            },
            id: r[0].clone(),
            name: r[2].clone(),
            other_names: Vec::new(),
            a_number: opt(&r[3]),
            date_of_birth: opt(&r[4]),
            matters: Vec::new(),
            role: None,
        })
        .collect();
    Index::new(people)
}

#[test]
fn the_check_finds_the_variants_a_clinic_types_and_stays_quiet_about_absent_people() {
    let index = roster();
    assert_eq!(index.len(), 400);
    let variants = fixture("variants.tsv");
    let mut missed = Vec::new();
    let mut by_kind: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for v in &variants {
        let query = Query { name: v[0].clone(), a_number: opt(&v[1]), date_of_birth: opt(&v[2]) };
        let found = index.search(&query, DEFAULT_THRESHOLD).expect("search");
        let hit = found.iter().any(|m| m.id == v[3]);
        let counts = by_kind.entry(format!("{} / {}", v[4], v[5])).or_default();
        counts.1 += 1;
        if hit {
            counts.0 += 1;
        } else {
            missed.push(format!("{} -> {} ({}, {})", v[0], v[3], v[4], v[5]));
        }
    }
    let absent = fixture("absent.tsv");
    let mut alarms = Vec::new();
    for a in &absent {
        let query = Query { name: a[0].clone(), a_number: opt(&a[1]), date_of_birth: opt(&a[2]) };
        let found = index.search(&query, DEFAULT_THRESHOLD).expect("search");
        if let Some(m) = found.first() {
            alarms.push(format!("{} -> {} {:.2} {:?}", a[0], m.name, m.score, m.reasons));
        }
    }
    let recall = 1.0 - missed.len() as f64 / variants.len() as f64;
    let quiet = 1.0 - alarms.len() as f64 / absent.len() as f64;
    println!("variants: {} of {} found ({:.1}%)", variants.len() - missed.len(), variants.len(), recall * 100.0);
    for (kind, (hit, all)) in &by_kind {
        println!("  {kind:<40} {hit}/{all}");
    }
    println!("missed:\n  {}", missed.join("\n  "));
    println!(
        "absent people: {} of {} raised no match ({:.1}%)",
        absent.len() - alarms.len(),
        absent.len(),
        quiet * 100.0
    );
    println!("false alerts:\n  {}", alarms.join("\n  "));
    assert!(variants.len() >= 150 && absent.len() >= 50);
    assert!(recall >= 0.95, "recall {recall:.3} below 95%");
    assert!(quiet >= 0.95, "{:.3} of absent people raised no match, below 95%", quiet);
}

#[test]
fn a_recorded_check_travels_in_the_json_export_and_an_edited_decision_is_refused() {
    use probono_core::exchange::ExportFormat;
    use probono_core::model::{ClientDraft, ConflictCheckDraft, ConflictDecision, MatterDraft, ShownMatch};
    use probono_core::task::TaskContext;

    let (_dir, created) = crate::new_vault();
    let mut store = created.store;
    store.create_client(&ClientDraft { name: "Fatima Haddad".into(), ..Default::default() }).expect("client");
    store
        .create_matter(&MatterDraft {
            client: "Fatima Haddad".into(),
            case_type: "u_visa".into(),
            case_ref: Some("U-7".into()),
            opened: "2026-02-01".into(),
            ..Default::default()
        })
        .expect("matter");
    let recorded = store
        .record_conflict_check(&ConflictCheckDraft {
            matter: "U-7".into(),
            checked_by: "Dana Supervising".into(),
            searched: vec!["Karim Hadad".into()],
            matches: vec![ShownMatch { kind: Kind::Client, id: "x".into(), name: "Karim Haddad".into(), score: 0.93 }],
            decision: "conflict".into(),
            note: Some("Adverse party is a current client".into()),
        })
        .expect("record");
    assert_eq!(recorded.decision, ConflictDecision::Conflict);
    let out = tempfile::tempdir().expect("out");
    store.export_records(out.path(), ExportFormat::Json, &TaskContext::silent()).expect("export");

    let (_d2, fresh) = crate::new_vault();
    let mut target = fresh.store;
    target.import_export(out.path(), &TaskContext::silent()).expect("import");
    let checks = target.matter_detail("U-7").expect("matter").conflict_checks;
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0], recorded, "the same check, id and all");

    // An export edited to a decision the program does not know is refused, naming the field.
    let file = out.path().join("conflict_checks.json");
    let text = std::fs::read_to_string(&file).expect("read").replace("\"conflict\"", "\"cleared\"");
    std::fs::write(&file, text).expect("write");
    let (_d3, third) = crate::new_vault();
    let mut third = third.store;
    let err = third.import_export(out.path(), &TaskContext::silent()).expect_err("refused");
    assert!(err.to_string().contains("decision"), "{err}");
}

#[test]
fn a_matter_opens_with_its_adverse_parties_in_one_step_and_a_bad_name_writes_nothing() {
    use probono_core::model::{ClientDraft, MatterDraft, PartyRole};
    use probono_core::store::MatterFilter;

    let (_dir, created) = crate::new_vault();
    let mut store = created.store;
    store.create_client(&ClientDraft { name: "Fatima Haddad".into(), ..Default::default() }).expect("client");
    let draft = |case_ref: &str| MatterDraft {
        client: "Fatima Haddad".into(),
        case_type: "u_visa".into(),
        case_ref: Some(case_ref.into()),
        opened: "2026-02-01".into(),
        ..Default::default()
    };
    let events_before = store.audit_events(1_000).expect("audit").len();

    // A bad name anywhere in the list refuses the whole: no matter, no party, no audit event.
    let long = "Karim ".repeat(2_000);
    for bad in ["", "Karim\u{7}Haddad", long.as_str()] {
        let names = vec!["Karim Haddad".to_string(), bad.to_string()];
        let err = store.open_matter(&draft("U-8"), &names).expect_err("refused");
        assert_eq!(err.field(), Some("adverse_parties"), "{err}");
        assert!(!err.to_string().contains("Karim"), "the name is not echoed: {err}");
    }
    let too_many: Vec<String> = (0..=probono_core::store::MAX_PARTIES_ON_OPEN).map(|i| format!("Party {i}")).collect();
    let err = store.open_matter(&draft("U-8"), &too_many).expect_err("too many");
    assert_eq!(err.field(), Some("adverse_parties"), "{err}");
    assert!(store.list_matters(&MatterFilter::default()).expect("list").is_empty(), "no matter was written");
    assert_eq!(store.audit_events(1_000).expect("audit").len(), events_before, "nothing was audited");

    // Good names: the matter and each party, as adverse parties, audited.
    let names = vec!["Karim Haddad".to_string(), "Acme Farms LLC".to_string()];
    let matter = store.open_matter(&draft("U-8"), &names).expect("opened");
    let detail = store.matter_detail(&matter.case_ref).expect("detail");
    let parties: Vec<(PartyRole, &str)> = detail.parties.iter().map(|p| (p.role, p.name.as_str())).collect();
    assert_eq!(parties, [(PartyRole::AdverseParty, "Karim Haddad"), (PartyRole::AdverseParty, "Acme Farms LLC")]);
    let events = store.audit_events(1_000).expect("audit");
    assert_eq!(events.len(), events_before + 3, "the matter and two parties: {events:?}");
    assert!(events.iter().all(|e| !e.detail.contains("Karim")), "the audit log names nobody");

    // The party is found by the next conflict check like any other.
    let index = Index::new(store.conflict_people().expect("people"));
    let found =
        index.search(&Query { name: "Kareem Hadad".into(), ..Query::default() }, DEFAULT_THRESHOLD).expect("search");
    assert!(found.iter().any(|m| m.kind == Kind::Party && m.matters == ["U-8"]), "{found:?}");
}

//! The audit log as a hash chain: the store cannot change or remove an event, an event
//! changed behind its back is found (the first broken link is named), and a JSON export
//! carries the chain so an edited export is refused.

use probono_core::exchange::ExportFormat;
use probono_core::model::ClientDraft;
use probono_core::task::TaskContext;
use probono_core::{Error, Store};

use crate::new_vault;

fn some_history(store: &mut Store) {
    for name in ["Ana Torres", "Bilal Haddad", "Chen Wei"] {
        store.create_client(&ClientDraft { name: name.into(), ..Default::default() }).expect("client");
    }
    store.record_export("impact report").expect("export event");
}

fn events(store: &Store) -> i64 {
    store.conn().query_row("SELECT count(*) FROM audit_event", [], |r| r.get(0)).expect("count")
}

#[test]
fn the_store_cannot_change_or_remove_an_audit_event() {
    let (_d, created) = new_vault();
    let mut store = created.store;
    some_history(&mut store);
    let before = events(&store);
    assert!(before >= 4);
    let conn = store.conn();
    let update = conn.execute("UPDATE audit_event SET detail = 'nothing happened' WHERE seq = 2", []);
    let delete = conn.execute("DELETE FROM audit_event WHERE seq = 2", []);
    for (what, result) in [("update", update), ("delete", delete)] {
        let err = result.expect_err(what).to_string();
        assert!(err.contains("the audit log cannot be changed"), "{what}: {err}");
    }
    assert_eq!(events(&store), before);
    let chain = store.verify_audit().expect("verify");
    assert!(chain.intact(), "{}", chain.describe());
    assert_eq!(chain.events, before as usize);
}

#[test]
fn an_event_changed_behind_the_stores_back_is_found_and_named() {
    let (_d, created) = new_vault();
    let mut store = created.store;
    some_history(&mut store);
    let total = events(&store) as usize;
    // Someone with the key and a SQLite shell: drops the guard, rewrites event 3's detail.
    store
        .conn()
        .execute_batch(
            "DROP TRIGGER audit_event_append_only_update;
             UPDATE audit_event SET detail = 'nothing to see' WHERE seq = (SELECT seq FROM audit_event ORDER BY seq LIMIT 1 OFFSET 2);",
        )
        .expect("tamper");
    let chain = store.verify_audit().expect("verify");
    let broken = chain.first_broken.clone().expect("the change is found");
    assert_eq!(broken.position, 3, "{}", chain.describe());
    assert_eq!(chain.events, total);
    assert!(chain.describe().contains(&format!("event 3 of {total}")), "{}", chain.describe());
    let report = store.check().expect("check");
    assert!(!report.ok());
    assert!(report.audit_problem.as_deref().is_some_and(|p| p.contains("was altered")), "{report:?}");

    // Removing an event (the delete guard dropped too) is found as well, at the event after it.
    let (_e, other) = new_vault();
    let mut other = other.store;
    some_history(&mut other);
    other
        .conn()
        .execute_batch(
            "DROP TRIGGER audit_event_append_only_delete;
             DELETE FROM audit_event WHERE seq = (SELECT seq FROM audit_event ORDER BY seq LIMIT 1 OFFSET 1);",
        )
        .expect("tamper");
    assert_eq!(other.verify_audit().expect("verify").first_broken.map(|b| b.position), Some(2));
}

#[test]
fn an_export_carries_the_chain_and_an_edited_one_is_refused() {
    let (_d, created) = new_vault();
    let mut store = created.store;
    some_history(&mut store);
    let out = tempfile::tempdir().expect("out");
    store.export_records(out.path(), ExportFormat::Json, &TaskContext::silent()).expect("export");

    let (_t, target) = new_vault();
    let mut target = target.store;
    target.import_export(out.path(), &TaskContext::silent()).expect("an untouched export imports");
    assert!(target.verify_audit().expect("verify").intact(), "the imported events are linked onto the chain");

    let path = out.path().join("audit_events.json");
    let mut rows: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    assert!(rows[0]["hash"].as_str().is_some_and(|h| h.len() == 64), "each event carries its link: {}", rows[0]);
    rows[1]["detail"] = "nothing happened".into();
    std::fs::write(&path, serde_json::to_vec_pretty(&rows).expect("json")).expect("write");
    let (_u, untouched) = new_vault();
    let mut untouched = untouched.store;
    let before = events(&untouched);
    let err = untouched.import_export(out.path(), &TaskContext::silent()).expect_err("refused");
    match &err {
        Error::InvalidRecord { file, record, field, message } => {
            assert_eq!((file.as_str(), *record, field.as_str()), ("audit_events.json", Some(2), "hash"));
            assert!(message.contains("was altered"), "{message}");
        }
        other => panic!("expected the altered event to be named, got {other:?}"),
    }
    assert_eq!(events(&untouched), before, "nothing was imported");
    let clients: i64 = untouched.conn().query_row("SELECT count(*) FROM client", [], |r| r.get(0)).expect("count");
    assert_eq!(clients, 0);
}

//! Properties of the executor over random calls and random assignments, on real files: a
//! call that does not succeed writes nothing but its one ledger entry; every call adds
//! exactly one entry; the chain verifies; editing any entry breaks verification at that
//! entry; an idempotency key replays the recorded answer and writes once.

use adiuva_agent::ToolCall;
use adiuva_app::{AppError, Workspace};
use adiuva_domain::{AgentId, NewAssignment, NewCheckpoint, NewNote, NewTask, Outcome, Policy};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::{
    Fixture,
    agents::{agent, data, ledger_len},
    fixture,
};

/// Ids of the records the calls aim at.
struct Ids {
    project: String,
    task: String,
    note: String,
}

fn seeded() -> (Fixture, Ids) {
    let fx = fixture();
    let project = fx.project("Garden");
    let task = fx.task(NewTask {
        title: "Plant".into(),
        project_id: Some(project.id.to_string()),
        ..NewTask::default()
    });
    let note = fx
        .ws
        .create_note(
            NewNote {
                title: "Soil".into(),
                ..NewNote::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    fx.ws
        .create_checkpoint(
            NewCheckpoint {
                project_id: project.id.to_string(),
                title: "Harvest".into(),
                date: "2026-09-01".into(),
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let ids = Ids {
        project: project.id.to_string(),
        task: task.id.to_string(),
        note: note.id.to_string(),
    };
    (fx, ids)
}

const GLOBS: &[&str] = &[
    "*",
    "create_task",
    "update_task",
    "update_task:status",
    "delete_*",
    "tasks:project/{project}",
    "notes:*",
    "*_note",
    "list_tasks",
    "create_project",
    "submit_tags",
    "archive_project",
];

fn call(which: usize, ids: &Ids) -> (&'static str, Value) {
    let (p, t, n) = (&ids.project, &ids.task, &ids.note);
    match which {
        0 => ("list_tasks", json!({})),
        1 => ("list_tasks", json!({"project_id": p})),
        2 => ("create_task", json!({"title": "new", "project_id": p})),
        3 => ("create_task", json!({"title": " "})),
        4 => ("update_task", json!({"task_id": t, "status": "done"})),
        5 => ("update_task", json!({"task_id": t, "title": "renamed"})),
        6 => ("delete_task", json!({"task_id": t})),
        7 => (
            "add_task_comment",
            json!({"task_id": t, "content": "c", "author": "user"}),
        ),
        8 => ("create_note", json!({"title": "idea"})),
        9 => ("update_note", json!({"note_id": n, "content": "body"})),
        10 => ("delete_note", json!({"note_id": n})),
        11 => ("get_note", json!({"note_id": n})),
        12 => (
            "create_checkpoint",
            json!({"project_id": p, "title": "c", "date": "2026-01-01"}),
        ),
        13 => ("archive_project", json!({"project_id": p})),
        14 => (
            "submit_tags",
            json!({"kind": "task", "id": t, "tags": ["label:x"], "tagged_by": "manual"}),
        ),
        15 => ("retag", json!({"kind": "note", "id": n})),
        16 => ("search", json!({"query": "plant"})),
        17 => ("delete_project", json!({"project_id": p})),
        _ => ("no_such_tool", json!({})),
    }
}

const CALLS: usize = 19;

/// An optional assignment: allow globs, deny globs, policy.
fn assignment() -> impl Strategy<Value = Option<(Vec<usize>, Vec<usize>, bool)>> {
    proptest::option::weighted(
        0.85,
        (
            proptest::collection::vec(0..GLOBS.len(), 0..4),
            proptest::collection::vec(0..GLOBS.len(), 0..2),
            any::<bool>(),
        ),
    )
}

fn assign(
    fx: &Fixture,
    ids: &Ids,
    (allow, deny, warn): &(Vec<usize>, Vec<usize>, bool),
) -> AgentId {
    let ext = agent(fx, "ext");
    let globs = |list: &[usize]| -> Vec<String> {
        list.iter()
            .map(|i| GLOBS[*i].replace("{project}", &ids.project))
            .collect()
    };
    fx.ws
        .assign(
            ext.id,
            NewAssignment {
                allow: globs(allow),
                deny: globs(deny),
                policy: Some(if *warn { Policy::Warn } else { Policy::Block }),
                reason: Some("property".into()),
                ..NewAssignment::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    ext.id
}

fn run(ws: &Workspace, caller: AgentId, which: usize, ids: &Ids) -> adiuva_agent::ToolOutcome {
    let (name, arguments) = call(which, ids);
    ws.execute(caller, &ToolCall::new(name, arguments))
        .expect("answered")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn only_a_successful_call_writes_and_every_call_is_recorded_once(
        grant in assignment(),
        calls in proptest::collection::vec(0..CALLS, 1..8),
    ) {
        let (fx, ids) = seeded();
        let caller = match &grant {
            Some(grant) => assign(&fx, &ids, grant),
            None => agent(&fx, "unassigned").id,
        };
        for which in calls {
            let rows = data(fx.ws.database_path());
            let entries = ledger_len(&fx);
            let outcome = run(&fx.ws, caller, which, &ids);
            prop_assert_eq!(ledger_len(&fx), entries + 1, "one entry for {:?}", call(which, &ids).0);
            let entry = fx.ws.ledger_entry(outcome.ledger_id.as_deref().unwrap()).unwrap();
            prop_assert_eq!(entry.outcome == Outcome::Denied, entry.decision == adiuva_domain::Decision::Deny);
            if entry.outcome != Outcome::Ok {
                prop_assert!(outcome.is_error);
                prop_assert_eq!(data(fx.ws.database_path()), rows, "{:?} was {:?} and wrote", call(which, &ids).0, entry.outcome);
            }
            if grant.is_none() {
                prop_assert_eq!(entry.rule.as_str(), "no_active_assignment");
            }
        }
        prop_assert!(fx.ws.verify_ledger().is_ok());
    }

    #[test]
    fn editing_any_ledger_entry_breaks_the_chain_at_that_entry(
        calls in proptest::collection::vec(0..CALLS, 2..7),
        victim in any::<prop::sample::Index>(),
        column in 0..COLUMNS.len(),
    ) {
        let (fx, ids) = seeded();
        let caller = assign(&fx, &ids, &(vec![0], vec![], false));
        for which in calls {
            run(&fx.ws, caller, which, &ids);
        }
        let report = fx.ws.verify_ledger().unwrap();
        prop_assert_eq!(report.entries, ledger_len(&fx) as u64);
        let seq = victim.index(report.entries as usize) as i64 + 1;
        tamper(&fx, seq, COLUMNS[column]);
        match fx.ws.verify_ledger() {
            Err(AppError::Ledger(broken)) => prop_assert_eq!(broken.seq, seq, "edited {}", COLUMNS[column]),
            other => prop_assert!(false, "editing {} of #{} went unnoticed: {:?}", COLUMNS[column], seq, other),
        }
    }

    #[test]
    fn a_repeated_idempotency_key_answers_the_first_result_and_writes_once(
        which in 0..CALLS,
    ) {
        let (fx, ids) = seeded();
        let caller = assign(&fx, &ids, &(vec![0], vec![], false));
        let (name, arguments) = call(which, &ids);
        let keyed = ToolCall::new(name, arguments).with_idempotency_key("same");
        let first = fx.ws.execute(caller, &keyed).unwrap();
        let ran = fx.ws.ledger_entry(first.ledger_id.as_deref().unwrap()).unwrap().outcome != Outcome::Denied;
        let (everything, rows) = (crate::snapshot(fx.ws.database_path()), data(fx.ws.database_path()));
        let second = fx.ws.execute(caller, &keyed).unwrap();
        prop_assert_eq!(second.replayed, ran, "{} {}", name, first.text);
        if ran {
            prop_assert_eq!(crate::snapshot(fx.ws.database_path()), everything, "a replay writes nothing");
            prop_assert_eq!(&second.structured, &first.structured);
            prop_assert_eq!(&second.text, &first.text);
            prop_assert_eq!(&second.ledger_id, &first.ledger_id);
        } else {
            // Refused before running: nothing to replay; refused (and recorded) again.
            prop_assert!(second.is_error);
            prop_assert_eq!(data(fx.ws.database_path()), rows);
        }
    }
}

/// Columns a tamperer could change, each with a new value its CHECK constraint accepts.
const COLUMNS: &[&str] = &[
    "id",
    "at",
    "actor",
    "agent_id",
    "assignment_id",
    "action",
    "planned",
    "arguments",
    "arguments_hash",
    "decision",
    "rule",
    "outcome",
    "error_code",
    "result",
    "result_hash",
    "affected",
    "idempotency_key",
    "prev_hash",
    "hash",
];

fn tamper(fx: &Fixture, seq: i64, column: &str) {
    let conn = rusqlite::Connection::open(fx.ws.database_path()).unwrap();
    conn.execute_batch("DROP TRIGGER ledger_no_update").unwrap();
    let value = match column {
        "at" => "at + 1".to_owned(),
        "planned" | "arguments" => "'{\"tampered\":true}'".to_owned(),
        "result" => "'{\"structured\":{},\"text\":\"forged\",\"is_error\":false}'".to_owned(),
        "affected" => "'[\"task:forged\"]'".to_owned(),
        "decision" => "CASE decision WHEN 'allow' THEN 'deny' ELSE 'allow' END".to_owned(),
        "outcome" => "CASE outcome WHEN 'ok' THEN 'denied' ELSE 'ok' END".to_owned(),
        "prev_hash" | "hash" | "arguments_hash" | "result_hash" => {
            format!(
                "CASE {column} WHEN '{0}' THEN '{1}' ELSE '{0}' END",
                "a".repeat(64),
                "b".repeat(64)
            )
        }
        other => format!("coalesce({other}, '') || 'x'"),
    };
    let changed = conn
        .execute(
            &format!("UPDATE ledger SET {column} = {value} WHERE seq = ?1"),
            [seq],
        )
        .unwrap();
    assert_eq!(changed, 1);
}

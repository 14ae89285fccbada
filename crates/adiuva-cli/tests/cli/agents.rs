//! Agents, assignments (seed 002's flags and codes), the review queue and the ledger from the
//! command line.

use adiuva_agent::ToolCall;
use adiuva_app::Workspace;
use adiuva_domain::{NewAgent, NewAssignment};
use serde_json::json;
use std::path::Path;

use crate::{adiuva, id_of};

#[test]
fn agent_assign_then_update_mirror_seed_002() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let id = id_of(adiuva(dir, &["agent", "add", "ext", "--kind", "external"]));
    let listed = adiuva(dir, &["agent", "list"]).ok().stdout;
    assert!(
        listed.contains("ext") && listed.contains("no assignment"),
        "{listed}"
    );

    let first = adiuva(
        dir,
        &[
            "--json",
            "agent",
            "assign",
            "--agent",
            "ext",
            "--add-allow",
            "create_task",
            "--reason",
            "triage inbox",
        ],
    )
    .ok()
    .json();
    assert_eq!(first["allow"], json!(["create_task"]));
    assert_eq!(
        (first["policy"].as_str(), first["status"].as_str()),
        (Some("block"), Some("active"))
    );

    let update = [
        "--json",
        "agent",
        "update",
        "--agent",
        "ext",
        "--add-allow",
        "create_task",
        "--add-allow",
        "update_task:status",
        "--reason",
        "triage inbox",
        "--metadata",
        "ticket=42",
    ];
    let changed = adiuva(dir, &update).ok().json();
    assert_eq!(
        (changed["changed"].as_bool(), changed["reused"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(changed["superseded_assignment_id"], first["id"]);
    assert_eq!(
        changed["assignment"]["allow"],
        json!(["create_task", "update_task:status"])
    );
    assert_eq!(
        changed["assignment"]["metadata"]["superseded_assignment_id"],
        first["id"]
    );
    assert_eq!(changed["assignment"]["metadata"]["ticket"], "42");

    let again = adiuva(dir, &update).ok().json();
    assert_eq!(
        (again["changed"].as_bool(), again["reused"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(again["assignment"]["id"], changed["assignment"]["id"]);
    let text = adiuva(dir, &update[1..]).ok().stdout;
    assert!(text.starts_with("changed=false reused=true"), "{text}");

    let shown = adiuva(dir, &["--json", "agent", "show", &id]).ok().json();
    assert_eq!(shown["history"].as_array().unwrap().len(), 2);
    assert_eq!(
        shown["history"][0]["metadata"]["superseded_by"],
        changed["assignment"]["id"]
    );
    let events: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        ["task.assigned", "assignment.superseded", "task.assigned"]
    );

    let revoked = adiuva(dir, &["--json", "agent", "revoke", "ext"])
        .ok()
        .json();
    assert!(revoked["revoked_at"].is_number());
}

#[test]
fn refusals_carry_seed_002_codes_and_exit_codes_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    id_of(adiuva(dir, &["agent", "add", "ext"]));
    id_of(adiuva(dir, &["agent", "add", "idle"]));
    let first = adiuva(
        dir,
        &[
            "--json",
            "agent",
            "assign",
            "--agent",
            "ext",
            "--allow",
            "create_task",
            "--reason",
            "triage",
        ],
    )
    .ok()
    .json();
    adiuva(
        dir,
        &[
            "agent",
            "update",
            "--agent",
            "ext",
            "--add-allow",
            "list_tasks",
            "--reason",
            "read too",
        ],
    )
    .ok();
    let before = adiuva(dir, &["--json", "agent", "show", "ext"]).ok().stdout;

    let stale = first["id"].as_str().unwrap();
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["--add-allow", " ", "--reason", "x"], 2, "invalid_flag"),
        (
            vec![
                "--add-allow",
                "create_task",
                "--add-allow",
                "",
                "--reason",
                "x",
            ],
            2,
            "invalid_flag",
        ),
        (vec!["--reason", "x"], 2, "missing_flag"),
        (vec!["--add-allow", "create_task"], 2, "missing_flag"),
        (
            vec![
                "--add-allow",
                "create_task",
                "--reason",
                "use password hunter2",
            ],
            2,
            "reason_unsafe",
        ),
        (
            vec![
                "--add-allow",
                "create_task",
                "--reason",
                "x",
                "--metadata",
                "superseded_by=forged",
            ],
            2,
            "invalid_metadata",
        ),
        (
            vec![
                "--add-allow",
                "delete_task",
                "--reason",
                "x",
                "--expect",
                stale,
            ],
            4,
            "assignment_stale_update",
        ),
    ];
    for (flags, code, error) in cases {
        let mut args = vec!["--json", "agent", "update", "--agent", "ext"];
        args.extend(flags.iter().copied());
        let run = adiuva(dir, &args);
        assert_eq!(run.code, code, "{flags:?}: {}", run.stderr);
        assert_eq!(run.error()["code"], error, "{flags:?}");
    }
    let no_agent = adiuva(
        dir,
        &[
            "--json",
            "agent",
            "update",
            "--add-allow",
            "create_task",
            "--reason",
            "x",
        ],
    );
    assert_eq!(
        (no_agent.code, no_agent.error()["code"].as_str()),
        (2, Some("missing_flag"))
    );
    let idle = adiuva(
        dir,
        &[
            "--json",
            "agent",
            "update",
            "--agent",
            "idle",
            "--add-allow",
            "create_task",
            "--reason",
            "x",
        ],
    );
    assert_eq!(
        (idle.code, idle.error()["code"].as_str()),
        (3, Some("no_active_assignment"))
    );
    let nobody = adiuva(
        dir,
        &[
            "--json",
            "agent",
            "update",
            "--agent",
            "nobody",
            "--add-allow",
            "create_task",
            "--reason",
            "x",
        ],
    );
    assert_eq!(
        (nobody.code, nobody.error()["code"].as_str()),
        (3, Some("not_found"))
    );
    let twice = adiuva(
        dir,
        &[
            "--json", "agent", "assign", "--agent", "ext", "--allow", "*", "--reason", "x",
        ],
    );
    assert_eq!(
        (twice.code, twice.error()["code"].as_str()),
        (4, Some("conflict"))
    );

    assert_eq!(
        adiuva(dir, &["--json", "agent", "show", "ext"]).ok().stdout,
        before,
        "nothing was written"
    );
}

/// Three suggestions from an agent, made through the application layer (the MCP transports
/// call the same executor).
fn three_suggestions(dir: &Path) -> Vec<String> {
    let ws = Workspace::open(dir).unwrap();
    let agent = ws
        .add_agent(
            NewAgent {
                name: "ext".into(),
                kind: None,
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    ws.assign(
        agent.id,
        NewAssignment {
            allow: vec!["create_task".into()],
            reason: Some("triage".into()),
            ..NewAssignment::default()
        }
        .validate()
        .unwrap(),
    )
    .unwrap();
    ["one", "two", "three"]
        .into_iter()
        .map(|title| {
            let done = ws
                .execute(
                    agent.id,
                    &ToolCall::new("create_task", json!({"title": title, "rationale": "inbox"})),
                )
                .unwrap();
            assert!(!done.is_error, "{}", done.text);
            done.structured["task"]["id"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn the_review_queue_and_the_ledger_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let ids = three_suggestions(dir);
    let waiting = adiuva(dir, &["--json", "review", "list"]).ok().json();
    assert_eq!(waiting.as_array().unwrap().len(), 3);
    assert_eq!(waiting[0]["rationale"], "inbox");
    assert!(
        adiuva(dir, &["review", "list", "--agent", "ext"])
            .ok()
            .stdout
            .contains("one")
    );
    assert_eq!(
        adiuva(dir, &["--json", "task", "list"]).ok().json(),
        json!([])
    );

    adiuva(
        dir,
        &["review", "approve", &ids[0], &format!("task:{}", ids[1])],
    )
    .ok();
    adiuva(dir, &["review", "reject", &ids[2]]).ok();
    let board = adiuva(dir, &["--json", "task", "list", "--order", "title"])
        .ok()
        .json();
    let titles: Vec<&str> = board
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["one", "two"]);

    let ledger = adiuva(dir, &["--json", "ledger", "show", "--limit", "3"])
        .ok()
        .json();
    let actions: Vec<&str> = ledger
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["review.reject", "review.approve", "review.approve"]
    );
    let calls = adiuva(
        dir,
        &["--json", "ledger", "show", "--action", "create_task"],
    )
    .ok()
    .json();
    assert_eq!(calls.as_array().unwrap().len(), 3);
    assert!(
        adiuva(dir, &["ledger", "show"])
            .ok()
            .stdout
            .contains("allow:create_task")
    );

    let undone = adiuva(dir, &["--json", "review", "undo"]).ok().json();
    assert_eq!(undone[0]["id"], ids[2].as_str());
    assert_eq!(
        adiuva(dir, &["--json", "review", "list"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    adiuva(dir, &["review", "snooze", &ids[2], "--for", "2h"]).ok();
    assert_eq!(
        adiuva(dir, &["--json", "review", "list"]).ok().json(),
        json!([])
    );
    let bad = adiuva(
        dir,
        &["--json", "review", "snooze", &ids[2], "--for", "soon"],
    );
    assert_eq!(
        (bad.code, bad.error()["code"].as_str()),
        (2, Some("invalid"))
    );

    let verified = adiuva(dir, &["--json", "ledger", "verify"]).ok().json();
    assert_eq!(verified["entries"], 8, "three calls, five decisions");

    let conn = rusqlite::Connection::open(dir.join(adiuva_app::DATABASE_FILE)).unwrap();
    conn.execute_batch(
        "DROP TRIGGER ledger_no_update; UPDATE ledger SET rule = 'human' WHERE seq = 2",
    )
    .unwrap();
    let second: String = conn
        .query_row("SELECT id FROM ledger WHERE seq = 2", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    let broken = adiuva(dir, &["--json", "ledger", "verify"]);
    assert_eq!(broken.code, 8, "{}", broken.stderr);
    assert_eq!(broken.error()["code"], "corrupted");
    assert!(
        broken.error()["message"]
            .as_str()
            .unwrap()
            .contains(&second)
    );
}

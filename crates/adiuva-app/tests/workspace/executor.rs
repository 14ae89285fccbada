//! The executor: one door for every call. Authentication, assignment, decision, execution
//! and the ledger entry in one transaction; refusals and failures are answers with
//! `is_error` that write nothing but their ledger entry.

use adiuva_agent::{ToolCall, describe_all};
use adiuva_domain::{Decision, NewTask, Outcome, Policy, TaskFilter};
use serde_json::{Value, json};

use crate::{
    agents::{agent, assign, call, data, ledger_len, ok, queue, trusted},
    fixture,
};

#[test]
fn the_catalogue_is_the_one_transports_list() {
    let fx = fixture();
    let listed = fx.ws.tool_catalogue();
    assert_eq!(listed, describe_all());
    assert!(listed.iter().any(|t| t.name == "create_task"));
}

#[test]
fn calls_that_cannot_run_are_refused_recorded_once_and_write_nothing() {
    let fx = fixture();
    let idle = agent(&fx, "idle");
    let revoked = agent(&fx, "gone");
    assign(&fx, &revoked, &["*"], &[], Policy::Block);
    fx.ws.revoke_agent(revoked.id).unwrap();
    let worker = agent(&fx, "worker");
    assign(&fx, &worker, &["create_task"], &[], Policy::Block);
    let stranger = adiuva_domain::AgentId::from_uuid(uuid::Uuid::now_v7());

    let cases: Vec<(adiuva_domain::AgentId, &str, Value, &str, &str)> = vec![
        (
            stranger,
            "create_task",
            json!({"title": "x"}),
            "unknown_agent",
            "unknown_agent",
        ),
        (
            revoked.id,
            "create_task",
            json!({"title": "x"}),
            "agent_revoked",
            "agent_revoked",
        ),
        (
            idle.id,
            "list_tasks",
            json!({}),
            "no_active_assignment",
            "no_active_assignment",
        ),
        (
            idle.id,
            "create_task",
            json!({"title": "x"}),
            "no_active_assignment",
            "no_active_assignment",
        ),
        (
            worker.id,
            "tasks.list",
            json!({}),
            "unknown_tool",
            "unknown_tool",
        ),
        (
            worker.id,
            "create_task",
            json!({"title": "x", "colour": 1}),
            "invalid_arguments",
            "invalid_arguments",
        ),
        (
            worker.id,
            "create_task",
            json!("title"),
            "invalid_arguments",
            "invalid_arguments",
        ),
        (
            worker.id,
            "delete_task",
            json!({"task_id": uuid::Uuid::nil().to_string()}),
            "denied",
            "not_allowed",
        ),
    ];
    for (caller, name, arguments, code, rule) in cases {
        let before = fx.ws.database_path().to_owned();
        let (rows, entries) = (data(&before), ledger_len(&fx));
        let outcome = fx
            .ws
            .execute(caller, &ToolCall::new(name, arguments.clone()))
            .unwrap();
        assert!(outcome.is_error, "{name} {arguments}: {}", outcome.text);
        assert_eq!(
            outcome.structured["error"]["code"], code,
            "{name} {arguments}"
        );
        assert_eq!(outcome.structured["error"]["rule"], rule);
        assert_eq!(data(&before), rows, "{name} wrote something");
        assert_eq!(ledger_len(&fx), entries + 1, "one entry per call");
        let entry = fx
            .ws
            .ledger_entry(outcome.ledger_id.as_deref().unwrap())
            .unwrap();
        assert_eq!(
            (entry.decision, entry.outcome),
            (Decision::Deny, Outcome::Denied)
        );
        assert_eq!(entry.rule, rule);
        assert_eq!(
            entry.agent_id,
            Some(caller.to_string()),
            "recorded under the transport's caller"
        );
    }
}

#[test]
fn a_failing_tool_answers_an_error_and_leaves_nothing_behind() {
    let fx = fixture();
    let ext = trusted(&fx, "ext");
    let archived = fx.project("Old");
    fx.archive(&archived);
    for (arguments, code, field) in [
        (json!({"title": "  "}), "invalid", Some("title")),
        (
            json!({"title": "t", "due_date": "2026-02-30"}),
            "invalid",
            Some("due_date"),
        ),
        (
            json!({"title": "t", "project_id": archived.id.to_string()}),
            "conflict",
            None,
        ),
        (
            json!({"title": "t", "project_id": uuid::Uuid::nil().to_string()}),
            "invalid",
            Some("project_id"),
        ),
    ] {
        let rows = data(fx.ws.database_path());
        let outcome = call(&fx, &ext, "create_task", arguments.clone());
        assert!(outcome.is_error, "{arguments}");
        assert_eq!(
            outcome.structured["error"]["code"], code,
            "{arguments}: {}",
            outcome.text
        );
        assert_eq!(outcome.structured["error"]["field"].as_str(), field);
        assert_eq!(data(fx.ws.database_path()), rows);
        let entry = fx
            .ws
            .ledger_entry(outcome.ledger_id.as_deref().unwrap())
            .unwrap();
        assert_eq!(
            (entry.decision, entry.outcome),
            (Decision::Allow, Outcome::Error)
        );
        assert_eq!(entry.error_code.as_deref(), Some(code));
    }
    let missing = call(
        &fx,
        &ext,
        "get_note",
        json!({"note_id": uuid::Uuid::nil().to_string()}),
    );
    assert_eq!(missing.structured["error"]["code"], "not_found");
}

#[test]
fn an_agents_task_is_a_suggestion_with_its_provenance() {
    let fx = fixture();
    let ext = agent(&fx, "ext");
    let rule = assign(&fx, &ext, &["create_task"], &[], Policy::Block);
    let outcome = call(
        &fx,
        &ext,
        "create_task",
        json!({"title": "Triage inbox", "rationale": "three unread", "is_approved": true, "is_ai_suggested": false}),
    );
    assert!(!outcome.is_error, "{}", outcome.text);
    let task = &outcome.structured["task"];
    assert_eq!(
        (
            task["is_ai_suggested"].as_bool(),
            task["is_approved"].as_bool()
        ),
        (Some(true), Some(false))
    );
    assert_eq!(outcome.structured["review"], "pending");
    assert_eq!(
        outcome.structured["ignored_fields"],
        json!(["is_ai_suggested", "is_approved"])
    );

    let waiting = queue(&fx);
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].agent_id, Some(ext.id));
    assert_eq!(waiting[0].rationale.as_deref(), Some("three unread"));
    assert!(
        fx.ws
            .list_tasks(&TaskFilter::default().validate().unwrap())
            .unwrap()
            .is_empty(),
        "a suggestion is not work until approved"
    );

    let entry = fx
        .ws
        .ledger_entry(outcome.ledger_id.as_deref().unwrap())
        .unwrap();
    assert_eq!(entry.rule, "allow:create_task");
    assert_eq!(entry.assignment_id, Some(rule.id.to_string()));
    assert_eq!(entry.actor, format!("agent:{}", ext.id));
    assert_eq!(
        entry.affected,
        [format!("task:{}", task["id"].as_str().unwrap())]
    );
    let events = fx.events.take();
    assert!(
        events
            .iter()
            .any(|e| e.entity == adiuva_app::Entity::Review)
    );
    assert!(
        events
            .iter()
            .any(|e| e.entity == adiuva_app::Entity::Ledger)
    );
}

#[test]
fn comments_are_signed_by_the_caller_whatever_the_arguments_say() {
    let fx = fixture();
    let ext = trusted(&fx, "ext");
    let task = fx.task(NewTask {
        title: "t".into(),
        ..NewTask::default()
    });
    let done = ok(
        &fx,
        &ext,
        "add_task_comment",
        json!({"task_id": task.id.to_string(), "content": "done", "author": "user"}),
    );
    assert_eq!(done["comment"]["author"], format!("agent:{}", ext.id));
    assert_eq!(
        fx.ws.list_comments(task.id).unwrap()[0].author.to_string(),
        format!("agent:{}", ext.id)
    );
}

#[test]
fn decisions_follow_the_assignment() {
    let fx = fixture();
    let garden = fx.project("Garden");
    let secret = fx.project("Secret");
    fx.task(NewTask {
        title: "visible".into(),
        project_id: Some(garden.id.to_string()),
        ..NewTask::default()
    });
    fx.task(NewTask {
        title: "hidden".into(),
        project_id: Some(secret.id.to_string()),
        ..NewTask::default()
    });

    let reader = agent(&fx, "reader");
    assign(
        &fx,
        &reader,
        &[],
        &[&format!("tasks:project/{}", secret.id)],
        Policy::Block,
    );
    let listed = ok(&fx, &reader, "list_tasks", json!({}));
    assert_eq!(listed["count"], 1, "deny wins for reads too: {listed}");
    assert_eq!(listed["tasks"][0]["title"], "visible");
    let denied = call(
        &fx,
        &reader,
        "list_tasks",
        json!({"project_id": secret.id.to_string()}),
    );
    assert_eq!(
        denied.structured["error"]["rule"],
        format!("deny:tasks:project/{}", secret.id)
    );
    let write = call(&fx, &reader, "create_task", json!({"title": "no"}));
    assert_eq!(
        write.structured["error"]["rule"], "not_allowed",
        "reads need no grant, writes do"
    );

    let scoped = agent(&fx, "scoped");
    assign(
        &fx,
        &scoped,
        &[&format!("tasks:project/{}", garden.id)],
        &[],
        Policy::Block,
    );
    ok(
        &fx,
        &scoped,
        "create_task",
        json!({"title": "in garden", "project_id": garden.id.to_string()}),
    );
    let elsewhere = call(
        &fx,
        &scoped,
        "create_task",
        json!({"title": "elsewhere", "project_id": secret.id.to_string()}),
    );
    assert_eq!(elsewhere.structured["error"]["code"], "denied");

    let lenient = agent(&fx, "lenient");
    assign(&fx, &lenient, &[], &["delete_*"], Policy::Warn);
    let warned = call(&fx, &lenient, "create_project", json!({"name": "New"}));
    assert!(!warned.is_error);
    assert!(warned.structured["warning"].is_string());
    let entry = fx
        .ws
        .ledger_entry(warned.ledger_id.as_deref().unwrap())
        .unwrap();
    assert_eq!(
        (entry.decision, entry.rule.as_str()),
        (Decision::Warn, "policy_warn")
    );
    let never = call(
        &fx,
        &lenient,
        "delete_project",
        json!({"project_id": garden.id.to_string()}),
    );
    assert_eq!(
        never.structured["error"]["rule"], "deny:delete_*",
        "deny wins over warn"
    );

    let fields = agent(&fx, "fields");
    assign(&fx, &fields, &["update_task:status"], &[], Policy::Block);
    let task = fx.task(NewTask {
        title: "move me".into(),
        ..NewTask::default()
    });
    ok(
        &fx,
        &fields,
        "update_task",
        json!({"task_id": task.id.to_string(), "status": "done"}),
    );
    let retitle = call(
        &fx,
        &fields,
        "update_task",
        json!({"task_id": task.id.to_string(), "status": "todo", "title": "x"}),
    );
    assert_eq!(
        retitle.structured["error"]["code"], "denied",
        "every field must be granted"
    );
}

#[test]
fn an_idempotency_key_replays_the_recorded_answer_without_running_again() {
    let fx = fixture();
    let ext = trusted(&fx, "ext");
    let first = fx
        .ws
        .execute(
            ext.id,
            &ToolCall::new("create_task", json!({"title": "once"})).with_idempotency_key("k-1"),
        )
        .unwrap();
    assert!(!first.is_error && !first.replayed);
    let rows = crate::snapshot(fx.ws.database_path());
    let again = fx
        .ws
        .execute(
            ext.id,
            &ToolCall::new("create_task", json!({"title": "once"})).with_idempotency_key("k-1"),
        )
        .unwrap();
    assert!(again.replayed);
    assert_eq!(
        (&again.structured, &again.text, &again.ledger_id),
        (&first.structured, &first.text, &first.ledger_id)
    );
    assert_eq!(
        crate::snapshot(fx.ws.database_path()),
        rows,
        "the replay wrote nothing"
    );
    assert_eq!(queue(&fx).len(), 1);

    let reused = fx
        .ws
        .execute(
            ext.id,
            &ToolCall::new("create_task", json!({"title": "other"})).with_idempotency_key("k-1"),
        )
        .unwrap();
    assert_eq!(reused.structured["error"]["code"], "idempotency_conflict");
    let other_agent = trusted(&fx, "other");
    let theirs = fx
        .ws
        .execute(
            other_agent.id,
            &ToolCall::new("create_task", json!({"title": "once"})).with_idempotency_key("k-1"),
        )
        .unwrap();
    assert!(!theirs.replayed, "keys belong to one agent");
}

#[test]
fn the_ledger_keeps_what_an_agent_sent_without_growing_with_it() {
    let fx = fixture();
    let ext = trusted(&fx, "ext");
    let huge = "x".repeat(100_000);
    let odd = call(&fx, &ext, &format!("{huge}\n"), json!({}));
    let entry = fx
        .ws
        .ledger_entry(odd.ledger_id.as_deref().unwrap())
        .unwrap();
    assert!(entry.action.len() < 100, "{}", entry.action.len());
    let long = ok(
        &fx,
        &ext,
        "create_note",
        json!({"title": "n", "content": huge}),
    );
    let entry = fx
        .ws
        .ledger(&adiuva_app::LedgerQuery {
            limit: 1,
            ..Default::default()
        })
        .unwrap()
        .remove(0);
    assert!(
        entry.arguments.len() < 400,
        "arguments are redacted: {}",
        entry.arguments.len()
    );
    assert!(entry.arguments.contains("[100000 characters]"));
    assert_eq!(
        long["note"]["content"].as_str().map(str::len),
        Some(100_000),
        "the note itself is whole"
    );
}

//! The catalogue's promises: names, schemas, annotations, and how calls are prepared.

use serde_json::{Value, json};

use crate::{CATALOGUE, CallError, Tool, canonical_json, describe_all, prepare, redact, spec};

#[test]
fn every_tool_has_a_unique_mcp_name_and_an_object_schema() {
    let mut names: Vec<&str> = CATALOGUE.iter().map(|t| t.name).collect();
    for name in &names {
        assert!(adiuva_domain::is_tool_name(name), "{name}");
    }
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CATALOGUE.len(), "tool names repeat");
    for tool in CATALOGUE {
        let schema = tool.input_schema();
        assert_eq!(schema["type"], "object", "{}: {schema}", tool.name);
        assert_eq!(
            schema["additionalProperties"], false,
            "{} accepts unknown fields",
            tool.name
        );
        assert!(
            !schema.to_string().contains("$ref"),
            "{} has references",
            tool.name
        );
        assert!(!tool.description.is_empty() && !tool.title.is_empty());
    }
}

#[test]
fn the_seed_agents_tools_are_all_there() {
    for name in [
        "list_tasks",
        "create_task",
        "update_task",
        "delete_task",
        "list_tasks_due_today",
        "list_task_comments",
        "add_task_comment",
        "delete_task_comment",
        "list_checkpoints",
        "create_checkpoint",
        "update_checkpoint",
        "delete_checkpoint",
        "list_projects",
        "get_project",
        "create_project",
        "update_project",
        "archive_project",
        "delete_project",
        "list_notes",
        "get_note",
        "create_note",
        "update_note",
        "delete_note",
        "search",
        "list_pending_tagging",
        "submit_tags",
        "retag",
    ] {
        assert!(spec(name).is_some(), "missing {name}");
    }
}

#[test]
fn annotations_say_what_each_tool_does() {
    for tool in CATALOGUE {
        let a = tool.annotations;
        let reads = ["list_", "get_", "search"]
            .iter()
            .any(|p| tool.name.starts_with(p));
        assert_eq!(a.read_only, reads, "{}", tool.name);
        if tool.name.starts_with("delete_") {
            assert!(a.destructive && a.idempotent, "{}", tool.name);
        }
        if tool.name.starts_with("create_") || tool.name == "add_task_comment" {
            assert!(!a.idempotent && !a.destructive, "{}", tool.name);
        }
        assert!(!a.open_world);
        assert!(!(a.read_only && a.destructive), "{}", tool.name);
    }
    let listed = serde_json::to_value(describe_all()).unwrap();
    let create = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "create_task")
        .unwrap();
    assert_eq!(create["annotations"]["readOnlyHint"], false);
    assert_eq!(create["annotations"]["destructiveHint"], false);
    assert_eq!(create["inputSchema"]["required"], json!(["title"]));
}

#[test]
fn closed_sets_in_schemas_come_from_the_domain() {
    let schema = spec("create_task").unwrap().input_schema();
    assert_eq!(
        schema["properties"]["status"]["enum"],
        json!(["todo", "in_progress", "done"])
    );
    assert_eq!(
        schema["properties"]["priority"]["enum"],
        json!(["high", "medium", "low"])
    );
    assert!(
        schema["properties"]["title"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("200")),
        "doc comments become descriptions: {schema}"
    );
    let tags = spec("submit_tags").unwrap().input_schema();
    assert_eq!(
        tags["properties"]["kind"]["enum"],
        json!(["task", "checkpoint", "note"])
    );
    let update = spec("update_task").unwrap().input_schema();
    assert_eq!(
        update["properties"]["due_date"]["type"],
        json!(["string", "null"])
    );
}

#[test]
fn provenance_fields_are_set_aside_and_the_rest_is_typed() {
    let prepared = prepare(
        "add_task_comment",
        &json!({"task_id": "t", "content": "hi", "author": "user", "tagged_by": "manual"}),
    )
    .unwrap();
    assert_eq!(
        Value::Object(prepared.ignored),
        json!({"author": "user", "tagged_by": "manual"})
    );
    assert!(matches!(prepared.tool, Tool::AddTaskComment(c) if c.content == "hi"));

    let none = prepare("list_tasks_due_today", &Value::Null).unwrap();
    assert_eq!(none.tool.name(), "list_tasks_due_today");
    assert!(matches!(
        prepare("create_task", &json!({"title": "t", "colour": "red"})),
        Err(CallError::InvalidArguments { .. })
    ));
    assert!(matches!(
        prepare("create_task", &json!({})),
        Err(CallError::InvalidArguments { .. })
    ));
    assert_eq!(
        prepare("tasks.list", &json!({})),
        Err(CallError::UnknownTool("tasks.list".into()))
    );
    assert_eq!(
        prepare("list_tasks", &json!([1])),
        Err(CallError::NotAnObject)
    );
}

#[test]
fn null_clears_and_absence_keeps_in_updates() {
    let Tool::UpdateTask(update) = prepare(
        "update_task",
        &json!({"task_id": "t", "due_date": null, "status": "done"}),
    )
    .unwrap()
    .tool
    else {
        panic!("not an update");
    };
    assert_eq!(update.due_date, Some(None));
    assert_eq!(update.project_id, None);
    assert_eq!(update.fields(), ["status", "due_date"]);
}

#[test]
fn ledger_copies_are_redacted_and_hashes_canonical() {
    let long = "x".repeat(1000);
    let redacted = redact(&json!({"content": long, "title": "short", "list": [long]}));
    let cut = redacted["content"].as_str().unwrap();
    assert!(
        cut.len() < 300 && cut.ends_with("[1000 characters]"),
        "{cut}"
    );
    assert_eq!(redacted["title"], "short");
    assert!(
        redacted["list"][0]
            .as_str()
            .unwrap()
            .ends_with("characters]")
    );
    assert_eq!(
        canonical_json(&json!({"b": 1, "a": {"d": [1, "x"], "c": null}})),
        r#"{"a":{"c":null,"d":[1,"x"]},"b":1}"#
    );
}

#[test]
fn optional_fields_carry_no_null_default() {
    for tool in CATALOGUE {
        assert!(
            !tool.input_schema().to_string().contains("\"default\":null"),
            "{}",
            tool.name
        );
    }
}

//! The session's answers frame by frame: the handshake and its revisions, tools, every
//! JSON-RPC error, cancellation, batches, oversize frames, and properties over garbage.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::{LATEST_PROTOCOL_VERSION, MAX_FRAME_BYTES, Session, Tools};
use crate::{ToolCall, ToolDescription, ToolOutcome, describe_all, prepare};

/// Tools that parse calls with the catalogue and answer what they got; `broken` makes every
/// call fail as a broken database would.
#[derive(Default)]
struct Parsed {
    calls: Vec<ToolCall>,
    broken: bool,
}

#[derive(Debug)]
struct Broken;

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("disk I/O error")
    }
}

impl Tools for Parsed {
    type Error = Broken;

    fn list(&mut self) -> Vec<ToolDescription> {
        describe_all()
    }

    fn call(&mut self, call: &ToolCall) -> Result<ToolOutcome, Broken> {
        self.calls.push(call.clone());
        if self.broken {
            return Err(Broken);
        }
        Ok(match prepare(&call.name, &call.arguments) {
            Ok(prepared) => ToolOutcome::ok(json!({ "tool": prepared.tool.name() }), "done"),
            Err(e) => ToolOutcome::error("invalid", e.to_string(), None),
        })
    }
}

fn send(session: &mut Session, tools: &mut Parsed, message: Value) -> Option<Value> {
    session
        .handle(&message.to_string(), tools)
        .map(|frame| serde_json::from_str(&frame).unwrap())
}

fn request(id: i64, method: &str, params: Value) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params })
}

fn initialized(version: &str) -> (Session, Parsed) {
    let mut session = Session::new("0.1.0");
    let mut tools = Parsed::default();
    let init = request(
        0,
        "initialize",
        json!({ "protocolVersion": version, "capabilities": {}, "clientInfo": { "name": "t", "version": "1" } }),
    );
    send(&mut session, &mut tools, init).unwrap();
    let note = json!({ "jsonrpc": "2.0", "method": "notifications/initialized" });
    assert_eq!(send(&mut session, &mut tools, note), None);
    (session, tools)
}

fn error_code(answer: &Value) -> i64 {
    answer["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("not an error: {answer}"))
}

#[test]
fn initialize_answers_the_requested_revision_when_spoken_else_the_latest() {
    for (asked, answered) in [
        ("2025-11-25", "2025-11-25"),
        ("2025-06-18", "2025-06-18"),
        ("2025-03-26", "2025-03-26"),
        ("2024-11-05", "2024-11-05"),
        ("2026-07-28", LATEST_PROTOCOL_VERSION),
        ("1999-01-01", LATEST_PROTOCOL_VERSION),
    ] {
        let mut session = Session::new("0.1.0");
        let answer = send(
            &mut session,
            &mut Parsed::default(),
            request(
                1,
                "initialize",
                json!({ "protocolVersion": asked, "capabilities": {} }),
            ),
        )
        .unwrap();
        assert_eq!(answer["id"], 1);
        assert_eq!(answer["result"]["protocolVersion"], answered, "{asked}");
        assert_eq!(
            answer["result"]["capabilities"]["tools"]["listChanged"],
            false
        );
        assert_eq!(answer["result"]["serverInfo"]["name"], "adiuva");
        assert_eq!(session.protocol_version(), Some(answered));
    }
    let mut session = Session::new("0.1.0");
    let answer = send(
        &mut session,
        &mut Parsed::default(),
        request(1, "initialize", json!({})),
    )
    .unwrap();
    assert_eq!(error_code(&answer), -32602);
}

#[test]
fn ping_list_and_call() {
    let (mut session, mut tools) = initialized("2025-06-18");
    assert!(session.initialized());
    let pong = send(
        &mut session,
        &mut tools,
        json!({ "jsonrpc": "2.0", "id": "p", "method": "ping" }),
    );
    assert_eq!(
        pong,
        Some(json!({ "jsonrpc": "2.0", "id": "p", "result": {} }))
    );

    let listed = send(
        &mut session,
        &mut tools,
        request(2, "tools/list", json!({})),
    )
    .unwrap();
    let names: Vec<&str> = listed["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"create_task") && names.contains(&"search"),
        "{names:?}"
    );
    assert!(listed["result"]["tools"][0]["inputSchema"]["type"] == "object");
    let paged = send(
        &mut session,
        &mut tools,
        request(3, "tools/list", json!({ "cursor": "x" })),
    )
    .unwrap();
    assert_eq!(error_code(&paged), -32602);

    let call = request(
        4,
        "tools/call",
        json!({ "name": "create_task", "arguments": { "title": "Plant" }, "_meta": { "adiuva/idempotencyKey": "k1" } }),
    );
    let answer = send(&mut session, &mut tools, call).unwrap();
    assert_eq!(answer["result"]["isError"], false);
    assert_eq!(answer["result"]["structuredContent"]["tool"], "create_task");
    assert_eq!(answer["result"]["content"][0]["type"], "text");
    assert_eq!(tools.calls[0].idempotency_key.as_deref(), Some("k1"));
}

#[test]
fn a_tool_failure_is_a_result_with_is_error_not_a_protocol_error() {
    let (mut session, mut tools) = initialized("2025-11-25");
    let call = request(
        1,
        "tools/call",
        json!({ "name": "create_task", "arguments": { "nope": 1 } }),
    );
    let answer = send(&mut session, &mut tools, call).unwrap();
    assert_eq!(answer["result"]["isError"], true, "{answer}");
}

#[test]
fn wrong_calls_get_the_json_rpc_error_and_run_nothing() {
    let (mut session, mut tools) = initialized("2025-11-25");
    for (params, code) in [
        (json!({ "name": "no_such_tool" }), -32602),
        (json!({}), -32602),
        (json!({ "name": 7 }), -32602),
        (json!({ "name": "create_task", "arguments": [1] }), -32602),
        (
            json!({ "name": "create_task", "_meta": { "adiuva/idempotencyKey": 1 } }),
            -32602,
        ),
    ] {
        let answer = send(
            &mut session,
            &mut tools,
            request(9, "tools/call", params.clone()),
        )
        .unwrap();
        assert_eq!(
            (error_code(&answer), &answer["id"]),
            (code, &json!(9)),
            "{params}"
        );
    }
    let array_params = json!({ "jsonrpc": "2.0", "id": 10, "method": "tools/call", "params": [] });
    assert_eq!(
        error_code(&send(&mut session, &mut tools, array_params).unwrap()),
        -32602
    );
    let unknown = send(
        &mut session,
        &mut tools,
        request(11, "resources/list", json!({})),
    )
    .unwrap();
    assert_eq!((error_code(&unknown), &unknown["id"]), (-32601, &json!(11)));
    let discover = send(
        &mut session,
        &mut tools,
        request(12, "server/discover", json!({})),
    )
    .unwrap();
    assert_eq!(error_code(&discover), -32601);
    assert!(tools.calls.is_empty());
}

#[test]
fn a_broken_workspace_is_an_internal_error_without_its_cause() {
    let (mut session, mut tools) = initialized("2025-11-25");
    tools.broken = true;
    let answer = send(
        &mut session,
        &mut tools,
        request(1, "tools/call", json!({ "name": "list_tasks" })),
    )
    .unwrap();
    assert_eq!(error_code(&answer), -32603);
    assert!(!answer.to_string().contains("disk I/O"), "{answer}");
}

#[test]
fn malformed_frames_are_answered_with_null_ids_and_the_session_goes_on() {
    let (mut session, mut tools) = initialized("2025-11-25");
    for (frame, code) in [
        ("{not json", -32700),
        ("", -32700),
        ("42", -32600),
        ("{}", -32600),
        (r#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#, -32600),
        (r#"{"jsonrpc":"2.0","id":{},"method":"ping"}"#, -32600),
    ] {
        let answer: Value =
            serde_json::from_str(&session.handle(frame, &mut tools).unwrap()).unwrap();
        assert_eq!(
            (error_code(&answer), &answer["id"]),
            (code, &Value::Null),
            "{frame}"
        );
    }
    let wrong_version = json!({ "jsonrpc": "1.0", "id": 3, "method": "ping" });
    let answer = send(&mut session, &mut tools, wrong_version).unwrap();
    assert_eq!((error_code(&answer), &answer["id"]), (-32600, &json!(3)));
    let no_method = json!({ "jsonrpc": "2.0", "id": 4 });
    assert_eq!(
        error_code(&send(&mut session, &mut tools, no_method).unwrap()),
        -32600
    );
    let pong = send(&mut session, &mut tools, request(5, "ping", json!({}))).unwrap();
    assert_eq!(pong["result"], json!({}));
}

#[test]
fn oversize_frames_are_refused_unread() {
    let (mut session, mut tools) = initialized("2025-11-25");
    let text = "x".repeat(MAX_FRAME_BYTES);
    let frame = request(
        1,
        "tools/call",
        json!({ "name": "create_note", "arguments": { "body": text } }),
    )
    .to_string();
    let answer: Value = serde_json::from_str(&session.handle(&frame, &mut tools).unwrap()).unwrap();
    assert_eq!((error_code(&answer), &answer["id"]), (-32600, &Value::Null));
    assert!(tools.calls.is_empty());
    assert!(send(&mut session, &mut tools, request(2, "ping", json!({}))).is_some());
}

#[test]
fn notifications_and_client_responses_get_no_answer() {
    let (mut session, mut tools) = initialized("2025-11-25");
    for message in [
        json!({ "jsonrpc": "2.0", "method": "notifications/whatever" }),
        json!({ "jsonrpc": "2.0", "method": "tools/call", "params": { "name": "create_task" } }),
        json!({ "jsonrpc": "2.0", "method": "notifications/cancelled", "params": [1] }),
        json!({ "jsonrpc": "2.0", "id": 1, "result": {} }),
        json!({ "jsonrpc": "2.0", "id": 1, "error": { "code": 1, "message": "m" } }),
    ] {
        assert_eq!(
            send(&mut session, &mut tools, message.clone()),
            None,
            "{message}"
        );
    }
    // A notification runs nothing: even tools/call sent without an id.
    assert!(tools.calls.is_empty());
}

#[test]
fn a_request_cancelled_before_it_ran_is_not_answered_nor_run() {
    let (mut session, mut tools) = initialized("2025-11-25");
    let call = request(
        7,
        "tools/call",
        json!({ "name": "create_task", "arguments": { "title": "x" } }),
    );
    let cancel = json!({ "jsonrpc": "2.0", "method": "notifications/cancelled", "params": { "requestId": 7, "reason": "user" } });
    // A transport queueing frames shows the session the cancellation first.
    session.observe(&cancel.to_string());
    assert_eq!(send(&mut session, &mut tools, call), None);
    assert_eq!(send(&mut session, &mut tools, cancel), None);
    assert!(tools.calls.is_empty());
    // A cancellation of an answered request changes nothing for the next one.
    let ping = send(&mut session, &mut tools, request(8, "ping", json!({})));
    assert!(ping.is_some());
}

#[test]
fn batches_only_under_2025_03_26() {
    let batch = json!([request(1, "ping", json!({})), { "jsonrpc": "2.0", "method": "notifications/x" }, request(2, "nope", json!({}))]);
    for version in ["2025-11-25", "2025-06-18", "2024-11-05"] {
        let (mut session, mut tools) = initialized(version);
        let answer = send(&mut session, &mut tools, batch.clone()).unwrap();
        assert_eq!(
            (error_code(&answer), &answer["id"]),
            (-32600, &Value::Null),
            "{version}"
        );
    }
    let (mut session, mut tools) = initialized("2025-03-26");
    let answers = send(&mut session, &mut tools, batch).unwrap();
    assert_eq!(answers.as_array().unwrap().len(), 2, "{answers}");
    assert_eq!(answers[0]["result"], json!({}));
    assert_eq!(error_code(&answers[1]), -32601);
    let empty = send(&mut session, &mut tools, json!([])).unwrap();
    assert_eq!(error_code(&empty), -32600);
    let notes_only = json!([{ "jsonrpc": "2.0", "method": "notifications/x" }]);
    assert_eq!(send(&mut session, &mut tools, notes_only), None);
    let init = json!([request(
        3,
        "initialize",
        json!({ "protocolVersion": "2025-03-26" })
    )]);
    assert_eq!(
        error_code(&send(&mut session, &mut tools, init).unwrap()[0]),
        -32600
    );
}

/// A well-formed answer: JSON-RPC 2.0, an id, and exactly one of result or an error whose
/// code is an integer and message a string.
fn well_formed(answer: &Value) -> bool {
    let one = |a: &Value| {
        a["jsonrpc"] == "2.0"
            && a.get("id").is_some()
            && match (a.get("result"), a.get("error")) {
                (Some(_), None) => true,
                (None, Some(e)) => e["code"].is_i64() && e["message"].is_string(),
                _ => false,
            }
    };
    match answer {
        Value::Array(items) => !items.is_empty() && items.iter().all(one),
        single => one(single),
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-z/_.0-9-]{0,12}".prop_map(Value::from),
        prop::sample::select(vec![
            "2.0",
            "initialize",
            "ping",
            "tools/list",
            "tools/call",
            "create_task",
            "notifications/cancelled",
            "2025-03-26"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "jsonrpc",
                    "id",
                    "method",
                    "params",
                    "name",
                    "arguments",
                    "result",
                    "error",
                    "requestId",
                    "protocolVersion",
                    "_meta",
                    "title"
                ])
                .prop_map(str::to_owned),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn garbage_never_panics_and_is_answered_well_formed(frame in any::<String>()) {
        let (mut session, mut tools) = initialized("2025-03-26");
        if let Some(answer) = session.handle(&frame, &mut tools) {
            let answer: Value = serde_json::from_str(&answer).unwrap();
            prop_assert!(well_formed(&answer), "{answer}");
        }
    }

    #[test]
    fn random_messages_are_answered_well_formed_or_are_notifications(
        message in json_value(),
        version in prop::sample::select(vec!["2025-03-26", "2025-11-25"]),
    ) {
        let (mut session, mut tools) = initialized(version);
        let answer = session.handle(&message.to_string(), &mut tools);
        match answer {
            Some(answer) => {
                let answer: Value = serde_json::from_str(&answer).unwrap();
                prop_assert!(well_formed(&answer), "{answer}");
            }
            None => {
                // Silence is for notifications, client responses and batches of them only.
                let quiet = |m: &Value| m.get("id").is_none() || m.get("method").is_none();
                let ok = match &message {
                    Value::Array(items) => {
                        // A request cancelled earlier in the same batch is not answered either.
                        let cancelled: Vec<&Value> = items
                            .iter()
                            .filter(|m| m["method"] == "notifications/cancelled")
                            .map(|m| &m["params"]["requestId"])
                            .collect();
                        version == "2025-03-26"
                            && !items.is_empty()
                            && items.iter().all(|m| m.is_object() && (quiet(m) || cancelled.contains(&&m["id"])))
                    }
                    Value::Object(_) => quiet(&message),
                    _ => false,
                };
                prop_assert!(ok, "no answer to {message}");
            }
        }
        // The session survives whatever came.
        let pong = session.handle(r#"{"jsonrpc":"2.0","id":"after","method":"ping"}"#, &mut tools);
        prop_assert!(pong.is_some());
    }
}

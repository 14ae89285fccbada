//! `adiuva mcp --agent ID` as a process on stdio: every malformed or wrong frame gets its
//! JSON-RPC error, the process answers the next frame, and nothing is written; a real call
//! lands in the review queue as the agent's.

use serde_json::{Value, json};
use std::{
    io::{BufRead, BufReader, Write},
    path::Path,
    process::{Child, ChildStdin, ChildStdout, Stdio},
};

use crate::{adiuva, command, id_of};

/// `adiuva mcp` running, one line in, at most one line out.
struct Mcp {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Mcp {
    fn start(dir: &Path, agent: &str) -> Self {
        let mut child = command(dir, &["mcp", "--agent", agent])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the adiuva binary starts");
        Self {
            stdin: child.stdin.take(),
            stdout: BufReader::new(child.stdout.take().unwrap()),
            child,
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn read(&mut self) -> Value {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line:?}"))
    }

    /// Sends a frame and reads the answer.
    fn ask(&mut self, frame: &str) -> Value {
        self.write(format!("{frame}\n").as_bytes());
        self.read()
    }

    fn alive(&mut self) {
        let pong = self.ask(r#"{"jsonrpc":"2.0","id":"alive","method":"ping"}"#);
        assert_eq!(pong["result"], json!({}), "{pong}");
    }

    /// Closes stdin; the server ends cleanly.
    fn finish(mut self) -> String {
        drop(self.stdin.take());
        let out = self.child.wait_with_output().unwrap();
        assert!(out.status.success(), "exit {:?}", out.status);
        assert!(out.stdout.is_empty(), "nothing after the last answer");
        String::from_utf8(out.stderr).unwrap()
    }
}

fn initialize(mcp: &mut Mcp) {
    let init = mcp.ask(
        r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}"#,
    );
    assert_eq!(init["result"]["protocolVersion"], "2025-06-18", "{init}");
    mcp.write(b"{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n");
}

fn error_of(answer: &Value) -> (i64, Value) {
    let code = answer["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("not an error: {answer}"));
    (code, answer["id"].clone())
}

fn agent_ext(dir: &Path) {
    id_of(adiuva(dir, &["agent", "add", "ext", "--kind", "external"]));
    adiuva(
        dir,
        &[
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
    .ok();
}

/// What would change if anything were written: the agent with its ledger, tasks, review.
fn state(dir: &Path) -> Vec<String> {
    [
        &["--json", "agent", "show", "ext"][..],
        &["--json", "task", "list"],
        &["--json", "review", "list"],
    ]
    .into_iter()
    .map(|args| adiuva(dir, args).ok().stdout)
    .collect()
}

#[test]
fn wrong_frames_get_json_rpc_errors_the_process_survives_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    agent_ext(dir);
    let before = state(dir);

    let mut mcp = Mcp::start(dir, "ext");
    initialize(&mut mcp);
    let cases: &[(&str, i64, Value)] = &[
        ("{\"jsonrpc\":\"2.0\",\"id\":1,", -32700, Value::Null),
        ("not json at all", -32700, Value::Null),
        ("[1, 2", -32700, Value::Null),
        ("17", -32600, Value::Null),
        (
            r#"{"jsonrpc":"2.0","id":true,"method":"ping"}"#,
            -32600,
            Value::Null,
        ),
        (
            r#"{"jsonrpc":"1.0","id":2,"method":"ping"}"#,
            -32600,
            json!(2),
        ),
        (r#"{"jsonrpc":"2.0","id":3}"#, -32600, json!(3)),
        // 2025-06-18 has no batches.
        (
            r#"[{"jsonrpc":"2.0","id":4,"method":"ping"}]"#,
            -32600,
            Value::Null,
        ),
        (
            r#"{"jsonrpc":"2.0","id":5,"method":"resources/list"}"#,
            -32601,
            json!(5),
        ),
        (
            r#"{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{}}"#,
            -32602,
            json!(6),
        ),
        (
            r#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":3}}"#,
            -32602,
            json!(7),
        ),
        (
            r#"{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"create_task","arguments":"x"}}"#,
            -32602,
            json!(8),
        ),
        (
            r#"{"jsonrpc":"2.0","id":9,"method":"tools/call","params":["create_task"]}"#,
            -32602,
            json!(9),
        ),
        (
            r#"{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"drop_database"}}"#,
            -32602,
            json!(10),
        ),
        (
            r#"{"jsonrpc":"2.0","id":11,"method":"tools/list","params":{"cursor":"2"}}"#,
            -32602,
            json!(11),
        ),
        (
            r#"{"jsonrpc":"2.0","id":12,"method":"initialize","params":{}}"#,
            -32602,
            json!(12),
        ),
    ];
    for (frame, code, id) in cases {
        let answer = mcp.ask(frame);
        assert_eq!(error_of(&answer), (*code, id.clone()), "{frame} → {answer}");
        mcp.alive();
    }

    // A frame over 4 MiB is answered without being read, and so is one that is not UTF-8.
    let huge = format!(
        r#"{{"jsonrpc":"2.0","id":13,"method":"tools/call","params":{{"name":"create_note","arguments":{{"title":"big","body":"{}"}}}}}}"#,
        "x".repeat(5 * 1024 * 1024)
    );
    let answer = mcp.ask(&huge);
    assert_eq!(error_of(&answer), (-32600, Value::Null), "{answer}");
    mcp.alive();
    mcp.write(b"{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"p\xffng\"}\n");
    assert_eq!(error_of(&mcp.read()), (-32700, Value::Null));
    mcp.alive();

    // Notifications, blank lines and client responses are not answered: the next answer is
    // the ping's.
    mcp.write(b"\n  \r\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}\n");
    mcp.write(b"{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}\n");
    mcp.alive();
    let stderr = mcp.finish();
    assert!(stderr.contains("serving agent ext"), "{stderr}");

    assert_eq!(state(dir), before, "nothing was written");
}

#[test]
fn a_call_lands_in_the_review_queue_as_the_agents_and_tool_failures_are_results() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    agent_ext(dir);
    id_of(adiuva(dir, &["agent", "add", "idle", "--kind", "external"]));

    let mut mcp = Mcp::start(dir, "ext");
    initialize(&mut mcp);
    let listed = mcp.ask(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#);
    assert!(
        listed["result"]["tools"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "create_task"),
        "{listed}"
    );
    let made = mcp.ask(
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"create_task","arguments":{"title":"Water the tomatoes","rationale":"dry week","created_by_agent":"someone-else"}}}"#,
    );
    assert_eq!(made["result"]["isError"], false, "{made}");
    let bad = mcp.ask(
        r#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"create_task","arguments":{"title":""}}}"#,
    );
    assert_eq!(bad["result"]["isError"], true, "{bad}");
    mcp.finish();

    let queue = adiuva(dir, &["--json", "review", "list", "--agent", "ext"])
        .ok()
        .json();
    let items = queue.as_array().unwrap();
    assert_eq!(items.len(), 1, "{queue}");
    assert_eq!(items[0]["title"], "Water the tomatoes");
    let ext = adiuva(dir, &["--json", "agent", "show", "ext"]).ok().json();
    assert_eq!(items[0]["agent_id"], ext["agent"]["id"]);
    assert_eq!(items[0]["rationale"], "dry week");

    // An agent without an assignment is served, and every call it makes is refused.
    let mut idle = Mcp::start(dir, "idle");
    initialize(&mut idle);
    let refused = idle.ask(
        r#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"create_task","arguments":{"title":"x"}}}"#,
    );
    assert_eq!(refused["result"]["isError"], true, "{refused}");
    assert_eq!(
        refused["result"]["structuredContent"]["error"]["code"],
        "no_active_assignment"
    );
    idle.finish();

    let unknown = adiuva(dir, &["--json", "mcp", "--agent", "nobody"]);
    assert_eq!(
        (unknown.code, unknown.error()["code"].as_str()),
        (3, Some("not_found"))
    );
    assert!(unknown.stdout.is_empty(), "stdout stays for MCP messages");
    adiuva(dir, &["agent", "revoke", "idle"]).ok();
    let revoked = adiuva(dir, &["--json", "mcp", "--agent", "idle"]);
    assert_eq!(
        (revoked.code, revoked.error()["code"].as_str()),
        (4, Some("conflict"))
    );
}

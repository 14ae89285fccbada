//! The official MCP SDKs as clients of `adiuva mcp`: Python's `mcp` (PyPI) and TypeScript's
//! `@modelcontextprotocol/sdk` (npm), both installed outside the clone by `cargo xtask
//! setup`, launch the binary over stdio, list the tools and call `create_task`; the
//! application layer then finds the task in the review queue as the agent's, and an agent
//! without an assignment gets an `isError` result.

use adiuva_app::Workspace;
use adiuva_domain::{AgentId, ReviewFilter};
use serde_json::Value;
use std::{
    path::{Path, PathBuf},
    process::Command,
};

use crate::{adiuva, id_of};

/// Where `cargo xtask setup` installs a test tool: `$var`, else `$HOME/.cache/adiuva/<name>`.
fn cached(var: &str, name: &str) -> PathBuf {
    std::env::var_os(var).map_or_else(
        || {
            let home = std::env::var_os("HOME").expect("HOME is set");
            PathBuf::from(home).join(".cache/adiuva").join(name)
        },
        PathBuf::from,
    )
}

const PYTHON_CLIENT: &str = r#"
import asyncio, json, sys
from mcp import Client, StdioServerParameters

async def main():
    binary, data_dir, agent = sys.argv[1:4]
    params = StdioServerParameters(command=binary, args=["--data-dir", data_dir, "mcp", "--agent", agent])
    # The default mode probes server/discover, then falls back to initialize.
    async with Client(params) as client:
        tools = await client.list_tools()
        result = await client.call_tool("create_task", {"title": "From the Python SDK", "rationale": "sdk test"})
        print(json.dumps({
            "protocol": client.protocol_version,
            "server": client.server_info.name,
            "tools": [t.name for t in tools.tools],
            "is_error": result.is_error,
            "structured": result.structured_content,
        }))

asyncio.run(main())
"#;

const TYPESCRIPT_CLIENT: &str = r#"
const { createRequire } = require('node:module');
const path = require('node:path');
const [nodeDir, binary, dataDir, agent] = process.argv.slice(2);
const sdk = createRequire(path.join(nodeDir, 'package.json'));
const { Client } = sdk('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = sdk('@modelcontextprotocol/sdk/client/stdio.js');

(async () => {
  const transport = new StdioClientTransport({
    command: binary,
    args: ['--data-dir', dataDir, 'mcp', '--agent', agent],
    stderr: 'inherit',
  });
  let protocol = null;
  transport.setProtocolVersion = (version) => { protocol = version; };
  const client = new Client({ name: 'adiuva-test', version: '1.0.0' });
  await client.connect(transport);
  await client.ping();
  const tools = await client.listTools();
  const result = await client.callTool({
    name: 'create_task',
    arguments: { title: 'From the TypeScript SDK', rationale: 'sdk test' },
  });
  console.log(JSON.stringify({
    protocol,
    server: client.getServerVersion().name,
    tools: tools.tools.map((t) => t.name),
    is_error: result.isError === true,
    structured: result.structuredContent,
  }));
  await client.close();
})().catch((e) => { console.error(e); process.exit(1); });
"#;

/// A workspace with `ext` allowed to create tasks and `idle` with no assignment.
fn workspace(dir: &Path) -> AgentId {
    let ext = id_of(adiuva(dir, &["agent", "add", "ext", "--kind", "external"]));
    id_of(adiuva(dir, &["agent", "add", "idle", "--kind", "external"]));
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
    AgentId::from_uuid(ext.parse().unwrap())
}

/// Runs a client script and reads the one JSON line it prints.
fn client(mut command: Command) -> Value {
    let out = command.output().expect("the SDK client starts");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the SDK client failed: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

/// What both SDKs must see and leave behind.
fn check(dir: &Path, ext: AgentId, title: &str, served: &Value, refused: &Value) {
    assert_eq!(served["protocol"], "2025-11-25", "{served}");
    assert_eq!(served["server"], "adiuva");
    let tools: Vec<&str> = served["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        tools.contains(&"create_task") && tools.contains(&"list_tasks"),
        "{tools:?}"
    );
    assert_eq!(served["is_error"], false, "{served}");
    assert_eq!(served["structured"]["task"]["title"], title);

    let ws = Workspace::open(dir).unwrap();
    let queue = ws
        .review_queue(&ReviewFilter {
            agent_id: Some(ext),
            ..ReviewFilter::default()
        })
        .unwrap();
    assert_eq!(queue.len(), 1, "{queue:?}");
    assert_eq!(queue[0].title, title);
    assert_eq!(queue[0].agent_id, Some(ext));
    assert_eq!(queue[0].rationale.as_deref(), Some("sdk test"));
    assert_eq!(
        queue[0].id,
        served["structured"]["task"]["id"].as_str().unwrap()
    );

    assert_eq!(refused["is_error"], true, "{refused}");
    assert_eq!(
        refused["structured"]["error"]["code"], "no_active_assignment",
        "{refused}"
    );
    assert_eq!(
        ws.review_count().unwrap(),
        1,
        "the refused call proposed nothing"
    );
}

#[test]
fn the_python_sdk_lists_tools_and_creates_a_task_for_review() {
    let venv = cached("ADIUVA_VENV", "venv");
    let python = venv.join("bin").join("python");
    assert!(
        python.is_file(),
        "the MCP Python SDK's environment is missing at {}: run `cargo xtask setup`",
        venv.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let ext = workspace(dir.path());
    let script = dir.path().join("client.py");
    std::fs::write(&script, PYTHON_CLIENT).unwrap();
    let run = |agent: &str| {
        let mut command = Command::new(&python);
        command
            .arg(&script)
            .arg(env!("CARGO_BIN_EXE_adiuva"))
            .arg(dir.path())
            .arg(agent);
        client(command)
    };
    let served = run("ext");
    let refused = run("idle");
    check(dir.path(), ext, "From the Python SDK", &served, &refused);
}

#[test]
fn the_typescript_sdk_lists_tools_and_creates_a_task_for_review() {
    let node_dir = cached("ADIUVA_NODE_DIR", "node");
    assert!(
        node_dir
            .join("node_modules/@modelcontextprotocol/sdk/package.json")
            .is_file(),
        "the MCP TypeScript SDK is missing from {}: run `cargo xtask setup`",
        node_dir.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let ext = workspace(dir.path());
    let script = dir.path().join("client.cjs");
    std::fs::write(&script, TYPESCRIPT_CLIENT).unwrap();
    let run = |agent: &str| {
        let mut command = Command::new("node");
        command
            .arg(&script)
            .arg(&node_dir)
            .arg(env!("CARGO_BIN_EXE_adiuva"))
            .arg(dir.path())
            .arg(agent);
        client(command)
    };
    let served = run("ext");
    let refused = run("idle");
    check(
        dir.path(),
        ext,
        "From the TypeScript SDK",
        &served,
        &refused,
    );
}

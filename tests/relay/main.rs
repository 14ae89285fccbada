//! Agents through the server, end to end: the official MCP SDKs' streamable-HTTP clients
//! (Python's, then TypeScript's) post to the real server's `/api/v1/mcp` with an agent
//! token, the server forwards each message over the device channel to a real device (a signed-in `Workspace` running
//! `run_device_channel`, its tokens in the OS keyring, so this runs in the session `cargo
//! xtask test` provides), and the device runs it through the agent's MCP session and the
//! executor. A task created so lands in the device's review queue as the agent's; a stopped
//! device is a clear "offline" error and a restarted one serves again; a malformed message is
//! answered -32700 by the device and the channel goes on; a revoked agent is refused by the
//! device; a made-up token is 401. The channel the desktop keeps follows the account: signed out it
//! waits, a sign-up dials, a sign-out hangs up.

use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::mpsc,
    thread,
    time::Duration,
};

use adiuva_app::{ChannelState, ChannelStatus, DeviceChannel, Workspace};
use adiuva_crypto::KdfParams;
use adiuva_domain::{ErrorCode, ReviewFilter};
use adiuva_e2e::{agent_that_creates_tasks, local_server::post_mcp};
use adiuva_server::{Background, ServerConfig};
use serde_json::{Value, json};

const PASSPHRASE: &str = "marmalade tractor quietly orbit";

const PYTHON_CLIENT: &str = r#"
import asyncio, json, sys
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

async def main():
    url, token = sys.argv[1:3]
    http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"})
    try:
        async with Client(streamable_http_client(url, http_client=http)) as client:
            tools = await client.list_tools()
            result = await client.call_tool("create_task", {"title": "Through the server", "rationale": "relay test"})
            print(json.dumps({
                "protocol": client.protocol_version,
                "tools": [t.name for t in tools.tools],
                "is_error": result.is_error,
                "structured": result.structured_content,
            }))
    except BaseException as e:
        print(json.dumps({"error": repr(e)}))

asyncio.run(main())
"#;

const TYPESCRIPT_CLIENT: &str = r#"
const { createRequire } = require('node:module');
const path = require('node:path');
const [nodeDir, url, token] = process.argv.slice(2);
const sdk = createRequire(path.join(nodeDir, 'package.json'));
const { Client } = sdk('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = sdk('@modelcontextprotocol/sdk/client/streamableHttp.js');

(async () => {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'adiuva-relay-test', version: '1.0.0' });
  await client.connect(transport);
  await client.ping();
  const tools = await client.listTools();
  const result = await client.callTool({
    name: 'create_task',
    arguments: { title: 'Through the server from TypeScript', rationale: 'relay test' },
  });
  console.log(JSON.stringify({
    protocol: transport.protocolVersion,
    tools: tools.tools.map((t) => t.name),
    is_error: result.isError === true,
    structured: result.structuredContent,
  }));
  await client.close();
})().catch((e) => { console.error(e); process.exit(1); });
"#;

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

fn python() -> PathBuf {
    let venv = cached("ADIUVA_VENV", "venv");
    let python = venv.join("bin").join("python");
    assert!(
        python.is_file(),
        "the MCP Python SDK's environment is missing at {}: run `cargo xtask setup`",
        venv.display()
    );
    python
}

/// Runs the Python SDK client as the agent holding `token`; its one line of JSON.
fn sdk_client(script: &Path, url: &str, token: &str) -> Value {
    let mut command = Command::new(python());
    command.arg(script).arg(url).arg(token);
    run_client(command)
}

fn run_client(mut command: Command) -> Value {
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

/// The device: the workspace of `dir` with its channel open in a thread of its own, and the
/// states it went through.
struct Device {
    channel: DeviceChannel,
    states: mpsc::Receiver<ChannelStatus>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Device {
    fn start(dir: &Path) -> Self {
        let channel = DeviceChannel::new();
        let (tx, states) = mpsc::channel();
        let (dir, running) = (dir.to_path_buf(), channel.clone());
        let thread = thread::spawn(move || {
            let ws = Workspace::open(&dir).unwrap();
            ws.run_device_channel(&running, |status| {
                let _ = tx.send(status.clone());
            })
            .unwrap();
        });
        let device = Self {
            channel,
            states,
            thread: Some(thread),
        };
        device.wait_for(ChannelState::Connected);
        device
    }

    fn wait_for(&self, state: ChannelState) {
        loop {
            let status = self
                .states
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("the channel never got {state:?}"));
            if status.state == state {
                return;
            }
        }
    }

    fn stop(mut self) {
        self.channel.stop();
        self.wait_for(ChannelState::Offline);
        if let Some(thread) = self.thread.take() {
            thread.join().unwrap();
        }
        assert_eq!(self.channel.status().state, ChannelState::Offline);
    }
}

/// A raw POST of `body` to `/mcp` as the agent holding `token`: status and JSON body.
fn post(url: &str, token: &str, body: &str) -> (u16, Value) {
    post_mcp(url, token, body).expect("the server answers")
}

#[test]
fn the_official_sdks_reach_the_device_through_the_server() {
    let server_dir = tempfile::tempdir().unwrap();
    let config = ServerConfig {
        device_call_timeout: Duration::from_secs(20),
        ..ServerConfig::default()
    };
    let server = Background::start(server_dir.path(), config).expect("the server starts");
    let base = format!("http://{}", server.addr);
    let mcp = format!("{base}/api/v1/mcp");

    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path())
        .unwrap()
        .with_kdf_params(KdfParams::FLOOR);
    ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    ws.sign_up(&base, "relay@example.com", PASSPHRASE).unwrap();
    let ext = agent_that_creates_tasks(&ws, "ext").unwrap();
    let gone = agent_that_creates_tasks(&ws, "gone").unwrap();
    let token = ws.create_agent_token("ext").unwrap();
    assert_eq!(token.agent_id, ext.id.to_string());
    let gone_token = ws.create_agent_token("gone").unwrap();
    let script = dir.path().join("client.py");
    std::fs::write(&script, PYTHON_CLIENT).unwrap();

    // No device connected: a clear error, nothing written.
    let offline = sdk_client(&script, &mcp, &token.token);
    let error = offline["error"].as_str().unwrap_or_default();
    assert!(error.contains("offline"), "{offline}");
    let (status, body) = post(&mcp, &token.token, &ping(1));
    assert_eq!(status, 503);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("offline")
    );

    let device = Device::start(dir.path());
    let served = sdk_client(&script, &mcp, &token.token);
    assert_eq!(served["protocol"], "2025-11-25", "{served}");
    let tools: Vec<&str> = served["tools"]
        .as_array()
        .unwrap_or_else(|| panic!("{served}"))
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(tools.contains(&"create_task"), "{tools:?}");
    assert_eq!(served["is_error"], false, "{served}");
    let queue = ws
        .review_queue(&ReviewFilter {
            agent_id: Some(ext.id),
            ..ReviewFilter::default()
        })
        .unwrap();
    assert_eq!(queue.len(), 1, "{queue:?}");
    assert_eq!(queue[0].title, "Through the server");
    assert_eq!(queue[0].agent_id, Some(ext.id));
    assert_eq!(queue[0].rationale.as_deref(), Some("relay test"));
    assert_eq!(
        queue[0].id,
        served["structured"]["task"]["id"].as_str().unwrap()
    );

    // The TypeScript SDK's streamable-HTTP client too.
    let node_dir = cached("ADIUVA_NODE_DIR", "node");
    assert!(
        node_dir
            .join("node_modules/@modelcontextprotocol/sdk/package.json")
            .is_file(),
        "the MCP TypeScript SDK is missing from {}: run `cargo xtask setup`",
        node_dir.display()
    );
    let ts_script = dir.path().join("client.cjs");
    std::fs::write(&ts_script, TYPESCRIPT_CLIENT).unwrap();
    let mut command = Command::new("node");
    command
        .arg(&ts_script)
        .arg(&node_dir)
        .arg(&mcp)
        .arg(&token.token);
    let served = run_client(command);
    assert_eq!(served["protocol"], "2025-11-25", "{served}");
    assert_eq!(served["is_error"], false, "{served}");
    let task = served["structured"]["task"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let queue = ws
        .review_queue(&ReviewFilter {
            agent_id: Some(ext.id),
            ..ReviewFilter::default()
        })
        .unwrap();
    assert_eq!(queue.len(), 2, "{queue:?}");
    assert!(
        queue
            .iter()
            .any(|item| item.id == task && item.agent_id == Some(ext.id))
    );

    // A malformed message is the device's session's -32700; the channel goes on.
    let (status, body) = post(&mcp, &token.token, "{not json");
    assert_eq!(
        (status, body["error"]["code"].as_i64()),
        (200, Some(-32700))
    );
    let (status, body) = post(&mcp, &token.token, &ping(2));
    assert_eq!((status, body["id"].as_i64()), (200, Some(2)), "{body}");
    // A revoked agent's token still reaches the device, which refuses the agent.
    ws.revoke_agent(gone.id).unwrap();
    let (status, body) = post(&mcp, &gone_token.token, &ping(3));
    assert_eq!(status, 200);
    assert_eq!(body["error"]["data"]["code"], "conflict", "{body}");
    // Not an agent token at all.
    let (status, _) = post(&mcp, "adiuva_agent_made-up", &ping(4));
    assert_eq!(status, 401);

    // The person lists the account's tokens (with the agents' names) and revokes one: its
    // client is refused at the server, the others go on.
    let spare = ws.create_agent_token("ext").unwrap();
    let listed = ws.agent_tokens(None).unwrap();
    let ids: Vec<(&str, Option<&str>)> = listed
        .iter()
        .map(|t| (t.id.as_str(), t.agent_name.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            (token.id.as_str(), Some("ext")),
            (gone_token.id.as_str(), Some("gone")),
            (spare.id.as_str(), Some("ext")),
        ]
    );
    let of_ext: Vec<String> = ws
        .agent_tokens(Some("ext"))
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(of_ext, [token.id.clone(), spare.id.clone()]);
    assert_eq!(post(&mcp, &spare.token, &ping(6)).0, 200);
    ws.revoke_agent_token(&spare.id).unwrap();
    let (status, body) = post(&mcp, &spare.token, &ping(7));
    assert_eq!(status, 401, "{body}");
    let again = ws.revoke_agent_token(&spare.id).unwrap_err();
    assert_eq!(again.code(), ErrorCode::NotFound, "{again}");
    assert_eq!(ws.agent_tokens(Some("ext")).unwrap().len(), 1);
    assert_eq!(post(&mcp, &token.token, &ping(8)).0, 200);

    // The device goes away: offline again, nothing more written; it comes back and serves.
    device.stop();
    let offline = sdk_client(&script, &mcp, &token.token);
    assert!(
        offline["error"]
            .as_str()
            .unwrap_or_default()
            .contains("offline"),
        "{offline}"
    );
    assert_eq!(ws.review_count().unwrap(), 2);
    let device = Device::start(dir.path());
    let (status, body) = post(&mcp, &token.token, &ping(5));
    assert_eq!((status, body["id"].as_i64()), (200, Some(5)), "{body}");
    device.stop();
    ws.sign_out().unwrap();
}

fn ping(id: u64) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "ping"}).to_string()
}

/// The channel the desktop keeps: it waits while signed out, dials when the workspace signs
/// in, drops the connection when it signs out, and ends offline when stopped.
#[test]
fn the_kept_channel_follows_the_account() {
    let server_dir = tempfile::tempdir().unwrap();
    let server =
        Background::start(server_dir.path(), ServerConfig::default()).expect("the server starts");
    let base = format!("http://{}", server.addr);
    let dir = tempfile::tempdir().unwrap();
    let ws = std::sync::Arc::new(
        Workspace::open(dir.path())
            .unwrap()
            .with_kdf_params(KdfParams::FLOOR),
    );
    let (tx, states) = mpsc::channel();
    let kept = ws.clone();
    let thread = thread::spawn(move || {
        kept.keep_device_channel(|status| {
            let _ = tx.send(status.state);
        })
        .unwrap();
    });
    let next = || {
        states
            .recv_timeout(Duration::from_secs(60))
            .expect("the channel changes state")
    };
    assert_eq!(next(), ChannelState::SignedOut);

    ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    ws.sign_up(&base, "kept@example.com", PASSPHRASE).unwrap();
    assert_eq!(next(), ChannelState::Connecting);
    assert_eq!(next(), ChannelState::Connected);

    ws.sign_out().unwrap();
    assert_eq!(next(), ChannelState::SignedOut);
    assert_eq!(ws.device_channel_status().last_error, None);

    ws.device_channel().stop();
    assert_eq!(next(), ChannelState::Offline);
    thread.join().unwrap();
}

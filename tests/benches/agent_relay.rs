//! Relay benchmark: a `create_task` call from an agent through the real server's `/mcp` over
//! the device channel to a real device and back, on loopback (p50, p99, calls/s), beside the
//! same call executed in-process on the same kind of workspace in the same run.
//!
//! Run with `cargo xtask bench` (the device's sign-in tokens live in the OS keyring).
//! Calls go one at a time (latency), then from several agents at once (throughput: the
//! device commits the calls that arrive together as one group; `RELAY_BENCH_AGENTS`, 8 by
//! default).
//! `RELAY_BENCH_N` changes the number of calls per phase (default 2 000).

use std::{
    path::Path,
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use adiuva_app::{ChannelState, DeviceChannel, Workspace};
use adiuva_crypto::KdfParams;
use adiuva_domain::{AgentId, NewAgent, NewAssignment};
use adiuva_e2e::local_server;
use adiuva_server::Background;
use anyhow::{Context, Result, ensure};
use serde_json::json;

const PASSPHRASE: &str = "marmalade tractor quietly orbit";
/// Agents calling at once in the throughput phase, unless `RELAY_BENCH_AGENTS` says.
fn agents() -> usize {
    std::env::var("RELAY_BENCH_AGENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(8)
}

/// A workspace with agent "ext" allowed to create tasks.
fn workspace(dir: &Path) -> Result<(Workspace, AgentId)> {
    let ws = Workspace::open(dir)?.with_kdf_params(KdfParams::FLOOR);
    ws.create_vault(PASSPHRASE, PASSPHRASE)?;
    let agent = ws.add_agent(
        NewAgent {
            name: "ext".into(),
            kind: None,
        }
        .validate()?,
    )?;
    ws.assign(
        agent.id,
        NewAssignment {
            allow: vec!["create_task".into()],
            reason: Some("benchmark".into()),
            ..NewAssignment::default()
        }
        .validate()?,
    )?;
    Ok((ws, agent.id))
}

fn frame(i: usize) -> String {
    json!({
        "jsonrpc": "2.0",
        "id": i,
        "method": "tools/call",
        "params": {"name": "create_task", "arguments": {"title": format!("Relayed task {i}")}},
    })
    .to_string()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(what: &str, mut samples: Vec<Duration>, total: Duration) -> f64 {
    samples.sort();
    let rate = samples.len() as f64 / total.as_secs_f64();
    println!(
        "  {what}: p50 {:.3} ms, p99 {:.3} ms, {rate:.0} calls/s",
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        percentile(&samples, 0.99).as_secs_f64() * 1e3,
    );
    rate
}

fn main() -> Result<()> {
    let n: usize = std::env::var("RELAY_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let server_dir = tempfile::tempdir()?;
    let server = Background::start(server_dir.path(), local_server::unlimited())?;
    let base = format!("http://{}", server.addr);

    let device_dir = tempfile::tempdir()?;
    let token = {
        let (ws, _) = workspace(device_dir.path())?;
        ws.sign_up(&base, "relay-bench@example.com", PASSPHRASE)?;
        ws.create_agent_token("ext")?.token
    };
    let channel = DeviceChannel::new();
    let (connected_tx, connected) = mpsc::channel();
    let (dir, running) = (device_dir.path().to_path_buf(), channel.clone());
    // Named, like the callers, so a profile of this benchmark tells them apart.
    let device = thread::Builder::new()
        .name("device".into())
        .spawn(move || -> Result<()> {
            let ws = Workspace::open(&dir)?;
            ws.run_device_channel(&running, |status| {
                if status.state == ChannelState::Connected {
                    let _ = connected_tx.send(());
                }
            })?;
            Ok(())
        })?;
    connected
        .recv_timeout(Duration::from_secs(60))
        .context("the device never connected")?;

    let url = format!("{base}/api/v1/mcp");
    let agent = http_agent();
    for i in 0..50 {
        call(&agent, &url, &token, i)?;
    }
    let mut relayed = Vec::with_capacity(n);
    let start = Instant::now();
    for i in 0..n {
        let t = Instant::now();
        call(&agent, &url, &token, 1_000_000 + i)?;
        relayed.push(t.elapsed());
    }
    let relayed_total = start.elapsed();
    let (together, together_total) =
        at_once(n, http_agent, |agent, i| call(agent, &url, &token, i))?;
    channel.stop();
    device
        .join()
        .map_err(|_| anyhow::anyhow!("the device thread panicked"))??;

    let local_dir = tempfile::tempdir()?;
    let (ws, agent_id) = workspace(local_dir.path())?;
    let local_call = |i: usize| -> Result<()> {
        let call = serde_json::from_value(json!({
            "name": "create_task",
            "arguments": {"title": format!("Local task {i}")},
        }))?;
        let outcome = ws.execute(agent_id, &call)?;
        ensure!(!outcome.is_error, "{}", outcome.text);
        Ok(())
    };
    let mut local = Vec::with_capacity(n);
    let start = Instant::now();
    for i in 0..n {
        let t = Instant::now();
        local_call(i)?;
        local.push(t.elapsed());
    }
    let local_total = start.elapsed();
    let (local_together, local_together_total) = at_once(n, || (), |(), i| local_call(n + i))?;

    println!(
        "relay benchmark: {n} create_task calls one at a time, then {n} from {} agents at once\n",
        agents()
    );
    let through = report(
        "agent → server → device → server → agent, one at a time",
        relayed,
        relayed_total,
    );
    let inside = report(
        "in-process executor, one at a time (baseline)",
        local,
        local_total,
    );
    let through_together = report(
        &format!("agent → … → agent, {} agents at once", agents()),
        together,
        together_total,
    );
    let inside_together = report(
        &format!(
            "in-process executor, {} threads at once (baseline)",
            agents()
        ),
        local_together,
        local_together_total,
    );
    println!(
        "  relayed / in-process throughput: {:.2} one at a time, {:.2} at once  \
         (goal p50 ≤ 2 ms, p99 ≤ 10 ms, ≥ 5 000 calls/s)",
        through / inside,
        through_together / inside_together,
    );
    Ok(())
}

fn http_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// One `create_task` through the server's `/mcp`.
fn call(agent: &ureq::Agent, url: &str, token: &str, i: usize) -> Result<()> {
    let mut response = agent
        .post(url)
        .header("authorization", format!("Bearer {token}"))
        .header("accept", "application/json, text/event-stream")
        .header("content-type", "application/json")
        .send(frame(i))?;
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string()?;
    ensure!(
        status == 200 && !body.contains("\"isError\":true"),
        "call {i}: {status} {body}"
    );
    Ok(())
}

/// Runs `n` calls from [`agents`] threads at once, each with its own `S` (its HTTP
/// connection): each call's time, and the whole time.
fn at_once<S>(
    n: usize,
    open: impl Fn() -> S + Sync,
    call: impl Fn(&S, usize) -> Result<()> + Sync,
) -> Result<(Vec<Duration>, Duration)> {
    let start = Instant::now();
    let samples = thread::scope(|scope| {
        let count = agents();
        let workers: Vec<_> = (0..count)
            .map(|worker| {
                let (open, call) = (&open, &call);
                let named = thread::Builder::new().name(format!("caller-{worker}"));
                named.spawn_scoped(scope, move || -> Result<Vec<Duration>> {
                    let state = open();
                    let mut samples = Vec::new();
                    for i in (worker..n).step_by(count) {
                        let t = Instant::now();
                        call(&state, 2_000_000 + i)?;
                        samples.push(t.elapsed());
                    }
                    Ok(samples)
                })
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        workers
            .into_iter()
            .map(|w| w.join().map_err(|_| anyhow::anyhow!("a worker panicked"))?)
            .collect::<Result<Vec<_>>>()
    })?;
    Ok((samples.concat(), start.elapsed()))
}

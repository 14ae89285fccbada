//! Agents from elsewhere, in the window: the app opens its device channel to the real sync
//! server by itself once signed in and says so on the Agents page; a token made there lets a
//! client post MCP to the server's `/mcp`, and the task it creates reaches the window's review
//! badge as the agent's; the token is listed and revoked there; with the server gone the page says offline and offers a reconnect.

use adiuva_app::Workspace;
use adiuva_crypto::KdfParams;
use adiuva_e2e::{
    Desktop, agent_that_creates_tasks,
    local_server::{LocalServer, post_mcp},
};
use anyhow::{Context, Result, ensure};
use serde_json::{Value, json};

const PASSPHRASE: &str = "marmalade tractor quietly orbit";

/// One JSON-RPC message posted to the server's MCP endpoint with the agent's token: the
/// answer's body (`Null` for 202, a notification); any other status is a failure.
fn post(endpoint: &str, token: &str, message: &Value) -> Result<Value> {
    let (status, body) = post_mcp(endpoint, token, &message.to_string())?;
    ensure!(
        matches!(status, 200 | 202),
        "/mcp answered {status}: {body}"
    );
    Ok(body)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_made_on_the_agents_page_lets_an_agent_reach_the_device() -> Result<()> {
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let data = tempfile::tempdir()?;
    {
        let ws = Workspace::open(data.path())?.with_kdf_params(KdfParams::FLOOR);
        ws.create_vault(PASSPHRASE, PASSPHRASE)?;
        ws.remember_on_device(true)?;
        ws.sign_up(&server.url, "remote-agents@example.com", PASSPHRASE)?;
        agent_that_creates_tasks(&ws, "far")?;
    }

    let app = Desktop::launch(data.path()).await?;
    app.click("#nav-agents").await?;
    app.wait("#device-channel[data-state='connected']").await?;
    app.click(".agent-card[data-name='far'] .agent-token-create")
        .await?;
    let shown = app.wait(".agent-token").await?;
    let token = shown
        .prop("textContent")
        .await?
        .context("the token is shown")?;
    let endpoint = format!("{}/api/v1/mcp", server.url);
    app.wait_text(".agent-endpoint", &endpoint).await?;

    let (endpoint_for_agent, token_for_agent) = (endpoint.clone(), token.clone());
    let created = tokio::task::spawn_blocking(move || -> Result<Value> {
        let (endpoint, token) = (endpoint_for_agent, token_for_agent);
        let hello = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "ui-test", "version": "1"},
        }});
        let welcome = post(&endpoint, &token, &hello)?;
        ensure!(welcome["result"]["serverInfo"].is_object(), "{welcome}");
        post(
            &endpoint,
            &token,
            &json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        )?;
        post(
            &endpoint,
            &token,
            &json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
                "name": "create_task",
                "arguments": {"title": "Call the plumber", "rationale": "heard on the phone"},
            }}),
        )
    })
    .await??;
    ensure!(
        created["result"]["isError"] == json!(false),
        "create_task through the server: {created}"
    );
    app.wait_text("#review-badge", "1").await?;
    app.click(".agent-token-done").await?;
    app.wait_gone(".agent-token").await?;

    // The token is listed under the agent's name, never shown again; Revoke asks once more,
    // then the server refuses the token.
    app.click("#agent-tokens summary").await?;
    let row = app
        .wait(".agent-token-row[data-agent='far']")
        .await?
        .prop("textContent")
        .await?
        .unwrap_or_default();
    ensure!(
        !row.contains(&token),
        "a listed token never shows itself: {row}"
    );
    app.click(".agent-token-row .agent-token-revoke").await?;
    app.wait_text(".agent-token-row .agent-token-revoke", "Confirm revoke")
        .await?;
    app.click(".agent-token-row .agent-token-revoke").await?;
    app.wait_gone(".agent-token-row").await?;
    app.wait(".agent-tokens-empty").await?;
    let refused = tokio::task::spawn_blocking(move || {
        post_mcp(
            &endpoint,
            &token,
            &json!({"jsonrpc": "2.0", "id": 3, "method": "ping"}).to_string(),
        )
    })
    .await??;
    ensure!(refused.0 == 401, "a revoked token is refused: {refused:?}");

    drop(server);
    app.wait("#device-channel[data-state='offline'] #channel-reconnect")
        .await?;
    app.quit().await?;
    Ok(())
}

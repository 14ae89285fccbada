//! The real sync server on a loopback port, for tests of devices that sign in and sync (it
//! stops when dropped), and a raw client of its MCP endpoint as an agent holding a token.

use std::path::Path;

use adiuva_server::{Background, ServerConfig, TierLimits};
use serde_json::Value;

pub struct LocalServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    _server: Background,
}

impl LocalServer {
    pub fn start(data_dir: &Path) -> Self {
        let server =
            Background::start(data_dir, ServerConfig::default()).expect("the server starts");
        Self {
            url: format!("http://{}", server.addr),
            _server: server,
        }
    }
}

/// A server configuration whose new accounts have no quota or rate limit, so benchmarks
/// measure the server's work, not its brakes.
pub fn unlimited() -> ServerConfig {
    let mut config = ServerConfig::default();
    config.tiers.insert(
        "unlimited".into(),
        TierLimits {
            storage_bytes: None,
            backup_bytes: None,
            requests_per_minute: u32::MAX,
        },
    );
    config.default_tier = "unlimited".into();
    config.auth_attempts_per_minute = u32::MAX;
    config
}

/// One raw JSON-RPC message POSTed to the server's `/mcp` as the agent holding `token`: the
/// status and the JSON body (`Null` when there is none, as for 202).
pub fn post_mcp(url: &str, token: &str, body: &str) -> Result<(u16, Value), ureq::Error> {
    let client: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    post_mcp_with(&client, url, token, body)
}

/// [`post_mcp`] through `client` (one that trusts a test's certificate authority, say), which
/// must not turn error statuses into errors.
pub fn post_mcp_with(
    client: &ureq::Agent,
    url: &str,
    token: &str,
    body: &str,
) -> Result<(u16, Value), ureq::Error> {
    let mut response = client
        .post(url)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .send(body)?;
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

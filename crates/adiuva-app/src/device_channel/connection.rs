//! One device channel's life: dial (the access token checked, and refreshed if it expired,
//! first), serve the server's calls one at a time through each agent's MCP session, ping,
//! and on any failure go offline, wait a jittered exponential backoff and dial again.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use adiuva_agent::mcp::Session;
use adiuva_protocol::{DeviceBound, ServerBound};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::{self, Message, client::IntoClientRequest};

use super::{ChannelState, ChannelStatus, DeviceChannel};
use crate::{AppError, Workspace, sync_retry::jitter};

/// How often the device pings the server; a server silent for two of these is dropped.
const HEARTBEAT: Duration = Duration::from_secs(20);
/// How long dialing may take.
const DIAL_TIMEOUT: Duration = Duration::from_secs(30);

/// The MCP sessions of the agents served on this connection, by the agent id the server gave.
type Sessions = HashMap<String, Session>;

/// Why one connection ended; the status shows it as its last error.
#[derive(Debug, thiserror::Error)]
enum ChannelError {
    #[error(transparent)]
    Server(#[from] AppError),
    #[error("the server's address {url} is not a WebSocket address: {source}")]
    Address {
        url: String,
        source: tungstenite::Error,
    },
    #[error("the access token is not a header value")]
    Token,
    #[error("cannot open the device channel at {url}: {source}")]
    Dial {
        url: String,
        source: tungstenite::Error,
    },
    #[error("the device channel at {url} did not open in time")]
    DialTimeout { url: String },
    #[error("the device channel failed: {0}")]
    Socket(#[from] tungstenite::Error),
    #[error("the server closed the device channel")]
    Closed,
    #[error("the server stopped answering on the device channel")]
    Silent,
}

pub(super) async fn run(
    ws: &Workspace,
    channel: &DeviceChannel,
    mut on_change: impl FnMut(&ChannelStatus),
) {
    let mut change = |state, error: Option<String>| {
        if let Some(status) = channel.set(state, error) {
            on_change(&status);
        }
    };
    let mut failures = 0u32;
    while !channel.stopped() {
        if !ws.account_status().is_ok_and(|account| account.signed_in) {
            failures = 0;
            change(ChannelState::SignedOut, None);
            tokio::select! {
                () = channel.0.wake.notified() => {}
                () = channel.0.stop.notified() => {}
            }
            continue;
        }
        change(ChannelState::Connecting, None);
        let ended = connect_and_serve(ws, channel, &mut || {
            failures = 0;
            change(ChannelState::Connected, None);
        })
        .await;
        // Stopped or woken: look at the account again at once, with no backoff.
        let Err(error) = ended else { continue };
        change(ChannelState::Offline, Some(error.to_string()));
        failures = failures.saturating_add(1);
        let wait = adiuva_sync::backoff(failures, None, jitter());
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = channel.0.stop.notified() => {}
            () = channel.0.wake.notified() => {}
        }
    }
    change(ChannelState::Offline, None);
}

/// One connection, until it fails (the error, as the status shows it) or the channel is
/// stopped or woken (`Ok`).
async fn connect_and_serve(
    ws: &Workspace,
    channel: &DeviceChannel,
    connected: &mut impl FnMut(),
) -> Result<(), ChannelError> {
    let (base, token) = ws.with_server(|cloud, token| {
        cloud.me(token)?;
        Ok((cloud.base().to_owned(), token.to_owned()))
    })?;
    // http → ws, https → wss.
    let url = format!("ws{}/device/channel", base.trim_start_matches("http"));
    let mut request =
        url.as_str()
            .into_client_request()
            .map_err(|source| ChannelError::Address {
                url: url.clone(),
                source,
            })?;
    let bearer = format!("Bearer {token}")
        .parse()
        .map_err(|_| ChannelError::Token)?;
    request.headers_mut().insert("authorization", bearer);
    let dial = tokio::time::timeout(DIAL_TIMEOUT, tokio_tungstenite::connect_async(request));
    let mut socket = tokio::select! {
        dialed = dial => match dialed {
            Ok(Ok((socket, _))) => socket,
            Ok(Err(source)) => return Err(ChannelError::Dial { url, source }),
            Err(_) => return Err(ChannelError::DialTimeout { url }),
        },
        () = channel.0.stop.notified() => return Ok(()),
        () = channel.0.wake.notified() => return Ok(()),
    };
    connected();

    let mut sessions = Sessions::new();
    let mut ticker = tokio::time::interval(HEARTBEAT);
    let mut heard = Instant::now();
    loop {
        tokio::select! {
            () = channel.0.stop.notified() => {
                let _ = socket.close(None).await;
                return Ok(());
            }
            () = channel.0.wake.notified() => {
                let _ = socket.close(None).await;
                return Ok(());
            }
            incoming = socket.next() => {
                let message = match incoming {
                    Some(Ok(message)) => message,
                    Some(Err(e)) => return Err(e.into()),
                    None => return Err(ChannelError::Closed),
                };
                heard = Instant::now();
                let text = match message {
                    Message::Text(text) => text,
                    Message::Close(_) => return Err(ChannelError::Closed),
                    _ => continue,
                };
                let Some(answer) = answer(ws, &mut sessions, text.as_str()) else { continue };
                let answer = serde_json::to_string(&answer).unwrap_or_default();
                socket.send(Message::Text(answer.into())).await?;
            }
            _ = ticker.tick() => {
                if heard.elapsed() > HEARTBEAT * 2 {
                    return Err(ChannelError::Silent);
                }
                socket.send(Message::Ping(Default::default())).await?;
            }
        }
    }
}

/// The answer to one message from the server; `None` for anything that is not a call (the
/// server's `invalid` notices, messages this version does not know).
fn answer(ws: &Workspace, sessions: &mut Sessions, text: &str) -> Option<ServerBound> {
    let Ok(DeviceBound::Call {
        call,
        agent_id,
        frame,
    }) = serde_json::from_str::<DeviceBound>(text)
    else {
        return None;
    };
    let frame = match ws.mcp_tools(&agent_id) {
        Ok((agent, mut tools)) => sessions
            .entry(agent.id.to_string())
            .or_insert_with(|| Session::new(env!("CARGO_PKG_VERSION")))
            .handle(&frame, &mut tools),
        // An agent this device does not know, or revoked: refused before any MCP.
        Err(refused) => refusal(&frame, &refused),
    };
    Some(ServerBound { call, frame })
}

/// A JSON-RPC error for a request whose agent this device refuses (nothing for a
/// notification).
fn refusal(frame: &str, refused: &AppError) -> Option<String> {
    let request: Value = serde_json::from_str(frame).ok()?;
    let id = request.get("id")?.clone();
    let code = refused.code();
    Some(
        json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": {
                "code": -32001,
                "message": format!("this device refuses the agent: {refused}"),
                "data": {"code": code},
            },
        })
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use adiuva_domain::NewAgent;
    use serde_json::Value;

    use super::{Sessions, answer};
    use crate::Workspace;

    fn call(agent_id: &str, frame: &str) -> String {
        serde_json::json!({"type": "call", "call": 9, "agent_id": agent_id, "frame": frame})
            .to_string()
    }

    #[test]
    fn calls_run_in_their_agents_session_and_unknown_agents_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let draft = NewAgent {
            name: "ext".to_owned(),
            kind: None,
        };
        let agent = ws.add_agent(draft.validate().unwrap()).unwrap();
        let mut sessions = Sessions::new();
        let ping = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;

        let served = answer(&ws, &mut sessions, &call(&agent.id.to_string(), ping)).unwrap();
        assert_eq!(served.call, 9);
        let frame: Value = serde_json::from_str(&served.frame.unwrap()).unwrap();
        assert_eq!(
            (frame["id"].as_i64(), frame["result"].is_object()),
            (Some(1), true)
        );
        assert_eq!(sessions.len(), 1);
        // Unparsable frames are the session's -32700.
        let bad = answer(&ws, &mut sessions, &call(&agent.id.to_string(), "{")).unwrap();
        assert!(bad.frame.unwrap().contains("-32700"));

        let unknown = answer(&ws, &mut sessions, &call("no-such-agent", ping)).unwrap();
        let frame: Value = serde_json::from_str(&unknown.frame.unwrap()).unwrap();
        assert_eq!(frame["error"]["code"], -32001);
        assert_eq!(frame["error"]["data"]["code"], "not_found");
        let note = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
        let quiet = answer(&ws, &mut sessions, &call("no-such-agent", note)).unwrap();
        assert_eq!(quiet.frame, None);
        assert_eq!(sessions.len(), 1, "no session for a refused agent");

        // The server's notices and unknown messages need no answer.
        let invalid = r#"{"type":"invalid","message":"x"}"#;
        assert!(answer(&ws, &mut sessions, invalid).is_none());
        assert!(answer(&ws, &mut sessions, "not json").is_none());
    }
}

//! `/device/channel`: the WebSocket a signed-in device dials out to. The server sends each
//! frame an agent posted to `/mcp` as a [`DeviceBound::Call`]; the device answers with a
//! [`ServerBound`] carrying the same call number. One JSON message per text frame. The server
//! pings every heartbeat and drops a device it has not heard from for two; anything else the
//! device sends is answered [`DeviceBound::Invalid`] and the channel stays open.

use std::time::Instant;

use adiuva_protocol::{DeviceBound, ServerBound};
use axum::extract::{
    State, WebSocketUpgrade,
    ws::{Message, WebSocket, rejection::WebSocketUpgradeRejection},
};
use axum::response::Response;

use crate::{
    devices::{Attached, lock},
    error::ApiError,
    extract::AuthUser,
    openapi::{BadRequest, RateLimited, Unauthorized},
    state::AppState,
};

/// Largest message the device may send (an MCP frame is at most 4 MiB, plus its envelope).
const MAX_MESSAGE: usize = 8 * 1024 * 1024;

/// Opens the device channel (a WebSocket upgrade); a new one replaces the user's previous.
#[utoipa::path(
    get,
    path = "/device/channel",
    operation_id = "device_channel",
    tag = "agents",
    security(("bearer" = [])),
    responses(
        (status = 101, description = "Switching to the WebSocket: the server sends \
            `DeviceBound` messages, the device answers `ServerBound` ones"),
        BadRequest,
        Unauthorized,
        RateLimited,
    )
)]
pub async fn open(
    State(state): State<AppState>,
    user: AuthUser,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    let upgrade = upgrade.map_err(|e| {
        ApiError::bad(
            "not_websocket",
            format!("the device channel is a WebSocket upgrade: {e}"),
        )
    })?;
    // Attached before the 101 goes out, so calls made once the device sees it reach it.
    let attached = state.0.devices.attach(&user.id);
    Ok(upgrade
        .max_message_size(MAX_MESSAGE)
        .on_upgrade(move |socket| serve(socket, state, user.id, attached)))
}

async fn serve(mut socket: WebSocket, state: AppState, user_id: String, mut attached: Attached) {
    let devices = &state.0.devices;
    let heartbeat = state.0.config.device_heartbeat;
    let mut ticker = tokio::time::interval(heartbeat);
    let mut heard = Instant::now();
    loop {
        tokio::select! {
            out = attached.outbox.recv() => {
                // None: a newer connection replaced this one.
                let Some(message) = out else { break };
                if send(&mut socket, &message).await.is_err() {
                    break;
                }
            }
            incoming = socket.recv() => {
                let Some(Ok(message)) = incoming else { break };
                heard = Instant::now();
                let text = match message {
                    Message::Text(text) => text,
                    Message::Close(_) => break,
                    Message::Ping(_) | Message::Pong(_) => continue,
                    Message::Binary(_) => {
                        let invalid = DeviceBound::Invalid {
                            message: "the channel carries JSON in text frames".to_owned(),
                        };
                        if send(&mut socket, &invalid).await.is_err() {
                            break;
                        }
                        continue;
                    }
                };
                match serde_json::from_str::<ServerBound>(text.as_str()) {
                    Ok(answer) => {
                        let waiting = lock(&attached.pending).remove(&answer.call);
                        if let Some(waiting) = waiting {
                            let _ = waiting.send(answer.frame);
                        }
                    }
                    Err(e) => {
                        let invalid = DeviceBound::Invalid {
                            message: format!("not an answer ({{call, frame}}): {e}"),
                        };
                        if send(&mut socket, &invalid).await.is_err() {
                            break;
                        }
                    }
                }
            }
            _ = ticker.tick() => {
                if heard.elapsed() > heartbeat * 2 {
                    break;
                }
                if socket.send(Message::Ping(Default::default())).await.is_err() {
                    break;
                }
            }
        }
    }
    devices.detach(&user_id, attached.connection);
    // Calls still waiting learn that the device is gone.
    lock(&attached.pending).clear();
}

async fn send(socket: &mut WebSocket, message: &DeviceBound) -> Result<(), axum::Error> {
    let text = serde_json::to_string(message).unwrap_or_default();
    socket.send(Message::Text(text.into())).await
}

//! One device channel's life: dial (the access token checked, and refreshed if it expired,
//! first), serve the server's calls (those that arrived together as one group), ping,
//! and on any failure go offline, wait a jittered exponential backoff and dial again.

use std::time::{Duration, Instant};

use futures_util::{FutureExt, SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::{self, Message, client::IntoClientRequest};

use super::{
    ChannelState, ChannelStatus, DeviceChannel,
    serve::{self, Sessions},
};
use crate::{AppError, Workspace, sync_retry::jitter};

/// How often the device pings the server; a server silent for two of these is dropped.
const HEARTBEAT: Duration = Duration::from_secs(20);
/// The most calls that commit together.
const BATCH_MAX: usize = 64;
/// How long dialing may take.
const DIAL_TIMEOUT: Duration = Duration::from_secs(30);

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
    let dial = tokio::time::timeout(
        DIAL_TIMEOUT,
        tokio_tungstenite::connect_async_tls_with_config(
            request,
            None,
            false,
            crate::tls_roots::websocket_connector(),
        ),
    );
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
                let mut ended = None;
                let mut texts = Vec::new();
                let mut next = Some(incoming);
                // Take what else has already arrived, so calls that came together commit
                // together; what ends the connection waits until they are answered.
                while let Some(incoming) = next.take() {
                    match incoming {
                        Some(Ok(Message::Text(text))) => texts.push(text),
                        Some(Ok(Message::Close(_))) | None => ended = Some(ChannelError::Closed),
                        Some(Err(e)) => ended = Some(e.into()),
                        Some(Ok(_)) => {}
                    }
                    if ended.is_none() && texts.len() < BATCH_MAX {
                        next = socket.next().now_or_never();
                    }
                }
                heard = Instant::now();
                let texts: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
                for answer in serve::answers(ws, &mut sessions, &texts) {
                    let answer = serde_json::to_string(&answer).unwrap_or_default();
                    socket.feed(Message::Text(answer.into())).await?;
                }
                socket.flush().await?;
                if let Some(ended) = ended {
                    return Err(ended);
                }
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

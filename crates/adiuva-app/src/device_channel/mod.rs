//! The device channel: this device dials out to its sync server's `/device/channel` (a
//! WebSocket, the account's access token) so the user's agents can reach it through the
//! server's MCP endpoint. Each frame the server forwards names the agent the server
//! authenticated; it runs through that agent's own MCP `Session` with the executor bound to
//! the agent (`agent_tools`), and the answer goes back with the call's number. The channel
//! pings the server, and when it drops, dials again after a jittered exponential backoff.
//! Its state (`connected | connecting | offline | signed_out`, the last error) is
//! [`DeviceChannel::status`]. Each workspace owns one channel ([`Workspace::device_channel`]):
//! signing in or out wakes it, so the desktop's channel follows the account by itself.

mod connection;
mod serve;
mod tokens;

use std::sync::{
    Arc, Mutex, PoisonError,
    atomic::{AtomicBool, Ordering},
};

use serde::{Deserialize, Serialize};

use crate::{AppError, Workspace};
pub use tokens::AgentTokenEntry;

/// Where the channel is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelState {
    Connected,
    Connecting,
    Offline,
    /// No account on this device: the channel waits for a sign-in.
    SignedOut,
}

/// The channel's state and the last error it met (kept after it reconnects).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelStatus {
    pub state: ChannelState,
    pub last_error: Option<String>,
}

/// A handle on one running (or about to run) channel: its status, and a way to stop it.
#[derive(Clone)]
pub struct DeviceChannel(Arc<Shared>);

struct Shared {
    status: Mutex<ChannelStatus>,
    stopped: AtomicBool,
    stop: tokio::sync::Notify,
    wake: tokio::sync::Notify,
}

impl Default for DeviceChannel {
    fn default() -> Self {
        Self(Arc::new(Shared {
            status: Mutex::new(ChannelStatus {
                state: ChannelState::Offline,
                last_error: None,
            }),
            stopped: AtomicBool::new(false),
            stop: tokio::sync::Notify::new(),
            wake: tokio::sync::Notify::new(),
        }))
    }
}

impl DeviceChannel {
    pub fn new() -> Self {
        Self::default()
    }

    /// The channel's state now.
    pub fn status(&self) -> ChannelStatus {
        self.0
            .status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Asks [`Workspace::run_device_channel`] to close the channel and return.
    pub fn stop(&self) {
        self.0.stopped.store(true, Ordering::SeqCst);
        self.0.stop.notify_one();
    }

    /// Drops the current connection (or the wait before the next dial) and looks at the
    /// account again at once: after a sign-in, a sign-out, or a person's "reconnect".
    pub fn wake(&self) {
        self.0.wake.notify_one();
    }

    fn stopped(&self) -> bool {
        self.0.stopped.load(Ordering::SeqCst)
    }

    /// Sets the state (and the error, when one is given); true when anything changed.
    fn set(&self, state: ChannelState, error: Option<String>) -> Option<ChannelStatus> {
        let mut status = self.0.status.lock().unwrap_or_else(PoisonError::into_inner);
        let before = status.clone();
        status.state = state;
        if error.is_some() {
            status.last_error = error;
        }
        (*status != before).then(|| status.clone())
    }
}

impl Workspace {
    /// Runs the device channel until `channel.stop()`: dials the signed-in server, serves
    /// the frames it forwards, and dials again after a backoff whenever the connection fails
    /// or drops. `on_change` hears every change of state. Not signed in: refused at once.
    pub fn run_device_channel(
        &self,
        channel: &DeviceChannel,
        on_change: impl FnMut(&ChannelStatus),
    ) -> Result<(), AppError> {
        if !self.account_status()?.signed_in {
            return Err(crate::CloudError::NotSignedIn.into());
        }
        self.serve_device_channel(channel, on_change)
    }

    /// This workspace's own channel, the one [`Workspace::keep_device_channel`] runs and
    /// signing in or out wakes.
    pub fn device_channel(&self) -> &DeviceChannel {
        &self.channel
    }

    /// Where this workspace's channel is, and the last error it met.
    pub fn device_channel_status(&self) -> ChannelStatus {
        self.channel.status()
    }

    /// Dials this workspace's channel again now instead of after its backoff.
    pub fn reconnect_device_channel(&self) {
        self.channel.wake();
    }

    /// Runs this workspace's channel until it is stopped, whether or not the device is signed
    /// in: signed out, it waits (`signed_out`) until a sign-in wakes it. For the desktop app,
    /// which keeps the channel for as long as it runs.
    pub fn keep_device_channel(
        &self,
        on_change: impl FnMut(&ChannelStatus),
    ) -> Result<(), AppError> {
        self.serve_device_channel(&self.channel, on_change)
    }

    fn serve_device_channel(
        &self,
        channel: &DeviceChannel,
        on_change: impl FnMut(&ChannelStatus),
    ) -> Result<(), AppError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|source| AppError::File {
                action: "start an event loop for",
                path: "the device channel".into(),
                source,
            })?;
        runtime.block_on(connection::run(self, channel, on_change));
        Ok(())
    }
}

//! The devices connected over `/device/channel`, one per user (a new connection replaces the
//! old), and the calls waiting on them: an agent's frame goes out as a numbered
//! [`DeviceBound::Call`] and its caller waits for the [`ServerBound`] answer with that number,
//! the device's disconnection, or the timeout, whichever comes first.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use adiuva_protocol::DeviceBound;
use tokio::sync::{mpsc, oneshot};

/// Calls waiting for their answers on one connection, by call number.
pub type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Option<String>>>>>;

/// Why a forwarded frame got no answer from the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RelayError {
    #[error("the device is offline: open Adiuva on it (signed in) and try again")]
    Offline,
    #[error("the device disconnected before it answered")]
    Disconnected,
    #[error("the device did not answer in time")]
    Timeout,
}

impl RelayError {
    /// A stable code for logs and error data.
    pub fn code(self) -> &'static str {
        match self {
            Self::Offline => "device_offline",
            Self::Disconnected => "device_disconnected",
            Self::Timeout => "device_timeout",
        }
    }
}

#[derive(Clone)]
struct Link {
    connection: u64,
    outbox: mpsc::UnboundedSender<DeviceBound>,
    pending: Pending,
}

/// What a newly attached connection serves: its messages to send and its waiting calls.
pub struct Attached {
    pub connection: u64,
    pub outbox: mpsc::UnboundedReceiver<DeviceBound>,
    pub pending: Pending,
}

#[derive(Default)]
pub struct Devices {
    links: Mutex<HashMap<String, Link>>,
    next: AtomicU64,
}

impl Devices {
    fn links(&self) -> std::sync::MutexGuard<'_, HashMap<String, Link>> {
        self.links.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes a new connection the user's device; the one it replaces loses its outbox and
    /// so closes (its waiting calls get [`RelayError::Disconnected`]).
    pub fn attach(&self, user_id: &str) -> Attached {
        let (outbox, receiver) = mpsc::unbounded_channel();
        let pending = Pending::default();
        let connection = self.next.fetch_add(1, Ordering::Relaxed);
        self.links().insert(
            user_id.to_owned(),
            Link {
                connection,
                outbox,
                pending: pending.clone(),
            },
        );
        Attached {
            connection,
            outbox: receiver,
            pending,
        }
    }

    /// Forgets the connection if it is still the user's device.
    pub fn detach(&self, user_id: &str, connection: u64) {
        let mut links = self.links();
        if links
            .get(user_id)
            .is_some_and(|l| l.connection == connection)
        {
            links.remove(user_id);
        }
    }

    /// Sends `frame` to the user's device as `agent_id`'s and waits for its answer (`None`
    /// when the device had nothing to answer).
    pub async fn call(
        &self,
        user_id: &str,
        agent_id: &str,
        frame: String,
        timeout: Duration,
    ) -> Result<Option<String>, RelayError> {
        let link = self.links().get(user_id).cloned();
        let link = link.ok_or(RelayError::Offline)?;
        let call = self.next.fetch_add(1, Ordering::Relaxed);
        let (answer, answered) = oneshot::channel();
        lock(&link.pending).insert(call, answer);
        let sent = link.outbox.send(DeviceBound::Call {
            call,
            agent_id: agent_id.to_owned(),
            frame,
        });
        if sent.is_err() {
            // A connection whose upgrade never completed.
            lock(&link.pending).remove(&call);
            self.detach(user_id, link.connection);
            return Err(RelayError::Offline);
        }
        drop(link.outbox);
        match tokio::time::timeout(timeout, answered).await {
            Ok(Ok(frame)) => Ok(frame),
            Ok(Err(_)) => Err(RelayError::Disconnected),
            Err(_) => {
                lock(&link.pending).remove(&call);
                Err(RelayError::Timeout)
            }
        }
    }
}

pub fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

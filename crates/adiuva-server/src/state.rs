//! What every handler shares: the storage, the token signer, the settings, the clock, and
//! the request buckets (per user, and per address for sign-in attempts).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
    time::{Instant, SystemTime, UNIX_EPOCH},
};

use crate::{ServerConfig, auth::Signer, error::ApiError, storage::Storage};

#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

pub struct Shared {
    pub storage: Arc<dyn Storage>,
    pub signer: Signer,
    pub config: ServerConfig,
    /// Keys the made-up derivation parameters of unknown emails.
    pub params_secret: Vec<u8>,
    /// The connected devices and the calls waiting on them.
    pub devices: crate::devices::Devices,
    /// Agent tokens looked up lately.
    pub agent_owners: crate::agent_owners::AgentOwners,
    user_buckets: Buckets,
    address_buckets: Buckets,
}

/// Token buckets by key: each `capacity` requests, refilled evenly over a minute.
#[derive(Default)]
struct Buckets(Mutex<HashMap<String, Bucket>>);

struct Bucket {
    tokens: f64,
    capacity: f64,
    at: Instant,
}

/// Past this many keys, full buckets are dropped (a full bucket is the same as none), so
/// callers from many addresses cannot grow the map without bound.
const PRUNE_ABOVE: usize = 10_000;

impl Buckets {
    /// Takes one request from `key`'s bucket, or says how long to wait.
    fn admit(&self, key: &str, per_minute: u32) -> Result<(), ApiError> {
        let capacity = f64::from(per_minute.max(1));
        let per_second = capacity / 60.0;
        let now = Instant::now();
        let mut buckets = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.at).as_secs_f64() * b.capacity / 60.0 < b.capacity
            });
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: capacity,
            capacity,
            at: now,
        });
        let elapsed = now.duration_since(bucket.at).as_secs_f64();
        bucket.capacity = capacity;
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / per_second).ceil();
            // Whole seconds, at least one, as Retry-After wants.
            Err(ApiError::RateLimited((wait as u64).max(1)))
        }
    }
}

impl AppState {
    pub fn new(
        storage: Arc<dyn Storage>,
        signer: Signer,
        params_secret: Vec<u8>,
        config: ServerConfig,
    ) -> Self {
        Self(Arc::new(Shared {
            storage,
            signer,
            config,
            params_secret,
            devices: crate::devices::Devices::default(),
            agent_owners: crate::agent_owners::AgentOwners::default(),
            user_buckets: Buckets::default(),
            address_buckets: Buckets::default(),
        }))
    }

    /// Milliseconds since 1970.
    pub fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }

    /// Takes one request from `user_id`'s bucket, or says how long to wait.
    pub fn admit(&self, user_id: &str, per_minute: u32) -> Result<(), ApiError> {
        self.0.user_buckets.admit(user_id, per_minute)
    }

    /// Takes one sign-in attempt (register, log in, refresh) from the bucket of the address
    /// `key` names, or says how long to wait.
    pub fn admit_attempt(&self, key: &str) -> Result<(), ApiError> {
        self.0
            .address_buckets
            .admit(key, self.0.config.auth_attempts_per_minute)
    }

    /// Runs a storage call on the blocking pool.
    pub async fn store<T: Send + 'static>(
        &self,
        call: impl FnOnce(&dyn Storage) -> Result<T, crate::storage::StorageError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let storage = self.0.storage.clone();
        tokio::task::spawn_blocking(move || call(storage.as_ref()))
            .await
            .map_err(|e| ApiError::Internal(format!("storage task: {e}")))?
            .map_err(ApiError::from)
    }
}

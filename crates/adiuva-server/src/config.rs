//! What an operator sets: tiers with their quotas and rate limits (the seed's matrix by
//! default), the sign-in attempts allowed per address, token lifetimes, and request size
//! limits, and the device channel's heartbeat and call timeout.

use std::{collections::BTreeMap, time::Duration};

/// The limits of one billing tier; `None` is unlimited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierLimits {
    pub storage_bytes: Option<u64>,
    /// All of a user's backups together.
    pub backup_bytes: Option<u64>,
    pub requests_per_minute: u32,
}

const GB: u64 = 1024 * 1024 * 1024;

/// The server's settings.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub tiers: BTreeMap<String, TierLimits>,
    /// The tier of new accounts.
    pub default_tier: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// Register, log-in and refresh requests allowed per client address and minute (429 with
    /// `Retry-After` beyond), against guessing and against spending the server's hashing time.
    /// IPv6 clients are counted by their /64. Behind a reverse proxy every client has the
    /// proxy's address, so limit there instead and raise this.
    pub auth_attempts_per_minute: u32,
    /// Largest request body accepted (413 beyond).
    pub max_body_bytes: usize,
    /// Most records in one change-feed page, and its approximate byte budget.
    pub changes_page: u64,
    pub changes_page_bytes: u64,
    /// Largest single backup upload.
    pub max_backup_bytes: u64,
    /// How often the server pings a connected device; one silent for two of these is dropped.
    pub device_heartbeat: Duration,
    /// How long an agent's call waits for the device's answer.
    pub device_call_timeout: Duration,
}

impl Default for ServerConfig {
    /// The seed's tier matrix (free, pro, power, team). Free has no cloud storage there, so a
    /// self-hosted server gives new accounts `pro` unless the operator says otherwise.
    fn default() -> Self {
        // The seed gives each paid tier the same gigabytes for records and for backups.
        let tier = |gb: Option<u64>, rpm| TierLimits {
            storage_bytes: gb.map(|g| g * GB),
            backup_bytes: gb.map(|g| g * GB),
            requests_per_minute: rpm,
        };
        Self {
            tiers: BTreeMap::from([
                ("free".to_owned(), tier(Some(0), 20)),
                ("pro".to_owned(), tier(Some(5), 60)),
                ("power".to_owned(), tier(Some(25), 120)),
                ("team".to_owned(), tier(None, 200)),
            ]),
            default_tier: "pro".to_owned(),
            // Generous enough for a household behind one address and for tests that sign in
            // several devices on loopback; a guesser still gets only 43 200 tries a day.
            auth_attempts_per_minute: 30,
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(30 * 24 * 3600),
            max_body_bytes: 16 * 1024 * 1024,
            changes_page: 1000,
            changes_page_bytes: 4 * 1024 * 1024,
            max_backup_bytes: 8 * GB,
            device_heartbeat: Duration::from_secs(20),
            device_call_timeout: Duration::from_secs(60),
        }
    }
}

impl ServerConfig {
    pub fn limits(&self, tier: &str) -> TierLimits {
        self.tiers.get(tier).cloned().unwrap_or(TierLimits {
            storage_bytes: Some(0),
            backup_bytes: Some(0),
            requests_per_minute: 20,
        })
    }
}

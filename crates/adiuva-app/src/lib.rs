//! Adiuva's application layer: one documented function per use case over the local
//! workspace. The desktop shell, the CLI and the tests all call these functions; none of
//! them touches the store directly.
//!
//! Every function validates first, writes inside one `BEGIN IMMEDIATE` transaction, and
//! announces what changed on the [`EventSink`] only after the commit. A refused request
//! writes nothing.

mod account;
mod agents;
mod backup;
mod backup_progress;
mod backup_schedule;
mod checkpoints;
mod clock;
mod comments;
mod device_channel;
mod error;
mod events;
mod latest_progress;
mod note_text;
mod notes;
mod paths;
mod projects;
mod provider_check;
mod providers;
mod search;
mod secrets;
mod sync;
mod sync_body;
mod sync_capture;
mod sync_progress;
mod sync_push;
mod sync_retry;
mod tasks;
mod tls_roots;
mod vault;
mod wal_checkpoints;

pub use account::{AccountStatus, CloudError};
pub use agents::{
    AgentDetail, AgentSummary, AgentTools, AssignmentEvent, AssignmentUpdated, CallGroup, Edit,
    GroupTools, ItemRef, LEDGER_LIMIT_MAX, LedgerQuery, LedgerReport, PendingItem, REVIEW_LIMIT,
    ReviewAlert, ReviewDone, ReviewNotice, ReviewTick, SNOOZE_MAX, Tagger,
};
pub use backup_progress::{BackupPhase, BackupProgress};
pub use clock::{Clock, FixedClock, ManualClock, SystemClock};
pub use device_channel::{AgentTokenEntry, ChannelState, ChannelStatus, DeviceChannel};
pub use error::{AppError, Conflict, Entity};
pub use events::{Change, EventSink, WorkspaceEvent};
pub use paths::{DATABASE_FILE, default_data_dir};
pub use provider_check::CHECK_TIMEOUT;
pub use providers::FREE_TIER_PROVIDERS;
pub use search::SEARCH_LIMIT_MAX;
pub use secrets::{KeyringError, OsKeyring, SecretStore};
pub use sync::{SyncError, SyncReport, SyncStatus};
pub use sync_progress::{SyncPhase, SyncProgress};
pub use sync_retry::transient;
pub use vault::{
    PassphraseStrength, RESEAL_BATCH, RecoveryKeyShown, RotationProgress, VaultError, VaultState,
    VaultStatus, passphrase_strength,
};

use adiuva_crypto::KdfParams;
use adiuva_store::{Connection, Transaction, TransactionBehavior};
use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};

/// An open workspace: the database of one data directory, a clock, an event sink, the OS
/// keyring, and the vault session (the vault key while unlocked, in memory only).
pub struct Workspace {
    conn: Mutex<Connection>,
    checkpoints: wal_checkpoints::WalCheckpoints,
    clock: Arc<dyn Clock>,
    events: Arc<dyn EventSink>,
    secrets: Arc<dyn SecretStore>,
    session: Mutex<vault::Session>,
    kdf: KdfParams,
    http_timeout: std::time::Duration,
    database: PathBuf,
    tagger: Option<Arc<dyn Tagger>>,
    channel: DeviceChannel,
    sync_progress: latest_progress::LatestProgress<sync_progress::SyncProgress>,
    backup_progress: latest_progress::LatestProgress<backup_progress::BackupProgress>,
    /// The sign-in's tokens while in use (the keyring holds them; see `account/tokens.rs`).
    tokens: Mutex<Option<account::HeldTokens>>,
    /// The sync server's client, by address (see `account::Workspace::cloud`).
    cloud: Mutex<Option<(String, Arc<account::Cloud>)>>,
}

impl Workspace {
    /// Opens the workspace of `data_dir`, creating the directory and the database on first
    /// use and migrating an older database to the current schema.
    pub fn open(data_dir: &Path) -> Result<Self, AppError> {
        std::fs::create_dir_all(data_dir).map_err(|source| AppError::DataDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let database = data_dir.join(DATABASE_FILE);
        let checkpoints = wal_checkpoints::WalCheckpoints::start(database.clone());
        let conn = adiuva_store::open(&database)?;
        checkpoints.watch(&conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            checkpoints,
            clock: Arc::new(SystemClock),
            events: Arc::new(events::NoEvents),
            secrets: Arc::new(OsKeyring::new()),
            session: Mutex::new(vault::Session::Locked),
            kdf: KdfParams::DEFAULT,
            http_timeout: CHECK_TIMEOUT,
            database,
            tagger: None,
            channel: DeviceChannel::new(),
            sync_progress: Default::default(),
            backup_progress: Default::default(),
            tokens: Mutex::new(None),
            cloud: Mutex::new(None),
        })
    }

    /// Uses `clock` for timestamps and "today" (tests and scripts pin it).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Announces every committed change to `events` (the desktop shell forwards them to the UI).
    pub fn with_events(mut self, events: Arc<dyn EventSink>) -> Self {
        self.events = events;
        self
    }

    /// Keeps device secrets in `secrets` instead of the OS keyring.
    pub fn with_secret_store(mut self, secrets: Arc<dyn SecretStore>) -> Self {
        self.secrets = secrets;
        self
    }

    /// Derives passphrase keys with `params` (never below the crypto crate's floor). Tests
    /// use the floor to run fast; the app keeps RFC 9106's second profile.
    pub fn with_kdf_params(mut self, params: KdfParams) -> Self {
        self.kdf = params;
        self
    }

    /// Waits at most `timeout` for providers to answer a test (tests shorten it).
    pub fn with_http_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.http_timeout = timeout;
        self
    }

    /// Hands new and re-tagged items to the internal `tagger` (while the setting allows it).
    pub fn with_tagger(mut self, tagger: Arc<dyn Tagger>) -> Self {
        self.tagger = Some(tagger);
        self
    }

    /// The database file this workspace lives in.
    pub fn database_path(&self) -> &Path {
        &self.database
    }

    /// Runs `f` in an immediate write transaction; commits on `Ok`, rolls back on `Err`.
    fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T, AppError>) -> Result<T, AppError> {
        // A poisoned lock only means another thread panicked mid-call; its transaction was
        // rolled back when dropped, so the connection is consistent.
        let conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        f(&conn)
    }

    fn session(&self) -> MutexGuard<'_, vault::Session> {
        self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn emit(&self, entity: Entity, id: impl ToString, change: Change) {
        self.events.emit(&WorkspaceEvent {
            entity,
            id: id.to_string(),
            change,
        });
    }
}

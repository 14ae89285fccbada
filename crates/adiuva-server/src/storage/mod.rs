//! Where the server keeps accounts, tokens, sealed records, vectors, backups, key envelopes and agent tokens, behind the
//! [`Storage`] trait so a PostgreSQL + S3-compatible implementation can follow the embedded
//! one (SQLite for metadata, a directory for blobs). Calls are blocking; handlers run them
//! on tokio's blocking pool.

mod agent_tokens;
mod backups;
mod blobs;
mod embedded;
mod rows;
mod vectors;

pub use embedded::EmbeddedStorage;

use std::path::{Path, PathBuf};

use adiuva_protocol::{
    AgentTokenInfo, BackupMetadata, ChangesPage, KdfInfo, KeyEnvelopeDoc, PushOutcome, RecordMeta,
    VectorEntry, VectorItem, VectorPage,
};

/// Why storage refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("an account with this email already exists")]
    EmailTaken,
    #[error("storage quota exceeded: {used} of {limit} bytes used")]
    QuotaExceeded { used: u64, limit: u64 },
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("migrating the database: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("blob directory: {0}")]
    Io(#[from] std::io::Error),
}

/// An account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub tier: String,
    pub used_bytes: u64,
    pub created_at: i64,
    pub kdf: KdfInfo,
}

/// A refresh token as stored (by its hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefreshRow {
    pub token_hash: [u8; 32],
    pub user_id: String,
    pub family: String,
    pub expires_at: i64,
    pub created_at: i64,
}

/// What presenting a refresh token did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshSpend {
    /// Valid and now spent: issue the next token in `family`.
    Spent { user_id: String, family: String },
    /// Already spent once: the whole family is now revoked (a stolen token was replayed).
    Reused,
    /// Unknown, expired or revoked.
    Invalid,
}

/// An agent token as stored (by its hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentTokenRow {
    pub id: String,
    pub user_id: String,
    pub token_hash: [u8; 32],
    pub agent_id: String,
    pub created_at: i64,
}

/// Whose a live agent token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentTokenOwner {
    pub user_id: String,
    pub tier: String,
    pub agent_id: String,
}

/// The version a write expects to replace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Whatever is there (the seed's plain update).
    Any,
    /// Exactly this version; 0 means the record must not exist yet.
    Version(u64),
}

/// One record write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordWrite {
    pub id: String,
    pub table: String,
    pub expect: Expect,
    pub clock: u64,
    pub blob: Vec<u8>,
    pub checksum: String,
}

/// The server's storage. Every method is one transaction for one user; nothing reads or
/// writes another user's rows.
pub trait Storage: Send + Sync + 'static {
    fn create_user(&self, user: &UserRow) -> Result<(), StorageError>;
    fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, StorageError>;
    fn user(&self, id: &str) -> Result<Option<UserRow>, StorageError>;

    fn insert_refresh(&self, token: &RefreshRow) -> Result<(), StorageError>;
    fn spend_refresh(&self, token_hash: &[u8; 32], now: i64) -> Result<RefreshSpend, StorageError>;

    /// Applies writes in order in one transaction: stale ones are answered and skipped, the
    /// rest accepted. A quota overrun refuses the whole batch.
    fn write_records(
        &self,
        user_id: &str,
        writes: Vec<RecordWrite>,
        quota: Option<u64>,
        now: i64,
    ) -> Result<Vec<PushOutcome>, StorageError>;
    /// Live records (not deleted), by table when given, in id order.
    fn list_records(
        &self,
        user_id: &str,
        table: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<RecordMeta>, StorageError>;
    fn record(
        &self,
        user_id: &str,
        id: &str,
    ) -> Result<Option<(RecordMeta, Vec<u8>)>, StorageError>;
    /// Marks the record deleted (the change feed reports it); `false` when there was none.
    fn delete_record(&self, user_id: &str, id: &str, now: i64) -> Result<bool, StorageError>;
    /// Changes after `since`, in sequence order, at most `limit` and about `max_bytes`.
    fn changes(
        &self,
        user_id: &str,
        since: u64,
        limit: u64,
        max_bytes: u64,
    ) -> Result<ChangesPage, StorageError>;
    /// How many changes there are after `since`.
    fn count_changes(&self, user_id: &str, since: u64) -> Result<u64, StorageError>;

    /// Writes every vector (checksums already verified, lowercase) in one transaction, each
    /// replacing the user's vector of the same id; a quota overrun (records and vectors
    /// together) writes none. Answers how many were written.
    fn upsert_vectors(
        &self,
        user_id: &str,
        vectors: Vec<VectorItem>,
        quota: Option<u64>,
        now: i64,
    ) -> Result<u64, StorageError>;
    /// A live vector with its blob.
    fn vector(&self, user_id: &str, id: &str) -> Result<Option<VectorEntry>, StorageError>;
    /// Vector writes and deletions after `since`, in sequence order, at most `limit` and about
    /// `max_bytes`.
    fn vectors_since(
        &self,
        user_id: &str,
        since: u64,
        limit: u64,
        max_bytes: u64,
    ) -> Result<VectorPage, StorageError>;
    /// Deletes the user's live vectors among `ids`; answers how many there were.
    fn delete_vectors(&self, user_id: &str, ids: &[String], now: i64) -> Result<u64, StorageError>;

    /// A fresh path to stream an upload into before it is checked (the embedded storage
    /// keeps blobs as files; an object-store implementation would stage a multipart upload).
    fn backup_staging(&self, user_id: &str) -> Result<PathBuf, StorageError>;
    /// Keeps a checked upload as a backup, unless the user's backups would pass `quota`
    /// (then the staged file is removed and nothing is kept).
    fn add_backup(
        &self,
        user_id: &str,
        meta: &BackupMetadata,
        staged: &Path,
        quota: Option<u64>,
    ) -> Result<(), StorageError>;
    /// The user's backups, newest snapshot first.
    fn backups(&self, user_id: &str) -> Result<Vec<BackupMetadata>, StorageError>;
    /// Where a backup's blob is, to stream it.
    fn backup_file(&self, user_id: &str, id: &str) -> PathBuf;
    fn delete_backup(&self, user_id: &str, id: &str) -> Result<bool, StorageError>;

    fn insert_agent_token(&self, row: &AgentTokenRow) -> Result<(), StorageError>;
    /// The user, tier and device-side agent id of a token that is not revoked.
    fn agent_token(&self, token_hash: &[u8; 32]) -> Result<Option<AgentTokenOwner>, StorageError>;
    /// The user's live tokens, oldest first.
    fn agent_tokens(&self, user_id: &str) -> Result<Vec<AgentTokenInfo>, StorageError>;
    /// Revokes the user's token `id`; `false` when the user has no such live token.
    fn revoke_agent_token(&self, user_id: &str, id: &str, now: i64) -> Result<bool, StorageError>;

    fn envelope(&self, user_id: &str) -> Result<Option<KeyEnvelopeDoc>, StorageError>;
    /// Replaces the password hash, the derivation parameters and the envelope in one
    /// transaction if the envelope is at `expected_version`; otherwise answers its version.
    fn update_credentials(
        &self,
        user_id: &str,
        password_hash: &str,
        kdf: &KdfInfo,
        envelope: &[u8],
        expected_version: u64,
        now: i64,
    ) -> Result<Result<u64, u64>, StorageError>;
    /// Stores the envelope if `expected_version` is current; otherwise answers the current
    /// version as `Err`.
    fn put_envelope(
        &self,
        user_id: &str,
        vault_id: &str,
        envelope: &[u8],
        expected_version: u64,
        now: i64,
    ) -> Result<Result<u64, u64>, StorageError>;
}

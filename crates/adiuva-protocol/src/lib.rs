//! The wire types the device and the cloud server share, under `/api/v1`: accounts and
//! tokens, sealed records (the seed's storage contract plus a batch push and a change feed),
//! sealed vectors and their feed, the vault's key envelope, backups, agent tokens and the
//! device channel, and the error body.
//! Blobs travel as standard base64 in JSON.
//!
//! Nothing here can hold plaintext: every blob is an envelope sealed on the device.
//!
//! The `openapi` feature derives their schemas for the server's OpenAPI document; without it
//! the crate is serde alone (devices and the wasm UI use it so).

mod channel;

pub use channel::{
    AgentTokenCreated, AgentTokenInfo, AgentTokenList, AgentTokenRequest, DeviceBound, ServerBound,
};

use serde::{Deserialize, Serialize};

/// Serde for `Vec<u8>` as standard base64 text.
pub mod b64 {
    use base64::{Engine, engine::general_purpose::STANDARD};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD
            .decode(text.as_bytes())
            .map_err(|e| D::Error::custom(format!("invalid base64: {e}")))
    }
}

/// `GET /health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// `POST /auth/login`. `password` is the authentication key the
/// device derives from the passphrase (hex); the passphrase itself never leaves the device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Credentials {
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[^@]+@[^@]+$", max_length = 254)
    )]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 16, max_length = 512))]
    pub password: String,
}

/// The passphrase derivation's parameters and salt (not secret): stored at registration and
/// handed out before sign-in so a new device can derive the authentication key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KdfInfo {
    #[cfg_attr(feature = "openapi", schema(minimum = 19456, maximum = 4194304))]
    pub memory_kib: u32,
    #[cfg_attr(feature = "openapi", schema(minimum = 2, maximum = 64))]
    pub iterations: u32,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 64))]
    pub lanes: u32,
    #[serde(with = "b64")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Byte, pattern = "^[A-Za-z0-9+/]{21}[AQgw]==$"))]
    pub salt: Vec<u8>,
}

/// `POST /auth/register`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Registration {
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[^@]+@[^@]+$", max_length = 254)
    )]
    pub email: String,
    /// The device-derived authentication key (hex).
    #[cfg_attr(feature = "openapi", schema(min_length = 16, max_length = 512))]
    pub password: String,
    pub kdf: KdfInfo,
}

/// `POST /auth/credentials`: after a passphrase change or a key rotation, the new
/// authentication key, its derivation parameters and the new envelope, replaced together so
/// they always agree. `expected_version` is the envelope's current version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CredentialsUpdate {
    #[cfg_attr(feature = "openapi", schema(min_length = 16, max_length = 512))]
    pub password: String,
    pub kdf: KdfInfo,
    #[serde(with = "b64")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Byte, min_length = 4, max_length = 5464))]
    pub envelope: Vec<u8>,
    pub expected_version: u64,
}

/// `POST /auth/params`: answers a [`KdfInfo`] for any email (a made-up one for unknown
/// emails, always the same, so the answer does not reveal who has an account).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParamsRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[^@]+@[^@]+$", max_length = 254)
    )]
    pub email: String,
}

/// `POST /auth/refresh`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Tokens for an account: a short-lived access token (JWT) and a one-use refresh token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthTokens {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
}

/// `GET /auth/me`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserProfile {
    pub id: String,
    pub email: String,
    pub tier: String,
    pub storage_used_bytes: u64,
    /// `None`: unlimited.
    pub storage_limit_bytes: Option<u64>,
    pub created_at: i64,
}

/// `POST /storage/records` (the seed's create).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StorageRecordCreate {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_]{1,64}$"))]
    pub table: String,
    #[serde(with = "b64")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Byte))]
    pub blob: Vec<u8>,
    /// `sha256(blob)`, lowercase hex.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-fA-F]{64}$"))]
    pub checksum: String,
}

/// `PUT /storage/records/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StorageRecordUpdate {
    #[serde(with = "b64")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Byte))]
    pub blob: Vec<u8>,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-fA-F]{64}$"))]
    pub checksum: String,
}

/// The answer to a create.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Created {
    pub id: String,
    pub created_at: i64,
}

/// `{ "ok": true }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Done {
    pub ok: bool,
}

/// One record's metadata (no blob).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordMeta {
    pub id: String,
    pub table: String,
    pub checksum: String,
    pub version: u64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One record of a batch push. `expected_version` is the version the device last saw (0 for
/// a record the server has never held); a different current version makes it stale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRecord {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[!-.0-~]{1,200}$"))]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_]{1,64}$"))]
    pub table: String,
    pub expected_version: u64,
    /// The record clock the blob was sealed under (bound into its associated data).
    #[serde(default)]
    pub clock: u64,
    #[serde(with = "b64")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Byte))]
    pub blob: Vec<u8>,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-fA-F]{64}$"))]
    pub checksum: String,
}

/// `POST /storage/push`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub records: Vec<PushRecord>,
}

/// What happened to one pushed record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PushOutcome {
    Accepted {
        id: String,
        version: u64,
        seq: u64,
    },
    /// Someone else wrote first: pull, merge, and push again on `current_version`.
    Stale {
        id: String,
        current_version: u64,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub results: Vec<PushOutcome>,
}

/// One entry of the change feed: the record's current sealed blob, or its deletion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    pub id: String,
    pub table: String,
    pub version: u64,
    /// The record clock the blob was sealed under, as pushed.
    pub clock: u64,
    pub seq: u64,
    pub checksum: String,
    pub deleted: bool,
    #[serde(default, with = "option_b64", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Byte))]
    pub blob: Option<Vec<u8>>,
}

/// `GET /storage/changes?since=&limit=&count=`: changes after the cursor, in server order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangesPage {
    pub changes: Vec<Change>,
    /// The cursor to ask from next.
    pub next: u64,
    /// More changes wait after `next`.
    pub more: bool,
    /// With `count=true`: how many changes there are after `since`, this page's included (a
    /// device's first pull shows its progress against it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}

/// `GET /vault/envelope`: the vault's key envelope (ciphertext) and its version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyEnvelopeDoc {
    /// The vault's id (hex), bound into every sealed record's associated data.
    pub vault_id: String,
    #[serde(with = "b64")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Byte))]
    pub envelope: Vec<u8>,
    pub version: u64,
}

/// `PUT /vault/envelope`; `expected_version` 0 creates it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyEnvelopePut {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-fA-F]{32}$"))]
    pub vault_id: String,
    #[serde(with = "b64")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Byte, min_length = 4, max_length = 5464))]
    pub envelope: Vec<u8>,
    pub expected_version: u64,
}

/// One vector of `POST /storage/vectors/upsert`: an embedding and what it describes, sealed on
/// the device. `model` and `dimension` are kept as opaque metadata so a device can tell which
/// embeddings it may reuse without opening them; the device binds both (with the id and
/// `clock`) into the blob's associated data, so the server cannot change them unnoticed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VectorItem {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[!-.0-~]{1,200}$"))]
    pub id: String,
    /// The embedding model's id (e.g. `all-minilm-l6-v2`).
    #[cfg_attr(feature = "openapi", schema(pattern = "^[!-~]{1,200}$"))]
    pub model: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 65536))]
    pub dimension: u32,
    /// The clock the blob was sealed under.
    #[serde(default)]
    pub clock: u64,
    #[serde(with = "b64")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Byte))]
    pub blob: Vec<u8>,
    /// `sha256(blob)`, lowercase hex.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-fA-F]{64}$"))]
    pub checksum: String,
}

/// `POST /storage/vectors/upsert` (the seed's shape, plus the model and dimension per item).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VectorUpsertRequest {
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub vectors: Vec<VectorItem>,
}

/// The answer to an upsert: how many vectors were written (all of them, or none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VectorUpsertResponse {
    pub upserted: u64,
}

/// `DELETE /storage/vectors`: the ids to delete (unknown ones are ignored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VectorDeleteRequest {
    #[cfg_attr(feature = "openapi", schema(max_items = 1000))]
    pub ids: Vec<String>,
}

/// The answer to a delete: the seed's `{ok: true}` and how many vectors existed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VectorsDeleted {
    pub ok: bool,
    pub deleted: u64,
}

/// One stored vector (`GET /storage/vectors/{id}`) or one entry of the vector feed: its sealed
/// blob, or its deletion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VectorEntry {
    pub id: String,
    pub model: String,
    pub dimension: u32,
    pub clock: u64,
    /// Its place in the user's vector feed.
    pub seq: u64,
    pub checksum: String,
    pub deleted: bool,
    #[serde(default, with = "option_b64", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Byte))]
    pub blob: Option<Vec<u8>>,
}

/// `GET /storage/vectors?since=&limit=`: vectors written or deleted after the cursor, in
/// server order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VectorPage {
    pub vectors: Vec<VectorEntry>,
    /// The cursor to ask from next.
    pub next: u64,
    /// More entries wait after `next`.
    pub more: bool,
}

/// One stored backup (`GET /backup/history`; the blob itself is `GET /backup`). Uploaded with
/// `PUT /backup` and the headers `X-Backup-Version`, `X-Backup-Timestamp`,
/// `X-Backup-Checksum` (sha256 of the body) and optionally `X-Backup-Chunks`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BackupMetadata {
    pub id: String,
    /// The backup format's version, as the device sent it.
    pub version: u32,
    /// When the device took the snapshot (ms since 1970).
    pub timestamp: i64,
    pub checksum: String,
    pub chunk_count: u64,
    pub size_bytes: u64,
    /// When the server stored it (ms since 1970).
    pub created_at: i64,
}

/// Every error answer: `{ "error": { "code": "...", "message": "..." } }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable, for callers to branch on (`checksum_mismatch`, `rate_limited`, …).
    pub code: String,
    pub message: String,
}

mod option_b64 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        bytes: &Option<Vec<u8>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(bytes) => super::b64::serialize(bytes, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<u8>>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(with = "super::b64")] Vec<u8>);
        Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|w| w.0))
    }
}

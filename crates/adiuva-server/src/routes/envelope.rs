//! `/vault/envelope`: the vault's key envelope (the vault key wrapped on the device), so a new
//! device can check a passphrase before it writes anything. Versioned against clobbering.

use adiuva_protocol::{KeyEnvelopeDoc, KeyEnvelopePut};
use axum::{Json, extract::State};

use crate::{
    error::ApiError,
    extract::{AuthUser, JsonBody},
    openapi::{BadRequest, Conflict, NotFound, RateLimited, TooLarge, Unauthorized},
    state::AppState,
};

/// Key envelopes are a few hundred bytes; anything far larger is not one.
const MAX_ENVELOPE: usize = 4096;

/// The vault's key envelope, for a new device to check its passphrase against.
#[utoipa::path(
    get,
    path = "/vault/envelope",
    operation_id = "get_envelope",
    tag = "vault",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The envelope and its version", body = KeyEnvelopeDoc),
        Unauthorized,
        NotFound,
        RateLimited,
    )
)]
pub async fn download(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<KeyEnvelopeDoc>, ApiError> {
    state
        .store(move |s| s.envelope(&user.id))
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// Stores the envelope if `expected_version` is its current version (0 creates it).
#[utoipa::path(
    put,
    path = "/vault/envelope",
    operation_id = "put_envelope",
    tag = "vault",
    request_body = KeyEnvelopePut,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Stored; its new version", body = KeyEnvelopeDoc),
        BadRequest,
        Unauthorized,
        Conflict,
        TooLarge,
        RateLimited,
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(put): JsonBody<KeyEnvelopePut>,
) -> Result<Json<KeyEnvelopeDoc>, ApiError> {
    let hex_id = put.vault_id.len() == 32 && put.vault_id.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex_id {
        return Err(ApiError::bad(
            "invalid_vault_id",
            "a vault id is 32 hexadecimal characters",
        ));
    }
    if put.envelope.is_empty() || put.envelope.len() > MAX_ENVELOPE {
        return Err(ApiError::bad(
            "invalid_envelope",
            format!("a key envelope is 1 to {MAX_ENVELOPE} bytes"),
        ));
    }
    super::check_int64(put.expected_version, "expected_version")?;
    let now = state.now_ms();
    let (envelope, vault_id) = (put.envelope.clone(), put.vault_id.to_lowercase());
    let stored_id = vault_id.clone();
    match state
        .store(move |s| s.put_envelope(&user.id, &stored_id, &envelope, put.expected_version, now))
        .await?
    {
        Ok(version) => Ok(Json(KeyEnvelopeDoc {
            vault_id,
            envelope: put.envelope,
            version,
        })),
        Err(current) => Err(ApiError::Conflict {
            code: "version_conflict",
            message: format!("the envelope is at version {current}; fetch it and retry"),
        }),
    }
}

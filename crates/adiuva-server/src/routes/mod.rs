//! The API under `/api/v1`.

mod accounts;
mod agents;
mod backups;
mod channel;
mod envelope;
mod records;
mod sync;
mod vectors;

use std::sync::OnceLock;

use adiuva_protocol::Health;
use axum::{
    Json, Router,
    extract::DefaultBodyLimit,
    http::header::CONTENT_TYPE,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{error::ApiError, openapi::ApiDoc, state::AppState};

/// Every route, each registered from its handler's `#[utoipa::path]` (path, method and
/// documentation in one place): a route added here is documented, and no route is added any
/// other way (the server's `openapi` test scans the sources for axum's own `route` calls).
fn documented() -> OpenApiRouter<AppState> {
    let api = OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(openapi_json))
        .routes(routes!(accounts::params))
        .routes(routes!(accounts::register))
        .routes(routes!(accounts::login))
        .routes(routes!(accounts::refresh))
        .routes(routes!(accounts::me))
        .routes(routes!(accounts::update_credentials))
        .routes(routes!(records::create, records::list))
        .routes(routes!(records::download, records::update, records::delete))
        .routes(routes!(sync::push))
        .routes(routes!(sync::changes))
        .routes(routes!(vectors::upsert))
        .routes(routes!(vectors::list, vectors::delete))
        .routes(routes!(vectors::get))
        .routes(routes!(envelope::download, envelope::upload))
        .routes(routes!(backups::latest, backups::upload))
        .routes(routes!(backups::history))
        .routes(routes!(backups::delete))
        .routes(routes!(agents::create_token, agents::list_tokens))
        .routes(routes!(agents::revoke_token))
        .routes(routes!(agents::mcp))
        .routes(routes!(channel::open));
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", api)
}

/// The OpenAPI document of what [`router`] serves.
pub(crate) fn openapi() -> utoipa::openapi::OpenApi {
    documented().into_openapi()
}

pub fn router(state: AppState) -> Router {
    let max_body = state.0.config.max_body_bytes;
    let (api, _) = documented().split_for_parts();
    api.fallback(|| async { ApiError::NoSuchRoute })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn(crate::unread::close_unread))
        .with_state(state)
}

/// Whether the server is up, and its version.
#[utoipa::path(
    get,
    path = "/health",
    operation_id = "health",
    tag = "server",
    responses((status = 200, description = "The server is up", body = Health))
)]
async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// This document: every route with its request, answers, refusals and security.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "openapi",
    tag = "server",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json"))
)]
async fn openapi_json() -> Result<Response, ApiError> {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let text = match DOCUMENT.get() {
        Some(text) => text,
        None => {
            let text = openapi()
                .to_json()
                .map_err(|e| ApiError::Internal(format!("the OpenAPI document: {e}")))?;
            DOCUMENT.get_or_init(|| text)
        }
    };
    Ok(([(CONTENT_TYPE, "application/json")], text.as_str()).into_response())
}

/// Refuses a blob whose sha256 is not the checksum sent with it.
fn verify_checksum(blob: &[u8], checksum: &str) -> Result<(), ApiError> {
    let actual = hex::encode(Sha256::digest(blob));
    if actual.eq_ignore_ascii_case(checksum) {
        Ok(())
    } else {
        Err(ApiError::ChecksumMismatch)
    }
}

/// Counters, versions and clocks live in SQLite's signed 64-bit integers (and the document
/// says int64): a larger one is refused rather than clipped.
fn check_int64(value: u64, what: &str) -> Result<u64, ApiError> {
    if i64::try_from(value).is_ok() {
        Ok(value)
    } else {
        Err(ApiError::bad(
            "out_of_range",
            format!("{what} is larger than 2^63 - 1"),
        ))
    }
}

/// Record ids: 1–200 printable ASCII characters without `/`.
fn check_id(id: &str) -> Result<(), ApiError> {
    let ok =
        !id.is_empty() && id.len() <= 200 && id.bytes().all(|b| b.is_ascii_graphic() && b != b'/');
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad(
            "invalid_id",
            "record ids are 1 to 200 printable ASCII characters without '/'",
        ))
    }
}

/// Table names: `[a-z0-9_]{1,64}`.
fn check_table(table: &str) -> Result<(), ApiError> {
    let ok = !table.is_empty()
        && table.len() <= 64
        && table
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad(
            "invalid_table",
            "table names are 1 to 64 characters of a-z, 0-9 and _",
        ))
    }
}

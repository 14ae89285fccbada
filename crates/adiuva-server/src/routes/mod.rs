//! The API under `/api/v1`.

mod accounts;
mod backups;
mod envelope;
mod records;
mod sync;
mod vectors;

use adiuva_protocol::Health;
use axum::{
    Json, Router,
    extract::DefaultBodyLimit,
    routing::{get, post},
};
use sha2::{Digest, Sha256};

use crate::{error::ApiError, state::AppState};

pub fn router(state: AppState) -> Router {
    let max_body = state.0.config.max_body_bytes;
    let api = Router::new()
        .route("/health", get(health))
        .route("/auth/params", post(accounts::params))
        .route("/auth/register", post(accounts::register))
        .route("/auth/login", post(accounts::login))
        .route("/auth/refresh", post(accounts::refresh))
        .route("/auth/me", get(accounts::me))
        .route("/auth/credentials", post(accounts::update_credentials))
        .route("/storage/records", post(records::create).get(records::list))
        .route(
            "/storage/records/{id}",
            get(records::download)
                .put(records::update)
                .delete(records::delete),
        )
        .route("/backup", get(backups::latest).put(backups::upload))
        .route("/backup/history", get(backups::history))
        .route("/backup/{id}", axum::routing::delete(backups::delete))
        .route("/storage/push", post(sync::push))
        .route("/storage/changes", get(sync::changes))
        .route("/storage/vectors/upsert", post(vectors::upsert))
        .route(
            "/storage/vectors",
            get(vectors::list).delete(vectors::delete),
        )
        .route("/storage/vectors/{id}", get(vectors::get))
        .route(
            "/vault/envelope",
            get(envelope::download).put(envelope::upload),
        );
    Router::new()
        .nest("/api/v1", api)
        .fallback(|| async { ApiError::NotFound })
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
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

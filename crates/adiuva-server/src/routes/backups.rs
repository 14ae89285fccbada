//! `/backup`: upload a sealed snapshot (streamed to disk, checksummed, within the tier's
//! backup allowance), download the latest (honouring `If-Modified-Since`), list the history,
//! delete one.

use std::time::{Duration, UNIX_EPOCH};

use adiuva_protocol::{BackupMetadata, Done};
use axum::{
    Json,
    body::Body,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use http_body_util::BodyExt;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::check_id;
use crate::{
    error::ApiError,
    extract::{AuthUser, IdPath},
    openapi::{BadRequest, NotFound, QuotaExceeded, RateLimited, Sealed, TooLarge, Unauthorized},
    state::AppState,
};

fn header_value<T: std::str::FromStr>(headers: &HeaderMap, name: &str) -> Result<T, ApiError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| {
            ApiError::bad(
                "invalid_backup_headers",
                format!("{name} is missing or not a number"),
            )
        })
}

/// Streams `body` into `path`, hashing as it goes; refuses more than `max` bytes.
async fn stream_to_file(
    body: Body,
    path: &std::path::Path,
    max: u64,
) -> Result<(u64, String), ApiError> {
    let io = |e: std::io::Error| ApiError::Internal(format!("staging a backup: {e}"));
    let mut file = tokio::fs::File::create(path).await.map_err(io)?;
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut body = body;
    while let Some(frame) = body.frame().await {
        let frame = frame
            .map_err(|e| ApiError::bad("invalid_body", format!("the upload broke off: {e}")))?;
        if let Ok(data) = frame.into_data() {
            size += data.len() as u64;
            if size > max {
                return Err(ApiError::TooLarge(
                    usize::try_from(max).unwrap_or(usize::MAX),
                ));
            }
            hasher.update(&data);
            file.write_all(&data).await.map_err(io)?;
        }
    }
    file.sync_data().await.map_err(io)?;
    let checksum = hex::encode(hasher.finalize());
    Ok((size, checksum))
}

/// Uploads a sealed snapshot; kept only if its sha256 is `X-Backup-Checksum` and the tier's
/// backup allowance holds.
#[utoipa::path(
    put,
    path = "/backup",
    operation_id = "upload_backup",
    tag = "backups",
    params(
        ("X-Backup-Version" = u32, Header, description = "The backup format's version"),
        ("X-Backup-Timestamp" = i64, Header, description = "When the snapshot was taken (ms since 1970)"),
        ("X-Backup-Checksum" = String, Header, description = "sha256 of the body, hex"),
        ("X-Backup-Chunks" = Option<u64>, Header, description = "How many sealed chunks the body holds"),
    ),
    request_body(content = inline(Sealed), content_type = "application/octet-stream",
        description = "The sealed snapshot"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Kept", body = BackupMetadata),
        BadRequest,
        Unauthorized,
        QuotaExceeded,
        TooLarge,
        RateLimited,
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<BackupMetadata>, ApiError> {
    let quota = state.0.config.limits(&user.tier).backup_bytes;
    if quota == Some(0) {
        return Err(ApiError::QuotaExceeded { used: 0, limit: 0 });
    }
    // Within the document's int32 and int64, as the metadata database keeps them.
    let version: u32 = header_value(&headers, "x-backup-version")?;
    if i32::try_from(version).is_err() {
        return Err(ApiError::bad(
            "invalid_backup_headers",
            "x-backup-version is larger than 2^31 - 1",
        ));
    }
    let timestamp: i64 = header_value(&headers, "x-backup-timestamp")?;
    let chunk_count: u64 = match headers.get("x-backup-chunks") {
        Some(_) => header_value(&headers, "x-backup-chunks")?,
        None => 0,
    };
    super::check_int64(chunk_count, "x-backup-chunks")?;
    let expected: String = header_value(&headers, "x-backup-checksum")?;
    let max = state.0.config.max_backup_bytes;
    let declared: Option<u64> = header_value(&headers, "content-length").ok();
    if declared.is_some_and(|length| length > max) {
        return Err(ApiError::TooLarge(
            usize::try_from(max).unwrap_or(usize::MAX),
        ));
    }
    let id = user.id.clone();
    let staged = state.store(move |s| s.backup_staging(&id)).await?;
    let streamed = stream_to_file(body, &staged, max).await;
    let (size, checksum) = match streamed {
        Ok(done) if done.1.eq_ignore_ascii_case(&expected) => done,
        Ok(_) => {
            let _ = std::fs::remove_file(&staged);
            return Err(ApiError::ChecksumMismatch);
        }
        Err(err) => {
            let _ = std::fs::remove_file(&staged);
            return Err(err);
        }
    };
    let meta = BackupMetadata {
        id: uuid::Uuid::now_v7().to_string(),
        version,
        timestamp,
        checksum,
        chunk_count,
        size_bytes: size,
        created_at: state.now_ms(),
    };
    let kept = meta.clone();
    state
        .store(move |s| s.add_backup(&user.id, &kept, &staged, quota))
        .await?;
    Ok(Json(meta))
}

/// The newest backup's sealed bytes, its metadata in headers; 304 when it is not newer than
/// `If-Modified-Since`.
#[utoipa::path(
    get,
    path = "/backup",
    operation_id = "latest_backup",
    tag = "backups",
    params(("If-Modified-Since" = Option<String>, Header, description = "An HTTP date")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The newest backup", content_type = "application/octet-stream",
            body = inline(Sealed),
            headers(
                ("Last-Modified" = String, description = "When the server stored it"),
                ("X-Backup-Id" = String),
                ("X-Backup-Version" = u32),
                ("X-Backup-Timestamp" = i64),
                ("X-Backup-Checksum" = String, description = "sha256 of the body, hex"),
                ("X-Backup-Chunks" = u64),
            )),
        (status = 304, description = "Not newer than If-Modified-Since"),
        Unauthorized,
        NotFound,
        RateLimited,
    )
)]
pub async fn latest(
    State(state): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = user.id.clone();
    let newest = state
        .store(move |s| s.backups(&id))
        .await?
        .into_iter()
        .next()
        .ok_or(ApiError::NotFound)?;
    let stored_at =
        UNIX_EPOCH + Duration::from_millis(u64::try_from(newest.created_at).unwrap_or(0));
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    // HTTP dates have whole seconds: compare at that precision.
    let stored_secs = newest.created_at / 1000;
    if let Some(since) = since
        && since.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
            >= u64::try_from(stored_secs).unwrap_or(0)
    {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let path = state.0.storage.backup_file(&user.id, &newest.id);
    let file = tokio::fs::File::open(&path)
        .await
        .map_err(|e| ApiError::Internal(format!("opening backup {}: {e}", newest.id)))?;
    let mut response = Body::from_stream(tokio_util::io::ReaderStream::new(file)).into_response();
    let out = response.headers_mut();
    let mut set = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            out.insert(name, value);
        }
    };
    set("content-type", "application/octet-stream".to_owned());
    set("content-length", newest.size_bytes.to_string());
    set("last-modified", httpdate::fmt_http_date(stored_at));
    set("x-backup-id", newest.id.clone());
    set("x-backup-version", newest.version.to_string());
    set("x-backup-timestamp", newest.timestamp.to_string());
    set("x-backup-checksum", newest.checksum.clone());
    set("x-backup-chunks", newest.chunk_count.to_string());
    Ok(response)
}

/// Every backup of the user, newest first.
#[utoipa::path(
    get,
    path = "/backup/history",
    operation_id = "backup_history",
    tag = "backups",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The backups", body = Vec<BackupMetadata>),
        Unauthorized,
        RateLimited,
    )
)]
pub async fn history(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<BackupMetadata>>, ApiError> {
    Ok(Json(state.store(move |s| s.backups(&user.id)).await?))
}

/// Deletes one backup.
#[utoipa::path(
    delete,
    path = "/backup/{id}",
    operation_id = "delete_backup",
    tag = "backups",
    params(("id" = String, Path, pattern = "^[!-.0-~]{1,200}$", description = "The backup's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Deleted", body = Done),
        BadRequest,
        Unauthorized,
        NotFound,
        RateLimited,
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath,
) -> Result<Json<Done>, ApiError> {
    check_id(&id)?;
    state
        .store(move |s| s.delete_backup(&user.id, &id))
        .await?
        .then_some(Json(Done { ok: true }))
        .ok_or(ApiError::NotFound)
}

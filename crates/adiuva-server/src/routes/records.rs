//! `/storage/records`: the seed's one-record-at-a-time contract (create, list metadata,
//! download, update, delete), each checksum-verified and within the tier's quota.

use adiuva_protocol::{Created, Done, RecordMeta, StorageRecordCreate, StorageRecordUpdate};
use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderValue, header::CONTENT_TYPE},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{check_id, check_table, verify_checksum};
use crate::{
    error::ApiError,
    extract::{AuthUser, JsonBody, QueryParams},
    state::AppState,
    storage::{Expect, RecordWrite},
};

#[derive(Deserialize)]
pub struct ListQuery {
    table: Option<String>,
    page: Option<u64>,
    limit: Option<u64>,
}

const MAX_LIST: u64 = 1000;

pub async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(input): JsonBody<StorageRecordCreate>,
) -> Result<Json<Created>, ApiError> {
    check_table(&input.table)?;
    verify_checksum(&input.blob, &input.checksum)?;
    let id = uuid::Uuid::now_v7().to_string();
    let write = RecordWrite {
        id: id.clone(),
        table: input.table,
        expect: Expect::Version(0),
        clock: 0,
        blob: input.blob,
        checksum: input.checksum.to_lowercase(),
    };
    let quota = state.0.config.limits(&user.tier).storage_bytes;
    let now = state.now_ms();
    state
        .store(move |s| s.write_records(&user.id, vec![write], quota, now))
        .await?;
    Ok(Json(Created {
        id,
        created_at: now,
    }))
}

pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    QueryParams(query): QueryParams<ListQuery>,
) -> Result<Json<Vec<RecordMeta>>, ApiError> {
    if let Some(table) = &query.table {
        check_table(table)?;
    }
    let limit = query.limit.unwrap_or(100);
    if !(1..=MAX_LIST).contains(&limit) {
        return Err(ApiError::bad("invalid_limit", "limit is 1 to 1000"));
    }
    let page = query.page.unwrap_or(1).max(1);
    let offset = (page - 1).saturating_mul(limit);
    let rows = state
        .store(move |s| s.list_records(&user.id, query.table.as_deref(), offset, limit))
        .await?;
    Ok(Json(rows))
}

pub async fn download(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    check_id(&id)?;
    let (meta, blob) = state
        .store(move |s| s.record(&user.id, &id))
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut response = blob.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(value) = HeaderValue::from_str(&meta.checksum) {
        headers.insert("x-checksum", value);
    }
    Ok(response)
}

pub async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<StorageRecordUpdate>,
) -> Result<Json<Done>, ApiError> {
    check_id(&id)?;
    verify_checksum(&input.blob, &input.checksum)?;
    let quota = state.0.config.limits(&user.tier).storage_bytes;
    let now = state.now_ms();
    state
        .store(move |s| {
            let Some((meta, _)) = s.record(&user.id, &id)? else {
                return Ok(false);
            };
            let write = RecordWrite {
                id,
                table: meta.table,
                expect: Expect::Any,
                clock: 0,
                blob: input.blob,
                checksum: input.checksum.to_lowercase(),
            };
            s.write_records(&user.id, vec![write], quota, now)?;
            Ok(true)
        })
        .await?
        .then_some(Json(Done { ok: true }))
        .ok_or(ApiError::NotFound)
}

pub async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Done>, ApiError> {
    check_id(&id)?;
    let now = state.now_ms();
    state
        .store(move |s| s.delete_record(&user.id, &id, now))
        .await?
        .then_some(Json(Done { ok: true }))
        .ok_or(ApiError::NotFound)
}

//! `/storage/records`: the seed's one-record-at-a-time contract (create, list metadata,
//! download, update, delete), each checksum-verified and within the tier's quota.

use adiuva_protocol::{Created, Done, RecordMeta, StorageRecordCreate, StorageRecordUpdate};
use axum::{
    Json,
    extract::State,
    http::{HeaderValue, header::CONTENT_TYPE},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{check_id, check_int64, check_table, verify_checksum};
use crate::{
    error::ApiError,
    extract::{AuthUser, IdPath, JsonBody, QueryParams},
    openapi::{BadRequest, NotFound, QuotaExceeded, RateLimited, Sealed, TooLarge, Unauthorized},
    state::AppState,
    storage::{Expect, RecordWrite},
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only records of this table.
    #[param(pattern = "^[a-z0-9_]{1,64}$")]
    table: Option<String>,
    /// 1-based page of `limit` records, in id order.
    page: Option<u64>,
    /// 1 to 1000; 100 when absent.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u64>,
}

const MAX_LIST: u64 = 1000;

/// Stores a new sealed record under a new id.
#[utoipa::path(
    post,
    path = "/storage/records",
    operation_id = "create_record",
    tag = "records",
    request_body = StorageRecordCreate,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Stored", body = Created),
        BadRequest,
        Unauthorized,
        QuotaExceeded,
        TooLarge,
        RateLimited,
    )
)]
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

/// Metadata of the live records (no blobs), in id order.
#[utoipa::path(
    get,
    path = "/storage/records",
    operation_id = "list_records",
    tag = "records",
    params(ListQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of record metadata", body = Vec<RecordMeta>),
        BadRequest,
        Unauthorized,
        RateLimited,
    )
)]
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
    let page = check_int64(query.page.unwrap_or(1), "page")?.max(1);
    let offset = (page - 1).saturating_mul(limit);
    let rows = state
        .store(move |s| s.list_records(&user.id, query.table.as_deref(), offset, limit))
        .await?;
    Ok(Json(rows))
}

/// A record's sealed blob, with its checksum in `X-Checksum`.
#[utoipa::path(
    get,
    path = "/storage/records/{id}",
    operation_id = "download_record",
    tag = "records",
    params(("id" = String, Path, pattern = "^[!-.0-~]{1,200}$", description = "The record's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The sealed blob", content_type = "application/octet-stream",
            body = inline(Sealed),
            headers(("X-Checksum" = String, description = "sha256 of the blob, lowercase hex"))),
        BadRequest,
        Unauthorized,
        NotFound,
        RateLimited,
    )
)]
pub async fn download(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath,
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

/// Replaces a record's sealed blob.
#[utoipa::path(
    put,
    path = "/storage/records/{id}",
    operation_id = "update_record",
    tag = "records",
    params(("id" = String, Path, pattern = "^[!-.0-~]{1,200}$", description = "The record's id")),
    request_body = StorageRecordUpdate,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Replaced", body = Done),
        BadRequest,
        Unauthorized,
        QuotaExceeded,
        NotFound,
        TooLarge,
        RateLimited,
    )
)]
pub async fn update(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath,
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

/// Deletes a record (the change feed reports the deletion).
#[utoipa::path(
    delete,
    path = "/storage/records/{id}",
    operation_id = "delete_record",
    tag = "records",
    params(("id" = String, Path, pattern = "^[!-.0-~]{1,200}$", description = "The record's id")),
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
    let now = state.now_ms();
    state
        .store(move |s| s.delete_record(&user.id, &id, now))
        .await?
        .then_some(Json(Done { ok: true }))
        .ok_or(ApiError::NotFound)
}

//! `/storage/vectors`: sealed embeddings (upsert, the feed since a cursor, one by id, delete),
//! so a second device need not compute them again. Never searched here: the server cannot
//! open them, and search runs on the device. Counted in the tier's storage quota.

use adiuva_protocol::{
    VectorDeleteRequest, VectorEntry, VectorPage, VectorUpsertRequest, VectorUpsertResponse,
    VectorsDeleted,
};
use axum::{
    Json,
    extract::{Path, State},
};
use serde::Deserialize;

use super::{check_id, verify_checksum};
use crate::{
    error::ApiError,
    extract::{AuthUser, JsonBody, QueryParams},
    state::AppState,
};

/// Most vectors in one upsert or delete.
const MAX_BATCH: usize = 1000;
/// Wider than any embedding model in use; the server only keeps the number.
const MAX_DIMENSION: u32 = 65_536;

fn check_model(model: &str) -> Result<(), ApiError> {
    let ok = !model.is_empty() && model.len() <= 200 && model.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad(
            "invalid_model",
            "a model id is 1 to 200 printable ASCII characters",
        ))
    }
}

pub async fn upsert(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(request): JsonBody<VectorUpsertRequest>,
) -> Result<Json<VectorUpsertResponse>, ApiError> {
    if request.vectors.len() > MAX_BATCH {
        return Err(ApiError::bad(
            "batch_too_large",
            format!("upsert at most {MAX_BATCH} vectors at once"),
        ));
    }
    // Every vector is checked before any is written: one bad blob refuses the batch.
    let mut items = request.vectors;
    for item in &mut items {
        check_id(&item.id)?;
        check_model(&item.model)?;
        if !(1..=MAX_DIMENSION).contains(&item.dimension) {
            return Err(ApiError::bad(
                "invalid_dimension",
                format!("a dimension is 1 to {MAX_DIMENSION}"),
            ));
        }
        verify_checksum(&item.blob, &item.checksum)?;
        item.checksum.make_ascii_lowercase();
    }
    let quota = state.0.config.limits(&user.tier).storage_bytes;
    let now = state.now_ms();
    let upserted = state
        .store(move |s| s.upsert_vectors(&user.id, items, quota, now))
        .await?;
    Ok(Json(VectorUpsertResponse { upserted }))
}

#[derive(Deserialize)]
pub struct SinceQuery {
    since: Option<u64>,
    limit: Option<u64>,
}

pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    QueryParams(query): QueryParams<SinceQuery>,
) -> Result<Json<VectorPage>, ApiError> {
    let config = &state.0.config;
    let limit = query.limit.unwrap_or(config.changes_page);
    if !(1..=config.changes_page).contains(&limit) {
        return Err(ApiError::bad(
            "invalid_limit",
            format!("limit is 1 to {}", config.changes_page),
        ));
    }
    let since = query.since.unwrap_or(0);
    let max_bytes = config.changes_page_bytes;
    let page = state
        .store(move |s| s.vectors_since(&user.id, since, limit, max_bytes))
        .await?;
    Ok(Json(page))
}

pub async fn get(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<VectorEntry>, ApiError> {
    check_id(&id)?;
    state
        .store(move |s| s.vector(&user.id, &id))
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

pub async fn delete(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(request): JsonBody<VectorDeleteRequest>,
) -> Result<Json<VectorsDeleted>, ApiError> {
    if request.ids.len() > MAX_BATCH {
        return Err(ApiError::bad(
            "batch_too_large",
            format!("delete at most {MAX_BATCH} vectors at once"),
        ));
    }
    for id in &request.ids {
        check_id(id)?;
    }
    let now = state.now_ms();
    let deleted = state
        .store(move |s| s.delete_vectors(&user.id, &request.ids, now))
        .await?;
    Ok(Json(VectorsDeleted { ok: true, deleted }))
}

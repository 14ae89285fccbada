//! `/storage/vectors`: sealed embeddings (upsert, the feed since a cursor, one by id, delete),
//! so a second device need not compute them again. Never searched here: the server cannot
//! open them, and search runs on the device. Counted in the tier's storage quota.

use adiuva_protocol::{
    VectorDeleteRequest, VectorEntry, VectorPage, VectorUpsertRequest, VectorUpsertResponse,
    VectorsDeleted,
};
use axum::{Json, extract::State};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{check_id, check_int64, verify_checksum};
use crate::{
    error::ApiError,
    extract::{AuthUser, IdPath, JsonBody, QueryParams},
    openapi::{BadRequest, NotFound, QuotaExceeded, RateLimited, TooLarge, Unauthorized},
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

/// Writes sealed vectors, each replacing the user's vector of the same id; all or none.
#[utoipa::path(
    post,
    path = "/storage/vectors/upsert",
    operation_id = "upsert_vectors",
    tag = "vectors",
    request_body = VectorUpsertRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "All written", body = VectorUpsertResponse),
        BadRequest,
        Unauthorized,
        QuotaExceeded,
        TooLarge,
        RateLimited,
    )
)]
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
        check_int64(item.clock, "clock")?;
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SinceQuery {
    /// The cursor: entries after this sequence number (0 when absent).
    since: Option<u64>,
    /// Most entries in the page: 1 to the server's page size (1000 unless configured), which
    /// is the default.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u64>,
}

/// Vectors written or deleted after the cursor, in server order, with the next cursor.
#[utoipa::path(
    get,
    path = "/storage/vectors",
    operation_id = "list_vectors",
    tag = "vectors",
    params(SinceQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of the vector feed", body = VectorPage),
        BadRequest,
        Unauthorized,
        RateLimited,
    )
)]
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
    let since = check_int64(query.since.unwrap_or(0), "since")?;
    let max_bytes = config.changes_page_bytes;
    let page = state
        .store(move |s| s.vectors_since(&user.id, since, limit, max_bytes))
        .await?;
    Ok(Json(page))
}

/// One live vector with its sealed blob.
#[utoipa::path(
    get,
    path = "/storage/vectors/{id}",
    operation_id = "get_vector",
    tag = "vectors",
    params(("id" = String, Path, pattern = "^[!-.0-~]{1,200}$", description = "The vector's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The vector", body = VectorEntry),
        BadRequest,
        Unauthorized,
        NotFound,
        RateLimited,
    )
)]
pub async fn get(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath,
) -> Result<Json<VectorEntry>, ApiError> {
    check_id(&id)?;
    state
        .store(move |s| s.vector(&user.id, &id))
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// Deletes the user's vectors among `ids` (each deletion enters the feed); unknown ids are
/// ignored.
#[utoipa::path(
    delete,
    path = "/storage/vectors",
    operation_id = "delete_vectors",
    tag = "vectors",
    request_body = VectorDeleteRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Deleted; how many existed", body = VectorsDeleted),
        BadRequest,
        Unauthorized,
        TooLarge,
        RateLimited,
    )
)]
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

//! The sync additions: a batch push with a conditional version per record (a stale record is
//! answered, the others accepted) and the change feed (`changes since <cursor>`).

use adiuva_protocol::{ChangesPage, PushRequest, PushResponse};
use axum::{Json, extract::State};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{check_id, check_int64, check_table, verify_checksum};
use crate::{
    error::ApiError,
    extract::{AuthUser, JsonBody, QueryParams},
    openapi::{BadRequest, QuotaExceeded, RateLimited, TooLarge, Unauthorized},
    state::AppState,
    storage::{Expect, RecordWrite},
};

/// Most records in one push.
const MAX_PUSH: usize = 1000;

/// Writes a batch of sealed records, each only if it is at its expected version; stale ones
/// are answered and skipped, the rest accepted in one transaction.
#[utoipa::path(
    post,
    path = "/storage/push",
    operation_id = "push_records",
    tag = "sync",
    request_body = PushRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "What happened to each record, in order", body = PushResponse),
        BadRequest,
        Unauthorized,
        QuotaExceeded,
        TooLarge,
        RateLimited,
    )
)]
pub async fn push(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(request): JsonBody<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    if request.records.len() > MAX_PUSH {
        return Err(ApiError::bad(
            "batch_too_large",
            format!("push at most {MAX_PUSH} records at once"),
        ));
    }
    // Every record is checked before any is written: one bad blob refuses the batch.
    let mut writes = Vec::with_capacity(request.records.len());
    for record in request.records {
        check_id(&record.id)?;
        check_table(&record.table)?;
        check_int64(record.expected_version, "expected_version")?;
        check_int64(record.clock, "clock")?;
        verify_checksum(&record.blob, &record.checksum)?;
        writes.push(RecordWrite {
            id: record.id,
            table: record.table,
            expect: Expect::Version(record.expected_version),
            clock: record.clock,
            blob: record.blob,
            checksum: record.checksum.to_lowercase(),
        });
    }
    let quota = state.0.config.limits(&user.tier).storage_bytes;
    let now = state.now_ms();
    let results = state
        .store(move |s| s.write_records(&user.id, writes, quota, now))
        .await?;
    Ok(Json(PushResponse { results }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The cursor: changes after this sequence number (0 when absent).
    since: Option<u64>,
    /// Most changes in the page: 1 to the server's page size (1000 unless configured), which
    /// is the default.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u64>,
    /// Also count every change after the cursor (`total`), for a progress bar.
    count: Option<bool>,
}

/// Records written or deleted after the cursor, in server order, with the next cursor.
#[utoipa::path(
    get,
    path = "/storage/changes",
    operation_id = "changes",
    tag = "sync",
    params(ChangesQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of changes", body = ChangesPage),
        BadRequest,
        Unauthorized,
        RateLimited,
    )
)]
pub async fn changes(
    State(state): State<AppState>,
    user: AuthUser,
    QueryParams(query): QueryParams<ChangesQuery>,
) -> Result<Json<ChangesPage>, ApiError> {
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
    let counted = query.count.unwrap_or(false);
    let page = state
        .store(move |s| {
            let mut page = s.changes(&user.id, since, limit, max_bytes)?;
            if counted {
                page.total = Some(s.count_changes(&user.id, since)?);
            }
            Ok(page)
        })
        .await?;
    Ok(Json(page))
}

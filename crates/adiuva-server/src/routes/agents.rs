//! Agents through the server: agent tokens (`/agent-tokens`: create, list, revoke), and `/mcp`, the MCP
//! streamable-HTTP endpoint for a user's agents. Each JSON-RPC message posted there goes to the
//! user's device over its channel with the agent id the token names (never one from the
//! message); the device's answer comes back as `application/json`, a notification's as 202.
//! The server does not read MCP: an offline device, one that disconnects mid-call or one too
//! slow to answer gets the caller a JSON-RPC error (503, 502, 504).

use adiuva_protocol::{AgentTokenCreated, AgentTokenList, AgentTokenRequest, Done};
use axum::{
    Json,
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    http::{StatusCode, header::CONTENT_TYPE},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use crate::{
    devices::RelayError,
    error::ApiError,
    extract::{AgentCaller, AuthUser, IdPath, JsonBody},
    openapi::{BadRequest, JsonRpc, NotFound, RateLimited, TooLarge, Unauthorized},
    state::AppState,
    storage::AgentTokenRow,
};

/// Creates a token for one of the device's agents; the token is answered this once.
#[utoipa::path(
    post,
    path = "/agent-tokens",
    operation_id = "create_agent_token",
    tag = "agents",
    request_body = AgentTokenRequest,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The token (shown once) and its id", body = AgentTokenCreated),
        BadRequest,
        Unauthorized,
        TooLarge,
        RateLimited,
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(request): JsonBody<AgentTokenRequest>,
) -> Result<Json<AgentTokenCreated>, ApiError> {
    let agent_id = request.agent_id;
    let printable = agent_id.chars().all(|c| !c.is_control());
    if agent_id.is_empty() || agent_id.len() > 200 || !printable {
        return Err(ApiError::bad(
            "invalid_agent_id",
            "an agent id is 1 to 200 bytes without control characters",
        ));
    }
    let (secret, _) = crate::auth::new_refresh_token()?;
    let token = format!("adiuva_agent_{secret}");
    let row = AgentTokenRow {
        id: uuid::Uuid::now_v7().to_string(),
        user_id: user.id,
        token_hash: crate::auth::refresh_hash(&token),
        agent_id,
        created_at: state.now_ms(),
    };
    let stored = row.clone();
    state.store(move |s| s.insert_agent_token(&stored)).await?;
    Ok(Json(AgentTokenCreated {
        id: row.id,
        agent_id: row.agent_id,
        token,
        created_at: row.created_at,
    }))
}

/// The user's live agent tokens (their ids, agents and dates; never the tokens).
#[utoipa::path(
    get,
    path = "/agent-tokens",
    operation_id = "list_agent_tokens",
    tag = "agents",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The live tokens, oldest first", body = AgentTokenList),
        Unauthorized,
        RateLimited,
    )
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<AgentTokenList>, ApiError> {
    let tokens = state.store(move |s| s.agent_tokens(&user.id)).await?;
    Ok(Json(AgentTokenList { tokens }))
}

/// Revokes an agent token: its next request is refused 401.
#[utoipa::path(
    delete,
    path = "/agent-tokens/{id}",
    operation_id = "revoke_agent_token",
    tag = "agents",
    params(("id" = String, Path, description = "The token's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Revoked", body = Done),
        BadRequest,
        Unauthorized,
        NotFound,
        RateLimited,
    )
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    user: AuthUser,
    IdPath(id): IdPath,
) -> Result<Json<Done>, ApiError> {
    super::check_id(&id)?;
    let now = state.now_ms();
    let user_id = user.id.clone();
    let revoked = state
        .store(move |s| s.revoke_agent_token(&user.id, &id, now))
        .await?;
    // Before the answer: once the person sees "revoked", the token is refused.
    state.0.agent_owners.forget_user(&user_id);
    revoked
        .then_some(Json(Done { ok: true }))
        .ok_or(ApiError::NotFound)
}

/// MCP (streamable HTTP, JSON answers) for the user's agents: the bearer is an agent token.
/// Each message is run on the user's connected device as the token's agent.
#[utoipa::path(
    post,
    path = "/mcp",
    operation_id = "mcp",
    tag = "agents",
    request_body(content = JsonRpc, content_type = "application/json",
        description = "One JSON-RPC message"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The device's JSON-RPC answer", body = JsonRpc,
            content_type = "application/json"),
        (status = 202, description = "A notification or response: nothing to answer"),
        BadRequest,
        Unauthorized,
        TooLarge,
        RateLimited,
        (status = 502, description = "The device disconnected before it answered \
            (a JSON-RPC error)", body = JsonRpc, content_type = "application/json"),
        (status = 503, description = "The user's device is offline (a JSON-RPC error)",
            body = JsonRpc, content_type = "application/json"),
        (status = 504, description = "The device did not answer in time (a JSON-RPC error)",
            body = JsonRpc, content_type = "application/json"),
    )
)]
pub async fn mcp(
    State(state): State<AppState>,
    agent: AgentCaller,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(state.0.config.max_body_bytes)
        } else {
            ApiError::bad("invalid_body", e.body_text())
        }
    })?;
    let frame = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::bad("invalid_json", "a JSON-RPC message is UTF-8 JSON"))?;
    let id = request_id(&frame);
    let timeout = state.0.config.device_call_timeout;
    let answer = state
        .0
        .devices
        .call(&agent.user_id, &agent.agent_id, frame, timeout)
        .await;
    Ok(match answer {
        Ok(Some(frame)) => ([(CONTENT_TYPE, "application/json")], frame).into_response(),
        Ok(None) => StatusCode::ACCEPTED.into_response(),
        Err(err) => {
            let status = match err {
                RelayError::Offline => StatusCode::SERVICE_UNAVAILABLE,
                RelayError::Disconnected => StatusCode::BAD_GATEWAY,
                RelayError::Timeout => StatusCode::GATEWAY_TIMEOUT,
            };
            let error = json!({
                "jsonrpc": "2.0",
                "id": id,
                "error": {"code": -32000, "message": err.to_string(), "data": {"code": err.code()}},
            });
            (status, Json(error)).into_response()
        }
    })
}

/// The id of a request, for an error the server answers itself (null when there is none).
fn request_id(frame: &str) -> Value {
    /// Only the id: the rest of the message is skipped, not built (this runs on every call).
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: Option<Value>,
    }
    serde_json::from_str::<IdOnly>(frame)
        .ok()
        .and_then(|message| message.id)
        .filter(|id| id.is_string() || id.is_number())
        .unwrap_or(Value::Null)
}

//! `/auth/*`: register, log in, refresh (rotating, with reuse detection), who am I.

use adiuva_protocol::{
    AuthTokens, Credentials, CredentialsUpdate, Done, KdfInfo, ParamsRequest, RefreshRequest,
    Registration, UserProfile,
};
use axum::{Json, extract::State};
use sha2::{Digest, Sha256};

use crate::{
    auth::{self, Claims},
    error::ApiError,
    extract::{Attempt, AuthUser, JsonBody},
    openapi::{BadRequest, Conflict, RateLimited, TooLarge, Unauthorized},
    state::AppState,
    storage::{RefreshRow, RefreshSpend, UserRow},
};

/// An email as the document describes it: at most 254 characters as sent, one `@` with text
/// on both sides once trimmed; kept lowercase.
fn check_email(email: &str) -> Result<String, ApiError> {
    let sent = email.chars().count();
    let email = email.trim().to_lowercase();
    let parts: Vec<&str> = email.split('@').collect();
    if sent > 254 || email.len() > 254 || parts.len() != 2 || parts.iter().any(|p| p.is_empty()) {
        return Err(ApiError::bad(
            "invalid_email",
            "that is not an email address",
        ));
    }
    Ok(email)
}

/// The parameters a device may register: never below the floor the device itself enforces.
fn check_kdf(kdf: &KdfInfo) -> Result<(), ApiError> {
    let ok = kdf.memory_kib >= 19 * 1024
        && kdf.memory_kib <= 4 * 1024 * 1024
        && (2..=64).contains(&kdf.iterations)
        && (1..=64).contains(&kdf.lanes)
        && kdf.salt.len() == 16;
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad(
            "invalid_kdf",
            "key derivation parameters below 19 MiB and 2 passes, or a salt that is not 16 bytes",
        ))
    }
}

fn check_credentials(c: &Credentials) -> Result<String, ApiError> {
    let email = check_email(&c.email)?;
    if !(16..=512).contains(&c.password.chars().count()) {
        return Err(ApiError::bad(
            "invalid_password",
            "the password is the device's derived key: 16 to 512 characters",
        ));
    }
    Ok(email)
}

/// Issues an access token and a refresh token of `family`.
async fn tokens(state: &AppState, user: &UserRow, family: String) -> Result<AuthTokens, ApiError> {
    let now_ms = state.now_ms();
    let now = now_ms / 1000;
    let config = &state.0.config;
    let ttl = i64::try_from(config.access_ttl.as_secs()).unwrap_or(i64::MAX);
    let access = state.0.signer.issue(&Claims {
        sub: user.id.clone(),
        tier: user.tier.clone(),
        iat: now,
        exp: now.saturating_add(ttl),
    })?;
    let (refresh, token_hash) = auth::new_refresh_token()?;
    let refresh_ttl = i64::try_from(config.refresh_ttl.as_millis()).unwrap_or(i64::MAX);
    let row = RefreshRow {
        token_hash,
        user_id: user.id.clone(),
        family,
        expires_at: now_ms.saturating_add(refresh_ttl),
        created_at: now_ms,
    };
    state.store(move |s| s.insert_refresh(&row)).await?;
    Ok(AuthTokens {
        access_token: access,
        refresh_token: refresh,
        token_type: "bearer".to_owned(),
        expires_in: config.access_ttl.as_secs(),
    })
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The derivation parameters of an account, or made-up ones for an unknown email that are
/// the same on every ask (so the answer does not tell who has an account).
#[utoipa::path(
    post,
    path = "/auth/params",
    operation_id = "auth_params",
    tag = "accounts",
    request_body = ParamsRequest,
    responses(
        (status = 200, description = "The parameters and salt to derive the key with", body = KdfInfo),
        BadRequest,
        TooLarge,
    )
)]
pub async fn params(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<ParamsRequest>,
) -> Result<Json<KdfInfo>, ApiError> {
    let email = check_email(&request.email)?;
    let lookup = email.clone();
    match state.store(move |s| s.user_by_email(&lookup)).await? {
        Some(user) => Ok(Json(user.kdf)),
        None => {
            let mut hasher = Sha256::new();
            hasher.update(&state.0.params_secret);
            hasher.update(email.as_bytes());
            Ok(Json(KdfInfo {
                memory_kib: 64 * 1024,
                iterations: 3,
                lanes: 4,
                salt: hasher.finalize()[..16].to_vec(),
            }))
        }
    }
}

/// Creates an account from the device-derived authentication key and the parameters it was
/// derived with; answers its first tokens.
#[utoipa::path(
    post,
    path = "/auth/register",
    operation_id = "register",
    tag = "accounts",
    request_body = Registration,
    responses(
        (status = 200, description = "The account exists; its first tokens", body = AuthTokens),
        BadRequest,
        Conflict,
        TooLarge,
        RateLimited,
    )
)]
pub async fn register(
    State(state): State<AppState>,
    _: Attempt,
    JsonBody(registration): JsonBody<Registration>,
) -> Result<Json<AuthTokens>, ApiError> {
    let credentials = Credentials {
        email: registration.email,
        password: registration.password,
    };
    let email = check_credentials(&credentials)?;
    check_kdf(&registration.kdf)?;
    let password = credentials.password;
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    let user = UserRow {
        id: new_id(),
        email,
        password_hash: hash,
        tier: state.0.config.default_tier.clone(),
        used_bytes: 0,
        created_at: state.now_ms(),
        kdf: registration.kdf,
    };
    let stored = user.clone();
    state.store(move |s| s.create_user(&stored)).await?;
    Ok(Json(tokens(&state, &user, new_id()).await?))
}

/// Signs in with the device-derived authentication key.
#[utoipa::path(
    post,
    path = "/auth/login",
    operation_id = "login",
    tag = "accounts",
    request_body = Credentials,
    responses(
        (status = 200, description = "Tokens of a new sign-in", body = AuthTokens),
        BadRequest,
        Unauthorized,
        TooLarge,
        RateLimited,
    )
)]
pub async fn login(
    State(state): State<AppState>,
    _: Attempt,
    JsonBody(credentials): JsonBody<Credentials>,
) -> Result<Json<AuthTokens>, ApiError> {
    let email = check_credentials(&credentials)?;
    let found = state.store(move |s| s.user_by_email(&email)).await?;
    let password = credentials.password;
    // An unknown email costs the same hash as a wrong key, so timing tells nothing apart.
    let (user, hash) = match found {
        Some(user) => {
            let hash = user.password_hash.clone();
            (Some(user), hash)
        }
        None => (None, auth::hash_password("no such account, same cost")?),
    };
    let valid = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    match user {
        Some(user) if valid => Ok(Json(tokens(&state, &user, new_id()).await?)),
        _ => Err(ApiError::Unauthorized("invalid_credentials")),
    }
}

/// Spends a refresh token for new tokens of the same sign-in; a token spent twice revokes
/// the whole sign-in.
#[utoipa::path(
    post,
    path = "/auth/refresh",
    operation_id = "refresh",
    tag = "accounts",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New access and refresh tokens", body = AuthTokens),
        BadRequest,
        Unauthorized,
        TooLarge,
        RateLimited,
    )
)]
pub async fn refresh(
    State(state): State<AppState>,
    _: Attempt,
    JsonBody(request): JsonBody<RefreshRequest>,
) -> Result<Json<AuthTokens>, ApiError> {
    let hash = auth::refresh_hash(&request.refresh_token);
    let now = state.now_ms();
    match state.store(move |s| s.spend_refresh(&hash, now)).await? {
        RefreshSpend::Spent { user_id, family } => {
            let user = state
                .store(move |s| s.user(&user_id))
                .await?
                .ok_or(ApiError::Unauthorized("invalid_refresh_token"))?;
            Ok(Json(tokens(&state, &user, family).await?))
        }
        RefreshSpend::Reused => Err(ApiError::Unauthorized("refresh_reused")),
        RefreshSpend::Invalid => Err(ApiError::Unauthorized("invalid_refresh_token")),
    }
}

/// New credentials after a passphrase change or a key rotation: the caller proves itself with
/// its access token; the password, parameters and envelope change together.
#[utoipa::path(
    post,
    path = "/auth/credentials",
    operation_id = "replace_credentials",
    tag = "accounts",
    request_body = CredentialsUpdate,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Key, parameters and envelope replaced", body = Done),
        BadRequest,
        Unauthorized,
        Conflict,
        TooLarge,
        RateLimited,
    )
)]
pub async fn update_credentials(
    State(state): State<AppState>,
    user: AuthUser,
    JsonBody(update): JsonBody<CredentialsUpdate>,
) -> Result<Json<Done>, ApiError> {
    check_kdf(&update.kdf)?;
    super::check_int64(update.expected_version, "expected_version")?;
    if !(16..=512).contains(&update.password.chars().count()) {
        return Err(ApiError::bad(
            "invalid_password",
            "the password is the device's derived key: 16 to 512 characters",
        ));
    }
    if update.envelope.is_empty() || update.envelope.len() > 4096 {
        return Err(ApiError::bad(
            "invalid_envelope",
            "a key envelope is 1 to 4096 bytes",
        ));
    }
    let password = update.password.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    let now = state.now_ms();
    match state
        .store(move |s| {
            s.update_credentials(
                &user.id,
                &hash,
                &update.kdf,
                &update.envelope,
                update.expected_version,
                now,
            )
        })
        .await?
    {
        Ok(_) => Ok(Json(Done { ok: true })),
        Err(current) => Err(ApiError::Conflict {
            code: "version_conflict",
            message: format!("the envelope is at version {current}; fetch it and retry"),
        }),
    }
}

/// The signed-in account: its tier and storage use.
#[utoipa::path(
    get,
    path = "/auth/me",
    operation_id = "me",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = UserProfile),
        Unauthorized,
        RateLimited,
    )
)]
pub async fn me(
    State(state): State<AppState>,
    user: AuthUser,
) -> Result<Json<UserProfile>, ApiError> {
    let id = user.id.clone();
    let row = state
        .store(move |s| s.user(&id))
        .await?
        .ok_or(ApiError::Unauthorized("invalid_token"))?;
    Ok(Json(UserProfile {
        storage_limit_bytes: state.0.config.limits(&row.tier).storage_bytes,
        id: row.id,
        email: row.email,
        tier: row.tier,
        storage_used_bytes: row.used_bytes,
        created_at: row.created_at,
    }))
}

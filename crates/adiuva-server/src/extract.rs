//! Request extractors: the authenticated user (bearer token, then the rate limit), an agent
//! (an agent token, for `/mcp`), a sign-in
//! attempt (the per-address rate limit of the unauthenticated auth endpoints), and JSON
//! bodies, query strings and path ids whose refusals are API errors (400 `invalid_json` or
//! `invalid_query`, 413 `payload_too_large`) rather than axum's plain-text answers.

use std::net::{IpAddr, SocketAddr};

use axum::{
    Json,
    extract::{
        ConnectInfo, FromRequest, FromRequestParts, Path, Query, Request, rejection::JsonRejection,
    },
    http::{StatusCode, header::AUTHORIZATION, request::Parts},
};
use serde::de::DeserializeOwned;

use crate::{error::ApiError, state::AppState};

/// The caller, from a valid access token. Provenance comes from here, never from a body.
pub struct AuthUser {
    pub id: String,
    pub tier: String,
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let claims = state.0.signer.verify(bearer(parts)?)?;
        let limits = state.0.config.limits(&claims.tier);
        state.admit(&claims.sub, limits.requests_per_minute)?;
        Ok(Self {
            id: claims.sub,
            tier: claims.tier,
        })
    }
}

/// The bearer token of a request, or `missing_token`.
fn bearer(parts: &Parts) -> Result<&str, ApiError> {
    parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(ApiError::Unauthorized("missing_token"))
}

/// An agent, from a live agent token (`/mcp`): the user whose device it reaches and its id
/// there. The agent id comes from here, never from a frame.
pub struct AgentCaller {
    pub user_id: String,
    pub agent_id: String,
}

impl FromRequestParts<AppState> for AgentCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let hash = crate::auth::refresh_hash(bearer(parts)?);
        let owners = &state.0.agent_owners;
        let owner = match owners.get(&hash) {
            Some(owner) => owner,
            None => {
                let epoch = owners.epoch();
                let owner = state
                    .store(move |s| s.agent_token(&hash))
                    .await?
                    .ok_or(ApiError::Unauthorized("invalid_token"))?;
                owners.put(hash, owner.clone(), epoch);
                owner
            }
        };
        let limits = state.0.config.limits(&owner.tier);
        state.admit(&owner.user_id, limits.requests_per_minute)?;
        Ok(Self {
            user_id: owner.user_id,
            agent_id: owner.agent_id,
        })
    }
}

/// A request to register, log in or refresh, admitted by its client address's bucket.
pub struct Attempt;

impl FromRequestParts<AppState> for Attempt {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // A router served without connection info (embedded elsewhere) shares one bucket.
        let key = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |info| address_key(info.0.ip()));
        state.admit_attempt(&key)?;
        Ok(Self)
    }
}

/// Whose bucket an address draws from: an IPv4 address, or an IPv6 /64 (one subscriber's
/// usual allocation, so rotating through it gains nothing).
fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// A JSON body.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(JsonRejection::BytesRejection(rejection))
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Err(ApiError::TooLarge(state.0.config.max_body_bytes))
            }
            Err(rejection) => Err(ApiError::bad("invalid_json", rejection.body_text())),
        }
    }
}

/// A query string.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| Self(value))
            .map_err(|rejection| ApiError::bad("invalid_query", rejection.body_text()))
    }
}

/// The `{id}` of a path, as text; one that does not decode is refused like any bad id.
pub struct IdPath(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(id)| Self(id))
            .map_err(|rejection| ApiError::bad("invalid_id", rejection.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::address_key;

    #[test]
    fn addresses_share_a_bucket_by_ipv4_or_ipv6_64() {
        let key = |text: &str| address_key(text.parse().unwrap());
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_ne!(key("203.0.113.7"), key("203.0.113.8"));
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
    }
}

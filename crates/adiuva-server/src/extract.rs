//! Request extractors: the authenticated user (bearer token, then the rate limit), and JSON
//! bodies and query strings whose refusals are API errors (400 `invalid_json` or
//! `invalid_query`, 413 `payload_too_large`) rather than axum's plain-text answers.

use axum::{
    Json,
    extract::{FromRequest, FromRequestParts, Query, Request, rejection::JsonRejection},
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
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(ApiError::Unauthorized("missing_token"))?;
        let claims = state.0.signer.verify(token)?;
        let limits = state.0.config.limits(&claims.tier);
        state.admit(&claims.sub, limits.requests_per_minute)?;
        Ok(Self {
            id: claims.sub,
            tier: claims.tier,
        })
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

//! Errors as the API answers them: an HTTP status and `{ "error": { code, message } }` with
//! a stable code.

use adiuva_protocol::{ErrorBody, ErrorDetail};
use axum::{
    Json,
    http::{HeaderValue, StatusCode, header::RETRY_AFTER},
    response::{IntoResponse, Response},
};

use crate::storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("the blob's sha256 does not match its checksum")]
    ChecksumMismatch,
    #[error("{}", unauthorized_message(.0))]
    Unauthorized(&'static str),
    #[error("not found")]
    NotFound,
    #[error("no such route")]
    NoSuchRoute,
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("storage quota exceeded: {used} of {limit} bytes")]
    QuotaExceeded { used: u64, limit: u64 },
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("too many requests; retry in {0} s")]
    RateLimited(u64),
    #[error("internal error")]
    Internal(String),
}

/// What each 401 code tells the caller to do.
fn unauthorized_message(code: &str) -> &'static str {
    match code {
        "missing_token" => "sign in: this call needs a bearer access token",
        "token_expired" => "the access token expired; refresh it",
        "invalid_credentials" => "wrong email or passphrase",
        "refresh_reused" => {
            "this refresh token was already used, so every token of this sign-in was revoked; sign in again"
        }
        "invalid_refresh_token" => {
            "the refresh token is unknown, expired or revoked; sign in again"
        }
        _ => "the access token is not valid; sign in again",
    }
}

impl ApiError {
    pub fn bad(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest {
            code,
            message: message.into(),
        }
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            Self::ChecksumMismatch => (StatusCode::BAD_REQUEST, "checksum_mismatch"),
            Self::Unauthorized(code) => (StatusCode::UNAUTHORIZED, code),
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            Self::NoSuchRoute => (StatusCode::NOT_FOUND, "no_such_route"),
            Self::Conflict { code, .. } => (StatusCode::CONFLICT, code),
            Self::QuotaExceeded { .. } => (StatusCode::FORBIDDEN, "quota_exceeded"),
            Self::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl From<StorageError> for ApiError {
    fn from(err: StorageError) -> Self {
        match err {
            StorageError::EmailTaken => Self::Conflict {
                code: "email_taken",
                message: err.to_string(),
            },
            StorageError::QuotaExceeded { used, limit } => Self::QuotaExceeded { used, limit },
            other => Self::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            // The detail of an internal failure stays in the server's log.
            Self::Internal(detail) => {
                eprintln!("internal error: {detail}");
                "internal error".to_owned()
            }
            other => other.to_string(),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: code.to_owned(),
                message,
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let Self::RateLimited(seconds) = self
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(RETRY_AFTER, value);
        }
        response
    }
}

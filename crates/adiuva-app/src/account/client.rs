//! The device's HTTP client of the sync server (`/api/v1`, the shared wire types), with every
//! failure typed: unreachable, refused with the server's code, or an answer that makes no
//! sense.

use std::time::Duration;

use adiuva_protocol::{
    AuthTokens, BackupMetadata, Credentials, Done, ErrorBody, KdfInfo, KeyEnvelopeDoc,
    KeyEnvelopePut, ParamsRequest, PushRequest, PushResponse, RefreshRequest, Registration,
};
use serde::{Serialize, de::DeserializeOwned};

/// Why a call to the server failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CloudError {
    #[error("this device is not signed in to a sync server; sign in first")]
    NotSignedIn,
    #[error("cannot reach the server at {url}: {reason}; check the address and your connection")]
    Unreachable { url: String, reason: String },
    #[error("the server refused ({status} {code}): {message}")]
    Refused {
        status: u16,
        code: String,
        message: String,
        retry_after: Option<u64>,
    },
    #[error("the server's answer is not what Adiuva expects: {0}")]
    Malformed(String),
}

pub(crate) struct Cloud {
    base: String,
    agent: ureq::Agent,
}

impl Cloud {
    /// A client of the server at `server_url` (e.g. `https://sync.example.com`).
    pub(crate) fn new(server_url: &str, timeout: Duration) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent("Adiuva")
            .tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(crate::tls_roots::http_roots())
                    .build(),
            )
            .build()
            .into();
        Self {
            base: format!("{}/api/v1", server_url.trim_end_matches('/')),
            agent,
        }
    }

    fn unreachable(&self, err: ureq::Error) -> CloudError {
        CloudError::Unreachable {
            url: self.base.clone(),
            reason: err.to_string(),
        }
    }

    fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&impl Serialize>,
    ) -> Result<T, CloudError> {
        let url = format!("{}{path}", self.base);
        let auth = token.map(|t| format!("Bearer {t}"));
        let response = match method {
            "GET" | "DELETE" => {
                let mut request = if method == "GET" {
                    self.agent.get(&url)
                } else {
                    self.agent.delete(&url)
                };
                if let Some(auth) = &auth {
                    request = request.header("authorization", auth);
                }
                request.call()
            }
            _ => {
                let bytes =
                    serde_json::to_vec(&body).map_err(|e| CloudError::Malformed(e.to_string()))?;
                let mut request = if method == "PUT" {
                    self.agent.put(&url)
                } else {
                    self.agent.post(&url)
                };
                request = request.header("content-type", "application/json");
                if let Some(auth) = &auth {
                    request = request.header("authorization", auth);
                }
                request.send(&bytes[..])
            }
        };
        self.finish(response)
    }

    /// A JSON answer, or the server's error as a [`CloudError`].
    fn finish<T: DeserializeOwned>(
        &self,
        response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T, CloudError> {
        let mut response = response.map_err(|e| self.unreachable(e))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let bytes = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .map_err(|e| self.unreachable(e))?;
        if (200..300).contains(&status) {
            return serde_json::from_slice(&bytes)
                .map_err(|e| CloudError::Malformed(e.to_string()));
        }
        let error = serde_json::from_slice::<ErrorBody>(&bytes)
            .map_err(|_| CloudError::Malformed(format!("HTTP {status} without an error body")))?;
        Err(CloudError::Refused {
            status,
            code: error.error.code,
            message: error.error.message,
            retry_after,
        })
    }

    pub(crate) fn params(&self, email: &str) -> Result<KdfInfo, CloudError> {
        let body = ParamsRequest {
            email: email.to_owned(),
        };
        self.call("POST", "/auth/params", None, Some(&body))
    }

    pub(crate) fn register(&self, registration: &Registration) -> Result<AuthTokens, CloudError> {
        self.call("POST", "/auth/register", None, Some(registration))
    }

    pub(crate) fn login(&self, credentials: &Credentials) -> Result<AuthTokens, CloudError> {
        self.call("POST", "/auth/login", None, Some(credentials))
    }

    pub(crate) fn refresh(&self, refresh_token: &str) -> Result<AuthTokens, CloudError> {
        let body = RefreshRequest {
            refresh_token: refresh_token.to_owned(),
        };
        self.call("POST", "/auth/refresh", None, Some(&body))
    }

    pub(crate) fn update_credentials(
        &self,
        token: &str,
        update: &adiuva_protocol::CredentialsUpdate,
    ) -> Result<Done, CloudError> {
        self.call("POST", "/auth/credentials", Some(token), Some(update))
    }

    pub(crate) fn push(
        &self,
        token: &str,
        request: &PushRequest,
    ) -> Result<PushResponse, CloudError> {
        self.call("POST", "/storage/push", Some(token), Some(request))
    }

    pub(crate) fn changes(
        &self,
        token: &str,
        since: u64,
        count: bool,
    ) -> Result<adiuva_protocol::ChangesPage, CloudError> {
        self.call(
            "GET",
            &format!("/storage/changes?since={since}&count={count}"),
            Some(token),
            None::<&()>,
        )
    }

    pub(crate) fn backups(&self, token: &str) -> Result<Vec<BackupMetadata>, CloudError> {
        self.call("GET", "/backup/history", Some(token), None::<&()>)
    }

    pub(crate) fn delete_backup(&self, token: &str, id: &str) -> Result<Done, CloudError> {
        self.call("DELETE", &format!("/backup/{id}"), Some(token), None::<&()>)
    }

    /// Uploads a sealed backup with the seed's headers.
    pub(crate) fn put_backup(
        &self,
        token: &str,
        sealed: &[u8],
        meta: &BackupMetadata,
    ) -> Result<BackupMetadata, CloudError> {
        let url = format!("{}/backup", self.base);
        let response = self
            .agent
            .put(&url)
            .header("authorization", &format!("Bearer {token}"))
            .header("content-type", "application/octet-stream")
            .header("x-backup-version", &meta.version.to_string())
            .header("x-backup-timestamp", &meta.timestamp.to_string())
            .header("x-backup-checksum", &meta.checksum)
            .header("x-backup-chunks", &meta.chunk_count.to_string())
            .send(sealed);
        self.finish(response)
    }

    /// The latest backup's bytes and the checksum the server holds for them.
    pub(crate) fn latest_backup(&self, token: &str) -> Result<(Vec<u8>, String), CloudError> {
        let url = format!("{}/backup", self.base);
        let response = self
            .agent
            .get(&url)
            .header("authorization", &format!("Bearer {token}"))
            .call();
        let mut response = response.map_err(|e| self.unreachable(e))?;
        let checksum = response
            .headers()
            .get("x-backup-checksum")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if response.status().is_success() {
            let bytes = response
                .body_mut()
                .with_config()
                .limit(u64::MAX)
                .read_to_vec()
                .map_err(|e| self.unreachable(e))?;
            let checksum = checksum
                .ok_or_else(|| CloudError::Malformed("a backup without its checksum".into()))?;
            return Ok((bytes, checksum));
        }
        Err(self
            .finish::<serde_json::Value>(Ok(response))
            .err()
            .unwrap_or_else(|| CloudError::Malformed("an error status with a success body".into())))
    }

    /// The API's base (`…/api/v1`), for the device channel to dial.
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// Who the token belongs to; the device channel's cheap check that the token is valid
    /// (refreshed by `with_server` when it expired) before it dials.
    pub(crate) fn me(&self, token: &str) -> Result<adiuva_protocol::UserProfile, CloudError> {
        self.call("GET", "/auth/me", Some(token), None::<&()>)
    }

    /// A token for one of this device's agents to reach it through the server's `/mcp`.
    pub(crate) fn create_agent_token(
        &self,
        token: &str,
        request: &adiuva_protocol::AgentTokenRequest,
    ) -> Result<adiuva_protocol::AgentTokenCreated, CloudError> {
        self.call("POST", "/agent-tokens", Some(token), Some(request))
    }

    /// The user's live agent tokens.
    pub(crate) fn agent_tokens(
        &self,
        token: &str,
    ) -> Result<adiuva_protocol::AgentTokenList, CloudError> {
        self.call("GET", "/agent-tokens", Some(token), None::<&()>)
    }

    pub(crate) fn revoke_agent_token(&self, token: &str, id: &str) -> Result<Done, CloudError> {
        self.call(
            "DELETE",
            &format!("/agent-tokens/{id}"),
            Some(token),
            None::<&()>,
        )
    }

    pub(crate) fn envelope(&self, token: &str) -> Result<KeyEnvelopeDoc, CloudError> {
        self.call("GET", "/vault/envelope", Some(token), None::<&()>)
    }

    pub(crate) fn put_envelope(
        &self,
        token: &str,
        put: &KeyEnvelopePut,
    ) -> Result<KeyEnvelopeDoc, CloudError> {
        self.call("PUT", "/vault/envelope", Some(token), Some(put))
    }
}

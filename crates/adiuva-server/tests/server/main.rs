//! The real server on a loopback port, driven over HTTP: accounts and tokens, the seed's
//! record contract, batch push and the change feed, vectors, the key envelope, agent tokens and
//! the relay between `/mcp` and a device's channel, isolation
//! between users, quotas, rate limits, size limits and error bodies.

mod accounts;
mod agents;
mod backups;
mod limits;
mod openapi;
mod records;
mod schemathesis;
mod sync;
mod vectors;

use std::path::Path;

use adiuva_protocol::{AuthTokens, Credentials, KdfInfo, Registration};
use adiuva_server::ServerConfig;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The server on a loopback port until dropped.
pub struct Running {
    pub base: String,
    _server: adiuva_server::Background,
}

impl Running {
    pub fn start(data_dir: &Path, config: ServerConfig) -> Self {
        let server = adiuva_server::Background::start(data_dir, config).expect("the server starts");
        Self {
            base: format!("http://{}/api/v1", server.addr),
            _server: server,
        }
    }
}

/// An answer: its status, headers we look at, and its body as JSON (or raw bytes).
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub checksum: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    pub fn parse<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.bytes).unwrap_or_else(|e| {
            panic!(
                "unexpected body ({e}): {}",
                String::from_utf8_lossy(&self.bytes)
            )
        })
    }

    /// The stable error code of an error answer.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// A client of one server, optionally signed in.
pub struct Client {
    base: String,
    agent: ureq::Agent,
    pub token: Option<String>,
}

impl Client {
    pub fn new(server: &Running) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Self {
            base: server.base.clone(),
            agent,
            token: None,
        }
    }

    fn finish(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        let mut response = response.expect("the server answers");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (retry_after, checksum, content_type) = (
            header("retry-after"),
            header("x-checksum").or_else(|| header("x-backup-checksum")),
            header("content-type"),
        );
        Answer {
            status: response.status().as_u16(),
            retry_after,
            checksum,
            content_type,
            bytes: response
                .body_mut()
                .with_config()
                .limit(256 * 1024 * 1024)
                .read_to_vec()
                .unwrap(),
        }
    }

    fn auth(&self) -> String {
        format!("Bearer {}", self.token.as_deref().unwrap_or_default())
    }

    pub fn get(&self, path: &str) -> Answer {
        Self::finish(
            self.agent
                .get(format!("{}{path}", self.base))
                .header("authorization", self.auth())
                .call(),
        )
    }

    /// A GET with extra headers.
    pub fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("authorization", self.auth());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Self::finish(request.call())
    }

    /// A PUT of raw bytes with extra headers.
    pub fn put_with(&self, path: &str, body: &[u8], headers: &[(&str, &str)]) -> Answer {
        let mut request = self
            .agent
            .put(format!("{}{path}", self.base))
            .header("authorization", self.auth())
            .header("content-type", "application/octet-stream");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Self::finish(request.send(body))
    }

    pub fn delete(&self, path: &str) -> Answer {
        Self::finish(
            self.agent
                .delete(format!("{}{path}", self.base))
                .header("authorization", self.auth())
                .call(),
        )
    }

    /// A DELETE with a JSON body (the seed's vector delete).
    pub fn delete_json(&self, path: &str, body: &impl Serialize) -> Answer {
        Self::finish(
            self.agent
                .delete(format!("{}{path}", self.base))
                .force_send_body()
                .header("authorization", self.auth())
                .header("content-type", "application/json")
                .send(serde_json::to_vec(body).unwrap()),
        )
    }

    pub fn send(&self, method: &str, path: &str, body: &impl Serialize) -> Answer {
        self.send_raw(method, path, &serde_json::to_vec(body).unwrap())
    }

    pub fn send_raw(&self, method: &str, path: &str, body: &[u8]) -> Answer {
        let url = format!("{}{path}", self.base);
        let request = match method {
            "POST" => self.agent.post(url),
            "PUT" => self.agent.put(url),
            "PATCH" => self.agent.patch(url),
            other => panic!("no {other} with a body"),
        };
        Self::finish(
            request
                .header("authorization", self.auth())
                .header("content-type", "application/json")
                .send(body),
        )
    }

    /// Registers `email` and keeps the access token.
    pub fn register(&mut self, email: &str) -> AuthTokens {
        let answer = self.send("POST", "/auth/register", &registration(email));
        assert_eq!(answer.status, 200, "register: {}", answer.json());
        let tokens: AuthTokens = answer.parse();
        self.token = Some(tokens.access_token.clone());
        tokens
    }
}

pub fn credentials(email: &str) -> Credentials {
    Credentials {
        email: email.to_owned(),
        password: format!("derived-auth-key-of-{}", email.to_lowercase()),
    }
}

pub fn registration(email: &str) -> Registration {
    let Credentials { email, password } = credentials(email);
    Registration {
        email,
        password,
        kdf: KdfInfo {
            memory_kib: 19 * 1024,
            iterations: 2,
            lanes: 1,
            salt: vec![9; 16],
        },
    }
}

pub fn checksum(blob: &[u8]) -> String {
    Sha256::digest(blob)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

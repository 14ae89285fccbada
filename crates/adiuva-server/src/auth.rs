//! Accounts' secrets on the server: argon2id hashes of the device-derived authentication
//! key, signed short-lived access tokens (HS256 JWT), and one-use refresh tokens kept only as
//! sha256 hashes, rotated on every use with reuse detection.

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHasher, PasswordVerifier},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// OWASP's argon2id floor (19 MiB, 2 passes): the input is already a high-entropy derived
/// key, so the hash guards a stolen database, not a weak password.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    // The salt comes from here so argon2's own RNG feature stays off: feature unification
    // would hand it to the device's crypto crate, which must draw no randomness itself.
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ApiError::Internal(format!("random: {e}")))?;
    hasher()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::Internal(format!("hashing: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    hasher().verify_password(password.as_bytes(), hash).is_ok()
}

/// What an access token says.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    pub tier: String,
    pub exp: i64,
    pub iat: i64,
}

/// The server's signing key, random per data directory.
pub struct Signer {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Signer {
    pub fn new(secret: &[u8]) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    pub fn issue(&self, claims: &Claims) -> Result<String, ApiError> {
        jsonwebtoken::encode(&Header::default(), claims, &self.encoding)
            .map_err(|e| ApiError::Internal(format!("signing: {e}")))
    }

    /// The claims of a valid, unexpired token (no leeway).
    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        let validation = Validation {
            leeway: 0,
            ..Validation::default()
        };
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => ApiError::Unauthorized("token_expired"),
                _ => ApiError::Unauthorized("invalid_token"),
            })
    }
}

/// A new random token: its text (given once to the client) and the hash stored.
pub fn new_refresh_token() -> Result<(String, [u8; 32]), ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::Internal(format!("random: {e}")))?;
    let text = URL_SAFE_NO_PAD.encode(bytes);
    let hash = refresh_hash(&text);
    Ok((text, hash))
}

pub fn refresh_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Loads the signing secret of `data_dir`, creating it (owner-only) on first start.
pub fn signing_secret(data_dir: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let path = data_dir.join("signing.key");
    match std::fs::read(&path) {
        Ok(secret) if secret.len() >= 32 => Ok(secret),
        Ok(_) => Err(std::io::Error::other(format!(
            "{} is shorter than 32 bytes",
            path.display()
        ))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let mut secret = vec![0u8; 64];
            getrandom::fill(&mut secret).map_err(|e| std::io::Error::other(e.to_string()))?;
            write_private(&path, &secret)?;
            Ok(secret)
        }
        Err(err) => Err(err),
    }
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

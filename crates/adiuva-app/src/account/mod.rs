//! The account on a sync server: sign up (this vault's envelope goes to the server), sign in
//! on another device (the passphrase is checked against the envelope's key test before
//! anything is written here), sign out. Tokens live in the OS keyring, and while in use in
//! zeroized memory (`tokens.rs`); SQLite keeps the server's address and the email.

mod client;
mod tokens;

use std::sync::Arc;

pub(crate) use client::Cloud;
pub use client::CloudError;
pub(crate) use tokens::{HeldTokens, SignedIn};

use adiuva_crypto::{KdfParams, KeyEnvelope, derive_auth_key};
use adiuva_domain::{Reason, ValidationError, provider::validate_base_url};
use adiuva_protocol::{Credentials, KdfInfo, KeyEnvelopePut, Registration};
use adiuva_store::{
    account::{self, StoredAccount},
    vault::{self as vault_store, StoredVault},
};
use serde::{Deserialize, Serialize};

use crate::{AppError, Conflict, VaultError, Workspace};

/// Whether this device is signed in, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountStatus {
    pub signed_in: bool,
    pub server_url: Option<String>,
    pub email: Option<String>,
}

fn check_email(email: &str) -> Result<String, ValidationError> {
    let email = email.trim().to_lowercase();
    let parts: Vec<&str> = email.split('@').collect();
    if email.len() > 254
        || parts.len() != 2
        || parts.iter().any(|p| p.is_empty())
        || email.contains(char::is_whitespace)
    {
        return Err(ValidationError::new("email", Reason::InvalidEmail));
    }
    Ok(email)
}

fn check_server(url: &str) -> Result<String, ValidationError> {
    validate_base_url(url).map_err(|e| ValidationError::new("server_url", e.reason))
}

impl Workspace {
    /// The client of the server at `server_url`. One is kept and reused while the address
    /// stays the same: its connections stay open between calls, so a sync's pages and
    /// batches do not each open a connection (and a TLS session) of their own.
    fn cloud(&self, server_url: &str) -> Arc<Cloud> {
        let mut kept = self
            .cloud
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*kept {
            Some((url, cloud)) if url == server_url => cloud.clone(),
            _ => {
                let cloud = Arc::new(Cloud::new(server_url, self.http_timeout));
                *kept = Some((server_url.to_owned(), cloud.clone()));
                cloud
            }
        }
    }

    /// Records the account; the previous sign-in's tokens leave the keyring.
    fn save_account(
        &self,
        server_url: &str,
        email: &str,
        keyring_entry: String,
        tier: Option<String>,
    ) -> Result<AccountStatus, AppError> {
        let stored = StoredAccount {
            server_url: server_url.to_owned(),
            email: email.to_owned(),
            keyring_entry,
            signed_in_at: self.clock.now(),
            tier,
        };
        let previous = self.write(|tx| {
            let previous = account::get(tx)?;
            account::put(tx, &stored)?;
            Ok(previous)
        })?;
        // The device channel dials the new account (or redials with the new tokens).
        self.device_channel().wake();
        if let Some(previous) = previous {
            self.secrets
                .delete(&previous.keyring_entry)
                .map_err(VaultError::from)?;
        }
        self.account_status()
    }

    /// Gives the server a new envelope and the authentication key that goes with it (after
    /// a passphrase change, a new recovery key or a rotation), before the device keeps it, so
    /// other devices can still sign in. Without an account there is nothing to tell; an
    /// unreachable server refuses the change (`offline`) rather than lock other devices out.
    pub(crate) fn publish_envelope(
        &self,
        envelope: &KeyEnvelope,
        auth_key: &adiuva_crypto::AuthKey,
    ) -> Result<(), AppError> {
        if !self.account_status()?.signed_in {
            return Ok(());
        }
        let update = |version: u64| adiuva_protocol::CredentialsUpdate {
            password: hex::encode(auth_key.expose()),
            kdf: KdfInfo {
                memory_kib: envelope.kdf.memory_kib,
                iterations: envelope.kdf.iterations,
                lanes: envelope.kdf.lanes,
                salt: envelope.salt().to_vec(),
            },
            envelope: envelope.encode(),
            expected_version: version,
        };
        self.with_server(|cloud, token| {
            let current = cloud.envelope(token)?.version;
            cloud.update_credentials(token, &update(current))
        })?;
        Ok(())
    }

    /// Where this device is signed in, if anywhere.
    pub fn account_status(&self) -> Result<AccountStatus, AppError> {
        let stored = self.read(|conn| Ok(account::get(conn)?))?;
        Ok(AccountStatus {
            signed_in: stored.is_some(),
            server_url: stored.as_ref().map(|a| a.server_url.clone()),
            email: stored.map(|a| a.email),
        })
    }

    /// Creates an account for this workspace's vault on `server_url`: the passphrase derives
    /// the authentication key (the server never sees the passphrase) and the key envelope is
    /// uploaded so other devices can sign in.
    pub fn sign_up(
        &self,
        server_url: &str,
        email: &str,
        passphrase: &str,
    ) -> Result<AccountStatus, AppError> {
        let server_url = check_server(server_url)?;
        let email = check_email(email)?;
        let stored = self.stored_vault()?;
        let envelope = Self::envelope(&stored)?;
        let (_, auth_key) = envelope.unlock(passphrase.as_bytes())?;
        let cloud = self.cloud(&server_url);
        let tokens = cloud.register(&Registration {
            email: email.clone(),
            password: hex::encode(auth_key.expose()),
            kdf: KdfInfo {
                memory_kib: envelope.kdf.memory_kib,
                iterations: envelope.kdf.iterations,
                lanes: envelope.kdf.lanes,
                salt: envelope.salt().to_vec(),
            },
        })?;
        cloud.put_envelope(
            &tokens.access_token,
            &KeyEnvelopePut {
                vault_id: hex::encode(stored.vault_id),
                envelope: stored.envelope,
                expected_version: 0,
            },
        )?;
        // The plan only raises limits: without an answer the free tier applies.
        let tier = cloud.me(&tokens.access_token).ok().map(|me| me.tier);
        let entry = self.save_tokens(&tokens)?;
        self.save_account(&server_url, &email, entry, tier)
    }

    /// Signs this device into an existing account. The server's key envelope must open with
    /// `passphrase` (its key test) before anything is written here; a workspace that already
    /// has another vault is refused. Without a local vault, the account's vault becomes this
    /// workspace's and is left unlocked.
    pub fn sign_in(
        &self,
        server_url: &str,
        email: &str,
        passphrase: &str,
    ) -> Result<AccountStatus, AppError> {
        let server_url = check_server(server_url)?;
        let email = check_email(email)?;
        let cloud = self.cloud(&server_url);
        let kdf = cloud.params(&email)?;
        let salt: [u8; 16] = kdf
            .salt
            .as_slice()
            .try_into()
            .map_err(|_| CloudError::Malformed("a salt that is not 16 bytes".into()))?;
        let params = KdfParams {
            memory_kib: kdf.memory_kib,
            iterations: kdf.iterations,
            lanes: kdf.lanes,
        };
        let auth_key = derive_auth_key(passphrase.as_bytes(), params, &salt)?;
        let tokens = cloud.login(&Credentials {
            email: email.clone(),
            password: hex::encode(auth_key.expose()),
        })?;
        let doc = cloud.envelope(&tokens.access_token)?;
        let tier = cloud.me(&tokens.access_token).ok().map(|me| me.tier);
        let envelope = KeyEnvelope::decode(&doc.envelope).map_err(VaultError::from)?;
        let (vault_key, _) = envelope.unlock(passphrase.as_bytes())?;
        let vault_id: [u8; 16] = hex::decode(&doc.vault_id)
            .ok()
            .and_then(|id| id.try_into().ok())
            .ok_or_else(|| CloudError::Malformed("a vault id that is not 16 bytes".into()))?;

        // Verified: from here on this device writes, the keyring first so that an unavailable
        // keyring leaves nothing behind.
        let entry = self.save_tokens(&tokens)?;
        let local = self.read(|conn| Ok(vault_store::get(conn)?))?;
        match local {
            Some(local) if local.vault_id != vault_id => {
                self.secrets.delete(&entry).map_err(VaultError::from)?;
                return Err(Conflict::OtherVault.into());
            }
            Some(_) => {}
            None => {
                let now = self.clock.now();
                let stored = StoredVault {
                    vault_id,
                    envelope: doc.envelope,
                    device_wrap: None,
                    auto_lock_minutes: None,
                    created_at: now,
                    updated_at: now,
                };
                let written = self.write(|tx| {
                    if vault_store::get(tx)?.is_some() {
                        return Err(Conflict::OtherVault.into());
                    }
                    Ok(vault_store::put(tx, &stored)?)
                });
                if let Err(err) = written {
                    self.secrets.delete(&entry).map_err(VaultError::from)?;
                    return Err(err);
                }
            }
        }
        self.open_session(vault_key, envelope.key_id);
        self.save_account(&server_url, &email, entry, tier)
    }

    /// Forgets the account on this device: its tokens leave the keyring, its address the
    /// database. Local data and the vault stay.
    pub fn sign_out(&self) -> Result<AccountStatus, AppError> {
        if let Some(stored) = self.read(|conn| Ok(account::get(conn)?))? {
            self.forget_tokens();
            self.secrets
                .delete(&stored.keyring_entry)
                .map_err(VaultError::from)?;
            self.write(|tx| Ok(account::delete(tx)?))?;
            self.device_channel().wake();
        }
        self.account_status()
    }
}

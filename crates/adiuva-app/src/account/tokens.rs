//! The sign-in's tokens: kept in the OS keyring (one entry per workspace); while this
//! workspace uses them, the access token is also held in zeroized memory, so a sync round
//! does not ask the keyring (a D-Bus exchange) for every page it pulls or batch it pushes.
//!
//! Another process on the same workspace (the app and the CLI, say) may refresh meanwhile:
//! the server then rotates the refresh token. So an expired access token sends this
//! workspace back to the keyring first, for a newer access token or the current refresh
//! token; a refresh token is never kept in memory, and a stale copy can never be replayed
//! (which would revoke the whole sign-in).

use std::sync::Arc;

use adiuva_protocol::AuthTokens;
use adiuva_store::account;
use zeroize::Zeroizing;

use super::{Cloud, CloudError};
use crate::{AppError, VaultError, Workspace};

/// The signed-in server: its client and the keyring entry of its tokens.
pub(crate) struct SignedIn {
    cloud: Arc<Cloud>,
    entry: String,
}

/// The access token of one keyring entry, as last read or written by this workspace. The
/// refresh token is never held: refreshing always reads it from the keyring.
pub(crate) struct HeldTokens {
    entry: String,
    access: Zeroizing<String>,
}

impl Workspace {
    /// Puts the tokens in a keyring entry of their own (one per workspace, so two workspaces
    /// of one person never share a sign-in) and returns its name.
    pub(super) fn save_tokens(&self, tokens: &AuthTokens) -> Result<String, AppError> {
        let entry = format!("account-{}", uuid::Uuid::now_v7());
        self.keep_tokens(&entry, tokens)?;
        Ok(entry)
    }

    /// Writes `tokens` to the keyring entry `entry` (as a JSON pair, wiped after), and holds
    /// them.
    pub(super) fn keep_tokens(&self, entry: &str, tokens: &AuthTokens) -> Result<(), AppError> {
        let pair = (&tokens.access_token, &tokens.refresh_token);
        let json =
            Zeroizing::new(serde_json::to_vec(&pair).expect("a pair of strings always serializes"));
        self.secrets.set(entry, &json).map_err(VaultError::from)?;
        self.hold(HeldTokens {
            entry: entry.to_owned(),
            access: Zeroizing::new(tokens.access_token.clone()),
        });
        Ok(())
    }

    /// Drops the held tokens (signing out, or a sign-in the server no longer knows).
    pub(super) fn forget_tokens(&self) {
        *self.held_tokens() = None;
    }

    /// Runs `call` against the signed-in server with a valid access token, refreshing it
    /// once (and keeping the rotated tokens) when the server says it expired.
    pub(crate) fn with_server<T>(
        &self,
        call: impl Fn(&Cloud, &str) -> Result<T, CloudError>,
    ) -> Result<T, AppError> {
        self.call_server(&self.signed_in_server()?, call)
    }

    /// The server this device is signed in to, for several calls in a row: a sync reads
    /// the account once, not before each page or batch (a push's sending thread waited for
    /// the database while the acknowledging one wrote to it).
    pub(crate) fn signed_in_server(&self) -> Result<SignedIn, AppError> {
        let stored = self
            .read(|conn| Ok(account::get(conn)?))?
            .ok_or(CloudError::NotSignedIn)?;
        Ok(SignedIn {
            cloud: self.cloud(&stored.server_url),
            entry: stored.keyring_entry,
        })
    }

    /// [`Workspace::with_server`] on a server looked up before.
    pub(crate) fn call_server<T>(
        &self,
        server: &SignedIn,
        call: impl Fn(&Cloud, &str) -> Result<T, CloudError>,
    ) -> Result<T, AppError> {
        let (cloud, entry) = (&*server.cloud, &server.entry);
        let used = match self.held_access(entry) {
            Some(access) => access,
            None => self.read_tokens(entry)?.0,
        };
        match call(cloud, &used) {
            Err(CloudError::Refused {
                status: 401, code, ..
            }) if code == "token_expired" => {
                let (access, refresh) = self.read_tokens(entry)?;
                if *access != *used {
                    // Refreshed by another process: its tokens, not a spent refresh token.
                    match call(cloud, &access) {
                        Err(CloudError::Refused {
                            status: 401, code, ..
                        }) if code == "token_expired" => {}
                        other => return Ok(other?),
                    }
                }
                let tokens = cloud.refresh(&refresh)?;
                self.keep_tokens(entry, &tokens)?;
                Ok(call(cloud, &tokens.access_token)?)
            }
            Err(refused @ CloudError::Refused { status: 401, .. }) => {
                self.forget_tokens();
                Err(refused.into())
            }
            other => Ok(other?),
        }
    }

    /// The held access token of `entry`, if any.
    fn held_access(&self, entry: &str) -> Option<Zeroizing<String>> {
        self.held_tokens()
            .as_ref()
            .filter(|held| held.entry == entry)
            .map(|held| held.access.clone())
    }

    /// Reads the tokens of `entry` from the keyring, and holds them.
    fn read_tokens(&self, entry: &str) -> Result<(Zeroizing<String>, Zeroizing<String>), AppError> {
        let secret = self
            .secrets
            .get(entry)
            .map_err(VaultError::from)?
            .ok_or(VaultError::NotRemembered)?;
        let (access, refresh): (String, String) = serde_json::from_slice(&secret)
            .map_err(|_| VaultError::Corrupted("the keyring holds malformed tokens".into()))?;
        let (access, refresh) = (Zeroizing::new(access), Zeroizing::new(refresh));
        self.hold(HeldTokens {
            entry: entry.to_owned(),
            access: access.clone(),
        });
        Ok((access, refresh))
    }

    fn hold(&self, tokens: HeldTokens) {
        *self.held_tokens() = Some(tokens);
    }

    fn held_tokens(&self) -> std::sync::MutexGuard<'_, Option<HeldTokens>> {
        self.tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

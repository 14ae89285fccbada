//! "Remember on this device": a device secret in the OS keyring unwraps the vault key, so
//! the app opens without the passphrase. Without a working keyring the person is told so and
//! asked for the passphrase; nothing is ever written to disk in its place.

use adiuva_crypto::{
    DeviceSecret, KeyEnvelope, KeyId, VaultKey, unwrap_for_device, wrap_for_device,
};
use adiuva_store::vault;

use super::{Session, VaultError, VaultStatus, system_rng};
use crate::{AppError, Workspace};

/// The keyring entry of one vault's device secret.
fn entry_name(vault_id: &[u8; 16]) -> String {
    format!("vault-{}", hex::encode(vault_id))
}

impl Workspace {
    /// The vault key wrapped by this device's secret, creating the secret in the keyring
    /// when there is none yet.
    pub(crate) fn device_wrap(
        &self,
        vault_id: &[u8; 16],
        key: &VaultKey,
        key_id: KeyId,
    ) -> Result<Vec<u8>, AppError> {
        let name = entry_name(vault_id);
        let secret = match self.secrets.get(&name).map_err(VaultError::from)? {
            Some(bytes) => DeviceSecret::from_bytes(bytes.as_slice().try_into().map_err(|_| {
                VaultError::Corrupted("the keyring holds a malformed device secret".into())
            })?),
            None => {
                let secret = DeviceSecret::random(&mut system_rng());
                self.secrets
                    .set(&name, secret.expose())
                    .map_err(VaultError::from)?;
                secret
            }
        };
        Ok(wrap_for_device(key, key_id, &secret, &mut system_rng()))
    }

    /// Turns "remember on this device" on (the vault must be unlocked) or off (the keyring
    /// entry is deleted and the wrapped key forgotten).
    pub fn remember_on_device(&self, remember: bool) -> Result<VaultStatus, AppError> {
        let mut stored = self.read(|conn| vault::get(conn)?.ok_or(VaultError::NoVault.into()))?;
        if remember {
            let (key, key_id) = self.vault_key()?;
            let wrap = self.device_wrap(&stored.vault_id, &key, key_id)?;
            stored.device_wrap = Some(wrap);
        } else {
            self.secrets
                .delete(&entry_name(&stored.vault_id))
                .map_err(VaultError::from)?;
            stored.device_wrap = None;
        }
        stored.updated_at = self.clock.now();
        self.write(|tx| Ok(vault::put(tx, &stored)?))?;
        self.vault_status()
    }

    /// Unlocks from the OS keyring when this device is remembered; says why not otherwise
    /// (`NotRemembered`, or the keyring is unavailable), so the app can ask for the passphrase.
    pub fn unlock_from_device(&self) -> Result<VaultStatus, AppError> {
        let stored = self.read(|conn| vault::get(conn)?.ok_or(VaultError::NoVault.into()))?;
        if matches!(*self.session(), Session::Unlocked { .. }) {
            return self.vault_status();
        }
        let Some(wrap) = &stored.device_wrap else {
            return Err(VaultError::NotRemembered.into());
        };
        let secret = self
            .secrets
            .get(&entry_name(&stored.vault_id))
            .map_err(VaultError::from)?;
        let Some(secret) = secret else {
            return Err(VaultError::NotRemembered.into());
        };
        let secret = DeviceSecret::from_bytes(secret.as_slice().try_into().map_err(|_| {
            VaultError::Corrupted("the keyring holds a malformed device secret".into())
        })?);
        let (key_id, key) = unwrap_for_device(wrap, &secret).map_err(VaultError::from)?;
        let envelope = KeyEnvelope::decode(&stored.envelope).map_err(VaultError::from)?;
        envelope.verify(&key).map_err(VaultError::from)?;
        self.open_session(key, key_id);
        self.vault_status()
    }
}

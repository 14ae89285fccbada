//! Use cases of the vault's life: create, unlock (passphrase or recovery key), lock, change
//! the passphrase, regenerate the recovery key, auto-lock.

use adiuva_crypto::{KeyEnvelope, KeyId, RecoveryKey, VaultKey};
use adiuva_domain::{Reason, ValidationError};
use adiuva_store::vault::{self, StoredVault};
use getrandom::rand_core::Rng;

use super::{
    RecoveryKeyShown, Session, VaultError, VaultState, VaultStatus, passphrase_strength, system_rng,
};
use crate::{AppError, Change, Entity, Workspace};

/// Words an attacker would try first against an Adiuva vault.
const CONTEXT_WORDS: &[&str] = &["adiuva", "vault", "passphrase"];

/// Refuses a new passphrase that is not repeated exactly or is too easy to guess.
fn check_new_passphrase(passphrase: &str, confirmation: &str) -> Result<(), ValidationError> {
    if passphrase != confirmation {
        return Err(ValidationError::new("confirmation", Reason::Mismatch));
    }
    if !passphrase_strength(passphrase, CONTEXT_WORDS).acceptable {
        return Err(ValidationError::new("passphrase", Reason::TooWeak));
    }
    Ok(())
}

impl Workspace {
    pub(crate) fn stored_vault(&self) -> Result<StoredVault, AppError> {
        self.read(|conn| vault::get(conn)?.ok_or(VaultError::NoVault.into()))
    }

    pub(crate) fn envelope(stored: &StoredVault) -> Result<KeyEnvelope, AppError> {
        Ok(KeyEnvelope::decode(&stored.envelope).map_err(VaultError::from)?)
    }

    pub(crate) fn open_session(&self, key: VaultKey, key_id: KeyId) {
        *self.session() = Session::Unlocked {
            key,
            key_id,
            last_activity: self.clock.now(),
        };
        self.emit(Entity::Vault, "", Change::Updated);
    }

    /// Writes a changed vault row; the caller built it from the current one.
    fn save_vault(&self, stored: &StoredVault) -> Result<(), AppError> {
        self.write(|tx| Ok(vault::put(tx, stored)?))
    }

    /// Where the vault stands; locks it first if it has been idle past its auto-lock time.
    pub fn vault_status(&self) -> Result<VaultStatus, AppError> {
        let Some(stored) = self.read(|conn| Ok(vault::get(conn)?))? else {
            return Ok(VaultStatus {
                state: VaultState::None,
                remembered: false,
                auto_lock_minutes: None,
                key_generation: None,
                rotation: None,
            });
        };
        let envelope = Self::envelope(&stored)?;
        let now = self.clock.now();
        let mut session = self.session();
        if let (Session::Unlocked { last_activity, .. }, Some(minutes)) =
            (&*session, stored.auto_lock_minutes)
            && now.0 - last_activity.0 >= i64::from(minutes) * 60_000
        {
            *session = Session::Locked;
            drop(session);
            self.emit(Entity::Vault, "", Change::Updated);
            session = self.session();
        }
        let unlocked = matches!(*session, Session::Unlocked { .. });
        drop(session);
        Ok(VaultStatus {
            state: if unlocked {
                VaultState::Unlocked
            } else {
                VaultState::Locked
            },
            remembered: stored.device_wrap.is_some(),
            auto_lock_minutes: stored.auto_lock_minutes,
            key_generation: Some(envelope.key_id.0),
            rotation: self.rotation_progress()?,
        })
    }

    /// Records activity so auto-lock counts from now (the UI calls it on input, throttled).
    pub fn note_vault_activity(&self) {
        let now = self.clock.now();
        if let Session::Unlocked { last_activity, .. } = &mut *self.session() {
            *last_activity = now;
        }
    }

    /// Creates the vault: `passphrase` typed twice and hard to guess. Returns the recovery
    /// key, which is shown once and never stored. The vault is left unlocked.
    pub fn create_vault(
        &self,
        passphrase: &str,
        confirmation: &str,
    ) -> Result<RecoveryKeyShown, AppError> {
        check_new_passphrase(passphrase, confirmation)?;
        if self.read(|conn| Ok(vault::get(conn)?))?.is_some() {
            return Err(VaultError::AlreadyExists.into());
        }
        let mut rng = system_rng();
        // The key derivation runs before any database lock is taken.
        let created = KeyEnvelope::create(passphrase.as_bytes(), self.kdf, KeyId(1), &mut rng)?;
        let mut vault_id = [0u8; 16];
        rng.fill_bytes(&mut vault_id);
        let now = self.clock.now();
        let stored = StoredVault {
            vault_id,
            envelope: created.envelope.encode(),
            device_wrap: None,
            auto_lock_minutes: None,
            created_at: now,
            updated_at: now,
        };
        self.write(|tx| {
            if vault::get(tx)?.is_some() {
                return Err(VaultError::AlreadyExists.into());
            }
            Ok(vault::put(tx, &stored)?)
        })?;
        self.open_session(created.vault_key.clone(), KeyId(1));
        Ok(RecoveryKeyShown {
            recovery_key: created.recovery_key.to_string(),
        })
    }

    /// Unlocks with the passphrase.
    pub fn unlock_vault(&self, passphrase: &str) -> Result<VaultStatus, AppError> {
        let envelope = Self::envelope(&self.stored_vault()?)?;
        let (key, _auth) = envelope.unlock(passphrase.as_bytes())?;
        self.open_session(key.clone(), envelope.key_id);
        self.pick_up_rotation(passphrase, &key, envelope.key_id);
        self.vault_status()
    }

    /// Unlocks with the recovery key as typed (case, dashes and look-alike letters don't matter).
    pub fn unlock_vault_with_recovery_key(&self, typed: &str) -> Result<VaultStatus, AppError> {
        let recovery = RecoveryKey::parse(typed)?;
        let envelope = Self::envelope(&self.stored_vault()?)?;
        let key = envelope.recover(&recovery)?;
        self.open_session(key, envelope.key_id);
        self.vault_status()
    }

    /// Forgets the vault key in memory (it is zeroized). Remembered devices stay remembered.
    pub fn lock_vault(&self) -> Result<VaultStatus, AppError> {
        *self.session() = Session::Locked;
        self.emit(Entity::Vault, "", Change::Updated);
        self.vault_status()
    }

    /// Replaces the passphrase. Only the key envelope is rewritten: the vault key, and so
    /// every sealed record, stays as it is; the recovery key keeps working.
    pub fn change_passphrase(
        &self,
        current: &str,
        new: &str,
        confirmation: &str,
    ) -> Result<VaultStatus, AppError> {
        check_new_passphrase(new, confirmation)?;
        let mut stored = self.stored_vault()?;
        let envelope = Self::envelope(&stored)?;
        let (key, _) = envelope.unlock(current.as_bytes())?;
        let (changed, auth) =
            envelope.change_passphrase(&key, new.as_bytes(), self.kdf, &mut system_rng())?;
        self.publish_envelope(&changed, &auth)?;
        stored.envelope = changed.encode();
        stored.updated_at = self.clock.now();
        self.save_vault(&stored)?;
        self.open_session(key, changed.key_id);
        self.vault_status()
    }

    /// Issues a new recovery key (shown once); the old one stops working.
    pub fn regenerate_recovery_key(&self, passphrase: &str) -> Result<RecoveryKeyShown, AppError> {
        let mut stored = self.stored_vault()?;
        let envelope = Self::envelope(&stored)?;
        let (key, auth) = envelope.unlock(passphrase.as_bytes())?;
        let (changed, recovery) = envelope.regenerate_recovery_key(&key, &mut system_rng())?;
        self.publish_envelope(&changed, &auth)?;
        stored.envelope = changed.encode();
        stored.updated_at = self.clock.now();
        self.save_vault(&stored)?;
        Ok(RecoveryKeyShown {
            recovery_key: recovery.to_string(),
        })
    }

    /// Locks the vault after `minutes` without activity; `None` never.
    pub fn set_auto_lock(&self, minutes: Option<u32>) -> Result<VaultStatus, AppError> {
        if minutes == Some(0) {
            return Err(ValidationError::new("auto_lock_minutes", Reason::Empty).into());
        }
        let mut stored = self.stored_vault()?;
        stored.auto_lock_minutes = minutes;
        stored.updated_at = self.clock.now();
        self.save_vault(&stored)?;
        self.note_vault_activity();
        self.vault_status()
    }

    /// The unlocked vault key and its generation, for sealing (sync, backups).
    pub fn vault_key(&self) -> Result<(VaultKey, KeyId), AppError> {
        if self.vault_status()?.state == VaultState::None {
            return Err(VaultError::NoVault.into());
        }
        match &*self.session() {
            Session::Unlocked { key, key_id, .. } => Ok((key.clone(), *key_id)),
            Session::Locked => Err(VaultError::Locked.into()),
        }
    }
}

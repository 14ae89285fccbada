//! Key rotation: a new vault key generation (after a device is lost), then every sealed
//! record re-sealed under it in small transactions, resumable after a crash, with progress.
//!
//! Starting a rotation writes, in one transaction, the new key envelope and the old vault key
//! wrapped by the new one (the retiring key). Each batch then re-seals some records; the
//! batch that leaves none under the old key also deletes the retiring key, and with it the
//! last way to the old key. A crash between batches loses nothing: the next unlock (by
//! passphrase, recovery key or device) finds the retiring key and carries on.
//!
//! Every synced record is marked pending in that same transaction, so the next sync seals it
//! again under the new generation and a device that only knows the new key opens it all.
//! Another device of the account learns of the rotation when its pull meets a record sealed
//! under a newer generation (it takes nothing and says so); unlocking it with the passphrase
//! then picks the new envelope up from the server the same way: the key it held becomes the
//! retiring key, its own records are re-sealed and go to the server again.

use adiuva_crypto::{KeyEnvelope, KeyId, VaultKey, unwrap_retiring_key, wrap_retiring_key};
use adiuva_store::{sealed, settings, sync_rows};
use serde::{Deserialize, Serialize};

use super::{RecoveryKeyShown, sealing, system_rng};
use crate::{AppError, Change, Conflict, Entity, Workspace};

/// The setting holding the newest key generation sync met on the server.
const NEWER_KEY_SEEN: &str = "sync.newer_key_seen";

/// How many records one re-sealing transaction handles.
pub const RESEAL_BATCH: usize = 200;

/// How far a rotation has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotationProgress {
    /// The generation records are moving to.
    pub key_generation: u32,
    /// Records already under the new generation.
    pub done: u64,
    /// All sealed records.
    pub total: u64,
}

impl RotationProgress {
    pub const fn finished(&self) -> bool {
        self.done >= self.total
    }
}

impl Workspace {
    /// Replaces the vault key with a new generation: a new key envelope under the same
    /// passphrase and a new recovery key (shown once; the old one stops working). A remembered
    /// device is re-wrapped. Records are then re-sealed by [`Self::reseal_batch`] (the shell
    /// and the CLI run [`Self::finish_rotation`] in the background).
    pub fn rotate_vault_key(&self, passphrase: &str) -> Result<RecoveryKeyShown, AppError> {
        let mut stored = self.stored_vault()?;
        let old = Self::envelope(&stored)?;
        let (old_key, _) = old.unlock(passphrase.as_bytes())?;
        if self.read(|conn| Ok(sealed::retiring_key(conn)?))?.is_some() {
            return Err(Conflict::RotationUnderway.into());
        }
        let mut rng = system_rng();
        let next = KeyId(old.key_id.0 + 1);
        let created = KeyEnvelope::create(passphrase.as_bytes(), self.kdf, next, &mut rng)?;
        let retiring = wrap_retiring_key(&old_key, old.key_id, &created.vault_key, next, &mut rng);
        self.publish_envelope(&created.envelope, &created.auth_key)?;
        stored.envelope = created.envelope.encode();
        if stored.device_wrap.is_some() {
            stored.device_wrap =
                Some(self.device_wrap(&stored.vault_id, &created.vault_key, next)?);
        }
        stored.updated_at = self.clock.now();
        self.write(|tx| {
            if sealed::retiring_key(tx)?.is_some() {
                return Err(Conflict::RotationUnderway.into());
            }
            adiuva_store::vault::put(tx, &stored)?;
            sealed::set_retiring_key(tx, Some(&retiring))?;
            sync_rows::mark_all_pending(tx)?;
            Ok(())
        })?;
        self.open_session(created.vault_key.clone(), next);
        Ok(RecoveryKeyShown {
            recovery_key: created.recovery_key.to_string(),
        })
    }

    /// Remembers that sync met records sealed under generation `seen`, newer than this
    /// device's: the next unlock with the passphrase looks for it on the server.
    pub(crate) fn note_newer_key(&self, seen: KeyId) -> Result<(), AppError> {
        self.write(|tx| Ok(settings::set(tx, NEWER_KEY_SEEN, &seen.0.to_string())?))
    }

    /// After an unlock with `passphrase` (the session holding `held`, generation `held_id`),
    /// when sync has met a newer generation: the server's key envelope, rotated on another
    /// device, is taken as if this device had rotated itself. Only then does an unlock ask the
    /// server anything. Best effort: offline, or an envelope the passphrase does not open
    /// (changed elsewhere), leaves the device as it was, and its sync keeps saying why.
    pub(crate) fn pick_up_rotation(&self, passphrase: &str, held: &VaultKey, held_id: KeyId) {
        let seen = self
            .read(|conn| Ok(settings::get(conn, NEWER_KEY_SEEN)?))
            .ok()
            .flatten()
            .and_then(|seen| seen.parse::<u32>().ok());
        if seen.is_none_or(|seen| seen <= held_id.0) {
            return;
        }
        let Ok(doc) = self.with_server(|cloud, token| cloud.envelope(token)) else {
            return;
        };
        let Ok(newer) = KeyEnvelope::decode(&doc.envelope) else {
            return;
        };
        if newer.key_id.0 <= held_id.0 {
            return;
        }
        let Ok((key, _)) = newer.unlock(passphrase.as_bytes()) else {
            return;
        };
        let Ok(mut stored) = self.stored_vault() else {
            return;
        };
        stored.envelope = doc.envelope;
        if stored.device_wrap.is_some() {
            let Ok(wrap) = self.device_wrap(&stored.vault_id, &key, newer.key_id) else {
                return;
            };
            stored.device_wrap = Some(wrap);
        }
        stored.updated_at = self.clock.now();
        let retiring = wrap_retiring_key(held, held_id, &key, newer.key_id, &mut system_rng());
        let adopted = self.write(|tx| {
            // A rotation of this device's own still re-sealing: that one finishes first.
            if sealed::retiring_key(tx)?.is_some() {
                return Ok(false);
            }
            adiuva_store::vault::put(tx, &stored)?;
            sealed::set_retiring_key(tx, Some(&retiring))?;
            sync_rows::mark_all_pending(tx)?;
            settings::set(tx, NEWER_KEY_SEEN, "0")?;
            Ok::<_, AppError>(true)
        });
        if adopted.is_ok_and(|adopted| adopted) {
            self.open_session(key, newer.key_id);
            self.emit(Entity::Vault, "rotation", Change::Updated);
        }
    }

    /// The rotation under way, if any. Readable while locked (counts only).
    pub fn rotation_progress(&self) -> Result<Option<RotationProgress>, AppError> {
        self.read(|conn| {
            if sealed::retiring_key(conn)?.is_none() {
                return Ok(None);
            }
            let Some(stored) = adiuva_store::vault::get(conn)? else {
                return Ok(None);
            };
            let key_generation = Self::envelope(&stored)?.key_id.0;
            let (total, done) = sealed::counts(conn, key_generation)?;
            Ok(Some(RotationProgress {
                key_generation,
                done,
                total,
            }))
        })
    }

    /// Re-seals up to `limit` records under the current key, in one transaction, and returns
    /// the progress (`None` when no rotation is under way). Needs the vault unlocked.
    pub fn reseal_batch(&self, limit: usize) -> Result<Option<RotationProgress>, AppError> {
        let (key, key_id) = self.vault_key()?;
        let vault_id = self.stored_vault()?.vault_id;
        let mut rng = system_rng();
        let finished = self.write(|tx| {
            let Some(wrapped) = sealed::retiring_key(tx)? else {
                return Ok(None);
            };
            let (old_id, old_key) = unwrap_retiring_key(&wrapped, &key, key_id)?;
            for record in sealed::under_other_key(tx, key_id.0, limit)? {
                let sealed_record = adiuva_crypto::SealedRecord {
                    context: sealing::context(
                        vault_id,
                        &record.table,
                        &record.record_id,
                        record.clock,
                    ),
                    envelope: record.envelope,
                };
                let plain = open_old(&sealed_record, &old_key, old_id)?;
                let resealed = plain.seal(&key, key_id, &mut rng);
                sealed::put(tx, &sealing::stored(&resealed, record.clock, key_id.0))?;
            }
            let (total, done) = sealed::counts(tx, key_id.0)?;
            if done == total {
                sealed::set_retiring_key(tx, None)?;
            }
            Ok(Some(RotationProgress {
                key_generation: key_id.0,
                done,
                total,
            }))
        })?;
        if finished.is_some() {
            self.emit(Entity::Vault, "rotation", Change::Updated);
        }
        Ok(finished)
    }

    /// Re-seals batch after batch until the rotation is finished, reporting progress after
    /// each batch. Returns the final progress, or `None` when nothing was under way.
    pub fn finish_rotation(
        &self,
        mut progress: impl FnMut(RotationProgress),
    ) -> Result<Option<RotationProgress>, AppError> {
        let mut last = None;
        while let Some(now) = self.reseal_batch(RESEAL_BATCH)? {
            progress(now);
            last = Some(now);
            if now.finished() {
                break;
            }
        }
        Ok(last)
    }
}

/// Opens a record sealed under the retiring key. A record that does not open is damaged or
/// was tampered with: the rotation stops there rather than drop or overwrite it.
fn open_old(
    sealed_record: &adiuva_crypto::SealedRecord,
    old_key: &VaultKey,
    old_id: KeyId,
) -> Result<adiuva_crypto::PlainRecord, AppError> {
    sealed_record.open(old_key, old_id).map_err(|err| {
        crate::VaultError::Corrupted(format!(
            "sealed {} {} does not open under key {}: {err}",
            sealed_record.context.table, sealed_record.context.record_id, old_id.0
        ))
        .into()
    })
}

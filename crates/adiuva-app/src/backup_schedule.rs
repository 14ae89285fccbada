//! Automatic backups: the schedule a person chose for this device (a device setting, never
//! synced), and the check the desktop makes every minute. A backup is taken when the schedule
//! says one is due, the vault is unlocked and the device is signed in; otherwise nothing
//! happens and the check comes back later. A failed attempt waits an hour before the next.

use adiuva_domain::{BackupSchedule, Millis};
use adiuva_protocol::BackupMetadata;
use adiuva_store::settings;

use crate::{AppError, Change, Entity, VaultState, Workspace};

const SCHEDULE: &str = "backup.schedule";
/// When this device last stored a backup (millis), by hand or by schedule.
const LAST_STORED: &str = "backup.last_stored_at";
/// When this device last tried an automatic backup (millis).
const LAST_ATTEMPT: &str = "backup.last_attempt_at";

/// The settings that describe this device's backups, not the workspace: a restore keeps them.
pub(crate) const DEVICE_SETTINGS: &[&str] = &[SCHEDULE, LAST_STORED, LAST_ATTEMPT];

impl Workspace {
    pub fn backup_schedule(&self) -> Result<BackupSchedule, AppError> {
        let stored = self.read(|conn| Ok(settings::get(conn, SCHEDULE)?))?;
        Ok(stored
            .and_then(|s| s.parse().ok())
            .unwrap_or(BackupSchedule::Off))
    }

    pub fn set_backup_schedule(
        &self,
        schedule: BackupSchedule,
    ) -> Result<BackupSchedule, AppError> {
        self.write(|tx| Ok(settings::set(tx, SCHEDULE, schedule.as_str())?))?;
        self.emit(Entity::Vault, "backup-schedule", Change::Updated);
        Ok(schedule)
    }

    /// When this device last stored a backup.
    pub fn last_backup_at(&self) -> Result<Option<Millis>, AppError> {
        self.millis_setting(LAST_STORED)
    }

    /// Takes a backup if the schedule says one is due and it can be taken now (unlocked,
    /// signed in): the backup taken, or `None` when none was due or possible.
    pub fn backup_if_due(&self) -> Result<Option<BackupMetadata>, AppError> {
        let schedule = self.backup_schedule()?;
        let now = self.clock.now();
        let due = schedule.due(
            self.last_backup_at()?,
            self.millis_setting(LAST_ATTEMPT)?,
            now,
        );
        if !due
            || self.vault_status()?.state != VaultState::Unlocked
            || !self.account_status()?.signed_in
        {
            return Ok(None);
        }
        self.write(|tx| Ok(settings::set(tx, LAST_ATTEMPT, &now.0.to_string())?))?;
        self.create_backup().map(Some)
    }

    /// Notes a backup stored now (`create_backup` calls it).
    pub(crate) fn note_backup_stored(&self) -> Result<(), AppError> {
        let now = self.clock.now();
        self.write(|tx| Ok(settings::set(tx, LAST_STORED, &now.0.to_string())?))
    }

    fn millis_setting(&self, key: &str) -> Result<Option<Millis>, AppError> {
        let stored = self.read(|conn| Ok(settings::get(conn, key)?))?;
        Ok(stored.and_then(|s| s.parse().ok()).map(Millis))
    }
}

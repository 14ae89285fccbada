//! The vault session as the app drives it: the status asked at start (and a silent unlock
//! from the OS keyring when the device is remembered), locking, refreshing the status on the
//! shell's vault events and every 30 s so an auto-lock shows, and activity pings.

use std::time::Duration;

use leptos::{ev, prelude::*, task::spawn_local};

use crate::{
    context::{Ctx, RecoveryNotice},
    ipc,
    state::{
        nav::SettingsTab,
        vault::{
            RecoveryKeyShown, STATUS_POLL_SECS, VaultState, VaultStatus, device_unlock_notice,
            locked_notice, should_unlock_from_device,
        },
    },
};

/// Why a recovery key is on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryReason {
    Created,
    Regenerated,
    Rotated,
}

impl RecoveryReason {
    const fn texts(self) -> (&'static str, &'static str) {
        match self {
            Self::Created => (
                "Your vault is ready: save your recovery key",
                "If you forget your passphrase, this key is the only way back into your vault. \
                 It is shown once: write it down or keep it in a password manager.",
            ),
            Self::Regenerated => (
                "Your new recovery key",
                "The previous recovery key no longer works. This one is shown once: write it \
                 down or keep it in a password manager.",
            ),
            Self::Rotated => (
                "New key generation: save your new recovery key",
                "The vault key was replaced and the previous recovery key no longer works. This \
                 one is shown once: write it down or keep it in a password manager.",
            ),
        }
    }
}

impl Ctx {
    /// Asks the shell where the vault stands and, on a remembered device, unlocks it silently.
    pub fn boot_vault(&self) {
        let ctx = *self;
        spawn_local(async move {
            match ipc::vault_status().await {
                Ok(status) if should_unlock_from_device(&status) => {
                    ctx.unlocking.set(true);
                    ctx.vault.set(Some(status));
                    match ipc::unlock_from_device().await {
                        Ok(status) => ctx.apply_vault_status(status),
                        Err(err) => ctx.lock_notice.set(device_unlock_notice(&err)),
                    }
                    ctx.unlocking.set(false);
                }
                Ok(status) => ctx.apply_vault_status(status),
                // Without a status the workspace stays covered: it may belong to a vault.
                Err(err) => {
                    ctx.lock_notice.set(Some(format!(
                        "Could not read the vault's status: {}",
                        err.message
                    )));
                    ctx.vault.set(Some(VaultStatus {
                        state: VaultState::Locked,
                        remembered: false,
                        auto_lock_minutes: None,
                        key_generation: None,
                        rotation: None,
                    }));
                }
            }
        });
    }

    /// Takes a status the shell answered: locking closes every overlay, unlocking clears the
    /// lock screen's notice, and a lock the app did not ask for is explained.
    pub fn apply_vault_status(&self, status: VaultStatus) {
        let before = self.vault.get_untracked();
        if let Some(notice) = locked_notice(before.as_ref(), &status) {
            self.lock_notice.set(Some(notice));
        }
        let was = before.as_ref().map(|s| s.state);
        if status.state == VaultState::Locked && was != Some(VaultState::Locked) {
            self.close_overlays();
        }
        if status.state == VaultState::Unlocked && was != Some(VaultState::Unlocked) {
            self.lock_notice.set(None);
            self.activity.update_value(|a| a.reset());
        }
        let resume = status.state == VaultState::Unlocked && status.rotation.is_some();
        if before.as_ref() != Some(&status) {
            self.vault.set(Some(status));
        }
        if resume {
            self.resume_rotation();
        }
    }

    /// Has the shell re-seal what a key rotation left (after rotating, or on the first unlock
    /// after a restart interrupted it); progress arrives with the vault's events.
    pub fn resume_rotation(&self) {
        if self.rotating.get_untracked() {
            return;
        }
        self.rotating.set(true);
        let ctx = *self;
        spawn_local(async move {
            match ipc::resume_rotation().await {
                Ok(Some(done)) => ctx.notify(format!(
                    "Key rotation finished: {} records re-sealed under key generation {}.",
                    done.total, done.key_generation
                )),
                Ok(None) => {}
                Err(err) => ctx.fail(&err),
            }
            ctx.rotating.set(false);
            ctx.refresh_vault();
        });
    }

    /// Asks for the status again (after a vault event, and on every poll).
    pub fn refresh_vault(&self) {
        if self.unlocking.get_untracked() {
            return;
        }
        let ctx = *self;
        spawn_local(async move {
            // A failed poll changes nothing; the next one asks again.
            if let Ok(status) = ipc::vault_status().await {
                ctx.apply_vault_status(status);
            }
        });
    }

    /// Locks the vault and shows the lock screen; without a vault, says how to make one.
    pub fn lock(&self) {
        let exists = self
            .vault
            .with_untracked(|s| s.as_ref().is_some_and(VaultStatus::exists));
        if !exists {
            self.notify("There is no vault to lock yet: create one in Settings → Security.");
            self.open_settings(SettingsTab::Security);
            return;
        }
        let ctx = *self;
        spawn_local(async move {
            match ipc::lock_vault().await {
                Ok(status) => {
                    ctx.apply_vault_status(status);
                    // The person locked it: the lock screen has nothing to explain.
                    ctx.lock_notice.set(None);
                }
                Err(err) => ctx.fail(&err),
            }
        });
    }

    /// Closes every dialog and panel (on lock, nothing stays open behind the lock screen).
    fn close_overlays(&self) {
        self.palette.set(false);
        self.help.set(false);
        self.confirm.set(None);
        self.new_task.set(None);
        self.detail.set(None);
        self.vault_dialog.set(None);
    }

    /// Shows a recovery key once, over everything, until the person confirms saving it.
    pub fn show_recovery_key(&self, shown: RecoveryKeyShown, reason: RecoveryReason) {
        let (title, intro) = reason.texts();
        self.recovery.set(Some(RecoveryNotice {
            title,
            intro,
            key: shown.recovery_key,
        }));
    }

    /// Drops the recovery key from the app's state.
    pub fn dismiss_recovery_key(&self) {
        self.recovery.update(|notice| {
            if let Some(notice) = notice {
                // Overwrite before dropping, so this copy does not linger as it was.
                notice.key = "-".repeat(notice.key.len());
            }
            *notice = None;
        });
    }

    fn vault_unlocked(&self) -> bool {
        self.vault
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.state == VaultState::Unlocked))
    }
}

/// Reports user input to the shell at most once per 30 s while the vault is unlocked.
fn note_activity(ctx: Ctx) {
    if !ctx.vault_unlocked() {
        return;
    }
    let now = js_sys::Date::now();
    let due = ctx
        .activity
        .try_update_value(|a| a.should_ping(now))
        .unwrap_or(false);
    if due {
        spawn_local(async move {
            // A lost ping only makes an auto-lock come a little sooner.
            let _ = ipc::note_vault_activity().await;
        });
    }
}

/// Starts the vault's watchers for the life of the page: the status at start, the poll
/// that shows an auto-lock, and activity pings on input.
pub fn watch_vault(ctx: Ctx) {
    ctx.boot_vault();
    set_interval(
        move || {
            if ctx.vault_unlocked() {
                ctx.refresh_vault();
            }
        },
        Duration::from_secs(STATUS_POLL_SECS),
    );
    // The app lives as long as the page, so these listeners are never removed.
    let _keys = window_event_listener(ev::keydown, move |_| note_activity(ctx));
    let _pointer = window_event_listener(ev::pointerdown, move |_| note_activity(ctx));
}

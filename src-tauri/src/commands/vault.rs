//! Commands of the vault. Passphrases arrive from the UI (they must cross IPC once) and are
//! wiped as soon as the call returns; nothing here stores or logs them.

use adiuva_app::{
    AppError, PassphraseStrength, RecoveryKeyShown, RotationProgress, VaultStatus, Workspace,
    passphrase_strength,
};
use tauri::State;
use zeroize::Zeroizing;

#[tauri::command(async, rename_all = "snake_case")]
pub fn vault_status(ws: State<'_, Workspace>) -> Result<VaultStatus, AppError> {
    ws.vault_status()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn check_passphrase_strength(passphrase: Zeroizing<String>) -> PassphraseStrength {
    passphrase_strength(&passphrase, &["adiuva", "vault", "passphrase"])
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_vault(
    ws: State<'_, Workspace>,
    passphrase: Zeroizing<String>,
    confirmation: Zeroizing<String>,
) -> Result<RecoveryKeyShown, AppError> {
    ws.create_vault(&passphrase, &confirmation)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unlock_vault(
    ws: State<'_, Workspace>,
    passphrase: Zeroizing<String>,
) -> Result<VaultStatus, AppError> {
    ws.unlock_vault(&passphrase)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unlock_vault_with_recovery_key(
    ws: State<'_, Workspace>,
    recovery_key: Zeroizing<String>,
) -> Result<VaultStatus, AppError> {
    ws.unlock_vault_with_recovery_key(&recovery_key)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unlock_from_device(ws: State<'_, Workspace>) -> Result<VaultStatus, AppError> {
    ws.unlock_from_device()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn lock_vault(ws: State<'_, Workspace>) -> Result<VaultStatus, AppError> {
    ws.lock_vault()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_passphrase(
    ws: State<'_, Workspace>,
    current: Zeroizing<String>,
    passphrase: Zeroizing<String>,
    confirmation: Zeroizing<String>,
) -> Result<VaultStatus, AppError> {
    ws.change_passphrase(&current, &passphrase, &confirmation)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn regenerate_recovery_key(
    ws: State<'_, Workspace>,
    passphrase: Zeroizing<String>,
) -> Result<RecoveryKeyShown, AppError> {
    ws.regenerate_recovery_key(&passphrase)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn rotate_vault_key(
    ws: State<'_, Workspace>,
    passphrase: Zeroizing<String>,
) -> Result<RecoveryKeyShown, AppError> {
    ws.rotate_vault_key(&passphrase)
}

/// Re-seals what a rotation left, batch by batch (progress arrives as vault events). The UI
/// calls it after a rotation and after any unlock that finds one unfinished.
#[tauri::command(async, rename_all = "snake_case")]
pub fn resume_rotation(ws: State<'_, Workspace>) -> Result<Option<RotationProgress>, AppError> {
    ws.finish_rotation(|_| {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_auto_lock(
    ws: State<'_, Workspace>,
    minutes: Option<u32>,
) -> Result<VaultStatus, AppError> {
    ws.set_auto_lock(minutes)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn remember_on_device(
    ws: State<'_, Workspace>,
    remember: bool,
) -> Result<VaultStatus, AppError> {
    ws.remember_on_device(remember)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn note_vault_activity(ws: State<'_, Workspace>) {
    ws.note_vault_activity();
}

//! Commands of the account, sync and backups. A passphrase crosses IPC once, to derive the
//! authentication key, and is wiped when the call returns; tokens never reach the webview.

use adiuva_app::{
    AccountStatus, AppError, BackupProgress, SyncProgress, SyncReport, SyncStatus, Workspace,
};
use adiuva_domain::BackupSchedule;
use adiuva_protocol::BackupMetadata;
use tauri::State;
use zeroize::Zeroizing;

#[tauri::command(async, rename_all = "snake_case")]
pub fn account_status(ws: State<'_, Workspace>) -> Result<AccountStatus, AppError> {
    ws.account_status()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_up(
    ws: State<'_, Workspace>,
    server_url: String,
    email: String,
    passphrase: Zeroizing<String>,
) -> Result<AccountStatus, AppError> {
    ws.sign_up(&server_url, &email, &passphrase)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_in(
    ws: State<'_, Workspace>,
    server_url: String,
    email: String,
    passphrase: Zeroizing<String>,
) -> Result<AccountStatus, AppError> {
    ws.sign_in(&server_url, &email, &passphrase)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_out(ws: State<'_, Workspace>) -> Result<AccountStatus, AppError> {
    ws.sign_out()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sync_now(ws: State<'_, Workspace>) -> Result<SyncReport, AppError> {
    ws.sync_now()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sync_progress(ws: State<'_, Workspace>) -> Option<SyncProgress> {
    ws.sync_progress()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sync_status(ws: State<'_, Workspace>) -> Result<SyncStatus, AppError> {
    ws.sync_status()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_backups(ws: State<'_, Workspace>) -> Result<Vec<BackupMetadata>, AppError> {
    ws.list_backups()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_backup(ws: State<'_, Workspace>) -> Result<BackupMetadata, AppError> {
    ws.create_backup()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn restore_backup(ws: State<'_, Workspace>) -> Result<(), AppError> {
    ws.restore_backup()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn delete_backup(ws: State<'_, Workspace>, id: String) -> Result<(), AppError> {
    ws.delete_backup(&id)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_schedule(ws: State<'_, Workspace>) -> Result<BackupSchedule, AppError> {
    ws.backup_schedule()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn set_backup_schedule(
    ws: State<'_, Workspace>,
    schedule: BackupSchedule,
) -> Result<BackupSchedule, AppError> {
    ws.set_backup_schedule(schedule)
}

/// How far the running backup is (`None` when none runs); the UI polls it while it waits.
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_progress(ws: State<'_, Workspace>) -> Option<BackupProgress> {
    ws.backup_progress()
}

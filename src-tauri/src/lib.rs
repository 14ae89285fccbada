//! The Adiuva desktop shell: opens the workspace, creates the window and the tray, and
//! routes webview calls to the application layer. It holds no workspace logic.

mod backup_timer;
mod channel;
mod commands;
mod review_notice;
mod tray;
mod window;

use adiuva_app::{EventSink, Workspace, WorkspaceEvent, default_data_dir};
use anyhow::Context;
use clap::Parser;
use std::{
    hash::{Hash, Hasher},
    path::{Path, PathBuf},
    sync::Arc,
};
use tauri::{AppHandle, Emitter, Manager};

/// Event the UI listens to: something in the workspace changed (payload: `WorkspaceEvent`).
pub const WORKSPACE_CHANGED: &str = "workspace://changed";

/// Command-line options of the desktop app.
#[derive(Debug, Parser)]
#[command(
    name = "adiuva-desktop",
    version,
    about = "Adiuva, the local-first project assistant"
)]
struct Options {
    /// Directory holding the workspace database (default: the per-user data directory).
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

/// Forwards committed workspace changes to the webview.
struct WebviewEvents(AppHandle);

impl EventSink for WebviewEvents {
    fn emit(&self, event: &WorkspaceEvent) {
        // A closed webview cannot be told; the next load reads fresh data anyway.
        let _ = self.0.emit(WORKSPACE_CHANGED, event);
    }
}

/// A per-workspace instance name (a D-Bus name on Linux): the app id plus a hash of the data
/// directory's canonical path.
fn instance_id(data_dir: &Path) -> String {
    let path = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let mut hasher = std::hash::DefaultHasher::new();
    path.hash(&mut hasher);
    format!("dev.adiuva.desktop.w{:016x}", hasher.finish())
}

/// Runs the desktop app until the user quits.
pub fn run() -> anyhow::Result<()> {
    let options = Options::parse();
    let data_dir = options
        .data_dir
        .or_else(default_data_dir)
        .context("no per-user data directory on this system; pass --data-dir")?;

    tauri::Builder::default()
        // First, so a second launch on the same workspace focuses this window instead of
        // opening the database twice; other workspaces (`--data-dir`) open side by side.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_id(&data_dir))
                .callback(|app, _argv, _cwd| window::show(app))
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(move |app| {
            let events = Arc::new(WebviewEvents(app.handle().clone()));
            let workspace = Workspace::open(&data_dir)?.with_events(events);
            app.manage(workspace);
            // The window is created after the workspace is managed, so the UI's first
            // command always finds it.
            window::create(app, &data_dir)?;
            tray::install(app)?;
            channel::start(app.handle())?;
            review_notice::start(app.handle())?;
            backup_timer::start(app.handle())?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::account::account_status,
            commands::account::sign_up,
            commands::account::sign_in,
            commands::account::sign_out,
            commands::account::sync_now,
            commands::account::sync_status,
            commands::account::sync_progress,
            commands::account::list_backups,
            commands::account::create_backup,
            commands::account::restore_backup,
            commands::account::delete_backup,
            commands::account::backup_schedule,
            commands::account::set_backup_schedule,
            commands::account::backup_progress,
            commands::projects::create_project,
            commands::projects::get_project,
            commands::projects::list_projects,
            commands::projects::project_task_counts,
            commands::projects::update_project,
            commands::projects::archive_project,
            commands::projects::unarchive_project,
            commands::projects::delete_project,
            commands::tasks::create_task,
            commands::tasks::get_task,
            commands::tasks::list_tasks,
            commands::tasks::tasks_due_today,
            commands::tasks::overdue_tasks,
            commands::tasks::update_task,
            commands::tasks::move_task,
            commands::tasks::delete_task,
            commands::comments::add_comment,
            commands::comments::list_comments,
            commands::comments::delete_comment,
            commands::checkpoints::create_checkpoint,
            commands::checkpoints::list_checkpoints,
            commands::checkpoints::update_checkpoint,
            commands::checkpoints::delete_checkpoint,
            commands::notes::create_note,
            commands::notes::get_note,
            commands::notes::list_notes,
            commands::notes::update_note,
            commands::notes::delete_note,
            commands::search::search,
            commands::vault::vault_status,
            commands::vault::check_passphrase_strength,
            commands::vault::create_vault,
            commands::vault::unlock_vault,
            commands::vault::unlock_vault_with_recovery_key,
            commands::vault::unlock_from_device,
            commands::vault::lock_vault,
            commands::vault::change_passphrase,
            commands::vault::regenerate_recovery_key,
            commands::vault::rotate_vault_key,
            commands::vault::resume_rotation,
            commands::vault::set_auto_lock,
            commands::vault::remember_on_device,
            commands::vault::note_vault_activity,
            commands::providers::list_providers,
            commands::providers::add_provider,
            commands::providers::update_provider,
            commands::providers::set_provider_key,
            commands::providers::remove_provider_key,
            commands::providers::delete_provider,
            commands::providers::test_provider,
            window::hide_window,
            commands::device::device_channel_status,
            commands::device::reconnect_device_channel,
            commands::device::create_agent_token,
            commands::device::list_agent_tokens,
            commands::device::revoke_agent_token,
            commands::agents::list_agents,
            commands::agents::add_agent,
            commands::agents::revoke_agent,
            commands::agents::assign_agent,
            commands::agents::update_assignment,
            commands::agents::list_ledger,
            commands::agents::verify_ledger,
            commands::review::review_queue,
            commands::review::review_count,
            commands::review::approve_suggestions,
            commands::review::edit_and_approve,
            commands::review::reject_suggestions,
            commands::review::snooze_suggestions,
            commands::review::undo_review,
        ])
        .run(tauri::generate_context!())
        .context("the desktop app failed")
}

//! The only place that talks to the desktop shell: typed wrappers over Tauri's `invoke`
//! and `listen`, one function per command. A command error or a missing bridge is an
//! `ErrorReport`, never a panic.

use adiuva_domain::{
    BackupSchedule, Checkpoint, CheckpointId, CheckpointPatch, Comment, CommentId, ErrorCode,
    ErrorReport, NewCheckpoint, NewComment, NewNote, NewProject, NewProvider, NewTask, Note,
    NoteId, NotePatch, NoteSummary, Project, ProjectId, ProjectPatch, ProjectTaskCounts, Provider,
    ProviderCheck, ProviderPatch, SearchHit, Task, TaskFilter, TaskId, TaskPatch, TaskStatus,
};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use wasm_bindgen::{JsCast, JsValue, prelude::*};
use wasm_bindgen_futures::JsFuture;

use crate::state::{
    account::AccountStatus,
    backup_progress::BackupProgress,
    passphrase::PassphraseStrength,
    sync::{BackupMetadata, ScheduledBackup, SyncCounts, SyncReport},
    sync_progress::SyncProgress,
    vault::{RecoveryKeyShown, RotationProgress, VaultStatus},
};

mod agents;

pub use agents::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    fn tauri_invoke(cmd: &str, args: JsValue) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    fn tauri_listen(event: &str, handler: &js_sys::Function) -> Result<js_sys::Promise, JsValue>;
}

/// Emitted by the shell after every committed change.
const WORKSPACE_CHANGED: &str = "workspace://changed";
/// Emitted by the tray's "New task".
const NEW_TASK: &str = "shell://new-task";

fn bridge_error(value: &JsValue) -> ErrorReport {
    let message = value
        .as_string()
        .or_else(|| {
            value
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "the desktop shell did not answer".to_owned());
    ErrorReport::new(ErrorCode::Internal, message)
}

/// Calls a shell command with named arguments and decodes its answer.
async fn invoke<A: Serialize, R: DeserializeOwned>(
    command: &str,
    args: &A,
) -> Result<R, ErrorReport> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&serializer)
        .map_err(|e| ErrorReport::new(ErrorCode::Internal, e.to_string()))?;
    let promise = tauri_invoke(command, args).map_err(|e| bridge_error(&e))?;
    match JsFuture::from(promise).await {
        Ok(value) => serde_wasm_bindgen::from_value(value).map_err(|e| {
            ErrorReport::new(
                ErrorCode::Internal,
                format!("unexpected answer to {command}: {e}"),
            )
        }),
        // A command error is the serialized ErrorReport; anything else is a bridge failure.
        Err(value) => {
            Err(serde_wasm_bindgen::from_value(value.clone())
                .unwrap_or_else(|_| bridge_error(&value)))
        }
    }
}

// Argument objects: each command takes named arguments, spelled as the shell names them.

#[derive(Serialize)]
struct Input<'a, T> {
    input: &'a T,
}

#[derive(Serialize)]
struct Id<T> {
    id: T,
}

#[derive(Serialize)]
struct Change<T, P> {
    id: T,
    patch: P,
}

#[derive(Serialize)]
struct NoArgs {}

/// `None` is sent as `null`: the shell reads it as "every active project".
#[derive(Serialize)]
struct ByProject {
    project_id: Option<ProjectId>,
}

/// Commands that answer nothing send back `null`, which `()` decodes.
async fn invoke_unit<A: Serialize>(command: &str, args: &A) -> Result<(), ErrorReport> {
    invoke::<A, ()>(command, args).await
}

// Projects.

pub async fn create_project(input: &NewProject) -> Result<Project, ErrorReport> {
    invoke("create_project", &Input { input }).await
}

pub async fn list_projects(include_archived: bool) -> Result<Vec<Project>, ErrorReport> {
    #[derive(Serialize)]
    struct Args {
        include_archived: bool,
    }
    invoke("list_projects", &Args { include_archived }).await
}

pub async fn project_task_counts() -> Result<Vec<ProjectTaskCounts>, ErrorReport> {
    invoke("project_task_counts", &NoArgs {}).await
}

pub async fn update_project(id: ProjectId, patch: &ProjectPatch) -> Result<Project, ErrorReport> {
    invoke("update_project", &Change { id, patch }).await
}

pub async fn archive_project(id: ProjectId) -> Result<Project, ErrorReport> {
    invoke("archive_project", &Id { id }).await
}

pub async fn unarchive_project(id: ProjectId) -> Result<Project, ErrorReport> {
    invoke("unarchive_project", &Id { id }).await
}

pub async fn delete_project(id: ProjectId) -> Result<(), ErrorReport> {
    invoke_unit("delete_project", &Id { id }).await
}

// Tasks.

pub async fn create_task(input: &NewTask) -> Result<Task, ErrorReport> {
    invoke("create_task", &Input { input }).await
}

pub async fn get_task(id: TaskId) -> Result<Task, ErrorReport> {
    invoke("get_task", &Id { id }).await
}

pub async fn list_tasks(filter: &TaskFilter) -> Result<Vec<Task>, ErrorReport> {
    #[derive(Serialize)]
    struct Args<'a> {
        filter: &'a TaskFilter,
    }
    invoke("list_tasks", &Args { filter }).await
}

pub async fn tasks_due_today() -> Result<Vec<Task>, ErrorReport> {
    invoke("tasks_due_today", &NoArgs {}).await
}

pub async fn overdue_tasks() -> Result<Vec<Task>, ErrorReport> {
    invoke("overdue_tasks", &NoArgs {}).await
}

pub async fn update_task(id: TaskId, patch: &TaskPatch) -> Result<Task, ErrorReport> {
    invoke("update_task", &Change { id, patch }).await
}

pub async fn move_task(id: TaskId, status: TaskStatus) -> Result<Task, ErrorReport> {
    #[derive(Serialize)]
    struct Args {
        id: TaskId,
        status: TaskStatus,
    }
    invoke("move_task", &Args { id, status }).await
}

pub async fn delete_task(id: TaskId) -> Result<(), ErrorReport> {
    invoke_unit("delete_task", &Id { id }).await
}

// Comments.

pub async fn add_comment(input: &NewComment) -> Result<Comment, ErrorReport> {
    invoke("add_comment", &Input { input }).await
}

pub async fn list_comments(task_id: TaskId) -> Result<Vec<Comment>, ErrorReport> {
    #[derive(Serialize)]
    struct Args {
        task_id: TaskId,
    }
    invoke("list_comments", &Args { task_id }).await
}

pub async fn delete_comment(id: CommentId) -> Result<(), ErrorReport> {
    invoke_unit("delete_comment", &Id { id }).await
}

// Checkpoints.

pub async fn create_checkpoint(input: &NewCheckpoint) -> Result<Checkpoint, ErrorReport> {
    invoke("create_checkpoint", &Input { input }).await
}

/// A project's checkpoints, or those of every active project when `project_id` is `None`.
pub async fn list_checkpoints(
    project_id: Option<ProjectId>,
) -> Result<Vec<Checkpoint>, ErrorReport> {
    invoke("list_checkpoints", &ByProject { project_id }).await
}

pub async fn update_checkpoint(
    id: CheckpointId,
    patch: &CheckpointPatch,
) -> Result<Checkpoint, ErrorReport> {
    invoke("update_checkpoint", &Change { id, patch }).await
}

pub async fn delete_checkpoint(id: CheckpointId) -> Result<(), ErrorReport> {
    invoke_unit("delete_checkpoint", &Id { id }).await
}

// Notes.

pub async fn create_note(input: &NewNote) -> Result<Note, ErrorReport> {
    invoke("create_note", &Input { input }).await
}

pub async fn get_note(id: NoteId) -> Result<Note, ErrorReport> {
    invoke("get_note", &Id { id }).await
}

pub async fn list_notes(project_id: Option<ProjectId>) -> Result<Vec<NoteSummary>, ErrorReport> {
    invoke("list_notes", &ByProject { project_id }).await
}

pub async fn update_note(id: NoteId, patch: &NotePatch) -> Result<Note, ErrorReport> {
    invoke("update_note", &Change { id, patch }).await
}

pub async fn delete_note(id: NoteId) -> Result<(), ErrorReport> {
    invoke_unit("delete_note", &Id { id }).await
}

// Search.

pub async fn search(query: &str, limit: u32) -> Result<Vec<SearchHit>, ErrorReport> {
    #[derive(Serialize)]
    struct Args<'a> {
        query: &'a str,
        limit: u32,
    }
    invoke("search", &Args { query, limit }).await
}

// The vault. Passphrases and recovery keys cross once, as the call's arguments; nothing
// here keeps them.

#[derive(Serialize)]
struct Passphrase<'a> {
    passphrase: &'a str,
}

/// A new passphrase typed twice.
#[derive(Serialize)]
struct NewPassphrase<'a> {
    passphrase: &'a str,
    confirmation: &'a str,
}

pub async fn vault_status() -> Result<VaultStatus, ErrorReport> {
    invoke("vault_status", &NoArgs {}).await
}

pub async fn check_passphrase_strength(
    passphrase: &str,
) -> Result<PassphraseStrength, ErrorReport> {
    invoke("check_passphrase_strength", &Passphrase { passphrase }).await
}

pub async fn create_vault(
    passphrase: &str,
    confirmation: &str,
) -> Result<RecoveryKeyShown, ErrorReport> {
    invoke(
        "create_vault",
        &NewPassphrase {
            passphrase,
            confirmation,
        },
    )
    .await
}

pub async fn unlock_vault(passphrase: &str) -> Result<VaultStatus, ErrorReport> {
    invoke("unlock_vault", &Passphrase { passphrase }).await
}

pub async fn unlock_vault_with_recovery_key(
    recovery_key: &str,
) -> Result<VaultStatus, ErrorReport> {
    #[derive(Serialize)]
    struct Args<'a> {
        recovery_key: &'a str,
    }
    invoke("unlock_vault_with_recovery_key", &Args { recovery_key }).await
}

pub async fn unlock_from_device() -> Result<VaultStatus, ErrorReport> {
    invoke("unlock_from_device", &NoArgs {}).await
}

pub async fn lock_vault() -> Result<VaultStatus, ErrorReport> {
    invoke("lock_vault", &NoArgs {}).await
}

pub async fn change_passphrase(
    current: &str,
    passphrase: &str,
    confirmation: &str,
) -> Result<VaultStatus, ErrorReport> {
    #[derive(Serialize)]
    struct Args<'a> {
        current: &'a str,
        passphrase: &'a str,
        confirmation: &'a str,
    }
    invoke(
        "change_passphrase",
        &Args {
            current,
            passphrase,
            confirmation,
        },
    )
    .await
}

pub async fn regenerate_recovery_key(passphrase: &str) -> Result<RecoveryKeyShown, ErrorReport> {
    invoke("regenerate_recovery_key", &Passphrase { passphrase }).await
}

pub async fn rotate_vault_key(passphrase: &str) -> Result<RecoveryKeyShown, ErrorReport> {
    invoke("rotate_vault_key", &Passphrase { passphrase }).await
}

/// Re-seals what a rotation left; answers when every record is under the new key.
pub async fn resume_rotation() -> Result<Option<RotationProgress>, ErrorReport> {
    invoke("resume_rotation", &NoArgs {}).await
}

/// `None` turns auto-lock off.
pub async fn set_auto_lock(minutes: Option<u32>) -> Result<VaultStatus, ErrorReport> {
    #[derive(Serialize)]
    struct Args {
        minutes: Option<u32>,
    }
    invoke("set_auto_lock", &Args { minutes }).await
}

pub async fn remember_on_device(remember: bool) -> Result<VaultStatus, ErrorReport> {
    #[derive(Serialize)]
    struct Args {
        remember: bool,
    }
    invoke("remember_on_device", &Args { remember }).await
}

/// Tells the shell the person is active, so auto-lock counts from now.
pub async fn note_vault_activity() -> Result<(), ErrorReport> {
    invoke_unit("note_vault_activity", &NoArgs {}).await
}

// Providers. The key is sent once when set; answers carry its last four characters only.

pub async fn list_providers() -> Result<Vec<Provider>, ErrorReport> {
    invoke("list_providers", &NoArgs {}).await
}

pub async fn add_provider(input: &NewProvider) -> Result<Provider, ErrorReport> {
    invoke("add_provider", &Input { input }).await
}

pub async fn update_provider(id: &str, patch: &ProviderPatch) -> Result<Provider, ErrorReport> {
    invoke("update_provider", &Change { id, patch }).await
}

pub async fn set_provider_key(id: &str, key: &str) -> Result<Provider, ErrorReport> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: &'a str,
        key: &'a str,
    }
    invoke("set_provider_key", &Args { id, key }).await
}

pub async fn remove_provider_key(id: &str) -> Result<Provider, ErrorReport> {
    invoke("remove_provider_key", &Id { id }).await
}

pub async fn delete_provider(id: &str) -> Result<(), ErrorReport> {
    invoke_unit("delete_provider", &Id { id }).await
}

/// Tries the provider; how it went is the answer, not an error.
pub async fn test_provider(id: &str) -> Result<ProviderCheck, ErrorReport> {
    invoke("test_provider", &Id { id }).await
}

// The account, sync and backups. The passphrase crosses once, to derive the
// authentication key; tokens stay in the shell.

/// Where to sign in, and as whom.
#[derive(Serialize)]
struct SignInArgs<'a> {
    server_url: &'a str,
    email: &'a str,
    passphrase: &'a str,
}

pub async fn account_status() -> Result<AccountStatus, ErrorReport> {
    invoke("account_status", &NoArgs {}).await
}

/// Creates an account for this workspace's vault; `passphrase` must open it.
pub async fn sign_up(
    server_url: &str,
    email: &str,
    passphrase: &str,
) -> Result<AccountStatus, ErrorReport> {
    let args = SignInArgs {
        server_url,
        email,
        passphrase,
    };
    invoke("sign_up", &args).await
}

/// Signs in; on a workspace without a vault, the account's vault becomes this one's.
pub async fn sign_in(
    server_url: &str,
    email: &str,
    passphrase: &str,
) -> Result<AccountStatus, ErrorReport> {
    let args = SignInArgs {
        server_url,
        email,
        passphrase,
    };
    invoke("sign_in", &args).await
}

pub async fn sign_out() -> Result<AccountStatus, ErrorReport> {
    invoke("sign_out", &NoArgs {}).await
}

pub async fn sync_now() -> Result<SyncReport, ErrorReport> {
    invoke("sync_now", &NoArgs {}).await
}

pub async fn sync_status() -> Result<SyncCounts, ErrorReport> {
    invoke("sync_status", &NoArgs {}).await
}

/// The server's backups, newest first.
pub async fn list_backups() -> Result<Vec<BackupMetadata>, ErrorReport> {
    invoke("list_backups", &NoArgs {}).await
}

pub async fn create_backup() -> Result<BackupMetadata, ErrorReport> {
    invoke("create_backup", &NoArgs {}).await
}

/// How far the running sync round is; `None` when none runs.
pub async fn sync_progress() -> Result<Option<SyncProgress>, ErrorReport> {
    invoke("sync_progress", &NoArgs {}).await
}

/// Hides the window to the tray.
pub async fn hide_window() -> Result<(), ErrorReport> {
    invoke_unit("hide_window", &NoArgs {}).await
}

/// Replaces the workspace with the latest backup (the current database is kept beside it).
pub async fn restore_backup() -> Result<(), ErrorReport> {
    invoke_unit("restore_backup", &NoArgs {}).await
}

/// How far the running backup is; `None` when none runs.
pub async fn backup_progress() -> Result<Option<BackupProgress>, ErrorReport> {
    invoke("backup_progress", &NoArgs {}).await
}

/// Deletes one backup from the server.
pub async fn delete_backup(id: String) -> Result<(), ErrorReport> {
    invoke_unit("delete_backup", &Id { id }).await
}

/// This device's automatic backup schedule.
pub async fn backup_schedule() -> Result<BackupSchedule, ErrorReport> {
    invoke("backup_schedule", &NoArgs {}).await
}

pub async fn set_backup_schedule(schedule: BackupSchedule) -> Result<BackupSchedule, ErrorReport> {
    #[derive(Serialize)]
    struct Args {
        schedule: BackupSchedule,
    }
    invoke("set_backup_schedule", &Args { schedule }).await
}

/// Event the shell sends for each automatic backup, stored or failed.
const BACKUP_SCHEDULED: &str = "backup://scheduled";

/// Calls `handler` with each automatic backup's outcome, for the life of the page.
pub async fn on_backup_scheduled(
    mut handler: impl FnMut(ScheduledBackup) + 'static,
) -> Result<(), ErrorReport> {
    listen(BACKUP_SCHEDULED, move |event| {
        if let Some(outcome) = payload(&event) {
            handler(outcome);
        }
    })
    .await
}

// Events.

/// One committed change, as the shell reports it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct WorkspaceChange {
    /// `project`, `task`, `comment`, `checkpoint`, `note`, `vault` or `provider`.
    pub entity: String,
    pub id: String,
    /// `created`, `updated` or `deleted`.
    pub change: String,
}

/// Calls `handler` after every committed workspace change, for the life of the page.
pub async fn on_workspace_changed(
    mut handler: impl FnMut(Option<WorkspaceChange>) + 'static,
) -> Result<(), ErrorReport> {
    // A payload this UI cannot read still means "something changed".
    listen(WORKSPACE_CHANGED, move |event| handler(payload(&event))).await
}

/// Calls `handler` when the tray asks for the new-task form, for the life of the page.
pub async fn on_new_task_requested(mut handler: impl FnMut() + 'static) -> Result<(), ErrorReport> {
    listen(NEW_TASK, move |_| handler()).await
}

/// An event's payload, when this UI can read it.
fn payload<T: DeserializeOwned>(event: &JsValue) -> Option<T> {
    js_sys::Reflect::get(event, &JsValue::from_str("payload"))
        .ok()
        .and_then(|p| serde_wasm_bindgen::from_value(p).ok())
}

async fn listen(event: &str, handler: impl FnMut(JsValue) + 'static) -> Result<(), ErrorReport> {
    let closure = Closure::<dyn FnMut(JsValue)>::new(handler);
    let promise =
        tauri_listen(event, closure.as_ref().unchecked_ref()).map_err(|e| bridge_error(&e))?;
    // The shell keeps calling the handler for as long as the page lives, so the closure
    // must never be freed; the page has no teardown in which to unlisten.
    closure.forget();
    JsFuture::from(promise)
        .await
        .map(|_unlisten| ())
        .map_err(|e| bridge_error(&e))
}

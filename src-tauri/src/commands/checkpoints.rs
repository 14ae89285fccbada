//! Commands of checkpoints.

use adiuva_app::{AppError, Workspace};
use adiuva_domain::{Checkpoint, CheckpointId, CheckpointPatch, NewCheckpoint, ProjectId};
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_checkpoint(
    ws: State<'_, Workspace>,
    input: NewCheckpoint,
) -> Result<Checkpoint, AppError> {
    ws.create_checkpoint(input.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_checkpoints(
    ws: State<'_, Workspace>,
    project_id: Option<String>,
) -> Result<Vec<Checkpoint>, AppError> {
    let project = project_id
        .map(|p| ProjectId::parse(&p, "project_id"))
        .transpose()?;
    ws.list_checkpoints(project)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_checkpoint(
    ws: State<'_, Workspace>,
    id: String,
    patch: CheckpointPatch,
) -> Result<Checkpoint, AppError> {
    ws.update_checkpoint(CheckpointId::parse(&id, "id")?, patch.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn delete_checkpoint(ws: State<'_, Workspace>, id: String) -> Result<(), AppError> {
    ws.delete_checkpoint(CheckpointId::parse(&id, "id")?)
}

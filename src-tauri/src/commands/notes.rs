//! Commands of notes.

use adiuva_app::{AppError, Workspace};
use adiuva_domain::{NewNote, Note, NoteId, NotePatch, NoteSummary, ProjectId};
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_note(ws: State<'_, Workspace>, input: NewNote) -> Result<Note, AppError> {
    ws.create_note(input.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_note(ws: State<'_, Workspace>, id: String) -> Result<Note, AppError> {
    ws.get_note(NoteId::parse(&id, "id")?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_notes(
    ws: State<'_, Workspace>,
    project_id: Option<String>,
) -> Result<Vec<NoteSummary>, AppError> {
    let project = project_id
        .map(|p| ProjectId::parse(&p, "project_id"))
        .transpose()?;
    ws.list_notes(project)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_note(
    ws: State<'_, Workspace>,
    id: String,
    patch: NotePatch,
) -> Result<Note, AppError> {
    ws.update_note(NoteId::parse(&id, "id")?, patch.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn delete_note(ws: State<'_, Workspace>, id: String) -> Result<(), AppError> {
    ws.delete_note(NoteId::parse(&id, "id")?)
}

//! Commands of task comments.

use adiuva_app::{AppError, Workspace};
use adiuva_domain::{Comment, CommentId, NewComment, TaskId};
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_comment(ws: State<'_, Workspace>, input: NewComment) -> Result<Comment, AppError> {
    ws.add_comment(input.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_comments(ws: State<'_, Workspace>, task_id: String) -> Result<Vec<Comment>, AppError> {
    ws.list_comments(TaskId::parse(&task_id, "task_id")?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn delete_comment(ws: State<'_, Workspace>, id: String) -> Result<(), AppError> {
    ws.delete_comment(CommentId::parse(&id, "id")?)
}

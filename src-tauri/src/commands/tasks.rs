//! Commands of the tasks feature.

use adiuva_app::{AppError, Workspace};
use adiuva_domain::{NewTask, Task, TaskFilter, TaskId, TaskPatch, TaskStatus};
use tauri::State;

fn task_id(text: &str) -> Result<TaskId, AppError> {
    Ok(TaskId::parse(text, "id")?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_task(ws: State<'_, Workspace>, input: NewTask) -> Result<Task, AppError> {
    ws.create_task(input.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_task(ws: State<'_, Workspace>, id: String) -> Result<Task, AppError> {
    ws.get_task(task_id(&id)?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_tasks(ws: State<'_, Workspace>, filter: TaskFilter) -> Result<Vec<Task>, AppError> {
    ws.list_tasks(&filter.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn tasks_due_today(ws: State<'_, Workspace>) -> Result<Vec<Task>, AppError> {
    ws.tasks_due_today()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn overdue_tasks(ws: State<'_, Workspace>) -> Result<Vec<Task>, AppError> {
    ws.overdue_tasks()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_task(
    ws: State<'_, Workspace>,
    id: String,
    patch: TaskPatch,
) -> Result<Task, AppError> {
    ws.update_task(task_id(&id)?, patch.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn move_task(
    ws: State<'_, Workspace>,
    id: String,
    status: TaskStatus,
) -> Result<Task, AppError> {
    ws.move_task(task_id(&id)?, status)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn delete_task(ws: State<'_, Workspace>, id: String) -> Result<(), AppError> {
    ws.delete_task(task_id(&id)?)
}

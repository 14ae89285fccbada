//! Commands of the projects feature.

use adiuva_app::{AppError, Workspace};
use adiuva_domain::{NewProject, Project, ProjectId, ProjectPatch, ProjectTaskCounts};
use tauri::State;

fn project_id(text: &str) -> Result<ProjectId, AppError> {
    Ok(ProjectId::parse(text, "id")?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_project(ws: State<'_, Workspace>, input: NewProject) -> Result<Project, AppError> {
    ws.create_project(input.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn get_project(ws: State<'_, Workspace>, id: String) -> Result<Project, AppError> {
    ws.get_project(project_id(&id)?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_projects(
    ws: State<'_, Workspace>,
    include_archived: bool,
) -> Result<Vec<Project>, AppError> {
    ws.list_projects(include_archived)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn project_task_counts(ws: State<'_, Workspace>) -> Result<Vec<ProjectTaskCounts>, AppError> {
    ws.project_task_counts()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_project(
    ws: State<'_, Workspace>,
    id: String,
    patch: ProjectPatch,
) -> Result<Project, AppError> {
    ws.update_project(project_id(&id)?, patch.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn archive_project(ws: State<'_, Workspace>, id: String) -> Result<Project, AppError> {
    ws.archive_project(project_id(&id)?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unarchive_project(ws: State<'_, Workspace>, id: String) -> Result<Project, AppError> {
    ws.unarchive_project(project_id(&id)?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn delete_project(ws: State<'_, Workspace>, id: String) -> Result<(), AppError> {
    ws.delete_project(project_id(&id)?)
}

//! The workspace search command.

use adiuva_app::{AppError, Workspace};
use adiuva_domain::SearchHit;
use tauri::State;

/// Hits returned when the caller does not say how many.
const DEFAULT_LIMIT: u32 = 50;

#[tauri::command(async, rename_all = "snake_case")]
pub fn search(
    ws: State<'_, Workspace>,
    query: String,
    limit: Option<u32>,
) -> Result<Vec<SearchHit>, AppError> {
    ws.search(&query, limit.unwrap_or(DEFAULT_LIMIT))
}

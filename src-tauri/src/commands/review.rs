//! Commands of the review queue: what agents proposed (listed, counted for the sidebar's
//! badge) and the person's decisions on it, in bulk, with undo of the last one.

use std::time::Duration;

use adiuva_app::{AppError, Edit, ItemRef, ReviewDone, Workspace};
use adiuva_domain::{CheckpointPatch, NotePatch, ReviewFilter, ReviewItem, TaskPatch};
use serde::Deserialize;
use tauri::State;

/// A person's changes to a suggestion before approving it, by the kind of item.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", content = "patch", rename_all = "snake_case")]
pub enum SuggestionEdit {
    Task(TaskPatch),
    Checkpoint(CheckpointPatch),
    Note(NotePatch),
}

impl SuggestionEdit {
    fn validate(&self) -> Result<Edit, AppError> {
        Ok(match self {
            Self::Task(patch) => Edit::Task(patch.validate()?),
            Self::Checkpoint(patch) => Edit::Checkpoint(patch.validate()?),
            Self::Note(patch) => Edit::Note(patch.validate()?),
        })
    }
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn review_queue(
    ws: State<'_, Workspace>,
    filter: ReviewFilter,
) -> Result<Vec<ReviewItem>, AppError> {
    ws.review_queue(&filter)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn review_count(ws: State<'_, Workspace>) -> Result<u64, AppError> {
    ws.review_count()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn approve_suggestions(
    ws: State<'_, Workspace>,
    items: Vec<ItemRef>,
) -> Result<ReviewDone, AppError> {
    ws.approve(&items)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn edit_and_approve(
    ws: State<'_, Workspace>,
    item: ItemRef,
    edit: SuggestionEdit,
) -> Result<ReviewDone, AppError> {
    ws.edit_and_approve(item, edit.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reject_suggestions(
    ws: State<'_, Workspace>,
    items: Vec<ItemRef>,
) -> Result<ReviewDone, AppError> {
    ws.reject(&items)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn snooze_suggestions(
    ws: State<'_, Workspace>,
    items: Vec<ItemRef>,
    hours: u64,
) -> Result<ReviewDone, AppError> {
    ws.snooze(&items, Duration::from_secs(hours.saturating_mul(3_600)))
}

/// Undoes the last decision; answers the items it restored (none when nothing was left).
#[tauri::command(async, rename_all = "snake_case")]
pub fn undo_review(ws: State<'_, Workspace>) -> Result<Vec<ItemRef>, AppError> {
    ws.undo_review()
}

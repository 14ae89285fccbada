//! The `checkpoints` table.

use adiuva_domain::{Checkpoint, CheckpointId, Millis, ProjectId};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::columns::{date, date_text, uuid};

const COLUMNS: &str = "c.id, c.project_id, c.title, c.date, c.is_ai_suggested, c.is_approved, c.created_at, c.updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Checkpoint> {
    Ok(Checkpoint {
        id: CheckpointId::from_uuid(uuid(row, 0)?),
        project_id: ProjectId::from_uuid(uuid(row, 1)?),
        title: row.get(2)?,
        date: date(row, 3)?,
        is_ai_suggested: row.get(4)?,
        is_approved: row.get(5)?,
        created_at: Millis(row.get(6)?),
        updated_at: Millis(row.get(7)?),
    })
}

pub fn insert(conn: &Connection, checkpoint: &Checkpoint) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO checkpoints (id, project_id, title, date, is_ai_suggested, is_approved, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        checkpoint.id.to_string(),
        checkpoint.project_id.to_string(),
        checkpoint.title,
        date_text(checkpoint.date),
        checkpoint.is_ai_suggested,
        checkpoint.is_approved,
        checkpoint.created_at.0,
        checkpoint.updated_at.0,
    ])?;
    conn.prepare_cached(
        "INSERT INTO checkpoints_fts (rowid, title) VALUES (last_insert_rowid(), ?1)",
    )?
    .execute([&checkpoint.title])?;
    Ok(())
}

/// Writes every field of an existing checkpoint and marks it for sync.
pub fn update(conn: &Connection, checkpoint: &Checkpoint) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE checkpoints SET project_id = ?2, title = ?3, date = ?4, is_ai_suggested = ?5, is_approved = ?6, \
         updated_at = ?7, dirty = 1 WHERE id = ?1",
    )?
    .execute(params![
        checkpoint.id.to_string(),
        checkpoint.project_id.to_string(),
        checkpoint.title,
        date_text(checkpoint.date),
        checkpoint.is_ai_suggested,
        checkpoint.is_approved,
        checkpoint.updated_at.0,
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: CheckpointId) -> rusqlite::Result<Option<Checkpoint>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM checkpoints c WHERE c.id = ?1"
    ))?
    .query_row([id.to_string()], from_row)
    .optional()
}

/// Approved checkpoints in date order: of one project, or of every active project when `None`
/// (suggestions wait in the review queue).
pub fn list(conn: &Connection, project: Option<ProjectId>) -> rusqlite::Result<Vec<Checkpoint>> {
    match project {
        Some(project) => conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM checkpoints c WHERE c.project_id = ?1 AND c.is_approved = 1 \
                 ORDER BY c.date, c.pk"
            ))?
            .query_map([project.to_string()], from_row)?
            .collect(),
        None => conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM checkpoints c JOIN projects p ON p.id = c.project_id \
                 WHERE p.status = 'active' AND c.is_approved = 1 ORDER BY c.date, c.pk"
            ))?
            .query_map([], from_row)?
            .collect(),
    }
}

pub fn delete(conn: &Connection, id: CheckpointId) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM checkpoints WHERE id = ?1")?
        .execute([id.to_string()])?
        > 0)
}

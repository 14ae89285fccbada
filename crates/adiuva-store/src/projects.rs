//! The `projects` table.

use adiuva_domain::{Millis, Project, ProjectId, ProjectStatus};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::columns::{uuid, variant};

const COLUMNS: &str = "id, name, client_id, status, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Project> {
    Ok(Project {
        id: ProjectId::from_uuid(uuid(row, 0)?),
        name: row.get(1)?,
        client_id: row.get(2)?,
        status: variant(row, 3)?,
        created_at: Millis(row.get(4)?),
        updated_at: Millis(row.get(5)?),
    })
}

pub fn insert(conn: &Connection, project: &Project) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO projects (id, name, client_id, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        project.id.to_string(),
        project.name,
        project.client_id,
        project.status.as_str(),
        project.created_at.0,
        project.updated_at.0,
    ])?;
    conn.prepare_cached(
        "INSERT INTO projects_fts (rowid, name, client_id) VALUES (last_insert_rowid(), ?1, ?2)",
    )?
    .execute(params![project.name, project.client_id])?;
    Ok(())
}

/// Writes every field of an existing project and marks it for sync.
pub fn update(conn: &Connection, project: &Project) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE projects SET name = ?2, client_id = ?3, status = ?4, updated_at = ?5, dirty = 1 WHERE id = ?1",
    )?
    .execute(params![
        project.id.to_string(),
        project.name,
        project.client_id,
        project.status.as_str(),
        project.updated_at.0,
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: ProjectId) -> rusqlite::Result<Option<Project>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM projects WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()
}

/// Projects by name; archived ones only when asked for.
pub fn list(conn: &Connection, include_archived: bool) -> rusqlite::Result<Vec<Project>> {
    let filter = if include_archived {
        ""
    } else {
        "WHERE status = 'active'"
    };
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM projects {filter} ORDER BY status, name COLLATE NOCASE, pk"
    ))?
    .query_map([], from_row)?
    .collect()
}

/// Deletes a project with its tasks and checkpoints (its notes are unfiled, not deleted).
pub fn delete(conn: &Connection, id: ProjectId) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM projects WHERE id = ?1")?
        .execute([id.to_string()])?
        > 0)
}

/// Whether the project exists and is active (tasks and checkpoints are filed only under those).
pub fn status(conn: &Connection, id: ProjectId) -> rusqlite::Result<Option<ProjectStatus>> {
    conn.prepare_cached("SELECT status FROM projects WHERE id = ?1")?
        .query_row([id.to_string()], |row| variant(row, 0))
        .optional()
}

//! The `notes` table.

use adiuva_domain::{Millis, Note, NoteId, NoteSummary, ProjectId, note::excerpt};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::columns::{optional_uuid, uuid};

const COLUMNS: &str = "id, project_id, title, content, created_at, updated_at";

/// Characters of the body read for a list excerpt; the rest of a long note stays on disk.
const EXCERPT_SOURCE_CHARS: usize = 600;

fn from_row(row: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: NoteId::from_uuid(uuid(row, 0)?),
        project_id: optional_uuid(row, 1)?.map(ProjectId::from_uuid),
        title: row.get(2)?,
        content: row.get(3)?,
        created_at: Millis(row.get(4)?),
        updated_at: Millis(row.get(5)?),
    })
}

pub fn insert(conn: &Connection, note: &Note) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO notes (id, project_id, title, content, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        note.id.to_string(),
        note.project_id.map(|p| p.to_string()),
        note.title,
        note.content,
        note.created_at.0,
        note.updated_at.0,
    ])?;
    conn.prepare_cached(
        "INSERT INTO notes_fts (rowid, title, content) VALUES (last_insert_rowid(), ?1, ?2)",
    )?
    .execute(params![note.title, note.content])?;
    Ok(())
}

/// Writes every field of an existing note and marks it for sync.
pub fn update(conn: &Connection, note: &Note) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE notes SET project_id = ?2, title = ?3, content = ?4, updated_at = ?5, dirty = 1 WHERE id = ?1",
    )?
    .execute(params![
        note.id.to_string(),
        note.project_id.map(|p| p.to_string()),
        note.title,
        note.content,
        note.updated_at.0,
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: NoteId) -> rusqlite::Result<Option<Note>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM notes WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()
}

/// Approved note summaries, most recently edited first: of one project, or all notes when
/// `None` (suggestions wait in the review queue).
pub fn list(conn: &Connection, project: Option<ProjectId>) -> rusqlite::Result<Vec<NoteSummary>> {
    let sql = format!(
        "SELECT id, project_id, title, substr(content, 1, {EXCERPT_SOURCE_CHARS}), updated_at FROM notes \
         WHERE (?1 IS NULL OR project_id = ?1) AND is_approved = 1 ORDER BY updated_at DESC, pk DESC"
    );
    conn.prepare_cached(&sql)?
        .query_map([project.map(|p| p.to_string())], |row| {
            let head: String = row.get(3)?;
            Ok(NoteSummary {
                id: NoteId::from_uuid(uuid(row, 0)?),
                project_id: optional_uuid(row, 1)?.map(ProjectId::from_uuid),
                title: row.get(2)?,
                excerpt: excerpt(&head),
                updated_at: Millis(row.get(4)?),
            })
        })?
        .collect()
}

pub fn delete(conn: &Connection, id: NoteId) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM notes WHERE id = ?1")?
        .execute([id.to_string()])?
        > 0)
}

//! The `task_comments` table.

use adiuva_domain::{Author, Comment, CommentId, Millis, TaskId};
use rusqlite::{Connection, OptionalExtension, Row, params, types::Type};

use crate::columns::uuid;

const COLUMNS: &str = "id, task_id, author, content, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Comment> {
    let author: String = row.get(2)?;
    Ok(Comment {
        id: CommentId::from_uuid(uuid(row, 0)?),
        task_id: TaskId::from_uuid(uuid(row, 1)?),
        author: Author::try_from(author)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, Type::Text, Box::new(e)))?,
        content: row.get(3)?,
        created_at: Millis(row.get(4)?),
        updated_at: Millis(row.get(5)?),
    })
}

pub fn insert(conn: &Connection, comment: &Comment) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO task_comments (id, task_id, author, content, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        comment.id.to_string(),
        comment.task_id.to_string(),
        comment.author.to_string(),
        comment.content,
        comment.created_at.0,
        comment.updated_at.0,
    ])?;
    conn.prepare_cached(
        "INSERT INTO task_comments_fts (rowid, content) VALUES (last_insert_rowid(), ?1)",
    )?
    .execute([&comment.content])?;
    Ok(())
}

pub fn get(conn: &Connection, id: CommentId) -> rusqlite::Result<Option<Comment>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM task_comments WHERE id = ?1"
    ))?
    .query_row([id.to_string()], from_row)
    .optional()
}

/// A task's comments, oldest first (a conversation reads top to bottom).
pub fn list_for_task(conn: &Connection, task: TaskId) -> rusqlite::Result<Vec<Comment>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM task_comments WHERE task_id = ?1 ORDER BY created_at, pk"
    ))?
    .query_map([task.to_string()], from_row)?
    .collect()
}

pub fn delete(conn: &Connection, id: CommentId) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM task_comments WHERE id = ?1")?
        .execute([id.to_string()])?
        > 0)
}

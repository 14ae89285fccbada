//! The `tasks` table: writes, lookups, and filtered lists.

use adiuva_domain::{
    Millis, ProjectId, Task, TaskId, TaskOrder, TaskQuery, TaskStatus, search::fts_query,
};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter, types::Value};

use crate::columns::{date_text, optional_date, optional_uuid, string_list, uuid, variant};

const COLUMNS: &str = "t.id, t.project_id, t.title, t.description, t.status, t.priority, t.assignees, \
     t.due_date, t.is_ai_suggested, t.is_approved, t.created_at, t.updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: TaskId::from_uuid(uuid(row, 0)?),
        project_id: optional_uuid(row, 1)?.map(ProjectId::from_uuid),
        title: row.get(2)?,
        description: row.get(3)?,
        status: variant(row, 4)?,
        priority: variant(row, 5)?,
        assignees: string_list(row, 6)?,
        due_date: optional_date(row, 7)?,
        is_ai_suggested: row.get(8)?,
        is_approved: row.get(9)?,
        created_at: Millis(row.get(10)?),
        updated_at: Millis(row.get(11)?),
    })
}

fn assignees_json(task: &Task) -> String {
    serde_json::Value::from(task.assignees.clone()).to_string()
}

pub fn insert(conn: &Connection, task: &Task) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO tasks (id, project_id, title, description, status, priority, assignees, due_date, \
         is_ai_suggested, is_approved, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        task.id.to_string(),
        task.project_id.map(|p| p.to_string()),
        task.title,
        task.description,
        task.status.as_str(),
        task.priority.as_str(),
        assignees_json(task),
        task.due_date.map(date_text),
        task.is_ai_suggested,
        task.is_approved,
        task.created_at.0,
        task.updated_at.0,
    ])?;
    conn.prepare_cached(
        "INSERT INTO tasks_fts (rowid, title, description) VALUES (last_insert_rowid(), ?1, ?2)",
    )?
    .execute(params![task.title, task.description])?;
    Ok(())
}

/// Writes every field of an existing task and marks it for sync.
pub fn update(conn: &Connection, task: &Task) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE tasks SET project_id = ?2, title = ?3, description = ?4, status = ?5, priority = ?6, \
         assignees = ?7, due_date = ?8, is_ai_suggested = ?9, is_approved = ?10, updated_at = ?11, dirty = 1 \
         WHERE id = ?1",
    )?
    .execute(params![
        task.id.to_string(),
        task.project_id.map(|p| p.to_string()),
        task.title,
        task.description,
        task.status.as_str(),
        task.priority.as_str(),
        assignees_json(task),
        task.due_date.map(date_text),
        task.is_ai_suggested,
        task.is_approved,
        task.updated_at.0,
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: TaskId) -> rusqlite::Result<Option<Task>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM tasks t WHERE t.id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()
}

/// Deletes a task with its comments.
pub fn delete(conn: &Connection, id: TaskId) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM tasks WHERE id = ?1")?
        .execute([id.to_string()])?
        > 0)
}

/// Keeps tasks of archived projects out. `NOT IN` over the (few) archived ids is evaluated once
/// per query, where a correlated `NOT EXISTS` probed the projects index once per task.
const NOT_ARCHIVED: &str = "(t.project_id IS NULL OR t.project_id NOT IN (SELECT id FROM projects WHERE status = 'archived'))";

/// Work views show approved tasks only: an agent's suggestion waits in the review queue, and a
/// rejected one is kept for the ledger but is not work.
const APPROVED: &str = "t.is_approved = 1";

const PRIORITY_RANK: &str = "CASE t.priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END";

fn order_clause(order: TaskOrder) -> String {
    match order {
        // Undated last, written as the index `tasks_by_priority` has it (an index cannot
        // hold `NULLS LAST`): the default order's first page then reads only its own rows.
        TaskOrder::Priority => {
            format!("{PRIORITY_RANK}, t.due_date IS NULL, t.due_date, t.created_at, t.pk")
        }
        TaskOrder::DueDate => {
            format!("t.due_date ASC NULLS LAST, {PRIORITY_RANK}, t.created_at, t.pk")
        }
        TaskOrder::Created => "t.created_at DESC, t.pk DESC".to_owned(),
        TaskOrder::Updated => "t.updated_at DESC, t.pk DESC".to_owned(),
        TaskOrder::Title => "t.title COLLATE NOCASE, t.pk".to_owned(),
    }
}

/// Tasks matching every given filter. Text search matches title, description and comments,
/// each word as a prefix; a search with no searchable word matches nothing.
pub fn list(conn: &Connection, query: &TaskQuery) -> rusqlite::Result<Vec<Task>> {
    let Some((sql, values)) = list_statement(query) else {
        return Ok(Vec::new());
    };
    conn.prepare_cached(&sql)?
        .query_map(params_from_iter(values), from_row)?
        .collect()
}

/// The statement [`list`] runs for `query` and its parameters; `None` when it can match
/// nothing (a search with no searchable word). Public so its plan can be checked.
pub fn list_statement(query: &TaskQuery) -> Option<(String, Vec<Value>)> {
    let mut clauses: Vec<&str> = vec![APPROVED];
    let mut values: Vec<Value> = Vec::new();
    if let Some(project) = query.project_id {
        clauses.push("t.project_id = ?");
        values.push(Value::Text(project.to_string()));
    }
    if let Some(status) = query.status {
        clauses.push("t.status = ?");
        values.push(Value::Text(status.as_str().to_owned()));
    }
    if let Some(priority) = query.priority {
        clauses.push("t.priority = ?");
        values.push(Value::Text(priority.as_str().to_owned()));
    }
    if !query.include_archived {
        clauses.push(NOT_ARCHIVED);
    }
    if let Some(text) = &query.search {
        let fts = fts_query(text)?;
        clauses.push(
            "(t.pk IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?) \
             OR t.id IN (SELECT c.task_id FROM task_comments c \
                         WHERE c.pk IN (SELECT rowid FROM task_comments_fts WHERE task_comments_fts MATCH ?)))",
        );
        values.push(Value::Text(fts.clone()));
        values.push(Value::Text(fts));
    }
    let filter = format!("WHERE {}", clauses.join(" AND "));
    let limit = query
        .limit
        .map(|n| format!("LIMIT {n}"))
        .unwrap_or_default();
    let sql = format!(
        "SELECT {COLUMNS} FROM tasks t {filter} ORDER BY {} {limit}",
        order_clause(query.order_by)
    );
    Some((sql, values))
}

/// Tasks due on `day`, open ones first, whatever project they are in (archived excluded).
pub fn due_on(conn: &Connection, day: NaiveDate) -> rusqlite::Result<Vec<Task>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM tasks t WHERE t.due_date = ?1 \
         AND {NOT_ARCHIVED} AND {APPROVED} \
         ORDER BY t.status = 'done', {PRIORITY_RANK}, t.created_at, t.pk"
    ))?
    .query_map([date_text(day)], from_row)?
    .collect()
}

/// Open tasks whose due date is before `day`, oldest first.
pub fn overdue(conn: &Connection, day: NaiveDate) -> rusqlite::Result<Vec<Task>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM tasks t WHERE t.due_date < ?1 AND t.status != 'done' \
         AND {NOT_ARCHIVED} AND {APPROVED} \
         ORDER BY t.due_date, {PRIORITY_RANK}, t.pk"
    ))?
    .query_map([date_text(day)], from_row)?
    .collect()
}

/// How many tasks each project has in each status (projects without tasks are absent).
pub fn counts_by_project(conn: &Connection) -> rusqlite::Result<Vec<(ProjectId, TaskStatus, u32)>> {
    conn.prepare_cached(
        "SELECT project_id, status, count(*) FROM tasks WHERE project_id IS NOT NULL AND is_approved = 1 \
         GROUP BY project_id, status",
    )?
    .query_map([], |row| {
        Ok((ProjectId::from_uuid(uuid(row, 0)?), variant(row, 1)?, row.get(2)?))
    })?
    .collect()
}

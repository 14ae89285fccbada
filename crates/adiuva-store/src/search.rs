//! Workspace-wide full-text search over the FTS5 indexes of every searchable table.

use adiuva_domain::{ProjectId, SearchHit, SearchKind, search::fts_query};
use rusqlite::{Connection, params};

use crate::columns::optional_uuid;

/// One query per indexed table; each returns
/// `(id, task_id, project_id, title, snippet, rank)` best first.
const QUERIES: &[(SearchKind, &str)] = &[
    (
        SearchKind::Task,
        "SELECT t.id, t.id, t.project_id, t.title, snippet(tasks_fts, -1, '[', ']', '…', 12), bm25(tasks_fts) \
         FROM tasks_fts JOIN tasks t ON t.pk = tasks_fts.rowid WHERE tasks_fts MATCH ?1 AND t.is_approved = 1 \
         ORDER BY bm25(tasks_fts) LIMIT ?2",
    ),
    (
        SearchKind::Comment,
        "SELECT c.id, t.id, t.project_id, t.title, snippet(task_comments_fts, 0, '[', ']', '…', 12), \
         bm25(task_comments_fts) FROM task_comments_fts JOIN task_comments c ON c.pk = task_comments_fts.rowid \
         JOIN tasks t ON t.id = c.task_id WHERE task_comments_fts MATCH ?1 AND t.is_approved = 1 ORDER BY bm25(task_comments_fts) LIMIT ?2",
    ),
    (
        SearchKind::Note,
        "SELECT n.id, NULL, n.project_id, n.title, snippet(notes_fts, -1, '[', ']', '…', 12), bm25(notes_fts) \
         FROM notes_fts JOIN notes n ON n.pk = notes_fts.rowid WHERE notes_fts MATCH ?1 AND n.is_approved = 1 \
         ORDER BY bm25(notes_fts) LIMIT ?2",
    ),
    (
        SearchKind::Checkpoint,
        "SELECT c.id, NULL, c.project_id, c.title, snippet(checkpoints_fts, 0, '[', ']', '…', 12), \
         bm25(checkpoints_fts) FROM checkpoints_fts JOIN checkpoints c ON c.pk = checkpoints_fts.rowid \
         WHERE checkpoints_fts MATCH ?1 AND c.is_approved = 1 ORDER BY bm25(checkpoints_fts) LIMIT ?2",
    ),
    (
        SearchKind::Project,
        "SELECT p.id, NULL, p.id, p.name, snippet(projects_fts, -1, '[', ']', '…', 12), bm25(projects_fts) \
         FROM projects_fts JOIN projects p ON p.pk = projects_fts.rowid WHERE projects_fts MATCH ?1 \
         ORDER BY bm25(projects_fts) LIMIT ?2",
    ),
];

/// The best `limit` hits across the workspace for what a person typed, best first; agents'
/// suggestions not approved yet are not work, so they are not found.
pub fn search(conn: &Connection, text: &str, limit: u32) -> rusqlite::Result<Vec<SearchHit>> {
    let Some(query) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let mut hits = Vec::new();
    for (kind, sql) in QUERIES {
        let mut statement = conn.prepare_cached(sql)?;
        let rows = statement.query_map(params![query, limit], |row| {
            Ok(SearchHit {
                kind: *kind,
                id: row.get(0)?,
                task_id: row.get(1)?,
                project_id: optional_uuid(row, 2)?.map(ProjectId::from_uuid),
                title: row.get(3)?,
                snippet: row.get(4)?,
                rank: row.get(5)?,
            })
        })?;
        for hit in rows {
            hits.push(hit?);
        }
    }
    hits.sort_by(|a, b| a.rank.total_cmp(&b.rank));
    hits.truncate(limit as usize);
    Ok(hits)
}

//! The tagging lifecycle's columns on tasks, checkpoints and notes: state, write-back,
//! re-tag, and the pending work queue.

use adiuva_domain::{
    AgentId, ItemKind, Millis, Priority, ProjectId, TagOrigin, Tagging, TaggingStatus,
};
use chrono::NaiveDate;
use rusqlite::{
    Connection, OptionalExtension, params, params_from_iter, types::Type, types::Value as Sql,
};
use serde::Serialize;
use uuid::Uuid;

use crate::columns::{date_text, optional_uuid, variant};

/// The column a `due:` tag lands on, for kinds that have one.
pub const fn due_column(kind: ItemKind) -> Option<&'static str> {
    match kind {
        ItemKind::Task => Some("due_date"),
        ItemKind::Checkpoint => Some("date"),
        ItemKind::Note => None,
    }
}

/// The columns tags are projected onto, for kind `kind`, with `tags` itself.
pub fn projected_columns(kind: ItemKind) -> Vec<&'static str> {
    let mut columns = vec!["tags", "labels", "project_id"];
    if kind == ItemKind::Task {
        columns.push("priority");
    }
    columns.extend(due_column(kind));
    columns
}

fn strings(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(row.get_ref(index)?.as_str()?)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))
}

pub fn state(conn: &Connection, kind: ItemKind, id: Uuid) -> rusqlite::Result<Option<Tagging>> {
    let table = kind.table();
    conn.prepare_cached(&format!(
        "SELECT tagging_status, tagged_by, tagged_by_agent, tagged_at, tags, labels, tags_review \
         FROM {table} WHERE id = ?1"
    ))?
    .query_row([id.to_string()], |row| {
        Ok(Tagging {
            status: variant(row, 0)?,
            tagged_by: match row.get_ref(1)?.as_str_or_null()? {
                None => None,
                Some(_) => Some(variant(row, 1)?),
            },
            tagged_by_agent: optional_uuid(row, 2)?.map(AgentId::from_uuid),
            tagged_at: row.get::<_, Option<i64>>(3)?.map(Millis),
            tags: strings(row, 4)?,
            labels: strings(row, 5)?,
            review_pending: row.get::<_, Option<String>>(6)?.is_some(),
        })
    })
    .optional()
}

/// What a write-back puts on an item. `None` columns stay as they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagColumns {
    pub tags: Vec<String>,
    pub labels: Vec<String>,
    pub priority: Option<Priority>,
    pub due: Option<NaiveDate>,
    pub project_id: Option<ProjectId>,
}

/// What happens to the item's tag review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagsReview {
    /// The tags wait for a person; `previous` (JSON) is what rejecting them puts back.
    Pending { previous: String },
    /// Tags already waiting keep waiting, with what was there before them.
    Keep,
    /// No review: a person wrote them.
    Clear,
}

/// Writes tags and their projection; `stamp` marks a pending item tagged by that origin.
pub fn write(
    conn: &Connection,
    kind: ItemKind,
    id: Uuid,
    columns: &TagColumns,
    stamp: Option<(TagOrigin, Option<AgentId>)>,
    review: &TagsReview,
    now: Millis,
) -> rusqlite::Result<bool> {
    let json = |list: &[String]| serde_json::to_string(list).expect("strings serialize");
    let mut sets: Vec<String> = Vec::new();
    let mut values: Vec<Sql> = Vec::new();
    let mut set = |column: &str, value: Sql| {
        values.push(value);
        sets.push(format!("{column} = ?{}", values.len()));
    };
    set("tags", Sql::Text(json(&columns.tags)));
    set("labels", Sql::Text(json(&columns.labels)));
    if let (Some(priority), ItemKind::Task) = (columns.priority, kind) {
        set("priority", Sql::Text(priority.as_str().to_owned()));
    }
    if let (Some(due), Some(column)) = (columns.due, due_column(kind)) {
        set(column, Sql::Text(date_text(due)));
    }
    if let Some(project) = columns.project_id {
        set("project_id", Sql::Text(project.to_string()));
    }
    if let Some((origin, agent)) = stamp {
        set(
            "tagging_status",
            Sql::Text(TaggingStatus::Tagged.as_str().to_owned()),
        );
        set("tagged_by", Sql::Text(origin.as_str().to_owned()));
        set(
            "tagged_by_agent",
            agent.map_or(Sql::Null, |a| Sql::Text(a.to_string())),
        );
        set("tagged_at", Sql::Integer(now.0));
    }
    match review {
        TagsReview::Pending { previous } => {
            set("tags_review", Sql::Text("pending".into()));
            set("tags_previous", Sql::Text(previous.clone()));
        }
        TagsReview::Keep => {}
        TagsReview::Clear => {
            set("tags_review", Sql::Null);
            set("tags_previous", Sql::Null);
        }
    }
    set("updated_at", Sql::Integer(now.0));
    values.push(Sql::Text(id.to_string()));
    let sql = format!(
        "UPDATE {} SET {}, dirty = 1 WHERE id = ?{}",
        kind.table(),
        sets.join(", "),
        values.len()
    );
    Ok(conn.execute(&sql, params_from_iter(values))? == 1)
}

/// Puts an item back in the pending queue, forgetting who tagged it; its tags stay until the
/// next write-back replaces them.
pub fn retag(conn: &Connection, kind: ItemKind, id: Uuid, now: Millis) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "UPDATE {} SET tagging_status = 'pending', tagged_by = NULL, tagged_by_agent = NULL, \
             tagged_at = NULL, updated_at = ?2, dirty = 1 WHERE id = ?1",
            kind.table()
        ))?
        .execute(params![id.to_string(), now.0])?
        == 1)
}

/// An item waiting for tags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PendingItem {
    pub kind: ItemKind,
    pub id: String,
    pub title: String,
    pub project_id: Option<ProjectId>,
    /// The start of its description (tasks) or body (notes).
    pub excerpt: String,
    pub tags: Vec<String>,
    pub created_at: Millis,
}

/// Characters of text shown with a pending item.
const EXCERPT_CHARS: i64 = 500;

/// The pending work queue, oldest first: items of `kind` (or every kind) not yet tagged,
/// except rejected suggestions.
pub fn pending(
    conn: &Connection,
    kind: Option<ItemKind>,
    limit: u32,
) -> rusqlite::Result<Vec<PendingItem>> {
    let mut items = Vec::new();
    for k in ItemKind::ALL
        .iter()
        .copied()
        .filter(|k| kind.is_none_or(|want| want == *k))
    {
        let text = match k {
            ItemKind::Task => "description",
            ItemKind::Note => "content",
            ItemKind::Checkpoint => "''",
        };
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, title, project_id, substr({text}, 1, {EXCERPT_CHARS}), tags, created_at FROM {} \
             WHERE tagging_status = 'pending' AND rejected_at IS NULL ORDER BY created_at, pk LIMIT ?1",
            k.table()
        ))?;
        let rows = stmt.query_map([limit], |row| {
            Ok(PendingItem {
                kind: k,
                id: row.get(0)?,
                title: row.get(1)?,
                project_id: optional_uuid(row, 2)?.map(ProjectId::from_uuid),
                excerpt: row.get(3)?,
                tags: strings(row, 4)?,
                created_at: Millis(row.get(5)?),
            })
        })?;
        for row in rows {
            items.push(row?);
        }
    }
    items.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    items.truncate(limit as usize);
    Ok(items)
}

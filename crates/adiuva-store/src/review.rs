//! The review queue over tasks, checkpoints and notes: what waits for a person, the
//! decisions' writes, and the undo stack (`review_decisions`).

use adiuva_domain::{
    AgentId, FieldChange, ItemKind, Millis, ProjectId, ReviewAction, ReviewChange, ReviewFilter,
    ReviewItem, TagOrigin,
};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{columns::variant, sync_rows::to_json};

/// An item awaiting a decision on its creation (an agent's suggestion).
const CREATED: &str = "(is_ai_suggested = 1 AND is_approved = 0 AND rejected_at IS NULL)";
/// An item in the queue, whatever waits.
const IN_REVIEW: &str = "((is_ai_suggested = 1 AND is_approved = 0 AND rejected_at IS NULL) OR tags_review = 'pending')";

/// The fields shown for a new suggestion of each kind.
fn shown_fields(kind: ItemKind) -> &'static [&'static str] {
    match kind {
        ItemKind::Task => &[
            "title",
            "description",
            "status",
            "priority",
            "assignees",
            "due_date",
            "project_id",
            "labels",
            "tags",
        ],
        ItemKind::Checkpoint => &["title", "date", "project_id", "labels", "tags"],
        ItemKind::Note => &["title", "content", "project_id", "labels", "tags"],
    }
}

/// A column value as a person reads it: JSON lists joined, blanks absent.
fn readable(value: Option<&Value>) -> Option<String> {
    let text = match value? {
        Value::Null => return None,
        Value::String(s) => match serde_json::from_str::<Vec<String>>(s) {
            Ok(list) if s.starts_with('[') => list.join(", "),
            _ => s.clone(),
        },
        other => other.to_string(),
    };
    (!text.is_empty()).then_some(text)
}

fn uuid_of(value: Option<&Value>) -> Option<Uuid> {
    value
        .and_then(Value::as_str)
        .and_then(|s| Uuid::try_parse(s).ok())
}

fn agent(value: Option<&Value>) -> Option<AgentId> {
    uuid_of(value).map(AgentId::from_uuid)
}

fn millis(value: Option<&Value>) -> Option<Millis> {
    value.and_then(Value::as_i64).map(Millis)
}

fn item(kind: ItemKind, row: &Map<String, Value>) -> ReviewItem {
    let flag = |name: &str| row.get(name).and_then(Value::as_i64) == Some(1);
    let created = flag("is_ai_suggested") && !flag("is_approved") && row["rejected_at"].is_null();
    let previous: Map<String, Value> = row
        .get("tags_previous")
        .and_then(Value::as_str)
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    let (change, agent_id, origin, fields, proposed_at) = if created {
        let fields = shown_fields(kind)
            .iter()
            .filter_map(|f| {
                readable(row.get(*f)).map(|proposed| FieldChange {
                    field: (*f).to_owned(),
                    before: None,
                    proposed: Some(proposed),
                })
            })
            .collect();
        (
            ReviewChange::Created,
            agent(row.get("created_by_agent")),
            TagOrigin::Agent,
            fields,
            millis(row.get("created_at")),
        )
    } else {
        let before = previous
            .get("columns")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let fields = before
            .iter()
            .filter_map(|(name, old)| {
                let (before, proposed) = (readable(Some(old)), readable(row.get(name)));
                (before != proposed).then(|| FieldChange {
                    field: name.clone(),
                    before,
                    proposed,
                })
            })
            .collect();
        let origin = previous
            .get("origin")
            .and_then(Value::as_str)
            .and_then(|o| o.parse().ok())
            .unwrap_or(TagOrigin::Auto);
        (
            ReviewChange::Tags,
            agent(previous.get("agent_id")),
            origin,
            fields,
            millis(previous.get("at")),
        )
    };
    ReviewItem {
        kind,
        id: row["id"].as_str().unwrap_or_default().to_owned(),
        change,
        title: row["title"].as_str().unwrap_or_default().to_owned(),
        project_id: uuid_of(row.get("project_id")).map(ProjectId::from_uuid),
        agent_id,
        origin,
        rationale: row
            .get("rationale")
            .and_then(Value::as_str)
            .map(str::to_owned),
        fields,
        proposed_at: proposed_at.unwrap_or(Millis(0)),
        snoozed_until: millis(row.get("snoozed_until")),
    }
}

/// Suggestions matching `filter`, oldest first; snoozed ones only when asked for.
pub fn queue(
    conn: &Connection,
    filter: &ReviewFilter,
    now: Millis,
    limit: u32,
) -> rusqlite::Result<Vec<ReviewItem>> {
    let mut items = Vec::new();
    let kinds = ItemKind::ALL
        .iter()
        .copied()
        .filter(|k| filter.kind.is_none_or(|want| want == *k));
    for kind in kinds {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT * FROM {} WHERE {IN_REVIEW} \
             AND (?1 OR snoozed_until IS NULL OR snoozed_until <= ?2) \
             AND (?3 IS NULL OR created_by_agent = ?3 OR json_extract(tags_previous, '$.agent_id') = ?3) \
             AND (?4 IS NULL OR project_id = ?4) ORDER BY created_at, pk LIMIT ?5",
            kind.table()
        ))?;
        let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
        let rows = stmt.query_map(
            params![
                filter.include_snoozed,
                now.0,
                filter.agent_id.map(|a| a.to_string()),
                filter.project_id.map(|p| p.to_string()),
                limit
            ],
            |row| {
                let mut map = Map::new();
                for (i, name) in names.iter().enumerate() {
                    map.insert(name.clone(), to_json(row.get_ref(i)?));
                }
                Ok(map)
            },
        )?;
        for row in rows {
            items.push(item(kind, &row?));
        }
    }
    items.sort_by(|a, b| (a.proposed_at, &a.id).cmp(&(b.proposed_at, &b.id)));
    items.truncate(limit as usize);
    Ok(items)
}

/// Suggestions waiting now (snoozed ones not counted): the sidebar's badge.
pub fn pending_count(conn: &Connection, now: Millis) -> rusqlite::Result<u64> {
    let mut total = 0;
    for kind in ItemKind::ALL {
        let n: i64 = conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM {} WHERE {IN_REVIEW} AND (snoozed_until IS NULL OR snoozed_until <= ?1)",
                kind.table()
            ))?
            .query_row([now.0], |r| r.get(0))?;
        total += n.unsigned_abs();
    }
    Ok(total)
}

/// What waits on one item: `None` if it does not exist, `Some(None)` if nothing waits.
pub fn waiting(
    conn: &Connection,
    kind: ItemKind,
    id: Uuid,
) -> rusqlite::Result<Option<Option<ReviewChange>>> {
    conn.prepare_cached(&format!(
        "SELECT {CREATED}, tags_review = 'pending' FROM {} WHERE id = ?1",
        kind.table()
    ))?
    .query_row([id.to_string()], |row| {
        let (created, tags): (bool, Option<bool>) = (row.get(0)?, row.get(1)?);
        Ok(if created {
            Some(ReviewChange::Created)
        } else if tags == Some(true) {
            Some(ReviewChange::Tags)
        } else {
            None
        })
    })
    .optional()
}

/// Marks a new item as an agent's suggestion awaiting review (in its creating transaction).
pub fn mark_suggested(
    conn: &Connection,
    kind: ItemKind,
    id: Uuid,
    agent: AgentId,
    rationale: Option<&str>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "UPDATE {} SET is_ai_suggested = 1, is_approved = 0, created_by_agent = ?2, rationale = ?3 WHERE id = ?1",
        kind.table()
    ))?
    .execute(params![id.to_string(), agent.to_string(), rationale])?;
    Ok(())
}

/// Approves whatever waits on the item.
pub fn approve(conn: &Connection, kind: ItemKind, id: Uuid, now: Millis) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "UPDATE {} SET is_approved = 1, snoozed_until = NULL, tags_review = NULL, tags_previous = NULL, \
         updated_at = ?2, dirty = 1 WHERE id = ?1",
        kind.table()
    ))?
    .execute(params![id.to_string(), now.0])?;
    Ok(())
}

/// Rejects a suggested item: kept (for the ledger and undo), never shown as work.
pub fn reject_created(
    conn: &Connection,
    kind: ItemKind,
    id: Uuid,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "UPDATE {} SET rejected_at = ?2, snoozed_until = NULL, tags_review = NULL, tags_previous = NULL, \
         updated_at = ?2, dirty = 1 WHERE id = ?1",
        kind.table()
    ))?
    .execute(params![id.to_string(), now.0])?;
    Ok(())
}

/// What rejected tags put back: the columns saved when they were written.
pub fn previous_columns(
    conn: &Connection,
    kind: ItemKind,
    id: Uuid,
) -> rusqlite::Result<Option<Map<String, Value>>> {
    let text: Option<Option<String>> = conn
        .prepare_cached(&format!(
            "SELECT tags_previous FROM {} WHERE id = ?1",
            kind.table()
        ))?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    Ok(text
        .flatten()
        .and_then(|t| serde_json::from_str::<Map<String, Value>>(&t).ok())
        .and_then(|m| m.get("columns").and_then(Value::as_object).cloned()))
}

/// Ends a tag review without approving (after the columns were put back).
pub fn clear_tags_review(conn: &Connection, kind: ItemKind, id: Uuid) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "UPDATE {} SET tags_review = NULL, tags_previous = NULL, snoozed_until = NULL WHERE id = ?1",
        kind.table()
    ))?
    .execute([id.to_string()])?;
    Ok(())
}

pub fn snooze(
    conn: &Connection,
    kind: ItemKind,
    id: Uuid,
    until: Millis,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "UPDATE {} SET snoozed_until = ?2, updated_at = ?3, dirty = 1 WHERE id = ?1",
        kind.table()
    ))?
    .execute(params![id.to_string(), until.0, now.0])?;
    Ok(())
}

/// One decision on the undo stack.
#[derive(Clone, Debug, PartialEq)]
pub struct Decided {
    pub batch: String,
    pub ledger_id: String,
    pub kind: ItemKind,
    pub item_id: String,
    pub action: ReviewAction,
    /// The item's columns before the decision.
    pub before: Map<String, Value>,
    pub decided_at: Millis,
}

pub fn push_decision(conn: &Connection, d: &Decided) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO review_decisions (batch, ledger_id, kind, item_id, action, before, decided_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        d.batch,
        d.ledger_id,
        d.kind.as_str(),
        d.item_id,
        d.action.as_str(),
        Value::Object(d.before.clone()).to_string(),
        d.decided_at.0,
    ])?;
    Ok(())
}

/// The newest batch of decisions not undone yet, newest first.
pub fn last_batch(conn: &Connection) -> rusqlite::Result<Vec<Decided>> {
    conn.prepare_cached(
        "SELECT batch, ledger_id, kind, item_id, action, before, decided_at FROM review_decisions \
         WHERE undone_at IS NULL AND batch = (SELECT batch FROM review_decisions \
         WHERE undone_at IS NULL ORDER BY seq DESC LIMIT 1) ORDER BY seq DESC",
    )?
    .query_map([], |row| {
        let before: String = row.get(5)?;
        Ok(Decided {
            batch: row.get(0)?,
            ledger_id: row.get(1)?,
            kind: variant(row, 2)?,
            item_id: row.get(3)?,
            action: variant(row, 4)?,
            before: serde_json::from_str(&before).unwrap_or_default(),
            decided_at: Millis(row.get(6)?),
        })
    })?
    .collect()
}

pub fn mark_undone(conn: &Connection, batch: &str, now: Millis) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE review_decisions SET undone_at = ?2 WHERE batch = ?1")?
        .execute(params![batch, now.0])?;
    Ok(())
}

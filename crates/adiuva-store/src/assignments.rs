//! The `assignments` table (immutable scope contracts; only their end is ever written) and
//! `assignment_events`.

use adiuva_domain::{
    AgentId, Assignment, AssignmentId, Glob, Metadata, Millis, assignment::SUPERSEDED_BY,
};
use rusqlite::{Connection, OptionalExtension, Row, params, types::Type};
use serde::Serialize;

use crate::columns::{uuid, variant};

const COLUMNS: &str = "id, agent_id, allow, deny, policy, reason, orchestrator, metadata, status, created_at, ended_at";

fn json<T: serde::de::DeserializeOwned>(row: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    serde_json::from_str(row.get_ref(index)?.as_str()?)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Assignment> {
    Ok(Assignment {
        id: AssignmentId::from_uuid(uuid(row, 0)?),
        agent_id: AgentId::from_uuid(uuid(row, 1)?),
        allow: json::<Vec<Glob>>(row, 2)?,
        deny: json::<Vec<Glob>>(row, 3)?,
        policy: variant(row, 4)?,
        reason: row.get(5)?,
        orchestrator: row.get(6)?,
        metadata: json::<Metadata>(row, 7)?,
        status: variant(row, 8)?,
        created_at: Millis(row.get(9)?),
        ended_at: row.get::<_, Option<i64>>(10)?.map(Millis),
    })
}

fn text(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("globs and string maps serialize")
}

pub fn insert(conn: &Connection, assignment: &Assignment) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO assignments ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    ))?
    .execute(params![
        assignment.id.to_string(),
        assignment.agent_id.to_string(),
        text(&assignment.allow),
        text(&assignment.deny),
        assignment.policy.as_str(),
        assignment.reason,
        assignment.orchestrator,
        text(&assignment.metadata),
        assignment.status.as_str(),
        assignment.created_at.0,
        assignment.ended_at.map(|m| m.0),
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: AssignmentId) -> rusqlite::Result<Option<Assignment>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM assignments WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()
}

/// The agent's active assignment, if it has one.
pub fn active(conn: &Connection, agent: AgentId) -> rusqlite::Result<Option<Assignment>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignments WHERE agent_id = ?1 AND status = 'active'"
    ))?
    .query_row([agent.to_string()], from_row)
    .optional()
}

/// Every assignment the agent has had, oldest first (its chain).
pub fn history(conn: &Connection, agent: AgentId) -> rusqlite::Result<Vec<Assignment>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignments WHERE agent_id = ?1 ORDER BY pk"
    ))?
    .query_map([agent.to_string()], from_row)?
    .collect()
}

/// Ends the active row `id` as superseded by `by`, recording `superseded_by` in its
/// metadata. Returns false (and writes nothing) when `id` is no longer active: the caller's
/// view is stale.
pub fn supersede(
    conn: &Connection,
    id: AssignmentId,
    by: AssignmentId,
    at: Millis,
) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "UPDATE assignments SET status = 'superseded', ended_at = ?3, \
             metadata = json_set(metadata, '$.{SUPERSEDED_BY}', ?2) \
             WHERE id = ?1 AND status = 'active'"
        ))?
        .execute(params![id.to_string(), by.to_string(), at.0])?
        == 1)
}

/// Ends the active row `id` as revoked; false when it was not active.
pub fn revoke(conn: &Connection, id: AssignmentId, at: Millis) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE assignments SET status = 'revoked', ended_at = ?2 WHERE id = ?1 AND status = 'active'",
        )?
        .execute(params![id.to_string(), at.0])?
        == 1)
}

/// One assignment event as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssignmentEvent {
    pub id: String,
    /// `task.assigned`, `assignment.superseded` or `assignment.revoked`.
    pub kind: String,
    pub assignment_id: String,
    pub agent_id: String,
    pub metadata: Metadata,
    pub created_at: Millis,
}

pub fn insert_event(conn: &Connection, event: &AssignmentEvent) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO assignment_events (id, type, assignment_id, agent_id, metadata, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        event.id,
        event.kind,
        event.assignment_id,
        event.agent_id,
        text(&event.metadata),
        event.created_at.0,
    ])?;
    Ok(())
}

/// The agent's assignment events, oldest first.
pub fn events(conn: &Connection, agent: AgentId) -> rusqlite::Result<Vec<AssignmentEvent>> {
    conn.prepare_cached(
        "SELECT id, type, assignment_id, agent_id, metadata, created_at FROM assignment_events \
         WHERE agent_id = ?1 ORDER BY seq",
    )?
    .query_map([agent.to_string()], |row| {
        Ok(AssignmentEvent {
            id: row.get(0)?,
            kind: row.get(1)?,
            assignment_id: row.get(2)?,
            agent_id: row.get(3)?,
            metadata: json::<Metadata>(row, 4)?,
            created_at: Millis(row.get(5)?),
        })
    })?
    .collect()
}

//! The `agents` table: the agents registered on this device.

use adiuva_domain::{Agent, AgentId, Millis};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::columns::{uuid, variant};

const COLUMNS: &str = "id, name, kind, created_at, revoked_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Agent> {
    Ok(Agent {
        id: AgentId::from_uuid(uuid(row, 0)?),
        name: row.get(1)?,
        kind: variant(row, 2)?,
        created_at: Millis(row.get(3)?),
        revoked_at: row.get::<_, Option<i64>>(4)?.map(Millis),
    })
}

pub fn insert(conn: &Connection, agent: &Agent) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO agents ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)"
    ))?
    .execute(params![
        agent.id.to_string(),
        agent.name,
        agent.kind.as_str(),
        agent.created_at.0,
        agent.revoked_at.map(|m| m.0),
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: AgentId) -> rusqlite::Result<Option<Agent>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM agents WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()
}

/// The agent named `name` (case-insensitive).
pub fn by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<Agent>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM agents WHERE name = ?1"))?
        .query_row([name.trim()], from_row)
        .optional()
}

/// Agents by name, revoked ones last.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Agent>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM agents ORDER BY revoked_at IS NOT NULL, name COLLATE NOCASE"
    ))?
    .query_map([], from_row)?
    .collect()
}

/// Marks the agent revoked; false when it was already.
pub fn revoke(conn: &Connection, id: AgentId, at: Millis) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("UPDATE agents SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")?
        .execute(params![id.to_string(), at.0])?
        > 0)
}

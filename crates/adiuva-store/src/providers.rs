//! The `providers` table: LLM endpoints configured on this device (never their keys).

use adiuva_domain::{Millis, Provider};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::columns::variant;

const COLUMNS: &str = "id, name, kind, base_url, model, key_last4, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Provider> {
    Ok(Provider {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: variant(row, 2)?,
        base_url: row.get(3)?,
        model: row.get(4)?,
        key_last4: row.get(5)?,
        created_at: Millis(row.get(6)?),
        updated_at: Millis(row.get(7)?),
    })
}

pub fn insert(conn: &Connection, provider: &Provider) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO providers ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    ))?
    .execute(params![
        provider.id,
        provider.name,
        provider.kind.as_str(),
        provider.base_url,
        provider.model,
        provider.key_last4,
        provider.created_at.0,
        provider.updated_at.0,
    ])?;
    Ok(())
}

pub fn update(conn: &Connection, provider: &Provider) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE providers SET name = ?2, kind = ?3, base_url = ?4, model = ?5, key_last4 = ?6, updated_at = ?7 WHERE id = ?1",
    )?
    .execute(params![
        provider.id,
        provider.name,
        provider.kind.as_str(),
        provider.base_url,
        provider.model,
        provider.key_last4,
        provider.updated_at.0,
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<Provider>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM providers WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// The provider named `name` (names are unique, case-insensitively).
pub fn by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<Provider>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM providers WHERE name = ?1"))?
        .query_row([name], from_row)
        .optional()
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Provider>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM providers ORDER BY name, id"
    ))?
    .query_map([], from_row)?
    .collect()
}

pub fn count(conn: &Connection) -> rusqlite::Result<usize> {
    conn.query_row("SELECT count(*) FROM providers", [], |row| {
        row.get::<_, i64>(0)
    })
    .map(|n| n as usize)
}

pub fn delete(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM providers WHERE id = ?1")?
        .execute([id])?
        > 0)
}

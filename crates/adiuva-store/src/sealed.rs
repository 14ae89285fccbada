//! The `sealed_records` table (each synced record's latest envelope), the rows still to seal,
//! and the retiring key of a rotation on the `vault` row.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

use crate::sync_rows::{LOCAL_COLUMNS, synced, to_json};

/// The tables whose records leave the device, by their names in the schema; a parent table
/// before its children (a pull applies them in this order).
pub const SYNCED_TABLES: &[&str] = &["projects", "tasks", "task_comments", "checkpoints", "notes"];

/// One sealed record as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSealed {
    pub table: String,
    pub record_id: String,
    pub clock: i64,
    pub key_id: u32,
    pub envelope: Vec<u8>,
    pub checksum: String,
}

/// A record whose current version has no envelope yet: its fields as JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsealedRow {
    pub record_id: String,
    pub clock: i64,
    pub fields: Vec<u8>,
}

/// Up to `limit` records of `table` that are not sealed at their current `updated_at`, in
/// their table's order, each as a JSON object of its synced columns.
pub fn unsealed(
    conn: &Connection,
    table: &str,
    limit: usize,
) -> rusqlite::Result<Vec<UnsealedRow>> {
    let table = synced(table)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.* FROM {table} t LEFT JOIN sealed_records s \
         ON s.tbl = ?1 AND s.record_id = t.id \
         WHERE s.clock IS NULL OR s.clock <> t.updated_at ORDER BY t.pk LIMIT ?2"
    ))?;
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    let id_at = names.iter().position(|n| n == "id");
    let clock_at = names.iter().position(|n| n == "updated_at");
    let (Some(id_at), Some(clock_at)) = (id_at, clock_at) else {
        return Err(rusqlite::Error::InvalidColumnName(
            "id or updated_at".into(),
        ));
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    stmt.query_map(params![table, limit], |row| {
        let mut fields = Map::new();
        for (i, name) in names.iter().enumerate() {
            if !LOCAL_COLUMNS.contains(&name.as_str()) {
                fields.insert(name.clone(), to_json(row.get_ref(i)?));
            }
        }
        Ok(UnsealedRow {
            record_id: row.get(id_at)?,
            clock: row.get(clock_at)?,
            fields: serde_json::to_vec(&Value::Object(fields))
                .expect("a JSON map of SQLite values serializes"),
        })
    })?
    .collect()
}

/// Stores a record's envelope, replacing the previous one.
pub fn put(conn: &Connection, sealed: &StoredSealed) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sealed_records (tbl, record_id, clock, key_id, envelope, checksum) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tbl, record_id) DO UPDATE SET \
         clock = ?3, key_id = ?4, envelope = ?5, checksum = ?6",
    )?
    .execute(params![
        sealed.table,
        sealed.record_id,
        sealed.clock,
        sealed.key_id,
        sealed.envelope,
        sealed.checksum,
    ])?;
    Ok(())
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredSealed> {
    Ok(StoredSealed {
        table: row.get(0)?,
        record_id: row.get(1)?,
        clock: row.get(2)?,
        key_id: row.get(3)?,
        envelope: row.get(4)?,
        checksum: row.get(5)?,
    })
}

const COLUMNS: &str = "tbl, record_id, clock, key_id, envelope, checksum";

pub fn get(
    conn: &Connection,
    table: &str,
    record_id: &str,
) -> rusqlite::Result<Option<StoredSealed>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM sealed_records WHERE tbl = ?1 AND record_id = ?2"
    ))?
    .query_row(params![table, record_id], from_row)
    .optional()
}

/// Up to `limit` envelopes sealed under another generation than `key_id`.
pub fn under_other_key(
    conn: &Connection,
    key_id: u32,
    limit: usize,
) -> rusqlite::Result<Vec<StoredSealed>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM sealed_records WHERE key_id <> ?1 ORDER BY tbl, record_id LIMIT ?2"
    ))?
    .query_map(params![key_id, limit], from_row)?
    .collect()
}

/// `(all envelopes, envelopes under generation key_id)`.
pub fn counts(conn: &Connection, key_id: u32) -> rusqlite::Result<(u64, u64)> {
    conn.prepare_cached("SELECT count(*), coalesce(sum(key_id = ?1), 0) FROM sealed_records")?
        .query_row([key_id], |row| {
            let (all, under): (i64, i64) = (row.get(0)?, row.get(1)?);
            // Counts are never negative.
            Ok((all.unsigned_abs(), under.unsigned_abs()))
        })
}

pub fn retiring_key(conn: &Connection) -> rusqlite::Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT retiring_key FROM vault WHERE singleton = 1")?
        .query_row([], |row| row.get(0))
        .optional()?
        .flatten())
}

/// Sets (at the start of a rotation) or clears (at its end) the retiring key.
pub fn set_retiring_key(conn: &Connection, wrapped: Option<&[u8]>) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE vault SET retiring_key = ?1 WHERE singleton = 1")?
        .execute([wrapped])?;
    Ok(())
}

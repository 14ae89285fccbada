//! The sync engine's view of the database: synced rows read as JSON field maps when dirty
//! (`pull_writes.rs` writes merged ones), its own state tables, and the quarantine.

use rusqlite::{
    Connection, OptionalExtension, params,
    types::{Value as Sql, ValueRef},
};
use serde_json::{Map, Value};

use crate::sealed::SYNCED_TABLES;

/// Columns that describe this device's copy, not the record: never sealed or synced.
pub(crate) const LOCAL_COLUMNS: &[&str] = &["pk", "dirty", "field_clocks"];

pub(crate) fn synced(table: &str) -> rusqlite::Result<&'static str> {
    SYNCED_TABLES
        .iter()
        .find(|t| **t == table)
        .copied()
        .ok_or_else(|| rusqlite::Error::InvalidParameterName(table.to_owned()))
}

pub(crate) fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    names
        .filter(|n| {
            n.as_ref()
                .map_or(true, |n| !LOCAL_COLUMNS.contains(&n.as_str()))
        })
        .collect()
}

pub(crate) fn to_json(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::from(hex::encode(b)),
    }
}

pub(crate) fn to_sql(value: &Value) -> Sql {
    match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(Sql::Integer)
            .or_else(|| n.as_f64().map(Sql::Real))
            .unwrap_or(Sql::Null),
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// A dirty row: its id, its `updated_at`, and its synced columns.
#[derive(Clone, Debug, PartialEq)]
pub struct DirtyRow {
    pub record_id: String,
    pub updated_at: i64,
    pub fields: Map<String, Value>,
}

/// What a capture has to look at: the synced tables with rows changed here since they were
/// last captured, and whether any row was deleted. One statement over the outbox indexes:
/// a round with little to capture (most are) skips the tables with nothing changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outbox {
    pub changed: Vec<&'static str>,
    pub deletions: bool,
}

impl Outbox {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && !self.deletions
    }
}

pub fn outbox(conn: &Connection) -> rusqlite::Result<Outbox> {
    let mut exists: Vec<String> = SYNCED_TABLES
        .iter()
        .map(|t| format!("EXISTS (SELECT 1 FROM {t} WHERE dirty = 1)"))
        .collect();
    exists.push("EXISTS (SELECT 1 FROM sync_vanished)".to_owned());
    conn.prepare_cached(&format!("SELECT {}", exists.join(", ")))?
        .query_row([], |r| {
            let mut changed = Vec::new();
            for (i, table) in SYNCED_TABLES.iter().enumerate() {
                if r.get(i)? {
                    changed.push(*table);
                }
            }
            Ok(Outbox {
                changed,
                deletions: r.get(SYNCED_TABLES.len())?,
            })
        })
}

/// Hands `each` the rows of `table` changed here since they were last captured, in order,
/// one at a time: a first capture of a large workspace need not hold every row at once (at
/// 100k tasks the list alone was hundreds of megabytes). `each` may write other tables.
pub fn each_dirty_row<E: From<rusqlite::Error>>(
    conn: &Connection,
    table: &str,
    mut each: impl FnMut(DirtyRow) -> Result<(), E>,
) -> Result<(), E> {
    let table = synced(table)?;
    // Every column, the local ones skipped below: the cached statement knows the names,
    // where asking the schema (`pragma_table_info`) cost about ten microseconds a table.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT * FROM {table} WHERE dirty = 1 ORDER BY pk"
    ))?;
    let names: Vec<(usize, String)> = stmt
        .column_names()
        .into_iter()
        .enumerate()
        .filter(|(_, name)| !LOCAL_COLUMNS.contains(name))
        .map(|(i, name)| (i, name.to_owned()))
        .collect();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let mut fields = Map::new();
        for (i, name) in &names {
            fields.insert(name.clone(), to_json(row.get_ref(*i)?));
        }
        each(DirtyRow {
            record_id: fields
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            updated_at: fields
                .get("updated_at")
                .and_then(Value::as_i64)
                .unwrap_or_default(),
            fields,
        })?;
    }
    Ok(())
}

/// Marks every row of `table` captured: called in the transaction that read them with
/// [`each_dirty_row`], so no row can have turned dirty in between. One statement for the table
/// instead of one per row.
pub fn clear_dirty(conn: &Connection, table: &str) -> rusqlite::Result<()> {
    let table = synced(table)?;
    conn.prepare_cached(&format!("UPDATE {table} SET dirty = 0 WHERE dirty = 1"))?
        .execute([])?;
    Ok(())
}

/// Records this device synced that are no longer in `table` (deleted here), from the
/// deletions the triggers listed since the last capture.
pub fn vanished(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let table = synced(table)?;
    let mut stmt = conn.prepare_cached(&format!(
        // CROSS JOIN keeps the outbox as the outer loop: without statistics the planner
        // sometimes drove the join from sync_records, reading every synced record of the
        // table on each round (30-70 ms at 20k tasks) to find the few deleted ones.
        "SELECT v.record_id FROM sync_vanished v \
         CROSS JOIN sync_records s ON s.tbl = v.tbl AND s.record_id = v.record_id \
         WHERE v.tbl = ?1 AND s.deleted = 0 \
         AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = v.record_id)"
    ))?;
    stmt.query_map([table], |r| r.get(0))?.collect()
}

/// Forgets the listed deletions of `table` once captured.
pub fn clear_vanished(conn: &Connection, table: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM sync_vanished WHERE tbl = ?1")?
        .execute([table])?;
    Ok(())
}

/// The engine's state of one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncRecord {
    pub table: String,
    pub record_id: String,
    /// Stamped fields, as JSON.
    pub fields: String,
    pub server_version: u64,
    pub pending: bool,
    pub deleted: bool,
}

fn record_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<SyncRecord> {
    Ok(SyncRecord {
        table: r.get(0)?,
        record_id: r.get(1)?,
        fields: r.get(2)?,
        server_version: u64::try_from(r.get::<_, i64>(3)?).unwrap_or_default(),
        pending: r.get(4)?,
        deleted: r.get(5)?,
    })
}

pub fn record(
    conn: &Connection,
    table: &str,
    record_id: &str,
) -> rusqlite::Result<Option<SyncRecord>> {
    conn.prepare_cached(
        "SELECT tbl, record_id, fields, server_version, pending, deleted FROM sync_records \
         WHERE tbl = ?1 AND record_id = ?2",
    )?
    .query_row(params![table, record_id], record_from)
    .optional()
}

pub fn put_record(conn: &Connection, record: &SyncRecord) -> rusqlite::Result<()> {
    // Once per record on both sides of a sync: parsed once per connection, not per call.
    conn.prepare_cached(
        "INSERT INTO sync_records (tbl, record_id, fields, server_version, pending, deleted) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tbl, record_id) DO UPDATE SET \
         fields = ?3, server_version = ?4, pending = ?5, deleted = ?6",
    )?
    .execute(params![
        record.table,
        record.record_id,
        record.fields,
        i64::try_from(record.server_version).unwrap_or(i64::MAX),
        record.pending,
        record.deleted
    ])?;
    Ok(())
}

/// Records that the server accepted `sent_fields` as `version`: the record stays pending only
/// if its fields changed again since. Compared in SQLite, so a push's acknowledgements neither
/// read nor rewrite each record's fields. False when there is no such record.
pub fn acknowledge(
    conn: &Connection,
    table: &str,
    record_id: &str,
    version: u64,
    sent_fields: &str,
) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE sync_records SET server_version = ?3, pending = (fields IS NOT ?4) \
             WHERE tbl = ?1 AND record_id = ?2",
        )?
        .execute(params![
            table,
            record_id,
            i64::try_from(version).unwrap_or(i64::MAX),
            sent_fields
        ])?;
    Ok(changed > 0)
}

pub fn pending(conn: &Connection) -> rusqlite::Result<Vec<SyncRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT tbl, record_id, fields, server_version, pending, deleted FROM sync_records \
         WHERE pending = 1 ORDER BY tbl, record_id",
    )?;
    stmt.query_map([], record_from)?.collect()
}

/// Marks every synced record pending: after the vault key changed, each goes to the server
/// again sealed under the new generation, so a device that only knows it opens them all.
pub fn mark_all_pending(conn: &Connection) -> rusqlite::Result<usize> {
    conn.prepare_cached("UPDATE sync_records SET pending = 1 WHERE pending = 0")?
        .execute([])
}

/// Changes not yet on the server: captured and pending, plus rows edited since the last
/// capture.
pub fn waiting(conn: &Connection) -> rusqlite::Result<u64> {
    let mut total: i64 = conn.query_row(
        "SELECT count(*) FROM sync_records WHERE pending = 1",
        [],
        |r| r.get(0),
    )?;
    for table in SYNCED_TABLES {
        let dirty: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {table} WHERE dirty = 1"),
            [],
            |r| r.get(0),
        )?;
        total += dirty;
    }
    Ok(u64::try_from(total).unwrap_or_default())
}

/// `(device, cursor, last wall ms, last counter)`.
pub type Meta = (u64, u64, u64, u32);

pub fn meta(conn: &Connection) -> rusqlite::Result<Option<Meta>> {
    conn.prepare_cached(
        "SELECT device, cursor, last_wall, last_counter FROM sync_meta WHERE singleton = 1",
    )?
    .query_row([], |r| {
        let n = |i: usize| {
            r.get::<_, i64>(i)
                .map(|v| u64::try_from(v).unwrap_or_default())
        };
        Ok((
            n(0)?,
            n(1)?,
            n(2)?,
            u32::try_from(n(3)?).unwrap_or_default(),
        ))
    })
    .optional()
}

pub fn put_meta(conn: &Connection, (device, cursor, wall, counter): Meta) -> rusqlite::Result<()> {
    let s = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    conn.prepare_cached(
        "INSERT INTO sync_meta (singleton, device, cursor, last_wall, last_counter) \
         VALUES (1, ?1, ?2, ?3, ?4) ON CONFLICT (singleton) DO UPDATE SET device = ?1, \
         cursor = ?2, last_wall = ?3, last_counter = ?4",
    )?
    .execute(params![s(device), s(cursor), s(wall), counter])?;
    Ok(())
}

pub fn quarantine(
    conn: &Connection,
    table: &str,
    record_id: &str,
    version: u64,
    reason: &str,
    at: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO sync_quarantine (tbl, record_id, version, reason, received_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![table, record_id, i64::try_from(version).unwrap_or(i64::MAX), reason, at],
    )?;
    Ok(())
}

/// `(table, record id, version, reason)` of everything quarantined.
pub fn quarantined(conn: &Connection) -> rusqlite::Result<Vec<(String, String, u64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT tbl, record_id, version, reason FROM sync_quarantine ORDER BY received_at, rowid",
    )?;
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            u64::try_from(r.get::<_, i64>(2)?).unwrap_or_default(),
            r.get(3)?,
        ))
    })?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::{SyncRecord, acknowledge, put_record, record};

    #[test]
    fn an_acknowledged_record_stays_pending_only_if_it_changed_since_it_was_sent() {
        let conn = crate::open_in_memory().unwrap();
        let sent = SyncRecord {
            table: "tasks".into(),
            record_id: "t1".into(),
            fields: r#"{"title":"a"}"#.into(),
            server_version: 0,
            pending: true,
            deleted: false,
        };
        put_record(&conn, &sent).unwrap();
        assert!(acknowledge(&conn, "tasks", "t1", 4, &sent.fields).unwrap());
        let now = record(&conn, "tasks", "t1").unwrap().unwrap();
        assert_eq!((now.server_version, now.pending), (4, false));
        assert_eq!(now.fields, sent.fields, "the fields are left as they were");

        let edited = SyncRecord {
            fields: r#"{"title":"b"}"#.into(),
            pending: true,
            ..now
        };
        put_record(&conn, &edited).unwrap();
        assert!(acknowledge(&conn, "tasks", "t1", 5, &sent.fields).unwrap());
        let now = record(&conn, "tasks", "t1").unwrap().unwrap();
        assert_eq!((now.server_version, now.pending), (5, true));

        assert!(!acknowledge(&conn, "tasks", "t2", 1, "{}").unwrap());
    }
}

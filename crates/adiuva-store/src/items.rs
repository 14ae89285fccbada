//! Taggable, reviewable items (tasks, checkpoints, notes) read and written generically by
//! kind: their place, and their columns as a JSON map (what the review's undo stack keeps).

use adiuva_domain::{ItemKind, Millis, ProjectId};
use rusqlite::{Connection, OptionalExtension, params_from_iter, types::Value as Sql};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::sync_rows::{LOCAL_COLUMNS, to_json, to_sql};

/// The project an item is filed under: `None` when the item does not exist, `Some(None)`
/// when it is unfiled.
pub fn project(
    conn: &Connection,
    kind: ItemKind,
    id: Uuid,
) -> rusqlite::Result<Option<Option<ProjectId>>> {
    let table = kind.table();
    conn.prepare_cached(&format!("SELECT project_id FROM {table} WHERE id = ?1"))?
        .query_row([id.to_string()], |row| row.get::<_, Option<String>>(0))
        .optional()
        .map(|found| {
            found.map(|project| {
                project
                    .and_then(|p| Uuid::try_parse(&p).ok())
                    .map(ProjectId::from_uuid)
            })
        })
}

/// Every column of an item that describes the record (not this device's copy).
pub fn fields(
    conn: &Connection,
    kind: ItemKind,
    id: Uuid,
) -> rusqlite::Result<Option<Map<String, Value>>> {
    let table = kind.table();
    let mut stmt = conn.prepare_cached(&format!("SELECT * FROM {table} WHERE id = ?1"))?;
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    stmt.query_row([id.to_string()], |row| {
        let mut map = Map::new();
        for (i, name) in names.iter().enumerate() {
            if !LOCAL_COLUMNS.contains(&name.as_str()) {
                map.insert(name.clone(), to_json(row.get_ref(i)?));
            }
        }
        Ok(map)
    })
    .optional()
}

/// Writes `fields` back onto an existing item as a new local change (stamped `now`, marked
/// for sync). Unknown names are ignored; false when the item no longer exists.
pub fn restore(
    conn: &Connection,
    kind: ItemKind,
    id: Uuid,
    fields: &Map<String, Value>,
    now: Millis,
) -> rusqlite::Result<bool> {
    let table = kind.table();
    let known: Vec<String> = conn
        .prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}')"))?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<_, _>>()?;
    let mut sets = Vec::new();
    let mut values: Vec<Sql> = Vec::new();
    for (name, value) in fields {
        let writable = known.contains(name)
            && !LOCAL_COLUMNS.contains(&name.as_str())
            && !matches!(name.as_str(), "id" | "updated_at");
        if writable {
            values.push(to_sql(value));
            sets.push(format!("{name} = ?{}", values.len()));
        }
    }
    values.push(Sql::Integer(now.0));
    sets.push(format!("updated_at = ?{}", values.len()));
    values.push(Sql::Text(id.to_string()));
    let sql = format!(
        "UPDATE {table} SET {}, dirty = 1 WHERE id = ?{}",
        sets.join(", "),
        values.len()
    );
    Ok(conn.execute(&sql, params_from_iter(values))? == 1)
}

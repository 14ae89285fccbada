//! Writing one pull's merged records into the synced tables: each table's columns and
//! statements are looked up once per pull, and the full-text entries of the rows a pull adds
//! are written together once its records are in.
//!
//! Written row by row, each full-text entry cost more than the row itself: SQLite opens a
//! statement savepoint around most writes, and FTS5 writes its pending entries to disk at
//! every savepoint, so a first pull wrote one tiny index segment per record and spent half
//! its time merging them.

use std::{
    borrow::Cow,
    collections::{BTreeMap, HashMap},
};

use rusqlite::{
    Connection, OptionalExtension,
    types::{ToSqlOutput, Value as Sql, ValueRef},
};
use serde_json::Value;

use crate::sync_rows::{columns, synced, to_sql};

/// The full-text index of each synced table: which columns it holds.
const FTS_COLUMNS: &[(&str, &str)] = &[
    ("projects", "name, client_id"),
    ("tasks", "title, description"),
    ("task_comments", "content"),
    ("checkpoints", "title"),
    ("notes", "title, content"),
];

/// The synced columns of each table, and the statements that write them, made once per pull
/// instead of once per record.
#[derive(Default)]
struct Columns {
    names: HashMap<&'static str, Vec<String>>,
    /// `(insert, update)` by table and the columns present, a bit per column.
    statements: HashMap<(&'static str, u64), (String, String)>,
}

impl Columns {
    fn of(&mut self, conn: &Connection, table: &'static str) -> rusqlite::Result<&[String]> {
        if !self.names.contains_key(table) {
            self.names.insert(table, columns(conn, table)?);
        }
        Ok(&self.names[table])
    }

    /// The statements writing the columns of `present` (indexes into the table's columns).
    fn statements(&mut self, table: &'static str, present: &[usize]) -> (String, String) {
        let known = &self.names[table];
        let make = || {
            let names: Vec<&str> = present.iter().map(|&i| known[i].as_str()).collect();
            let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
            let sets: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 1))
                .collect();
            (
                format!(
                    "INSERT INTO {table} ({}, dirty) VALUES ({}, 0) ON CONFLICT (id) DO NOTHING",
                    names.join(", "),
                    marks.join(", ")
                ),
                format!(
                    "UPDATE {table} SET {}, dirty = 0 WHERE id = ?{}",
                    sets.join(", "),
                    names.len() + 1
                ),
            )
        };
        if known.len() > 64 {
            return make();
        }
        let mask = present.iter().fold(0u64, |mask, &i| mask | 1 << i);
        self.statements
            .entry((table, mask))
            .or_insert_with(make)
            .clone()
    }
}

/// A JSON value as an SQL argument, its text borrowed.
fn sql_arg(value: &Value) -> ToSqlOutput<'_> {
    match value {
        Value::String(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        other => ToSqlOutput::Owned(to_sql(other)),
    }
}

/// A merged record's row values by column, borrowed from its fields where they are the
/// same (a pull of many records copied every value of every record before).
pub type RowValues<'a> = BTreeMap<&'a str, Cow<'a, Value>>;

/// The writes of one pull into the synced tables.
#[derive(Default)]
pub struct PullWrites {
    columns: Columns,
    /// Rows this pull inserted whose full-text entries are not written yet, by table.
    unindexed: HashMap<&'static str, Vec<i64>>,
    /// Each table's foreign keys: `(parent table, column, parent column)`.
    parents: HashMap<&'static str, Vec<(String, String, String)>>,
    /// Whether this transaction's foreign keys are checked at commit (see `upsert`).
    deferred: bool,
}

/// Whether `err` is a foreign key refusing a write.
fn is_foreign_key(err: &rusqlite::Error) -> bool {
    err.sqlite_error()
        .is_some_and(|e| e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY)
}

impl PullWrites {
    /// Writes merged `fields` into `table`: a new row is inserted (its full-text entry
    /// waits for [`PullWrites::index`]), an existing one updated.
    ///
    /// A row whose parent is not there (yet) is written all the same: the transaction's
    /// foreign keys are then checked at commit, once [`PullWrites::orphans`] has found such
    /// rows. Deferring is left until a row needs it (parents are applied before children, so
    /// few pulls do): the pragma that defers expires every prepared statement of the
    /// connection, and each then parsed its SQL again, which was a fifth of a small sync.
    pub fn upsert(
        &mut self,
        conn: &Connection,
        table: &str,
        fields: &RowValues<'_>,
    ) -> rusqlite::Result<()> {
        match self.write_row(conn, table, fields) {
            Err(refused) if is_foreign_key(&refused) && !self.deferred => {
                conn.pragma_update(None, "defer_foreign_keys", "ON")?;
                self.deferred = true;
                self.write_row(conn, table, fields)
            }
            written => written,
        }
    }

    fn write_row(
        &mut self,
        conn: &Connection,
        table: &str,
        fields: &RowValues<'_>,
    ) -> rusqlite::Result<()> {
        let table = synced(table)?;
        let known = self.columns.of(conn, table)?;
        let present: Vec<usize> = (0..known.len())
            .filter(|&i| fields.contains_key(known[i].as_str()))
            .collect();
        let mut args: Vec<ToSqlOutput<'_>> = present
            .iter()
            .map(|&i| sql_arg(&fields[known[i].as_str()]))
            .collect();
        let (insert, update) = self.columns.statements(table, &present);
        // Most records of a pull are new here: the insert is tried first, and only a row
        // that exists is updated (one statement instead of a look-up and an insert). The
        // same columns come back record after record: cached statements skip re-parsing.
        let inserted = conn
            .prepare_cached(&insert)?
            .execute(rusqlite::params_from_iter(&args))?
            > 0;
        if inserted {
            self.unindexed
                .entry(table)
                .or_default()
                .push(conn.last_insert_rowid());
            return Ok(());
        }
        // The update's trigger replaces the row's full-text entry, which must exist first.
        self.index(conn)?;
        let id = fields
            .get("id")
            .map_or(ToSqlOutput::Owned(Sql::Null), |id| sql_arg(id));
        args.push(id);
        conn.prepare_cached(&update)?
            .execute(rusqlite::params_from_iter(&args))?;
        Ok(())
    }

    /// Deletes a record's row (its delete trigger removes its full-text entry, so the
    /// waiting entries are written first).
    pub fn delete(
        &mut self,
        conn: &Connection,
        table: &str,
        record_id: &str,
    ) -> rusqlite::Result<()> {
        let table = synced(table)?;
        self.index(conn)?;
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
            .execute([record_id])?;
        Ok(())
    }

    /// Writes the full-text entries of the rows inserted since the last call: one statement
    /// per table. Must run before the pull's transaction commits.
    pub fn index(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        for (table, pks) in self.unindexed.drain() {
            let Some((_, fts)) = FTS_COLUMNS.iter().find(|(t, _)| *t == table) else {
                continue;
            };
            let pks = Value::from(pks).to_string();
            conn.prepare_cached(&format!(
                "INSERT INTO {table}_fts (rowid, {fts}) SELECT pk, {fts} FROM {table} \
                 WHERE pk IN (SELECT value FROM json_each(?1))"
            ))?
            .execute([pks])?;
        }
        Ok(())
    }

    /// Among the records just written, those whose parent is missing: `(table, id)`. To be
    /// called before the transaction commits. Only written records can have lost a parent
    /// here, so the check costs what was pulled, not what exists; and none did unless one
    /// needed its foreign keys deferred (without, every write was checked as it ran).
    pub fn orphans(
        &mut self,
        conn: &Connection,
        written: &[(String, String)],
    ) -> rusqlite::Result<Vec<(String, String)>> {
        if !self.deferred {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        for (table, id) in written {
            let table = synced(table)?;
            if !self.parents.contains_key(table) {
                let parents = conn
                    .prepare_cached(&format!(
                        "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('{table}')"
                    ))?
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<Result<_, _>>()?;
                self.parents.insert(table, parents);
            }
            for (parent, from, to) in &self.parents[table] {
                let missing = conn
                    .prepare_cached(&format!(
                        "SELECT 1 FROM {table} t WHERE t.id = ?1 AND t.{from} IS NOT NULL \
                         AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{to} = t.{from})"
                    ))?
                    .query_row([id], |_| Ok(()))
                    .optional()?
                    .is_some();
                if missing {
                    found.push((table.to_owned(), id.clone()));
                    break;
                }
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use std::borrow::Cow;

    use super::{PullWrites, RowValues};

    fn task(id: &str, title: &str) -> Map<String, Value> {
        let row =
            json!({"id": id, "title": title, "description": "", "created_at": 1, "updated_at": 1});
        row.as_object().unwrap().clone()
    }

    fn values(row: &Map<String, Value>) -> RowValues<'_> {
        row.iter()
            .map(|(k, v)| (k.as_str(), Cow::Borrowed(v)))
            .collect()
    }

    fn found(conn: &rusqlite::Connection, word: &str) -> Vec<String> {
        let mut stmt = conn
            .prepare(
                "SELECT t.id FROM tasks_fts JOIN tasks t ON t.pk = tasks_fts.rowid \
                 WHERE tasks_fts MATCH ?1 ORDER BY t.id",
            )
            .unwrap();
        stmt.query_map([word], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn rows_written_in_any_order_end_with_exactly_their_full_text_entries() {
        let mut conn = crate::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        let mut writes = PullWrites::default();
        for (id, title) in [
            ("a", "apple pie"),
            ("b", "banana bread"),
            ("c", "cherry tart"),
        ] {
            writes
                .upsert(&tx, "tasks", &values(&task(id, title)))
                .unwrap();
        }
        // Updating and deleting rows whose entries still wait: each needs them written.
        writes
            .upsert(&tx, "tasks", &values(&task("b", "blueberry bread")))
            .unwrap();
        writes.delete(&tx, "tasks", "c").unwrap();
        writes
            .upsert(&tx, "tasks", &values(&task("d", "date cake")))
            .unwrap();
        assert!(found(&tx, "date").is_empty(), "not indexed before index()");
        writes.index(&tx).unwrap();
        tx.commit().unwrap();

        assert_eq!(found(&conn, "apple"), ["a"]);
        assert_eq!(found(&conn, "blueberry"), ["b"]);
        assert!(found(&conn, "banana").is_empty());
        assert!(found(&conn, "cherry").is_empty());
        assert_eq!(found(&conn, "date"), ["d"]);
        // FTS5 compares its index with the table's content, row by row.
        conn.execute(
            "INSERT INTO tasks_fts (tasks_fts) VALUES ('integrity-check')",
            [],
        )
        .unwrap();
    }

    #[test]
    fn orphans_are_the_written_rows_whose_parent_is_missing() {
        let mut conn = crate::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        let mut writes = PullWrites::default();
        let mut lost = task("lost", "lost");
        lost.insert("project_id".into(), json!("gone"));
        writes.upsert(&tx, "tasks", &values(&lost)).unwrap();
        writes
            .upsert(&tx, "tasks", &values(&task("free", "free")))
            .unwrap();
        let written = [
            ("tasks".to_owned(), "lost".to_owned()),
            ("tasks".to_owned(), "free".to_owned()),
        ];
        assert_eq!(
            writes.orphans(&tx, &written).unwrap(),
            [("tasks".to_owned(), "lost".to_owned())]
        );
    }

    /// How often the connection's cached `SELECT 1` was parsed again since it was made.
    fn reparsed(conn: &rusqlite::Connection) -> i32 {
        let mut stmt = conn.prepare_cached("SELECT 1").unwrap();
        stmt.query_row([], |_| Ok(())).unwrap();
        stmt.get_status(rusqlite::StatementStatus::RePrepare)
    }

    #[test]
    fn foreign_keys_are_deferred_only_when_a_row_lacks_its_parent() {
        let mut conn = crate::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        assert_eq!(reparsed(&tx), 0);
        let mut writes = PullWrites::default();
        let project = json!({"id": "p", "name": "Garden", "created_at": 1, "updated_at": 1});
        writes
            .upsert(&tx, "projects", &values(project.as_object().unwrap()))
            .unwrap();
        let mut child = task("child", "water the beans");
        child.insert("project_id".into(), json!("p"));
        writes.upsert(&tx, "tasks", &values(&child)).unwrap();
        assert_eq!(
            reparsed(&tx),
            0,
            "rows with their parents leave the cached statements alone"
        );

        let mut lost = task("lost", "lost");
        lost.insert("project_id".into(), json!("gone"));
        writes.upsert(&tx, "tasks", &values(&lost)).unwrap();
        assert_eq!(reparsed(&tx), 1, "deferring expired the statements");
        let written = [("tasks".to_owned(), "lost".to_owned())];
        assert_eq!(writes.orphans(&tx, &written).unwrap(), written);
        writes.delete(&tx, "tasks", "lost").unwrap();
        writes.index(&tx).unwrap();
        tx.commit().unwrap();
        let kept: i64 = conn
            .query_row("SELECT count(*) FROM tasks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 1);
    }
}

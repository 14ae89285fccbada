//! The store on real database files: migrating from empty through every step, the resulting
//! schema, connection settings, and refusal to read corrupt values.

use adiuva_store::{CLIENT_MIGRATIONS, StoreError, open, rusqlite::Connection};
use std::path::Path;

fn names(conn: &Connection, kind: &str) -> Vec<String> {
    conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = ?1 AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .unwrap()
    .query_map([kind], |row| row.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn columns(conn: &Connection, table: &str) -> Vec<String> {
    conn.prepare(&format!(
        "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
    ))
    .unwrap()
    .query_map([], |row| row.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn every_migration_file_is_embedded_in_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/client");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    let embedded: Vec<&str> = CLIENT_MIGRATIONS.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        files, embedded,
        "migrations/client and CLIENT_MIGRATIONS disagree"
    );
    for (i, (name, sql)) in CLIENT_MIGRATIONS.iter().enumerate() {
        assert!(
            name.starts_with(&format!("{:04}_", i + 1)),
            "{name} is not step {}",
            i + 1
        );
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            *sql,
            "{name} changed after embedding"
        );
    }
}

#[test]
fn an_empty_database_migrates_through_every_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    let conn = open(&path).unwrap();

    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, CLIENT_MIGRATIONS.len() as i64);
    let journal: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let foreign_keys: bool = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert!(foreign_keys);

    let tables = names(&conn, "table");
    for table in ["projects", "tasks", "task_comments", "checkpoints", "notes"] {
        assert!(tables.contains(&table.to_owned()), "missing table {table}");
        let cols = columns(&conn, table);
        for seam in [
            "pk",
            "id",
            "created_at",
            "updated_at",
            "field_clocks",
            "dirty",
        ] {
            assert!(
                cols.contains(&seam.to_owned()),
                "{table} lacks the sync seam column {seam}"
            );
        }
        assert!(
            tables.contains(&format!("{table}_fts")),
            "{table} has no search index"
        );
        let triggers = names(&conn, "trigger");
        for op in ["update", "delete"] {
            assert!(
                triggers.contains(&format!("{table}_fts_{op}")),
                "{table} index misses {op}s"
            );
        }
    }
    assert_eq!(
        columns(&conn, "tasks"),
        [
            "pk",
            "id",
            "project_id",
            "title",
            "description",
            "status",
            "priority",
            "assignees",
            "due_date",
            "is_ai_suggested",
            "is_approved",
            "created_at",
            "updated_at",
            "field_clocks",
            "dirty",
            "tagging_status",
            "tagged_by",
            "tagged_by_agent",
            "tagged_at",
            "tags",
            "labels",
            "tags_review",
            "tags_previous",
            "created_by_agent",
            "rationale",
            "snoozed_until",
            "rejected_at"
        ]
    );
    let check: String = conn
        .pragma_query_value(None, "integrity_check", |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");

    // Opening again finds nothing to do and keeps the data.
    conn.execute(
        "INSERT INTO projects (id, name, created_at, updated_at) VALUES ('p', 'Kept', 1, 1)",
        [],
    )
    .unwrap();
    drop(conn);
    let again = open(&path).unwrap();
    let name: String = again
        .query_row("SELECT name FROM projects WHERE id = 'p'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Kept");
}

#[test]
fn the_schema_refuses_impossible_rows() {
    let conn = adiuva_store::open_in_memory().unwrap();
    conn.execute(
        "INSERT INTO projects (id, name, created_at, updated_at) VALUES ('p', 'P', 1, 1)",
        [],
    )
    .unwrap();
    for bad in [
        "INSERT INTO tasks (id, title, status, created_at, updated_at) VALUES ('t', 'T', 'someday', 1, 1)",
        "INSERT INTO tasks (id, title, due_date, created_at, updated_at) VALUES ('t', 'T', '2026-02-30', 1, 1)",
        "INSERT INTO tasks (id, title, assignees, created_at, updated_at) VALUES ('t', 'T', '\"Ana\"', 1, 1)",
        "INSERT INTO tasks (id, title, created_at, updated_at) VALUES ('t', '  ', 1, 1)",
        "INSERT INTO tasks (id, title, project_id, created_at, updated_at) VALUES ('t', 'T', 'nope', 1, 1)",
        "INSERT INTO checkpoints (id, project_id, title, date, created_at, updated_at) VALUES ('c', 'p', 'C', 'soon', 1, 1)",
        "INSERT INTO projects (id, name, status, created_at, updated_at) VALUES ('q', 'Q', 'deleted', 1, 1)",
    ] {
        assert!(conn.execute(bad, []).is_err(), "accepted: {bad}");
    }
}

#[test]
fn a_corrupt_stored_value_is_an_error_not_a_guess() {
    let conn = adiuva_store::open_in_memory().unwrap();
    conn.execute(
        "INSERT INTO projects (id, name, created_at, updated_at) VALUES ('not-a-uuid', 'P', 1, 1)",
        [],
    )
    .unwrap();
    let err = adiuva_store::projects::list(&conn, true).unwrap_err();
    assert!(
        matches!(
            err,
            adiuva_store::rusqlite::Error::FromSqlConversionFailure(0, ..)
        ),
        "{err:?}"
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 1000)
        .unwrap();
    match open(&path) {
        Err(StoreError::SchemaTooNew {
            found: 1000, known, ..
        }) => assert_eq!(known, CLIENT_MIGRATIONS.len()),
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
}

#[test]
fn a_database_from_every_earlier_step_migrates_and_keeps_its_data() {
    for done in 1..CLIENT_MIGRATIONS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("workspace.db");
        {
            let conn = Connection::open(&path).unwrap();
            for (_, sql) in &CLIENT_MIGRATIONS[..done] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", done as i64)
                .unwrap();
            conn.execute(
                "INSERT INTO projects (id, name, created_at, updated_at) VALUES ('p', 'Kept', 1, 1)",
                [],
            )
            .unwrap();
        }
        let conn = open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, CLIENT_MIGRATIONS.len() as i64, "from step {done}");
        let name: String = conn
            .query_row("SELECT name FROM projects WHERE id = 'p'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "Kept", "from step {done}");
        assert!(names(&conn, "table").contains(&"vault".to_owned()));
    }
}

#[test]
fn the_vault_row_is_a_singleton_of_ciphertext() {
    use adiuva_domain::Millis;
    use adiuva_store::vault::{StoredVault, get, put};
    let conn = adiuva_store::open_in_memory().unwrap();
    assert_eq!(get(&conn).unwrap(), None);
    let mut vault = StoredVault {
        vault_id: [1; 16],
        envelope: vec![1, 2, 3],
        device_wrap: None,
        auto_lock_minutes: Some(15),
        created_at: Millis(1),
        updated_at: Millis(1),
    };
    put(&conn, &vault).unwrap();
    vault.device_wrap = Some(vec![9]);
    vault.updated_at = Millis(2);
    put(&conn, &vault).unwrap();
    assert_eq!(get(&conn).unwrap(), Some(vault));
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM vault", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1);
    assert!(conn.execute("INSERT INTO vault (singleton, vault_id, envelope, created_at, updated_at) VALUES (2, zeroblob(16), x'00', 1, 1)", []).is_err());
}

#[test]
fn sync_records_keep_their_state_when_they_move_to_a_rowid_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    let before = CLIENT_MIGRATIONS
        .iter()
        .position(|(name, _)| *name == "0010_sync_records_rowid.sql")
        .unwrap();
    let long = format!(
        r#"{{"title":{{"stamp":[1,0,7],"value":"{}"}}}}"#,
        "x".repeat(3000)
    );
    {
        let conn = Connection::open(&path).unwrap();
        for (_, sql) in &CLIENT_MIGRATIONS[..before] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", before as i64)
            .unwrap();
        conn.execute(
            "INSERT INTO sync_records (tbl, record_id, fields, server_version, pending, deleted) \
             VALUES ('tasks', 'a', ?1, 3, 1, 0), ('tasks', 'b', '{}', 5, 0, 1)",
            [&long],
        )
        .unwrap();
    }
    let conn = open(&path).unwrap();
    let rows: Vec<(String, String, i64, bool, bool)> = conn
        .prepare("SELECT record_id, fields, server_version, pending, deleted FROM sync_records ORDER BY record_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            ("a".to_owned(), long, 3, true, false),
            ("b".to_owned(), "{}".to_owned(), 5, false, true)
        ]
    );
    let schema: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'sync_records'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!schema.contains("WITHOUT ROWID"), "{schema}");
    // Still one row per record.
    assert!(
        conn.execute(
            "INSERT INTO sync_records (tbl, record_id, fields) VALUES ('tasks', 'a', '{}')",
            [],
        )
        .is_err()
    );
}

#[test]
fn rows_written_before_the_agents_step_are_tagged_by_hand_and_new_rows_wait_for_a_tagger() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    let before_agents = CLIENT_MIGRATIONS
        .iter()
        .position(|(name, _)| *name == "0007_agents.sql")
        .unwrap();
    {
        let conn = Connection::open(&path).unwrap();
        for (_, sql) in &CLIENT_MIGRATIONS[..before_agents] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", before_agents as i64)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO projects (id, name, created_at, updated_at) VALUES ('p', 'P', 1, 1);
             INSERT INTO tasks (id, title, created_at, updated_at, dirty) VALUES ('old', 'Old', 1, 7, 0);
             INSERT INTO checkpoints (id, project_id, title, date, created_at, updated_at) VALUES ('c', 'p', 'C', '2026-01-01', 1, 8);
             INSERT INTO notes (id, title, created_at, updated_at) VALUES ('n', 'N', 1, 9);",
        )
        .unwrap();
    }
    let conn = open(&path).unwrap();
    for (table, id, at) in [
        ("tasks", "old", 7),
        ("checkpoints", "c", 8),
        ("notes", "n", 9),
    ] {
        let row: (String, String, Option<String>, i64, bool) = conn
            .query_row(
                &format!(
                    "SELECT tagging_status, tagged_by, tagged_by_agent, tagged_at, is_approved FROM {table} WHERE id = ?1"
                ),
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            row,
            ("tagged".into(), "manual".into(), None, at, true),
            "{table}"
        );
    }
    let dirty: bool = conn
        .query_row("SELECT dirty FROM tasks WHERE id = 'old'", [], |r| r.get(0))
        .unwrap();
    assert!(!dirty, "the migration is not a change to sync");
    conn.execute(
        "INSERT INTO tasks (id, title, created_at, updated_at) VALUES ('new', 'New', 2, 2)",
        [],
    )
    .unwrap();
    let status: (String, Option<String>) = conn
        .query_row(
            "SELECT tagging_status, tagged_by FROM tasks WHERE id = 'new'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, ("pending".into(), None));
}

#[test]
fn the_ledger_and_assignments_refuse_to_be_rewritten() {
    let conn = adiuva_store::open_in_memory().unwrap();
    let zeros = "0".repeat(64);
    let ones = "1".repeat(64);
    conn.execute_batch(&format!(
        "INSERT INTO agents (id, name, kind, created_at) VALUES ('a', 'ext', 'external', 1);
         INSERT INTO assignments (id, agent_id, allow, policy, reason, created_at) VALUES ('s', 'a', '[\"create_task\"]', 'block', 'triage', 1);
         INSERT INTO ledger (id, at, actor, action, planned, arguments, arguments_hash, decision, rule, outcome, result_hash, prev_hash, hash)
         VALUES ('l', 1, 'agent:a', 'create_task', '{{}}', '{{}}', '{zeros}', 'allow', 'allow:create_task', 'ok', '{zeros}', '{zeros}', '{ones}');"
    ))
    .unwrap();
    for bad in [
        "UPDATE ledger SET rule = 'human'",
        "DELETE FROM ledger",
        "UPDATE assignments SET allow = '[\"*\"]'",
        "UPDATE assignments SET policy = 'warn'",
        "DELETE FROM assignments",
        "INSERT INTO assignments (id, agent_id, allow, policy, reason, created_at) VALUES ('t', 'a', '[]', 'block', 'two active', 1)",
        "INSERT INTO assignments (id, agent_id, allow, policy, reason, created_at) VALUES ('u', 'a', '[]', 'block', '  ', 1)",
        "INSERT INTO agents (id, name, kind, created_at) VALUES ('b', 'EXT', 'external', 1)",
    ] {
        assert!(conn.execute(bad, []).is_err(), "accepted: {bad}");
    }
    conn.execute(
        "UPDATE assignments SET status = 'superseded', ended_at = 2 WHERE id = 's'",
        [],
    )
    .unwrap();
    assert!(
        conn.execute(
            "UPDATE assignments SET status = 'active' WHERE id = 's'",
            []
        )
        .is_err(),
        "an ended assignment came back"
    );
}

/// The opcodes SQLite compiles `sql` to.
fn opcodes(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN {sql}")).unwrap();
    // Unbound parameters are NULL: compiling needs no values.
    let mut rows = stmt.raw_query();
    let mut ops = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        ops.push(row.get(1).unwrap());
    }
    ops
}

#[test]
fn writes_build_no_temporary_table_for_their_checks_and_the_checks_still_hold() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.db");
    // From the step before the rewrite, with a row, as an existing workspace would be.
    {
        let conn = Connection::open(&path).unwrap();
        for (_, sql) in &CLIENT_MIGRATIONS[..10] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 10).unwrap();
        conn.execute(
            "INSERT INTO tasks (id, title, status, priority, created_at, updated_at) \
             VALUES ('kept', 'Kept', 'done', 'low', 1, 1)",
            [],
        )
        .unwrap();
    }
    let insert_task = "INSERT INTO tasks (id, title, status, priority, tagged_by, created_at, \
                       updated_at) VALUES (?1, 'T', ?2, 'high', 'auto', 1, 1)";
    let insert_ledger = "INSERT INTO ledger (id, at, actor, action, planned, arguments, \
                         arguments_hash, decision, rule, outcome, result_hash, prev_hash, hash) \
                         VALUES ('l', 1, 'user', 'a', '{}', '{}', 'h', 'allow', 'r', 'ok', 'h', \
                         'p', 'h')";
    {
        let before = Connection::open(&path).unwrap();
        assert!(
            opcodes(&before, insert_task).contains(&"OpenEphemeral".to_owned()),
            "the witness: before the step, the checks' value lists were temporary tables"
        );
    }
    let conn = open(&path).unwrap();
    let other = Connection::open(&path).unwrap();
    let fresh = adiuva_store::open_in_memory().unwrap();
    for (who, c) in [
        ("the migrating connection", &conn),
        ("another one", &other),
        ("a new workspace's", &fresh),
    ] {
        for sql in [insert_task, insert_ledger] {
            assert!(
                !opcodes(c, sql).contains(&"OpenEphemeral".to_owned()),
                "{who}: {sql}"
            );
        }
        let refused = c.execute(insert_task, ["t-bad", "someday"]);
        assert!(
            refused.is_err(),
            "{who}: an unknown status is still refused"
        );
    }
    conn.execute(insert_task, ["t-ok", "in_progress"]).unwrap();
    let writable: bool = conn
        .pragma_query_value(None, "writable_schema", |r| r.get(0))
        .unwrap();
    assert!(!writable, "writable_schema is off again");
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(verdict, "ok");
    let kept: String = conn
        .query_row("SELECT status FROM tasks WHERE id = 'kept'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, "done");
}

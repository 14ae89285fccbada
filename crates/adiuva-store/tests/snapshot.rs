//! The streamed snapshot a backup compresses: its pages make a database file that holds
//! exactly what was committed when the stream began, WAL included, and nothing written while
//! it ran.

use adiuva_store::{StoreError, open, rusqlite::Connection, snapshot};
use std::path::Path;

fn names(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM projects ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn add_project(conn: &Connection, title: &str) {
    conn.execute(
        "INSERT INTO projects (id, name, created_at, updated_at) VALUES (?1, ?1, 1, 1)",
        [title],
    )
    .unwrap();
}

/// The streamed pages of `database`, written to `path`; `during` runs after the first page.
fn stream_to(database: &Path, path: &Path, mut during: impl FnMut()) -> Vec<(u64, u64)> {
    let mut image = Vec::new();
    let mut seen = Vec::new();
    snapshot::each_page(database, |page, done, total| {
        if image.is_empty() {
            during();
        }
        image.extend_from_slice(page);
        seen.push((done, total));
        Ok::<_, StoreError>(())
    })
    .unwrap();
    std::fs::write(path, image).unwrap();
    seen
}

#[test]
fn streamed_pages_are_the_committed_database_and_nothing_written_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("workspace.db");
    let conn = open(&database).unwrap();
    for i in 0..400 {
        add_project(&conn, &format!("project {i:03} {}", "x".repeat(200)));
    }
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    add_project(&conn, "only in the WAL");
    let expected = names(&conn);
    // The database file alone lacks the last project: the stream must read it from the WAL.
    let file_only = dir.path().join("file-only.db");
    std::fs::copy(&database, &file_only).unwrap();
    let file_names = names(&Connection::open(&file_only).unwrap());
    assert!(!file_names.contains(&"only in the WAL".to_owned()));

    let copy = dir.path().join("copy.db");
    let writer = open(&database).unwrap();
    let seen = stream_to(&database, &copy, || {
        add_project(&writer, "written during the stream");
    });

    let (last_done, total) = *seen.last().unwrap();
    assert_eq!(last_done, total, "every byte announced is handed over");
    assert_eq!(
        total,
        std::fs::metadata(&copy).unwrap().len(),
        "the pages add up to the total"
    );
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 == w[1].1));

    snapshot::check_intact(&copy).unwrap();
    let restored = open(&copy).unwrap();
    assert_eq!(names(&restored), expected);
    assert!(expected.contains(&"only in the WAL".to_owned()));
    assert!(
        names(&conn).contains(&"written during the stream".to_owned()),
        "the write went through, after the snapshot began"
    );
}

#[test]
fn a_missing_database_is_an_error_not_an_empty_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let result = snapshot::each_page(&dir.path().join("absent.db"), |_, _, _| {
        Ok::<_, StoreError>(())
    });
    assert!(matches!(result, Err(StoreError::Sqlite(_))), "{result:?}");
}

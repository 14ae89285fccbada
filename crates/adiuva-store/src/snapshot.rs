//! Whole-database copies for backups: a consistent snapshot of the open database, as a file or
//! as a stream of its pages, and the checks a restored file must pass before it may replace
//! the workspace.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, backup::Backup};

use crate::StoreError;

/// Copies the database at `database` to `path` as one consistent snapshot, page by page
/// through SQLite's online backup, on a connection of its own: the workspace's connection is
/// not held, and writers go on meanwhile (WAL). One step copies every page inside one read
/// transaction, so nothing written during the copy gets in. `VACUUM INTO` did this before; it
/// rebuilt every table and index and took twice as long on a 100k-task workspace.
pub fn snapshot_into(database: &Path, path: &Path) -> Result<(), StoreError> {
    let source = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut target = Connection::open(path)?;
    Backup::new(&source, &mut target)?.step(-1)?;
    Ok(())
}

/// Hands `each` every page of the database at `database` in order, with how many bytes it
/// has been handed so far and the total: together the pages are the database file a snapshot
/// would write. They are read through SQLite's page reader (`sqlite_dbpage`) in one read
/// transaction on a connection of its own, so they are consistent, include what the WAL holds,
/// and writers go on meanwhile.
///
/// A backup compresses these pages as they come. Writing the snapshot to a file first and
/// reading it back took more than half of a backup of a 167 MB workspace, most of it in the
/// kernel's `pwrite`.
pub fn each_page<E: From<rusqlite::Error>>(
    database: &Path,
    mut each: impl FnMut(&[u8], u64, u64) -> Result<(), E>,
) -> Result<(), E> {
    let mut conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let tx = conn.transaction()?;
    let pages: i64 = tx.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let page_size: i64 = tx.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let total = u64::try_from(pages * page_size).unwrap_or_default();
    let mut done = 0;
    let mut stmt = tx.prepare("SELECT data FROM sqlite_dbpage ORDER BY pgno")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let page = row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
        done += page.len() as u64;
        each(page, done, total)?;
    }
    Ok(())
}

/// Refuses a file that is not an intact SQLite database (`PRAGMA integrity_check`).
pub fn check_intact(path: &Path) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(StoreError::NotIntact(verdict))
    }
}

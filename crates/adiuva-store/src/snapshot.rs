//! Whole-database copies for backups: a consistent snapshot of the open database, and the
//! checks a restored file must pass before it may replace the workspace.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::StoreError;

/// Writes a consistent, compacted copy of the database to `path` (which must not exist).
pub fn snapshot_into(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let target = path.to_string_lossy();
    conn.execute("VACUUM INTO ?1", [target.as_ref()])?;
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

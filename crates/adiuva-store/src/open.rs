//! Opening a workspace database: connection pragmas, then every pending migration.

use rusqlite::Connection;
use std::{path::Path, time::Duration};

use crate::{StoreError, migrations::migrations};

/// How long a writer waits for another connection's lock before reporting busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Page cache per connection, in KiB (SQLite's negative `cache_size` unit). The default 2 MiB
/// made bulk writes re-read index pages from the OS: profiling showed a fifth of the time in
/// `pread`; 64 MiB holds the indexes of a 100k-task workspace.
const CACHE_KIB: i64 = 64 * 1024;

/// Prepared statements kept per connection. Sync writes each synced table through its own
/// statements (a dozen per table), so rusqlite's default of 16 evicted them record after
/// record and every write parsed its SQL again.
const STATEMENT_CACHE: usize = 256;

/// Opens (creating if needed) the workspace database at `path` and migrates it to the
/// current schema. WAL lets readers proceed during a write; `synchronous = NORMAL` is
/// durable across application crashes in WAL mode and much cheaper than FULL.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    configure(&mut conn, &path.display().to_string())?;
    Ok(conn)
}

/// A private in-memory workspace, for previews and tests that need no file.
pub fn open_in_memory() -> Result<Connection, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    configure(&mut conn, ":memory:")?;
    Ok(conn)
}

fn configure(conn: &mut Connection, path: &str) -> Result<(), StoreError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let found = usize::try_from(found).unwrap_or(usize::MAX);
    let known = crate::CLIENT_MIGRATIONS.len();
    if found > known {
        return Err(StoreError::SchemaTooNew {
            path: path.to_owned(),
            found,
            known,
        });
    }
    migrations().to_latest(conn)?;
    Ok(())
}

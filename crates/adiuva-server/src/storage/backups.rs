//! The embedded storage's backups: a row per backup in SQLite, the sealed snapshot as a file
//! in the blob directory, kept only within the tier's allowance.

use std::path::Path;

use adiuva_protocol::BackupMetadata;
use rusqlite::{Connection, TransactionBehavior, params};

use super::{
    StorageError,
    blobs::BlobDir,
    rows::{count, signed},
};

/// Keeps a checked upload as a backup unless the user's backups would pass `quota` (then the
/// staged file is removed and nothing is kept).
pub(super) fn add(
    conn: &mut Connection,
    blobs: &BlobDir,
    user_id: &str,
    meta: &BackupMetadata,
    staged: &Path,
    quota: Option<u64>,
) -> Result<(), StorageError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let used: i64 = tx.query_row(
        "SELECT coalesce(sum(size_bytes), 0) FROM backups WHERE user_id = ?1",
        [user_id],
        |r| r.get(0),
    )?;
    let total = count(used) + meta.size_bytes;
    if let Some(limit) = quota
        && total > limit
    {
        blobs.remove(staged);
        return Err(StorageError::QuotaExceeded { used: total, limit });
    }
    tx.execute(
        "INSERT INTO backups (user_id, id, version, timestamp, checksum, chunk_count, size_bytes, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            user_id,
            meta.id,
            meta.version,
            meta.timestamp,
            meta.checksum,
            signed(meta.chunk_count),
            signed(meta.size_bytes),
            meta.created_at
        ],
    )?;
    let path = blobs.backup(user_id, &meta.id);
    if let Err(err) = std::fs::rename(staged, &path) {
        blobs.remove(staged);
        return Err(err.into());
    }
    if let Err(err) = tx.commit() {
        blobs.remove(&path);
        return Err(err.into());
    }
    Ok(())
}

/// The user's backups, newest snapshot first.
pub(super) fn list(conn: &Connection, user_id: &str) -> Result<Vec<BackupMetadata>, StorageError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, version, timestamp, checksum, chunk_count, size_bytes, created_at \
         FROM backups WHERE user_id = ?1 ORDER BY timestamp DESC, created_at DESC",
    )?;
    let rows = stmt
        .query_map([user_id], |r| {
            Ok(BackupMetadata {
                id: r.get(0)?,
                version: r.get(1)?,
                timestamp: r.get(2)?,
                checksum: r.get(3)?,
                chunk_count: count(r.get(4)?),
                size_bytes: count(r.get(5)?),
                created_at: r.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

//! The embedded storage's vectors: rows in SQLite, sealed blobs in the blob directory, a
//! per-user sequence for the vector feed, and their bytes counted in the user's quota with
//! the records. One transaction per call; blob files follow the rows' fate.

use adiuva_protocol::{VectorEntry, VectorItem, VectorPage};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::{
    StorageError,
    blobs::BlobDir,
    rows::{count, signed},
};

/// A vector's row, as a write compares against it.
struct Current {
    version: u64,
    size: u64,
    deleted: bool,
}

/// Writes every vector in order, or none when the quota would be passed.
pub(super) fn upsert(
    conn: &mut Connection,
    blobs: &BlobDir,
    user_id: &str,
    items: Vec<VectorItem>,
    quota: Option<u64>,
    now: i64,
) -> Result<u64, StorageError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (mut seq, mut used): (i64, i64) = tx.query_row(
        "SELECT last_vector_seq, used_bytes FROM users WHERE id = ?1",
        [user_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut written = Vec::new();
    let mut replaced = Vec::new();
    let upserted = items.len() as u64;
    let result = (|| -> Result<(), StorageError> {
        for item in items {
            let current = tx
                .query_row(
                    "SELECT version, size, deleted FROM vectors WHERE user_id = ?1 AND id = ?2",
                    params![user_id, item.id],
                    |r| {
                        Ok(Current {
                            version: count(r.get(0)?),
                            size: count(r.get(1)?),
                            deleted: r.get(2)?,
                        })
                    },
                )
                .optional()?;
            let live = current.as_ref().filter(|c| !c.deleted);
            used = used - signed(live.map_or(0, |c| c.size)) + signed(item.blob.len() as u64);
            if let Some(limit) = quota
                && count(used) > limit
            {
                return Err(StorageError::QuotaExceeded {
                    used: count(used),
                    limit,
                });
            }
            let version = current.as_ref().map_or(0, |c| c.version) + 1;
            seq += 1;
            let path = blobs.vector(user_id, &item.id, version);
            blobs.write(&path, &item.blob)?;
            written.push(path);
            if let Some(live) = live {
                replaced.push(blobs.vector(user_id, &item.id, live.version));
            }
            tx.execute(
                "INSERT INTO vectors (user_id, id, model, dimension, clock, version, seq, checksum, \
                 size, deleted, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?10) \
                 ON CONFLICT (user_id, id) DO UPDATE SET model = ?3, dimension = ?4, clock = ?5, \
                 version = ?6, seq = ?7, checksum = ?8, size = ?9, deleted = 0, updated_at = ?10",
                params![
                    user_id,
                    item.id,
                    item.model,
                    item.dimension,
                    signed(item.clock),
                    signed(version),
                    seq,
                    item.checksum,
                    signed(item.blob.len() as u64),
                    now
                ],
            )?;
        }
        tx.execute(
            "UPDATE users SET last_vector_seq = ?2, used_bytes = ?3 WHERE id = ?1",
            params![user_id, seq, used],
        )?;
        Ok(())
    })();
    match result.and_then(|()| Ok(tx.commit()?)) {
        Ok(()) => {
            for path in replaced {
                blobs.remove(&path);
            }
            Ok(upserted)
        }
        Err(err) => {
            for path in written {
                blobs.remove(&path);
            }
            Err(err)
        }
    }
}

const ENTRY_COLUMNS: &str = "id, model, dimension, clock, seq, checksum, deleted, version";

/// A row of `ENTRY_COLUMNS` and the version its blob is stored under.
fn entry_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<(VectorEntry, u64)> {
    Ok((
        VectorEntry {
            id: row.get(0)?,
            model: row.get(1)?,
            dimension: row.get(2)?,
            clock: count(row.get(3)?),
            seq: count(row.get(4)?),
            checksum: row.get(5)?,
            deleted: row.get(6)?,
            blob: None,
        },
        count(row.get(7)?),
    ))
}

/// A live vector with its blob.
pub(super) fn get(
    conn: &Connection,
    blobs: &BlobDir,
    user_id: &str,
    id: &str,
) -> Result<Option<VectorEntry>, StorageError> {
    let found = conn
        .query_row(
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM vectors WHERE user_id = ?1 AND id = ?2 AND deleted = 0"
            ),
            params![user_id, id],
            entry_from,
        )
        .optional()?;
    let Some((mut entry, version)) = found else {
        return Ok(None);
    };
    entry.blob = Some(blobs.read(&blobs.vector(user_id, id, version))?);
    Ok(Some(entry))
}

/// Writes and deletions after `since`, in sequence order, at most `limit` and about
/// `max_bytes` of blobs.
pub(super) fn since(
    conn: &Connection,
    blobs: &BlobDir,
    user_id: &str,
    since: u64,
    limit: u64,
    max_bytes: u64,
) -> Result<VectorPage, StorageError> {
    let rows: Vec<(VectorEntry, u64)> = {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM vectors WHERE user_id = ?1 AND seq > ?2 \
             ORDER BY seq LIMIT ?3"
        ))?;
        stmt.query_map(
            params![user_id, signed(since), signed(limit) + 1],
            entry_from,
        )?
        .collect::<Result<_, _>>()?
    };
    let mut more = rows.len() as u64 > limit;
    let mut vectors = Vec::new();
    let mut bytes = 0u64;
    let mut next = since;
    for (mut entry, version) in rows.into_iter().take(limit as usize) {
        if !vectors.is_empty() && bytes >= max_bytes {
            more = true;
            break;
        }
        if !entry.deleted {
            let blob = blobs.read(&blobs.vector(user_id, &entry.id, version))?;
            bytes += blob.len() as u64;
            entry.blob = Some(blob);
        }
        next = entry.seq;
        vectors.push(entry);
    }
    Ok(VectorPage {
        vectors,
        next,
        more,
    })
}

/// Marks the live vectors among `ids` deleted (each gets a place in the feed) and frees their
/// bytes; answers how many there were.
pub(super) fn delete(
    conn: &mut Connection,
    blobs: &BlobDir,
    user_id: &str,
    ids: &[String],
    now: i64,
) -> Result<u64, StorageError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut gone = Vec::new();
    let mut freed = 0u64;
    for id in ids {
        let live: Option<(i64, i64)> = tx
            .query_row(
                "SELECT version, size FROM vectors WHERE user_id = ?1 AND id = ?2 AND deleted = 0",
                params![user_id, id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((version, size)) = live else {
            continue;
        };
        tx.execute(
            "UPDATE users SET last_vector_seq = last_vector_seq + 1 WHERE id = ?1",
            [user_id],
        )?;
        tx.execute(
            "UPDATE vectors SET deleted = 1, size = 0, version = version + 1, updated_at = ?3, \
             seq = (SELECT last_vector_seq FROM users WHERE id = ?1) \
             WHERE user_id = ?1 AND id = ?2",
            params![user_id, id, now],
        )?;
        freed += count(size);
        gone.push(blobs.vector(user_id, id, count(version)));
    }
    tx.execute(
        "UPDATE users SET used_bytes = used_bytes - ?2 WHERE id = ?1",
        params![user_id, signed(freed)],
    )?;
    tx.commit()?;
    for path in &gone {
        blobs.remove(path);
    }
    Ok(gone.len() as u64)
}

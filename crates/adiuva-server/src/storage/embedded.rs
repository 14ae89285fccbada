//! The embedded storage: SQLite (WAL) under `--data-dir` for metadata and record blobs (a batch
//! is one transaction); backups and vectors in a directory
//! beside it. Runs with no other setup.

use std::{
    path::{Path, PathBuf},
    sync::{Mutex, PoisonError},
};

use adiuva_protocol::{
    AgentTokenInfo, BackupMetadata, Change, ChangesPage, KdfInfo, KeyEnvelopeDoc, PushOutcome,
    RecordMeta, VectorEntry, VectorItem, VectorPage,
};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};

use super::rows::{USER_COLUMNS, count, meta_from, signed, user_from};
use super::{
    AgentTokenRow, Expect, RecordWrite, RefreshRow, RefreshSpend, Storage, StorageError, UserRow,
    blobs::BlobDir,
};

const MIGRATIONS: &[&str] = &[
    include_str!("../../../../migrations/server/0001_accounts.sql"),
    include_str!("../../../../migrations/server/0002_kdf_and_vault_id.sql"),
    include_str!("../../../../migrations/server/0003_record_clock.sql"),
    include_str!("../../../../migrations/server/0004_backups.sql"),
    include_str!("../../../../migrations/server/0005_vectors.sql"),
    include_str!("../../../../migrations/server/0006_inline_blobs.sql"),
    include_str!("../../../../migrations/server/0007_agent_tokens.sql"),
];

pub struct EmbeddedStorage {
    conn: Mutex<Connection>,
    blobs: BlobDir,
}

impl EmbeddedStorage {
    /// Opens (creating and migrating) the storage in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Self, StorageError> {
        std::fs::create_dir_all(data_dir)?;
        let mut conn = Connection::open(data_dir.join("server.sqlite3"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // An acknowledged push must survive a power cut: the device forgets what it pushed.
        // With blobs in their rows a batch is one commit, so this is one fsync per batch.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect()).to_latest(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            blobs: BlobDir::open(data_dir.join("blobs"))?,
        })
    }

    /// A record's blob: from its row, or from the blob directory for rows written before
    /// blobs moved into rows.
    fn blob_or_file(
        &self,
        stored: Option<Vec<u8>>,
        user_id: &str,
        id: &str,
        version: u64,
    ) -> Result<Vec<u8>, StorageError> {
        match stored {
            Some(blob) => Ok(blob),
            None => Ok(self.blobs.read(&self.blobs.path(user_id, id, version))?),
        }
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The version of a user's key envelope; 0 when there is none.
fn envelope_version(conn: &Connection, user_id: &str) -> rusqlite::Result<u64> {
    Ok(conn
        .query_row(
            "SELECT version FROM envelopes WHERE user_id = ?1",
            [user_id],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .map_or(0, count))
}

/// A record's current row, for a write to compare against.
struct Current {
    version: u64,
    size: u64,
    deleted: bool,
}

impl Storage for EmbeddedStorage {
    fn create_user(&self, user: &UserRow) -> Result<(), StorageError> {
        let inserted = self.conn().execute(
            "INSERT INTO users (id, email, password_hash, tier, created_at, kdf_memory_kib, \
             kdf_iterations, kdf_lanes, kdf_salt) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
             ON CONFLICT (email) DO NOTHING",
            params![
                user.id,
                user.email,
                user.password_hash,
                user.tier,
                user.created_at,
                user.kdf.memory_kib,
                user.kdf.iterations,
                user.kdf.lanes,
                user.kdf.salt
            ],
        )?;
        if inserted == 0 {
            return Err(StorageError::EmailTaken);
        }
        Ok(())
    }

    fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, StorageError> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE email = ?1"),
                [email],
                user_from,
            )
            .optional()?)
    }

    fn user(&self, id: &str) -> Result<Option<UserRow>, StorageError> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
                [id],
                user_from,
            )
            .optional()?)
    }

    fn insert_refresh(&self, token: &RefreshRow) -> Result<(), StorageError> {
        self.conn().execute(
            "INSERT INTO refresh_tokens (token_hash, user_id, family, expires_at, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                token.token_hash,
                token.user_id,
                token.family,
                token.expires_at,
                token.created_at
            ],
        )?;
        Ok(())
    }

    fn spend_refresh(&self, token_hash: &[u8; 32], now: i64) -> Result<RefreshSpend, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found: Option<(String, String, i64, bool, bool)> = tx
            .query_row(
                "SELECT user_id, family, expires_at, spent, revoked FROM refresh_tokens WHERE token_hash = ?1",
                [token_hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let outcome = match found {
            None => RefreshSpend::Invalid,
            Some((_, family, _, true, _)) => {
                tx.execute(
                    "UPDATE refresh_tokens SET revoked = 1 WHERE family = ?1",
                    [&family],
                )?;
                RefreshSpend::Reused
            }
            Some((_, _, expires_at, _, revoked)) if revoked || expires_at <= now => {
                RefreshSpend::Invalid
            }
            Some((user_id, family, ..)) => {
                tx.execute(
                    "UPDATE refresh_tokens SET spent = 1 WHERE token_hash = ?1",
                    [token_hash],
                )?;
                RefreshSpend::Spent { user_id, family }
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    fn write_records(
        &self,
        user_id: &str,
        writes: Vec<RecordWrite>,
        quota: Option<u64>,
        now: i64,
    ) -> Result<Vec<PushOutcome>, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (mut seq, mut used): (i64, i64) = tx.query_row(
            "SELECT last_seq, used_bytes FROM users WHERE id = ?1",
            [user_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut outcomes = Vec::with_capacity(writes.len());
        let mut replaced = Vec::new();
        let result = (|| -> Result<(), StorageError> {
            // Both statements run once per record of the batch: parsed once, not per record.
            let mut read = tx.prepare_cached(
                "SELECT version, size, deleted FROM records WHERE user_id = ?1 AND id = ?2",
            )?;
            let mut upsert = tx.prepare_cached(
                "INSERT INTO records (user_id, id, tbl, version, seq, checksum, size, deleted, created_at, updated_at, clock, blob) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?8, ?9, ?10) \
                 ON CONFLICT (user_id, id) DO UPDATE SET tbl = ?3, version = ?4, seq = ?5, \
                 checksum = ?6, size = ?7, deleted = 0, updated_at = ?8, clock = ?9, blob = ?10",
            )?;
            for write in writes {
                let current = read
                    .query_row(params![user_id, write.id], |r| {
                        Ok(Current {
                            version: count(r.get(0)?),
                            size: count(r.get(1)?),
                            deleted: r.get(2)?,
                        })
                    })
                    .optional()?;
                let at = current.as_ref().map_or(0, |c| c.version);
                if let Expect::Version(expected) = write.expect
                    && expected != at
                {
                    outcomes.push(PushOutcome::Stale {
                        id: write.id,
                        current_version: at,
                    });
                    continue;
                }
                let old_size = current
                    .as_ref()
                    .filter(|c| !c.deleted)
                    .map_or(0, |c| c.size);
                used = used - signed(old_size) + signed(write.blob.len() as u64);
                if let Some(limit) = quota
                    && count(used) > limit
                {
                    return Err(StorageError::QuotaExceeded {
                        used: count(used),
                        limit,
                    });
                }
                let version = at + 1;
                seq += 1;
                if let Some(c) = &current
                    && !c.deleted
                {
                    // A blob written before blobs moved into rows (if any) is now stale.
                    replaced.push(self.blobs.path(user_id, &write.id, c.version));
                }
                upsert.execute(params![
                    user_id,
                    write.id,
                    write.table,
                    signed(version),
                    seq,
                    write.checksum,
                    signed(write.blob.len() as u64),
                    now,
                    signed(write.clock),
                    write.blob,
                ])?;
                outcomes.push(PushOutcome::Accepted {
                    id: write.id,
                    version,
                    seq: count(seq),
                });
            }
            tx.execute(
                "UPDATE users SET last_seq = ?2, used_bytes = ?3 WHERE id = ?1",
                params![user_id, seq, used],
            )?;
            Ok(())
        })();
        result.and_then(|()| Ok(tx.commit()?))?;
        for path in replaced {
            self.blobs.remove(&path);
        }
        Ok(outcomes)
    }

    fn list_records(
        &self,
        user_id: &str,
        table: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<RecordMeta>, StorageError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, tbl, checksum, version, created_at, updated_at FROM records \
             WHERE user_id = ?1 AND deleted = 0 AND (?2 IS NULL OR tbl = ?2) \
             ORDER BY id LIMIT ?3 OFFSET ?4",
        )?;
        let rows = stmt
            .query_map(
                params![user_id, table, signed(limit), signed(offset)],
                meta_from,
            )?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    fn record(
        &self,
        user_id: &str,
        id: &str,
    ) -> Result<Option<(RecordMeta, Vec<u8>)>, StorageError> {
        let found = self
            .conn()
            .query_row(
                "SELECT id, tbl, checksum, version, created_at, updated_at, blob FROM records \
                 WHERE user_id = ?1 AND id = ?2 AND deleted = 0",
                params![user_id, id],
                |r| Ok((meta_from(r)?, r.get::<_, Option<Vec<u8>>>(6)?)),
            )
            .optional()?;
        let Some((meta, blob)) = found else {
            return Ok(None);
        };
        let blob = self.blob_or_file(blob, user_id, id, meta.version)?;
        Ok(Some((meta, blob)))
    }

    fn delete_record(&self, user_id: &str, id: &str, now: i64) -> Result<bool, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: Option<(i64, i64)> = tx
            .query_row(
                "SELECT version, size FROM records WHERE user_id = ?1 AND id = ?2 AND deleted = 0",
                params![user_id, id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((version, size)) = current else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE users SET last_seq = last_seq + 1, used_bytes = used_bytes - ?2 WHERE id = ?1",
            params![user_id, size],
        )?;
        tx.execute(
            "UPDATE records SET deleted = 1, size = 0, blob = NULL, version = version + 1, \
             updated_at = ?3, seq = (SELECT last_seq FROM users WHERE id = ?1) \
             WHERE user_id = ?1 AND id = ?2",
            params![user_id, id, now],
        )?;
        tx.commit()?;
        self.blobs
            .remove(&self.blobs.path(user_id, id, count(version)));
        Ok(true)
    }

    fn changes(
        &self,
        user_id: &str,
        since: u64,
        limit: u64,
        max_bytes: u64,
    ) -> Result<ChangesPage, StorageError> {
        type Row = (String, String, i64, i64, String, bool, i64, Option<Vec<u8>>);
        let rows: Vec<Row> = {
            let conn = self.conn();
            let mut stmt = conn.prepare_cached(
                "SELECT id, tbl, version, seq, checksum, deleted, clock, blob FROM records \
                 WHERE user_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            )?;
            stmt.query_map(params![user_id, signed(since), signed(limit) + 1], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<Result<_, _>>()?
        };
        let mut more = rows.len() as u64 > limit;
        let mut changes = Vec::new();
        let mut bytes = 0u64;
        let mut next = since;
        for (id, table, version, seq, checksum, deleted, clock, stored) in
            rows.into_iter().take(limit as usize)
        {
            if !changes.is_empty() && bytes >= max_bytes {
                more = true;
                break;
            }
            let blob = if deleted {
                None
            } else {
                let blob = self.blob_or_file(stored, user_id, &id, count(version))?;
                bytes += blob.len() as u64;
                Some(blob)
            };
            next = count(seq);
            changes.push(Change {
                id,
                table,
                version: count(version),
                clock: count(clock),
                seq: count(seq),
                checksum,
                deleted,
                blob,
            });
        }
        Ok(ChangesPage {
            changes,
            next,
            more,
            total: None,
        })
    }

    fn count_changes(&self, user_id: &str, since: u64) -> Result<u64, StorageError> {
        let total: i64 = self.conn().query_row(
            "SELECT COUNT(*) FROM records WHERE user_id = ?1 AND seq > ?2",
            params![user_id, signed(since)],
            |r| r.get(0),
        )?;
        Ok(count(total))
    }

    fn upsert_vectors(
        &self,
        user_id: &str,
        vectors: Vec<VectorItem>,
        quota: Option<u64>,
        now: i64,
    ) -> Result<u64, StorageError> {
        super::vectors::upsert(&mut self.conn(), &self.blobs, user_id, vectors, quota, now)
    }

    fn vector(&self, user_id: &str, id: &str) -> Result<Option<VectorEntry>, StorageError> {
        super::vectors::get(&self.conn(), &self.blobs, user_id, id)
    }

    fn vectors_since(
        &self,
        user_id: &str,
        since: u64,
        limit: u64,
        max_bytes: u64,
    ) -> Result<VectorPage, StorageError> {
        super::vectors::since(&self.conn(), &self.blobs, user_id, since, limit, max_bytes)
    }

    fn delete_vectors(&self, user_id: &str, ids: &[String], now: i64) -> Result<u64, StorageError> {
        super::vectors::delete(&mut self.conn(), &self.blobs, user_id, ids, now)
    }

    fn insert_agent_token(&self, row: &AgentTokenRow) -> Result<(), StorageError> {
        super::agent_tokens::insert(&self.conn(), row)
    }

    fn agent_token(
        &self,
        token_hash: &[u8; 32],
    ) -> Result<Option<super::AgentTokenOwner>, StorageError> {
        super::agent_tokens::lookup(&self.conn(), token_hash)
    }

    fn agent_tokens(&self, user_id: &str) -> Result<Vec<AgentTokenInfo>, StorageError> {
        super::agent_tokens::list(&self.conn(), user_id)
    }

    fn revoke_agent_token(&self, user_id: &str, id: &str, now: i64) -> Result<bool, StorageError> {
        super::agent_tokens::revoke(&self.conn(), user_id, id, now)
    }

    fn backup_staging(&self, user_id: &str) -> Result<PathBuf, StorageError> {
        Ok(self.blobs.staging(user_id)?)
    }

    fn add_backup(
        &self,
        user_id: &str,
        meta: &BackupMetadata,
        staged: &Path,
        quota: Option<u64>,
    ) -> Result<(), StorageError> {
        super::backups::add(&mut self.conn(), &self.blobs, user_id, meta, staged, quota)
    }

    fn backups(&self, user_id: &str) -> Result<Vec<BackupMetadata>, StorageError> {
        super::backups::list(&self.conn(), user_id)
    }

    fn backup_file(&self, user_id: &str, id: &str) -> PathBuf {
        self.blobs.backup(user_id, id)
    }

    fn delete_backup(&self, user_id: &str, id: &str) -> Result<bool, StorageError> {
        let deleted = self.conn().execute(
            "DELETE FROM backups WHERE user_id = ?1 AND id = ?2",
            params![user_id, id],
        )?;
        if deleted > 0 {
            self.blobs.remove(&self.blobs.backup(user_id, id));
        }
        Ok(deleted > 0)
    }

    fn update_credentials(
        &self,
        user_id: &str,
        password_hash: &str,
        kdf: &KdfInfo,
        envelope: &[u8],
        expected_version: u64,
        now: i64,
    ) -> Result<Result<u64, u64>, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = envelope_version(&tx, user_id)?;
        if current != expected_version || current == 0 {
            return Ok(Err(current));
        }
        tx.execute(
            "UPDATE users SET password_hash = ?2, kdf_memory_kib = ?3, kdf_iterations = ?4, \
             kdf_lanes = ?5, kdf_salt = ?6 WHERE id = ?1",
            params![
                user_id,
                password_hash,
                kdf.memory_kib,
                kdf.iterations,
                kdf.lanes,
                kdf.salt
            ],
        )?;
        tx.execute(
            "UPDATE envelopes SET envelope = ?2, version = ?3, updated_at = ?4 WHERE user_id = ?1",
            params![user_id, envelope, signed(current + 1), now],
        )?;
        tx.commit()?;
        Ok(Ok(current + 1))
    }

    fn envelope(&self, user_id: &str) -> Result<Option<KeyEnvelopeDoc>, StorageError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT envelope, version, vault_id FROM envelopes WHERE user_id = ?1",
                [user_id],
                |r| {
                    Ok(KeyEnvelopeDoc {
                        envelope: r.get(0)?,
                        version: count(r.get(1)?),
                        vault_id: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    fn put_envelope(
        &self,
        user_id: &str,
        vault_id: &str,
        envelope: &[u8],
        expected_version: u64,
        now: i64,
    ) -> Result<Result<u64, u64>, StorageError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = envelope_version(&tx, user_id)?;
        if current != expected_version {
            return Ok(Err(current));
        }
        let version = current + 1;
        tx.execute(
            "INSERT INTO envelopes (user_id, envelope, version, updated_at, vault_id) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (user_id) DO UPDATE SET envelope = ?2, \
             version = ?3, updated_at = ?4, vault_id = ?5",
            params![user_id, envelope, signed(version), now, vault_id],
        )?;
        tx.commit()?;
        Ok(Ok(version))
    }
}

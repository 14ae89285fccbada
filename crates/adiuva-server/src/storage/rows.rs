//! How the embedded storage's rows map to the shared types.

use adiuva_protocol::{KdfInfo, RecordMeta};

use super::UserRow;

pub(super) fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or_default()
}

pub(super) fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub(super) fn user_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: row.get(0)?,
        email: row.get(1)?,
        password_hash: row.get(2)?,
        tier: row.get(3)?,
        used_bytes: count(row.get(4)?),
        created_at: row.get(5)?,
        kdf: KdfInfo {
            memory_kib: row.get(6)?,
            iterations: row.get(7)?,
            lanes: row.get(8)?,
            salt: row.get(9)?,
        },
    })
}

pub(super) const USER_COLUMNS: &str = "id, email, password_hash, tier, used_bytes, created_at, \
     kdf_memory_kib, kdf_iterations, kdf_lanes, kdf_salt";

pub(super) fn meta_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<RecordMeta> {
    Ok(RecordMeta {
        id: row.get(0)?,
        table: row.get(1)?,
        checksum: row.get(2)?,
        version: count(row.get(3)?),
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
    })
}

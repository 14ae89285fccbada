//! The `vault` table: the single row holding this workspace's key envelope (ciphertext only).

use adiuva_domain::Millis;
use rusqlite::{Connection, OptionalExtension, params};

/// The stored vault: wrapped keys and settings, no secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredVault {
    pub vault_id: [u8; 16],
    pub envelope: Vec<u8>,
    pub device_wrap: Option<Vec<u8>>,
    pub auto_lock_minutes: Option<u32>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

pub fn get(conn: &Connection) -> rusqlite::Result<Option<StoredVault>> {
    conn.prepare_cached(
        "SELECT vault_id, envelope, device_wrap, auto_lock_minutes, created_at, updated_at FROM vault WHERE singleton = 1",
    )?
    .query_row([], |row| {
        Ok(StoredVault {
            vault_id: row.get(0)?,
            envelope: row.get(1)?,
            device_wrap: row.get(2)?,
            auto_lock_minutes: row.get(3)?,
            created_at: Millis(row.get(4)?),
            updated_at: Millis(row.get(5)?),
        })
    })
    .optional()
}

/// Writes the vault row, creating it on first use.
pub fn put(conn: &Connection, vault: &StoredVault) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO vault (singleton, vault_id, envelope, device_wrap, auto_lock_minutes, created_at, updated_at) \
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (singleton) DO UPDATE SET vault_id = ?1, envelope = ?2, device_wrap = ?3, \
         auto_lock_minutes = ?4, updated_at = ?6",
    )?
    .execute(params![
        vault.vault_id,
        vault.envelope,
        vault.device_wrap,
        vault.auto_lock_minutes,
        vault.created_at.0,
        vault.updated_at.0,
    ])?;
    Ok(())
}

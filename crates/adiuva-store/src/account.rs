//! The `account` table: the server and email this device is signed into (no token).

use adiuva_domain::Millis;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAccount {
    pub server_url: String,
    pub email: String,
    pub keyring_entry: String,
    pub signed_in_at: Millis,
    /// The account's plan as the server named it; `None` when unknown.
    pub tier: Option<String>,
}

pub fn get(conn: &Connection) -> rusqlite::Result<Option<StoredAccount>> {
    conn.query_row(
        "SELECT server_url, email, keyring_entry, signed_in_at, tier FROM account \
         WHERE singleton = 1",
        [],
        |r| {
            Ok(StoredAccount {
                server_url: r.get(0)?,
                email: r.get(1)?,
                keyring_entry: r.get(2)?,
                signed_in_at: Millis(r.get(3)?),
                tier: r.get(4)?,
            })
        },
    )
    .optional()
}

pub fn put(conn: &Connection, account: &StoredAccount) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO account (singleton, server_url, email, keyring_entry, signed_in_at, tier) \
         VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT (singleton) DO UPDATE SET server_url = ?1, \
         email = ?2, keyring_entry = ?3, signed_in_at = ?4, tier = ?5",
        params![
            account.server_url,
            account.email,
            account.keyring_entry,
            account.signed_in_at.0,
            account.tier
        ],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM account", [])?;
    Ok(())
}

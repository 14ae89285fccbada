//! The embedded storage's agent tokens: one row per token with its sha256 (never the token),
//! the user who made it and the device-side agent it speaks as; revoking stamps the row.

use adiuva_protocol::AgentTokenInfo;
use rusqlite::{Connection, OptionalExtension, params};

use super::{AgentTokenOwner, AgentTokenRow, StorageError};

pub(super) fn insert(conn: &Connection, row: &AgentTokenRow) -> Result<(), StorageError> {
    conn.execute(
        "INSERT INTO agent_tokens (id, user_id, token_hash, agent_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            row.id,
            row.user_id,
            row.token_hash.as_slice(),
            row.agent_id,
            row.created_at
        ],
    )?;
    Ok(())
}

/// The user, tier and agent of a live (not revoked) token.
pub(super) fn lookup(
    conn: &Connection,
    token_hash: &[u8; 32],
) -> Result<Option<AgentTokenOwner>, StorageError> {
    Ok(conn
        .prepare_cached(
            "SELECT t.user_id, u.tier, t.agent_id FROM agent_tokens t \
             JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = ?1 AND t.revoked_at IS NULL",
        )?
        .query_row([token_hash.as_slice()], |r| {
            Ok(AgentTokenOwner {
                user_id: r.get(0)?,
                tier: r.get(1)?,
                agent_id: r.get(2)?,
            })
        })
        .optional()?)
}

/// The user's live tokens, oldest first.
pub(super) fn list(conn: &Connection, user_id: &str) -> Result<Vec<AgentTokenInfo>, StorageError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, agent_id, created_at FROM agent_tokens \
         WHERE user_id = ?1 AND revoked_at IS NULL ORDER BY created_at, id",
    )?;
    let rows = statement.query_map([user_id], |r| {
        Ok(AgentTokenInfo {
            id: r.get(0)?,
            agent_id: r.get(1)?,
            created_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Revokes the user's live token `id`; `false` when there is none.
pub(super) fn revoke(
    conn: &Connection,
    user_id: &str,
    id: &str,
    now: i64,
) -> Result<bool, StorageError> {
    let changed = conn.execute(
        "UPDATE agent_tokens SET revoked_at = ?3 \
         WHERE user_id = ?1 AND id = ?2 AND revoked_at IS NULL",
        params![user_id, id, now],
    )?;
    Ok(changed > 0)
}

//! The client schema steps, embedded at build time from `migrations/client/`.
//!
//! Steps are append-only: a released step is never edited, a change is a new step. The
//! store test checks that this list names every file of the directory, in order.

use rusqlite::Transaction;
use rusqlite_migration::{HookResult, M, Migrations};

/// `(file name, SQL)` of every schema step, in order.
pub const CLIENT_MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_workspace.sql",
        include_str!("../../../migrations/client/0001_workspace.sql"),
    ),
    (
        "0002_vault.sql",
        include_str!("../../../migrations/client/0002_vault.sql"),
    ),
    (
        "0003_providers.sql",
        include_str!("../../../migrations/client/0003_providers.sql"),
    ),
    (
        "0004_sealed_records.sql",
        include_str!("../../../migrations/client/0004_sealed_records.sql"),
    ),
    (
        "0005_account.sql",
        include_str!("../../../migrations/client/0005_account.sql"),
    ),
    (
        "0006_sync.sql",
        include_str!("../../../migrations/client/0006_sync.sql"),
    ),
    (
        "0007_agents.sql",
        include_str!("../../../migrations/client/0007_agents.sql"),
    ),
    (
        "0008_sync_outbox_indexes.sql",
        include_str!("../../../migrations/client/0008_sync_outbox_indexes.sql"),
    ),
    (
        "0009_account_tier.sql",
        include_str!("../../../migrations/client/0009_account_tier.sql"),
    ),
    (
        "0010_sync_records_rowid.sql",
        include_str!("../../../migrations/client/0010_sync_records_rowid.sql"),
    ),
    (
        "0011_check_comparisons.sql",
        include_str!("../../../migrations/client/0011_check_comparisons.sql"),
    ),
    (
        "0012_task_list_order.sql",
        include_str!("../../../migrations/client/0012_task_list_order.sql"),
    ),
];

/// The step that rewrites table definitions in place; [`end_schema_rewrite`] finishes it.
const SCHEMA_REWRITE: &str = "0011_check_comparisons.sql";

/// Finishes a rewrite of table definitions as SQLite's procedure says: the schema version
/// goes up by one, so other connections read the new definitions, then `writable_schema`
/// goes off. `RESET` turns it off and also makes this connection read them again: the
/// version it set itself is no news to it.
fn end_schema_rewrite(tx: &Transaction<'_>) -> HookResult {
    let version: i64 = tx.pragma_query_value(None, "schema_version", |r| r.get(0))?;
    tx.pragma_update(None, "schema_version", version + 1)?;
    tx.pragma_update(None, "writable_schema", "RESET")?;
    Ok(())
}

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(
        CLIENT_MIGRATIONS
            .iter()
            .map(|&(name, sql)| {
                if name == SCHEMA_REWRITE {
                    M::up_with_hook(sql, end_schema_rewrite)
                } else {
                    M::up(sql)
                }
            })
            .collect(),
    )
}

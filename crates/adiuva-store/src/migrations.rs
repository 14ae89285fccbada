//! The client schema steps, embedded at build time from `migrations/client/`.
//!
//! Steps are append-only: a released step is never edited, a change is a new step. The
//! store test checks that this list names every file of the directory, in order.

use rusqlite_migration::{M, Migrations};

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
];

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(
        CLIENT_MIGRATIONS
            .iter()
            .map(|(_, sql)| M::up(sql))
            .collect(),
    )
}

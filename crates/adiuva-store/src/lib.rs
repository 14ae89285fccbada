//! Adiuva's local SQLite workspace: opening a database file, migrating it, and reading and
//! writing each table. Functions take a `&Connection` so the caller (the application layer)
//! decides the transaction boundaries; a `Transaction` derefs to one.
//!
//! Every `insert` also indexes the new row for full-text search (see the first migration for
//! why this is not a trigger); updates and deletes are indexed by triggers.

pub mod account;
pub mod agents;
pub mod assignments;
pub mod checkpoints;
mod columns;
pub mod comments;
mod error;
pub mod items;
pub mod ledger;
mod migrations;
pub mod notes;
mod open;
pub mod projects;
pub mod providers;
pub mod pull_writes;
pub mod review;
pub mod sealed;
pub mod search;
pub mod settings;
pub mod snapshot;
pub mod sync_rows;
pub mod tagging;
pub mod tasks;
pub mod vault;

pub use error::StoreError;
pub use migrations::CLIENT_MIGRATIONS;
pub use open::{open, open_in_memory};
pub use rusqlite::{self, Connection, Transaction, TransactionBehavior};

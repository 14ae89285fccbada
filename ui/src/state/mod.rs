//! The UI's logic as plain types and functions: no Leptos, no DOM, so `cargo test` runs it natively.

pub mod account;
pub mod agents;
pub mod backup_progress;
pub mod board;
pub mod channel;
pub mod dates;
pub mod forms;
pub mod markdown;
pub mod nav;
pub mod palette;
pub mod passphrase;
pub mod providers;
pub mod review;
pub mod review_edit;
pub mod shortcuts;
pub mod snippet;
pub mod sync;
pub mod sync_progress;
pub mod sync_retry;
pub mod text;
pub mod timeline;
pub mod vault;

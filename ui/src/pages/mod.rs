//! The screens of the main pane, one per sidebar entry, plus the search results.

pub mod agents;
mod agents_activity;
mod agents_remote;
pub mod checkpoints;
pub mod notes;
pub mod projects;
pub mod review;
mod review_item;
pub mod search;
pub mod settings;
pub mod tasks;
pub mod today;

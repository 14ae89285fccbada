//! The screens of the main pane, one per sidebar entry, plus the search results.

pub mod checkpoints;
pub mod notes;
pub mod projects;
pub mod search;
pub mod settings;
pub mod tasks;
pub mod today;

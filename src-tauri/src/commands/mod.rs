//! The application commands the webview may invoke, one file per feature. Each command
//! parses its request, calls one application-layer function and returns its result or
//! typed error (serialized as an `ErrorReport`); no logic lives here.

pub mod account;
pub mod agents;
pub mod checkpoints;
pub mod comments;
pub mod device;
#[cfg(test)]
mod names;
pub mod notes;
pub mod projects;
pub mod providers;
pub mod review;
pub mod search;
pub mod tasks;
pub mod vault;

//! Change notifications from the application layer to whoever shows the workspace.
//!
//! This is the seam the desktop shell uses to refresh the UI when anything (a command, a
//! tray action, later the sync engine or an agent) changes the workspace.

use serde::{Deserialize, Serialize};

use crate::Entity;

/// What happened to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Created,
    Updated,
    Deleted,
}

/// One committed change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceEvent {
    pub entity: Entity,
    pub id: String,
    pub change: Change,
}

/// Receives every committed change, after the commit. Must not block: it runs on the
/// thread that made the change.
pub trait EventSink: Send + Sync {
    fn emit(&self, event: &WorkspaceEvent);
}

/// The sink of a workspace nobody watches (the CLI).
pub(crate) struct NoEvents;

impl EventSink for NoEvents {
    fn emit(&self, _event: &WorkspaceEvent) {}
}

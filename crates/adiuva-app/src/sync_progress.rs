//! How far the running sync round is, for a progress bar: its phase, how much of it is done
//! and of how much. A second device's first pull of a large workspace takes a while; the
//! person sees it download, then apply, instead of a spinner.

use serde::{Deserialize, Serialize};

use crate::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    /// Fetching the change feed from the server.
    Downloading,
    /// Opening and merging what came in.
    Applying,
    /// Sealing and pushing local changes.
    Uploading,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub done: u64,
    pub total: u64,
}

impl Workspace {
    /// The running round's progress; `None` when no round runs.
    pub fn sync_progress(&self) -> Option<SyncProgress> {
        self.sync_progress.get()
    }

    pub(crate) fn set_sync_progress(&self, progress: Option<SyncProgress>) {
        self.sync_progress.set(progress);
    }
}

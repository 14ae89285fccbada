//! How far the backup being taken is, for a progress bar: the snapshot (one step, so it is
//! either started or done), the compression and sealing of its bytes (the long part of a
//! large workspace), and the upload.

use serde::{Deserialize, Serialize};

use crate::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupPhase {
    /// Copying the database to a consistent snapshot.
    Snapshot,
    /// Compressing and sealing the snapshot (`done` of `total` bytes).
    Compress,
    /// Sending the sealed backup to the server.
    Upload,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupProgress {
    pub phase: BackupPhase,
    pub done: u64,
    pub total: u64,
}

impl Workspace {
    /// The running backup's progress; `None` when none runs.
    pub fn backup_progress(&self) -> Option<BackupProgress> {
        self.backup_progress.get()
    }

    pub(crate) fn set_backup_progress(&self, progress: Option<BackupProgress>) {
        self.backup_progress.set(progress);
    }
}

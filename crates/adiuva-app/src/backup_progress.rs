//! How far the backup being taken is, for a progress bar: the snapshot read and compressed
//! (the long part of a large workspace), then the upload.

use serde::{Deserialize, Serialize};

use crate::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupPhase {
    /// Reading a consistent snapshot of the database and compressing it (`done` of `total`
    /// bytes).
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

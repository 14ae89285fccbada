//! Where a workspace lives on disk by default.

use std::path::PathBuf;

/// The database file inside a data directory.
pub const DATABASE_FILE: &str = "workspace.db";

/// The per-user data directory shared by the desktop app and the CLI, so both open the
/// same workspace: `$XDG_DATA_HOME/adiuva` on Linux, the platform equivalent elsewhere.
/// `None` when the platform reports no home directory.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("adiuva"))
}

//! Automatic backups from the shell: once a minute the workspace is asked to back up if its
//! schedule says one is due (it decides, and does nothing while locked or signed out), and
//! the webview hears of each backup taken or failed, to list it or say what went wrong.

use std::time::Duration;

use adiuva_app::Workspace;
use tauri::{AppHandle, Emitter, Manager};

/// Event the UI listens to: an automatic backup was stored (payload: its metadata) or failed
/// (payload: the error report).
pub const BACKUP_SCHEDULED: &str = "backup://scheduled";

const EVERY: Duration = Duration::from_secs(60);

#[derive(Clone, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum Scheduled {
    Stored {
        backup: adiuva_protocol::BackupMetadata,
    },
    Failed {
        error: adiuva_domain::ErrorReport,
    },
}

pub fn start(app: &AppHandle) -> std::io::Result<()> {
    let app = app.clone();
    std::thread::Builder::new()
        .name("backup-timer".into())
        .spawn(move || {
            loop {
                std::thread::sleep(EVERY);
                let outcome = match app.state::<Workspace>().backup_if_due() {
                    Ok(None) => continue,
                    Ok(Some(backup)) => Scheduled::Stored { backup },
                    Err(err) => Scheduled::Failed {
                        error: err.report(),
                    },
                };
                let _ = app.emit(BACKUP_SCHEDULED, outcome);
            }
        })?;
    Ok(())
}

//! The review queue watched from the shell: every few seconds the count of suggestions waiting
//! goes to the webview when it changed (agents in other processes, such as `adiuva mcp`, write
//! without this window hearing of it), and a desktop notification tells a person away from
//! the window (not visible, minimized or not focused) that new ones arrived. What to say is
//! the application layer's decision.

use std::time::Duration;

use adiuva_app::{ReviewAlert, Workspace};
use tauri::{AppHandle, Emitter, Manager};

use crate::window;

/// Event the UI listens to: the count of suggestions waiting changed (payload: the count).
pub const REVIEW_COUNT: &str = "review://count";

const EVERY: Duration = Duration::from_secs(3);

pub fn start(app: &AppHandle) -> std::io::Result<()> {
    let app = app.clone();
    std::thread::Builder::new()
        .name("review-notice".into())
        .spawn(move || {
            let mut alert = ReviewAlert::default();
            loop {
                std::thread::sleep(EVERY);
                let watching = app.get_webview_window(window::MAIN).is_some_and(|w| {
                    w.is_visible().unwrap_or(false)
                        && !w.is_minimized().unwrap_or(false)
                        && w.is_focused().unwrap_or(false)
                });
                // A busy database: the next tick asks again.
                let Ok(tick) = app.state::<Workspace>().review_tick(&mut alert, watching) else {
                    continue;
                };
                if tick.changed {
                    let _ = app.emit(REVIEW_COUNT, tick.waiting);
                }
                if let Some(notice) = tick.notice {
                    // No notification service (a bare session): the badge still has the count.
                    let _ = notify_rust::Notification::new()
                        .appname("Adiuva")
                        .summary(&notice.summary)
                        .body(&notice.body)
                        .show();
                }
            }
        })?;
    Ok(())
}

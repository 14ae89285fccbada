//! The main window: created once, shown and focused on demand.

use std::path::Path;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

pub const MAIN: &str = "main";

pub fn create(app: &tauri::App, data_dir: &Path) -> tauri::Result<()> {
    // Size and position are restored by the window-state plugin when the window is created.
    WebviewWindowBuilder::new(app, MAIN, WebviewUrl::default())
        // Each workspace keeps its webview's storage and caches to itself: two workspaces open
        // side by side would otherwise share one WebKit data directory (seen crashing a page).
        .data_directory(data_dir.join("webview"))
        .title("Adiuva")
        .inner_size(1200.0, 800.0)
        .min_inner_size(720.0, 480.0)
        .build()?;
    Ok(())
}

/// Hides the main window (Ctrl+W); the tray's "Show Adiuva" or a second launch brings it
/// back, and meanwhile sync, the device channel and review notices go on.
#[tauri::command]
pub fn hide_window(window: tauri::WebviewWindow) {
    // Nothing to report: a window that cannot hide stays in view.
    let _ = window.hide();
}

/// Brings the main window to the front (tray click, second launch).
pub fn show(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

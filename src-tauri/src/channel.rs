//! The desktop keeps its workspace's device channel open for as long as it runs, on a thread
//! of its own, and tells the webview each change of the channel's state.

use adiuva_app::Workspace;
use tauri::{AppHandle, Emitter, Manager};

/// Event the UI listens to: the device channel changed state (payload: `ChannelStatus`).
pub const DEVICE_CHANNEL: &str = "device://channel";

pub fn start(app: &AppHandle) -> std::io::Result<()> {
    let app = app.clone();
    std::thread::Builder::new()
        .name("device-channel".into())
        .spawn(move || {
            let ws = app.state::<Workspace>();
            let kept = ws.keep_device_channel(|status| {
                // A closed webview cannot be told; it asks for the status when it loads.
                let _ = app.emit(DEVICE_CHANNEL, status);
            });
            if let Err(err) = kept {
                eprintln!("the device channel could not run: {err}");
            }
        })?;
    Ok(())
}

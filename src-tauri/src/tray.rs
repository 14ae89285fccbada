//! The tray icon and its menu: "Show Adiuva", "New task" and "Quit".

use tauri::{
    Emitter,
    menu::{Menu, MenuItem},
    tray::TrayIconBuilder,
};

use crate::window;

/// Event the UI listens to: open the new-task form (payload: none).
pub const NEW_TASK: &str = "shell://new-task";

pub fn install(app: &tauri::App) -> tauri::Result<()> {
    let show = MenuItem::with_id(app, "show", "Show Adiuva", true, None::<&str>)?;
    let new_task = MenuItem::with_id(app, "new-task", "New task", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit Adiuva", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&show, &new_task, &quit])?;
    let mut tray = TrayIconBuilder::with_id("main")
        .tooltip("Adiuva")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "show" => window::show(app),
            "new-task" => {
                window::show(app);
                let _ = app.emit_to(window::MAIN, NEW_TASK, ());
            }
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

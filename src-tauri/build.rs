//! Build script of the desktop shell: generates one `allow-<command>` permission per
//! application command, so the capability file can grant exactly the app's own commands.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(adiuva_desktop_commands::NAMES);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build configuration is valid");
}

#[path = "src/commands/names.rs"]
mod adiuva_desktop_commands;

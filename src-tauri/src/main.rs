//! Entry point of the Adiuva desktop app.

// Release builds on Windows must not open a console next to the window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> anyhow::Result<()> {
    adiuva_desktop::run()
}

//! The Adiuva UI: a Leptos client-side app. `ipc` is its only I/O; `pages` are screens,
//! `components` are reusable pieces, `state` holds the logic as plain, natively tested types.

pub mod app;
mod clock;
mod components;
mod context;
mod dom;
mod hooks;
pub mod ipc;
mod pages;
mod review_watch;
mod session;
pub mod state;
mod sync_session;

/// Mounts the app when the wasm module is loaded by `main.js`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

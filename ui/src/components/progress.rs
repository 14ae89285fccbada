//! A progress bar: the track and its fill, with the accessible progressbar role. Key
//! rotation, sync and backups draw their bars with it and add their own line beneath.

use leptos::prelude::*;

#[component]
pub fn ProgressTrack(label: &'static str, percent: u64) -> impl IntoView {
    view! {
        <div
            class="rotation-track"
            role="progressbar"
            aria-label=label
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=percent
        >
            <span class="rotation-fill" style=format!("width: {percent}%")></span>
        </div>
    }
}

//! The three faces of every list: loading, failed (with the reason and a Retry button),
//! and loaded; plus the empty state shown when a loaded list has nothing in it.

use adiuva_domain::ErrorReport;
use leptos::prelude::*;

use super::icons::{Icon, icon};

/// Renders `ok` with the resource's value once it has loaded. While a refresh runs, the
/// previous value stays on screen, so lists do not flicker on every change.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, ErrorReport>>,
    ok: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => loading().into_any(),
        Some(Err(err)) => failed(err, move || resource.refetch()).into_any(),
        Some(Ok(value)) => ok(value).into_any(),
    }
}

/// A load in progress.
pub fn loading() -> impl IntoView {
    view! {
        <div class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            "Loading…"
        </div>
    }
}

/// A failed load: what went wrong and a way to try again.
pub fn failed(err: ErrorReport, retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <div class="load-error" role="alert">
            <p class="load-error-message">{err.message}</p>
            <button type="button" class="btn" on:click=move |_| retry()>
                "Retry"
            </button>
        </div>
    }
}

/// What an empty list says, with a hint of how to fill it.
pub fn empty(glyph: Icon, title: &'static str, hint: impl IntoView + 'static) -> impl IntoView {
    view! {
        <div class="empty">
            <div class="empty-icon">{icon(glyph)}</div>
            <p class="empty-title">{title}</p>
            <p class="empty-hint">{hint}</p>
        </div>
    }
}

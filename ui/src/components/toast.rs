//! Toasts: short-lived messages in the corner for failures and confirmations.

use leptos::prelude::*;

use super::icons::{Icon, icon};
use crate::context::{ToastKind, ctx};

#[component]
pub fn Toasts() -> impl IntoView {
    let ctx = ctx();
    view! {
        <div id="toasts" class="toasts" role="status" aria-live="polite">
            <For each=move || ctx.toasts.get() key=|toast| toast.id let:toast>
                <div class=match toast.kind {
                    ToastKind::Error => "toast toast-error",
                    ToastKind::Info => "toast toast-info",
                }>
                    <span class="toast-message">{toast.message.clone()}</span>
                    <button
                        type="button"
                        class="icon-btn toast-close"
                        aria-label="Dismiss"
                        on:click=move |_| ctx.dismiss_toast(toast.id)
                    >
                        {icon(Icon::Close)}
                    </button>
                </div>
            </For>
        </div>
    }
}

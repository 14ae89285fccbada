//! A button for a destructive action in a list row: the first press (or Enter) arms it and
//! its label asks for confirmation, the second does it; leaving the button disarms it. Lighter
//! than a dialog where a row's action is undone by making the thing again (a token, a backup).

use leptos::prelude::*;

#[component]
pub fn ConfirmTwice(
    /// Classes beside `btn btn-sm` (what tests and styles find it by).
    class: &'static str,
    label: &'static str,
    confirm_label: &'static str,
    #[prop(optional)] title: Option<&'static str>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let armed = RwSignal::new(false);
    let press = move |_| {
        if armed.get_untracked() {
            armed.set(false);
            on_confirm.run(());
        } else {
            armed.set(true);
        }
    };
    view! {
        <button
            type="button"
            class=format!("btn btn-sm {class}")
            class:btn-danger=move || armed.get()
            title=title
            on:click=press
            on:blur=move |_| armed.set(false)
        >
            {move || if armed.get() { confirm_label } else { label }}
        </button>
    }
}

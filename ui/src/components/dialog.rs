//! Modal dialogs: the shared frame (backdrop, focus handling), the confirmation asked
//! before anything irreversible, and the keyboard-shortcut help.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::{context::ctx, dom, state::shortcuts::HELP};

/// A centred dialog over a dimmed backdrop. Clicking the backdrop closes it; Escape is
/// handled globally (it closes the topmost overlay). Focus returns where it was on close.
#[component]
pub fn Modal(
    /// Read by screen readers as the dialog's name.
    #[prop(into)]
    label: String,
    on_close: Callback<()>,
    /// The container's id, for dialogs tests address directly.
    #[prop(optional, into)]
    id: Option<String>,
    /// Extra classes for the dialog box (e.g. its width).
    #[prop(optional, into)]
    class: String,
    children: Children,
) -> impl IntoView {
    let previous = SendWrapper::new(dom::focused_element());
    on_cleanup(move || {
        if let Some(element) = previous.take()
            && element.is_connected()
        {
            let _ = element.focus();
        }
    });
    view! {
        <div
            class="backdrop"
            on:mousedown=move |ev| {
                if ev.target() == ev.current_target() {
                    on_close.run(());
                }
            }
        >
            <div
                class=format!("dialog {class}")
                role="dialog"
                aria-modal="true"
                aria-label=label
                id=id
            >
                {children()}
            </div>
        </div>
    }
}

/// The app's one confirmation dialog, driven by `Ctx::confirm`.
#[component]
pub fn ConfirmDialog() -> impl IntoView {
    let ctx = ctx();
    move || {
        ctx.confirm.get().map(|request| {
            let close = Callback::new(move |()| ctx.confirm.set(None));
            let on_confirm = request.on_confirm.clone();
            // The safe answer has focus, so a stray Enter never destroys anything.
            dom::focus_later("#confirm-cancel");
            view! {
                <Modal label=request.title.clone() on_close=close class="dialog-confirm">
                    <h2 class="dialog-title">{request.title.clone()}</h2>
                    <p class="dialog-message">{request.message.clone()}</p>
                    <div class="dialog-actions">
                        <button
                            type="button"
                            class="btn"
                            id="confirm-cancel"
                            on:click=move |_| close.run(())
                        >
                            "Cancel"
                        </button>
                        <button
                            type="button"
                            class="btn btn-danger"
                            id="confirm-ok"
                            on:click=move |_| {
                                ctx.confirm.set(None);
                                on_confirm();
                            }
                        >
                            {request.confirm_label.clone()}
                        </button>
                    </div>
                </Modal>
            }
        })
    }
}

/// The list of keyboard shortcuts, opened with `?`.
#[component]
pub fn HelpDialog() -> impl IntoView {
    let ctx = ctx();
    let close = Callback::new(move |()| ctx.help.set(false));
    move || {
        ctx.help.get().then(|| {
            dom::focus_later("#help-close");
            view! {
                <Modal label="Keyboard shortcuts" on_close=close class="dialog-help">
                    <div class="dialog-head">
                        <h2 class="dialog-title">"Keyboard shortcuts"</h2>
                        <button
                            type="button"
                            class="btn btn-ghost"
                            id="help-close"
                            on:click=move |_| close.run(())
                        >
                            "Close"
                        </button>
                    </div>
                    <dl class="shortcut-list">
                        {HELP
                            .iter()
                            .map(|(keys, what)| {
                                view! {
                                    <div class="shortcut">
                                        <dt>
                                            <kbd>{*keys}</kbd>
                                        </dt>
                                        <dd>{*what}</dd>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </dl>
                </Modal>
            }
        })
    }
}

//! The lock screen, which replaces the whole window while the vault is locked (the workspace
//! is not rendered behind it): unlock with the passphrase or the recovery key, each refusal
//! told apart. Also the plain cover shown while the app finds out whether it is locked.

use leptos::{ev, prelude::*, task::spawn_local};

use super::{
    icons::{Icon, icon},
    passphrase::PasswordInput,
};
use crate::{
    context::ctx,
    dom, ipc,
    state::vault::{Refusal, refusal},
};

/// What the window shows before the vault's status is known.
#[component]
pub fn OpeningScreen() -> impl IntoView {
    view! {
        <div class="cover opening-screen" id="opening-screen" role="status">
            <span class="spinner" aria-hidden="true"></span>
            <span>"Opening your workspace…"</span>
        </div>
    }
}

/// A refusal shown under the field it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FieldRefusal {
    field: &'static str,
    reason: &'static str,
    message: String,
}

#[component]
pub fn LockScreen() -> impl IntoView {
    let ctx = ctx();
    let use_recovery = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let recovery_key = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let field_error = RwSignal::new(None::<FieldRefusal>);
    let general_error = RwSignal::new(None::<String>);

    let input_selector = move || {
        if use_recovery.get_untracked() {
            "#unlock-recovery-key"
        } else {
            "#unlock-passphrase"
        }
    };
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let recovery = use_recovery.get_untracked();
        let typed = if recovery {
            recovery_key.get_untracked()
        } else {
            passphrase.get_untracked()
        };
        if typed.trim().is_empty() {
            dom::focus_now(input_selector());
            return;
        }
        busy.set(true);
        field_error.set(None);
        general_error.set(None);
        spawn_local(async move {
            let answer = if recovery {
                ipc::unlock_vault_with_recovery_key(&typed).await
            } else {
                ipc::unlock_vault(&typed).await
            };
            busy.try_set(false);
            match answer {
                Ok(status) => {
                    passphrase.try_set(String::new());
                    recovery_key.try_set(String::new());
                    ctx.apply_vault_status(status);
                }
                Err(report) => match refusal(&report, "passphrase") {
                    Refusal::Field {
                        field,
                        reason,
                        message,
                    } => {
                        field_error.try_set(Some(FieldRefusal {
                            field,
                            reason,
                            message,
                        }));
                        dom::select_now(input_selector());
                    }
                    Refusal::General(message) => {
                        general_error.try_set(Some(message));
                    }
                },
            }
        });
    };
    let switch_method = move |_| {
        use_recovery.update(|r| *r = !*r);
        field_error.set(None);
        general_error.set(None);
        // Whatever was typed in the other field is dropped.
        passphrase.set(String::new());
        recovery_key.set(String::new());
        dom::focus_later(input_selector());
    };
    let error_for = move |field: &'static str| {
        move || {
            field_error.get().filter(|e| e.field == field).map(|e| {
                view! {
                    <p
                        class="field-error"
                        id=format!("{field}-error")
                        data-field=field
                        data-reason=e.reason
                        role="alert"
                    >
                        {e.message}
                    </p>
                }
            })
        }
    };
    let refused = move |field: &'static str| {
        Signal::derive(move || field_error.with(|e| e.as_ref().is_some_and(|e| e.field == field)))
    };
    dom::focus_later("#unlock-passphrase");

    view! {
        <div class="cover lock-screen" id="lock-screen">
            <div class="cover-card lock-card">
                <div class="cover-mark">{icon(Icon::Lock)}</div>
                <h1 class="cover-title">"Adiuva is locked"</h1>
                <p class="cover-text">
                    {move || {
                        if use_recovery.get() {
                            "Enter your recovery key to unlock your workspace."
                        } else {
                            "Enter your passphrase to unlock your workspace."
                        }
                    }}
                </p>
                {move || {
                    ctx.lock_notice
                        .get()
                        .map(|notice| {
                            view! {
                                <p class="lock-notice" id="lock-notice" role="status">
                                    {notice}
                                </p>
                            }
                        })
                }}
                <form class="form lock-form" novalidate on:submit=submit>
                    {move || {
                        if use_recovery.get() {
                            view! {
                                <div class="field">
                                    <label for="unlock-recovery-key">"Recovery key"</label>
                                    <input
                                        id="unlock-recovery-key"
                                        class="input input-mono"
                                        type="text"
                                        autocomplete="off"
                                        autocapitalize="characters"
                                        spellcheck="false"
                                        placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
                                        aria-invalid=move || {
                                            refused("recovery_key").get().then_some("true")
                                        }
                                        prop:value=move || recovery_key.get()
                                        on:input:target=move |ev| recovery_key.set(ev.target().value())
                                    />
                                    {error_for("recovery_key")}
                                </div>
                            }
                                .into_any()
                        } else {
                            view! {
                                <div class="field">
                                    <label for="unlock-passphrase">"Passphrase"</label>
                                    <PasswordInput
                                        id="unlock-passphrase"
                                        value=passphrase
                                        autocomplete="current-password"
                                        invalid=refused("passphrase")
                                        autofocus=true
                                    />
                                    {error_for("passphrase")}
                                </div>
                            }
                                .into_any()
                        }
                    }}
                    {move || {
                        general_error
                            .get()
                            .map(|message| {
                                view! {
                                    <p class="lock-error" id="unlock-error" role="alert">
                                        {message}
                                    </p>
                                }
                            })
                    }}
                    <button
                        type="submit"
                        id="unlock-submit"
                        class="btn btn-primary cover-action"
                        disabled=move || busy.get()
                    >
                        {move || {
                            if busy.get() {
                                view! {
                                    <span class="spinner spinner-on-primary" aria-hidden="true"></span>
                                    "Unlocking…"
                                }
                                    .into_any()
                            } else {
                                "Unlock".into_any()
                            }
                        }}
                    </button>
                </form>
                <button
                    type="button"
                    class="link lock-switch"
                    id="unlock-use-recovery"
                    on:click=switch_method
                >
                    {move || {
                        if use_recovery.get() {
                            "Use your passphrase instead"
                        } else {
                            "Use recovery key instead"
                        }
                    }}
                </button>
            </div>
        </div>
    }
}

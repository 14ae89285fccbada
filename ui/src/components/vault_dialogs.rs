//! The vault's dialogs: creating the vault (a new passphrase twice, with the strength meter),
//! the passphrase asked before a new recovery key or a key rotation, and the recovery key
//! screen that shows a key once and stays until the person says it is saved.

use leptos::{ev, prelude::*};

use super::{
    dialog::Modal,
    form_state::FormState,
    icons::{Icon, icon},
    passphrase::{NewPassphrase, PasswordInput, strength_of},
    task_form::field_error,
};
use crate::{
    context::{VaultDialog, ctx},
    dom, ipc,
    session::RecoveryReason,
    state::{passphrase::new_passphrase_blocker, vault::with_field},
};

/// Whichever vault dialog is open.
#[component]
pub fn VaultDialogs() -> impl IntoView {
    let ctx = ctx();
    move || {
        ctx.vault_dialog.get().map(|dialog| match dialog {
            VaultDialog::Create => view! { <CreateVault /> }.into_any(),
            VaultDialog::RegenerateRecoveryKey | VaultDialog::RotateKey => {
                view! { <ConfirmWithPassphrase dialog=dialog /> }.into_any()
            }
        })
    }
}

fn busy_label(busy: bool, idle: &'static str, working: &'static str) -> impl IntoView {
    if busy {
        view! {
            <span class="spinner spinner-on-primary" aria-hidden="true"></span>
            {working}
        }
        .into_any()
    } else {
        idle.into_any()
    }
}

#[component]
fn CreateVault() -> impl IntoView {
    let ctx = ctx();
    let passphrase = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let strength = strength_of(passphrase);
    let form = FormState::new(ctx, &["passphrase", "confirmation"]).focusing(|field| match field {
        "passphrase" => Some("#vault-passphrase"),
        "confirmation" => Some("#vault-confirmation"),
        _ => None,
    });
    let (errors, busy) = (form.errors, form.busy);
    let blocker = Memo::new(move |_| {
        passphrase.with(|p| {
            confirmation.with(|c| strength.with(|s| new_passphrase_blocker(p, c, s.as_ref())))
        })
    });
    let close = Callback::new(move |()| {
        if !busy.get_untracked() {
            ctx.vault_dialog.set(None);
        }
    });
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        if blocker.get_untracked().is_some() {
            return;
        }
        let (p, c) = (passphrase.get_untracked(), confirmation.get_untracked());
        form.send(
            Ok(()),
            async move {
                ipc::create_vault(&p, &c)
                    .await
                    .map_err(|e| with_field(e, "passphrase"))
            },
            move |shown| {
                passphrase.try_set(String::new());
                confirmation.try_set(String::new());
                ctx.vault_dialog.set(None);
                ctx.show_recovery_key(shown, RecoveryReason::Created);
                ctx.refresh_vault();
            },
        );
    };
    dom::focus_later("#vault-passphrase");
    view! {
        <Modal label="Create your vault" on_close=close id="create-vault" class="dialog-form">
            <form class="form" novalidate on:submit=submit>
                <div class="dialog-head">
                    <h2 class="dialog-title">{icon(Icon::Shield)} "Create your vault"</h2>
                </div>
                <p class="dialog-message">
                    "Your vault's passphrase protects everything that leaves this device: sync, \
                     backups and the keys of your providers. Nobody, not even Adiuva, can reset it."
                </p>
                <NewPassphrase
                    passphrase=passphrase
                    confirmation=confirmation
                    strength=strength
                    errors=errors
                    passphrase_id="vault-passphrase"
                    confirmation_id="vault-confirmation"
                />
                <div class="dialog-actions">
                    <span class="hint">{move || blocker.get()}</span>
                    <button type="button" class="btn" on:click=move |_| close.run(())>
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        id="vault-create"
                        class="btn btn-primary"
                        disabled=move || busy.get() || blocker.get().is_some()
                    >
                        {move || busy_label(busy.get(), "Create vault", "Creating…")}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// Asks for the passphrase before issuing a new recovery key or rotating the vault key.
#[component]
fn ConfirmWithPassphrase(dialog: VaultDialog) -> impl IntoView {
    let ctx = ctx();
    let rotate = dialog == VaultDialog::RotateKey;
    let passphrase = RwSignal::new(String::new());
    let form = FormState::new(ctx, &["passphrase"]).focusing(|_| Some("#confirm-passphrase"));
    let (errors, busy) = (form.errors, form.busy);
    let close = Callback::new(move |()| {
        if !busy.get_untracked() {
            ctx.vault_dialog.set(None);
        }
    });
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let p = passphrase.get_untracked();
        if p.is_empty() {
            dom::focus_now("#confirm-passphrase");
            return;
        }
        let done = move |shown| {
            passphrase.try_set(String::new());
            ctx.vault_dialog.set(None);
            let reason = if rotate {
                RecoveryReason::Rotated
            } else {
                RecoveryReason::Regenerated
            };
            ctx.show_recovery_key(shown, reason);
            ctx.refresh_vault();
        };
        form.send(
            Ok(()),
            async move {
                let answer = if rotate {
                    ipc::rotate_vault_key(&p).await
                } else {
                    ipc::regenerate_recovery_key(&p).await
                };
                answer.map_err(|e| with_field(e, "passphrase"))
            },
            done,
        );
    };
    let (title, message, action, working) = if rotate {
        (
            "Rotate the vault key",
            "Use this after losing a device: it creates a new key generation and a new \
             recovery key. Your passphrase stays the same; the old recovery key stops working, \
             and a lost device's copy of the old key no longer opens what is sealed from now on.",
            "Rotate key",
            "Rotating…",
        )
    } else {
        (
            "New recovery key",
            "A new recovery key replaces the current one, which stops working at once. Enter \
             your passphrase to continue.",
            "Create new recovery key",
            "Creating…",
        )
    };
    dom::focus_later("#confirm-passphrase");
    view! {
        <Modal
            label=title
            on_close=close
            id=if rotate { "rotate-key-dialog" } else { "regenerate-recovery-dialog" }
            class="dialog-form"
        >
            <form class="form" novalidate on:submit=submit>
                <h2 class="dialog-title">{title}</h2>
                <p class="dialog-message">{message}</p>
                <div class="field">
                    <label for="confirm-passphrase">"Passphrase"</label>
                    <PasswordInput
                        id="confirm-passphrase"
                        value=passphrase
                        autocomplete="current-password"
                        invalid=Signal::derive(move || errors.with(|e| e.get("passphrase").is_some()))
                    />
                    {field_error(errors, "passphrase")}
                </div>
                {move || {
                    (busy.get() && rotate)
                        .then(|| {
                            view! {
                                <div class="progress-line" role="status">
                                    <span class="spinner" aria-hidden="true"></span>
                                    "Deriving keys and re-wrapping the vault…"
                                </div>
                            }
                        })
                }}
                <div class="dialog-actions">
                    <button
                        type="button"
                        class="btn"
                        disabled=move || busy.get()
                        on:click=move |_| close.run(())
                    >
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        id="confirm-passphrase-submit"
                        class="btn btn-primary"
                        disabled=move || busy.get() || passphrase.with(String::is_empty)
                    >
                        {move || busy_label(busy.get(), action, working)}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// The recovery key, shown once over everything until the person confirms saving it.
#[component]
pub fn RecoveryKeyScreen() -> impl IntoView {
    let ctx = ctx();
    move || {
        ctx.recovery.get().map(|notice| {
            let saved = RwSignal::new(false);
            let copied = RwSignal::new(None::<bool>);
            let key = StoredValue::new(notice.key.clone());
            let copy = move |_| {
                let text = key.get_value();
                leptos::task::spawn_local(async move {
                    let done = dom::copy_text(&text, "#recovery-key").await;
                    copied.try_set(Some(done));
                });
            };
            let finish = move |_| {
                if saved.get_untracked() {
                    key.set_value(String::new());
                    ctx.dismiss_recovery_key();
                }
            };
            dom::focus_later("#recovery-copy");
            view! {
                <div
                    class="cover recovery-screen"
                    id="recovery-key-screen"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="recovery-title"
                >
                    <div class="cover-card recovery-card">
                        <div class="cover-mark">{icon(Icon::Key)}</div>
                        <h1 class="cover-title" id="recovery-title">{notice.title}</h1>
                        <p class="cover-text">{notice.intro}</p>
                        <code class="recovery-key" id="recovery-key">{notice.key}</code>
                        <div class="recovery-copy-row">
                            <button type="button" class="btn" id="recovery-copy" on:click=copy>
                                {icon(Icon::Copy)}
                                "Copy"
                            </button>
                            <span class="hint" role="status">
                                {move || match copied.get() {
                                    Some(true) => "Copied to the clipboard.",
                                    Some(false) => "Copying is blocked here: the key is selected, press Ctrl+C.",
                                    None => "",
                                }}
                            </span>
                        </div>
                        <label class="toggle recovery-saved">
                            <input
                                type="checkbox"
                                id="recovery-saved"
                                prop:checked=move || saved.get()
                                on:change:target=move |ev| saved.set(ev.target().checked())
                            />
                            <span>"I have saved my recovery key somewhere safe"</span>
                        </label>
                        <button
                            type="button"
                            class="btn btn-primary cover-action"
                            id="recovery-continue"
                            disabled=move || !saved.get()
                            on:click=finish
                        >
                            "Continue"
                        </button>
                    </div>
                </div>
            }
        })
    }
}

//! Settings → Security: create the vault, or for an existing one its status, remembering it
//! on this device, auto-lock, a new passphrase, a new recovery key, and a key rotation.

use leptos::{ev, prelude::*, task::spawn_local};

use crate::{
    components::{
        form_state::FormState,
        icons::{Icon, icon},
        passphrase::{NewPassphrase, PasswordInput, strength_of},
        progress::ProgressTrack,
        task_form::field_error,
    },
    context::Ctx,
    context::{VaultDialog, ctx},
    ipc,
    state::{
        passphrase::new_passphrase_blocker,
        vault::{
            AUTO_LOCK_CHOICES, RotationProgress, VaultState, VaultStatus, auto_lock_value,
            parse_auto_lock, remember_failure, status_line, with_field,
        },
    },
};

/// The progress of a key rotation; "Resume" shows when the shell is not re-sealing (after
/// an error), so the person can try again.
fn rotation_bar(ctx: Ctx, progress: RotationProgress) -> impl IntoView {
    let percent = progress.percent();
    view! {
        <div class="rotation" id="rotation-progress" data-done=progress.done data-total=progress.total>
            <ProgressTrack label="Key rotation" percent=percent />
            <p class="progress-line">
                {move || ctx.rotating.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                {progress.label()}
            </p>
            {move || {
                (!ctx.rotating.get())
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn-sm"
                                id="rotation-resume"
                                on:click=move |_| ctx.resume_rotation()
                            >
                                "Resume"
                            </button>
                        }
                    })
            }}
        </div>
    }
}

#[component]
pub fn SecuritySettings() -> impl IntoView {
    let ctx = ctx();
    // Branches on existence only, so a status change does not reset a form being typed.
    let exists = Memo::new(move |_| {
        ctx.vault
            .with(|s| s.as_ref().is_some_and(VaultStatus::exists))
    });
    move || {
        if exists.get() {
            view! { <VaultSettings /> }.into_any()
        } else {
            create_card().into_any()
        }
    }
}

fn create_card() -> impl IntoView {
    let ctx = ctx();
    view! {
        <section class="card settings-card settings-hero" id="vault-none">
            <div class="settings-hero-icon">{icon(Icon::Shield)}</div>
            <div class="settings-hero-body">
                <h2 class="settings-card-title">"Create your vault"</h2>
                <p class="settings-text">
                    "A vault keeps what leaves this device encrypted under a passphrase only you \
                     know: sync, backups and your providers' keys. Your workspace keeps working \
                     as it does now; the vault adds a lock screen and a recovery key."
                </p>
                <button
                    type="button"
                    class="btn btn-primary"
                    id="open-create-vault"
                    on:click=move |_| ctx.vault_dialog.set(Some(VaultDialog::Create))
                >
                    {icon(Icon::Shield)}
                    "Create your vault"
                </button>
            </div>
        </section>
    }
}

#[component]
fn VaultSettings() -> impl IntoView {
    let ctx = ctx();
    let status = move || ctx.vault.get();
    let rotation = move || ctx.vault.with(|s| s.as_ref().and_then(|s| s.rotation));
    let line = move || status().map(|s| status_line(&s)).unwrap_or_default();
    let state = move || {
        status().map(|s| match s.state {
            VaultState::None => "none",
            VaultState::Locked => "locked",
            VaultState::Unlocked => "unlocked",
        })
    };
    view! {
        <section class="card settings-card" id="vault-status" data-state=state>
            <div class="settings-card-head">
                <h2 class="settings-card-title">{icon(Icon::Shield)} "Vault"</h2>
                <span class="pill pill-ok" id="vault-status-line">{line}</span>
            </div>
            <p class="settings-text">
                "The vault key lives in memory only while unlocked. Lock it from the sidebar or \
                 with " <kbd>"Ctrl L"</kbd> "."
            </p>
        </section>
        <section class="card settings-card">
            <h2 class="settings-card-title">"This device"</h2>
            <RememberToggle />
            <AutoLockSelect />
        </section>
        <ChangePassphrase />
        <section class="card settings-card">
            <h2 class="settings-card-title">{icon(Icon::Key)} "Recovery key"</h2>
            <p class="settings-text">
                "The recovery key opens the vault when the passphrase is forgotten. Lost it? \
                 Create a new one; the current one stops working."
            </p>
            <button
                type="button"
                class="btn"
                id="open-regenerate-recovery"
                on:click=move |_| ctx.vault_dialog.set(Some(VaultDialog::RegenerateRecoveryKey))
            >
                "New recovery key…"
            </button>
        </section>
        <section class="card settings-card">
            <h2 class="settings-card-title">"Rotate the vault key"</h2>
            <p class="settings-text">
                "After losing a device: creates a new key generation and a new recovery key, \
                 then re-seals every record under it in the background, so the lost device's \
                 key opens nothing. Your passphrase stays the same."
            </p>
            {move || rotation().map(|progress| rotation_bar(ctx, progress))}
            <button
                type="button"
                class="btn btn-danger-ghost"
                id="open-rotate-key"
                disabled=move || rotation().is_some()
                on:click=move |_| ctx.vault_dialog.set(Some(VaultDialog::RotateKey))
            >
                "Rotate vault key…"
            </button>
        </section>
    }
}

#[component]
fn RememberToggle() -> impl IntoView {
    let ctx = ctx();
    // The value asked for while the call runs; `None` shows the status.
    let pending = RwSignal::new(None::<bool>);
    let error = RwSignal::new(None::<String>);
    let remembered = move || ctx.vault.with(|s| s.as_ref().is_some_and(|s| s.remembered));
    let checked = move || pending.get().unwrap_or_else(remembered);
    let change = move |want: bool| {
        if pending.get_untracked().is_some() {
            return;
        }
        pending.set(Some(want));
        error.set(None);
        spawn_local(async move {
            let answer = ipc::remember_on_device(want).await;
            pending.try_set(None);
            match answer {
                Ok(status) => {
                    ctx.apply_vault_status(status);
                    ctx.notify(if want {
                        "This device now unlocks the vault by itself."
                    } else {
                        "This device no longer remembers the vault."
                    });
                }
                Err(err) => {
                    error.try_set(Some(remember_failure(&err)));
                }
            }
        });
    };
    view! {
        <div class="setting-row">
            <div class="setting-text">
                <label class="toggle" for="vault-remember">
                    <input
                        type="checkbox"
                        id="vault-remember"
                        disabled=move || pending.get().is_some()
                        prop:checked=checked
                        on:change:target=move |ev| change(ev.target().checked())
                    />
                    <span>"Remember on this device"</span>
                </label>
                <p class="hint">
                    "Unlocks at start without the passphrase, with a secret kept in the system \
                     keyring (never on disk). Turn off on a shared computer."
                </p>
                {move || {
                    error
                        .get()
                        .map(|message| {
                            view! {
                                <p class="field-error" id="vault-remember-error" role="alert">
                                    {message}
                                </p>
                            }
                        })
                }}
            </div>
        </div>
    }
}

#[component]
fn AutoLockSelect() -> impl IntoView {
    let ctx = ctx();
    let busy = RwSignal::new(false);
    let current = move || {
        ctx.vault
            .with(|s| s.as_ref().and_then(|s| s.auto_lock_minutes))
    };
    let change = move |value: String| {
        let Some(minutes) = parse_auto_lock(&value) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let answer = ipc::set_auto_lock(minutes).await;
            busy.try_set(false);
            match answer {
                Ok(status) => ctx.apply_vault_status(status),
                Err(err) => ctx.fail(&err),
            }
        });
    };
    view! {
        <div class="setting-row">
            <div class="setting-text">
                <label class="setting-label" for="vault-auto-lock">"Auto-lock"</label>
                <p class="hint">"Lock the vault after a while without keyboard or mouse input."</p>
            </div>
            <select
                id="vault-auto-lock"
                class="input input-sm"
                disabled=move || busy.get()
                on:change:target=move |ev| change(ev.target().value())
            >
                {AUTO_LOCK_CHOICES
                    .iter()
                    .map(|(minutes, label)| {
                        let minutes = *minutes;
                        view! {
                            <option
                                value=auto_lock_value(minutes)
                                prop:selected=move || current() == minutes
                            >
                                {*label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn ChangePassphrase() -> impl IntoView {
    let ctx = ctx();
    let current = RwSignal::new(String::new());
    let passphrase = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let strength = strength_of(passphrase);
    let form =
        FormState::new(ctx, &["current", "passphrase", "confirmation"]).focusing(
            |field| match field {
                "current" => Some("#current-passphrase"),
                "passphrase" => Some("#new-passphrase"),
                "confirmation" => Some("#new-passphrase-confirmation"),
                _ => None,
            },
        );
    let (errors, busy) = (form.errors, form.busy);
    let blocker = Memo::new(move |_| {
        if current.with(String::is_empty) {
            return Some("Enter your current passphrase.");
        }
        passphrase.with(|p| {
            confirmation.with(|c| strength.with(|s| new_passphrase_blocker(p, c, s.as_ref())))
        })
    });
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        if blocker.get_untracked().is_some() {
            return;
        }
        let (old, new, again) = (
            current.get_untracked(),
            passphrase.get_untracked(),
            confirmation.get_untracked(),
        );
        form.send(
            Ok(()),
            async move {
                ipc::change_passphrase(&old, &new, &again)
                    .await
                    .map_err(|e| with_field(e, "current"))
            },
            move |status| {
                for field in [current, passphrase, confirmation] {
                    field.try_set(String::new());
                }
                ctx.apply_vault_status(status);
                ctx.notify("Passphrase changed. Your recovery key still works.");
            },
        );
    };
    view! {
        <section class="card settings-card">
            <h2 class="settings-card-title">"Change passphrase"</h2>
            <p class="settings-text">
                "Only the vault key's envelope is re-wrapped: nothing is re-encrypted, and the \
                 recovery key keeps working."
            </p>
            <form class="form settings-form" novalidate on:submit=submit>
                <div class="field">
                    <label for="current-passphrase">"Current passphrase"</label>
                    <PasswordInput
                        id="current-passphrase"
                        value=current
                        autocomplete="current-password"
                        invalid=Signal::derive(move || errors.with(|e| e.get("current").is_some()))
                    />
                    {field_error(errors, "current")}
                </div>
                <NewPassphrase
                    passphrase=passphrase
                    confirmation=confirmation
                    strength=strength
                    errors=errors
                    passphrase_id="new-passphrase"
                    confirmation_id="new-passphrase-confirmation"
                    label="New passphrase"
                />
                <div class="form-actions">
                    <button
                        type="submit"
                        id="change-passphrase-submit"
                        class="btn btn-primary"
                        disabled=move || busy.get() || blocker.get().is_some()
                    >
                        {move || {
                            if busy.get() {
                                view! {
                                    <span class="spinner spinner-on-primary" aria-hidden="true"></span>
                                    "Changing…"
                                }
                                    .into_any()
                            } else {
                                "Change passphrase".into_any()
                            }
                        }}
                    </button>
                    <span class="hint">{move || blocker.get()}</span>
                </div>
            </form>
        </section>
    }
}

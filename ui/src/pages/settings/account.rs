//! Settings → Account: signing in or up to a sync server; once signed in, the account, sync
//! (what waits, "Sync now", signing out) and the encrypted backups (`backups.rs`).

use std::sync::Arc;

use leptos::{ev, prelude::*, task::spawn_local};

use crate::{
    components::{
        icons::{Icon, icon},
        passphrase::PasswordInput,
        progress::ProgressTrack,
    },
    context::{ConfirmRequest, Ctx, ctx},
    dom, ipc,
    state::{
        account::{
            AccountAction, AccountRefusal, AccountStatus, account_refusal, check_account_form,
        },
        sync::{Trigger, sync_failure},
        vault::VaultStatus,
    },
};

#[component]
pub fn AccountSettings() -> impl IntoView {
    let ctx = ctx();
    // Branches on signing in or out only, so a status refresh does not reset a form.
    let signed_in = Memo::new(move |_| ctx.account.with(|a| a.as_ref().map(|a| a.signed_in)));
    move || match signed_in.get() {
        None => view! { <p class="hint">"Loading the account…"</p> }.into_any(),
        Some(false) => view! { <SignInForm /> }.into_any(),
        Some(true) => view! {
            <AccountCard />
            <super::backups::Backups />
        }
        .into_any(),
    }
}

/// The input to focus when the form refuses `field`.
fn input_of(field: &str) -> Option<&'static str> {
    match field {
        "server_url" => Some("#account-server"),
        "email" => Some("#account-email"),
        "passphrase" => Some("#account-passphrase"),
        _ => None,
    }
}

fn refusal_under(refused: RwSignal<Option<AccountRefusal>>, field: &'static str) -> impl IntoView {
    move || {
        refused
            .with(|r| {
                r.as_ref()
                    .filter(|r| r.field == field)
                    .map(|r| r.message.clone())
            })
            .map(|message| {
                view! {
                    <p class="field-error" data-field=field role="alert">
                        {message}
                    </p>
                }
            })
    }
}

#[component]
fn SignInForm() -> impl IntoView {
    let ctx = ctx();
    let server = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let passphrase = RwSignal::new(String::new());
    let refused = RwSignal::new(None::<AccountRefusal>);
    let busy = RwSignal::new(None::<AccountAction>);
    let has_vault = move || {
        ctx.vault
            .with(|s| s.as_ref().is_some_and(VaultStatus::exists))
    };
    let invalid = move |field: &'static str| {
        move || refused.with(|r| r.as_ref().is_some_and(|r| r.field == field))
    };
    let send = move |action: AccountAction| {
        if busy.get_untracked().is_some() {
            return;
        }
        let (url, mail, secret) = (
            server.get_untracked(),
            email.get_untracked(),
            passphrase.get_untracked(),
        );
        if let Err(refusal) = check_account_form(&url, &mail, &secret) {
            if let Some(input) = input_of(refusal.field) {
                dom::focus_now(input);
            }
            refused.set(Some(refusal));
            return;
        }
        refused.set(None);
        busy.set(Some(action));
        spawn_local(async move {
            let answer = match action {
                AccountAction::SignIn => ipc::sign_in(url.trim(), mail.trim(), &secret).await,
                AccountAction::SignUp => ipc::sign_up(url.trim(), mail.trim(), &secret).await,
            };
            drop(secret);
            busy.try_set(None);
            match answer {
                Ok(status) => {
                    passphrase.try_set(String::new());
                    signed_in(ctx, &status, action);
                }
                Err(report) => {
                    let refusal = account_refusal(&report, action, &url);
                    if let Some(input) = input_of(refusal.field) {
                        dom::focus_now(input);
                    }
                    refused.try_set(Some(refusal));
                }
            }
        });
    };
    let label = move |action: AccountAction| match (busy.get(), action) {
        (Some(AccountAction::SignIn), AccountAction::SignIn) => "Signing in…",
        (Some(AccountAction::SignUp), AccountAction::SignUp) => "Creating the account…",
        (_, AccountAction::SignIn) => "Sign in",
        (_, AccountAction::SignUp) => "Create account",
    };
    view! {
        <section class="card settings-card" id="account-signed-out">
            <h2 class="settings-card-title">{icon(Icon::Cloud)} "Sync between your devices"</h2>
            <p class="settings-text">
                "Everything leaves this device encrypted under your vault's key; the server \
                 stores what it cannot read. Your passphrase never leaves this device either: \
                 it derives the key you sign in with."
            </p>
            <form
                class="form settings-form"
                id="account-form"
                novalidate
                aria-busy=move || busy.get().is_some().to_string()
                on:submit=move |ev: ev::SubmitEvent| {
                    ev.prevent_default();
                    send(AccountAction::SignIn);
                }
            >
                <div class="field">
                    <label for="account-server">"Server"</label>
                    <input
                        id="account-server"
                        class="input"
                        type="url"
                        placeholder="http://127.0.0.1:8080"
                        autocomplete="url"
                        spellcheck="false"
                        disabled=move || busy.get().is_some()
                        aria-invalid=move || invalid("server_url")().then_some("true")
                        prop:value=move || server.get()
                        on:input:target=move |ev| server.set(ev.target().value())
                    />
                    {refusal_under(refused, "server_url")}
                </div>
                <div class="field">
                    <label for="account-email">"Email"</label>
                    <input
                        id="account-email"
                        class="input"
                        type="email"
                        placeholder="name@example.com"
                        autocomplete="username"
                        spellcheck="false"
                        disabled=move || busy.get().is_some()
                        aria-invalid=move || invalid("email")().then_some("true")
                        prop:value=move || email.get()
                        on:input:target=move |ev| email.set(ev.target().value())
                    />
                    {refusal_under(refused, "email")}
                </div>
                <div class="field">
                    <label for="account-passphrase">"Vault passphrase"</label>
                    <PasswordInput
                        id="account-passphrase"
                        value=passphrase
                        autocomplete="current-password"
                        invalid=Signal::derive(invalid("passphrase"))
                    />
                    {refusal_under(refused, "passphrase")}
                </div>
                {refusal_under(refused, "form")}
                <div class="form-actions">
                    <button
                        type="submit"
                        id="account-sign-in"
                        class="btn btn-primary"
                        disabled=move || busy.get().is_some()
                    >
                        {move || {
                            (busy.get() == Some(AccountAction::SignIn))
                                .then(|| view! { <span class="spinner spinner-on-primary" aria-hidden="true"></span> })
                        }}
                        {move || label(AccountAction::SignIn)}
                    </button>
                    <button
                        type="button"
                        id="account-sign-up"
                        class="btn"
                        disabled=move || busy.get().is_some()
                        on:click=move |_| send(AccountAction::SignUp)
                    >
                        {move || {
                            (busy.get() == Some(AccountAction::SignUp))
                                .then(|| view! { <span class="spinner" aria-hidden="true"></span> })
                        }}
                        {move || label(AccountAction::SignUp)}
                    </button>
                </div>
                <p class="hint">
                    {move || {
                        if has_vault() {
                            "Sign in on this device with an account you already have, or \
                             create one for this workspace's vault (its passphrase opens it)."
                        } else {
                            "Signing in brings your account's vault and data to this \
                             workspace. To create an account, create a vault first in \
                             Settings → Security."
                        }
                    }}
                </p>
            </form>
        </section>
    }
}

/// After signing in or up: the new status, and the vault (signing in may have brought it).
fn signed_in(ctx: Ctx, status: &AccountStatus, action: AccountAction) {
    let email = status.email.clone().unwrap_or_default();
    ctx.notify(match action {
        AccountAction::SignIn => format!("Signed in as {email}. Sync starts now."),
        AccountAction::SignUp => format!("Account created for {email}. Sync starts now."),
    });
    ctx.set_account(status.clone());
    ctx.refresh_vault();
}

#[component]
fn AccountCard() -> impl IntoView {
    let ctx = ctx();
    let signing_out = RwSignal::new(false);
    let summary = move || {
        ctx.account.with(|a| {
            let a = a.as_ref();
            let email = a.and_then(|a| a.email.clone()).unwrap_or_default();
            let server = a.and_then(|a| a.server_url.clone()).unwrap_or_default();
            (email, server)
        })
    };
    let counts = move || ctx.sync.with(|s| s.counts);
    let running = move || ctx.sync.with(|s| s.running);
    let last = move || {
        ctx.sync.with(|s| match (&s.last_error, s.last_success) {
            (Some(err), _) => {
                let server = ctx
                    .account
                    .with(|a| a.as_ref().and_then(|a| a.server_url.clone()));
                Some(sync_failure(err, server.as_deref()))
            }
            (None, Some(at)) => Some(format!("Last synced at {}.", at.format("%H:%M"))),
            (None, None) => None,
        })
    };
    let failed = move || ctx.sync.with(|s| s.last_error.is_some());
    let sign_out = move |_| {
        ctx.ask(ConfirmRequest {
            title: "Sign out of sync?".into(),
            message: "This device stops syncing. Its data and the vault stay here; sign in \
                      again to resume."
                .into(),
            confirm_label: "Sign out".into(),
            on_confirm: Arc::new(move || {
                signing_out.set(true);
                spawn_local(async move {
                    let answer = ipc::sign_out().await;
                    signing_out.try_set(false);
                    match answer {
                        Ok(status) => {
                            ctx.set_account(status);
                            ctx.notify("Signed out. Your data stays on this device.");
                        }
                        Err(err) => ctx.fail(&err),
                    }
                });
            }),
        });
    };
    view! {
        <section class="card settings-card" id="account-signed-in">
            <div class="settings-card-head">
                <h2 class="settings-card-title">{icon(Icon::Cloud)} "Account"</h2>
                <span class="pill pill-ok">"Signed in"</span>
            </div>
            <p class="account-summary" id="account-summary">
                {move || {
                    let (email, server) = summary();
                    view! {
                        <strong class="account-email">{email}</strong>
                        <span class="account-server">{server}</span>
                    }
                }}
            </p>
            <div class="setting-row">
                <div class="setting-text">
                    <span class="setting-label">"Sync"</span>
                    <p class="hint" id="sync-counts">
                        {move || match counts() {
                            Some(c) => {
                                format!(
                                    "{} local {} waiting · {} quarantined",
                                    c.pending,
                                    if c.pending == 1 { "change" } else { "changes" },
                                    c.quarantined,
                                )
                            }
                            None => "Counting what waits…".to_owned(),
                        }}
                    </p>
                    {move || {
                        ctx.sync
                            .with(|s| s.progress.filter(|_| s.running))
                            .filter(|p| p.total > 0)
                            .map(|progress| {
                                let percent = progress.percent();
                                view! {
                                    <div class="rotation" id="sync-progress" data-done=progress.done data-total=progress.total>
                                        <ProgressTrack label="Sync" percent=percent />
                                        <p class="hint">{progress.describe()}</p>
                                    </div>
                                }
                            })
                    }}
                    {move || {
                        last()
                            .map(|line| {
                                view! {
                                    <p
                                        class="hint"
                                        class=("field-error", failed)
                                        id="sync-last"
                                        role=move || failed().then_some("alert")
                                    >
                                        {line}
                                    </p>
                                }
                            })
                    }}
                </div>
                <button
                    type="button"
                    class="btn"
                    id="sync-now"
                    disabled=running
                    on:click=move |_| ctx.request_sync(Trigger::Manual)
                >
                    {move || {
                        if running() {
                            view! {
                                <span class="spinner" aria-hidden="true"></span>
                                "Syncing…"
                            }
                                .into_any()
                        } else {
                            view! {
                                {icon(Icon::Sync)}
                                "Sync now"
                            }
                                .into_any()
                        }
                    }}
                </button>
            </div>
            <div class="setting-row">
                <div class="setting-text">
                    <span class="setting-label">"Sign out"</span>
                    <p class="hint">"Local data and the vault stay on this device."</p>
                </div>
                <button
                    type="button"
                    class="btn btn-danger-ghost"
                    id="account-sign-out"
                    disabled=signing_out
                    on:click=sign_out
                >
                    {move || if signing_out.get() { "Signing out…" } else { "Sign out…" }}
                </button>
            </div>
        </section>
    }
}

pub(super) fn server_url(ctx: Ctx) -> Option<String> {
    ctx.account
        .with_untracked(|a| a.as_ref().and_then(|a| a.server_url.clone()))
}

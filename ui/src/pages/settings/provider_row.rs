//! One configured provider: what it is (never its key, only "••••1234"), a test with a clear
//! result line, the model picker filled by the last successful test, and key and delete
//! actions.

use std::sync::Arc;

use adiuva_domain::{ErrorReport, Provider, ProviderCheck, ProviderPatch, provider::validate_key};
use leptos::{ev, prelude::*, task::spawn_local};

use super::providers::{TestState, Tests};
use crate::{
    components::{
        form_state::FormState,
        icons::{Icon, icon},
        passphrase::PasswordInput,
        task_form::field_error,
    },
    context::{ConfirmRequest, ctx},
    dom, ipc,
    state::providers::{
        ProviderEdit, check_detail, check_message, check_outcome, key_hint, kind_label,
        model_choices, model_patch, tested_models,
    },
};

/// Runs a provider change and refreshes the lists; a refusal goes to a toast.
fn change(
    call: impl Future<Output = Result<Provider, ErrorReport>> + 'static,
    done: impl FnOnce(Provider) + 'static,
) {
    let ctx = ctx();
    spawn_local(async move {
        match call.await {
            Ok(provider) => {
                ctx.changed();
                done(provider);
            }
            Err(err) => ctx.fail(&err),
        }
    });
}

fn test_result(state: Option<TestState>, base_url: String) -> impl IntoView {
    match state {
        None => ().into_any(),
        Some(TestState::Running) => view! {
            <p class="provider-testing" role="status">
                <span class="spinner" aria-hidden="true"></span>
                "Testing…"
            </p>
        }
        .into_any(),
        Some(TestState::Done(check)) => {
            let ok = matches!(check, ProviderCheck::Ok { .. });
            view! {
                <p
                    class="provider-test-result"
                    class=("is-ok", ok)
                    class=("is-bad", !ok)
                    data-outcome=check_outcome(&check)
                    title=check_detail(&check).map(str::to_owned)
                    role="status"
                >
                    {icon(if ok { Icon::Check } else { Icon::Close })}
                    <span>{check_message(&check, &base_url)}</span>
                </p>
            }
            .into_any()
        }
        Some(TestState::Failed(message)) => view! {
            <p class="provider-test-result is-bad" data-outcome="error" role="status">
                {icon(Icon::Close)}
                <span>{message}</span>
            </p>
        }
        .into_any(),
    }
}

#[component]
pub fn ProviderRow(provider: Provider, tests: Tests) -> impl IntoView {
    let ctx = ctx();
    let id = provider.id.clone();
    let name = provider.name.clone();
    let base_url = provider.base_url.clone();
    let has_key = provider.key_last4.is_some();
    let replacing = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let stored = StoredValue::new(provider.clone());

    let state = {
        let id = id.clone();
        move || tests.with(|t| t.get(&id).cloned())
    };
    let running = {
        let state = state.clone();
        move || matches!(state(), Some(TestState::Running))
    };
    let run_test = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            tests.update(|t| {
                t.insert(id.clone(), TestState::Running);
            });
            spawn_local(async move {
                let result = match ipc::test_provider(&id).await {
                    Ok(check) => TestState::Done(check),
                    Err(err) => TestState::Failed(err.message),
                };
                let _ = tests.try_update(|t| {
                    t.insert(id, result);
                });
            });
        }
    };
    let models = {
        let state = state.clone();
        let current = provider.model.clone();
        move || {
            let tested = match state() {
                Some(TestState::Done(check)) => tested_models(&check).map(<[String]>::to_vec),
                _ => None,
            }
            .unwrap_or_default();
            model_choices(&tested, current.as_deref())
        }
    };
    let choose_model = {
        let id = id.clone();
        move |value: String| {
            let patch = match model_patch(&value) {
                Ok(patch) => patch,
                Err(err) => return ctx.fail(&ErrorReport::from(&err)),
            };
            let id = id.clone();
            change(
                async move { ipc::update_provider(&id, &patch).await },
                move |p| {
                    ctx.notify(match &p.model {
                        Some(model) => format!("“{}” now uses {model}", p.name),
                        None => format!("“{}” has no model chosen", p.name),
                    });
                },
            );
        }
    };
    let remove_key = {
        let (id, name) = (id.clone(), name.clone());
        move |_| {
            let (id, name) = (id.clone(), name.clone());
            ctx.ask(ConfirmRequest {
                title: "Remove the key?".into(),
                message: format!(
                    "The key of “{name}” is deleted from the system keyring. Agents using this \
                     provider stop working until you set a key again."
                ),
                confirm_label: "Remove key".into(),
                on_confirm: Arc::new(move || {
                    let id = id.clone();
                    change(
                        async move { ipc::remove_provider_key(&id).await },
                        move |p| {
                            let _ = tests.try_update(|t| t.remove(&p.id));
                            ctx.notify(format!("Removed the key of “{}”", p.name));
                        },
                    );
                }),
            });
        }
    };
    let delete = {
        let (id, name) = (id.clone(), name.clone());
        move |_| {
            let (id, name) = (id.clone(), name.clone());
            ctx.ask(ConfirmRequest {
                title: "Delete provider?".into(),
                message: format!(
                    "“{name}” and its key (in the system keyring) are deleted. This cannot be undone."
                ),
                confirm_label: "Delete provider".into(),
                on_confirm: Arc::new(move || {
                    let (id, name) = (id.clone(), name.clone());
                    spawn_local(async move {
                        match ipc::delete_provider(&id).await {
                            Ok(()) => {
                                let _ = tests.try_update(|t| {
                                    t.remove(&id);
                                });
                                ctx.changed();
                                ctx.notify(format!("Deleted provider “{name}”"));
                            }
                            Err(err) => ctx.fail(&err),
                        }
                    });
                }),
            });
        }
    };
    let spinning = running.clone();
    let current_model = provider.model.clone();
    let model_text = current_model
        .clone()
        .unwrap_or_else(|| "Not chosen".to_owned());
    let result_url = base_url.clone();

    view! {
        <li class="provider-row" data-id=id>
            <div class="provider-main">
                <div class="provider-title">
                    <span class="provider-name">{name}</span>
                    <span class="pill">{kind_label(&provider)}</span>
                </div>
                <dl class="provider-meta">
                    <div>
                        <dt>"Base URL"</dt>
                        <dd class="provider-base-url">{base_url}</dd>
                    </div>
                    <div>
                        <dt>"Model"</dt>
                        <dd class="provider-model">{model_text}</dd>
                    </div>
                    <div>
                        <dt>"Key"</dt>
                        <dd class="provider-key">
                            {has_key.then_some("Key set ")}
                            <span class="provider-key-hint" class=("muted", !has_key)>
                                {key_hint(&provider)}
                            </span>
                        </dd>
                    </div>
                </dl>
                {move || test_result(state(), result_url.clone())}
                {move || {
                    let choices = models();
                    let current = current_model.clone();
                    (!choices.is_empty())
                        .then(|| {
                            view! {
                                <label class="provider-model-picker">
                                    <span>"Model"</span>
                                    <select
                                        class="input input-sm provider-model-select"
                                        on:change:target={
                                            let choose_model = choose_model.clone();
                                            move |ev| choose_model(ev.target().value())
                                        }
                                    >
                                        <option value="" prop:selected=current.is_none()>
                                            "No model"
                                        </option>
                                        {choices
                                            .into_iter()
                                            .map(|m| {
                                                let selected = current.as_deref() == Some(m.as_str());
                                                view! {
                                                    <option value=m prop:selected=selected>
                                                        {m.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                            }
                        })
                }}
                {move || replacing.get().then(|| view! { <ReplaceKey provider=stored.get_value() open=replacing tests=tests /> })}
                {move || editing.get().then(|| view! { <EditProvider provider=stored.get_value() open=editing /> })}
            </div>
            <div class="row-actions">
                <button
                    type="button"
                    class="btn btn-sm provider-test"
                    disabled=running
                    on:click=run_test
                >
                    {move || {
                        if spinning() {
                            view! { <span class="spinner" aria-hidden="true"></span> }.into_any()
                        } else {
                            icon(Icon::Check).into_any()
                        }
                    }}
                    "Test"
                </button>
                <button
                    type="button"
                    class="btn btn-sm btn-ghost provider-replace-key"
                    on:click=move |_| {
                        editing.set(false);
                        replacing.set(true);
                    }
                >
                    {icon(Icon::Key)}
                    {if has_key { "Replace key" } else { "Set key" }}
                </button>
                {has_key
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn-sm btn-ghost provider-remove-key"
                                on:click=remove_key
                            >
                                "Remove key"
                            </button>
                        }
                    })}
                <button
                    type="button"
                    class="btn btn-sm btn-ghost provider-edit"
                    on:click=move |_| {
                        replacing.set(false);
                        editing.set(true);
                    }
                >
                    {icon(Icon::Pencil)}
                    "Edit"
                </button>
                <button type="button" class="btn btn-sm btn-danger-ghost provider-delete" on:click=delete>
                    {icon(Icon::Trash)}
                    "Delete"
                </button>
            </div>
        </li>
    }
}

/// A new key for one provider, sent to the system keyring.
#[component]
fn ReplaceKey(provider: Provider, open: RwSignal<bool>, tests: Tests) -> impl IntoView {
    let ctx = ctx();
    let key = RwSignal::new(String::new());
    let input_id = format!("provider-key-{}", provider.id);
    let selector = format!("#{input_id}");
    let form = FormState::new(ctx, &["key"]);
    let errors = form.errors;
    let id = provider.id;
    let submit = {
        let selector = selector.clone();
        move |ev: ev::SubmitEvent| {
            ev.prevent_default();
            let checked = validate_key(&key.get_untracked());
            if checked.is_err() {
                dom::focus_now(&selector);
            }
            let typed = checked.clone().unwrap_or_default();
            let id = id.clone();
            form.send(
                checked.map(drop),
                async move { ipc::set_provider_key(&id, &typed).await },
                move |p| {
                    key.try_set(String::new());
                    open.try_set(false);
                    // The last test was of the old key.
                    let _ = tests.try_update(|t| t.remove(&p.id));
                    ctx.changed();
                    ctx.notify(format!("Saved the new key of “{}”", p.name));
                },
            );
        }
    };
    dom::focus_later(selector);
    view! {
        <form class="provider-inline-form provider-key-form" novalidate on:submit=submit>
            <label class="sr-only" for=input_id.clone()>"New API key"</label>
            <PasswordInput
                id=input_id
                value=key
                autocomplete="off"
                placeholder="Paste the new key"
                invalid=Signal::derive(move || errors.with(|e| e.get("key").is_some()))
            />
            <button type="submit" class="btn btn-sm btn-primary provider-key-save" disabled=move || form.busy.get()>
                "Save key"
            </button>
            <button
                type="button"
                class="btn btn-sm"
                on:click=move |_| {
                    key.set(String::new());
                    open.set(false);
                }
            >
                "Cancel"
            </button>
            {field_error(errors, "key")}
        </form>
    }
}

/// Rename a provider or point it at another base URL.
#[component]
fn EditProvider(provider: Provider, open: RwSignal<bool>) -> impl IntoView {
    let ctx = ctx();
    let draft = RwSignal::new(ProviderEdit::from_provider(&provider));
    let form = FormState::new(ctx, ProviderEdit::FIELDS);
    let errors = form.errors;
    let original = StoredValue::new(provider);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let checked = original.with_value(|p| draft.with_untracked(|d| d.patch_from(p)));
        let patch = checked.clone().unwrap_or_default();
        if checked
            .as_ref()
            .is_ok_and(|p| *p == ProviderPatch::default())
        {
            open.set(false);
            return;
        }
        let id = original.with_value(|p| p.id.clone());
        form.send(
            checked.map(drop),
            async move { ipc::update_provider(&id, &patch).await },
            move |_| {
                open.try_set(false);
                ctx.changed();
            },
        );
    };
    let text = move |label: &'static str, field: &'static str| {
        view! {
            <div class="field grow">
                <label>
                    {label}
                    <input
                        class=format!("input input-sm provider-edit-{field}")
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || {
                            draft.with(|d| if field == "name" { d.name.clone() } else { d.base_url.clone() })
                        }
                        on:input:target=move |ev| {
                            let value = ev.target().value();
                            draft.update(|d| if field == "name" { d.name = value } else { d.base_url = value });
                        }
                    />
                </label>
                {field_error(errors, field)}
            </div>
        }
    };
    view! {
        <form class="provider-inline-form provider-edit-form" novalidate on:submit=submit>
            {text("Name", "name")}
            {text("Base URL", "base_url")}
            <button type="submit" class="btn btn-sm btn-primary" disabled=move || form.busy.get()>
                "Save"
            </button>
            <button type="button" class="btn btn-sm" on:click=move |_| open.set(false)>
                "Cancel"
            </button>
        </form>
    }
}

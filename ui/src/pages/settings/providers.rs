//! Settings → Providers: the configured LLM providers (their keys shown as presence and four
//! characters only) and the form that adds one from a preset or a custom endpoint.

use std::collections::HashMap;

use adiuva_domain::{PROVIDER_PRESETS, Provider, ProviderCheck};
use leptos::{ev, prelude::*};

use super::provider_row::ProviderRow;
use crate::{
    components::{
        form_state::FormState,
        icons::{Icon, icon},
        loadable::{empty, failed, loading},
        passphrase::PasswordInput,
        task_form::field_error,
    },
    context::ctx,
    dom,
    hooks::workspace_resource,
    ipc,
    state::providers::{CUSTOM_LABEL, CUSTOM_PRESET, ProviderFields},
};

/// The last test of a provider, kept while settings are open (switching tabs keeps it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestState {
    Running,
    Done(ProviderCheck),
    /// The test could not run (the key is unreadable, the provider is gone).
    Failed(String),
}

/// Test states by provider id.
pub type Tests = RwSignal<HashMap<String, TestState>>;

#[component]
pub fn ProviderSettings(tests: Tests) -> impl IntoView {
    let providers = workspace_resource(ipc::list_providers);
    let adding = RwSignal::new(false);
    // Rows are keyed by id and version, so a refresh keeps rows (and what is typed in them)
    // whose provider did not change.
    let list = Memo::new(move |_| providers.get().and_then(Result::ok).unwrap_or_default());
    let body = move || {
        match providers.get() {
        None => loading().into_any(),
        Some(Err(err)) => failed(err, move || providers.refetch()).into_any(),
        Some(Ok(found)) if found.is_empty() => empty(
            Icon::Plug,
            "No providers yet",
            "Add OpenAI, Anthropic, or a local server such as Ollama to let agents work on your own key.",
        )
        .into_any(),
        Some(Ok(_)) => view! {
            <ul class="provider-list" id="provider-list">
                <For
                    each=move || list.get()
                    key=|p: &Provider| (p.id.clone(), p.updated_at)
                    let:provider
                >
                    <ProviderRow provider=provider tests=tests />
                </For>
            </ul>
        }
        .into_any(),
    }
    };
    view! {
        <section class="settings-section">
            <div class="settings-section-head">
                <p class="settings-text">
                    "Agents run on your own keys. A key goes straight to the system keyring; \
                     Adiuva shows only its last four characters."
                </p>
                <button
                    type="button"
                    class="btn btn-primary"
                    id="provider-add"
                    disabled=move || adding.get()
                    on:click=move |_| {
                        adding.set(true);
                        dom::focus_later("#provider-preset");
                    }
                >
                    {icon(Icon::Plus)}
                    "Add provider"
                </button>
            </div>
            {move || adding.get().then(|| view! { <AddProvider adding=adding /> })}
            {body}
        </section>
    }
}

fn input_of(field: &str) -> Option<&'static str> {
    match field {
        "name" => Some("#provider-name"),
        "base_url" => Some("#provider-base-url"),
        "key" => Some("#provider-key"),
        _ => None,
    }
}

#[component]
fn AddProvider(adding: RwSignal<bool>) -> impl IntoView {
    let ctx = ctx();
    let fields = RwSignal::new(ProviderFields::for_preset(PROVIDER_PRESETS[0].id));
    let key = RwSignal::new(String::new());
    let form = FormState::new(ctx, ProviderFields::FIELDS).focusing(input_of);
    let (errors, busy) = (form.errors, form.busy);
    let refused =
        move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).is_some()));
    let text_input = move |id: &'static str, field: &'static str, placeholder: Signal<String>| {
        let get = move || {
            fields.with(|f| match field {
                "name" => f.name.clone(),
                _ => f.base_url.clone(),
            })
        };
        view! {
            <input
                id=id
                class="input"
                type="text"
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                aria-invalid=move || refused(field).get().then_some("true")
                prop:value=get
                on:input:target=move |ev| {
                    let value = ev.target().value();
                    fields.update(|f| match field {
                        "name" => f.name = value,
                        _ => f.base_url = value,
                    });
                }
            />
        }
    };
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let mut typed = fields.get_untracked();
        typed.key = key.get_untracked();
        let checked = typed.to_new_provider();
        let input = checked.clone().unwrap_or_default();
        form.send(
            checked.map(drop),
            async move { ipc::add_provider(&input).await },
            move |provider| {
                key.try_set(String::new());
                adding.try_set(false);
                ctx.changed();
                ctx.notify(format!("Added provider “{}”", provider.name));
            },
        );
    };
    let cancel = move |_| {
        key.set(String::new());
        adding.set(false);
    };
    let key_required = move || fields.with(ProviderFields::key_required);
    let custom = move || fields.with(ProviderFields::is_custom);
    view! {
        <form class="card provider-form" id="provider-form" novalidate on:submit=submit>
            <h3 class="settings-card-title">"Add a provider"</h3>
            <div class="field-row">
                <div class="field">
                    <label for="provider-preset">"Provider"</label>
                    <select
                        id="provider-preset"
                        class="input"
                        on:change:target=move |ev| {
                            let id = ev.target().value();
                            fields.update(|f| *f = f.with_preset(&id));
                            errors.set(Default::default());
                        }
                    >
                        {PROVIDER_PRESETS
                            .iter()
                            .map(|p| {
                                view! {
                                    <option
                                        value=p.id
                                        prop:selected=move || fields.with(|f| f.preset == p.id)
                                    >
                                        {p.label}
                                    </option>
                                }
                            })
                            .collect_view()}
                        <option
                            value=CUSTOM_PRESET
                            prop:selected=move || fields.with(|f| f.preset == CUSTOM_PRESET)
                        >
                            {CUSTOM_LABEL}
                        </option>
                    </select>
                </div>
                <div class="field">
                    <label for="provider-name">"Name"</label>
                    {text_input("provider-name", "name", Signal::derive(|| "e.g. Work OpenAI".to_owned()))}
                    {field_error(errors, "name")}
                </div>
            </div>
            <div class="field">
                <label for="provider-base-url">
                    "Base URL "
                    {move || (!custom()).then(|| view! { <span class="muted">"(the preset's default)"</span> })}
                </label>
                {text_input(
                    "provider-base-url",
                    "base_url",
                    Signal::derive(|| "https://example.com/v1".to_owned()),
                )}
                {field_error(errors, "base_url")}
                {move || {
                    custom()
                        .then(|| {
                            view! {
                                <p class="hint">
                                    "Any endpoint speaking OpenAI's API, such as vLLM or a \
                                     self-hosted gateway; include the version path (…/v1)."
                                </p>
                            }
                        })
                }}
            </div>
            <div class="field">
                <label for="provider-key">
                    "API key "
                    {move || (!key_required()).then(|| view! { <span class="muted">"(optional)"</span> })}
                </label>
                <PasswordInput
                    id="provider-key"
                    value=key
                    autocomplete="off"
                    placeholder="Paste the key"
                    invalid=refused("key")
                />
                {field_error(errors, "key")}
                <p class="hint">"Stored in the system keyring, never in the workspace."</p>
            </div>
            <div class="form-actions">
                <button
                    type="submit"
                    id="provider-submit"
                    class="btn btn-primary"
                    disabled=move || busy.get()
                >
                    {move || if busy.get() { "Adding…" } else { "Add provider" }}
                </button>
                <button type="button" class="btn" on:click=cancel>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

//! Settings: Security (the vault), Account (sync and backups) and Providers (the keys agents
//! run on), as three tabs.

mod account;
mod backups;
mod provider_row;
mod providers;
mod security;

use std::collections::HashMap;

use leptos::prelude::*;

use crate::{
    components::icons::{Icon, icon},
    context::ctx,
    state::nav::SettingsTab,
};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let ctx = ctx();
    // Test results outlive a switch of tab.
    let tests = RwSignal::new(HashMap::new());
    let tab_button = move |tab: SettingsTab| {
        let current = move || ctx.settings_tab.get() == tab;
        view! {
            <button
                type="button"
                role="tab"
                class="segment"
                class=("is-active", current)
                id=tab.tab_id()
                aria-selected=move || current().to_string()
                aria-controls="settings-panel"
                on:click=move |_| ctx.settings_tab.set(tab)
            >
                {icon(match tab {
                    SettingsTab::Security => Icon::Shield,
                    SettingsTab::Account => Icon::Cloud,
                    SettingsTab::Providers => Icon::Plug,
                })}
                {tab.label()}
            </button>
        }
    };
    view! {
        <div class="page page-settings">
            <header class="page-head">
                <div>
                    <h1 class="page-title">"Settings"</h1>
                    <p class="page-sub">"Your vault, sync and backups, and the providers your agents run on."</p>
                </div>
                <div class="segmented" role="tablist" aria-label="Settings sections">
                    {SettingsTab::ALL.into_iter().map(tab_button).collect_view()}
                </div>
            </header>
            <div class="settings-panel" id="settings-panel" role="tabpanel">
                {move || match ctx.settings_tab.get() {
                    SettingsTab::Security => view! { <security::SecuritySettings /> }.into_any(),
                    SettingsTab::Account => view! { <account::AccountSettings /> }.into_any(),
                    SettingsTab::Providers => {
                        view! { <providers::ProviderSettings tests=tests /> }.into_any()
                    }
                }}
            </div>
        </div>
    }
}

//! The sync status in the sidebar's footer: signed out, syncing, synced, changes waiting,
//! failed or offline (the reason in its tooltip); it opens Settings → Account.

use leptos::prelude::*;

use super::icons::{Icon, icon};
use crate::{
    context::ctx,
    state::{nav::SettingsTab, sync::indicator, vault::VaultState},
};

#[component]
pub fn SyncIndicator() -> impl IntoView {
    let ctx = ctx();
    let shown = Memo::new(move |_| {
        let unlocked = ctx
            .vault
            .with(|s| s.as_ref().is_some_and(|s| s.state == VaultState::Unlocked));
        ctx.account.with(|account| {
            ctx.sync
                .with(|sync| indicator(account.as_ref(), sync, unlocked))
        })
    });
    view! {
        <button
            type="button"
            class="nav-item nav-subtle sync-status"
            id="sync-status"
            data-state=move || shown.with(|s| s.phase.as_str())
            title=move || shown.with(|s| s.title.clone())
            aria-label=move || shown.with(|s| format!("Sync: {}. {}", s.text, s.title))
            on:click=move |_| ctx.open_settings(SettingsTab::Account)
        >
            {icon(Icon::Cloud)}
            <span class="sync-status-text">{move || shown.with(|s| s.text.clone())}</span>
            <span class="sync-dot" aria-hidden="true"></span>
        </button>
    }
}

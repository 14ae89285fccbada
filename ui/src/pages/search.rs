//! Search results for the sidebar's search field, across every kind of item.

use std::time::Duration;

use adiuva_domain::SearchHit;
use leptos::prelude::*;

use crate::{
    components::{
        icons::Icon,
        loadable::{empty, loaded},
        palette::highlighted,
    },
    context::ctx,
    hooks::{debounced, workspace_resource},
    ipc,
    state::palette::hit_entry,
};

/// Hits shown on the results page.
const LIMIT: u32 = 50;

#[component]
pub fn SearchPage() -> impl IntoView {
    let ctx = ctx();
    let settled = debounced(ctx.search_query, Duration::from_millis(200));
    let results = workspace_resource(move || {
        let query = settled.get();
        async move {
            if query.trim().is_empty() {
                return Ok(Vec::new());
            }
            ipc::search(&query, LIMIT).await
        }
    });
    let list = move |hits: Vec<SearchHit>| {
        let query = settled.get();
        if query.trim().is_empty() {
            return empty(
                Icon::Search,
                "Search your workspace",
                "Type in the search field to find tasks, comments, notes, checkpoints and projects.",
            )
            .into_any();
        }
        let entries: Vec<_> = hits.iter().filter_map(hit_entry).collect();
        if entries.is_empty() {
            return empty(
                Icon::Search,
                "No results",
                format!("Nothing matches “{}”.", query.trim()),
            )
            .into_any();
        }
        view! {
            <ul class="search-results">
                {entries
                    .into_iter()
                    .map(|entry| {
                        let action = entry.action;
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="search-hit"
                                    on:click=move |_| ctx.perform(action)
                                >
                                    <span class="pill">{entry.group}</span>
                                    <span class="search-hit-text">
                                        <span class="search-hit-title">{entry.label.clone()}</span>
                                        <span class="search-hit-snippet">{highlighted(&entry.detail)}</span>
                                    </span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="page page-search">
            <header class="page-head">
                <div>
                    <h1 class="page-title">"Search"</h1>
                    <p class="page-sub">
                        {move || {
                            let q = ctx.search_query.get();
                            if q.trim().is_empty() {
                                "Press / to search from anywhere.".to_owned()
                            } else {
                                format!("Results for “{}”", q.trim())
                            }
                        }}
                    </p>
                </div>
            </header>
            {loaded(results, list)}
        </div>
    }
}

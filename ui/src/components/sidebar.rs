//! The sidebar: the search field, the pages, the active projects as quick filters, and in
//! the footer the sync status, the settings and the vault's lock.

use leptos::prelude::*;

use super::{
    icons::{Icon, icon},
    sync_indicator::SyncIndicator,
};
use adiuva_domain::TaskStatus;

use crate::{
    context::ctx,
    hooks::workspace_resource,
    ipc,
    state::{nav::Page, vault::VaultStatus},
};

fn page_icon(page: Page) -> Icon {
    match page {
        Page::Today => Icon::Today,
        Page::Projects => Icon::Folder,
        Page::Tasks => Icon::Tasks,
        Page::Checkpoints => Icon::Flag,
        Page::Notes => Icon::Note,
        Page::Review => Icon::Inbox,
        Page::Agents => Icon::Bot,
        Page::Search => Icon::Search,
        Page::Settings => Icon::Settings,
    }
}

/// Open tasks due today or earlier, shown next to "Today"; `late` when any is overdue.
fn today_badge() -> impl IntoView {
    let overdue = workspace_resource(ipc::overdue_tasks);
    let due_today = workspace_resource(ipc::tasks_due_today);
    move || {
        let late = overdue.get().and_then(Result::ok).map_or(0, |t| t.len());
        let today = due_today.get().and_then(Result::ok).map_or(0, |t| {
            t.iter().filter(|t| t.status != TaskStatus::Done).count()
        });
        (late + today > 0).then(|| {
            view! {
                <span
                    class="nav-badge"
                    class=("is-late", late > 0)
                    title=format!("{late} overdue, {today} due today")
                >
                    {late + today}
                </span>
            }
        })
    }
}

/// Suggestions waiting for review, shown next to "Review".
fn review_badge() -> impl IntoView {
    let ctx = ctx();
    move || {
        ctx.review_waiting.get().filter(|n| *n > 0).map(|n| {
            view! {
                <span
                    class="nav-badge is-review"
                    id="review-badge"
                    title=format!("{n} waiting for your review")
                >
                    {n}
                </span>
            }
        })
    }
}

#[component]
pub fn Sidebar() -> impl IntoView {
    let ctx = ctx();
    let nav_button = move |page: Page| {
        let current = move || {
            ctx.page.get() == page && !(page == Page::Tasks && ctx.task_project.get().is_some())
        };
        view! {
            <button
                type="button"
                class="nav-item"
                class=("is-active", current)
                id=page.nav_id()
                aria-current=move || current().then_some("page")
                on:click=move |_| {
                    if page == Page::Tasks {
                        ctx.task_project.set(None);
                    }
                    ctx.go(page);
                }
            >
                {icon(page_icon(page))}
                <span>{page.label()}</span>
                {(page == Page::Today).then(today_badge)}
                {(page == Page::Review).then(review_badge)}
            </button>
        }
    };
    let projects = move || {
        let mut list = ctx.active_projects();
        list.sort_by_key(|p| p.name.to_lowercase());
        list
    };
    view! {
        <aside class="sidebar" aria-label="Navigation">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">"A"</span>
                <span class="brand-name">"Adiuva"</span>
            </div>
            <label class="sidebar-search">
                {icon(Icon::Search)}
                <input
                    type="search"
                    id="sidebar-search"
                    placeholder="Search"
                    aria-label="Search the workspace"
                    autocomplete="off"
                    node_ref=ctx.search_input
                    prop:value=move || ctx.search_query.get()
                    on:input:target=move |ev| {
                        let text = ev.target().value();
                        let searching = !text.trim().is_empty();
                        ctx.search_query.set(text);
                        if searching {
                            ctx.go(Page::Search);
                        }
                    }
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ctx.go(Page::Search);
                        }
                    }
                />
                <kbd class="sidebar-search-key" aria-hidden="true">"/"</kbd>
            </label>
            <nav class="nav">
                {nav_button(Page::Today)}
                {nav_button(Page::Projects)}
                <ul class="nav-projects" aria-label="Active projects">
                    <For
                        each=projects
                        key=|p| (p.id, p.name.clone())
                        let:project
                    >
                        {
                            let id = project.id;
                            let active = move || {
                                ctx.page.get() == Page::Tasks && ctx.task_project.get() == Some(id)
                            };
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="nav-project"
                                        class=("is-active", active)
                                        data-id=id.to_string()
                                        title=format!("Tasks of {}", project.name)
                                        on:click=move |_| {
                                            ctx.task_project.set(Some(id));
                                            ctx.go(Page::Tasks);
                                        }
                                    >
                                        <span class="project-dot" aria-hidden="true"></span>
                                        <span class="nav-project-name">{project.name.clone()}</span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                {nav_button(Page::Tasks)}
                {nav_button(Page::Checkpoints)}
                {nav_button(Page::Notes)}
                {nav_button(Page::Review)}
                {nav_button(Page::Agents)}
            </nav>
            <div class="sidebar-footer">
                <SyncIndicator />
                {nav_button(Page::Settings)}
                {move || {
                    ctx.vault
                        .with(|s| s.as_ref().is_some_and(VaultStatus::exists))
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="nav-item nav-subtle"
                                    id="lock-vault"
                                    title="Lock the vault: the passphrase is needed to come back"
                                    on:click=move |_| ctx.lock()
                                >
                                    {icon(Icon::Lock)}
                                    <span>"Lock"</span>
                                    <kbd>"Ctrl L"</kbd>
                                </button>
                            }
                        })
                }}
                <button
                    type="button"
                    class="nav-item nav-subtle"
                    on:click=move |_| ctx.palette.set(true)
                >
                    {icon(Icon::Command)}
                    <span>"Command palette"</span>
                    <kbd>"Ctrl K"</kbd>
                </button>
                <button
                    type="button"
                    class="nav-item nav-subtle"
                    on:click=move |_| ctx.help.set(true)
                >
                    {icon(Icon::Keyboard)}
                    <span>"Shortcuts"</span>
                    <kbd>"?"</kbd>
                </button>
            </div>
        </aside>
    }
}

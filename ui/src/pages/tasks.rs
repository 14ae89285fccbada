//! Tasks: the board or the list, with filters by project, status, priority and text.

use std::time::Duration;

use adiuva_domain::{Priority, Task, TaskFilter, TaskOrder, TaskStatus};
use leptos::prelude::*;

use crate::{
    components::{
        board::Board,
        icons::{Icon, icon},
        loadable::{empty, failed, loading},
        project_select::project_options,
        task_list::TaskTable,
    },
    context::ctx,
    hooks::{debounced, workspace_resource},
    ipc,
    state::nav::TaskView,
};

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    Failed(adiuva_domain::ErrorReport),
    Ready,
}

fn order_label(order: TaskOrder) -> &'static str {
    match order {
        TaskOrder::Priority => "Priority",
        TaskOrder::DueDate => "Due date",
        TaskOrder::Created => "Newest",
        TaskOrder::Updated => "Recently changed",
        TaskOrder::Title => "Title",
    }
}

/// The most tasks one board or list shows: enough for any real view, and a workspace of
/// 100k tasks still opens at once (the subtitle says when the view is cut).
const SHOWN_TASKS_MAX: u32 = 2_000;

#[component]
pub fn TasksPage() -> impl IntoView {
    let ctx = ctx();
    let search = RwSignal::new(String::new());
    let settled_search = debounced(search, Duration::from_millis(200));
    let status = RwSignal::new(None::<TaskStatus>);
    let priority = RwSignal::new(None::<Priority>);
    let order = RwSignal::new(TaskOrder::Priority);
    let view_mode = ctx.task_view;

    let filter = Memo::new(move |_| TaskFilter {
        project_id: ctx.task_project.get().map(|p| p.to_string()),
        // The board shows every status as columns; the status filter is the list's.
        status: (view_mode.get() == TaskView::List)
            .then(|| status.get())
            .flatten(),
        priority: priority.get(),
        search: Some(settled_search.get()).filter(|s| !s.trim().is_empty()),
        order_by: Some(order.get()),
        limit: Some(SHOWN_TASKS_MAX),
        ..TaskFilter::default()
    });
    let filtered = Memo::new(move |_| {
        filter.with(|f| {
            f.project_id.is_some()
                || f.status.is_some()
                || f.priority.is_some()
                || f.search.is_some()
        })
    });
    let loaded = workspace_resource(move || {
        let filter = filter.get();
        async move { ipc::list_tasks(&filter).await }
    });
    // The board moves cards in this copy at once; every load replaces it.
    let tasks = RwSignal::new(Vec::<Task>::new());
    Effect::new(move |_| {
        if let Some(Ok(list)) = loaded.get() {
            tasks.set(list);
        }
    });
    let clear_filters = move || {
        search.set(String::new());
        status.set(None);
        priority.set(None);
        ctx.task_project.set(None);
    };
    let show_project = Signal::derive(move || ctx.task_project.get().is_none());

    let title = move || {
        ctx.task_project
            .get()
            .and_then(|p| ctx.project_name(Some(p)))
            .unwrap_or_else(|| "Tasks".to_owned())
    };
    // Only the load's phase decides what is mounted, so a refresh updates the board in
    // place (keeping focus and drag state) instead of rebuilding it.
    let phase = Memo::new(move |_| match loaded.get() {
        None => Phase::Loading,
        Some(Err(err)) => Phase::Failed(err),
        Some(Ok(_)) => Phase::Ready,
    });
    let list_view = move || {
        let list = tasks.get();
        if list.is_empty() && filtered.get() {
            view! {
                <div class="empty">
                    <p class="empty-title">"No tasks match these filters"</p>
                    <button type="button" class="btn" on:click=move |_| clear_filters()>
                        "Clear filters"
                    </button>
                </div>
            }
            .into_any()
        } else if list.is_empty() {
            empty(
                Icon::Tasks,
                "No tasks yet",
                view! { "Press " <kbd>"N"</kbd> " to create one." },
            )
            .into_any()
        } else {
            view! { <TaskTable tasks=list show_project=show_project.get() /> }.into_any()
        }
    };
    let body = move || match (phase.get(), view_mode.get()) {
        (Phase::Loading, _) => loading().into_any(),
        (Phase::Failed(err), _) => failed(err, move || loaded.refetch()).into_any(),
        (Phase::Ready, TaskView::Board) => {
            view! { <Board tasks=tasks show_project=show_project /> }.into_any()
        }
        (Phase::Ready, TaskView::List) => list_view.into_any(),
    };

    view! {
        <div class="page page-tasks">
            <header class="page-head">
                <div>
                    <h1 class="page-title">{title}</h1>
                    <p class="page-sub">
                        {move || {
                            tasks
                                .with(|t| {
                                    let open = t.iter().filter(|t| t.status != TaskStatus::Done).count();
                                    if t.len() as u32 >= SHOWN_TASKS_MAX {
                                        format!("First {} tasks in this order · filter or search to narrow down", t.len())
                                    } else {
                                        format!("{open} open · {} total", t.len())
                                    }
                                })
                        }}
                    </p>
                </div>
                <div class="head-actions">
                    <div class="segmented" role="group" aria-label="View">
                        <button
                            type="button"
                            id="view-board"
                            class="segment"
                            class=("is-active", move || view_mode.get() == TaskView::Board)
                            aria-pressed=move || (view_mode.get() == TaskView::Board).to_string()
                            on:click=move |_| ctx.set_task_view(TaskView::Board)
                        >
                            {icon(Icon::Board)}
                            "Board"
                        </button>
                        <button
                            type="button"
                            id="view-list"
                            class="segment"
                            class=("is-active", move || view_mode.get() == TaskView::List)
                            aria-pressed=move || (view_mode.get() == TaskView::List).to_string()
                            on:click=move |_| ctx.set_task_view(TaskView::List)
                        >
                            {icon(Icon::List)}
                            "List"
                        </button>
                    </div>
                    <button
                        type="button"
                        id="new-task"
                        class="btn btn-primary"
                        on:click=move |_| ctx.open_new_task(TaskStatus::Todo)
                    >
                        {icon(Icon::Plus)}
                        "New task"
                        <kbd class="kbd-on-primary">"N"</kbd>
                    </button>
                </div>
            </header>
            <div class="filter-bar" role="search">
                <label class="search-field">
                    {icon(Icon::Search)}
                    <input
                        id="task-search"
                        type="search"
                        placeholder="Filter tasks…"
                        aria-label="Filter tasks by text"
                        autocomplete="off"
                        prop:value=move || search.get()
                        on:input:target=move |ev| search.set(ev.target().value())
                    />
                </label>
                <select
                    id="filter-project"
                    class="input input-sm"
                    aria-label="Project"
                    on:change:target=move |ev| {
                        let value = ev.target().value();
                        ctx.task_project
                            .set(adiuva_domain::ProjectId::parse(&value, "project_id").ok());
                    }
                >
                    {project_options(
                        move || ctx.task_project.get().map(|p| p.to_string()).unwrap_or_default(),
                        "All projects",
                    )}
                </select>
                <Show when=move || view_mode.get() == TaskView::List>
                    <select
                        id="filter-status"
                        class="input input-sm"
                        aria-label="Status"
                        on:change:target=move |ev| status.set(ev.target().value().parse().ok())
                    >
                        <option value="" selected=move || status.get().is_none()>
                            "Any status"
                        </option>
                        {TaskStatus::ALL
                            .iter()
                            .map(|&s| {
                                view! {
                                    <option value=s.as_str() selected=move || status.get() == Some(s)>
                                        {s.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </Show>
                <select
                    id="filter-priority"
                    class="input input-sm"
                    aria-label="Priority"
                    on:change:target=move |ev| priority.set(ev.target().value().parse().ok())
                >
                    <option value="" selected=move || priority.get().is_none()>
                        "Any priority"
                    </option>
                    {Priority::ALL
                        .iter()
                        .map(|&p| {
                            view! {
                                <option value=p.as_str() selected=move || priority.get() == Some(p)>
                                    {p.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <select
                    id="filter-order"
                    class="input input-sm"
                    aria-label="Sort by"
                    on:change:target=move |ev| {
                        if let Ok(o) = ev.target().value().parse() {
                            order.set(o);
                        }
                    }
                >
                    {TaskOrder::ALL
                        .iter()
                        .map(|&o| {
                            view! {
                                <option value=o.as_str() selected=move || order.get() == o>
                                    {format!("Sort: {}", order_label(o))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <Show when=move || filtered.get()>
                    <button type="button" class="btn btn-ghost btn-sm" on:click=move |_| clear_filters()>
                        "Clear"
                    </button>
                </Show>
            </div>
            <div class="tasks-body">{body}</div>
        </div>
    }
}

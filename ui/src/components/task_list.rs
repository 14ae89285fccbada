//! Tasks as rows: the list view's table and the compact rows of the Today page, with a
//! checkbox that completes (or reopens) a task in place.

use adiuva_domain::{Task, TaskStatus};
use leptos::{prelude::*, task::spawn_local};

use super::{
    icons::{Icon, icon},
    task_card::task_meta,
};
use crate::{
    clock,
    context::ctx,
    ipc,
    state::dates::{Urgency, day_label},
};

/// A round checkbox that marks a task done, or reopens a done one.
pub fn done_toggle(task: &Task) -> impl IntoView + use<> {
    let ctx = ctx();
    let id = task.id;
    let done = task.status == TaskStatus::Done;
    let title = task.title.clone();
    view! {
        <button
            type="button"
            class="task-check"
            class=("is-checked", done)
            role="checkbox"
            aria-checked=done.to_string()
            aria-label=if done { format!("Reopen {title}") } else { format!("Complete {title}") }
            on:click=move |ev| {
                ev.stop_propagation();
                let to = if done { TaskStatus::Todo } else { TaskStatus::Done };
                spawn_local(async move {
                    match ipc::move_task(id, to).await {
                        Ok(_) => ctx.changed(),
                        Err(err) => ctx.fail(&err),
                    }
                });
            }
        >
            {icon(Icon::Check)}
        </button>
    }
}

/// The list view: one row per task with its status, priority, due date and project.
/// Built from grid rows with table roles rather than `<table>`: WebKit does not hit-test
/// `<tr>` elements, so rows would not be clickable by WebDriver.
#[component]
pub fn TaskTable(tasks: Vec<Task>, show_project: bool) -> impl IntoView {
    let ctx = ctx();
    let today = clock::today();
    let rows = tasks
        .into_iter()
        .map(|task| {
            let id = task.id;
            let project_id = task.project_id;
            let due = task.due_date.map(|date| {
                let urgency = if task.status == TaskStatus::Done {
                    Urgency::Later
                } else {
                    Urgency::of(date, today)
                };
                view! { <span class=urgency.class()>{day_label(date, today)}</span> }
            });
            view! {
                <div
                    class="task-row"
                    class=("is-done", task.status == TaskStatus::Done)
                    role="row"
                    data-id=id.to_string()
                    data-status=task.status.as_str()
                    tabindex="0"
                    on:click=move |_| ctx.open_task(id)
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && ev.target() == ev.current_target() {
                            ev.prevent_default();
                            ctx.open_task(id);
                        }
                    }
                >
                    <span role="cell" class="cell-check">{done_toggle(&task)}</span>
                    <span role="cell" class="cell-title">{task.title.clone()}</span>
                    <span role="cell">
                        <span class=format!("status status-{}", task.status.as_str())>
                            {task.status.label()}
                        </span>
                    </span>
                    <span role="cell">
                        <span class=format!("priority priority-{}", task.priority.as_str())>
                            {task.priority.label()}
                        </span>
                    </span>
                    <span role="cell" class="cell-due">{due}</span>
                    {show_project
                        .then(|| {
                            view! {
                                <span role="cell" class="cell-project">
                                    {move || ctx.project_name(project_id)}
                                </span>
                            }
                        })}
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="task-table" class=("with-project", show_project) role="table" aria-label="Tasks">
            <div class="task-table-head" role="row">
                <span role="columnheader" class="cell-check">
                    <span class="sr-only">"Done"</span>
                </span>
                <span role="columnheader">"Title"</span>
                <span role="columnheader">"Status"</span>
                <span role="columnheader">"Priority"</span>
                <span role="columnheader">"Due"</span>
                {show_project.then(|| view! { <span role="columnheader">"Project"</span> })}
            </div>
            <div role="rowgroup">{rows}</div>
        </div>
    }
}

/// A compact row for the Today page.
pub fn task_line(task: Task) -> impl IntoView {
    let ctx = ctx();
    let id = task.id;
    view! {
        <li
            class="task-line"
            class=("is-done", task.status == TaskStatus::Done)
            data-id=id.to_string()
            tabindex="0"
            on:click=move |_| ctx.open_task(id)
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    ev.prevent_default();
                    ctx.open_task(id);
                }
            }
        >
            {done_toggle(&task)}
            <div class="task-line-body">
                <span class="task-line-title">{task.title.clone()}</span>
                {task_meta(&task, true)}
            </div>
        </li>
    }
}

//! The kanban board: three columns, drag and drop between them, and keyboard moves that
//! keep focus on the moved card. Moves show at once and are undone if the backend refuses.

use adiuva_domain::{Task, TaskId, TaskStatus};
use leptos::{ev, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;

use super::{
    icons::{Icon, icon},
    task_card::{DRAG_TYPE, TaskCard},
};
use crate::{
    context::ctx,
    dom, ipc,
    state::board::{self, columns},
};

#[component]
pub fn Board(
    /// The loaded tasks; the board edits this copy for optimistic moves.
    tasks: RwSignal<Vec<Task>>,
    #[prop(into)] show_project: Signal<bool>,
) -> impl IntoView {
    let ctx = ctx();
    let dragging = RwSignal::new(None::<TaskId>);
    let drop_target = RwSignal::new(None::<TaskStatus>);
    // The card to keep focused across the re-renders a move causes.
    let refocus = RwSignal::new(None::<TaskId>);
    let grouped = Memo::new(move |_| tasks.with(|list| columns(list)));

    let move_task = Callback::new(move |(id, to): (TaskId, TaskStatus)| {
        let before = tasks.get_untracked();
        let from = before.iter().find(|t| t.id == id).map(|t| t.status);
        if from.is_none() || from == Some(to) {
            return;
        }
        tasks.update(|list| {
            board::set_status(list, id, to);
        });
        spawn_local(async move {
            match ipc::move_task(id, to).await {
                Ok(_) => ctx.changed(),
                Err(err) => {
                    tasks.try_set(before);
                    ctx.fail(&err);
                }
            }
        });
    });
    let focused_move = Callback::new(move |(id, to): (TaskId, TaskStatus)| {
        refocus.set(Some(id));
        move_task.run((id, to));
    });
    Effect::new(move |_| {
        tasks.track();
        if let Some(id) = refocus.get_untracked() {
            request_animation_frame(move || {
                if dom::focus_is_lost() {
                    dom::focus_now(&format!(".task-card[data-id=\"{id}\"]"));
                }
            });
        }
    });

    let column = move |status: TaskStatus| {
        let column_tasks = move || {
            grouped.with(|cols| {
                cols.iter()
                    .find(|c| c.status == status)
                    .map(|c| c.tasks.clone())
                    .unwrap_or_default()
            })
        };
        let count = move || {
            grouped.with(|cols| {
                cols.iter()
                    .find(|c| c.status == status)
                    .map_or(0, |c| c.tasks.len())
            })
        };
        let on_drop = move |ev: ev::DragEvent| {
            ev.prevent_default();
            drop_target.set(None);
            let carried = ev
                .data_transfer()
                .and_then(|t| t.get_data(DRAG_TYPE).ok())
                .and_then(|text| TaskId::parse(&text, "id").ok());
            // Fall back to the board's own record when the drag carried no readable id.
            let id = carried.or_else(|| dragging.get_untracked());
            dragging.set(None);
            if let Some(id) = id {
                move_task.run((id, status));
            }
        };
        let on_dragleave = move |ev: ev::DragEvent| {
            let node = |t: Option<web_sys::EventTarget>| {
                t.and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            };
            let still_inside = match (node(ev.current_target()), node(ev.related_target())) {
                (Some(column), Some(to)) => column.contains(Some(&to)),
                _ => false,
            };
            if !still_inside {
                drop_target.set(None);
            }
        };
        view! {
            <section
                class="board-column"
                class=("is-drop-target", move || drop_target.get() == Some(status))
                data-status=status.as_str()
                aria-label=status.label()
                on:dragover=move |ev: ev::DragEvent| {
                    ev.prevent_default();
                    if let Some(transfer) = ev.data_transfer() {
                        transfer.set_drop_effect("move");
                    }
                    if drop_target.get_untracked() != Some(status) {
                        drop_target.set(Some(status));
                    }
                }
                on:dragleave=on_dragleave
                on:drop=on_drop
            >
                <header class="board-column-head">
                    <span class=format!("status-dot status-{}", status.as_str()) aria-hidden="true"></span>
                    <h2 class="board-column-title">{status.label()}</h2>
                    <span class="count">{count}</span>
                    <button
                        type="button"
                        class="icon-btn column-add"
                        title=format!("New task in {}", status.label())
                        aria-label=format!("New task in {}", status.label())
                        on:click=move |_| ctx.open_new_task(status)
                    >
                        {icon(Icon::Plus)}
                    </button>
                </header>
                <div class="board-column-body">
                    <For
                        each=column_tasks
                        key=move |t| (t.id, t.updated_at, show_project.get_untracked())
                        let:task
                    >
                        <TaskCard
                            task=task
                            on_move=focused_move
                            dragging=dragging
                            show_project=show_project.get_untracked()
                        />
                    </For>
                    <Show when=move || count() == 0>
                        <div class="column-empty">"No tasks"</div>
                    </Show>
                </div>
            </section>
        }
    };

    view! {
        <div class="board" on:mousedown=move |_| refocus.set(None)>
            {TaskStatus::ALL.iter().map(|&status| column(status)).collect_view()}
        </div>
    }
}

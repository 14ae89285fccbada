//! A task on the board: draggable, focusable, movable from the keyboard and with buttons.

use adiuva_domain::{Priority, Task, TaskId, TaskStatus};
use leptos::{ev, prelude::*};
use wasm_bindgen::JsCast;

use super::icons::{Icon, icon};
use crate::{
    clock,
    context::ctx,
    dom,
    state::{
        board::{CardKey, CardPress, card_key},
        dates::{Urgency, day_label},
    },
};

/// The data-transfer type a dragged card carries its id in.
pub const DRAG_TYPE: &str = "text/plain";

/// The small badges under a task's title: priority, due date, project, assignees.
pub fn task_meta(task: &Task, show_project: bool) -> impl IntoView + use<> {
    let ctx = ctx();
    let today = clock::today();
    let priority = (task.priority != Priority::Medium).then(|| {
        let class = match task.priority {
            Priority::High => "pill pill-high",
            _ => "pill pill-low",
        };
        view! { <span class=class>{task.priority.label()}</span> }
    });
    let due = task.due_date.map(|date| {
        let urgency = if task.status == TaskStatus::Done {
            Urgency::Later
        } else {
            Urgency::of(date, today)
        };
        view! {
            <span class=urgency.class() title=format!("Due {date}")>
                {day_label(date, today)}
            </span>
        }
    });
    let project_id = task.project_id;
    let project = (show_project && project_id.is_some()).then(move || {
        view! { <span class="meta-project">{move || ctx.project_name(project_id)}</span> }
    });
    let assignees = (!task.assignees.is_empty()).then(|| {
        view! { <span class="meta-assignees">{task.assignees.join(", ")}</span> }
    });
    let suggested = (task.is_ai_suggested && !task.is_approved)
        .then(|| view! { <span class="pill pill-ai">"Suggested"</span> });
    view! { <div class="task-meta">{suggested} {priority} {due} {project} {assignees}</div> }
}

#[component]
pub fn TaskCard(
    task: Task,
    /// Asks the board to move a task to another column.
    on_move: Callback<(TaskId, TaskStatus)>,
    /// The card being dragged, shared by the board.
    dragging: RwSignal<Option<TaskId>>,
    show_project: bool,
) -> impl IntoView {
    let ctx = ctx();
    let id = task.id;
    let status = task.status;
    let on_keydown = move |ev: ev::KeyboardEvent| {
        // Keys pressed on the move buttons inside the card are theirs.
        if ev.target() != ev.current_target() {
            return;
        }
        let key = ev.key();
        let press = CardPress {
            key: &key,
            shift: ev.shift_key(),
            command: ev.ctrl_key() || ev.meta_key() || ev.alt_key(),
        };
        let Some(action) = card_key(press, status) else {
            return;
        };
        ev.prevent_default();
        ev.stop_propagation();
        match action {
            CardKey::Move(to) => on_move.run((id, to)),
            CardKey::Open => ctx.open_task(id),
            CardKey::Focus(direction) => {
                if let Some(card) = ev
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                {
                    dom::focus_neighbour_card(&card, direction);
                }
            }
        }
    };
    let move_button = move |to: Option<TaskStatus>, glyph: Icon| {
        to.map(|to| {
            view! {
                <button
                    type="button"
                    class="icon-btn card-move"
                    data-to=to.as_str()
                    title=format!("Move to {}", to.label())
                    aria-label=format!("Move to {}", to.label())
                    on:click=move |ev| {
                        ev.stop_propagation();
                        on_move.run((id, to));
                    }
                >
                    {icon(glyph)}
                </button>
            }
        })
    };
    let label = format!(
        "{}, {}, priority {}",
        task.title,
        status.label(),
        task.priority.label()
    );
    view! {
        <div
            class="task-card"
            class=("is-dragging", move || dragging.get() == Some(id))
            class=("is-done", status == TaskStatus::Done)
            data-id=id.to_string()
            data-status=status.as_str()
            tabindex="0"
            role="button"
            aria-label=label
            draggable="true"
            on:click=move |_| ctx.open_task(id)
            on:keydown=on_keydown
            on:dragstart=move |ev: ev::DragEvent| {
                if let Some(transfer) = ev.data_transfer() {
                    let _ = transfer.set_data(DRAG_TYPE, &id.to_string());
                    transfer.set_effect_allowed("move");
                }
                dragging.set(Some(id));
            }
            on:dragend=move |_| dragging.set(None)
        >
            <div class="task-card-title">{task.title.clone()}</div>
            {task_meta(&task, show_project)}
            <div class="card-moves">
                {move_button(status.previous(), Icon::Left)}
                {move_button(status.next(), Icon::Right)}
            </div>
        </div>
    }
}

//! The new-task form: validated with the domain's rules before anything is sent, with
//! each refusal shown under its field, whether it came from the domain or the backend.

use adiuva_domain::{Priority, TaskStatus};
use leptos::{ev, prelude::*};

use super::{dialog::Modal, project_select::project_options};
use crate::{
    components::form_state::FormState,
    context::ctx,
    dom, ipc,
    state::forms::{FieldErrors, TaskFields},
};

/// The inline message under a field, when it has one.
pub fn field_error(errors: RwSignal<FieldErrors>, field: &'static str) -> impl IntoView {
    move || {
        errors.with(|e| e.get(field)).map(|message| {
            view! {
                <p class="field-error" data-field=field role="alert">
                    {message}
                </p>
            }
        })
    }
}

/// The form's element ids by the domain's field names, to focus the first refused field.
fn input_id(field: &str) -> Option<&'static str> {
    match field {
        "title" => Some("#task-title"),
        "description" => Some("#task-description"),
        "priority" => Some("#task-priority"),
        "status" => Some("#task-status"),
        "due_date" => Some("#task-due"),
        "project_id" => Some("#task-project"),
        "assignees" => Some("#task-assignees"),
        _ => None,
    }
}

pub fn priority_options(
    selected: impl Fn() -> Priority + Send + Sync + Copy + 'static,
) -> impl IntoView {
    Priority::ALL
        .iter()
        .map(|&p| {
            view! {
                <option value=p.as_str() selected=move || selected() == p>
                    {p.label()}
                </option>
            }
        })
        .collect_view()
}

pub fn status_options(
    selected: impl Fn() -> TaskStatus + Send + Sync + Copy + 'static,
) -> impl IntoView {
    TaskStatus::ALL
        .iter()
        .map(|&s| {
            view! {
                <option value=s.as_str() selected=move || selected() == s>
                    {s.label()}
                </option>
            }
        })
        .collect_view()
}

#[component]
pub fn TaskForm() -> impl IntoView {
    let ctx = ctx();
    move || {
        ctx.new_task
            .get()
            .map(|preset| view! { <TaskFormDialog status=preset.status project=preset.project /> })
    }
}

#[component]
fn TaskFormDialog(status: TaskStatus, project: Option<adiuva_domain::ProjectId>) -> impl IntoView {
    let ctx = ctx();
    let fields = RwSignal::new(TaskFields::blank(status, project));
    let form = FormState::new(ctx, TaskFields::FIELDS).focusing(input_id);
    let (errors, busy) = (form.errors, form.busy);
    let close = Callback::new(move |()| ctx.new_task.set(None));
    dom::focus_later("#task-title");

    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let input = fields.with_untracked(TaskFields::to_new_task);
        // Nothing is sent for an invalid form: the domain's rules run here first.
        let checked = input.validate().map(drop);
        form.send(
            checked,
            async move { ipc::create_task(&input).await },
            move |task| {
                ctx.new_task.set(None);
                ctx.changed();
                ctx.notify(format!("Created “{}”", task.title));
            },
        );
    };
    let edit = move |apply: fn(&mut TaskFields, String)| {
        move |ev: ev::Event| {
            let value = event_target_value(&ev);
            fields.update(|f| apply(f, value));
        }
    };

    view! {
        <Modal label="New task" on_close=close class="dialog-form">
            <form class="form" novalidate on:submit=submit>
                <h2 class="dialog-title">"New task"</h2>
                <div class="field">
                    <label for="task-title">"Title"</label>
                    <input
                        id="task-title"
                        type="text"
                        class="input input-lg"
                        placeholder="What needs doing?"
                        autocomplete="off"
                        aria-invalid=move || errors.with(|e| e.get("title").is_some()).to_string()
                        prop:value=move || fields.with(|f| f.title.clone())
                        on:input=edit(|f, v| f.title = v)
                    />
                    {field_error(errors, "title")}
                </div>
                <div class="field">
                    <label for="task-description">"Description"</label>
                    <textarea
                        id="task-description"
                        class="input"
                        rows="4"
                        placeholder="Details, links, acceptance criteria…"
                        prop:value=move || fields.with(|f| f.description.clone())
                        on:input=edit(|f, v| f.description = v)
                    ></textarea>
                    {field_error(errors, "description")}
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="task-status">"Status"</label>
                        <select
                            id="task-status"
                            class="input"
                            on:change=edit(|f, v| {
                                if let Ok(s) = v.parse() {
                                    f.status = s;
                                }
                            })
                        >
                            {status_options(move || fields.with(|f| f.status))}
                        </select>
                        {field_error(errors, "status")}
                    </div>
                    <div class="field">
                        <label for="task-priority">"Priority"</label>
                        <select
                            id="task-priority"
                            class="input"
                            on:change=edit(|f, v| {
                                if let Ok(p) = v.parse() {
                                    f.priority = p;
                                }
                            })
                        >
                            {priority_options(move || fields.with(|f| f.priority))}
                        </select>
                        {field_error(errors, "priority")}
                    </div>
                    <div class="field">
                        <label for="task-due">"Due date"</label>
                        <input
                            id="task-due"
                            type="date"
                            class="input"
                            prop:value=move || fields.with(|f| f.due.clone())
                            on:input=edit(|f, v| f.due = v)
                            on:change=edit(|f, v| f.due = v)
                        />
                        {field_error(errors, "due_date")}
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="task-project">"Project"</label>
                        <select
                            id="task-project"
                            class="input"
                            on:change=edit(|f, v| f.project = v)
                        >
                            {project_options(move || fields.with(|f| f.project.clone()), "No project")}
                        </select>
                        {field_error(errors, "project_id")}
                    </div>
                    <div class="field">
                        <label for="task-assignees">"Assignees"</label>
                        <input
                            id="task-assignees"
                            type="text"
                            class="input"
                            placeholder="Comma separated"
                            prop:value=move || fields.with(|f| f.assignees.clone())
                            on:input=edit(|f, v| f.assignees = v)
                        />
                        {field_error(errors, "assignees")}
                    </div>
                </div>
                <div class="dialog-actions">
                    <span class="hint">"Enter to create · Esc to cancel"</span>
                    <button type="button" class="btn" on:click=move |_| close.run(())>
                        "Cancel"
                    </button>
                    <button
                        type="submit"
                        id="task-create"
                        class="btn btn-primary"
                        disabled=move || busy.get()
                    >
                        "Create task"
                    </button>
                </div>
            </form>
        </Modal>
    }
}

//! The task detail panel: every field editable, saved as a patch of what changed, delete
//! with confirmation, and the task's comments.

use std::sync::Arc;

use adiuva_domain::{Priority, Task, TaskId, TaskStatus};
use leptos::{ev, prelude::*, task::spawn_local};
use send_wrapper::SendWrapper;

use super::{
    comments::Comments,
    icons::{Icon, icon},
    loadable::{failed, loading},
    project_select::project_options,
    task_form::{field_error, priority_options, status_options},
};
use crate::{
    components::form_state::FormState,
    context::{ConfirmRequest, ctx},
    dom,
    hooks::workspace_resource,
    ipc,
    state::forms::{FieldErrors, TaskFields, is_empty_patch},
};

#[component]
pub fn TaskDetail() -> impl IntoView {
    let ctx = ctx();
    move || ctx.detail.get().map(|id| view! { <DetailPanel id=id /> })
}

#[component]
fn DetailPanel(id: TaskId) -> impl IntoView {
    let ctx = ctx();
    let loaded = workspace_resource(move || ipc::get_task(id));
    let original = RwSignal::new(None::<Task>);
    let fields = RwSignal::new(None::<TaskFields>);
    let form = FormState::new(ctx, TaskFields::FIELDS);
    let (errors, busy) = (form.errors, form.busy);
    let close = move || ctx.detail.set(None);
    // Closing returns focus to where the panel was opened from (a card or a row), or to
    // the task's re-rendered card when the original element was replaced meanwhile.
    let opener = SendWrapper::new(dom::focused_element());
    on_cleanup(move || match opener.take() {
        Some(element) if element.is_connected() => {
            let _ = element.focus();
        }
        _ => dom::focus_later(format!("[data-id=\"{id}\"][tabindex]")),
    });
    dom::focus_later("#detail-close");

    // A newer version (saved here, or changed elsewhere) replaces what the user left alone.
    Effect::new(move |_| {
        if let Some(Ok(task)) = loaded.get() {
            let rebased = match (original.get_untracked(), fields.get_untracked()) {
                (Some(old), Some(mine)) => mine.rebase(&old, &task),
                _ => TaskFields::from_task(&task),
            };
            fields.set(Some(rebased));
            original.set(Some(task));
        }
    });
    let dirty = move || {
        original.with(|o| {
            fields.with(|f| match (o, f) {
                (Some(o), Some(f)) => *f != TaskFields::from_task(o),
                _ => false,
            })
        })
    };

    let save = move || {
        let (Some(before), Some(now)) = (original.get_untracked(), fields.get_untracked()) else {
            return;
        };
        let patch = now.patch_from(&before);
        if is_empty_patch(&patch) {
            return;
        }
        let checked = patch.validate().map(drop);
        form.send(
            checked,
            async move { ipc::update_task(id, &patch).await },
            move |task| {
                fields.try_set(Some(TaskFields::from_task(&task)));
                original.try_set(Some(task));
                ctx.changed();
                ctx.notify("Task saved");
            },
        );
    };
    let delete = move |_| {
        let title = original
            .with_untracked(|o| o.as_ref().map(|t| t.title.clone()))
            .unwrap_or_default();
        ctx.ask(ConfirmRequest {
            title: "Delete task?".into(),
            message: format!("Delete “{title}” and its comments? This cannot be undone."),
            confirm_label: "Delete task".into(),
            on_confirm: Arc::new(move || {
                spawn_local(async move {
                    match ipc::delete_task(id).await {
                        Ok(()) => {
                            ctx.detail.set(None);
                            ctx.changed();
                            ctx.notify("Task deleted");
                        }
                        Err(err) => ctx.fail(&err),
                    }
                });
            }),
        });
    };
    let edit = move |apply: fn(&mut TaskFields, String)| {
        move |ev: ev::Event| {
            let value = event_target_value(&ev);
            fields.update(|f| {
                if let Some(f) = f {
                    apply(f, value);
                }
            });
        }
    };
    let get = move |read: fn(&TaskFields) -> String| {
        move || fields.with(|f| f.as_ref().map(read).unwrap_or_default())
    };

    // Only the form's presence is read here, so typing never re-renders the form.
    let ready = Memo::new(move |_| fields.with(Option::is_some));
    let form = move || {
        ready.get().then(|| {
            view! {
                <form
                    class="detail-form"
                    novalidate
                    on:submit=move |ev| {
                        ev.prevent_default();
                        save();
                    }
                >
                    <input
                        id="detail-title"
                        class="detail-title-input"
                        type="text"
                        aria-label="Title"
                        prop:value=get(|f| f.title.clone())
                        on:input=edit(|f, v| f.title = v)
                    />
                    {field_error(errors, "title")}
                    <div class="detail-grid">
                        <label for="detail-status">"Status"</label>
                        <select
                            id="detail-status"
                            class="input"
                            on:change=edit(|f, v| {
                                if let Ok(s) = v.parse() {
                                    f.status = s;
                                }
                            })
                        >
                            {status_options(move || {
                                fields.with(|f| f.as_ref().map_or(TaskStatus::Todo, |f| f.status))
                            })}
                        </select>
                        <label for="detail-priority">"Priority"</label>
                        <select
                            id="detail-priority"
                            class="input"
                            on:change=edit(|f, v| {
                                if let Ok(p) = v.parse() {
                                    f.priority = p;
                                }
                            })
                        >
                            {priority_options(move || {
                                fields.with(|f| f.as_ref().map_or(Priority::Medium, |f| f.priority))
                            })}
                        </select>
                        <label for="detail-due">"Due date"</label>
                        <div>
                            <input
                                id="detail-due"
                                class="input"
                                type="date"
                                prop:value=get(|f| f.due.clone())
                                on:input=edit(|f, v| f.due = v)
                                on:change=edit(|f, v| f.due = v)
                            />
                            {field_error(errors, "due_date")}
                        </div>
                        <label for="detail-project">"Project"</label>
                        <div>
                            <select id="detail-project" class="input" on:change=edit(|f, v| f.project = v)>
                                {project_options(get(|f| f.project.clone()), "No project")}
                            </select>
                            {field_error(errors, "project_id")}
                        </div>
                        <label for="detail-assignees">"Assignees"</label>
                        <div>
                            <input
                                id="detail-assignees"
                                class="input"
                                type="text"
                                placeholder="Comma separated"
                                prop:value=get(|f| f.assignees.clone())
                                on:input=edit(|f, v| f.assignees = v)
                            />
                            {field_error(errors, "assignees")}
                        </div>
                    </div>
                    <label class="detail-label" for="detail-description">"Description"</label>
                    <textarea
                        id="detail-description"
                        class="input detail-description"
                        rows="6"
                        placeholder="Add a description…"
                        prop:value=get(|f| f.description.clone())
                        on:input=edit(|f, v| f.description = v)
                    ></textarea>
                    {field_error(errors, "description")}
                    <div class="detail-actions">
                        <Show when=dirty>
                            <span class="unsaved" role="status">"Unsaved changes"</span>
                            <button
                                type="button"
                                class="btn btn-ghost"
                                on:click=move |_| {
                                    fields.set(original.get_untracked().as_ref().map(TaskFields::from_task));
                                    errors.set(FieldErrors::default());
                                }
                            >
                                "Revert"
                            </button>
                        </Show>
                        <button
                            type="submit"
                            id="detail-save"
                            class="btn btn-primary"
                            disabled=move || !dirty() || busy.get()
                        >
                            "Save"
                        </button>
                    </div>
                </form>
            }
        })
    };

    view! {
        <div class="detail-backdrop" on:mousedown=move |_| close()></div>
        <aside
            id="task-detail"
            class="detail"
            role="dialog"
            aria-label="Task details"
            on:keydown=move |ev: ev::KeyboardEvent| {
                if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
                    ev.prevent_default();
                    save();
                }
            }
        >
            <header class="detail-head">
                <span class="detail-kicker">
                    {icon(Icon::Tasks)}
                    {move || {
                        original
                            .with(|o| o.as_ref().and_then(|t| t.project_id))
                            .and_then(|p| ctx.project_name(Some(p)))
                            .unwrap_or_else(|| "Task".to_owned())
                    }}
                </span>
                <button
                    type="button"
                    class="icon-btn"
                    id="detail-delete"
                    title="Delete task"
                    aria-label="Delete task"
                    on:click=delete
                >
                    {icon(Icon::Trash)}
                </button>
                <button
                    type="button"
                    class="icon-btn"
                    id="detail-close"
                    title="Close (Esc)"
                    aria-label="Close"
                    on:click=move |_| close()
                >
                    {icon(Icon::Close)}
                </button>
            </header>
            <div class="detail-body">
                {move || match loaded.get() {
                    None => loading()
                    .into_any(),
                    Some(Err(err)) if original.with(Option::is_none) => {
                        failed(err, move || loaded.refetch()).into_any()
                    }
                    Some(Err(err)) => view! { <p class="banner banner-error">{err.message}</p> }.into_any(),
                    Some(Ok(_)) => ().into_any(),
                }}
                {form}
                <Show when=move || ready.get()>
                    <Comments task_id=id />
                </Show>
            </div>
        </aside>
    }
}

//! Checkpoints: a project's milestones on a vertical timeline, with today marked.

use std::sync::Arc;

use adiuva_domain::{Checkpoint, CheckpointPatch, NewCheckpoint, ProjectId};
use leptos::{ev, prelude::*, task::spawn_local};

use crate::{
    clock,
    components::form_state::FormState,
    components::{
        icons::{Icon, icon},
        loadable::{empty, loaded},
        project_select::project_options,
        task_form::field_error,
    },
    context::{ConfirmRequest, ctx},
    hooks::workspace_resource,
    ipc,
    state::{
        dates::{day_label, input_value, relative_days},
        forms::FieldErrors,
        nav::Page,
        timeline::{Row, rows},
    },
};

#[component]
pub fn CheckpointsPage() -> impl IntoView {
    let ctx = ctx();
    // Start on the first active project when none was chosen yet.
    Effect::new(move |_| {
        if ctx.checkpoint_project.get().is_none()
            && let Some(first) = ctx.active_projects().first()
        {
            ctx.checkpoint_project.set(Some(first.id));
        }
    });
    let project = ctx.checkpoint_project;
    let has_projects = move || !ctx.active_projects().is_empty();

    view! {
        <div class="page page-checkpoints">
            <header class="page-head">
                <div>
                    <h1 class="page-title">"Checkpoints"</h1>
                    <p class="page-sub">"Milestones of a project, in the order they fall."</p>
                </div>
                <div class="field inline-field">
                    <label for="checkpoint-project">"Project"</label>
                    <select
                        id="checkpoint-project"
                        class="input"
                        on:change:target=move |ev| {
                            project.set(ProjectId::parse(&ev.target().value(), "project_id").ok());
                        }
                    >
                        {project_options(
                            move || project.get().map(|p| p.to_string()).unwrap_or_default(),
                            "Choose a project",
                        )}
                    </select>
                </div>
            </header>
            {move || {
                if !has_projects() && ctx.projects.get().is_some() {
                    return empty(
                            Icon::Flag,
                            "No active projects",
                            view! {
                                "Checkpoints belong to a project. "
                                <button type="button" class="link" on:click=move |_| ctx.go(Page::Projects)>
                                    "Create a project"
                                </button>
                            },
                        )
                        .into_any();
                }
                match project.get() {
                    None => {
                        view! { <p class="muted">"Choose a project to see its checkpoints."</p> }
                            .into_any()
                    }
                    Some(id) => view! { <ProjectTimeline project=id /> }.into_any(),
                }
            }}
        </div>
    }
}

#[component]
fn ProjectTimeline(project: ProjectId) -> impl IntoView {
    let checkpoints = workspace_resource(move || ipc::list_checkpoints(Some(project)));
    let editing = RwSignal::new(None::<adiuva_domain::CheckpointId>);
    let today = clock::today();
    let timeline = move |list: Vec<Checkpoint>| {
        let rows = rows(&list, today);
        if rows.is_empty() {
            return empty(
                Icon::Flag,
                "No checkpoints yet",
                "Add the first milestone above: a title and a date.",
            )
            .into_any();
        }
        view! {
            <ol class="timeline">
                {rows
                    .into_iter()
                    .map(|row| match row {
                        Row::TodayMarker => view! {
                            <li class="timeline-today" aria-label="Today">
                                <span class="timeline-today-label">
                                    {format!("Today · {}", today.format("%b %-d"))}
                                </span>
                            </li>
                        }
                        .into_any(),
                        Row::Item(checkpoint, when) => view! {
                            <CheckpointItem checkpoint=checkpoint class=when.class() editing=editing />
                        }
                        .into_any(),
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <AddCheckpoint project=project />
        {loaded(checkpoints, timeline)}
    }
}

#[component]
fn AddCheckpoint(project: ProjectId) -> impl IntoView {
    let ctx = ctx();
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let form = FormState::new(ctx, &["title", "date"]);
    let (errors, busy) = (form.errors, form.busy);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let input = NewCheckpoint {
            project_id: project.to_string(),
            title: title.get_untracked(),
            date: date.get_untracked(),
        };
        let checked = input.validate().map(drop);
        form.send(
            checked,
            async move { ipc::create_checkpoint(&input).await },
            move |_| {
                title.try_set(String::new());
                date.try_set(String::new());
                ctx.changed();
            },
        );
    };
    view! {
        <form class="card create-checkpoint" novalidate on:submit=submit>
            <div class="field grow">
                <label for="checkpoint-title">"Milestone"</label>
                <input
                    id="checkpoint-title"
                    class="input"
                    type="text"
                    placeholder="e.g. Beta release"
                    autocomplete="off"
                    prop:value=move || title.get()
                    on:input:target=move |ev| title.set(ev.target().value())
                />
                {field_error(errors, "title")}
            </div>
            <div class="field">
                <label for="checkpoint-date">"Date"</label>
                <input
                    id="checkpoint-date"
                    class="input"
                    type="date"
                    prop:value=move || date.get()
                    on:input:target=move |ev| date.set(ev.target().value())
                    on:change:target=move |ev| date.set(ev.target().value())
                />
                {field_error(errors, "date")}
            </div>
            <button type="submit" id="checkpoint-create" class="btn btn-primary" disabled=move || busy.get()>
                {icon(Icon::Plus)}
                "Add checkpoint"
            </button>
        </form>
    }
}

#[component]
fn CheckpointItem(
    checkpoint: Checkpoint,
    class: &'static str,
    editing: RwSignal<Option<adiuva_domain::CheckpointId>>,
) -> impl IntoView {
    let ctx = ctx();
    let id = checkpoint.id;
    let today = clock::today();
    let title = RwSignal::new(checkpoint.title.clone());
    let date = RwSignal::new(input_value(Some(checkpoint.date)));
    let errors = RwSignal::new(FieldErrors::default());
    let original = StoredValue::new(checkpoint.clone());

    let save = move || {
        let before = original.get_value();
        let new_title = title.get_untracked();
        let new_date = date.get_untracked();
        let patch = CheckpointPatch {
            title: (new_title.trim() != before.title).then_some(new_title),
            date: (new_date != input_value(Some(before.date))).then_some(new_date),
            project_id: None,
        };
        if let Err(err) = patch.validate() {
            errors.set(FieldErrors::from_validation(&err));
            return;
        }
        editing.set(None);
        if patch == CheckpointPatch::default() {
            return;
        }
        spawn_local(async move {
            match ipc::update_checkpoint(id, &patch).await {
                Ok(_) => ctx.changed(),
                Err(err) => ctx.fail(&err),
            }
        });
    };
    let delete = move |_| {
        let name = original.with_value(|c| c.title.clone());
        ctx.ask(ConfirmRequest {
            title: "Delete checkpoint?".into(),
            message: format!("Delete the checkpoint “{name}”? This cannot be undone."),
            confirm_label: "Delete checkpoint".into(),
            on_confirm: Arc::new(move || {
                spawn_local(async move {
                    match ipc::delete_checkpoint(id).await {
                        Ok(()) => {
                            ctx.changed();
                            ctx.notify("Checkpoint deleted");
                        }
                        Err(err) => ctx.fail(&err),
                    }
                });
            }),
        });
    };
    let relative = relative_days(checkpoint.date, today);

    let content = move || {
        if editing.get() == Some(id) {
            view! {
                <form
                    class="checkpoint-edit"
                    novalidate
                    on:submit=move |ev| {
                        ev.prevent_default();
                        save();
                    }
                >
                    <input
                        class="input checkpoint-edit-title"
                        type="text"
                        aria-label="Title"
                        prop:value=move || title.get()
                        on:input:target=move |ev| title.set(ev.target().value())
                    />
                    <input
                        class="input"
                        type="date"
                        aria-label="Date"
                        prop:value=move || date.get()
                        on:input:target=move |ev| date.set(ev.target().value())
                        on:change:target=move |ev| date.set(ev.target().value())
                    />
                    <button type="submit" class="btn btn-sm btn-primary">"Save"</button>
                    <button type="button" class="btn btn-sm" on:click=move |_| editing.set(None)>
                        "Cancel"
                    </button>
                    {field_error(errors, "title")}
                    {field_error(errors, "date")}
                </form>
            }
            .into_any()
        } else {
            let c = original.get_value();
            view! {
                <div class="checkpoint-body">
                    <div class="checkpoint-when">
                        <span class="checkpoint-date">{day_label(c.date, today)}</span>
                        <span class="muted">{relative.clone()}</span>
                    </div>
                    <div class="checkpoint-title">{c.title.clone()}</div>
                    {(c.is_ai_suggested && !c.is_approved)
                        .then(|| view! { <span class="pill pill-ai">"Suggested"</span> })}
                </div>
                <div class="row-actions">
                    <button
                        type="button"
                        class="icon-btn checkpoint-edit-button"
                        title="Edit"
                        aria-label="Edit checkpoint"
                        on:click=move |_| editing.set(Some(id))
                    >
                        {icon(Icon::Pencil)}
                    </button>
                    <button
                        type="button"
                        class="icon-btn checkpoint-delete"
                        title="Delete"
                        aria-label="Delete checkpoint"
                        on:click=delete
                    >
                        {icon(Icon::Trash)}
                    </button>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <li class=class data-id=id.to_string()>
            <span class="timeline-dot" aria-hidden="true"></span>
            {content}
        </li>
    }
}

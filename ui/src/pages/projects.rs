//! Projects: create, rename, archive and restore; delete archived ones after confirmation.

use std::{collections::HashMap, sync::Arc};

use adiuva_domain::{NewProject, Project, ProjectId, ProjectPatch, ProjectStatus};
use leptos::{ev, prelude::*, task::spawn_local};

use crate::{
    components::form_state::FormState,
    components::{
        icons::{Icon, icon},
        loadable::{empty, loaded},
        task_form::field_error,
    },
    context::{ConfirmRequest, ctx},
    dom,
    hooks::workspace_resource,
    ipc,
    state::{forms::FieldErrors, nav::Page, text::delete_project_question},
};

/// Open and total tasks of one project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    open: usize,
    total: usize,
}

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let ctx = ctx();
    let show_archived = RwSignal::new(false);
    // Counted by the workspace in one grouped query, not by loading every task.
    let task_counts = workspace_resource(ipc::project_task_counts);
    let counts = Memo::new(move |_| {
        let mut by_project: HashMap<ProjectId, Counts> = HashMap::new();
        if let Some(Ok(list)) = task_counts.get() {
            for c in list {
                let open = c.open() as usize;
                by_project.insert(
                    c.project_id,
                    Counts {
                        open,
                        total: c.total() as usize,
                    },
                );
            }
        }
        by_project
    });
    let editing = RwSignal::new(None::<ProjectId>);

    let list = move |projects: Vec<Project>| {
        let mut shown: Vec<Project> = projects
            .into_iter()
            .filter(|p| show_archived.get() || p.status == ProjectStatus::Active)
            .collect();
        shown.sort_by_key(|p| (p.status != ProjectStatus::Active, p.name.to_lowercase()));
        if shown.is_empty() {
            return empty(
                Icon::Folder,
                "No projects yet",
                "Create your first project above: give it a name, and a client if it has one.",
            )
            .into_any();
        }
        view! {
            <ul class="project-list">
                {shown
                    .into_iter()
                    .map(|project| view! { <ProjectRow project=project counts=counts editing=editing /> })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };

    view! {
        <div class="page page-projects">
            <header class="page-head">
                <div>
                    <h1 class="page-title">"Projects"</h1>
                    <p class="page-sub">"Group tasks, checkpoints and notes by what they are for."</p>
                </div>
                <label class="toggle">
                    <input
                        type="checkbox"
                        id="show-archived"
                        prop:checked=move || show_archived.get()
                        on:change:target=move |ev| show_archived.set(ev.target().checked())
                    />
                    <span>"Show archived"</span>
                </label>
            </header>
            <CreateProject />
            {loaded(ctx.projects, list)}
        </div>
    }
}

#[component]
fn CreateProject() -> impl IntoView {
    let ctx = ctx();
    let name = RwSignal::new(String::new());
    let client = RwSignal::new(String::new());
    let form = FormState::new(ctx, &["name", "client_id"]).focusing(|field| match field {
        "name" => Some("#project-name"),
        "client_id" => Some("#project-client"),
        _ => None,
    });
    let (errors, busy) = (form.errors, form.busy);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let input = NewProject {
            name: name.get_untracked(),
            client_id: Some(client.get_untracked()),
        };
        let checked = input.validate().map(drop);
        form.send(
            checked,
            async move { ipc::create_project(&input).await },
            move |project| {
                name.try_set(String::new());
                client.try_set(String::new());
                ctx.changed();
                ctx.notify(format!("Created project “{}”", project.name));
                dom::focus_now("#project-name");
            },
        );
    };
    view! {
        <form class="card create-project" novalidate on:submit=submit>
            <div class="field grow">
                <label for="project-name">"Name"</label>
                <input
                    id="project-name"
                    class="input"
                    type="text"
                    placeholder="e.g. Website relaunch"
                    autocomplete="off"
                    prop:value=move || name.get()
                    on:input:target=move |ev| name.set(ev.target().value())
                />
                {field_error(errors, "name")}
            </div>
            <div class="field">
                <label for="project-client">"Client " <span class="muted">"(optional)"</span></label>
                <input
                    id="project-client"
                    class="input"
                    type="text"
                    placeholder="e.g. ACME"
                    autocomplete="off"
                    prop:value=move || client.get()
                    on:input:target=move |ev| client.set(ev.target().value())
                />
                {field_error(errors, "client_id")}
            </div>
            <button type="submit" id="project-create" class="btn btn-primary" disabled=move || busy.get()>
                {icon(Icon::Plus)}
                "Create project"
            </button>
        </form>
    }
}

fn run(
    call: impl Future<Output = Result<Project, adiuva_domain::ErrorReport>> + 'static,
    done: &'static str,
) {
    let ctx = ctx();
    spawn_local(async move {
        match call.await {
            Ok(project) => {
                ctx.changed();
                ctx.notify(format!("{done} “{}”", project.name));
            }
            Err(err) => ctx.fail(&err),
        }
    });
}

#[component]
fn ProjectRow(
    project: Project,
    counts: Memo<HashMap<ProjectId, Counts>>,
    editing: RwSignal<Option<ProjectId>>,
) -> impl IntoView {
    let ctx = ctx();
    let id = project.id;
    let archived = project.status == ProjectStatus::Archived;
    let name = project.name.clone();
    let draft = RwSignal::new(project.name.clone());
    let rename_error = RwSignal::new(FieldErrors::default());
    let count = move || counts.with(|c| c.get(&id).copied().unwrap_or_default());

    let save_rename = move || {
        let patch = ProjectPatch {
            name: Some(draft.get_untracked()),
            client_id: None,
        };
        if let Err(err) = patch.validate() {
            rename_error.set(FieldErrors::from_validation(&err));
            return;
        }
        editing.set(None);
        spawn_local(async move {
            match ipc::update_project(id, &patch).await {
                Ok(_) => ctx.changed(),
                Err(err) => ctx.fail(&err),
            }
        });
    };
    let start_rename = {
        let name = name.clone();
        move |_| {
            draft.set(name.clone());
            rename_error.set(FieldErrors::default());
            editing.set(Some(id));
            dom::focus_later(format!(".project-row[data-id=\"{id}\"] .rename-input"));
        }
    };
    let delete = {
        let name = name.clone();
        move |_| {
            let tasks = count().total;
            let name = name.clone();
            ctx.ask(ConfirmRequest {
                title: "Delete project?".into(),
                message: delete_project_question(&name, tasks),
                confirm_label: "Delete project".into(),
                on_confirm: Arc::new(move || {
                    let name = name.clone();
                    spawn_local(async move {
                        match ipc::delete_project(id).await {
                            Ok(()) => {
                                if ctx.task_project.get_untracked() == Some(id) {
                                    ctx.task_project.set(None);
                                }
                                ctx.changed();
                                ctx.notify(format!("Deleted project “{name}”"));
                            }
                            Err(err) => ctx.fail(&err),
                        }
                    });
                }),
            });
        }
    };

    let title = move || {
        if editing.get() == Some(id) {
            view! {
                <div class="rename">
                    <input
                        class="input rename-input"
                        type="text"
                        aria-label="Project name"
                        prop:value=move || draft.get()
                        on:input:target=move |ev| draft.set(ev.target().value())
                        on:keydown=move |ev: ev::KeyboardEvent| match ev.key().as_str() {
                            "Enter" => {
                                ev.prevent_default();
                                save_rename();
                            }
                            "Escape" => {
                                ev.stop_propagation();
                                editing.set(None);
                            }
                            _ => {}
                        }
                    />
                    <button type="button" class="btn btn-sm btn-primary" on:click=move |_| save_rename()>
                        "Save"
                    </button>
                    <button type="button" class="btn btn-sm" on:click=move |_| editing.set(None)>
                        "Cancel"
                    </button>
                    {field_error(rename_error, "name")}
                </div>
            }
            .into_any()
        } else {
            let name = name.clone();
            view! {
                <button
                    type="button"
                    class="project-name"
                    title="Show this project's tasks"
                    on:click=move |_| {
                        ctx.task_project.set(Some(id));
                        ctx.go(Page::Tasks);
                    }
                >
                    {name}
                </button>
            }
            .into_any()
        }
    };

    view! {
        <li class="project-row" class=("is-archived", archived) data-id=id.to_string()>
            <span class="project-dot" aria-hidden="true"></span>
            <div class="project-main">
                {title}
                <div class="project-meta">
                    {project.client_id.map(|c| view! { <span class="pill">{c}</span> })}
                    {archived.then(|| view! { <span class="pill pill-muted">"Archived"</span> })}
                    <span class="muted">
                        {move || {
                            let c = count();
                            match c.total {
                                0 => "No tasks".to_owned(),
                                _ => format!("{} open · {} total", c.open, c.total),
                            }
                        }}
                    </span>
                </div>
            </div>
            <div class="row-actions">
                <button type="button" class="btn btn-sm btn-ghost project-rename" on:click=start_rename>
                    {icon(Icon::Pencil)}
                    "Rename"
                </button>
                {if archived {
                    view! {
                        <button
                            type="button"
                            class="btn btn-sm btn-ghost project-unarchive"
                            on:click=move |_| run(ipc::unarchive_project(id), "Restored")
                        >
                            {icon(Icon::Restore)}
                            "Unarchive"
                        </button>
                        <button
                            type="button"
                            class="btn btn-sm btn-danger-ghost project-delete"
                            on:click=delete
                        >
                            {icon(Icon::Trash)}
                            "Delete"
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="btn btn-sm btn-ghost project-archive"
                            on:click=move |_| run(ipc::archive_project(id), "Archived")
                        >
                            {icon(Icon::Archive)}
                            "Archive"
                        </button>
                    }
                        .into_any()
                }}
            </div>
        </li>
    }
}

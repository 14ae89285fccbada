//! Today: what is overdue, what is due today, and the checkpoints of the next two weeks;
//! without a vault, a dismissible offer to create one.

use adiuva_domain::{Checkpoint, Task, TaskStatus};
use leptos::prelude::*;

use crate::{
    clock,
    components::{
        icons::{Icon, icon},
        loadable::{empty, failed, loading},
        task_list::task_line,
    },
    context::{VaultDialog, ctx},
    dom,
    hooks::workspace_resource,
    ipc,
    state::{
        dates::day_label, palette::Action, text::today_summary, timeline::upcoming,
        vault::VaultState,
    },
};

/// Remembers that the vault offer was dismissed (a preference, not a secret).
const VAULT_BANNER_PREF: &str = "adiuva.vault.banner";

/// A non-blocking offer to create the vault, shown while there is none.
fn vault_banner() -> impl IntoView {
    let ctx = ctx();
    let dismissed =
        RwSignal::new(dom::load_pref(VAULT_BANNER_PREF).as_deref() == Some("dismissed"));
    let no_vault = move || {
        ctx.vault
            .with(|s| s.as_ref().is_some_and(|s| s.state == VaultState::None))
    };
    move || {
        (no_vault() && !dismissed.get()).then(|| {
            view! {
                <div class="vault-banner" id="vault-banner" role="note">
                    {icon(Icon::Shield)}
                    <p class="vault-banner-text">
                        "Protect your workspace with a vault: a passphrase, a lock screen and a \
                         recovery key. Sync and backups will need it."
                    </p>
                    <button
                        type="button"
                        class="btn btn-sm btn-primary"
                        id="banner-create-vault"
                        on:click=move |_| ctx.vault_dialog.set(Some(VaultDialog::Create))
                    >
                        "Create your vault"
                    </button>
                    <button
                        type="button"
                        class="icon-btn"
                        id="banner-dismiss"
                        aria-label="Not now"
                        title="Not now"
                        on:click=move |_| {
                            dom::save_pref(VAULT_BANNER_PREF, "dismissed");
                            dismissed.set(true);
                        }
                    >
                        {icon(Icon::Close)}
                    </button>
                </div>
            }
        })
    }
}

/// How far ahead the Today page looks for checkpoints.
const UPCOMING_DAYS: u64 = 14;

fn task_section(title: &'static str, class: &'static str, tasks: Vec<Task>) -> impl IntoView {
    let count = tasks.len();
    view! {
        <section class=format!("today-section {class}")>
            <h2 class="section-title">
                {title} <span class="count">{count}</span>
            </h2>
            <ul class="task-lines">{tasks.into_iter().map(task_line).collect_view()}</ul>
        </section>
    }
}

fn checkpoint_line(checkpoint: Checkpoint) -> impl IntoView {
    let ctx = ctx();
    let today = clock::today();
    let project = checkpoint.project_id;
    view! {
        <li class="checkpoint-line">
            <button
                type="button"
                class="checkpoint-line-button"
                on:click=move |_| ctx.perform(Action::OpenCheckpoints(project))
            >
                <span class="date-chip">{day_label(checkpoint.date, today)}</span>
                <span class="checkpoint-line-title">{checkpoint.title}</span>
                <span class="meta-project">{move || ctx.project_name(Some(project))}</span>
            </button>
        </li>
    }
}

#[component]
pub fn TodayPage() -> impl IntoView {
    let ctx = ctx();
    let overdue = workspace_resource(ipc::overdue_tasks);
    let due_today = workspace_resource(ipc::tasks_due_today);
    let checkpoints = workspace_resource(|| ipc::list_checkpoints(None));
    let today = clock::today();

    let tasks = move || match (overdue.get(), due_today.get()) {
        (Some(Err(err)), _) | (_, Some(Err(err))) => failed(err, move || {
            overdue.refetch();
            due_today.refetch();
        })
        .into_any(),
        (Some(Ok(late)), Some(Ok(now))) => {
            let open_today: usize = now.iter().filter(|t| t.status != TaskStatus::Done).count();
            if late.is_empty() && now.is_empty() {
                empty(
                    Icon::Today,
                    "Nothing due today",
                    view! { "Press " <kbd>"N"</kbd> " to add a task." },
                )
                .into_any()
            } else {
                view! {
                    <p class="today-summary">
                        {today_summary(late.len(), open_today)}
                    </p>
                    {(!late.is_empty()).then(|| task_section("Overdue", "is-overdue", late))}
                    {if now.is_empty() {
                        view! {
                            <section class="today-section">
                                <h2 class="section-title">"Due today"</h2>
                                <p class="muted">"Nothing else is due today."</p>
                            </section>
                        }
                            .into_any()
                    } else {
                        task_section("Due today", "is-today", now).into_any()
                    }}
                }
                .into_any()
            }
        }
        _ => loading().into_any(),
    };
    let upcoming_checkpoints = move || match checkpoints.get() {
        None => view! { <p class="muted">"Loading…"</p> }.into_any(),
        Some(Err(err)) => failed(err, move || checkpoints.refetch()).into_any(),
        Some(Ok(list)) => {
            let soon = upcoming(&list, today, UPCOMING_DAYS);
            if soon.is_empty() {
                view! { <p class="muted">"No checkpoints in the next two weeks."</p> }.into_any()
            } else {
                view! {
                    <ul class="checkpoint-lines">
                        {soon.into_iter().map(checkpoint_line).collect_view()}
                    </ul>
                }
                .into_any()
            }
        }
    };

    view! {
        <div class="page page-today">
            <header class="page-head">
                <div>
                    <h1 class="page-title">"Today"</h1>
                    <p class="page-sub">{today.format("%A, %B %-d").to_string()}</p>
                </div>
                <button
                    type="button"
                    class="btn btn-primary"
                    on:click=move |_| ctx.open_new_task(TaskStatus::Todo)
                >
                    {icon(Icon::Plus)}
                    "New task"
                </button>
            </header>
            {vault_banner()}
            <div class="today-tasks">{tasks}</div>
            <section class="today-section">
                <h2 class="section-title">
                    {icon(Icon::Flag)} "Upcoming checkpoints"
                </h2>
                {upcoming_checkpoints}
            </section>
        </div>
    }
}

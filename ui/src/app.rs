//! The root component: the vault's gate (the workspace, or the lock screen and nothing
//! behind it), the layout, the global keyboard shortcuts, and the shell events that keep
//! every list fresh and sync going.

use std::time::Duration;

use adiuva_domain::{ErrorReport, TaskStatus};
use leptos::{ev, prelude::*, task::spawn_local};

use crate::{
    components::{
        dialog::{ConfirmDialog, HelpDialog},
        lock_screen::{LockScreen, OpeningScreen},
        palette::Palette,
        sidebar::Sidebar,
        task_detail::TaskDetail,
        task_form::TaskForm,
        toast::Toasts,
        vault_dialogs::{RecoveryKeyScreen, VaultDialogs},
    },
    context::Ctx,
    dom, ipc,
    pages::{
        agents::AgentsPage, checkpoints::CheckpointsPage, notes::NotesPage, projects::ProjectsPage,
        review::ReviewPage, search::SearchPage, settings::SettingsPage, tasks::TasksPage,
        today::TodayPage,
    },
    review_watch::watch_review,
    session::watch_vault,
    state::{
        nav::Page,
        shortcuts::{Command, Overlay, dispatch, topmost},
        sync::{ScheduledBackup, size_label},
        vault::{Gate, gate},
    },
    sync_session::watch_sync,
};

/// Changes arriving together (a bulk edit, a project deleted with its tasks) cause one refresh.
const REFRESH_COALESCE: Duration = Duration::from_millis(40);

fn listen_to_shell(ctx: Ctx) {
    let pending = StoredValue::new(false);
    spawn_local(async move {
        let subscribed = ipc::on_workspace_changed(move |change| {
            ctx.note_workspace_change(change.as_ref().map(|c| c.entity.as_str()));
            // The vault's changes are about locking, not about what the lists show.
            if change.as_ref().is_some_and(|c| c.entity == "vault") {
                ctx.refresh_vault();
                return;
            }
            if pending.get_value() {
                return;
            }
            pending.set_value(true);
            set_timeout(
                move || {
                    pending.set_value(false);
                    ctx.changed();
                },
                REFRESH_COALESCE,
            );
        })
        .await;
        if let Err(err) = subscribed {
            ctx.fail(&err);
        }
    });
    spawn_local(async move {
        // Subscribed before asking, so no change falls between the answer and the listener.
        let subscribed = ipc::on_device_channel(move |status| ctx.channel.set(Some(status))).await;
        if let Err(err) = subscribed {
            ctx.fail(&err);
            return;
        }
        match ipc::device_channel_status().await {
            // An event that came in meanwhile is newer than this answer.
            Ok(status) if ctx.channel.get_untracked().is_none() => ctx.channel.set(Some(status)),
            Ok(_) => {}
            Err(err) => ctx.fail(&err),
        }
    });
    spawn_local(async move {
        let subscribed = ipc::on_backup_scheduled(move |outcome| match outcome {
            ScheduledBackup::Stored { backup } => {
                ctx.notify(format!(
                    "Automatic backup stored on the server ({}).",
                    size_label(backup.size_bytes)
                ));
                ctx.changed();
            }
            ScheduledBackup::Failed { error } => ctx.fail(&ErrorReport {
                message: format!("The automatic backup failed: {}", error.message),
                ..error
            }),
        })
        .await;
        if let Err(err) = subscribed {
            ctx.fail(&err);
        }
    });
    spawn_local(async move {
        let subscribed = ipc::on_new_task_requested(move || {
            if ctx.new_task.get_untracked().is_none() {
                ctx.open_new_task(TaskStatus::Todo);
            }
        })
        .await;
        if let Err(err) = subscribed {
            ctx.fail(&err);
        }
    });
}

fn on_key(ctx: Ctx, ev: &ev::KeyboardEvent) {
    // Behind the lock screen and the recovery key screen, no shortcut applies.
    if ev.default_prevented() || ctx.recovery.with_untracked(Option::is_some) {
        return;
    }
    let open = ctx
        .vault
        .with_untracked(|s| gate(s.as_ref(), ctx.unlocking.get_untracked()) == Gate::Open);
    if !open {
        return;
    }
    let key = ev.key();
    let press = dom::key_press(ev, &key);
    let Some(command) = dispatch(&press) else {
        return;
    };
    let overlays = [
        (
            Overlay::Confirm,
            ctx.confirm.with_untracked(Option::is_some),
        ),
        (
            Overlay::VaultDialog,
            ctx.vault_dialog.with_untracked(Option::is_some),
        ),
        (Overlay::Palette, ctx.palette.get_untracked()),
        (Overlay::Help, ctx.help.get_untracked()),
        (
            Overlay::TaskForm,
            ctx.new_task.with_untracked(Option::is_some),
        ),
        (
            Overlay::TaskDetail,
            ctx.detail.with_untracked(Option::is_some),
        ),
    ];
    // Dialogs are modal: while one is open, only the palette toggle and Escape apply.
    let modal_open = overlays[..5].iter().any(|(_, open)| *open);
    match command {
        Command::TogglePalette => {
            ev.prevent_default();
            if !ctx.confirm.with_untracked(Option::is_some)
                && !ctx.vault_dialog.with_untracked(Option::is_some)
            {
                ctx.palette.update(|open| *open = !*open);
            }
        }
        Command::Lock => {
            ev.prevent_default();
            ctx.lock();
        }
        Command::HideWindow => {
            ev.prevent_default();
            ctx.hide_window();
        }
        Command::Dismiss => match topmost(&overlays) {
            Some(overlay) => {
                ev.prevent_default();
                match overlay {
                    Overlay::Confirm => ctx.confirm.set(None),
                    Overlay::VaultDialog => ctx.vault_dialog.set(None),
                    Overlay::Palette => ctx.palette.set(false),
                    Overlay::Help => ctx.help.set(false),
                    Overlay::TaskForm => ctx.new_task.set(None),
                    Overlay::TaskDetail => ctx.detail.set(None),
                }
            }
            None if press.typing => {
                if let Some(field) = dom::focused_element() {
                    let _ = field.blur();
                }
            }
            None => {}
        },
        _ if modal_open => {}
        Command::NewTask => {
            ev.prevent_default();
            ctx.open_new_task(TaskStatus::Todo);
        }
        Command::FocusSearch => {
            ev.prevent_default();
            if let Some(input) = ctx.search_input.get_untracked() {
                let _ = input.focus();
                input.select();
            }
        }
        Command::ShowHelp => {
            ev.prevent_default();
            ctx.help.set(true);
        }
    }
}

/// The workspace: the sidebar, the page, and everything that opens over them.
#[component]
fn Workspace() -> impl IntoView {
    let ctx = crate::context::ctx();
    let page = move || match ctx.page.get() {
        Page::Today => view! { <TodayPage /> }.into_any(),
        Page::Projects => view! { <ProjectsPage /> }.into_any(),
        Page::Tasks => view! { <TasksPage /> }.into_any(),
        Page::Checkpoints => view! { <CheckpointsPage /> }.into_any(),
        Page::Notes => view! { <NotesPage /> }.into_any(),
        Page::Review => view! { <ReviewPage /> }.into_any(),
        Page::Agents => view! { <AgentsPage /> }.into_any(),
        Page::Search => view! { <SearchPage /> }.into_any(),
        Page::Settings => view! { <SettingsPage /> }.into_any(),
    };
    view! {
        <div class="app">
            <Sidebar />
            <main class="main" id="main">
                {page}
            </main>
            <TaskDetail />
            <TaskForm />
            <Palette />
            <HelpDialog />
            <VaultDialogs />
            <ConfirmDialog />
            <RecoveryKeyScreen />
        </div>
    }
}

#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new();
    provide_context(ctx);
    listen_to_shell(ctx);
    watch_vault(ctx);
    watch_sync(ctx);
    watch_review(ctx);
    // The app lives as long as the page, so the listener is never removed.
    let _keys = window_event_listener(ev::keydown, move |ev| on_key(ctx, &ev));
    let shown = Memo::new(move |_| {
        ctx.vault
            .with(|status| gate(status.as_ref(), ctx.unlocking.get()))
    });
    view! {
        {move || match shown.get() {
            Gate::Opening => view! { <OpeningScreen /> }.into_any(),
            Gate::Locked => view! { <LockScreen /> }.into_any(),
            Gate::Open => view! { <Workspace /> }.into_any(),
        }}
        <Toasts />
    }
}

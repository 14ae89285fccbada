//! Settings → Account → Backups: back up now (with a progress bar), restore the latest, the automatic schedule
//! (off, daily, weekly; the shell takes them and says how each went), and the history with
//! dates and sizes, each deletable (Delete, then Confirm delete: `ConfirmTwice`).

use std::sync::Arc;

use adiuva_domain::{BackupSchedule, ErrorReport, Millis};
use leptos::{prelude::*, task::spawn_local};

use super::account::server_url;
use crate::{
    clock,
    components::{
        confirm_twice::ConfirmTwice,
        icons::{Icon, icon},
        progress::ProgressTrack,
    },
    context::{ConfirmRequest, Ctx, ctx},
    hooks::following_progress,
    ipc,
    state::{
        backup_progress::BackupProgress,
        sync::{BackupMetadata, backup_failure, backup_label, size_label},
    },
};

#[component]
pub fn Backups() -> impl IntoView {
    let ctx = ctx();
    // Bumped after a backup, so the list asks the server again.
    let reload = RwSignal::new(0_u64);
    let creating = RwSignal::new(false);
    let progress = RwSignal::new(None::<BackupProgress>);
    let restoring = RwSignal::new(false);
    let backups = LocalResource::new(move || {
        reload.track();
        ctx.revision.track();
        ipc::list_backups()
    });
    let create = move |_| {
        if creating.get_untracked() {
            return;
        }
        creating.set(true);
        // A large workspace takes a while: the bar follows the shell's report.
        let show = move |at| {
            if creating.get_untracked() {
                progress.try_set(at);
            }
        };
        spawn_local(async move {
            let answer = following_progress(ipc::backup_progress, show, ipc::create_backup()).await;
            progress.try_set(None);
            creating.try_set(false);
            match answer {
                Ok(backup) => {
                    ctx.notify(format!(
                        "Backup stored on the server ({}).",
                        size_label(backup.size_bytes)
                    ));
                    reload.try_update(|r| *r += 1);
                }
                Err(err) => fail(ctx, &err),
            }
        });
    };
    let restore = move |_| {
        ctx.ask(ConfirmRequest {
            title: "Restore the latest backup?".into(),
            message: "Replace this workspace with the latest backup? The current database is \
                      kept beside it."
                .into(),
            confirm_label: "Restore".into(),
            on_confirm: Arc::new(move || {
                restoring.set(true);
                spawn_local(async move {
                    let answer = ipc::restore_backup().await;
                    restoring.try_set(false);
                    match answer {
                        Ok(()) => {
                            ctx.notify("Workspace restored from the latest backup.");
                            ctx.changed();
                            ctx.refresh_vault();
                            ctx.refresh_account();
                            ctx.refresh_sync_counts().await;
                        }
                        Err(err) => fail(ctx, &err),
                    }
                });
            }),
        });
    };
    let delete = move |id: String| {
        spawn_local(async move {
            match ipc::delete_backup(id).await {
                Ok(()) => ctx.notify("Backup deleted from the server."),
                Err(err) => fail(ctx, &err),
            }
            reload.try_update(|r| *r += 1);
        });
    };
    let busy = move || creating.get() || restoring.get();
    let list = move || {
        backups.get().map(|answer| match answer {
            Ok(list) if list.is_empty() => view! {
                <p class="hint" id="backup-empty">"No backup yet."</p>
            }
            .into_any(),
            Ok(list) => view! {
                <ul class="backup-list" id="backup-list">
                    {list.into_iter().map(|backup| backup_row(backup, delete)).collect_view()}
                </ul>
            }
            .into_any(),
            Err(err) => view! {
                <p class="field-error" id="backup-error" role="alert">
                    {backup_failure(&err, server_url(ctx).as_deref())}
                </p>
            }
            .into_any(),
        })
    };
    view! {
        <section class="card settings-card" id="backups">
            <div class="settings-card-head">
                <h2 class="settings-card-title">{icon(Icon::Archive)} "Backups"</h2>
            </div>
            <p class="settings-text">
                "A backup is a snapshot of this workspace, compressed and sealed under your \
                 vault's key before it is uploaded."
            </p>
            <div class="form-actions">
                <button
                    type="button"
                    class="btn btn-primary"
                    id="backup-create"
                    disabled=busy
                    on:click=create
                >
                    {move || {
                        if creating.get() {
                            view! {
                                <span class="spinner spinner-on-primary" aria-hidden="true"></span>
                                "Sealing and uploading…"
                            }
                                .into_any()
                        } else {
                            "Back up now".into_any()
                        }
                    }}
                </button>
                <button
                    type="button"
                    class="btn btn-danger-ghost"
                    id="backup-restore"
                    disabled=busy
                    on:click=restore
                >
                    {move || if restoring.get() { "Restoring…" } else { "Restore latest…" }}
                </button>
            </div>
            {move || {
                progress
                    .get()
                    .map(|at| {
                        view! {
                            <div class="rotation" id="backup-progress">
                                <ProgressTrack label="Backup" percent=at.percent() />
                                <p class="hint">{at.describe()}</p>
                            </div>
                        }
                    })
            }}
            <Schedule />
            {list}
        </section>
    }
}

/// The automatic backup schedule of this device.
#[component]
fn Schedule() -> impl IntoView {
    let ctx = ctx();
    let schedule = RwSignal::new(None::<BackupSchedule>);
    spawn_local(async move {
        match ipc::backup_schedule().await {
            Ok(current) => {
                schedule.try_set(Some(current));
            }
            Err(err) => ctx.fail(&err),
        }
    });
    let choose = move |chosen: BackupSchedule| {
        let before = schedule.get_untracked();
        schedule.set(Some(chosen));
        spawn_local(async move {
            match ipc::set_backup_schedule(chosen).await {
                Ok(_) if chosen == BackupSchedule::Off => {
                    ctx.notify("Automatic backups are off.");
                }
                Ok(_) => ctx.notify(format!(
                    "Automatic backups: {}. The app backs up while it runs, unlocked and signed in.",
                    chosen.label().to_lowercase()
                )),
                Err(err) => {
                    schedule.try_set(before);
                    ctx.fail(&err);
                }
            }
        });
    };
    view! {
        <div class="field backup-schedule">
            <label for="backup-schedule">"Automatic backups"</label>
            <select
                id="backup-schedule"
                class="input"
                disabled=move || schedule.get().is_none()
                on:change:target=move |ev| {
                    if let Ok(chosen) = ev.target().value().parse() {
                        choose(chosen);
                    }
                }
            >
                {BackupSchedule::ALL
                    .iter()
                    .map(|&option| view! {
                        <option value=option.as_str() selected=move || schedule.get() == Some(option)>
                            {option.label()}
                        </option>
                    })
                    .collect_view()}
            </select>
            <p class="hint">
                "Each backup counts against your plan's backup allowance; delete old ones below."
            </p>
        </div>
    }
}

fn backup_row(
    backup: BackupMetadata,
    delete: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let when = backup_label(clock::local_time(Millis(backup.timestamp)));
    let size = size_label(backup.size_bytes);
    let id = backup.id.clone();
    view! {
        <li class="backup-row" data-id=backup.id>
            <span class="backup-when">{when}</span>
            <span class="backup-size">{size}</span>
            <ConfirmTwice
                class="btn-ghost backup-delete"
                label="Delete"
                confirm_label="Confirm delete"
                title="Delete this backup from the server"
                on_confirm=Callback::new(move |()| delete(id.clone()))
            />
        </li>
    }
}

fn fail(ctx: Ctx, err: &ErrorReport) {
    let message = backup_failure(err, server_url(ctx).as_deref());
    ctx.fail(&ErrorReport {
        message,
        ..err.clone()
    });
}

//! Settings → Account in the window, against the real sync server: a wrong passphrase refused
//! inline (still signed out), an empty workspace signed in to a laptop's account gets its vault
//! and tasks, the sidebar says "synced", a task created in the window reaches the laptop, and a
//! backup is created, listed and restored after a confirmation, then deleted, with automatic
//! backups set to daily; and two windows of two devices
//! side by side: a task created in one shows in the other, the first's indicator going
//! through syncing to synced.

use std::time::{Duration, Instant};

use adiuva_app::Workspace;
use adiuva_crypto::KdfParams;
use adiuva_domain::{BackupSchedule, NewTask, TaskFilter};
use adiuva_e2e::{Desktop, PATIENCE, local_server::LocalServer};
use anyhow::{Result, bail, ensure};

const PASSPHRASE: &str = "marmalade tractor quietly orbit";
const EMAIL: &str = "ui-sync@example.com";

fn titles(ws: &Workspace) -> Result<Vec<String>> {
    Ok(ws
        .list_tasks(&TaskFilter::default().validate()?)?
        .into_iter()
        .map(|t| t.title)
        .collect())
}

async fn sign_in(app: &Desktop, server: &str, passphrase: &str) -> Result<()> {
    app.type_into("#account-server", server).await?;
    app.type_into("#account-email", EMAIL).await?;
    app.type_into("#account-passphrase", passphrase).await?;
    app.click("#account-sign-in").await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_workspace_signs_in_and_syncs_both_ways() -> Result<()> {
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let laptop_dir = tempfile::tempdir()?;
    let laptop = Workspace::open(laptop_dir.path())?.with_kdf_params(KdfParams::FLOOR);
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, EMAIL, PASSPHRASE)?;
    laptop.create_task(
        NewTask {
            title: "Prune the pear tree".into(),
            ..NewTask::default()
        }
        .validate()?,
    )?;
    laptop.sync_now()?;

    let data = tempfile::tempdir()?;
    let app = Desktop::launch(data.path()).await?;
    app.wait("#sync-status[data-state='signed-out']").await?;
    // The indicator is the way to the account.
    app.click("#sync-status").await?;
    app.wait("#account-sign-in").await?;

    // Nothing listens there: the fix is the address.
    sign_in(&app, "http://127.0.0.1:9", PASSPHRASE).await?;
    app.wait_text(
        ".field-error[data-field='server_url']",
        "Cannot reach the server at",
    )
    .await?;

    sign_in(&app, &server.url, "marmalade tractor quietly orbits").await?;
    app.wait_text(
        ".field-error[data-field='passphrase']",
        "Wrong email or passphrase",
    )
    .await?;
    ensure!(
        app.present("#account-sign-in").await?
            && app.present("#sync-status[data-state='signed-out']").await?,
        "a refused sign-in leaves the app signed out"
    );

    app.type_into("#account-passphrase", PASSPHRASE).await?;
    app.click("#account-sign-in").await?;
    app.wait_text("#account-summary", EMAIL).await?;
    app.wait("#sync-status[data-state='synced']").await?;
    app.screenshot("settings-account").await?;
    app.click("#nav-tasks").await?;
    app.wait_text(".task-card, .task-row", "Prune the pear tree")
        .await?;

    app.click("#new-task").await?;
    app.type_into("#task-title", "Water the seedlings").await?;
    app.click("#task-create").await?;
    app.wait_text(".task-card, .task-row", "Water the seedlings")
        .await?;
    app.click("#sync-status").await?;
    app.click("#sync-now").await?;
    app.wait("#sync-status[data-state='synced']").await?;
    // The round "Sync now" started may have been preceded by the one the edit started.
    let deadline = Instant::now() + PATIENCE;
    loop {
        laptop.sync_now()?;
        if titles(&laptop)?.iter().any(|t| t == "Water the seedlings") {
            break;
        }
        if Instant::now() > deadline {
            bail!("the laptop never got the task: {:?}", titles(&laptop)?);
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    app.click("#backup-create").await?;
    app.wait(".backup-row").await?;
    app.wait_text(".toast", "Backup stored").await?;
    app.click("#backup-restore").await?;
    app.wait_text(".dialog-message", "The current database is kept beside it")
        .await?;
    app.click("#confirm-ok").await?;
    app.wait_text(".toast", "Workspace restored").await?;

    // Automatic backups every day, kept across the restore that just happened; the backup
    // is deleted after a second press.
    app.select("#backup-schedule", "Every day").await?;
    app.wait_text(".toast", "Automatic backups: every day")
        .await?;
    app.click(".backup-row .backup-delete").await?;
    app.wait_text(".backup-row .backup-delete", "Confirm delete")
        .await?;
    app.click(".backup-row .backup-delete").await?;
    app.wait("#backup-empty").await?;

    app.click("#nav-tasks").await?;
    app.wait_text(".task-card, .task-row", "Water the seedlings")
        .await?;
    app.quit().await?;
    let ws = Workspace::open(data.path())?;
    ensure!(ws.backup_schedule()? == BackupSchedule::Daily);
    ensure!(ws.last_backup_at()?.is_some());
    Ok(())
}

/// Records every value the sync indicator's `data-state` takes from now on.
const WATCH_STATES: &str = r#"
    const el = document.querySelector('#sync-status');
    window.__syncStates = [el.getAttribute('data-state')];
    new MutationObserver(() => window.__syncStates.push(el.getAttribute('data-state')))
        .observe(el, { attributes: true, attributeFilter: ['data-state'] });
"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_task_created_in_one_window_appears_in_another() -> Result<()> {
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let (one, two) = (tempfile::tempdir()?, tempfile::tempdir()?);
    {
        let email = "two-windows@example.com";
        let laptop = Workspace::open(one.path())?.with_kdf_params(KdfParams::FLOOR);
        laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
        laptop.remember_on_device(true)?;
        laptop.sign_up(&server.url, email, PASSPHRASE)?;
        let desktop = Workspace::open(two.path())?.with_kdf_params(KdfParams::FLOOR);
        desktop.sign_in(&server.url, email, PASSPHRASE)?;
        desktop.remember_on_device(true)?;
    }
    let (first, second) = Desktop::launch_pair(one.path(), two.path()).await?;
    for app in [&first, &second] {
        app.wait("#sync-status[data-state='synced']").await?;
    }
    first.client.execute(WATCH_STATES, vec![]).await?;
    first.click("#nav-tasks").await?;
    first.click("#new-task").await?;
    first.type_into("#task-title", "Repot the fern").await?;
    first.click("#task-create").await?;
    first
        .wait_text(".task-card, .task-row", "Repot the fern")
        .await?;

    second.click("#nav-tasks").await?;
    let deadline = Instant::now() + PATIENCE * 2;
    while !second
        .present_text(".task-card, .task-row", "Repot the fern")
        .await?
    {
        if Instant::now() > deadline {
            bail!("the second window never showed the task");
        }
        second.click("#sync-status").await?;
        second.click("#sync-now").await?;
        second.wait("#sync-status[data-state='synced']").await?;
        second.click("#nav-tasks").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    first.wait("#sync-status[data-state='synced']").await?;
    let states = first
        .client
        .execute("return window.__syncStates;", vec![])
        .await?;
    let states: Vec<String> = serde_json::from_value(states)?;
    let syncing = states.iter().position(|s| s == "syncing");
    ensure!(
        syncing.is_some_and(|at| states[at..].iter().any(|s| s == "synced")),
        "the indicator went {states:?}"
    );
    first.quit().await?;
    second.quit().await?;
    Ok(())
}

//! The vault in the window: create it (strength feedback, the recovery key shown once), lock,
//! a wrong passphrase refused, unlock by passphrase and by recovery key, a restart that starts
//! locked, "remember on this device" opening the next start from the real OS keyring, and a
//! key rotation started from Settings that re-seals every record.

use adiuva_app::{VaultState, Workspace};
use adiuva_e2e::Desktop;
use anyhow::{Result, ensure};
use std::path::Path;

const PASSPHRASE: &str = "quiet harbour lanterns drift past seven";
const ENTER: char = '\u{E007}';

/// Every byte of every file under `dir` (database, WAL, anything the app wrote).
fn scan_for(dir: &Path, needle: &str) -> Result<Vec<String>> {
    let mut hits = Vec::new();
    for path in adiuva_e2e::files_under(dir)? {
        if adiuva_e2e::read_if_there(&path)?
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
        {
            hits.push(path.display().to_string());
        }
    }
    Ok(hits)
}

async fn unlock_with_passphrase(app: &Desktop, passphrase: &str) -> Result<()> {
    app.type_into("#unlock-passphrase", passphrase).await?;
    app.click("#unlock-submit").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vault_is_created_locked_unlocked_and_remembered() -> Result<()> {
    let data = tempfile::tempdir()?;
    let app = Desktop::launch(data.path()).await?;

    // Without a vault the workspace is open, and Settings offers to create one.
    app.click("#nav-settings").await?;
    app.click("#settings-security").await?;
    app.click("#open-create-vault").await?;
    app.type_into("#vault-passphrase", "password123").await?;
    app.wait("#passphrase-strength[data-acceptable='false']")
        .await?;
    app.type_into("#vault-passphrase", PASSPHRASE).await?;
    app.type_into("#vault-confirmation", PASSPHRASE).await?;
    app.wait("#passphrase-strength[data-acceptable='true']")
        .await?;
    app.click("#vault-create").await?;

    // The recovery key covers everything until the person says it is saved.
    app.wait("#recovery-key-screen").await?;
    let recovery_key = app.text("#recovery-key").await?.trim().to_owned();
    let groups: Vec<&str> = recovery_key.split('-').collect();
    ensure!(
        groups.len() == 9 && groups.iter().all(|g| g.len() == 4),
        "the recovery key is nine groups of four: {recovery_key:?}"
    );
    ensure!(
        app.wait("#recovery-continue")
            .await?
            .attr("disabled")
            .await?
            .is_some(),
        "Continue waits for the confirmation"
    );
    app.click("#recovery-saved").await?;
    app.wait("#recovery-continue:enabled").await?;
    app.screenshot("recovery-key").await?;
    app.click("#recovery-continue").await?;
    app.wait_gone("#recovery-key-screen").await?;
    app.wait("#vault-status[data-state='unlocked']").await?;

    // Locked: nothing of the workspace stays in the page.
    app.click("#lock-vault").await?;
    app.wait("#lock-screen").await?;
    ensure!(
        !app.present("#nav-today").await?,
        "the lock screen hides the workspace"
    );
    ensure!(
        !app.present("#lock-notice").await?,
        "a lock the person asked for needs no explanation"
    );
    unlock_with_passphrase(&app, "quiet harbour lanterns drift past eight").await?;
    app.wait("#passphrase-error[data-reason='wrong_passphrase']")
        .await?;
    app.screenshot("lock-screen").await?;
    ensure!(app.present("#lock-screen").await?);
    unlock_with_passphrase(&app, PASSPHRASE).await?;
    app.wait("#nav-today").await?;

    // The recovery key opens it too, typed in lower case without dashes.
    app.click("#lock-vault").await?;
    app.click("#unlock-use-recovery").await?;
    let typed = recovery_key.replace('-', "").to_lowercase();
    app.type_into("#unlock-recovery-key", &format!("{typed}{ENTER}"))
        .await?;
    app.wait("#nav-today").await?;
    app.quit().await?;

    ensure!(
        scan_for(data.path(), PASSPHRASE)?.is_empty()
            && scan_for(data.path(), &recovery_key)?.is_empty()
            && scan_for(data.path(), &recovery_key.replace('-', ""))?.is_empty(),
        "no secret reaches the data directory"
    );

    // A restart starts locked; then "remember on this device" opens the next start by itself.
    let app = Desktop::launch(data.path()).await?;
    app.wait("#lock-screen").await?;
    unlock_with_passphrase(&app, PASSPHRASE).await?;
    app.click("#nav-settings").await?;
    app.click("#settings-security").await?;
    app.click("#vault-remember").await?;
    // The box turns at once; the toast says the keyring and the database have the choice.
    app.wait_text(".toast", "This device now unlocks the vault by itself")
        .await?;
    app.wait("#vault-remember:checked").await?;
    app.screenshot("settings-security").await?;
    app.quit().await?;
    ensure!(
        Workspace::open(data.path())?.vault_status()?.remembered,
        "the choice is stored"
    );

    let app = Desktop::launch(data.path()).await?;
    app.wait("#nav-today").await?;
    ensure!(!app.present("#lock-screen").await?);
    app.click("#nav-settings").await?;
    app.click("#settings-security").await?;
    app.click("#vault-remember").await?;
    app.wait_text(".toast", "This device no longer remembers the vault")
        .await?;
    app.wait("#vault-remember:not(:checked)").await?;
    app.click("#lock-vault").await?;
    app.wait("#lock-screen").await?;
    app.quit().await?;

    let status = Workspace::open(data.path())?.vault_status()?;
    ensure!(
        !status.remembered && status.state == VaultState::Locked,
        "forgotten and locked: {status:?}"
    );
    let app = Desktop::launch(data.path()).await?;
    app.wait("#lock-screen").await?;
    app.quit().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rotation_from_settings_reseals_every_record() -> Result<()> {
    let data = tempfile::tempdir()?;
    {
        let ws = Workspace::open(data.path())?;
        ws.create_vault(PASSPHRASE, PASSPHRASE)?;
        let drafts = (0..600)
            .map(|i| {
                adiuva_domain::NewTask {
                    title: format!("Task {i}"),
                    ..Default::default()
                }
                .validate()
            })
            .collect::<Result<Vec<_>, _>>()?;
        ws.create_tasks(drafts)?;
        ensure!(ws.seal_changed_records()? == 600);
    }
    let app = Desktop::launch(data.path()).await?;
    unlock_with_passphrase(&app, PASSPHRASE).await?;
    app.click("#nav-settings").await?;
    app.click("#settings-security").await?;
    app.click("#open-rotate-key").await?;
    app.type_into("#confirm-passphrase", PASSPHRASE).await?;
    app.click("#confirm-passphrase-submit").await?;
    app.wait("#recovery-key-screen").await?;
    app.click("#recovery-saved").await?;
    app.click("#recovery-continue").await?;
    app.wait_text(".toast", "Key rotation finished: 600 records")
        .await?;
    app.wait_gone("#rotation-progress").await?;
    app.wait_text("#vault-status", "generation 2").await?;
    app.quit().await?;

    let ws = Workspace::open(data.path())?;
    ensure!(ws.vault_status()?.rotation.is_none());
    ws.unlock_vault(PASSPHRASE)?;
    let (key, key_id) = ws.vault_key()?;
    ensure!(key_id.0 == 2);
    let tasks = ws.list_tasks(&adiuva_domain::TaskFilter::default().validate()?)?;
    for task in tasks.iter().take(50) {
        let sealed = ws
            .sealed_record("tasks", &task.id.to_string())?
            .ok_or_else(|| anyhow::anyhow!("task {} is not sealed", task.id))?;
        sealed.open(&key, key_id)?;
    }
    Ok(())
}

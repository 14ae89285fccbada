//! A sync round tells how far it is: the first device's push counts up to every record it
//! uploads; a second device's first pull downloads against the total the server counted, then
//! applies, each phase ending at its total; the workspace shows the same while the round runs
//! and nothing once it ended.

use adiuva_app::{SyncPhase, SyncProgress, Workspace};
use adiuva_domain::NewTask;
use adiuva_e2e::local_server::LocalServer;
use anyhow::{Result, ensure};

use crate::{PASSPHRASE, workspace};

/// More than one page of the change feed and one push batch (1000 each), and two apply
/// reports (every 500).
const TASKS: u64 = 1_100;

/// Every report of one round, checked against what the workspace showed at that moment.
fn sync_reporting(ws: &Workspace) -> Result<Vec<SyncProgress>> {
    let mut seen = Vec::new();
    let mut mismatch = None;
    ws.sync_reporting(|at| {
        if ws.sync_progress() != Some(*at) {
            mismatch = Some((*at, ws.sync_progress()));
        }
        seen.push(*at);
    })?;
    ensure!(
        mismatch.is_none(),
        "the workspace showed otherwise: {mismatch:?}"
    );
    ensure!(ws.sync_progress().is_none(), "progress outlived the round");
    Ok(seen)
}

/// The `(done, total)` of one phase's reports, checking that done only grows to the total.
fn phase(seen: &[SyncProgress], phase: SyncPhase) -> Result<Vec<(u64, u64)>> {
    let steps: Vec<(u64, u64)> = seen
        .iter()
        .filter(|p| p.phase == phase)
        .map(|p| (p.done, p.total))
        .collect();
    ensure!(
        steps
            .windows(2)
            .all(|w| w[0].0 <= w[1].0 && w[1].0 <= w[1].1),
        "{phase:?} went {steps:?}"
    );
    Ok(steps)
}

#[test]
fn a_first_pull_reports_its_progress_against_the_servers_count() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let (one, two) = (tempfile::tempdir()?, tempfile::tempdir()?);
    let laptop = workspace(one.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, "progress@example.com", PASSPHRASE)?;
    for n in 0..TASKS {
        let task = NewTask {
            title: format!("Task {n}"),
            ..NewTask::default()
        };
        laptop.create_task(task.validate()?)?;
    }

    let pushed = sync_reporting(&laptop)?;
    let up = phase(&pushed, SyncPhase::Uploading)?;
    ensure!(
        up == [(1000, TASKS), (TASKS, TASKS)],
        "a report per batch of at most 1000: {up:?}"
    );
    ensure!(phase(&pushed, SyncPhase::Downloading)?.len() == 1);

    let desktop = workspace(two.path())?;
    desktop.sign_in(&server.url, "progress@example.com", PASSPHRASE)?;
    let pulled = sync_reporting(&desktop)?;
    let down = phase(&pulled, SyncPhase::Downloading)?;
    ensure!(down == [(1000, TASKS), (TASKS, TASKS)], "{down:?}");
    let applied = phase(&pulled, SyncPhase::Applying)?;
    ensure!(
        applied == [(0, TASKS), (500, TASKS), (1000, TASKS), (TASKS, TASKS)],
        "{applied:?}"
    );
    ensure!(phase(&pulled, SyncPhase::Uploading)?.is_empty());
    ensure!(
        pulled.iter().position(|p| p.phase == SyncPhase::Applying)
            > pulled
                .iter()
                .position(|p| p.phase == SyncPhase::Downloading),
        "downloading comes first"
    );
    Ok(())
}

//! The `adiuva` binary killed with SIGKILL in the middle of a sync and of a restore, at
//! several moments: each time the database passes `integrity_check`, holds either the whole
//! previous state or the whole new one, and the devices converge after a restart.

use std::{
    path::Path,
    process::{Command, Stdio},
    time::Duration,
};

use adiuva_app::{DATABASE_FILE, Workspace};
use adiuva_domain::{NewTask, TaskFilter};
use adiuva_e2e::{
    fault_proxy::{Fault, FaultProxy},
    local_server::LocalServer,
    profile_dir,
};
use anyhow::{Result, ensure};

use crate::{PASSPHRASE, workspace};

/// Moments after the start at which the process is killed: before it did anything, while it
/// talks to the server, and while it writes.
const KILL_AFTER_MS: [u64; 6] = [5, 40, 120, 250, 400, 700];

/// Starts `adiuva <args>` on `dir` and kills it after `after`.
fn kill_during(dir: &Path, args: &[&str], after: Duration) -> Result<()> {
    let mut child = Command::new(profile_dir().join("adiuva"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    std::thread::sleep(after);
    // SIGKILL: no destructor, no cleanup.
    let _ = child.kill();
    child.wait()?;
    Ok(())
}

fn intact(dir: &Path) -> Result<()> {
    adiuva_store::snapshot::check_intact(&dir.join(DATABASE_FILE))?;
    Ok(())
}

fn titles(ws: &Workspace) -> Result<Vec<String>> {
    let mut titles: Vec<String> = ws
        .list_tasks(&TaskFilter::default().validate()?)?
        .into_iter()
        .map(|t| t.title)
        .collect();
    titles.sort();
    Ok(titles)
}

#[test]
fn an_app_killed_mid_sync_or_mid_restore_keeps_an_intact_database() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let proxy = FaultProxy::start(&server.url);
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.remember_on_device(true)?;
    laptop.sign_up(&proxy.url, "killed-app@example.com", PASSPHRASE)?;
    let drafts = (0..600)
        .map(|i| {
            NewTask {
                title: format!("Label jar {i:03}"),
                ..NewTask::default()
            }
            .validate()
        })
        .collect::<Result<Vec<_>, _>>()?;
    laptop.create_tasks(drafts)?;
    let before = titles(&laptop)?;
    drop(laptop);

    // Killed mid-sync: answers are slowed so the kills land inside the round.
    proxy.set_plan(&[Fault::Delay(Duration::from_millis(60))]);
    for ms in KILL_AFTER_MS {
        kill_during(laptop_dir.path(), &["sync"], Duration::from_millis(ms))?;
        intact(laptop_dir.path())?;
    }
    proxy.set_plan(&[]);
    let laptop = workspace(laptop_dir.path())?;
    laptop.unlock_from_device()?;
    assert_eq!(titles(&laptop)?, before, "no local edit lost");
    laptop.sync_now()?;
    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&proxy.url, "killed-app@example.com", PASSPHRASE)?;
    desktop.sync_now()?;
    assert_eq!(titles(&desktop)?, before, "the devices converge");

    // Killed mid-restore of a backup holding one task fewer than the workspace now.
    laptop.create_backup()?;
    laptop.create_tasks(vec![
        NewTask {
            title: "After the backup".into(),
            ..NewTask::default()
        }
        .validate()?,
    ])?;
    let after = titles(&laptop)?;
    drop(laptop);
    proxy.set_plan(&[Fault::Delay(Duration::from_millis(30))]);
    for ms in KILL_AFTER_MS {
        kill_during(
            laptop_dir.path(),
            &["backup", "restore"],
            Duration::from_millis(ms),
        )?;
        intact(laptop_dir.path())?;
        let reopened = workspace(laptop_dir.path())?;
        let seen = titles(&reopened)?;
        ensure!(
            seen == after || seen == before,
            "killed after {ms} ms: the workspace is neither the previous one nor the backup ({} tasks)",
            seen.len()
        );
        assert!(
            reopened.account_status()?.signed_in,
            "this device stays signed in"
        );
    }
    proxy.set_plan(&[]);
    let laptop = workspace(laptop_dir.path())?;
    laptop.unlock_from_device()?;
    laptop.restore_backup()?;
    assert_eq!(
        titles(&laptop)?,
        before,
        "the restore completes after a restart"
    );
    Ok(())
}

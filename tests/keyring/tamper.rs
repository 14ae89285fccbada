//! Tampering with what the server stores: a blob moved to another record, an older blob
//! replayed as the newest, a truncated blob. The device detects each one, quarantines it, keeps
//! its good local data, and takes the next honest version.

use std::collections::HashMap;

use adiuva_app::Workspace;
use adiuva_domain::{NewTask, TaskFilter, TaskPatch};
use adiuva_e2e::local_server::LocalServer;
use anyhow::Result;

use crate::{PASSPHRASE, server_blob, set_server_blob, workspace};

const EMAIL: &str = "tamper@example.com";

fn titles(ws: &Workspace) -> Result<Vec<String>> {
    let mut titles: Vec<String> = ws
        .list_tasks(&TaskFilter::default().validate()?)?
        .into_iter()
        .map(|t| t.title)
        .collect();
    titles.sort();
    Ok(titles)
}

fn rename_all(ws: &Workspace, suffix: &str) -> Result<()> {
    for task in ws.list_tasks(&TaskFilter::default().validate()?)? {
        let title = format!(
            "{} {suffix}",
            task.title.split(' ').next().unwrap_or_default()
        );
        ws.update_task(
            task.id,
            TaskPatch {
                title: Some(title),
                ..TaskPatch::default()
            }
            .validate()?,
        )?;
    }
    Ok(())
}

#[test]
fn tampered_blobs_are_quarantined_and_good_local_data_kept() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, EMAIL, PASSPHRASE)?;
    let mut ids = Vec::new();
    for title in ["Alpha", "Beta", "Gamma", "Delta"] {
        let task = laptop.create_task(
            NewTask {
                title: title.into(),
                ..NewTask::default()
            }
            .validate()?,
        )?;
        ids.push(task.id.to_string());
    }
    laptop.sync_now()?;
    let first: HashMap<String, Vec<u8>> = ids
        .iter()
        .map(|id| Ok((id.clone(), server_blob(server_dir.path(), id)?)))
        .collect::<Result<_>>()?;

    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&server.url, EMAIL, PASSPHRASE)?;
    desktop.sync_now()?;
    let before = titles(&desktop)?;
    assert_eq!(before, ["Alpha", "Beta", "Delta", "Gamma"]);

    rename_all(&laptop, "v2")?;
    laptop.sync_now()?;
    let stored = |i: usize| server_blob(server_dir.path(), &ids[i]);
    let (alpha, beta, delta) = (stored(0)?, stored(1)?, stored(3)?);
    // Alpha and Beta swap blobs; Gamma's first version is replayed as its second; Delta is cut.
    set_server_blob(server_dir.path(), &ids[0], &beta)?;
    set_server_blob(server_dir.path(), &ids[1], &alpha)?;
    set_server_blob(server_dir.path(), &ids[2], &first[&ids[2]])?;
    set_server_blob(server_dir.path(), &ids[3], &delta[..delta.len() / 2])?;

    let report = desktop.sync_now()?;
    assert_eq!(report.quarantined, 4, "{report:?}");
    let mut set_aside: Vec<String> = desktop.quarantined()?.into_iter().map(|q| q.1).collect();
    set_aside.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(set_aside, expected);
    assert_eq!(titles(&desktop)?, before, "good local data is kept");

    // The next honest versions are taken.
    rename_all(&laptop, "v3")?;
    laptop.sync_now()?;
    desktop.sync_now()?;
    assert_eq!(
        titles(&desktop)?,
        ["Alpha v3", "Beta v3", "Delta v3", "Gamma v3"]
    );
    Ok(())
}

//! Tampering with what the server stores: a blob moved to another record, an older blob
//! replayed as the newest, a truncated blob. The device detects each one, quarantines it, keeps
//! its good local data, and takes the next honest version.

use std::{collections::HashMap, path::PathBuf};

use adiuva_app::Workspace;
use adiuva_domain::{NewTask, TaskFilter, TaskPatch};
use adiuva_e2e::local_server::LocalServer;
use anyhow::{Context, Result};

use crate::{PASSPHRASE, workspace};

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

/// The server's blob of `record_id` at `version` (files are named by the id's SHA-256).
fn blob(files: &[PathBuf], record_id: &str, version: u64) -> Result<PathBuf> {
    let name = format!(
        "{}.{version}",
        adiuva_crypto::checksum(record_id.as_bytes())
    );
    files
        .iter()
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy() == name))
        .cloned()
        .with_context(|| format!("no blob {name}"))
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
    let blobs = server_dir.path().join("blobs");
    let first: HashMap<String, Vec<u8>> = ids
        .iter()
        .map(|id| {
            let path = blob(&crate::walk(&blobs)?, id, 1)?;
            Ok((id.clone(), std::fs::read(path)?))
        })
        .collect::<Result<_>>()?;

    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&server.url, EMAIL, PASSPHRASE)?;
    desktop.sync_now()?;
    let before = titles(&desktop)?;
    assert_eq!(before, ["Alpha", "Beta", "Delta", "Gamma"]);

    rename_all(&laptop, "v2")?;
    laptop.sync_now()?;
    let files = crate::walk(&blobs)?;
    let (alpha, beta, gamma, delta) = (
        blob(&files, &ids[0], 2)?,
        blob(&files, &ids[1], 2)?,
        blob(&files, &ids[2], 2)?,
        blob(&files, &ids[3], 2)?,
    );
    // Alpha and Beta swap blobs; Gamma's first version is replayed as its second; Delta is cut.
    let (a, b) = (std::fs::read(&alpha)?, std::fs::read(&beta)?);
    std::fs::write(&alpha, b)?;
    std::fs::write(&beta, a)?;
    std::fs::write(&gamma, &first[&ids[2]])?;
    let cut = std::fs::read(&delta)?;
    std::fs::write(&delta, &cut[..cut.len() / 2])?;

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

//! Two devices syncing through the real server: what one creates the other gets; concurrent
//! edits of different fields both survive; the same field takes the later edit on both; a
//! deletion reaches the other device; two offline edits of one note body both survive; a blob
//! damaged on the server is quarantined and local data kept; the server holds no plaintext; a
//! key rotation on one device reaches a new device and, after an unlock, the others; a push
//! larger than one sealed part acknowledges every record.

use std::time::Duration;

use adiuva_app::Workspace;
use adiuva_domain::{
    NewNote, NewProject, NewTask, NotePatch, Task, TaskFilter, TaskPatch, TaskStatus,
};
use adiuva_e2e::local_server::LocalServer;
use anyhow::Result;

use crate::{PASSPHRASE, workspace};
const EMAIL: &str = "sync@example.com";

fn tasks(ws: &Workspace) -> Result<Vec<Task>> {
    let mut tasks = ws.list_tasks(&TaskFilter::default().validate()?)?;
    tasks.sort_by_key(|t| t.id.to_string());
    Ok(tasks)
}

fn edit(ws: &Workspace, task: &Task, patch: TaskPatch) -> Result<()> {
    ws.update_task(task.id, patch.validate()?)?;
    Ok(())
}

/// Edits get millisecond stamps; keep the order of edits on different devices unambiguous.
fn tick() {
    std::thread::sleep(Duration::from_millis(5));
}

#[test]
fn two_devices_converge_through_the_server() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, EMAIL, PASSPHRASE)?;
    let project = laptop.create_project(
        NewProject {
            name: "Orchard".into(),
            client_id: None,
        }
        .validate()?,
    )?;
    for title in ["Prune apple trees", "Order mulch", "Fix the gate"] {
        laptop.create_task(
            NewTask {
                title: title.into(),
                project_id: Some(project.id.to_string()),
                ..NewTask::default()
            }
            .validate()?,
        )?;
    }
    let first = laptop.sync_now()?;
    assert_eq!(first.pushed, 4, "{first:?}");
    let again = laptop.sync_now()?;
    assert_eq!(
        (again.pushed, again.pulled),
        (0, 0),
        "its own writes do not come back: {again:?}"
    );

    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&server.url, EMAIL, PASSPHRASE)?;
    let pulled = desktop.sync_now()?;
    assert_eq!(pulled.pulled, 4, "{pulled:?}");
    assert_eq!(tasks(&desktop)?, tasks(&laptop)?);
    assert_eq!(
        desktop.search("mulch", 10)?.len(),
        1,
        "pulled rows are searchable"
    );

    // Different fields of one task, edited on both before either syncs.
    let shared = tasks(&laptop)?
        .into_iter()
        .find(|t| t.title == "Order mulch")
        .expect("task");
    edit(
        &laptop,
        &shared,
        TaskPatch {
            title: Some("Order bark mulch".into()),
            ..TaskPatch::default()
        },
    )?;
    tick();
    edit(
        &desktop,
        &shared,
        TaskPatch {
            status: Some(TaskStatus::InProgress),
            ..TaskPatch::default()
        },
    )?;
    // The same field on both: the later edit (the desktop's) wins everywhere.
    let gate = tasks(&laptop)?
        .into_iter()
        .find(|t| t.title == "Fix the gate")
        .expect("task");
    edit(
        &laptop,
        &gate,
        TaskPatch {
            description: Some("hinge".into()),
            ..TaskPatch::default()
        },
    )?;
    tick();
    edit(
        &desktop,
        &gate,
        TaskPatch {
            description: Some("latch and hinge".into()),
            ..TaskPatch::default()
        },
    )?;
    // A deletion on one device.
    let pruning = tasks(&laptop)?
        .into_iter()
        .find(|t| t.title == "Prune apple trees")
        .expect("task");
    laptop.delete_task(pruning.id)?;

    laptop.sync_now()?;
    desktop.sync_now()?;
    laptop.sync_now()?;
    let (on_laptop, on_desktop) = (tasks(&laptop)?, tasks(&desktop)?);
    assert_eq!(on_laptop, on_desktop);
    assert_eq!(on_laptop.len(), 2, "the deletion reached both");
    let mulch = on_laptop.iter().find(|t| t.id == shared.id).expect("mulch");
    assert_eq!(
        (mulch.title.as_str(), mulch.status),
        ("Order bark mulch", TaskStatus::InProgress)
    );
    let latch = on_laptop.iter().find(|t| t.id == gate.id).expect("gate");
    assert_eq!(latch.description, "latch and hinge");

    // Nothing readable on the server.
    for file in adiuva_e2e::files_under(server_dir.path())? {
        let bytes = adiuva_e2e::read_if_there(&file)?;
        for plain in [&b"Orchard"[..], b"bark mulch", b"latch and hinge"] {
            assert!(
                !bytes.windows(plain.len()).any(|w| w == plain),
                "{} holds plaintext",
                file.display()
            );
        }
    }
    Ok(())
}

#[test]
fn two_offline_edits_of_one_note_body_both_survive() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, "notes@example.com", PASSPHRASE)?;
    let body = "# Beds\n\nNorth bed: carrots.\n\nSouth bed: beans.\n\nGreenhouse: tomatoes.\n";
    let note = laptop.create_note(
        NewNote {
            title: "Planting plan".into(),
            content: Some(body.into()),
            project_id: None,
        }
        .validate()?,
    )?;
    laptop.sync_now()?;
    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&server.url, "notes@example.com", PASSPHRASE)?;
    desktop.sync_now()?;
    assert_eq!(desktop.get_note(note.id)?.content, body);

    // Both edit the body while apart: different paragraphs, and one title change.
    let rewrite = |ws: &Workspace, from: &str, to: &str, title: Option<&str>| -> Result<()> {
        let content = ws.get_note(note.id)?.content.replace(from, to);
        ws.update_note(
            note.id,
            NotePatch {
                content: Some(content),
                title: title.map(Into::into),
                ..NotePatch::default()
            }
            .validate()?,
        )?;
        Ok(())
    };
    rewrite(&laptop, "carrots", "carrots and parsnips", None)?;
    tick();
    rewrite(
        &desktop,
        "tomatoes",
        "tomatoes, basil",
        Some("Planting plan 2027"),
    )?;
    laptop.sync_now()?;
    desktop.sync_now()?;
    laptop.sync_now()?;

    let (on_laptop, on_desktop) = (laptop.get_note(note.id)?, desktop.get_note(note.id)?);
    assert_eq!(on_laptop.content, on_desktop.content);
    assert_eq!(
        on_laptop.content,
        "# Beds\n\nNorth bed: carrots and parsnips.\n\nSouth bed: beans.\n\nGreenhouse: tomatoes, basil.\n"
    );
    assert_eq!(on_laptop.title, "Planting plan 2027");
    assert_eq!(on_desktop.title, on_laptop.title);
    assert_eq!(
        laptop.search("parsnips", 10)?.len(),
        1,
        "the merged text is what search sees"
    );
    // Same text, differently encoded documents: nothing is pushed back and forth.
    for ws in [&desktop, &laptop, &desktop] {
        let quiet = ws.sync_now()?;
        assert_eq!(quiet.pushed, 0, "{quiet:?}");
    }
    Ok(())
}

#[test]
fn a_blob_damaged_on_the_server_is_quarantined_and_local_data_kept() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, "damage@example.com", PASSPHRASE)?;
    let task = laptop.create_task(
        NewTask {
            title: "Sharpen the saw".into(),
            ..NewTask::default()
        }
        .validate()?,
    )?;
    laptop.sync_now()?;

    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&server.url, "damage@example.com", PASSPHRASE)?;
    desktop.sync_now()?;
    assert_eq!(tasks(&desktop)?.len(), 1);

    // The laptop edits; the server's copy of that edit is then damaged.
    laptop.update_task(
        task.id,
        TaskPatch {
            title: Some("Sharpen both saws".into()),
            ..TaskPatch::default()
        }
        .validate()?,
    )?;
    laptop.sync_now()?;
    let id = task.id.to_string();
    let mut bytes = crate::server_blob(server_dir.path(), &id)?;
    let last = bytes.len() - 1;
    bytes[last] ^= 0x80;
    crate::set_server_blob(server_dir.path(), &id, &bytes)?;

    let report = desktop.sync_now()?;
    assert_eq!(report.quarantined, 1, "{report:?}");
    let quarantined = desktop.quarantined()?;
    assert_eq!(quarantined.len(), 1);
    assert_eq!(quarantined[0].1, task.id.to_string());
    assert_eq!(
        tasks(&desktop)?[0].title,
        "Sharpen the saw",
        "the good local copy stays"
    );
    Ok(())
}

#[test]
fn a_task_filed_under_a_project_deleted_elsewhere_does_not_stop_sync() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, "orphan@example.com", PASSPHRASE)?;
    let project = laptop.create_project(
        NewProject {
            name: "Shed".into(),
            client_id: None,
        }
        .validate()?,
    )?;
    laptop.sync_now()?;
    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&server.url, "orphan@example.com", PASSPHRASE)?;
    desktop.sync_now()?;

    // The desktop deletes the project while the laptop files a new task under it.
    desktop.archive_project(project.id)?;
    desktop.delete_project(project.id)?;
    laptop.create_task(
        NewTask {
            title: "Paint the shed".into(),
            project_id: Some(project.id.to_string()),
            ..NewTask::default()
        }
        .validate()?,
    )?;
    laptop.sync_now()?;

    let report = desktop.sync_now()?;
    assert_eq!(report.quarantined, 1, "{report:?}");
    assert!(desktop.quarantined()?[0].3.contains("parent was deleted"));
    laptop.sync_now()?;
    assert!(
        tasks(&laptop)?.is_empty(),
        "the project's deletion took its task along"
    );
    assert!(tasks(&desktop)?.is_empty());
    assert!(laptop.list_projects(true)?.is_empty());
    Ok(())
}

#[test]
fn a_key_rotation_reaches_every_device() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let email = "rotation@example.com";
    let new_task = |ws: &Workspace, title: &str| -> Result<()> {
        ws.create_task(
            NewTask {
                title: title.into(),
                ..NewTask::default()
            }
            .validate()?,
        )?;
        Ok(())
    };
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, email, PASSPHRASE)?;
    new_task(&laptop, "Renew the lease")?;
    new_task(&laptop, "Call the bank")?;
    laptop.sync_now()?;
    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&server.url, email, PASSPHRASE)?;
    desktop.sync_now()?;

    // The laptop rotates (a phone was lost): everything goes up again under the new key.
    laptop.rotate_vault_key(PASSPHRASE)?;
    laptop.finish_rotation(|_| {})?;
    let resealed = laptop.sync_now()?;
    assert_eq!(resealed.pushed, 2, "{resealed:?}");
    let generation = laptop.vault_key()?.1;
    assert_eq!(generation.0, 2);

    // A device that joins now holds only the new generation, and opens everything.
    let phone_dir = tempfile::tempdir()?;
    let phone = workspace(phone_dir.path())?;
    phone.sign_in(&server.url, email, PASSPHRASE)?;
    let joined = phone.sync_now()?;
    assert_eq!((joined.pulled, joined.quarantined), (2, 0), "{joined:?}");
    assert_eq!(tasks(&phone)?, tasks(&laptop)?);

    // The desktop still holds the old generation: its sync takes nothing, sets nothing aside
    // and says what to do; its own edit waits.
    new_task(&desktop, "Water the ferns")?;
    let refused = desktop.sync_now().unwrap_err();
    assert!(
        refused.to_string().contains("rotated on another device"),
        "{refused}"
    );
    assert_eq!(desktop.sync_status()?.quarantined, 0);
    assert_eq!(tasks(&desktop)?.len(), 3);

    // Unlocking with the passphrase picks the new key up from the server.
    desktop.lock_vault()?;
    desktop.unlock_vault(PASSPHRASE)?;
    assert_eq!(desktop.vault_key()?.1, generation);
    desktop.finish_rotation(|_| {})?;
    let caught_up = desktop.sync_now()?;
    assert_eq!(caught_up.quarantined, 0, "{caught_up:?}");
    for device in [&phone, &laptop] {
        let pulled = device.sync_now()?;
        assert_eq!((pulled.pulled, pulled.quarantined), (1, 0), "{pulled:?}");
    }
    assert_eq!(tasks(&desktop)?.len(), 3);
    assert_eq!(tasks(&phone)?, tasks(&desktop)?);
    assert_eq!(tasks(&laptop)?, tasks(&desktop)?);
    // And the desktop's unlocks stay local from here on: nothing newer is noted.
    desktop.lock_vault()?;
    drop(server);
    desktop.unlock_vault(PASSPHRASE)?;
    assert_eq!(desktop.vault_key()?.1, generation);
    Ok(())
}

#[test]
fn a_push_sealed_and_sent_in_parts_acknowledges_every_record() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, "parts@example.com", PASSPHRASE)?;
    // More than two of the parts sealed at once, the last one short.
    let count = 4_321;
    let drafts = (0..count)
        .map(|i| {
            NewTask {
                title: format!("Sort seed tray {i:04}"),
                ..NewTask::default()
            }
            .validate()
        })
        .collect::<Result<Vec<_>, _>>()?;
    laptop.create_tasks(drafts)?;
    let mut uploaded = Vec::new();
    let first = laptop.sync_reporting(|at| uploaded.push(*at))?;
    assert_eq!(first.pushed, count as u64, "{first:?}");
    let uploads: Vec<u64> = uploaded
        .iter()
        .filter(|at| at.phase == adiuva_app::SyncPhase::Uploading)
        .map(|at| at.done)
        .collect();
    assert!(uploads.is_sorted(), "the bar never goes back: {uploads:?}");
    assert_eq!(uploads.last(), Some(&(count as u64)), "{uploads:?}");
    let again = laptop.sync_now()?;
    assert_eq!(
        (again.pushed, again.pulled),
        (0, 0),
        "every record took the version the server gave it: {again:?}"
    );
    assert_eq!(laptop.sync_status()?.pending, 0);

    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&server.url, "parts@example.com", PASSPHRASE)?;
    assert_eq!(desktop.sync_now()?.pulled, count as u64);
    assert_eq!(tasks(&desktop)?, tasks(&laptop)?);
    // An edit after the push goes with the version the push recorded: not stale.
    let task = tasks(&laptop)?.pop().expect("a task");
    edit(
        &laptop,
        &task,
        TaskPatch {
            title: Some("Sort seed tray, done".into()),
            ..TaskPatch::default()
        },
    )?;
    let edited = laptop.sync_now()?;
    assert_eq!((edited.pushed, edited.rounds), (1, 1), "{edited:?}");
    Ok(())
}

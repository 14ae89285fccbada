//! Encrypted backups through the real server: a backup restored on a fresh device gives the
//! same workspace; a backup damaged on the server is refused and the current database stays
//! exactly as it was; the server holds no plaintext of it; automatic backups follow the
//! schedule a person set.

use adiuva_app::{BackupPhase, Clock, Workspace};
use adiuva_domain::{BackupSchedule, ErrorCode, NewNote, NewProject, NewTask, TaskFilter};
use adiuva_e2e::local_server::LocalServer;
use anyhow::Result;
use std::path::Path;

use crate::{PASSPHRASE, workspace};

const EMAIL: &str = "backup@example.com";

/// Everything a person sees, in a comparable form.
fn contents(ws: &Workspace) -> Result<Vec<String>> {
    let mut seen: Vec<String> = ws
        .list_tasks(&TaskFilter::default().validate()?)?
        .into_iter()
        .map(|t| format!("task {} {}", t.id, t.title))
        .collect();
    seen.extend(
        ws.list_projects(true)?
            .into_iter()
            .map(|p| format!("project {} {}", p.id, p.name)),
    );
    seen.extend(
        ws.list_notes(None)?
            .into_iter()
            .map(|n| format!("note {} {}", n.id, n.title)),
    );
    seen.sort();
    Ok(seen)
}

#[test]
fn a_backup_restores_on_a_new_device_and_a_damaged_one_changes_nothing() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, EMAIL, PASSPHRASE)?;
    let project = laptop.create_project(
        NewProject {
            name: "Greenhouse".into(),
            client_id: None,
        }
        .validate()?,
    )?;
    let drafts = (0..300)
        .map(|i| {
            NewTask {
                title: format!("Water bed {i}"),
                project_id: Some(project.id.to_string()),
                ..NewTask::default()
            }
            .validate()
        })
        .collect::<Result<Vec<_>, _>>()?;
    laptop.create_tasks(drafts)?;
    laptop.create_note(
        NewNote {
            title: "Soil".into(),
            content: Some("loam and compost".into()),
            project_id: None,
        }
        .validate()?,
    )?;

    let mut seen = Vec::new();
    let meta = laptop.create_backup_reporting(|at| {
        seen.push(*at);
        assert_eq!(
            laptop.backup_progress(),
            Some(*at),
            "the workspace shows it too"
        );
    })?;
    assert_eq!(laptop.backup_progress(), None, "nothing after");
    // The snapshot's bytes compressed up to its size, then the upload of exactly what the
    // server stored.
    let mut order: Vec<BackupPhase> = seen.iter().map(|p| p.phase).collect();
    order.dedup();
    assert_eq!(order, [BackupPhase::Compress, BackupPhase::Upload]);
    let compress: Vec<_> = seen
        .iter()
        .filter(|p| p.phase == BackupPhase::Compress)
        .collect();
    assert!(compress.windows(2).all(|w| w[0].done <= w[1].done));
    let last = compress.last().unwrap();
    assert!(last.done == last.total && last.total > 0, "{last:?}");
    assert_eq!(
        seen.last().map(|p| (p.done, p.total)),
        Some((meta.size_bytes, meta.size_bytes))
    );
    assert!(meta.chunk_count >= 1 && meta.size_bytes > 0);
    assert_eq!(laptop.list_backups()?.len(), 1);

    // Nothing the server keeps reads as the workspace.
    let stored = adiuva_e2e::files_under(server_dir.path())?;
    for file in &stored {
        let bytes = adiuva_e2e::read_if_there(file)?;
        for plain in [&b"Greenhouse"[..], b"Water bed", b"loam and compost"] {
            assert!(
                !bytes.windows(plain.len()).any(|w| w == plain),
                "{} holds plaintext",
                file.display()
            );
        }
    }

    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&server.url, EMAIL, PASSPHRASE)?;
    assert!(contents(&desktop)?.is_empty());
    desktop.restore_backup()?;
    assert_eq!(contents(&desktop)?, contents(&laptop)?);
    assert!(
        desktop.account_status()?.signed_in,
        "this device's sign-in survives the restore"
    );
    let previous = format!("{}.before-restore", adiuva_app::DATABASE_FILE);
    assert!(
        desktop_dir.path().join(previous).exists(),
        "the replaced database is kept"
    );

    // Damage the stored backup: the restore is refused and nothing here changes.
    let backup_file = stored
        .iter()
        .find(|p| {
            p.parent()
                .and_then(Path::file_name)
                .is_some_and(|n| n == "backups")
        })
        .expect("the backup's file")
        .clone();
    let mut bytes = std::fs::read(&backup_file)?;
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&backup_file, &bytes)?;
    let before = std::fs::read(desktop.database_path())?;
    let refused = desktop.restore_backup().unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Corrupted, "{refused}");
    assert!(refused.to_string().contains("checksum"), "{refused}");
    assert_eq!(
        std::fs::read(desktop.database_path())?,
        before,
        "the database is untouched"
    );
    assert_eq!(contents(&desktop)?, contents(&laptop)?);
    Ok(())
}

/// A clock the test moves forward.
struct Moving(std::sync::Mutex<i64>);

impl Moving {
    fn advance_hours(&self, hours: i64) {
        *self.0.lock().unwrap() += hours * 3_600_000;
    }
}

impl Clock for Moving {
    fn now(&self) -> adiuva_domain::Millis {
        adiuva_domain::Millis(*self.0.lock().unwrap())
    }

    fn today(&self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }
}

#[test]
fn automatic_backups_follow_the_schedule_and_wait_for_an_unlocked_signed_in_device() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let dir = tempfile::tempdir()?;
    let clock = std::sync::Arc::new(Moving(std::sync::Mutex::new(1_790_000_000_000)));
    let ws = workspace(dir.path())?.with_clock(clock.clone());
    ws.create_vault(PASSPHRASE, PASSPHRASE)?;

    // Off by default; a schedule does nothing before sign-in.
    assert_eq!(ws.backup_schedule()?, BackupSchedule::Off);
    ws.set_backup_schedule(BackupSchedule::Daily)?;
    assert!(ws.backup_if_due()?.is_none(), "not signed in");
    ws.sign_up(&server.url, "schedule@example.com", PASSPHRASE)?;
    ws.set_backup_schedule(BackupSchedule::Off)?;
    assert!(ws.backup_if_due()?.is_none(), "off");

    ws.set_backup_schedule(BackupSchedule::Daily)?;
    assert!(
        ws.backup_if_due()?.is_some(),
        "never backed up: due at once"
    );
    assert_eq!(ws.last_backup_at()?, Some(clock.now()));
    clock.advance_hours(23);
    assert!(ws.backup_if_due()?.is_none(), "a day has not passed");
    clock.advance_hours(1);
    ws.lock_vault()?;
    assert!(ws.backup_if_due()?.is_none(), "locked: waits");
    ws.unlock_vault(PASSPHRASE)?;
    assert!(ws.backup_if_due()?.is_some(), "a day passed");
    assert_eq!(ws.list_backups()?.len(), 2);
    // A restore brings the workspace back, not the device's schedule from the backup's time.
    let stored = ws.last_backup_at()?;
    ws.restore_backup()?;
    assert_eq!(ws.backup_schedule()?, BackupSchedule::Daily);
    assert_eq!(ws.last_backup_at()?, stored);

    // A failed attempt (the server gone) is reported, and the next waits an hour.
    clock.advance_hours(24);
    drop(server);
    let failed = ws.backup_if_due().unwrap_err();
    assert_eq!(failed.code(), ErrorCode::Offline, "{failed}");
    clock.advance_hours(1);
    let again = ws.backup_if_due();
    assert!(again.is_err(), "an hour later it tries again: {again:?}");
    assert!(ws.backup_if_due()?.is_none(), "and not again at once");
    // The schedule is this device's own: it survives a restart.
    drop(ws);
    assert_eq!(
        workspace(dir.path())?.backup_schedule()?,
        BackupSchedule::Daily
    );
    Ok(())
}

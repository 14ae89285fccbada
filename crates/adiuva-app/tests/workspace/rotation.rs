//! Sealed records and key rotation: every synced record sealed once per version, bound to
//! its identity; a rotation re-seals all of them under the new key, survives a crash between
//! batches, stops at a tampered record without losing it, and leaves the old key nowhere.

use adiuva_app::{AppError, Conflict, RotationProgress, VaultError, VaultState, Workspace};
use adiuva_crypto::{CryptoError, KdfParams, KeyId};
use adiuva_domain::{ErrorCode, NewComment, NewNote, NewProject, NewTask, TaskFilter, TaskPatch};
use std::path::Path;

const PASSPHRASE: &str = "marmalade tractor quietly orbit";

fn workspace(dir: &Path) -> Workspace {
    Workspace::open(dir)
        .unwrap()
        .with_kdf_params(KdfParams::FLOOR)
}

/// A project, `tasks` tasks, a comment and a note: `tasks + 3` synced records.
fn fill(ws: &Workspace, tasks: usize) {
    let project = ws
        .create_project(
            NewProject {
                name: "Garden".into(),
                client_id: None,
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let drafts = (0..tasks)
        .map(|i| {
            NewTask {
                title: format!("Task {i}"),
                project_id: Some(project.id.to_string()),
                ..NewTask::default()
            }
            .validate()
            .unwrap()
        })
        .collect();
    let ids = ws.create_tasks(drafts).unwrap();
    ws.add_comment(
        NewComment {
            task_id: ids[0].to_string(),
            content: "first".into(),
        }
        .validate()
        .unwrap(),
    )
    .unwrap();
    ws.create_note(
        NewNote {
            title: "Soil".into(),
            content: Some("loam".into()),
            project_id: None,
        }
        .validate()
        .unwrap(),
    )
    .unwrap();
}

fn database(ws: &Workspace) -> rusqlite::Connection {
    rusqlite::Connection::open(ws.database_path()).unwrap()
}

/// `(table, record id)` of every sealed record, and the generations they are under.
fn sealed_ids(ws: &Workspace) -> (Vec<(String, String)>, Vec<u32>) {
    let conn = database(ws);
    let mut stmt = conn
        .prepare("SELECT tbl, record_id, key_id FROM sealed_records ORDER BY tbl, record_id")
        .unwrap();
    let rows: Vec<(String, String, u32)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut generations: Vec<u32> = rows.iter().map(|r| r.2).collect();
    generations.dedup();
    (
        rows.into_iter().map(|(t, id, _)| (t, id)).collect(),
        generations,
    )
}

#[test]
fn each_record_is_sealed_once_per_version_and_bound_to_its_identity() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    fill(&ws, 3);
    assert!(matches!(
        ws.seal_changed_records(),
        Err(AppError::Vault(VaultError::NoVault))
    ));
    ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    ws.lock_vault().unwrap();
    assert_eq!(
        ws.seal_changed_records().unwrap_err().code(),
        ErrorCode::Locked
    );
    ws.unlock_vault(PASSPHRASE).unwrap();

    assert_eq!(ws.seal_changed_records().unwrap(), 6);
    assert_eq!(ws.seal_changed_records().unwrap(), 0, "nothing changed");
    let task = &ws
        .list_tasks(&TaskFilter::default().validate().unwrap())
        .unwrap()[0];
    ws.update_task(
        task.id,
        TaskPatch {
            title: Some("Renamed".into()),
            ..TaskPatch::default()
        }
        .validate()
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        ws.seal_changed_records().unwrap(),
        1,
        "only the edited task"
    );

    let (key, key_id) = ws.vault_key().unwrap();
    let sealed = ws
        .sealed_record("tasks", &task.id.to_string())
        .unwrap()
        .unwrap();
    assert_eq!(sealed.key_id().unwrap(), key_id);
    let body: serde_json::Value =
        serde_json::from_slice(&sealed.open(&key, key_id).unwrap().body).unwrap();
    assert_eq!(body["title"], "Renamed");
    assert_eq!(body["id"], task.id.to_string());
    assert!(
        body.get("pk").is_none() && body.get("dirty").is_none(),
        "device-local columns stay on the device: {body}"
    );
    // The envelope does not open as another record.
    let mut moved = sealed;
    moved.context.record_id = "another".into();
    assert_eq!(
        moved.open(&key, key_id).unwrap_err(),
        CryptoError::Inauthentic
    );
}

#[test]
fn a_rotation_reseals_everything_and_resumes_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    fill(&ws, 447);
    let first = ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    assert_eq!(ws.seal_changed_records().unwrap(), 450);
    let (old_key, old_id) = ws.vault_key().unwrap();
    let (records, generations) = sealed_ids(&ws);
    assert_eq!(generations, [1]);

    let second = ws.rotate_vault_key(PASSPHRASE).unwrap();
    let status = ws.vault_status().unwrap();
    assert_eq!(
        status.rotation,
        Some(RotationProgress {
            key_generation: 2,
            done: 0,
            total: 450
        })
    );
    assert!(matches!(
        ws.rotate_vault_key(PASSPHRASE),
        Err(AppError::Conflict(Conflict::RotationUnderway))
    ));
    let progress = ws.reseal_batch(200).unwrap().unwrap();
    assert_eq!((progress.done, progress.total), (200, 450));

    // The process dies between batches: only what is on disk survives.
    drop(ws);
    let ws = workspace(dir.path());
    let status = ws.vault_status().unwrap();
    assert_eq!(status.state, VaultState::Locked);
    assert_eq!(status.rotation.map(|r| r.done), Some(200));
    assert_eq!(
        ws.unlock_vault_with_recovery_key(&first.recovery_key)
            .unwrap_err()
            .code(),
        ErrorCode::WrongRecoveryKey,
        "the old recovery key stopped working when the rotation began"
    );
    ws.unlock_vault_with_recovery_key(&second.recovery_key)
        .unwrap();
    let mut seen = Vec::new();
    let last = ws.finish_rotation(|p| seen.push(p.done)).unwrap().unwrap();
    assert_eq!(seen, [400, 450], "progress after each batch");
    assert!(last.finished());
    assert_eq!(ws.vault_status().unwrap().rotation, None);
    assert_eq!(ws.finish_rotation(|_| {}).unwrap(), None, "nothing left");

    let (new_key, new_id) = ws.vault_key().unwrap();
    assert_eq!(new_id, KeyId(2));
    let (after, generations) = sealed_ids(&ws);
    assert_eq!(after, records, "every record is still there");
    assert_eq!(generations, [2]);
    for (table, id) in &after {
        let sealed = ws.sealed_record(table, id).unwrap().unwrap();
        sealed.open(&new_key, new_id).unwrap();
        assert!(sealed.open(&old_key, old_id).is_err());
    }
    let retiring: Option<Vec<u8>> = database(&ws)
        .query_row("SELECT retiring_key FROM vault", [], |r| r.get(0))
        .unwrap();
    assert_eq!(retiring, None, "the old key is gone");

    // With the rotation done, another may start.
    ws.rotate_vault_key(PASSPHRASE).unwrap();
    assert_eq!(ws.vault_status().unwrap().key_generation, Some(3));
}

#[test]
fn a_tampered_record_stops_the_rotation_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    fill(&ws, 2);
    ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    ws.seal_changed_records().unwrap();
    let conn = database(&ws);
    let (table, id, mut envelope): (String, String, Vec<u8>) = conn
        .query_row(
            "SELECT tbl, record_id, envelope FROM sealed_records ORDER BY tbl LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let last = envelope.len() - 1;
    envelope[last] ^= 1;
    conn.execute(
        "UPDATE sealed_records SET envelope = ?1 WHERE tbl = ?2 AND record_id = ?3",
        rusqlite::params![envelope, table, id],
    )
    .unwrap();

    ws.rotate_vault_key(PASSPHRASE).unwrap();
    let err = ws.finish_rotation(|_| {}).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Corrupted, "{err}");
    assert!(err.to_string().contains(&id), "the message names it: {err}");
    let kept: Vec<u8> = conn
        .query_row(
            "SELECT envelope FROM sealed_records WHERE tbl = ?1 AND record_id = ?2",
            [&table, &id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, envelope, "the damaged record is left as it was");
    let status = ws.vault_status().unwrap();
    assert_eq!(
        status.rotation.map(|r| (r.done, r.total)),
        Some((0, 5)),
        "the failed batch rolled back and the rotation stays resumable"
    );
}

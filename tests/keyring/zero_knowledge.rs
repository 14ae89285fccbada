//! The server holds only ciphertext: after a session of two devices (projects, tasks with
//! descriptions, comments, checkpoints, notes edited on both, a provider key, a passphrase
//! change, a backup), nothing the server stored — its database, WAL and every file beside it —
//! contains any plaintext of the session or any key.

use adiuva_domain::{
    NewCheckpoint, NewComment, NewNote, NewProject, NewProvider, NewTask, NotePatch, ProviderKind,
    TaskPatch,
};
use adiuva_e2e::local_server::LocalServer;
use anyhow::Result;

use crate::{PASSPHRASE, needles, workspace};

const EMAIL: &str = "zero-knowledge@example.com";
const NEW_PASSPHRASE: &str = "quartz meadow lantern ferry";
const PROVIDER_KEY: &str = "sk-zk-0a1b2c3d4e5f60718293a4b5";

#[test]
fn the_server_stores_nothing_readable_from_a_two_device_session() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    let shown = laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, EMAIL, PASSPHRASE)?;
    laptop.add_provider(&NewProvider {
        name: "work".into(),
        kind: Some(ProviderKind::OpenAi),
        base_url: None,
        key: Some(PROVIDER_KEY.into()),
    })?;

    let plaintext = [
        "Quarterly orchard audit",
        "Graft the Bramley seedlings",
        "Use the whip-and-tongue method on rootstock M26",
        "Scion wood arrived from Devon nursery",
        "Blossom survey complete",
        "Frost pocket near the eastern hedge",
        "Codling moth traps at thirty metres",
    ];
    let project = laptop.create_project(
        NewProject {
            name: plaintext[0].into(),
            client_id: None,
        }
        .validate()?,
    )?;
    let task = laptop.create_task(
        NewTask {
            title: plaintext[1].into(),
            description: Some(plaintext[2].into()),
            project_id: Some(project.id.to_string()),
            ..NewTask::default()
        }
        .validate()?,
    )?;
    laptop.add_comment(
        NewComment {
            task_id: task.id.to_string(),
            content: plaintext[3].into(),
        }
        .validate()?,
    )?;
    laptop.create_checkpoint(
        NewCheckpoint {
            title: plaintext[4].into(),
            project_id: project.id.to_string(),
            date: "2026-12-01".into(),
        }
        .validate()?,
    )?;
    let note = laptop.create_note(
        NewNote {
            title: "Orchard notebook".into(),
            content: Some(format!("{}\n\n{}\n", plaintext[5], plaintext[6])),
            project_id: Some(project.id.to_string()),
        }
        .validate()?,
    )?;
    laptop.sync_now()?;

    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&server.url, EMAIL, PASSPHRASE)?;
    desktop.sync_now()?;
    let body = desktop.get_note(note.id)?.content;
    desktop.update_note(
        note.id,
        NotePatch {
            content: Some(format!("{body}Pheromone lures replaced in June\n")),
            ..NotePatch::default()
        }
        .validate()?,
    )?;
    desktop.update_task(
        task.id,
        TaskPatch {
            description: Some("Bind with grafting tape, then wax".into()),
            ..TaskPatch::default()
        }
        .validate()?,
    )?;
    desktop.sync_now()?;
    laptop.sync_now()?;
    laptop.change_passphrase(PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)?;
    laptop.create_backup()?;
    laptop.sync_now()?;

    let (key, _) = laptop.vault_key()?;
    let mut secrets = needles(PASSPHRASE, key.expose(), &shown.recovery_key);
    secrets.extend(needles(NEW_PASSPHRASE, key.expose(), &shown.recovery_key));
    secrets.push(("provider key".into(), PROVIDER_KEY.as_bytes().to_vec()));
    secrets.push(("a note title".into(), b"Orchard notebook".to_vec()));
    for text in plaintext.iter().chain(&[
        "Pheromone lures replaced in June",
        "Bind with grafting tape, then wax",
    ]) {
        secrets.push((format!("{text:?}"), text.as_bytes().to_vec()));
    }
    // Distinctive single words too: a CRDT or a compressor may keep words apart.
    for word in [
        "Bramley",
        "rootstock",
        "Pheromone",
        "whip-and-tongue",
        "Devon",
    ] {
        secrets.push((format!("the word {word:?}"), word.as_bytes().to_vec()));
    }

    let files = adiuva_e2e::files_under(server_dir.path())?;
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().ends_with("server.sqlite3")),
        "the server's database is scanned: {files:?}"
    );
    let mut found = Vec::new();
    for file in files {
        let bytes = adiuva_e2e::read_if_there(&file)?;
        for (what, needle) in &secrets {
            if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
                found.push(format!("{what} in {}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "plaintext on the server: {found:?}");
    // The session really happened: the desktop's edit reached the laptop.
    assert!(
        laptop
            .get_note(note.id)?
            .content
            .contains("Pheromone lures replaced in June")
    );
    Ok(())
}

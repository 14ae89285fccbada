//! The OS keyring for real: gnome-keyring's Secret Service on the private session bus that
//! `cargo xtask test` provides. Remembering a vault on this device, reopening from the
//! keyring, forgetting it, and a scan of the data directory for every secret of the session;
//! provider keys and provider tests in `providers`, the CLI in `cli`, accounts on the real
//! server in `account`.

mod account;
mod backup;
mod cli;
mod faults;
mod killed;
mod progress;
mod providers;
mod sync;
mod tamper;
mod tokens;
mod zero_knowledge;

use adiuva_app::{OsKeyring, SecretStore, VaultState, Workspace};
use adiuva_crypto::KdfParams;
use adiuva_domain::{ErrorCode, NewProject};
use anyhow::Result;

const PASSPHRASE: &str = "marmalade tractor quietly orbit";

/// gnome-keyring-daemon was seen to crash with many tests writing to it at once, taking every
/// later test down with it; the tests of this binary take turns with the keyring.
static KEYRING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn keyring_turn() -> std::sync::MutexGuard<'static, ()> {
    KEYRING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn workspace(dir: &std::path::Path) -> Result<Workspace> {
    Ok(Workspace::open(dir)?.with_kdf_params(KdfParams::FLOOR))
}

#[test]
fn the_os_keyring_stores_reads_and_deletes_secrets() -> Result<()> {
    let _turn = crate::keyring_turn();
    let keyring = OsKeyring::new();
    let name = format!("adiuva-test-{}", std::process::id());
    assert_eq!(keyring.get(&name)?, None);
    keyring.set(&name, b"\x00\x01 binary \xff secret")?;
    assert_eq!(
        keyring.get(&name)?.as_deref().map(Vec::as_slice),
        Some(&b"\x00\x01 binary \xff secret"[..])
    );
    keyring.delete(&name)?;
    keyring.delete(&name)?; // deleting twice is fine
    assert_eq!(keyring.get(&name)?, None);
    Ok(())
}

#[test]
fn a_remembered_device_reopens_from_the_keyring_until_it_is_forgotten() -> Result<()> {
    let _turn = crate::keyring_turn();
    let dir = tempfile::tempdir()?;
    let ws = workspace(dir.path())?;
    ws.create_vault(PASSPHRASE, PASSPHRASE)?;
    let (key, _) = ws.vault_key()?;
    assert!(ws.remember_on_device(true)?.remembered);
    drop(ws);

    // The next start opens without the passphrase.
    let ws = workspace(dir.path())?;
    assert_eq!(ws.vault_status()?.state, VaultState::Locked);
    assert_eq!(ws.unlock_from_device()?.state, VaultState::Unlocked);
    assert_eq!(ws.vault_key()?.0, key);

    // Rotation re-wraps the remembered device with the new key.
    ws.rotate_vault_key(PASSPHRASE)?;
    let (rotated, _) = ws.vault_key()?;
    drop(ws);
    let ws = workspace(dir.path())?;
    ws.unlock_from_device()?;
    assert_eq!(ws.vault_key()?.0, rotated);

    // Forgetting deletes the keyring entry: the next start needs the passphrase.
    assert!(!ws.remember_on_device(false)?.remembered);
    drop(ws);
    let ws = workspace(dir.path())?;
    assert_eq!(
        ws.unlock_from_device().unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(ws.vault_status()?.state, VaultState::Locked);
    Ok(())
}

/// Every byte sequence a secret of this session could leave behind.
fn needles(passphrase: &str, key: &[u8; 32], recovery: &str) -> Vec<(String, Vec<u8>)> {
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    vec![
        ("passphrase".into(), passphrase.as_bytes().to_vec()),
        ("vault key".into(), key.to_vec()),
        ("vault key (hex)".into(), hex.into_bytes()),
        ("recovery key".into(), recovery.as_bytes().to_vec()),
        (
            "recovery key (ungrouped)".into(),
            recovery.replace('-', "").into_bytes(),
        ),
    ]
}

#[test]
fn no_secret_of_a_session_reaches_the_data_directory() -> Result<()> {
    let _turn = crate::keyring_turn();
    const NEW: &str = "lantern pebble civic thunder";
    const PROVIDER_KEY: &str = "sk-scan-5e4d3c2b1a0f9e8d7c6b5a4f";
    let dir = tempfile::tempdir()?;
    let ws = workspace(dir.path())?;
    let shown = ws.create_vault(PASSPHRASE, PASSPHRASE)?;
    ws.remember_on_device(true)?;
    ws.create_project(
        NewProject {
            name: "Secret plans".into(),
            client_id: None,
        }
        .validate()?,
    )?;
    let provider = ws.add_provider(&adiuva_domain::NewProvider {
        name: "scan".into(),
        kind: Some(adiuva_domain::ProviderKind::OpenAi),
        base_url: None,
        key: Some(PROVIDER_KEY.into()),
    })?;
    ws.change_passphrase(PASSPHRASE, NEW, NEW)?;
    let (key, _) = ws.vault_key()?;
    let mut secrets = needles(PASSPHRASE, key.expose(), &shown.recovery_key);
    secrets.extend(needles(NEW, key.expose(), &shown.recovery_key));
    secrets.push(("provider key".into(), PROVIDER_KEY.as_bytes().to_vec()));
    let mut found = Vec::new();
    // Scanned while the database is open, so its WAL and shared-memory files are there too.
    let files = adiuva_e2e::files_under(dir.path())?;
    assert!(
        files.iter().any(|f| f.to_string_lossy().ends_with("-wal")),
        "the WAL is scanned too"
    );
    for file in files {
        let bytes = adiuva_e2e::read_if_there(&file)?;
        for (what, needle) in &secrets {
            if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
                found.push(format!("{what} in {}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "secrets on disk: {found:?}");
    ws.delete_provider(&provider.id)?;
    Ok(())
}

/// A record's current blob as the server stores it (tests that tamper with the server's
/// storage read and write its database directly).
fn server_blob(server_dir: &std::path::Path, record_id: &str) -> Result<Vec<u8>> {
    let db = rusqlite::Connection::open(server_dir.join("server.sqlite3"))?;
    Ok(
        db.query_row("SELECT blob FROM records WHERE id = ?1", [record_id], |r| {
            r.get(0)
        })?,
    )
}

fn set_server_blob(server_dir: &std::path::Path, record_id: &str, blob: &[u8]) -> Result<()> {
    let db = rusqlite::Connection::open(server_dir.join("server.sqlite3"))?;
    db.busy_timeout(std::time::Duration::from_secs(5))?;
    let changed = db.execute(
        "UPDATE records SET blob = ?2 WHERE id = ?1",
        rusqlite::params![record_id, blob],
    )?;
    anyhow::ensure!(changed == 1, "no record {record_id} on the server");
    Ok(())
}

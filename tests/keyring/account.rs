//! Accounts against the real server and the real keyring: sign up uploads the vault's
//! envelope; a second device signs in only with the right passphrase, writing nothing before
//! the key test passes, and ends up with the same vault; a workspace with another vault is
//! refused; tokens never reach the data directory; an unreachable server is told apart.

use adiuva_app::{AppError, Conflict, VaultState, Workspace};
use adiuva_domain::{ErrorCode, NewProject, Reason};
use adiuva_e2e::local_server::LocalServer;
use anyhow::Result;
use std::path::Path;

use crate::PASSPHRASE;
const EMAIL: &str = "me@example.com";

/// A short timeout, so the unreachable-server case answers quickly.
fn workspace(dir: &Path) -> Result<Workspace> {
    Ok(crate::workspace(dir)?.with_http_timeout(std::time::Duration::from_secs(5)))
}

/// Whether any file under `dir` holds a JWT (the header every access token starts with).
fn holds_a_token(dir: &Path) -> Result<bool> {
    for file in adiuva_e2e::files_under(dir)? {
        let bytes = adiuva_e2e::read_if_there(&file)?;
        if bytes
            .windows(8)
            .any(|w| w == b"eyJ0eXAi" || w == b"eyJhbGci")
        {
            return Ok(true);
        }
    }
    Ok(false)
}

#[test]
fn a_second_device_signs_in_with_the_passphrase_and_gets_the_same_vault() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;

    let bad_email = laptop
        .sign_up(&server.url, "not an email", PASSPHRASE)
        .unwrap_err();
    assert!(
        matches!(&bad_email, AppError::Invalid(v) if v.field == "email" && v.reason == Reason::InvalidEmail)
    );
    let wrong = laptop
        .sign_up(&server.url, EMAIL, "wrong passphrase entirely")
        .unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::WrongPassphrase);
    let status = laptop.sign_up(&server.url, EMAIL, PASSPHRASE)?;
    assert!(status.signed_in);
    assert_eq!(status.email.as_deref(), Some(EMAIL));
    let taken = laptop.sign_up(&server.url, EMAIL, PASSPHRASE).unwrap_err();
    assert_eq!(taken.code(), ErrorCode::Conflict, "{taken}");

    // A new device: a wrong passphrase is refused before anything is written.
    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    let refused = desktop
        .sign_in(&server.url, EMAIL, "marmalade tractor quietly orbiT")
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::WrongPassphrase, "{refused}");
    assert_eq!(desktop.vault_status()?.state, VaultState::None);
    assert!(!desktop.account_status()?.signed_in);

    let signed_in = desktop.sign_in(&server.url, EMAIL.to_uppercase().as_str(), PASSPHRASE)?;
    assert!(signed_in.signed_in);
    assert_eq!(desktop.vault_status()?.state, VaultState::Unlocked);
    assert_eq!(
        desktop.vault_key()?.0,
        laptop.vault_key()?.0,
        "the same vault key"
    );

    // What the laptop seals, the desktop opens: same key and same vault id.
    laptop.create_project(
        NewProject {
            name: "Garden".into(),
            client_id: None,
        }
        .validate()?,
    )?;
    laptop.seal_changed_records()?;
    let project = &laptop.list_projects(true)?[0];
    let sealed = laptop
        .sealed_record("projects", &project.id.to_string())?
        .expect("sealed");
    let (key, key_id) = desktop.vault_key()?;
    let mut moved = sealed.clone();
    moved.context.vault_id = [0; 16];
    assert!(moved.open(&key, key_id).is_err());
    let opened = sealed.open(&key, key_id)?;
    assert!(String::from_utf8_lossy(&opened.body).contains("Garden"));

    assert!(!holds_a_token(laptop_dir.path())? && !holds_a_token(desktop_dir.path())?);

    let out = desktop.sign_out()?;
    assert!(!out.signed_in);
    assert_eq!(
        desktop.vault_status()?.state,
        VaultState::Unlocked,
        "local data stays"
    );
    Ok(())
}

#[test]
fn a_workspace_with_another_vault_and_an_unreachable_server_are_refused() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let first = tempfile::tempdir()?;
    let owner = workspace(first.path())?;
    owner.create_vault(PASSPHRASE, PASSPHRASE)?;
    owner.sign_up(&server.url, "owner@example.com", PASSPHRASE)?;

    let other_dir = tempfile::tempdir()?;
    let other = workspace(other_dir.path())?;
    other.create_vault(PASSPHRASE, PASSPHRASE)?;
    let (before, _) = other.vault_key()?;
    let err = other
        .sign_in(&server.url, "owner@example.com", PASSPHRASE)
        .unwrap_err();
    assert!(
        matches!(err, AppError::Conflict(Conflict::OtherVault)),
        "{err}"
    );
    assert_eq!(other.vault_key()?.0, before, "its own vault is untouched");
    assert!(!other.account_status()?.signed_in);

    let offline = workspace(tempfile::tempdir()?.path())?;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    let unreachable = offline
        .sign_in(&format!("http://{closed}"), "owner@example.com", PASSPHRASE)
        .unwrap_err();
    assert_eq!(unreachable.code(), ErrorCode::Offline, "{unreachable}");
    assert!(unreachable.to_string().contains("cannot reach the server"));
    Ok(())
}

#[test]
fn a_new_passphrase_and_a_rotation_reach_the_server_for_the_next_device() -> Result<()> {
    let _turn = crate::keyring_turn();
    const NEW: &str = "lantern pebble civic thunder";
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&server.url, "rotate@example.com", PASSPHRASE)?;

    laptop.change_passphrase(PASSPHRASE, NEW, NEW)?;
    let second = workspace(tempfile::tempdir()?.path())?;
    assert_eq!(
        second
            .sign_in(&server.url, "rotate@example.com", PASSPHRASE)
            .unwrap_err()
            .code(),
        ErrorCode::WrongPassphrase,
        "the old passphrase no longer signs in"
    );
    let second_dir = tempfile::tempdir()?;
    let second = workspace(second_dir.path())?;
    second.sign_in(&server.url, "rotate@example.com", NEW)?;
    assert_eq!(second.vault_key()?.0, laptop.vault_key()?.0);

    laptop.rotate_vault_key(NEW)?;
    let third_dir = tempfile::tempdir()?;
    let third = workspace(third_dir.path())?;
    third.sign_in(&server.url, "rotate@example.com", NEW)?;
    let (rotated, generation) = third.vault_key()?;
    assert_eq!(
        (rotated, generation),
        laptop.vault_key()?,
        "the new generation"
    );
    assert_eq!(generation.0, 2);

    // With the server gone, the passphrase cannot change (other devices would be locked out).
    drop(server);
    let refused = laptop
        .change_passphrase(NEW, PASSPHRASE, PASSPHRASE)
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Offline, "{refused}");
    laptop.lock_vault()?;
    laptop.unlock_vault(NEW)?;
    Ok(())
}

#[test]
fn a_paid_account_lifts_the_free_tier_provider_limit() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    // The server's default plan for new accounts is `pro`.
    let server = LocalServer::start(server_dir.path());
    let dir = tempfile::tempdir()?;
    let ws = workspace(dir.path())?;
    ws.create_vault(PASSPHRASE, PASSPHRASE)?;
    let provider = |name: &str| adiuva_domain::NewProvider {
        name: name.into(),
        kind: Some(adiuva_domain::ProviderKind::OpenAi),
        base_url: None,
        key: Some("sk-tier-7f6e5d4c3b2a1908".into()),
    };
    let first = ws.add_provider(&provider("first"))?;
    let refused = ws.add_provider(&provider("second")).unwrap_err();
    assert!(
        matches!(refused, AppError::Conflict(Conflict::ProviderLimit)),
        "{refused}"
    );

    ws.sign_up(&server.url, "tier@example.com", PASSPHRASE)?;
    let second = ws.add_provider(&provider("second"))?;
    ws.sign_out()?;
    let refused = ws.add_provider(&provider("third")).unwrap_err();
    assert!(
        matches!(refused, AppError::Conflict(Conflict::ProviderLimit)),
        "signed out, the free tier applies again: {refused}"
    );
    for p in [first, second] {
        ws.delete_provider(&p.id)?;
    }
    Ok(())
}

//! The sign-in's tokens through the real keyring: a workspace reads them once and then holds
//! the access token in memory; when another workspace on the same data (another process, as
//! the app and the CLI are) refreshed them meanwhile, an expired token sends it back to the
//! keyring for the new ones, never replaying the spent refresh token (which would revoke the
//! sign-in everywhere).

use std::{
    path::Path,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use adiuva_app::{KeyringError, OsKeyring, SecretStore, Workspace};
use adiuva_server::{Background, ServerConfig};
use anyhow::Result;
use zeroize::Zeroizing;

use crate::PASSPHRASE;

/// Past the 1 s lifetime of an access token: its expiry is in whole seconds and a token is
/// still valid during its last second, so one can last up to two.
const EXPIRED: Duration = Duration::from_millis(2_200);

/// The OS keyring, counting reads.
struct Counted {
    keyring: OsKeyring,
    reads: AtomicUsize,
}

impl SecretStore for Counted {
    fn get(&self, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyringError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.keyring.get(name)
    }

    fn set(&self, name: &str, secret: &[u8]) -> Result<(), KeyringError> {
        self.keyring.set(name, secret)
    }

    fn delete(&self, name: &str) -> Result<(), KeyringError> {
        self.keyring.delete(name)
    }
}

fn counted(dir: &Path) -> Result<(Workspace, Arc<Counted>)> {
    let store = Arc::new(Counted {
        keyring: OsKeyring::new(),
        reads: AtomicUsize::new(0),
    });
    let ws = crate::workspace(dir)?.with_secret_store(store.clone());
    Ok((ws, store))
}

#[test]
fn tokens_are_read_once_and_a_refresh_elsewhere_is_picked_up_not_replayed() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let config = ServerConfig {
        access_ttl: Duration::from_secs(1),
        ..ServerConfig::default()
    };
    let server = Background::start(server_dir.path(), config)?;
    let url = format!("http://{}", server.addr);
    let dir = tempfile::tempdir()?;
    let (app, app_keyring) = counted(dir.path())?;
    app.create_vault(PASSPHRASE, PASSPHRASE)?;
    app.sign_up(&url, "tokens@example.com", PASSPHRASE)?;

    let reads = app_keyring.reads.load(Ordering::SeqCst);
    for _ in 0..3 {
        app.sync_now()?;
    }
    assert_eq!(
        app_keyring.reads.load(Ordering::SeqCst),
        reads,
        "rounds use the token held in memory"
    );

    // Another process on the same workspace refreshes once the access token expired: the
    // server rotates the refresh token the app last saw.
    let (cli, _) = counted(dir.path())?;
    cli.unlock_vault(PASSPHRASE)?;
    std::thread::sleep(EXPIRED);
    cli.sync_now()?;
    // The app's token expired too: it takes the CLI's new tokens from the keyring.
    app.sync_now()?;
    assert!(app_keyring.reads.load(Ordering::SeqCst) > reads);
    // Nothing was replayed, so the sign-in still works for both.
    cli.sync_now()?;
    app.sync_now()?;

    // Both expired again: one of them refreshes, the other follows it.
    std::thread::sleep(EXPIRED);
    app.sync_now()?;
    cli.sync_now()?;
    app.sync_now()?;
    app.sign_out()?;
    Ok(())
}

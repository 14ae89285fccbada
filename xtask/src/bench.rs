//! Benchmarks: each prints its figures beside a baseline measured in the same run (raw
//! SQLite for the workspace, the raw AEAD for sealing, the seed's one-request-per-record
//! contract and a plain file copy for sync and backups).

use anyhow::Result;

use crate::{keyring, shell};

pub fn run() -> Result<()> {
    // The workspace benchmark also times unlocking from the OS keyring, so it runs with one.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    shell::status(&mut keyring::session_command(
        &cargo,
        &["bench", "--package", "adiuva-app", "--bench", "workspace"],
    )?)?;
    shell::cargo(&["bench", "--package", "adiuva-crypto", "--bench", "crypto"])?;
    // Signing in keeps tokens in the OS keyring.
    shell::status(&mut keyring::session_command(
        &cargo,
        &["bench", "--package", "adiuva-e2e", "--bench", "sync"],
    )?)?;
    shell::status(&mut keyring::session_command(
        &cargo,
        &["bench", "--package", "adiuva-e2e", "--bench", "agent_relay"],
    )?)
}

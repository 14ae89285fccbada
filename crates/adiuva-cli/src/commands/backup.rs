//! `adiuva backup …` and `adiuva sync`: the commands that seal and open with the vault key.

use std::time::Duration;

use adiuva_app::{AppError, VaultError, Workspace, transient};

use crate::{
    CliError,
    args::BackupCommand,
    output::{Output, lines},
    secret_input::SecretSource,
};

/// Unlocks for sealing or opening: from the OS keyring when this device is remembered, else
/// with the passphrase.
fn unlock(ws: &Workspace, secrets: &mut SecretSource) -> Result<(), CliError> {
    match ws.unlock_from_device() {
        Ok(_) => Ok(()),
        Err(AppError::Vault(VaultError::NotRemembered | VaultError::Keyring(_))) => {
            ws.unlock_vault(&secrets.read("passphrase")?)?;
            Ok(())
        }
        Err(err) => Err(err.into()),
    }
}

/// How `adiuva sync` goes on.
pub struct Rounds {
    pub watch: bool,
    pub interval: Duration,
    pub attempts: u32,
}

pub fn sync(
    ws: &Workspace,
    out: &Output,
    mut secrets: SecretSource,
    rounds: Rounds,
) -> Result<(), CliError> {
    unlock(ws, &mut secrets)?;
    loop {
        let outcome = ws.sync_retrying(rounds.attempts, |wait| {
            eprintln!(
                "The server is not answering properly; trying again in {:.1} s.",
                wait.as_secs_f32()
            );
            std::thread::sleep(wait);
        });
        match outcome {
            Ok(report) => out.print(&report, |r| {
                let mut text = format!("Pushed {}, pulled {}.", r.pushed, r.pulled);
                if r.quarantined > 0 {
                    text.push_str(&format!(
                        " {} received records did not open and were set aside; your local copies are unchanged.",
                        r.quarantined
                    ));
                }
                text
            }),
            // Watching outlasts an outage: report it and try at the next round.
            Err(err) if rounds.watch && transient(&err).is_some() => eprintln!("{err}"),
            Err(err) => return Err(err.into()),
        }
        if !rounds.watch {
            return Ok(());
        }
        std::thread::sleep(rounds.interval);
    }
}

pub fn run(
    ws: &Workspace,
    command: BackupCommand,
    out: &Output,
    mut secrets: SecretSource,
) -> Result<(), CliError> {
    match command {
        BackupCommand::Create => {
            unlock(ws, &mut secrets)?;
            let meta = ws.create_backup()?;
            out.print(&meta, |m| {
                format!(
                    "Backed up: {} ({} bytes sealed, {} chunks).",
                    m.id, m.size_bytes, m.chunk_count
                )
            });
        }
        BackupCommand::List => {
            let backups = ws.list_backups()?;
            out.print(&backups, |list| {
                lines(
                    list,
                    "No backups yet. Make one with: adiuva backup create",
                    |b| {
                        format!(
                            "{}  {} bytes  taken at {} ms",
                            b.id, b.size_bytes, b.timestamp
                        )
                    },
                )
            });
        }
        BackupCommand::Restore => {
            unlock(ws, &mut secrets)?;
            ws.restore_backup()?;
            out.print(&serde_json::json!({ "restored": true }), |_| {
                "Restored the latest backup; the previous database is kept beside it.".to_owned()
            });
        }
        BackupCommand::Delete { id } => {
            ws.delete_backup(&id)?;
            out.print(&serde_json::json!({ "deleted": id }), |_| {
                "Deleted.".to_owned()
            });
        }
        BackupCommand::Schedule {
            schedule: None,
            if_due: true,
        } => {
            unlock(ws, &mut secrets)?;
            let taken = ws.backup_if_due()?;
            out.print(&serde_json::json!({ "backup": taken }), |_| match &taken {
                Some(meta) => format!("Backed up: {} ({} bytes sealed).", meta.id, meta.size_bytes),
                None => "No backup due.".to_owned(),
            });
        }
        BackupCommand::Schedule { schedule, .. } => {
            let schedule = match schedule {
                Some(chosen) => ws.set_backup_schedule(chosen)?,
                None => ws.backup_schedule()?,
            };
            let last = ws.last_backup_at()?;
            out.print(
                &serde_json::json!({ "schedule": schedule, "last_backup_at": last.map(|m| m.0) }),
                |_| format!("Automatic backups: {}.", schedule.label().to_lowercase()),
            );
        }
    }
    Ok(())
}

//! `adiuva vault …`

use adiuva_app::{
    AppError, RecoveryKeyShown, RotationProgress, VaultError, VaultState, VaultStatus, Workspace,
};
use serde::Serialize;

use crate::{CliError, args::VaultCommand, output::Output, secret_input::SecretSource};

pub fn run(
    ws: &Workspace,
    command: VaultCommand,
    out: &Output,
    mut secrets: SecretSource,
) -> Result<(), CliError> {
    match command {
        VaultCommand::Init => {
            let passphrase = secrets.read("new passphrase")?;
            let confirmation = secrets.read("new passphrase again")?;
            let shown = ws.create_vault(&passphrase, &confirmation)?;
            out.print(&shown, recovery_text);
        }
        VaultCommand::Unlock {
            recovery_key,
            remember,
        } => {
            let status = if recovery_key {
                ws.unlock_vault_with_recovery_key(&secrets.read("recovery key")?)?
            } else {
                ws.unlock_vault(&secrets.read("passphrase")?)?
            };
            let status = if remember {
                ws.remember_on_device(true)?
            } else {
                status
            };
            out.print(&status, |s| {
                if s.remembered {
                    "Unlocked. This device now opens the vault from the system keyring.".to_owned()
                } else {
                    "Unlocked: the passphrase is right.".to_owned()
                }
            });
        }
        VaultCommand::Lock => {
            let status = ws.remember_on_device(false)?;
            out.print(&status, |_| {
                "This device no longer remembers the vault.".to_owned()
            });
        }
        VaultCommand::Status => {
            // A remembered device opens from the keyring; say why not when it cannot.
            let status = ws.vault_status()?;
            let (status, note) = if status.remembered {
                match ws.unlock_from_device() {
                    Ok(status) => (status, None),
                    Err(AppError::Vault(
                        err @ (VaultError::Keyring(_) | VaultError::NotRemembered),
                    )) => (status, Some(err.to_string())),
                    Err(err) => return Err(err.into()),
                }
            } else {
                (status, None)
            };
            out.print(&status, |s| status_text(s, note.as_deref()));
        }
        VaultCommand::Passwd => {
            let current = secrets.read("current passphrase")?;
            let new = secrets.read("new passphrase")?;
            let confirmation = secrets.read("new passphrase again")?;
            let status = ws.change_passphrase(&current, &new, &confirmation)?;
            out.print(&status, |_| {
                "Passphrase changed. Your recovery key still works.".to_owned()
            });
        }
        VaultCommand::RecoveryKey => {
            let shown = ws.regenerate_recovery_key(&secrets.read("passphrase")?)?;
            out.print(&shown, recovery_text);
        }
        VaultCommand::Rotate => rotate(ws, out, &mut secrets)?,
    }
    Ok(())
}

/// What `vault rotate` did: the new recovery key (absent when it resumed an interrupted
/// rotation, whose key was shown then) and the records re-sealed.
#[derive(Serialize)]
struct Rotated {
    recovery_key: Option<String>,
    rotation: Option<RotationProgress>,
}

/// Starts a rotation, or resumes one a crash interrupted, and re-seals every record, with
/// progress on standard error for a person.
fn rotate(ws: &Workspace, out: &Output, secrets: &mut SecretSource) -> Result<(), CliError> {
    let passphrase = secrets.read("passphrase")?;
    let shown = if ws.vault_status()?.rotation.is_some() {
        ws.unlock_vault(&passphrase)?;
        None
    } else {
        Some(ws.rotate_vault_key(&passphrase)?)
    };
    let rotation = ws.finish_rotation(|p| {
        if !out.json {
            eprintln!("re-sealed {} of {} records", p.done, p.total);
        }
    })?;
    let rotated = Rotated {
        recovery_key: shown.map(|s| s.recovery_key),
        rotation,
    };
    out.print(&rotated, |r| {
        let sealed = r.rotation.map_or(0, |p| p.total);
        let done = format!("All {sealed} sealed records are under the new key.");
        match &r.recovery_key {
            Some(key) => format!(
                "{}\n\n{done}",
                recovery_text(&RecoveryKeyShown {
                    recovery_key: key.clone()
                })
            ),
            None => format!("Resumed the interrupted rotation. {done}"),
        }
    });
    Ok(())
}

fn recovery_text(shown: &RecoveryKeyShown) -> String {
    format!(
        "Your recovery key (it is shown only now; write it down and keep it apart from this device):\n\n    {}\n\nWith it you can open the vault if you forget your passphrase.",
        shown.recovery_key
    )
}

fn status_text(status: &VaultStatus, note: Option<&str>) -> String {
    let state = match status.state {
        VaultState::None => return "No vault yet. Create one with: adiuva vault init".to_owned(),
        VaultState::Locked => "locked",
        VaultState::Unlocked => "unlocked",
    };
    let mut lines = vec![format!("vault        {state}")];
    lines.push(format!(
        "this device  {}",
        if status.remembered {
            "remembered"
        } else {
            "not remembered"
        }
    ));
    if let Some(generation) = status.key_generation {
        lines.push(format!("key          generation {generation}"));
    }
    lines.push(format!(
        "auto-lock    {}",
        status
            .auto_lock_minutes
            .map(|m| format!("after {m} min"))
            .unwrap_or_else(|| "off".to_owned())
    ));
    if let Some(p) = status.rotation {
        lines.push(format!(
            "rotation     {} of {} records re-sealed; finish with: adiuva vault rotate",
            p.done, p.total
        ));
    }
    if let Some(note) = note {
        lines.push(format!("note         {note}"));
    }
    lines.join("\n")
}

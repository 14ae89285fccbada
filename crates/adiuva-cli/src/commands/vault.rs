//! `adiuva vault …`

use adiuva_app::{AppError, RecoveryKeyShown, VaultError, VaultState, VaultStatus, Workspace};

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
        VaultCommand::Rotate => {
            let shown = ws.rotate_vault_key(&secrets.read("passphrase")?)?;
            out.print(&shown, recovery_text);
        }
    }
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
    if let Some(note) = note {
        lines.push(format!("note         {note}"));
    }
    lines.join("\n")
}

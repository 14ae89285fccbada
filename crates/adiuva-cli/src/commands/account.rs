//! `adiuva account …`

use adiuva_app::{AccountStatus, Workspace};

use crate::{CliError, args::AccountCommand, output::Output, secret_input::SecretSource};

pub fn run(
    ws: &Workspace,
    command: AccountCommand,
    out: &Output,
    mut secrets: SecretSource,
) -> Result<(), CliError> {
    let status = match command {
        AccountCommand::Signup { server, email } => {
            ws.sign_up(&server, &email, &secrets.read("passphrase")?)?
        }
        AccountCommand::Login { server, email } => {
            ws.sign_in(&server, &email, &secrets.read("passphrase")?)?
        }
        AccountCommand::Logout => ws.sign_out()?,
        AccountCommand::Status => ws.account_status()?,
    };
    out.print(&status, status_text);
    Ok(())
}

fn status_text(status: &AccountStatus) -> String {
    match (&status.email, &status.server_url) {
        (Some(email), Some(server)) => format!("Signed in as {email} on {server}."),
        _ => "Not signed in. Sign in with: adiuva account login --server URL --email EMAIL"
            .to_owned(),
    }
}

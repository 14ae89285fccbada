//! One module per command group; each turns parsed arguments into a use-case call and prints.

mod account;
mod agent;
mod backup;
mod checkpoint;
mod comment;
mod device;
mod ledger;
mod mcp;
mod note;
mod project;
mod provider;
mod review;
mod search;
mod task;
mod vault;

use adiuva_app::Workspace;

pub use provider::CHECK_FAILED;

use std::path::Path;

use crate::{CliError, args::Command, output::Output, secret_input::SecretSource};

pub fn dispatch(
    ws: &Workspace,
    command: Command,
    out: &Output,
    secrets: Option<&Path>,
) -> Result<(), CliError> {
    match command {
        Command::Project(command) => project::run(ws, command, out),
        Command::Task(command) => task::run(ws, command, out),
        Command::Comment(command) => comment::run(ws, command, out),
        Command::Checkpoint(command) => checkpoint::run(ws, command, out),
        Command::Note(command) => note::run(ws, command, out),
        Command::Search { text, limit } => search::run(ws, &text, limit, out),
        Command::Agent(command) => agent::run(ws, command, out),
        Command::Review(command) => review::run(ws, command, out),
        Command::Ledger(command) => ledger::run(ws, command, out),
        Command::Mcp { agent } => mcp::run(ws, &agent),
        Command::Device(command) => device::run(ws, command, out),
        Command::Provider(command) => provider::run(ws, command, out, secrets),
        Command::Vault(command) => vault::run(ws, command, out, SecretSource::open(secrets)?),
        Command::Account(command) => account::run(ws, command, out, SecretSource::open(secrets)?),
        Command::Backup(command) => backup::run(ws, command, out, SecretSource::open(secrets)?),
        Command::Sync {
            watch,
            interval,
            attempts,
        } => backup::sync(
            ws,
            out,
            SecretSource::open(secrets)?,
            backup::Rounds {
                watch,
                interval: std::time::Duration::from_secs(interval),
                attempts,
            },
        ),
    }
}

//! The `adiuva` command line: the workspace from a terminal or a script, over the same
//! application layer as the desktop app.
//!
//! Exit codes: 0 success, 2 bad input (usage or validation), 3 not found, 4 conflict with
//! the workspace's state, 5 wrong passphrase or recovery key, 6 vault locked, 7 OS keyring
//! unavailable, 8 damaged key material, 9 a provider test that ran and failed, 1 internal or
//! storage failure.

mod agent_args;
mod args;
mod commands;
mod output;
mod secret_input;

use adiuva_app::{AppError, Workspace, default_data_dir};
use adiuva_domain::{ErrorCode, ErrorReport, ValidationError};
use clap::Parser;
use std::process::ExitCode;

use crate::{args::Cli, output::Output};

/// Why a CLI invocation failed, with the exit code a script branches on.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("no per-user data directory on this system; pass --data-dir")]
    NoDataDir,
    #[error("cannot read the {what}: {source}")]
    Secret {
        what: &'static str,
        source: std::io::Error,
    },
    #[error("--for must be minutes, hours or days from 1m to 366d, like 30m, 4h or 2d (not {0:?})")]
    BadDuration(String),
    /// A provider test ran and did not succeed (its outcome was printed).
    #[error("the provider test did not succeed")]
    CheckFailed,
}

impl From<ValidationError> for CliError {
    fn from(err: ValidationError) -> Self {
        Self::App(err.into())
    }
}

impl CliError {
    fn report(&self) -> ErrorReport {
        match self {
            Self::App(err) => err.report(),
            Self::Read { .. } | Self::Secret { .. } | Self::BadDuration(_) => {
                ErrorReport::new(ErrorCode::Invalid, self.to_string())
            }
            Self::NoDataDir => ErrorReport::new(ErrorCode::Internal, self.to_string()),
            Self::CheckFailed => ErrorReport::new(ErrorCode::Unavailable, self.to_string()),
        }
    }
}

fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::Invalid
        | ErrorCode::MissingFlag
        | ErrorCode::InvalidFlag
        | ErrorCode::InvalidMetadata
        | ErrorCode::ReasonUnsafe => 2,
        ErrorCode::NotFound | ErrorCode::NoActiveAssignment => 3,
        ErrorCode::Conflict | ErrorCode::AssignmentStaleUpdate => 4,
        ErrorCode::WrongPassphrase | ErrorCode::WrongRecoveryKey => 5,
        ErrorCode::Locked => 6,
        ErrorCode::Unavailable => 7,
        ErrorCode::Corrupted | ErrorCode::WeakParameters => 8,
        ErrorCode::Unauthorized => 10,
        ErrorCode::Offline => 11,
        ErrorCode::Storage | ErrorCode::Internal => 1,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Output { json: cli.json };
    match run(cli, &out) {
        Ok(()) => ExitCode::SUCCESS,
        // The outcome of a failed provider test is already printed.
        Err(CliError::CheckFailed) => ExitCode::from(commands::CHECK_FAILED),
        Err(err) => {
            let report = err.report();
            out.error(&report);
            ExitCode::from(exit_code(report.code))
        }
    }
}

fn run(cli: Cli, out: &Output) -> Result<(), CliError> {
    let data_dir = cli
        .data_dir
        .or_else(default_data_dir)
        .ok_or(CliError::NoDataDir)?;
    let workspace = Workspace::open(&data_dir)?;
    commands::dispatch(&workspace, cli.command, out, cli.secrets_file.as_deref())
}

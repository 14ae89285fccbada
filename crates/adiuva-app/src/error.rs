//! Classified failures of a use case: what callers branch on and what people read.

use adiuva_domain::{ErrorCode, ErrorReport, ValidationError};

use crate::{KeyringError, VaultError};
use adiuva_store::{StoreError, rusqlite};
use serde::{Deserialize, Serialize};
use std::{fmt, path::PathBuf};

/// The kinds of item a use case can fail to find.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Project,
    Task,
    Comment,
    Checkpoint,
    Note,
    Vault,
    Provider,
    Agent,
    Assignment,
    /// The ledger of agent calls and review decisions.
    Ledger,
    /// The review queue (its count and contents).
    Review,
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Project => "project",
            Self::Task => "task",
            Self::Comment => "comment",
            Self::Checkpoint => "checkpoint",
            Self::Note => "note",
            Self::Vault => "vault",
            Self::Provider => "provider",
            Self::Agent => "agent",
            Self::Assignment => "assignment",
            Self::Ledger => "ledger",
            Self::Review => "review",
        })
    }
}

/// A request that contradicts the current state of the workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("the project is active; archive it before deleting it")]
    ProjectActive,
    #[error("the project is archived; unarchive it before adding to it")]
    ProjectArchived,
    #[error("another provider already has this name")]
    ProviderNameTaken,
    #[error(
        "the free tier allows {} provider; remove it or upgrade your plan to add more",
        crate::FREE_TIER_PROVIDERS
    )]
    ProviderLimit,
    #[error("a key rotation is still re-sealing records; let it finish before rotating again")]
    RotationUnderway,
    #[error(
        "the vault key was rotated on another device: lock the vault and unlock it with your passphrase to pick up the new key, then sync again"
    )]
    KeyRotatedElsewhere,
    #[error(
        "this workspace already has another vault; sign in from a new workspace (--data-dir) to use this account"
    )]
    OtherVault,
    #[error("the server kept changing while this device synced; sync again in a moment")]
    SyncStale,
    #[error("another agent already has this name")]
    AgentNameTaken,
    #[error("the agent is revoked; it can be given nothing any more")]
    AgentRevoked,
    #[error("the agent already has an active assignment; extend it with `agent update`")]
    AssignmentExists,
    #[error("nothing of this item waits for review")]
    NotInReview,
}

/// Why a use case did not happen. Nothing was written when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("{entity} {id} does not exist")]
    NotFound { entity: Entity, id: String },
    #[error(transparent)]
    Conflict(#[from] Conflict),
    #[error(transparent)]
    Vault(#[from] crate::VaultError),
    #[error(transparent)]
    Cloud(#[from] crate::CloudError),
    #[error(transparent)]
    Sync(#[from] crate::SyncError),
    #[error("cannot {action} {path}: {source}")]
    File {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Assignment(#[from] adiuva_domain::AssignmentError),
    #[error("the ledger does not verify: {0}")]
    Ledger(#[from] adiuva_domain::ChainBreak),
    #[error(transparent)]
    Storage(#[from] StoreError),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl From<rusqlite::Error> for AppError {
    fn from(err: rusqlite::Error) -> Self {
        Self::Storage(StoreError::Sqlite(err))
    }
}

impl AppError {
    pub(crate) fn not_found(entity: Entity, id: impl ToString) -> Self {
        Self::NotFound {
            entity,
            id: id.to_string(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Invalid(_) => ErrorCode::Invalid,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Vault(err) => match err {
                VaultError::NoVault | VaultError::NotRemembered => ErrorCode::NotFound,
                VaultError::AlreadyExists => ErrorCode::Conflict,
                VaultError::Locked => ErrorCode::Locked,
                VaultError::WrongPassphrase => ErrorCode::WrongPassphrase,
                VaultError::WrongRecoveryKey => ErrorCode::WrongRecoveryKey,
                VaultError::Corrupted(_) => ErrorCode::Corrupted,
                VaultError::WeakParameters(_) => ErrorCode::WeakParameters,
                VaultError::Keyring(KeyringError::Unavailable(_)) => ErrorCode::Unavailable,
                VaultError::Keyring(KeyringError::Failed(_)) => ErrorCode::Internal,
            },
            Self::Cloud(err) => match err {
                crate::CloudError::Unreachable { .. } => ErrorCode::Offline,
                crate::CloudError::NotSignedIn => ErrorCode::Unauthorized,
                crate::CloudError::Refused { status, code, .. } => match (status, code.as_str()) {
                    // A wrong passphrase derives a key the server does not know.
                    (401, "invalid_credentials") => ErrorCode::WrongPassphrase,
                    (401, _) => ErrorCode::Unauthorized,
                    (404, _) => ErrorCode::NotFound,
                    (403 | 409, _) => ErrorCode::Conflict,
                    (429, _) | (500.., _) => ErrorCode::Offline,
                    _ => ErrorCode::Internal,
                },
                crate::CloudError::Malformed(_) => ErrorCode::Internal,
            },
            Self::Sync(crate::SyncError::State(_)) => ErrorCode::Corrupted,
            Self::Sync(_) => ErrorCode::Internal,
            Self::Assignment(err) => err.code(),
            Self::Ledger(_) => ErrorCode::Corrupted,
            Self::Storage(_) | Self::DataDir { .. } | Self::File { .. } => ErrorCode::Storage,
        }
    }

    /// The failure as shown to a person or a script.
    pub fn report(&self) -> ErrorReport {
        match self {
            Self::Invalid(err) => ErrorReport::from(err),
            Self::Cloud(crate::CloudError::Refused { retry_after, .. }) => ErrorReport {
                retry_after_secs: *retry_after,
                ..ErrorReport::new(self.code(), self.to_string())
            },
            other => ErrorReport::new(other.code(), other.to_string()),
        }
    }
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.report().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use adiuva_domain::ErrorCode;

    use crate::{AppError, CloudError};

    #[test]
    fn a_rate_limited_refusal_reports_the_wait_the_server_asked_for() {
        let refused = |status, retry_after| {
            AppError::Cloud(CloudError::Refused {
                status,
                code: "rate_limited".into(),
                message: "slow down".into(),
                retry_after,
            })
            .report()
        };
        let limited = refused(429, Some(7));
        assert_eq!(
            (limited.code, limited.retry_after_secs),
            (ErrorCode::Offline, Some(7))
        );
        assert_eq!(refused(503, None).retry_after_secs, None);
        let offline = AppError::Cloud(CloudError::Unreachable {
            url: "http://127.0.0.1:9".into(),
            reason: "refused".into(),
        })
        .report();
        assert_eq!(
            (offline.code, offline.retry_after_secs),
            (ErrorCode::Offline, None)
        );
    }
}

//! The wire shape of a refused or failed operation, shared by the UI, the CLI and the shell.

use serde::{Deserialize, Serialize};

use crate::validation::{Reason, ValidationError};

/// The class of a failure; callers branch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input was refused; `field` and `reason` say which and why.
    Invalid,
    /// An id named in the request does not exist.
    NotFound,
    /// The request contradicts the current state (e.g. deleting an active project).
    Conflict,
    /// The local database failed; the user's data is untouched.
    Storage,
    /// The passphrase does not open the vault.
    WrongPassphrase,
    /// The recovery key (well typed) belongs to another vault.
    WrongRecoveryKey,
    /// The vault is locked; unlock it first.
    Locked,
    /// A system facility the request needs is missing or locked (the OS keyring).
    Unavailable,
    /// Stored key material is damaged or was tampered with; nothing was changed.
    Corrupted,
    /// The key envelope asks for key derivation below the safety floor (a downgrade
    /// attempt); it was refused and nothing was changed.
    WeakParameters,
    /// The server no longer accepts this device's sign-in; sign in again.
    Unauthorized,
    /// The sync server cannot be reached, or asked to retry later; local data is untouched.
    Offline,
    /// A failure outside the workspace rules, such as a broken IPC bridge.
    Internal,
    /// A required flag or field of an assignment request is missing.
    MissingFlag,
    /// A flag of an assignment request is blank or malformed (a glob, an id).
    InvalidFlag,
    /// Assignment metadata is malformed or names a reserved lineage key.
    InvalidMetadata,
    /// An assignment's reason could forge output or leak a credential.
    ReasonUnsafe,
    /// The agent has no active assignment to update.
    NoActiveAssignment,
    /// The active assignment changed while the update ran; show it again and retry.
    AssignmentStaleUpdate,
}

impl ErrorCode {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Invalid => "invalid",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Storage => "storage",
            Self::WrongPassphrase => "wrong_passphrase",
            Self::WrongRecoveryKey => "wrong_recovery_key",
            Self::Locked => "locked",
            Self::Unavailable => "unavailable",
            Self::Corrupted => "corrupted",
            Self::WeakParameters => "weak_parameters",
            Self::Unauthorized => "unauthorized",
            Self::Offline => "offline",
            Self::Internal => "internal",
            Self::MissingFlag => "missing_flag",
            Self::InvalidFlag => "invalid_flag",
            Self::InvalidMetadata => "invalid_metadata",
            Self::ReasonUnsafe => "reason_unsafe",
            Self::NoActiveAssignment => "no_active_assignment",
            Self::AssignmentStaleUpdate => "assignment_stale_update",
        }
    }
}

/// A failure as shown to a person or a script: a code, a sentence, and the field when one is at fault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReport {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// A passing failure whose server asked to wait (`Retry-After`): seconds before trying again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

impl ErrorReport {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            reason: None,
            retry_after_secs: None,
        }
    }
}

impl From<&ValidationError> for ErrorReport {
    fn from(err: &ValidationError) -> Self {
        Self {
            code: ErrorCode::Invalid,
            message: err.to_string(),
            field: Some(err.field.to_owned()),
            reason: Some(err.reason),
            retry_after_secs: None,
        }
    }
}

/// A stored or typed value that names no known variant (a corrupt or newer database, a typo).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown value {0:?}")]
pub struct UnknownVariant(pub String);

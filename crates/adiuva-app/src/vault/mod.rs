//! The vault of a workspace: the keys that will seal everything that leaves the device.
//!
//! A workspace works without a vault; creating one (passphrase twice, then a recovery key
//! shown once) is what sync, vectors and backups require. While unlocked, the vault key
//! lives only in this process's memory (zeroized on lock); on disk there is only ciphertext,
//! and the device secret of "remember on this device" lives only in the OS keyring.

mod device;
mod lifecycle;
mod rotation;
mod sealing;
mod strength;

pub use rotation::{RESEAL_BATCH, RotationProgress};
pub use strength::{PassphraseStrength, passphrase_strength};

use adiuva_crypto::{CryptoError, KeyId, VaultKey};
use adiuva_domain::Millis;
use serde::{Deserialize, Serialize};

use crate::{AppError, KeyringError};

/// Why a vault operation failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    #[error("this workspace has no vault yet; create one first")]
    NoVault,
    #[error("this workspace already has a vault")]
    AlreadyExists,
    #[error("the vault is locked; unlock it with your passphrase")]
    Locked,
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("this recovery key belongs to another vault")]
    WrongRecoveryKey,
    #[error("the vault's key material is damaged or was tampered with: {0}")]
    Corrupted(String),
    #[error(
        "the vault's key envelope asks for key derivation weaker than the safety floor ({0}); it may have been tampered with, so it is refused"
    )]
    WeakParameters(String),
    #[error("this device does not remember the vault; unlock it with your passphrase")]
    NotRemembered,
    #[error(transparent)]
    Keyring(#[from] KeyringError),
}

impl From<CryptoError> for VaultError {
    fn from(err: CryptoError) -> Self {
        match err {
            CryptoError::WrongPassphrase => Self::WrongPassphrase,
            CryptoError::WrongRecoveryKey => Self::WrongRecoveryKey,
            CryptoError::WeakParameters {
                memory_kib,
                iterations,
            } => Self::WeakParameters(format!(
                "{memory_kib} KiB, {iterations} passes; at least 19456 KiB and 2 passes are required"
            )),
            other => Self::Corrupted(other.to_string()),
        }
    }
}

impl From<CryptoError> for AppError {
    fn from(err: CryptoError) -> Self {
        match err {
            CryptoError::RecoveryKeyTypo => {
                adiuva_domain::ValidationError::new("recovery_key", adiuva_domain::Reason::Checksum)
                    .into()
            }
            other => Self::Vault(other.into()),
        }
    }
}

/// Where the vault stands, as the UI and the CLI show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    /// No vault yet.
    None,
    Locked,
    Unlocked,
}

/// The vault's status; never contains a secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VaultStatus {
    pub state: VaultState,
    /// "Remember on this device" is on: the app unlocks from the OS keyring.
    pub remembered: bool,
    /// Minutes of inactivity before the vault locks itself.
    pub auto_lock_minutes: Option<u32>,
    /// The generation of the vault key (raised by each rotation).
    pub key_generation: Option<u32>,
    /// A rotation still re-sealing records.
    pub rotation: Option<RotationProgress>,
}

/// What a person must see once: the recovery key, grouped for typing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryKeyShown {
    pub recovery_key: String,
}

/// The unlocked vault key, in memory only.
pub(crate) enum Session {
    Locked,
    Unlocked {
        key: VaultKey,
        key_id: KeyId,
        last_activity: Millis,
    },
}

/// The OS random source, as the RNG the crypto crate asks for.
pub(crate) fn system_rng() -> getrandom::rand_core::UnwrapErr<getrandom::SysRng> {
    getrandom::rand_core::UnwrapErr(getrandom::SysRng)
}

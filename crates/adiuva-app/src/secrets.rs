//! Where device secrets live: the operating system's keyring (Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows). Never a file, never SQLite.

use zeroize::Zeroizing;

/// Why the keyring could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    /// No keyring service is running, or it is locked: the person must unlock it or use the passphrase.
    #[error("the system keyring is unavailable ({0}); unlock it, or use your passphrase")]
    Unavailable(String),
    /// The keyring answered with an error.
    #[error("the system keyring failed: {0}")]
    Failed(String),
}

/// A store of named secrets. Calls may block (D-Bus round trips): never call them on a UI thread.
pub trait SecretStore: Send + Sync {
    fn get(&self, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyringError>;
    fn set(&self, name: &str, secret: &[u8]) -> Result<(), KeyringError>;
    /// Removes a secret; removing one that is not there succeeds.
    fn delete(&self, name: &str) -> Result<(), KeyringError>;
}

/// The operating system's keyring, under one service name.
pub struct OsKeyring {
    service: String,
}

impl OsKeyring {
    /// Adiuva's entries in the OS keyring.
    pub fn new() -> Self {
        Self {
            service: "dev.adiuva.desktop".to_owned(),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, KeyringError> {
        keyring::Entry::new(&self.service, name).map_err(classify)
    }
}

impl Default for OsKeyring {
    fn default() -> Self {
        Self::new()
    }
}

fn classify(err: keyring::Error) -> KeyringError {
    match err {
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => {
            KeyringError::Unavailable(e.to_string())
        }
        other => KeyringError::Failed(other.to_string()),
    }
}

impl SecretStore for OsKeyring {
    fn get(&self, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyringError> {
        match self.entry(name)?.get_secret() {
            Ok(secret) => Ok(Some(Zeroizing::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(classify(err)),
        }
    }

    fn set(&self, name: &str, secret: &[u8]) -> Result<(), KeyringError> {
        self.entry(name)?.set_secret(secret).map_err(classify)
    }

    fn delete(&self, name: &str) -> Result<(), KeyringError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(classify(err)),
        }
    }
}

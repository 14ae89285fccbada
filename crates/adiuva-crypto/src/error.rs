//! Why a cryptographic operation failed, in terms a caller can act on.

/// A failure to derive, wrap, seal or open. Opening never returns partial plaintext.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// The passphrase does not open this vault.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// A well-formed recovery key that does not open this vault.
    #[error("this recovery key does not belong to this vault")]
    WrongRecoveryKey,
    /// The recovery key as typed fails its checksum: a typo, not a wrong key.
    #[error("the recovery key has a typo: check each group of four characters")]
    RecoveryKeyTypo,
    /// The key envelope is damaged (its checksum or structure is wrong).
    #[error("the key envelope is damaged: {0}")]
    CorruptedEnvelope(&'static str),
    /// The envelope asks for key derivation weaker than the floor (a downgrade attempt).
    #[error(
        "key derivation parameters too weak (memory {memory_kib} KiB, {iterations} iterations); at least 19456 KiB and 2 iterations are required"
    )]
    WeakParameters { memory_kib: u32, iterations: u32 },
    /// A sealed record or stream is not well formed.
    #[error("malformed ciphertext: {0}")]
    Malformed(&'static str),
    /// A sealed record or stream was written by a newer format this build cannot read.
    #[error("unsupported format version {0}")]
    UnsupportedVersion(u8),
    /// Sealed with another key than the one given.
    #[error("sealed under key {sealed}, but key {given} was given")]
    KeyMismatch { sealed: u32, given: u32 },
    /// Authentication failed: the ciphertext was altered, moved to another record, or the key is wrong.
    #[error("the ciphertext does not authenticate (tampered, moved, or a wrong key)")]
    Inauthentic,
    /// Key derivation could not run (e.g. not enough memory for the parameters).
    #[error("key derivation failed: {0}")]
    Kdf(String),
}

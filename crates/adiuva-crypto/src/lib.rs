//! Adiuva's client-side cryptography: passphrase and recovery-key derivation, the key
//! envelope that wraps the vault key, sealed records and sealed streams.
//!
//! Nothing here does I/O or reads the OS random source: callers pass a cryptographic RNG,
//! which keeps every function testable with a seeded generator and keeps frozen vectors
//! reproducible. Key types zeroize on drop and never print their bytes.

mod aead;
mod encoding;
mod error;
mod kdf;
mod key_envelope;
mod keys;
mod padding;
mod record;
mod recovery;
mod stream;

pub use error::CryptoError;
pub use kdf::KdfParams;
pub use key_envelope::{
    ENVELOPE_LEN, KeyEnvelope, NewVault, derive_auth_key, unwrap_for_device, unwrap_retiring_key,
    wrap_for_device, wrap_retiring_key,
};
pub use keys::{AuthKey, DeviceSecret, KeyId, VaultKey};
pub use record::{PlainRecord, RecordContext, SealedRecord, checksum, envelope_key_id};
pub use recovery::RecoveryKey;
pub use stream::{CHUNK_LEN, HEADER_LEN, SEALED_CHUNK_LEN, StreamOpener, StreamSealer};

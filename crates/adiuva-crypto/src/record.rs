//! Sealed records: one encrypted, padded, self-describing envelope per synced record.
//!
//! Envelope v1: `version (1) | key id (u32 BE) | nonce (24) | ciphertext + tag`.
//! The associated data binds the vault, table, record id, record clock and key id, so a
//! server cannot swap, move or replay a blob under another identity.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{
    CryptoError,
    aead::{self, NONCE_LEN, TAG_LEN},
    encoding::{Aad, Reader},
    keys::{KeyId, VaultKey},
    padding,
};

const VERSION: u8 = 1;
const HEADER_LEN: usize = 1 + 4 + NONCE_LEN;

/// The identity a record is sealed under; opening requires the same identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordContext {
    pub vault_id: [u8; 16],
    pub table: String,
    pub record_id: String,
    /// The record's clock or version at sealing time (replaying an older blob fails).
    pub clock: u64,
}

impl RecordContext {
    fn aad(&self, key_id: KeyId) -> Aad {
        let mut aad = Aad::new("adiuva.record.v1");
        aad.bytes(&self.vault_id)
            .bytes(self.table.as_bytes())
            .bytes(self.record_id.as_bytes())
            .u64(self.clock)
            .u32(key_id.0);
        aad
    }
}

/// A record in the clear; its body is wiped when dropped. Only `open` makes one from a
/// sealed record, and only `seal` turns one into ciphertext.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlainRecord {
    pub context: RecordContext,
    pub body: Zeroizing<Vec<u8>>,
}

/// A record as it leaves the device: ciphertext that only the vault key opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedRecord {
    pub context: RecordContext,
    pub envelope: Vec<u8>,
}

impl PlainRecord {
    pub fn new(context: RecordContext, body: Vec<u8>) -> Self {
        Self {
            context,
            body: Zeroizing::new(body),
        }
    }

    /// Encrypts under `key`, padded to a Padmé length, with a random nonce. The padded
    /// plaintext is written straight into the envelope and encrypted there: one copy.
    pub fn seal(
        &self,
        key: &VaultKey,
        key_id: KeyId,
        rng: &mut impl rand_core::CryptoRng,
    ) -> SealedRecord {
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill_bytes(&mut nonce);
        let capacity = HEADER_LEN + padding::padded_len(self.body.len()) + TAG_LEN;
        let mut envelope = Vec::with_capacity(capacity);
        envelope.push(VERSION);
        envelope.extend_from_slice(&key_id.0.to_be_bytes());
        envelope.extend_from_slice(&nonce);
        padding::pad_into(&mut envelope, &self.body);
        let aad = self.context.aad(key_id);
        let tag = aead::seal_in_place(
            key.expose(),
            &nonce,
            aad.finish(),
            &mut envelope[HEADER_LEN..],
        );
        envelope.extend_from_slice(&tag);
        SealedRecord {
            context: self.context.clone(),
            envelope,
        }
    }
}

/// The parts of an envelope, parsed strictly.
struct Envelope<'a> {
    key_id: KeyId,
    nonce: [u8; NONCE_LEN],
    ciphertext: &'a [u8],
}

fn parse(envelope: &[u8]) -> Result<Envelope<'_>, CryptoError> {
    let mut reader = Reader::new(envelope, CryptoError::Malformed);
    let version = reader.u8("empty envelope")?;
    if version != VERSION {
        return Err(CryptoError::UnsupportedVersion(version));
    }
    let key_id = KeyId(reader.u32("truncated key id")?);
    let nonce = reader.array("truncated nonce")?;
    let ciphertext = reader.rest();
    if ciphertext.len() < TAG_LEN {
        return Err(CryptoError::Malformed("ciphertext shorter than its tag"));
    }
    Ok(Envelope {
        key_id,
        nonce,
        ciphertext,
    })
}

/// Which vault key generation sealed `envelope`, without opening it.
pub fn envelope_key_id(envelope: &[u8]) -> Result<KeyId, CryptoError> {
    parse(envelope).map(|e| e.key_id)
}

impl SealedRecord {
    /// Which vault key generation sealed this record, without opening it.
    pub fn key_id(&self) -> Result<KeyId, CryptoError> {
        envelope_key_id(&self.envelope)
    }

    /// Decrypts with `key` (generation `key_id`). Any change to the envelope or to its
    /// context fails as `Inauthentic`; nothing partial is returned.
    pub fn open(&self, key: &VaultKey, key_id: KeyId) -> Result<PlainRecord, CryptoError> {
        let envelope = parse(&self.envelope)?;
        if envelope.key_id != key_id {
            return Err(CryptoError::KeyMismatch {
                sealed: envelope.key_id.0,
                given: key_id.0,
            });
        }
        let (ciphertext, tag) = envelope
            .ciphertext
            .split_at(envelope.ciphertext.len() - TAG_LEN);
        let tag: &[u8; TAG_LEN] = tag.try_into().expect("split at the tag");
        let mut body = Zeroizing::new(ciphertext.to_vec());
        let aad = self.context.aad(key_id);
        aead::open_in_place(key.expose(), &envelope.nonce, aad.finish(), &mut body, tag)?;
        padding::unpad_in_place(&mut body)?;
        Ok(PlainRecord {
            context: self.context.clone(),
            body,
        })
    }

    /// `sha256(envelope)` in lowercase hex: the checksum the server verifies on every write.
    pub fn checksum(&self) -> String {
        checksum(&self.envelope)
    }
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn checksum(bytes: &[u8]) -> String {
    // Formatting byte by byte was a tenth of the relay's device time (the ledger hashes
    // every call) and of sealing a sync batch.
    hex::encode(Sha256::digest(bytes))
}

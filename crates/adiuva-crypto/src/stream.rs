//! Sealed streams for large payloads (backups): fixed-size chunks, each sealed with its
//! index and a last-chunk flag bound in the associated data, so reordering, dropping,
//! duplicating or truncating chunks fails to open.
//!
//! Header: `"ADVS" | 1 | key id (u32 BE) | nonce prefix (16)`. Chunk `i` uses the nonce
//! `prefix | i (u64 BE)`. Every chunk but the last holds exactly [`CHUNK_LEN`] bytes; the last
//! holds fewer (possibly none), which is how a reader knows the stream is complete.

use zeroize::Zeroizing;

use crate::{
    CryptoError,
    aead::{self, NONCE_LEN, TAG_LEN},
    encoding::{Aad, Reader},
    keys::{KeyId, VaultKey},
};

/// Plaintext bytes per chunk.
pub const CHUNK_LEN: usize = 64 * 1024;
/// Ciphertext bytes of a full chunk.
pub const SEALED_CHUNK_LEN: usize = CHUNK_LEN + TAG_LEN;
const MAGIC: &[u8; 4] = b"ADVS";
const VERSION: u8 = 1;
const PREFIX_LEN: usize = 16;
/// Length of a stream header.
pub const HEADER_LEN: usize = 4 + 1 + 4 + PREFIX_LEN;

struct Chunks {
    key: VaultKey,
    header: [u8; HEADER_LEN],
    context: Vec<u8>,
    index: u64,
    finished: bool,
}

impl Chunks {
    fn nonce(&self) -> [u8; NONCE_LEN] {
        let mut nonce = [0u8; NONCE_LEN];
        nonce[..PREFIX_LEN].copy_from_slice(&self.header[HEADER_LEN - PREFIX_LEN..]);
        nonce[PREFIX_LEN..].copy_from_slice(&self.index.to_be_bytes());
        nonce
    }

    fn aad(&self, last: bool) -> Aad {
        let mut aad = Aad::new("adiuva.stream.v1");
        aad.bytes(&self.header)
            .bytes(&self.context)
            .u64(self.index)
            .u32(u32::from(last));
        aad
    }
}

/// Seals a stream chunk by chunk. `context` (e.g. a backup id) must be given again to open.
pub struct StreamSealer(Chunks);

impl StreamSealer {
    pub fn new(
        key: &VaultKey,
        key_id: KeyId,
        context: &[u8],
        rng: &mut impl rand_core::CryptoRng,
    ) -> Self {
        let mut header = [0u8; HEADER_LEN];
        header[..4].copy_from_slice(MAGIC);
        header[4] = VERSION;
        header[5..9].copy_from_slice(&key_id.0.to_be_bytes());
        rng.fill_bytes(&mut header[9..]);
        Self(Chunks {
            key: key.clone(),
            header,
            context: context.to_vec(),
            index: 0,
            finished: false,
        })
    }

    /// The header to write before the first chunk.
    pub fn header(&self) -> &[u8; HEADER_LEN] {
        &self.0.header
    }

    /// Seals the next chunk: exactly [`CHUNK_LEN`] bytes, or fewer for the last one.
    pub fn seal(&mut self, chunk: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if self.0.finished {
            return Err(CryptoError::Malformed("the stream is already finished"));
        }
        if chunk.len() > CHUNK_LEN {
            return Err(CryptoError::Malformed("chunk longer than CHUNK_LEN"));
        }
        let last = chunk.len() < CHUNK_LEN;
        let sealed = aead::seal(
            self.0.key.expose(),
            &self.0.nonce(),
            self.0.aad(last).finish(),
            chunk,
        );
        self.0.index += 1;
        self.0.finished = last;
        Ok(sealed)
    }

    /// Whether the last chunk has been sealed.
    pub fn is_finished(&self) -> bool {
        self.0.finished
    }
}

/// Opens a sealed stream chunk by chunk, in order.
pub struct StreamOpener(Chunks);

impl StreamOpener {
    pub fn new(
        key: &VaultKey,
        key_id: KeyId,
        header: &[u8],
        context: &[u8],
    ) -> Result<Self, CryptoError> {
        let mut r = Reader::new(header, CryptoError::Malformed);
        if r.take(4, "stream magic")? != MAGIC {
            return Err(CryptoError::Malformed("not a sealed stream"));
        }
        let version = r.u8("stream version")?;
        if version != VERSION {
            return Err(CryptoError::UnsupportedVersion(version));
        }
        let sealed_by = r.u32("stream key id")?;
        if sealed_by != key_id.0 {
            return Err(CryptoError::KeyMismatch {
                sealed: sealed_by,
                given: key_id.0,
            });
        }
        r.take(PREFIX_LEN, "nonce prefix")?;
        let header: [u8; HEADER_LEN] = header
            .get(..HEADER_LEN)
            .and_then(|h| h.try_into().ok())
            .expect("length checked");
        Ok(Self(Chunks {
            key: key.clone(),
            header,
            context: context.to_vec(),
            index: 0,
            finished: false,
        }))
    }

    /// Opens the next chunk; a chunk shorter than [`SEALED_CHUNK_LEN`] must be the last.
    pub fn open(&mut self, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        if self.0.finished {
            return Err(CryptoError::Malformed("data after the last chunk"));
        }
        if sealed.len() > SEALED_CHUNK_LEN || sealed.len() < TAG_LEN {
            return Err(CryptoError::Malformed("chunk length"));
        }
        let last = sealed.len() < SEALED_CHUNK_LEN;
        let plain = aead::open(
            self.0.key.expose(),
            &self.0.nonce(),
            self.0.aad(last).finish(),
            sealed,
        )?;
        self.0.index += 1;
        self.0.finished = last;
        Ok(plain)
    }

    /// Confirms the stream ended with its last chunk (a truncated stream fails here).
    pub fn finish(self) -> Result<(), CryptoError> {
        if self.0.finished {
            Ok(())
        } else {
            Err(CryptoError::Malformed("the stream is truncated"))
        }
    }
}

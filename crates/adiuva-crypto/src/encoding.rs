//! Length-prefixed byte encoding for associated data and a strict reader for the binary formats.

use crate::CryptoError;

/// Builds associated data where no two different field lists encode alike: every
/// variable-length field carries its length.
pub(crate) struct Aad(Vec<u8>);

impl Aad {
    pub(crate) fn new(label: &str) -> Self {
        let mut aad = Self(Vec::with_capacity(96));
        aad.bytes(label.as_bytes());
        aad
    }

    pub(crate) fn bytes(&mut self, value: &[u8]) -> &mut Self {
        self.0
            .extend_from_slice(&(value.len() as u32).to_be_bytes());
        self.0.extend_from_slice(value);
        self
    }

    pub(crate) fn u32(&mut self, value: u32) -> &mut Self {
        self.0.extend_from_slice(&value.to_be_bytes());
        self
    }

    pub(crate) fn u64(&mut self, value: u64) -> &mut Self {
        self.0.extend_from_slice(&value.to_be_bytes());
        self
    }

    pub(crate) fn finish(&self) -> &[u8] {
        &self.0
    }
}

/// Reads fixed-size fields off the front of a byte slice, failing instead of panicking.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    error: fn(&'static str) -> CryptoError,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8], error: fn(&'static str) -> CryptoError) -> Self {
        Self { rest: bytes, error }
    }

    pub(crate) fn take(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], CryptoError> {
        if self.rest.len() < len {
            return Err((self.error)(what));
        }
        let (head, tail) = self.rest.split_at(len);
        self.rest = tail;
        Ok(head)
    }

    pub(crate) fn array<const N: usize>(
        &mut self,
        what: &'static str,
    ) -> Result<[u8; N], CryptoError> {
        Ok(self
            .take(N, what)?
            .try_into()
            .expect("take returned N bytes"))
    }

    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8, CryptoError> {
        Ok(self.array::<1>(what)?[0])
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, CryptoError> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }

    pub(crate) fn rest(self) -> &'a [u8] {
        self.rest
    }
}

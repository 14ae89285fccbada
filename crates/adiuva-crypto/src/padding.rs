//! Padding plaintexts to Padmé lengths so ciphertext sizes leak little about content.
//!
//! Padmé (Nikitin et al., PETS 2019) rounds a length L up so that only O(log log L) bits of
//! it remain visible, with at most 12% overhead. The real length travels inside the
//! ciphertext as a 4-byte suffix (a suffix lets opening truncate in place instead of moving
//! the data); the padding must be zeros.

use crate::CryptoError;

/// Nothing smaller is sealed: tiny records all look alike.
const MIN_PADDED: usize = 64;

fn padme(len: usize) -> usize {
    if len < 2 {
        return len;
    }
    let e = usize::BITS - 1 - len.leading_zeros(); // floor(log2 len)
    let s = u32::BITS - e.leading_zeros(); // floor(log2 e) + 1
    let last_bits = e - s;
    let mask = (1usize << last_bits) - 1;
    (len + mask) & !mask
}

/// Appends `data | zeros | len (u32 BE)` to `out`, as long as the Padmé bucket of its content.
pub(crate) fn pad_into(out: &mut Vec<u8>, data: &[u8]) {
    let end = out.len() + padded_len(data.len());
    out.extend_from_slice(data);
    out.resize(end - 4, 0);
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
}

/// The padded length of `len` bytes of data.
pub(crate) fn padded_len(len: usize) -> usize {
    padme(len + 4).max(MIN_PADDED)
}

/// Turns a padded plaintext into its data, in place; refuses a wrong length or non-zero padding.
pub(crate) fn unpad_in_place(padded: &mut Vec<u8>) -> Result<(), CryptoError> {
    let (rest, len) = padded
        .split_last_chunk::<4>()
        .ok_or(CryptoError::Malformed("padding frame"))?;
    let len = u32::from_be_bytes(*len) as usize;
    let (_, zeros) = rest
        .split_at_checked(len)
        .ok_or(CryptoError::Malformed("padded length"))?;
    if zeros.iter().any(|&b| b != 0) {
        return Err(CryptoError::Malformed("padding"));
    }
    padded.truncate(len);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padme_buckets_grow_slowly_and_never_shrink() {
        assert_eq!(padme(100), 104);
        assert_eq!(padme(1000), 1024);
        assert_eq!(padme(1025), 1088);
        for len in 2..5000 {
            let padded = padme(len);
            assert!(
                padded >= len && padded * 100 <= len * 112 + 100,
                "{len} -> {padded}"
            );
        }
    }

    fn pad(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        pad_into(&mut out, data);
        out
    }

    #[test]
    fn pad_round_trips_and_hides_small_sizes() {
        for data in [&b""[..], b"x", &[7u8; 59][..], &[1u8; 1000][..]] {
            let mut padded = pad(data);
            assert!(padded.len() >= MIN_PADDED);
            assert_eq!(padded.len(), padded_len(data.len()));
            unpad_in_place(&mut padded).unwrap();
            assert_eq!(padded, data);
        }
        assert_eq!(pad(b"a").len(), pad(b"ab").len());
        let mut bad = pad(b"abc");
        *bad.last_mut().unwrap() = 1;
        assert_eq!(
            unpad_in_place(&mut bad),
            Err(CryptoError::Malformed("padding"))
        );
        assert!(unpad_in_place(&mut vec![0, 0, 1, 0, 5]).is_err());
    }
}

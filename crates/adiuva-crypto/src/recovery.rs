//! The recovery key: 160 random bits shown once, typed back by a person.
//!
//! Written in Crockford base32 (no I, L, O or U; reading tolerates the look-alikes) as nine
//! groups of four characters, the last group a 20-bit checksum, so a typo is reported as a
//! typo instead of as a wrong key.

use sha2::{Digest, Sha256};
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{CryptoError, keys::Kek};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const KEY_BYTES: usize = 20;
const KEY_CHARS: usize = KEY_BYTES * 8 / 5; // 32
const CHECK_CHARS: usize = 4;

/// A vault's recovery key. Zeroized on drop; `Display` is the grouped, typeable form and
/// must only be shown to the person once.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct RecoveryKey([u8; KEY_BYTES]);

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

fn checksum(bytes: &[u8; KEY_BYTES]) -> u32 {
    let digest = Sha256::digest(bytes);
    u32::from_be_bytes([0, digest[0], digest[1], digest[2]]) >> 4 // 20 bits
}

fn value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|i| i as u8)
}

impl RecoveryKey {
    pub fn random(rng: &mut impl rand_core::CryptoRng) -> Self {
        let mut bytes = [0u8; KEY_BYTES];
        rng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// Reads a typed recovery key: case, spaces, dashes and look-alike letters don't matter;
    /// a wrong length or checksum is `RecoveryKeyTypo`.
    pub fn parse(typed: &str) -> Result<Self, CryptoError> {
        let digits: Zeroizing<Vec<u8>> = Zeroizing::new(
            typed
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(value)
                .collect::<Option<_>>()
                .ok_or(CryptoError::RecoveryKeyTypo)?,
        );
        if digits.len() != KEY_CHARS + CHECK_CHARS {
            return Err(CryptoError::RecoveryKeyTypo);
        }
        let mut bytes = [0u8; KEY_BYTES];
        let (mut acc, mut bits, mut out) = (0u64, 0, 0);
        for &d in &digits[..KEY_CHARS] {
            acc = (acc << 5) | u64::from(d);
            bits += 5;
            if bits >= 8 {
                bits -= 8;
                bytes[out] = (acc >> bits) as u8;
                out += 1;
            }
        }
        let check = digits[KEY_CHARS..]
            .iter()
            .fold(0u32, |acc, &d| (acc << 5) | u32::from(d));
        let key = Self(bytes);
        bytes.zeroize();
        if check != checksum(&key.0) {
            return Err(CryptoError::RecoveryKeyTypo);
        }
        Ok(key)
    }

    pub(crate) fn kek(&self) -> Kek {
        crate::kdf::recovery_kek(&self.0)
    }
}

impl fmt::Display for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = Zeroizing::new(String::with_capacity(KEY_CHARS + CHECK_CHARS));
        let (mut acc, mut bits) = (0u64, 0);
        for &byte in &self.0 {
            acc = (acc << 8) | u64::from(byte);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                chars.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
            }
        }
        let check = checksum(&self.0);
        for shift in (0..CHECK_CHARS).rev() {
            chars.push(ALPHABET[((check >> (shift * 5)) & 31) as usize] as char);
        }
        for (i, group) in chars.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str("-")?;
            }
            f.write_str(std::str::from_utf8(group).expect("alphabet is ASCII"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::{ChaCha20Rng, rand_core::SeedableRng};

    #[test]
    fn shown_form_is_nine_groups_and_reads_back() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        for _ in 0..50 {
            let key = RecoveryKey::random(&mut rng);
            let shown = key.to_string();
            assert_eq!(shown.len(), 9 * 4 + 8);
            assert!(shown.split('-').all(|g| g.len() == 4));
            assert_eq!(RecoveryKey::parse(&shown).unwrap(), key);
            let sloppy = shown
                .to_lowercase()
                .replace('-', " ")
                .replace('0', "o")
                .replace('1', "l");
            assert_eq!(RecoveryKey::parse(&sloppy).unwrap(), key);
        }
    }

    #[test]
    fn every_single_character_typo_is_caught() {
        let key = RecoveryKey::random(&mut ChaCha20Rng::seed_from_u64(1)).to_string();
        for (i, c) in key.char_indices().filter(|(_, c)| *c != '-') {
            for &replacement in ALPHABET.iter().filter(|&&a| a as char != c) {
                let mut typo = key.clone();
                typo.replace_range(i..i + 1, &(replacement as char).to_string());
                assert_eq!(
                    RecoveryKey::parse(&typo),
                    Err(CryptoError::RecoveryKeyTypo),
                    "{typo}"
                );
            }
        }
        assert_eq!(
            RecoveryKey::parse(&key[..key.len() - 1]),
            Err(CryptoError::RecoveryKeyTypo)
        );
        assert_eq!(
            RecoveryKey::parse("U000-0000"),
            Err(CryptoError::RecoveryKeyTypo)
        );
    }
}

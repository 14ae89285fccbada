//! The crypto crate from the outside: property tests of sealing, the key-envelope lifecycle,
//! sealed streams, and frozen vectors every later version must open.

mod envelope;
mod records;
mod streams;
mod vectors;

use rand_chacha::{ChaCha20Rng, rand_core::SeedableRng};

pub fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

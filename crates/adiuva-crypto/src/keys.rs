//! Key types. Each is 32 bytes that zeroize on drop and print as a placeholder.

use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

macro_rules! secret_key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
        pub struct $name([u8; 32]);

        impl $name {
            pub fn from_bytes(bytes: [u8; 32]) -> Self {
                Self(bytes)
            }

            /// The raw bytes, for the one place that must store them (the OS keyring).
            pub fn expose(&self) -> &[u8; 32] {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(…)"))
            }
        }
    };
}

secret_key!(
    /// The key that seals the vault's records. Random; only ever stored wrapped.
    VaultKey
);
secret_key!(
    /// Proves the account to the server; derived apart from every key that opens data.
    AuthKey
);
secret_key!(
    /// This device's secret in the OS keyring; unwraps the vault key without the passphrase.
    DeviceSecret
);
secret_key!(
    /// Argon2id output for a passphrase; only used to derive other keys.
    RootKey
);
secret_key!(
    /// Wraps (encrypts) the vault key; never encrypts data.
    Kek
);

fn random_bytes(rng: &mut impl rand_core::CryptoRng) -> [u8; 32] {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    bytes
}

impl VaultKey {
    pub fn random(rng: &mut impl rand_core::CryptoRng) -> Self {
        Self(random_bytes(rng))
    }
}

impl DeviceSecret {
    pub fn random(rng: &mut impl rand_core::CryptoRng) -> Self {
        Self(random_bytes(rng))
    }
}

/// Which generation of the vault key sealed something; rotation increments it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(pub u32);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_print_their_bytes() {
        let key = VaultKey::from_bytes([0xAB; 32]);
        assert_eq!(format!("{key:?}"), "VaultKey(…)");
    }
}

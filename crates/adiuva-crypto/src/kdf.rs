//! Passphrase → root key (Argon2id), root key → purpose keys (HKDF-SHA256).

use argon2::{Algorithm, Argon2, Params, Version};
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::{
    CryptoError,
    keys::{AuthKey, Kek, RootKey},
};

/// Argon2id cost parameters, stored in the key envelope so they can be raised later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

impl KdfParams {
    /// RFC 9106's second recommended profile: 64 MiB, 3 passes, 4 lanes.
    pub const DEFAULT: Self = Self {
        memory_kib: 64 * 1024,
        iterations: 3,
        lanes: 4,
    };

    /// OWASP's floor; an envelope asking for less is refused (a downgrade guard).
    pub const FLOOR: Self = Self {
        memory_kib: 19 * 1024,
        iterations: 2,
        lanes: 1,
    };

    pub fn check(self) -> Result<Self, CryptoError> {
        if self.memory_kib < Self::FLOOR.memory_kib
            || self.iterations < Self::FLOOR.iterations
            || self.lanes == 0
        {
            return Err(CryptoError::WeakParameters {
                memory_kib: self.memory_kib,
                iterations: self.iterations,
            });
        }
        Ok(self)
    }
}

/// Length of the random salt stored beside the parameters.
pub(crate) const SALT_LEN: usize = 16;

/// Argon2id of the passphrase. Refuses parameters below the floor before spending any work.
pub(crate) fn root_key(
    passphrase: &[u8],
    salt: &[u8; SALT_LEN],
    params: KdfParams,
) -> Result<RootKey, CryptoError> {
    let params = params.check()?;
    let argon = Params::new(params.memory_kib, params.iterations, params.lanes, Some(32))
        .map_err(|e| CryptoError::Kdf(e.to_string()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, argon)
        .hash_password_into(passphrase, salt, out.as_mut())
        .map_err(|e| CryptoError::Kdf(e.to_string()))?;
    Ok(RootKey::from_bytes(*out))
}

fn expand(ikm: &[u8], info: &str) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(None, ikm)
        .expand(info.as_bytes(), out.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    out
}

impl RootKey {
    /// The key that wraps the vault key under this passphrase.
    pub(crate) fn kek(&self) -> Kek {
        Kek::from_bytes(*expand(self.expose(), "adiuva/v1/passphrase-kek"))
    }

    /// The key that authenticates the account to the server; unrelated to any data key.
    pub(crate) fn auth_key(&self) -> AuthKey {
        AuthKey::from_bytes(*expand(self.expose(), "adiuva/v1/server-auth"))
    }
}

/// The key-encryption key of a recovery key (already high-entropy: no stretching needed).
pub(crate) fn recovery_kek(recovery: &[u8]) -> Kek {
    Kek::from_bytes(*expand(recovery, "adiuva/v1/recovery-kek"))
}

/// The key-encryption key that the new vault key derives to hold the old one during a rotation.
pub(crate) fn rotation_kek(new_vault_key: &[u8]) -> Kek {
    Kek::from_bytes(*expand(new_vault_key, "adiuva/v1/rotation-kek"))
}

/// The key-encryption key of a device secret.
pub(crate) fn device_kek(secret: &[u8]) -> Kek {
    Kek::from_bytes(*expand(secret, "adiuva/v1/device-kek"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9106 §5.3, with its secret and associated data (argon2's full interface).
    #[test]
    fn published_argon2id_vector() {
        let params = argon2::ParamsBuilder::new()
            .m_cost(32)
            .t_cost(3)
            .p_cost(4)
            .data(argon2::AssociatedData::new(&[4; 12]).unwrap())
            .output_len(32)
            .build()
            .unwrap();
        let mut tag = [0u8; 32];
        Argon2::new_with_secret(&[3; 8], Algorithm::Argon2id, Version::V0x13, params)
            .unwrap()
            .hash_password_into(&[1; 32], &[2; 16], &mut tag)
            .unwrap();
        let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"
        );
    }

    #[test]
    fn weak_parameters_are_refused_before_any_work() {
        for weak in [
            KdfParams {
                memory_kib: 19 * 1024 - 1,
                ..KdfParams::DEFAULT
            },
            KdfParams {
                iterations: 1,
                ..KdfParams::DEFAULT
            },
            KdfParams {
                lanes: 0,
                ..KdfParams::DEFAULT
            },
        ] {
            assert!(matches!(
                root_key(b"pw", &[0; 16], weak),
                Err(CryptoError::WeakParameters { .. })
            ));
        }
        assert!(KdfParams::FLOOR.check().is_ok());
    }

    #[test]
    fn purpose_keys_differ_from_each_other() {
        let root = root_key(b"correct horse", &[9; 16], KdfParams::FLOOR).unwrap();
        assert_ne!(root.kek().expose(), root.auth_key().expose());
        assert_ne!(root.kek().expose(), root.expose());
        assert_ne!(
            recovery_kek(&[1; 20]).expose(),
            device_kek(&[1; 20]).expose()
        );
    }
}

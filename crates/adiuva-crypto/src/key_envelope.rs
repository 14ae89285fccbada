//! The key envelope: the vault key wrapped by the passphrase and by the recovery key, with
//! the KDF parameters, the salt and a key-test ciphertext. It is stored on the device and on
//! the server; neither copy opens anything without a passphrase or a recovery key.
//!
//! Binary form v1 (fixed length):
//! `"ADVK" | 1 | memory KiB | iterations | lanes | salt (16) | key id | passphrase wrap |
//!  recovery wrap | key test | sha256 of everything before`, integers u32 BE, each wrap
//! `nonce (24) | ciphertext + tag`.

use sha2::{Digest, Sha256};

use crate::{
    CryptoError, KdfParams,
    aead::{self, NONCE_LEN, TAG_LEN},
    encoding::{Aad, Reader},
    kdf::{self, SALT_LEN},
    keys::{AuthKey, DeviceSecret, Kek, KeyId, VaultKey},
    recovery::RecoveryKey,
};

const MAGIC: &[u8; 4] = b"ADVK";
const VERSION: u8 = 1;
const WRAP_LEN: usize = NONCE_LEN + 32 + TAG_LEN;
const TEST_PLAINTEXT: [u8; 16] = [0; 16];
const TEST_LEN: usize = NONCE_LEN + TEST_PLAINTEXT.len() + TAG_LEN;
const BODY_LEN: usize = 4 + 1 + 12 + SALT_LEN + 4 + 2 * WRAP_LEN + TEST_LEN;
/// Length of an encoded key envelope.
pub const ENVELOPE_LEN: usize = BODY_LEN + 32;

/// A vault's key envelope. See the module documentation for its format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyEnvelope {
    pub kdf: KdfParams,
    salt: [u8; SALT_LEN],
    pub key_id: KeyId,
    passphrase_wrap: [u8; WRAP_LEN],
    recovery_wrap: [u8; WRAP_LEN],
    key_test: [u8; TEST_LEN],
}

/// What creating (or rotating) a vault yields; the recovery key must be shown once.
#[derive(Debug)]
pub struct NewVault {
    pub envelope: KeyEnvelope,
    pub vault_key: VaultKey,
    pub recovery_key: RecoveryKey,
    pub auth_key: AuthKey,
}

fn wrap_aad(purpose: &str, key_id: KeyId) -> Aad {
    let mut aad = Aad::new("adiuva.wrap.v1");
    aad.bytes(purpose.as_bytes()).u32(key_id.0);
    aad
}

fn wrap(
    kek: &Kek,
    purpose: &str,
    key_id: KeyId,
    key: &VaultKey,
    rng: &mut impl rand_core::CryptoRng,
) -> [u8; WRAP_LEN] {
    let mut out = [0u8; WRAP_LEN];
    rng.fill_bytes(&mut out[..NONCE_LEN]);
    let nonce: [u8; NONCE_LEN] = out[..NONCE_LEN].try_into().expect("nonce slice");
    let sealed = aead::seal(
        kek.expose(),
        &nonce,
        wrap_aad(purpose, key_id).finish(),
        key.expose(),
    );
    out[NONCE_LEN..].copy_from_slice(&sealed);
    out
}

fn unwrap(
    kek: &Kek,
    purpose: &str,
    key_id: KeyId,
    wrapped: &[u8; WRAP_LEN],
) -> Result<VaultKey, CryptoError> {
    let nonce: [u8; NONCE_LEN] = wrapped[..NONCE_LEN].try_into().expect("nonce slice");
    let key = aead::open(
        kek.expose(),
        &nonce,
        wrap_aad(purpose, key_id).finish(),
        &wrapped[NONCE_LEN..],
    )?;
    Ok(VaultKey::from_bytes(key.as_slice().try_into().map_err(
        |_| CryptoError::Malformed("wrapped key length"),
    )?))
}

fn key_test(key: &VaultKey, key_id: KeyId, rng: &mut impl rand_core::CryptoRng) -> [u8; TEST_LEN] {
    let mut out = [0u8; TEST_LEN];
    rng.fill_bytes(&mut out[..NONCE_LEN]);
    let nonce: [u8; NONCE_LEN] = out[..NONCE_LEN].try_into().expect("nonce slice");
    let aad = Aad::new("adiuva.key-test.v1")
        .u32(key_id.0)
        .finish()
        .to_vec();
    out[NONCE_LEN..].copy_from_slice(&aead::seal(key.expose(), &nonce, &aad, &TEST_PLAINTEXT));
    out
}

impl KeyEnvelope {
    /// A new vault: a random vault key wrapped by `passphrase` (Argon2id with `params` and
    /// a fresh salt) and by a new recovery key.
    pub fn create(
        passphrase: &[u8],
        params: KdfParams,
        key_id: KeyId,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<NewVault, CryptoError> {
        let vault_key = VaultKey::random(rng);
        let recovery_key = RecoveryKey::random(rng);
        let mut salt = [0u8; SALT_LEN];
        rng.fill_bytes(&mut salt);
        let root = kdf::root_key(passphrase, &salt, params)?;
        let envelope = Self {
            kdf: params,
            salt,
            key_id,
            passphrase_wrap: wrap(&root.kek(), "passphrase", key_id, &vault_key, rng),
            recovery_wrap: wrap(&recovery_key.kek(), "recovery", key_id, &vault_key, rng),
            key_test: key_test(&vault_key, key_id, rng),
        };
        Ok(NewVault {
            envelope,
            vault_key,
            recovery_key,
            auth_key: root.auth_key(),
        })
    }

    /// The vault key and the server authentication key for `passphrase`.
    pub fn unlock(&self, passphrase: &[u8]) -> Result<(VaultKey, AuthKey), CryptoError> {
        let root = kdf::root_key(passphrase, &self.salt, self.kdf)?;
        let key = unwrap(
            &root.kek(),
            "passphrase",
            self.key_id,
            &self.passphrase_wrap,
        )
        .map_err(|err| match err {
            CryptoError::Inauthentic => CryptoError::WrongPassphrase,
            other => other,
        })?;
        self.verify(&key)?;
        Ok((key, root.auth_key()))
    }

    /// The salt of the passphrase derivation (not secret: a server hands it out before
    /// sign-in so a new device can derive the authentication key).
    pub const fn salt(&self) -> [u8; SALT_LEN] {
        self.salt
    }

    /// The vault key for a recovery key.
    pub fn recover(&self, recovery_key: &RecoveryKey) -> Result<VaultKey, CryptoError> {
        let key = unwrap(
            &recovery_key.kek(),
            "recovery",
            self.key_id,
            &self.recovery_wrap,
        )
        .map_err(|err| match err {
            CryptoError::Inauthentic => CryptoError::WrongRecoveryKey,
            other => other,
        })?;
        self.verify(&key)?;
        Ok(key)
    }

    /// Checks that `key` is this envelope's vault key (the key test), without any KDF work.
    pub fn verify(&self, key: &VaultKey) -> Result<(), CryptoError> {
        let nonce: [u8; NONCE_LEN] = self.key_test[..NONCE_LEN].try_into().expect("nonce slice");
        let aad = Aad::new("adiuva.key-test.v1")
            .u32(self.key_id.0)
            .finish()
            .to_vec();
        match aead::open(key.expose(), &nonce, &aad, &self.key_test[NONCE_LEN..]) {
            Ok(plain) if plain.as_slice() == TEST_PLAINTEXT => Ok(()),
            _ => Err(CryptoError::CorruptedEnvelope(
                "the key test does not match the vault key",
            )),
        }
    }

    /// The same vault key wrapped by a new passphrase (fresh salt, `params`); the recovery
    /// wrap and every sealed record stay as they are. Returns the new authentication key.
    pub fn change_passphrase(
        &self,
        vault_key: &VaultKey,
        new_passphrase: &[u8],
        params: KdfParams,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<(Self, AuthKey), CryptoError> {
        self.verify(vault_key)?;
        let mut salt = [0u8; SALT_LEN];
        rng.fill_bytes(&mut salt);
        let root = kdf::root_key(new_passphrase, &salt, params)?;
        let envelope = Self {
            kdf: params,
            salt,
            passphrase_wrap: wrap(&root.kek(), "passphrase", self.key_id, vault_key, rng),
            ..self.clone()
        };
        Ok((envelope, root.auth_key()))
    }

    /// The same vault key wrapped by a new recovery key; the old recovery key stops working.
    pub fn regenerate_recovery_key(
        &self,
        vault_key: &VaultKey,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<(Self, RecoveryKey), CryptoError> {
        self.verify(vault_key)?;
        let recovery_key = RecoveryKey::random(rng);
        let envelope = Self {
            recovery_wrap: wrap(&recovery_key.kek(), "recovery", self.key_id, vault_key, rng),
            ..self.clone()
        };
        Ok((envelope, recovery_key))
    }

    /// Serializes to the fixed-length binary form, checksum included.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(ENVELOPE_LEN);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        for n in [self.kdf.memory_kib, self.kdf.iterations, self.kdf.lanes] {
            out.extend_from_slice(&n.to_be_bytes());
        }
        out.extend_from_slice(&self.salt);
        out.extend_from_slice(&self.key_id.0.to_be_bytes());
        out.extend_from_slice(&self.passphrase_wrap);
        out.extend_from_slice(&self.recovery_wrap);
        out.extend_from_slice(&self.key_test);
        let digest = Sha256::digest(&out);
        out.extend_from_slice(&digest);
        out
    }

    /// Parses the binary form; a damaged envelope is `CorruptedEnvelope`, never a wrong passphrase.
    pub fn decode(bytes: &[u8]) -> Result<Self, CryptoError> {
        if bytes.len() != ENVELOPE_LEN {
            return Err(CryptoError::CorruptedEnvelope("wrong length"));
        }
        let (body, digest) = bytes.split_at(BODY_LEN);
        if Sha256::digest(body).as_slice() != digest {
            return Err(CryptoError::CorruptedEnvelope("checksum mismatch"));
        }
        let mut r = Reader::new(body, CryptoError::CorruptedEnvelope);
        if r.take(4, "magic")? != MAGIC {
            return Err(CryptoError::CorruptedEnvelope("not a key envelope"));
        }
        let version = r.u8("version")?;
        if version != VERSION {
            return Err(CryptoError::UnsupportedVersion(version));
        }
        let kdf = KdfParams {
            memory_kib: r.u32("memory")?,
            iterations: r.u32("iterations")?,
            lanes: r.u32("lanes")?,
        };
        Ok(Self {
            kdf,
            salt: r.array("salt")?,
            key_id: KeyId(r.u32("key id")?),
            passphrase_wrap: r.array("passphrase wrap")?,
            recovery_wrap: r.array("recovery wrap")?,
            key_test: r.array("key test")?,
        })
    }
}

/// The vault key wrapped for this device by its keyring secret: `"ADVD" | 1 | key id | wrap`.
pub fn wrap_for_device(
    vault_key: &VaultKey,
    key_id: KeyId,
    secret: &DeviceSecret,
    rng: &mut impl rand_core::CryptoRng,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(9 + WRAP_LEN);
    out.extend_from_slice(b"ADVD");
    out.push(VERSION);
    out.extend_from_slice(&key_id.0.to_be_bytes());
    out.extend_from_slice(&wrap(
        &kdf::device_kek(secret.expose()),
        "device",
        key_id,
        vault_key,
        rng,
    ));
    out
}

/// Opens a device wrap with the keyring secret.
pub fn unwrap_for_device(
    wrapped: &[u8],
    secret: &DeviceSecret,
) -> Result<(KeyId, VaultKey), CryptoError> {
    let mut r = Reader::new(wrapped, CryptoError::Malformed);
    if r.take(4, "device wrap magic")? != b"ADVD" {
        return Err(CryptoError::Malformed("not a device wrap"));
    }
    let version = r.u8("version")?;
    if version != VERSION {
        return Err(CryptoError::UnsupportedVersion(version));
    }
    let key_id = KeyId(r.u32("key id")?);
    let wrap: [u8; WRAP_LEN] = r.array("wrap")?;
    if !r.rest().is_empty() {
        return Err(CryptoError::Malformed("trailing bytes"));
    }
    Ok((
        key_id,
        unwrap(&kdf::device_kek(secret.expose()), "device", key_id, &wrap)?,
    ))
}

/// The server authentication key of `passphrase` under the envelope's parameters and salt,
/// without the envelope itself (a new device signs in before it can fetch the envelope).
pub fn derive_auth_key(
    passphrase: &[u8],
    params: KdfParams,
    salt: &[u8; SALT_LEN],
) -> Result<AuthKey, CryptoError> {
    Ok(kdf::root_key(passphrase, salt, params)?.auth_key())
}

/// The previous vault key wrapped by the next one while a rotation re-seals records:
/// `"ADVR" | 1 | old key id | new key id | wrap`. Whoever holds the new key can finish the
/// rotation (after a crash too); once it is deleted, the old key is gone.
pub fn wrap_retiring_key(
    old: &VaultKey,
    old_id: KeyId,
    new: &VaultKey,
    new_id: KeyId,
    rng: &mut impl rand_core::CryptoRng,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(13 + WRAP_LEN);
    out.extend_from_slice(b"ADVR");
    out.push(VERSION);
    out.extend_from_slice(&old_id.0.to_be_bytes());
    out.extend_from_slice(&new_id.0.to_be_bytes());
    let purpose = format!("retiring under {}", new_id.0);
    out.extend_from_slice(&wrap(
        &kdf::rotation_kek(new.expose()),
        &purpose,
        old_id,
        old,
        rng,
    ));
    out
}

/// Opens a retiring-key wrap with the new vault key: the old key and its generation.
pub fn unwrap_retiring_key(
    wrapped: &[u8],
    new: &VaultKey,
    new_id: KeyId,
) -> Result<(KeyId, VaultKey), CryptoError> {
    let mut r = Reader::new(wrapped, CryptoError::Malformed);
    if r.take(4, "retiring key magic")? != b"ADVR" {
        return Err(CryptoError::Malformed("not a retiring key"));
    }
    let version = r.u8("version")?;
    if version != VERSION {
        return Err(CryptoError::UnsupportedVersion(version));
    }
    let old_id = KeyId(r.u32("old key id")?);
    let sealed_for = KeyId(r.u32("new key id")?);
    if sealed_for != new_id {
        return Err(CryptoError::KeyMismatch {
            sealed: sealed_for.0,
            given: new_id.0,
        });
    }
    let wrap: [u8; WRAP_LEN] = r.array("wrap")?;
    if !r.rest().is_empty() {
        return Err(CryptoError::Malformed("trailing bytes"));
    }
    let purpose = format!("retiring under {}", new_id.0);
    let old = unwrap(&kdf::rotation_kek(new.expose()), &purpose, old_id, &wrap)?;
    Ok((old_id, old))
}

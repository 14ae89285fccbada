//! The key envelope's lifecycle: create, unlock, recover, change passphrase, new recovery
//! key, corruption and downgrade refusals, device wraps, the retiring key of a rotation.

use adiuva_crypto::{
    CryptoError, DeviceSecret, ENVELOPE_LEN, KdfParams, KeyEnvelope, KeyId, PlainRecord,
    RecordContext, RecoveryKey, derive_auth_key, unwrap_for_device, unwrap_retiring_key,
    wrap_for_device, wrap_retiring_key,
};

use crate::rng;

const FAST: KdfParams = KdfParams::FLOOR;

#[test]
fn create_unlock_recover() {
    let vault = KeyEnvelope::create(b"hunter2 but longer", FAST, KeyId(1), &mut rng(1)).unwrap();
    let encoded = vault.envelope.encode();
    assert_eq!(encoded.len(), ENVELOPE_LEN);
    let envelope = KeyEnvelope::decode(&encoded).unwrap();
    assert_eq!(envelope, vault.envelope);

    let (key, auth) = envelope.unlock(b"hunter2 but longer").unwrap();
    assert_eq!(key, vault.vault_key);
    assert_eq!(auth, vault.auth_key);
    assert_ne!(
        auth.expose(),
        key.expose(),
        "the server's key opens nothing"
    );
    assert_eq!(
        envelope.recover(&vault.recovery_key).unwrap(),
        vault.vault_key
    );

    assert_eq!(
        envelope.unlock(b"hunter3 but longer").unwrap_err(),
        CryptoError::WrongPassphrase
    );
    let stranger = RecoveryKey::random(&mut rng(99));
    assert_eq!(
        envelope.recover(&stranger).unwrap_err(),
        CryptoError::WrongRecoveryKey
    );
}

#[test]
fn changing_the_passphrase_rewraps_only_the_envelope() {
    let vault = KeyEnvelope::create(b"old passphrase", FAST, KeyId(1), &mut rng(2)).unwrap();
    let context = RecordContext {
        vault_id: [1; 16],
        table: "notes".into(),
        record_id: "n1".into(),
        clock: 7,
    };
    let sealed = PlainRecord::new(context, b"secret plans".to_vec()).seal(
        &vault.vault_key,
        KeyId(1),
        &mut rng(3),
    );

    let (changed, new_auth) = vault
        .envelope
        .change_passphrase(&vault.vault_key, b"new passphrase", FAST, &mut rng(4))
        .unwrap();
    assert_eq!(
        changed.unlock(b"old passphrase").unwrap_err(),
        CryptoError::WrongPassphrase
    );
    let (key, auth) = changed.unlock(b"new passphrase").unwrap();
    assert_eq!(
        key, vault.vault_key,
        "same vault key: nothing needs re-encrypting"
    );
    assert_eq!(auth, new_auth);
    assert_ne!(new_auth, vault.auth_key);
    assert_eq!(
        changed.recover(&vault.recovery_key).unwrap(),
        vault.vault_key,
        "the recovery key still works"
    );
    assert_eq!(
        sealed.open(&key, KeyId(1)).unwrap().body.as_slice(),
        b"secret plans"
    );
}

#[test]
fn a_new_recovery_key_retires_the_old_one() {
    let vault = KeyEnvelope::create(b"passphrase", FAST, KeyId(1), &mut rng(5)).unwrap();
    let (envelope, fresh) = vault
        .envelope
        .regenerate_recovery_key(&vault.vault_key, &mut rng(6))
        .unwrap();
    assert_eq!(envelope.recover(&fresh).unwrap(), vault.vault_key);
    assert_eq!(
        envelope.recover(&vault.recovery_key).unwrap_err(),
        CryptoError::WrongRecoveryKey
    );
    assert_eq!(envelope.unlock(b"passphrase").unwrap().0, vault.vault_key);
}

#[test]
fn damage_and_downgrades_are_told_apart_from_a_wrong_passphrase() {
    let vault = KeyEnvelope::create(b"passphrase", FAST, KeyId(1), &mut rng(7)).unwrap();
    let good = vault.envelope.encode();
    for byte in [0, 10, 40, 120, ENVELOPE_LEN - 1] {
        let mut bad = good.clone();
        bad[byte] ^= 0x40;
        assert!(
            matches!(
                KeyEnvelope::decode(&bad),
                Err(CryptoError::CorruptedEnvelope(_))
            ),
            "byte {byte}"
        );
    }
    assert!(matches!(
        KeyEnvelope::decode(&good[..100]),
        Err(CryptoError::CorruptedEnvelope(_))
    ));

    // A server that lowers the cost parameters (and fixes the checksum) gets refused before any work.
    let mut weak = KeyEnvelope::decode(&good).unwrap();
    weak.kdf = KdfParams {
        memory_kib: 8 * 1024,
        iterations: 1,
        lanes: 1,
    };
    let reparsed = KeyEnvelope::decode(&weak.encode()).unwrap();
    assert_eq!(
        reparsed.unlock(b"passphrase").unwrap_err(),
        CryptoError::WeakParameters {
            memory_kib: 8 * 1024,
            iterations: 1
        }
    );
    assert!(
        KeyEnvelope::create(
            b"p",
            KdfParams {
                iterations: 1,
                ..FAST
            },
            KeyId(1),
            &mut rng(8)
        )
        .is_err()
    );
}

#[test]
fn the_key_test_rejects_a_foreign_vault_key() {
    let a = KeyEnvelope::create(b"a", FAST, KeyId(1), &mut rng(9)).unwrap();
    let b = KeyEnvelope::create(b"b", FAST, KeyId(1), &mut rng(10)).unwrap();
    assert!(a.envelope.verify(&a.vault_key).is_ok());
    assert!(matches!(
        a.envelope.verify(&b.vault_key),
        Err(CryptoError::CorruptedEnvelope(_))
    ));
    assert!(
        a.envelope
            .change_passphrase(&b.vault_key, b"x", FAST, &mut rng(11))
            .is_err()
    );
}

#[test]
fn a_device_wrap_opens_only_with_its_secret() {
    let vault = KeyEnvelope::create(b"p", FAST, KeyId(3), &mut rng(12)).unwrap();
    let secret = DeviceSecret::random(&mut rng(13));
    let wrapped = wrap_for_device(&vault.vault_key, KeyId(3), &secret, &mut rng(14));
    assert_eq!(
        unwrap_for_device(&wrapped, &secret).unwrap(),
        (KeyId(3), vault.vault_key)
    );
    let other = DeviceSecret::random(&mut rng(15));
    assert_eq!(
        unwrap_for_device(&wrapped, &other).unwrap_err(),
        CryptoError::Inauthentic
    );
    let mut bad = wrapped;
    bad[7] ^= 1; // claims another key generation
    assert_eq!(
        unwrap_for_device(&bad, &secret).unwrap_err(),
        CryptoError::Inauthentic
    );
}

#[test]
fn a_retiring_key_opens_only_with_the_key_that_replaced_it() {
    let old = KeyEnvelope::create(b"p", FAST, KeyId(1), &mut rng(16)).unwrap();
    let new = KeyEnvelope::create(b"p", FAST, KeyId(2), &mut rng(17)).unwrap();
    let wrapped = wrap_retiring_key(
        &old.vault_key,
        KeyId(1),
        &new.vault_key,
        KeyId(2),
        &mut rng(18),
    );
    assert_eq!(
        unwrap_retiring_key(&wrapped, &new.vault_key, KeyId(2)).unwrap(),
        (KeyId(1), old.vault_key.clone())
    );
    assert_eq!(
        unwrap_retiring_key(&wrapped, &old.vault_key, KeyId(2)).unwrap_err(),
        CryptoError::Inauthentic,
        "the old key cannot open its own retirement"
    );
    assert!(matches!(
        unwrap_retiring_key(&wrapped, &new.vault_key, KeyId(3)).unwrap_err(),
        CryptoError::KeyMismatch {
            sealed: 2,
            given: 3
        }
    ));
    for byte in 5..wrapped.len() {
        let mut bad = wrapped.clone();
        bad[byte] ^= 0x20;
        assert!(
            unwrap_retiring_key(&bad, &new.vault_key, KeyId(2)).is_err(),
            "flipping byte {byte} must be caught"
        );
    }
    assert!(matches!(
        unwrap_retiring_key(&wrapped[..20], &new.vault_key, KeyId(2)).unwrap_err(),
        CryptoError::Malformed(_)
    ));
}

#[test]
fn the_auth_key_derives_from_the_salt_alone_and_differs_per_passphrase() {
    let vault = KeyEnvelope::create(b"right", FAST, KeyId(1), &mut rng(19)).unwrap();
    let (_, from_envelope) = vault.envelope.unlock(b"right").unwrap();
    let salt = vault.envelope.salt();
    assert_eq!(
        derive_auth_key(b"right", vault.envelope.kdf, &salt).unwrap(),
        from_envelope
    );
    assert_eq!(from_envelope, vault.auth_key);
    assert_ne!(
        derive_auth_key(b"wrong", vault.envelope.kdf, &salt).unwrap(),
        from_envelope
    );
}

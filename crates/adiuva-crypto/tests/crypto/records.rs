//! Sealed records: round trips, tamper detection, identity binding, wrong keys (property tests).

use adiuva_crypto::{CryptoError, KeyId, PlainRecord, RecordContext, SealedRecord, VaultKey};
use proptest::prelude::*;

use crate::rng;

fn context() -> impl Strategy<Value = RecordContext> {
    (
        any::<[u8; 16]>(),
        "[a-z_]{1,16}",
        "[0-9a-f-]{1,36}",
        any::<u64>(),
    )
        .prop_map(|(vault_id, table, record_id, clock)| RecordContext {
            vault_id,
            table,
            record_id,
            clock,
        })
}

fn sealed(key: &VaultKey, context: RecordContext, body: Vec<u8>, seed: u64) -> SealedRecord {
    PlainRecord::new(context, body).seal(key, KeyId(1), &mut rng(seed))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_record_round_trips(key in any::<[u8; 32]>(), context in context(), body in proptest::collection::vec(any::<u8>(), 0..4096), seed in any::<u64>()) {
        let key = VaultKey::from_bytes(key);
        let sealed = sealed(&key, context.clone(), body.clone(), seed);
        if body.len() >= 8 {
            prop_assert!(!sealed.envelope.windows(body.len()).any(|w| w == body.as_slice()), "plaintext visible");
        }
        let opened = sealed.open(&key, KeyId(1)).unwrap();
        prop_assert_eq!(opened.body.as_slice(), body.as_slice());
        prop_assert_eq!(opened.context, context);
        prop_assert_eq!(sealed.checksum().len(), 64);
    }

    #[test]
    fn every_single_bit_flip_fails_to_open(context in context(), body in proptest::collection::vec(any::<u8>(), 0..300), seed in any::<u64>()) {
        let key = VaultKey::from_bytes([9; 32]);
        let good = sealed(&key, context, body, seed);
        for bit in 0..good.envelope.len() * 8 {
            let mut bad = good.clone();
            bad.envelope[bit / 8] ^= 1 << (bit % 8);
            prop_assert!(bad.open(&key, KeyId(1)).is_err(), "bit {} flipped and still opened", bit);
            prop_assert_ne!(bad.checksum(), good.checksum());
        }
    }

    #[test]
    fn moving_an_envelope_to_another_identity_fails(context in context(), body in proptest::collection::vec(any::<u8>(), 0..200), seed in any::<u64>()) {
        let key = VaultKey::from_bytes([3; 32]);
        let good = sealed(&key, context.clone(), body, seed);
        let mut moves = vec![
            RecordContext { record_id: format!("{}x", context.record_id), ..context.clone() },
            RecordContext { table: format!("{}x", context.table), ..context.clone() },
            RecordContext { clock: context.clock.wrapping_add(1), ..context.clone() },
        ];
        let mut other_vault = context.vault_id;
        other_vault[0] ^= 1;
        moves.push(RecordContext { vault_id: other_vault, ..context });
        for moved in moves {
            let replayed = SealedRecord { context: moved, envelope: good.envelope.clone() };
            prop_assert_eq!(replayed.open(&key, KeyId(1)).unwrap_err(), CryptoError::Inauthentic);
        }
    }

    #[test]
    fn a_wrong_key_fails_with_inauthentic(context in context(), body in proptest::collection::vec(any::<u8>(), 0..200), k1 in any::<[u8; 32]>(), k2 in any::<[u8; 32]>()) {
        prop_assume!(k1 != k2);
        let good = sealed(&VaultKey::from_bytes(k1), context, body, 1);
        prop_assert_eq!(good.open(&VaultKey::from_bytes(k2), KeyId(1)).unwrap_err(), CryptoError::Inauthentic);
    }
}

#[test]
fn lengths_leak_only_a_padme_bucket() {
    let key = VaultKey::from_bytes([1; 32]);
    let context = RecordContext {
        vault_id: [0; 16],
        table: "notes".into(),
        record_id: "n".into(),
        clock: 0,
    };
    let len = |n: usize| {
        sealed(&key, context.clone(), vec![b'a'; n], 5)
            .envelope
            .len()
    };
    assert_eq!(len(0), len(50), "small records all look alike");
    assert_eq!(len(1000), len(1010));
}

#[test]
fn generation_mismatch_and_garbage_are_typed_errors() {
    let key = VaultKey::from_bytes([1; 32]);
    let context = RecordContext {
        vault_id: [0; 16],
        table: "t".into(),
        record_id: "r".into(),
        clock: 0,
    };
    let good = sealed(&key, context.clone(), b"x".to_vec(), 2);
    assert_eq!(good.key_id().unwrap(), KeyId(1));
    assert_eq!(
        good.open(&key, KeyId(2)).unwrap_err(),
        CryptoError::KeyMismatch {
            sealed: 1,
            given: 2
        }
    );
    for (bytes, expected) in [
        (vec![], CryptoError::Malformed("empty envelope")),
        (vec![2, 0, 0, 0, 1], CryptoError::UnsupportedVersion(2)),
        (vec![1, 0, 0], CryptoError::Malformed("truncated key id")),
        (
            vec![1, 0, 0, 0, 1, 5],
            CryptoError::Malformed("truncated nonce"),
        ),
    ] {
        let bad = SealedRecord {
            context: context.clone(),
            envelope: bytes,
        };
        assert_eq!(bad.open(&key, KeyId(1)).unwrap_err(), expected);
    }
}

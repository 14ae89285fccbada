//! Crypto benchmark: sealing and opening records against the raw AEAD on the same bytes in
//! the same run, and the cost of unlocking with the default Argon2id parameters.
//!
//! Run with `cargo xtask bench`. Figures are medians.

use adiuva_crypto::{KdfParams, KeyEnvelope, KeyId, PlainRecord, RecordContext, VaultKey};
use chacha20poly1305::{
    KeyInit, XChaCha20Poly1305, XNonce,
    aead::{Aead, Payload},
};
use rand_chacha::{ChaCha20Rng, rand_core::SeedableRng};
use std::{
    hint::black_box,
    time::{Duration, Instant},
};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Median time of one call of `ours` and of `raw`, over `rounds` interleaved rounds of
/// `per_round` calls each, so a change in machine load affects both alike.
fn compare(
    rounds: usize,
    per_round: u32,
    mut ours: impl FnMut(),
    mut raw: impl FnMut(),
) -> (Duration, Duration) {
    let mut a = Vec::with_capacity(rounds);
    let mut b = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        a.push(batch(per_round, &mut ours));
        b.push(batch(per_round, &mut raw));
    }
    (median(a), median(b))
}

fn batch(per_round: u32, f: &mut impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..per_round {
        f();
    }
    start.elapsed() / per_round
}

/// Median time of one call, measured over `rounds` rounds of `per_round` calls.
fn per_call(rounds: usize, per_round: u32, mut f: impl FnMut()) -> Duration {
    median(
        (0..rounds)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..per_round {
                    f();
                }
                start.elapsed() / per_round
            })
            .collect(),
    )
}

fn records(size: usize, per_round: u32) {
    let key = VaultKey::from_bytes([7; 32]);
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let body = vec![0x5a; size];
    let context = RecordContext {
        vault_id: [1; 16],
        table: "notes".into(),
        record_id: "01936f4e-8c1a-7b2c-9d3e-0123456789ab".into(),
        clock: 1_795_000_000_000,
    };
    let record = PlainRecord::new(context, body.clone());
    let cipher = XChaCha20Poly1305::new(&(*key.expose()).into());
    let nonce = XNonce::from([9u8; 24]);
    let aad = [0u8; 64];
    let (ours, raw) = compare(
        21,
        per_round,
        || {
            let sealed = record.seal(&key, KeyId(1), &mut rng);
            black_box(sealed.open(&key, KeyId(1)).unwrap());
        },
        || {
            let sealed = cipher
                .encrypt(
                    &nonce,
                    Payload {
                        msg: &body,
                        aad: &aad,
                    },
                )
                .unwrap();
            black_box(
                cipher
                    .decrypt(
                        &nonce,
                        Payload {
                            msg: &sealed,
                            aad: &aad,
                        },
                    )
                    .unwrap(),
            );
        },
    );
    let mib_s = |d: Duration| size as f64 / d.as_secs_f64() / (1024.0 * 1024.0);
    println!(
        "seal+open {:>6} B record   ours {:>8.1} MiB/s   raw XChaCha20-Poly1305 {:>8.1} MiB/s   ours/raw {:.2}x",
        size,
        mib_s(ours),
        mib_s(raw),
        raw.as_secs_f64() / ours.as_secs_f64()
    );
}

fn main() {
    println!("Adiuva crypto benchmark (medians)\n");
    records(1024, 2000);
    records(64 * 1024, 50);

    let vault = KeyEnvelope::create(
        b"a passphrase of some length",
        KdfParams::DEFAULT,
        KeyId(1),
        &mut ChaCha20Rng::seed_from_u64(2),
    )
    .unwrap();
    let unlock = per_call(5, 1, || {
        black_box(
            vault
                .envelope
                .unlock(b"a passphrase of some length")
                .unwrap(),
        );
    });
    let floor = KeyEnvelope::create(
        b"p",
        KdfParams::FLOOR,
        KeyId(1),
        &mut ChaCha20Rng::seed_from_u64(3),
    )
    .unwrap();
    let floor_unlock = per_call(5, 1, || {
        black_box(floor.envelope.unlock(b"p").unwrap());
    });
    println!(
        "unlock by passphrase   Argon2id m=64 MiB t=3 p=4: {:.0} ms   (floor m=19 MiB t=2 p=1: {:.0} ms)",
        unlock.as_secs_f64() * 1e3,
        floor_unlock.as_secs_f64() * 1e3
    );
    let verify = per_call(15, 1000, || {
        black_box(&vault.envelope).verify(&vault.vault_key).unwrap();
    });
    println!(
        "key test (unlock from a stored key, no KDF): {:.1} µs",
        verify.as_secs_f64() * 1e6
    );
}

//! Fuzzes every parser of untrusted bytes in the crypto crate: record envelopes, key
//! envelopes, device wraps, retiring keys, stream headers and chunks, and typed recovery
//! keys. Nothing may panic, and nothing forged may open.

#![no_main]

use adiuva_crypto::{
    DeviceSecret, KeyEnvelope, KeyId, RecordContext, RecoveryKey, SealedRecord, StreamOpener, VaultKey,
    unwrap_for_device, unwrap_retiring_key,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let key = VaultKey::from_bytes([7; 32]);
    let context = RecordContext { vault_id: [1; 16], table: "tasks".into(), record_id: "r".into(), clock: 1 };
    let sealed = SealedRecord { context, envelope: data.to_vec() };
    let _ = sealed.key_id();
    assert!(sealed.open(&key, KeyId(1)).is_err(), "forged record opened");

    if let Ok(envelope) = KeyEnvelope::decode(data) {
        // A decodable envelope with the right checksum is possible; it must still not verify.
        assert!(envelope.verify(&key).is_err());
    }
    assert!(unwrap_for_device(data, &DeviceSecret::from_bytes([2; 32])).is_err());
    assert!(unwrap_retiring_key(data, &key, KeyId(2)).is_err(), "forged retiring key opened");

    if let Ok(mut opener) = StreamOpener::new(&key, KeyId(1), data, b"ctx") {
        assert!(opener.open(data.get(25..).unwrap_or_default()).is_err());
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = RecoveryKey::parse(text);
    }
});

//! Frozen vectors: ciphertexts sealed by the first release of each format. Every later
//! version must open them, so a format change that would strand users' data fails here.

use adiuva_crypto::{
    CryptoError, DeviceSecret, KeyEnvelope, KeyId, RecordContext, RecoveryKey, SealedRecord,
    StreamOpener, VaultKey, unwrap_for_device,
};

use crate::hex;

const RECORD: &[&str] = &[
    "010000000122ec148010e5aa80fea2d5d3892674a040cb6b70cf63978dec25931267f48ebdf954127ccca1c98af82f69",
    "0d80985cb78a4f5103b438832cb63889c68ad8c400170115e6ef88b906de4228b2bbf3d4fa2ed5120b16441eec400caf",
    "df217886024f5186a6472f39eb",
];
const ENVELOPE: &[&str] = &[
    "4144564b0100004c000000000200000001a2eb5dee3f4c3ae458a709bb14f3249e00000001e743be4b0014e3c6418d65",
    "9d0f015607f26f82df44df3d350f4edc629b756efb1ec6a213ad733a3c9d72d882b2e372d5eb81cb68bf3917c04970c2",
    "48482c1e540e15d8921026d049f279a8b2574ed3539e8885d9c208156fa170b6a714850691c36243574baba82111db8b",
    "8ce5083246f96ef5e5202cb9994f50ee9f4ab690624fc05c44bcb1a9af3f0be670d100e3e70549867b8c4628dce87a35",
    "f08979d2d10c754e1b30f7010c59abb9d9acc54c0bcf90d6dfe4ac86055c603cf0770a8706a24ddf1b1fd2ec7cf2c8c0",
    "873e9bef1f8652370e6ceb24321735f5e62162ea6dc79746ca980c2fd2",
];
const STREAM: &[&str] = &[
    "4144565301000000010c09dfdecdc8410e3fdcc8c870622668e7dddab6ea43f8101ef2eb21e76ca5c36abd2c3121f463",
    "dbc26279724465",
];
const DEVICE: &[&str] = &[
    "414456440100000001b26a288bd7b2552bff796a786180ef2017f1cc7f27ea1ff4268a7f0ab341e93e7e77baf1f6c0cc",
    "9ce87912c3ed126794dabea2106a848f22828b34d25c1ce4ff056693660998520d",
];
const VAULT_KEY: &str = "36a2ea9bfd4cef3e332fa28eca69111b4e09c76d77ac068574364632cd2728f6";
const RECOVERY_KEY: &str = "1DPB-QWN1-XMW8-SKJK-D2RR-1D2C-XACK-HCCQ-4PC9";
const PASSPHRASE: &[u8] = b"correct horse battery staple";

fn joined(parts: &[&str]) -> Vec<u8> {
    hex(&parts.concat())
}

fn record_key() -> VaultKey {
    VaultKey::from_bytes([0x42; 32])
}

#[test]
fn a_record_sealed_by_version_1_opens() {
    let context = RecordContext {
        vault_id: [7; 16],
        table: "tasks".into(),
        record_id: "01936f4e-8c1a-7b2c-9d3e-0123456789ab".into(),
        clock: 1_795_000_000_000,
    };
    let sealed = SealedRecord {
        context,
        envelope: joined(RECORD),
    };
    let plain = sealed.open(&record_key(), KeyId(1)).unwrap();
    assert_eq!(plain.body.as_slice(), br#"{"title":"Plant tomatoes"}"#);
}

#[test]
fn a_key_envelope_of_version_1_unlocks_by_passphrase_and_recovery_key() {
    let envelope = KeyEnvelope::decode(&joined(ENVELOPE)).unwrap();
    let expected = VaultKey::from_bytes(hex(VAULT_KEY).try_into().unwrap());
    let (key, _auth) = envelope.unlock(PASSPHRASE).unwrap();
    assert_eq!(key, expected);
    assert_eq!(
        envelope
            .recover(&RecoveryKey::parse(RECOVERY_KEY).unwrap())
            .unwrap(),
        expected
    );
    assert_eq!(
        envelope
            .unlock(b"Correct horse battery staple")
            .unwrap_err(),
        CryptoError::WrongPassphrase
    );
}

#[test]
fn a_stream_and_a_device_wrap_of_version_1_open() {
    let bytes = joined(STREAM);
    let (header, chunk) = bytes.split_at(adiuva_crypto::HEADER_LEN);
    let mut opener = StreamOpener::new(&record_key(), KeyId(1), header, b"backup-1").unwrap();
    assert_eq!(opener.open(chunk).unwrap().as_slice(), b"a small backup");
    opener.finish().unwrap();
    let (key_id, key) =
        unwrap_for_device(&joined(DEVICE), &DeviceSecret::from_bytes([0x24; 32])).unwrap();
    assert_eq!((key_id, key), (KeyId(1), record_key()));
}

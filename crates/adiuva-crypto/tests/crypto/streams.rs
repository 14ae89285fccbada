//! Sealed streams: round trips at chunk boundaries; reordered, dropped, duplicated,
//! truncated or extended streams fail.

use adiuva_crypto::{
    CHUNK_LEN, CryptoError, HEADER_LEN, KeyId, StreamOpener, StreamSealer, VaultKey,
};

use crate::rng;

fn seal(data: &[u8]) -> (Vec<u8>, Vec<Vec<u8>>) {
    let key = VaultKey::from_bytes([5; 32]);
    let mut sealer = StreamSealer::new(&key, KeyId(1), b"backup-42", &mut rng(1));
    let mut chunks: Vec<Vec<u8>> = data
        .chunks(CHUNK_LEN)
        .map(|c| sealer.seal(c).unwrap())
        .collect();
    if !sealer.is_finished() {
        chunks.push(sealer.seal(&[]).unwrap()); // data ended on a chunk boundary
    }
    (sealer.header().to_vec(), chunks)
}

fn open(header: &[u8], chunks: &[Vec<u8>]) -> Result<Vec<u8>, CryptoError> {
    let mut opener = StreamOpener::new(
        &VaultKey::from_bytes([5; 32]),
        KeyId(1),
        header,
        b"backup-42",
    )?;
    let mut out = Vec::new();
    for chunk in chunks {
        out.extend_from_slice(&opener.open(chunk)?);
    }
    opener.finish()?;
    Ok(out)
}

#[test]
fn streams_round_trip_at_every_boundary() {
    for len in [0, 1, CHUNK_LEN - 1, CHUNK_LEN, CHUNK_LEN + 1, 3 * CHUNK_LEN] {
        let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let (header, chunks) = seal(&data);
        assert_eq!(header.len(), HEADER_LEN);
        assert_eq!(open(&header, &chunks).unwrap(), data, "len {len}");
    }
}

#[test]
fn tampered_streams_fail() {
    let data = vec![7u8; 3 * CHUNK_LEN + 10];
    let (header, chunks) = seal(&data);
    let mut swapped = chunks.clone();
    swapped.swap(0, 1);
    assert_eq!(
        open(&header, &swapped).unwrap_err(),
        CryptoError::Inauthentic
    );
    let dropped: Vec<_> = chunks.iter().skip(1).cloned().collect();
    assert_eq!(
        open(&header, &dropped).unwrap_err(),
        CryptoError::Inauthentic
    );
    let duplicated: Vec<_> = [chunks[0].clone()]
        .into_iter()
        .chain(chunks.iter().cloned())
        .collect();
    assert_eq!(
        open(&header, &duplicated).unwrap_err(),
        CryptoError::Inauthentic
    );
    assert_eq!(
        open(&header, &chunks[..3]).unwrap_err(),
        CryptoError::Malformed("the stream is truncated")
    );
    let mut extended = chunks.clone();
    extended.push(chunks[3].clone());
    assert_eq!(
        open(&header, &extended).unwrap_err(),
        CryptoError::Malformed("data after the last chunk")
    );
    let mut flipped = chunks.clone();
    flipped[2][100] ^= 1;
    assert_eq!(
        open(&header, &flipped).unwrap_err(),
        CryptoError::Inauthentic
    );
    let mut other_header = header.clone();
    other_header[HEADER_LEN - 1] ^= 1;
    assert_eq!(
        open(&other_header, &chunks).unwrap_err(),
        CryptoError::Inauthentic
    );
    let opener = StreamOpener::new(
        &VaultKey::from_bytes([5; 32]),
        KeyId(2),
        &header,
        b"backup-42",
    );
    assert!(matches!(
        opener,
        Err(CryptoError::KeyMismatch {
            sealed: 1,
            given: 2
        })
    ));
}

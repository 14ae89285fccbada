//! A sync record's sealed body: its stamped fields as JSON, zstd-compressed, sealed under the
//! vault key with the record's vault, table, id and clock as associated data; and the way
//! back from a change of the feed to its fields. Many records seal and open on every core.

use adiuva_crypto::{KeyId, PlainRecord, RecordContext, SealedRecord, VaultKey};
use adiuva_protocol::{Change, PushRecord};
use adiuva_store::sync_rows::SyncRecord;
use adiuva_sync::{Fields, Unopened};

use crate::{AppError, sync::SyncError, vault::system_rng};

/// Fewest records worth a thread of their own.
const PER_THREAD_AT_LEAST: usize = 256;

/// `work` over `items` cut in one part per core, the results in order. Sealing and opening
/// (JSON, zstd, XChaCha20-Poly1305) are independent per record and most of a large sync's
/// device time, so a many-core device need not do them one by one.
fn on_every_core<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&[T]) -> Result<Vec<R>, AppError> + Sync,
) -> Result<Vec<R>, AppError> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let part = items.len().div_ceil(cores).max(PER_THREAD_AT_LEAST);
    if items.len() <= part {
        return work(items);
    }
    std::thread::scope(|scope| {
        let running: Vec<_> = items
            .chunks(part)
            .map(|chunk| scope.spawn(|| work(chunk)))
            .collect();
        let mut all = Vec::with_capacity(items.len());
        for thread in running {
            let done = thread.join().map_err(|_| {
                SyncError::State("a thread sealing or opening records failed".to_owned())
            })?;
            all.extend(done?);
        }
        Ok(all)
    })
}

/// Seals pending records for a push, in order.
pub(crate) fn seal_records(
    pending: &[SyncRecord],
    key: &VaultKey,
    key_id: KeyId,
    vault_id: [u8; 16],
) -> Result<Vec<PushRecord>, AppError> {
    on_every_core(pending, |part| {
        let mut rng = system_rng();
        let mut compressor =
            zstd::bulk::Compressor::new(3).map_err(|e| SyncError::State(e.to_string()))?;
        part.iter()
            .map(|record| {
                let clock = adiuva_sync::newest_wall_ms(&record.fields)
                    .map_err(|e| SyncError::State(e.to_string()))?;
                let plain = PlainRecord::new(
                    context(vault_id, &record.table, &record.record_id, clock),
                    sealed_body(&mut compressor, &record.fields)?,
                );
                let sealed = plain.seal(key, key_id, &mut rng);
                Ok(PushRecord {
                    id: record.record_id.clone(),
                    table: record.table.clone(),
                    expected_version: record.server_version,
                    clock,
                    checksum: sealed.checksum(),
                    blob: sealed.envelope,
                })
            })
            .collect()
    })
}

/// A change that opened: its fields, and their JSON as it was sealed, which is what this
/// device keeps when it holds nothing to merge with (no second serialization).
pub(crate) struct Opened {
    pub fields: Fields,
    pub text: String,
}

/// Opens changes of the feed, each as [`open_change`] does, in order.
pub(crate) fn open_changes(
    changes: &[Change],
    key: &VaultKey,
    key_id: KeyId,
    vault_id: [u8; 16],
) -> Result<Vec<Result<Opened, Unopened>>, AppError> {
    on_every_core(changes, |part| {
        let mut decompressor =
            zstd::bulk::Decompressor::new().map_err(|e| SyncError::State(e.to_string()))?;
        Ok(part
            .iter()
            .map(|change| open_change(&mut decompressor, change, key, key_id, vault_id))
            .collect())
    })
}

pub(crate) fn context(vault_id: [u8; 16], table: &str, id: &str, clock: u64) -> RecordContext {
    RecordContext {
        vault_id,
        table: table.to_owned(),
        record_id: id.to_owned(),
        clock,
    }
}

/// Marks a sealed body compressed with zstd. An uncompressed body is JSON and starts with `{`.
pub(crate) const ZSTD_BODY: u8 = b'Z';

/// What a record's stamped fields are sealed as: their JSON compressed (field names and
/// stamps repeat, so a task's fields shrink to about a third on the wire and on the server).
/// One compressor serves a whole push: setting up a context per record cost more than
/// compressing a task's few hundred bytes.
pub(crate) fn sealed_body(
    compressor: &mut zstd::bulk::Compressor<'_>,
    fields: &str,
) -> Result<Vec<u8>, AppError> {
    let compressed = compressor
        .compress(fields.as_bytes())
        .map_err(|e| SyncError::State(e.to_string()))?;
    let mut body = Vec::with_capacity(compressed.len() + 1);
    body.push(ZSTD_BODY);
    body.extend(compressed);
    Ok(body)
}

/// The largest body decompressed in one piece by its declared size; anything larger (or
/// without a declared size, as sealed before bodies declared it) streams.
const BODY_IN_ONE_PIECE: u64 = 16 * 1024 * 1024;

/// The JSON of an opened body, compressed or (as sealed before compression) not. One
/// decompressor serves a whole pull, as one compressor serves a push.
pub(crate) fn body_json<'a>(
    decompressor: &mut zstd::bulk::Decompressor<'_>,
    body: &'a [u8],
) -> std::io::Result<std::borrow::Cow<'a, [u8]>> {
    let Some((&ZSTD_BODY, compressed)) = body.split_first() else {
        return Ok(body.into());
    };
    match zstd::zstd_safe::get_frame_content_size(compressed) {
        Ok(Some(size)) if size <= BODY_IN_ONE_PIECE => Ok(decompressor
            .decompress(compressed, usize::try_from(size).unwrap_or_default())?
            .into()),
        _ => Ok(zstd::decode_all(compressed)?.into()),
    }
}

/// Opens one change: its blob must authenticate under this vault, table, id and clock.
pub(crate) fn open_change(
    decompressor: &mut zstd::bulk::Decompressor<'_>,
    change: &Change,
    key: &VaultKey,
    key_id: KeyId,
    vault_id: [u8; 16],
) -> Result<Opened, Unopened> {
    let blob = change.blob.clone().ok_or(Unopened::NoBlob)?;
    let sealed = SealedRecord {
        context: context(vault_id, &change.table, &change.id, change.clock),
        envelope: blob,
    };
    let plain = sealed
        .open(key, key_id)
        .map_err(|e| Unopened::Sealed(e.to_string()))?;
    let json =
        body_json(decompressor, &plain.body).map_err(|e| Unopened::NotARecord(e.to_string()))?;
    let text =
        String::from_utf8(json.into_owned()).map_err(|e| Unopened::NotARecord(e.to_string()))?;
    let fields = serde_json::from_str(&text).map_err(|e| Unopened::NotARecord(e.to_string()))?;
    Ok(Opened { fields, text })
}

#[cfg(test)]
mod tests {
    use super::{ZSTD_BODY, body_json, sealed_body};

    #[test]
    fn bodies_open_whether_compressed_by_a_push_by_a_stream_or_not_at_all() {
        let fields = r#"{"title":{"value":"Repot the fern","stamp":[1,2,3]}}"#;
        let mut compressor = zstd::bulk::Compressor::new(3).unwrap();
        let mut decompressor = zstd::bulk::Decompressor::new().unwrap();
        for _ in 0..2 {
            let pushed = sealed_body(&mut compressor, fields).unwrap();
            assert_eq!(pushed[0], ZSTD_BODY);
            let json = body_json(&mut decompressor, &pushed).unwrap();
            assert_eq!(&*json, fields.as_bytes(), "the reused contexts start clean");
        }
        // Sealed by an earlier version: a streamed frame, which declares no size.
        let mut streamed = vec![ZSTD_BODY];
        streamed.extend(zstd::encode_all(fields.as_bytes(), 3).unwrap());
        let json = body_json(&mut decompressor, &streamed).unwrap();
        assert_eq!(&*json, fields.as_bytes());
        // Sealed before bodies were compressed.
        let json = body_json(&mut decompressor, fields.as_bytes()).unwrap();
        assert_eq!(&*json, fields.as_bytes());
        assert!(body_json(&mut decompressor, &[ZSTD_BODY, 1, 2, 3]).is_err());
    }
}

//! A note's text as a Loro text CRDT inside its sync record, so two devices' offline edits of
//! one note both survive the merge instead of one replacing the other.
//!
//! Loro, not Automerge, by measurement on a 100 KB note (200 concurrent edits per side, this
//! machine, release build): open 0.2 ms against 50–75 ms, merge 1–1.5 ms against 35–42 ms,
//! update 1.7 KB against 20 KB; snapshots compressed with zstd are the same size (73 KB).
//!
//! The note row keeps plain markdown (search, the UI); only the sync record holds the
//! document. Its field value is `{"text": …, "crdt": base64(zstd(Loro snapshot))}`. Edits
//! made here are folded in at capture time as the diff from the last captured text.

use adiuva_sync::Join;
use base64::{Engine, engine::general_purpose::STANDARD};
use loro::{ExportMode, LoroDoc, UpdateOptions};
use serde_json::{Value, json};

/// The notes column carried as a document.
pub(crate) const FIELD: &str = "content";
const CONTAINER: &str = "text";
/// zstd level: the documents are small; level 3 already halves them.
const LEVEL: i32 = 3;

/// Joins the text documents of a note's `content` field.
pub(crate) struct NoteText;

/// How the fields of `table` join.
pub(crate) fn join_for(table: &str) -> &'static dyn Join {
    if table == "notes" {
        &NoteText
    } else {
        &adiuva_sync::NoJoin
    }
}

/// The plain text a field value stands for: the text of a document, or the value itself.
pub(crate) fn text_of(value: &Value) -> Option<&str> {
    match value {
        Value::Object(map) => map.get("text").and_then(Value::as_str),
        other => other.as_str(),
    }
}

/// A document holding `text` as its first version. Every device builds the same one from the
/// same text (its operations carry a peer id derived from the text), so two devices that
/// start from a note synced before documents existed share that history instead of each
/// inserting the whole text again.
fn genesis(text: &str) -> Option<LoroDoc> {
    let digest = adiuva_crypto::checksum(text.as_bytes());
    let peer = u64::from_str_radix(&digest[..16], 16).ok()? >> 1;
    let doc = LoroDoc::new();
    doc.set_peer_id(peer).ok()?;
    doc.get_text(CONTAINER).insert(0, text).ok()?;
    doc.commit();
    Some(doc)
}

/// The document a field value holds; a plain string is the genesis of its text.
fn load(value: &Value) -> Option<LoroDoc> {
    match value {
        Value::String(text) => genesis(text),
        Value::Object(map) => {
            let encoded = map.get("crdt")?.as_str()?;
            let compressed = STANDARD.decode(encoded).ok()?;
            let snapshot = zstd::decode_all(compressed.as_slice()).ok()?;
            LoroDoc::from_snapshot(&snapshot).ok()
        }
        _ => None,
    }
}

fn store(doc: &LoroDoc) -> Option<Value> {
    let snapshot = doc.export(ExportMode::Snapshot).ok()?;
    let compressed = zstd::encode_all(snapshot.as_slice(), LEVEL).ok()?;
    Some(json!({
        "text": doc.get_text(CONTAINER).to_string(),
        "crdt": STANDARD.encode(compressed),
    }))
}

/// The field value after this device changed the text to `text`: the previous document with
/// the difference applied under `peer`, a fresh random id for this edit (a restored backup
/// must never reissue operation ids the other devices already hold).
pub(crate) fn edit(previous: Option<&Value>, text: &str, peer: u64) -> Value {
    let doc = previous
        .and_then(load)
        .or_else(|| genesis(previous.and_then(text_of).unwrap_or_default()));
    let edited = doc.and_then(|doc| {
        doc.set_peer_id(peer >> 1).ok()?;
        doc.get_text(CONTAINER)
            .update(text, UpdateOptions::default())
            .ok()?;
        doc.commit();
        store(&doc)
    });
    // A document that cannot be built leaves the plain text, merged last-writer-wins.
    edited.unwrap_or_else(|| Value::from(text))
}

impl Join for NoteText {
    fn joins(&self, field: &str) -> bool {
        field == FIELD
    }

    fn join(&self, _: &str, a: &Value, b: &Value) -> Option<Value> {
        let doc = load(a)?;
        let theirs = load(b)?;
        let before = doc.oplog_vv();
        doc.import(&theirs.export(ExportMode::Snapshot).ok()?)
            .ok()?;
        let after = doc.oplog_vv();
        if after == before {
            return Some(a.clone());
        }
        if after == theirs.oplog_vv() {
            return Some(b.clone());
        }
        store(&doc)
    }
}
